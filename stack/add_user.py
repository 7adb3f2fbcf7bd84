"""Create a CKAN user whose password comes on stdin, never on a command line (`ps` shows those).

    python stack/add_user.py CKAN_INI NAME EMAIL < password-file

What `ckan user add NAME email=... password=...` does (user_create as the site user, inside a
request context), minus the password argument; `ckan user add` without one prompts through
getpass, which reads the terminal rather than stdin.
"""
from __future__ import annotations

import sys

from ckan.cli import load_config
from ckan.config.middleware import make_app


def dgplan_add_user(ini: str, name: str, email: str, password: str) -> str:
    """Create the user; returns its name. Raises CKAN's ValidationError (e.g. a weak password)."""
    import ckan.logic as logic

    app = make_app(load_config(ini))
    with app._wsgi_app.test_request_context():
        site_user = logic.get_action("get_site_user")({"ignore_auth": True}, {})
        user = logic.get_action("user_create")(
            {"ignore_auth": True, "user": site_user["name"]},
            {"name": name, "email": email, "password": password})
    return user["name"]


def main(argv: list[str]) -> int:
    if len(argv) != 4:
        print(__doc__, file=sys.stderr)
        return 2
    password = sys.stdin.readline().rstrip("\r\n")
    if not password:
        print("no password on stdin", file=sys.stderr)
        return 2
    import ckan.logic as logic

    try:
        print(f"Created user {dgplan_add_user(argv[1], argv[2], argv[3], password)}")
    except logic.ValidationError as err:
        print(f"user_create failed: {err.error_dict}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

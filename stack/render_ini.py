"""Write ckan.ini from stack/ckan.ini.template and the DGPLAN_* environment.

Secrets are generated once and kept in var/secrets.env so that sessions and API tokens survive a
re-render; nothing else in the generated file is meant to be edited by hand.
"""
from __future__ import annotations

import os
import secrets
import string
import sys
from pathlib import Path

SCHEMAS = ("ckanext.dgplan:schemas/dgplan_dataset.yaml ckanext.dgplan:schemas/dgplan_kpi.yaml "
           "ckanext.dgplan:schemas/dgplan_project.yaml")
PRESETS = "ckanext.dgplan:schemas/dgplan_presets.yaml ckanext.dgplan:schemas/dgplan_plan_presets.yaml"


def _secrets(var: Path) -> dict[str, str]:
    path = var / "secrets.env"
    values: dict[str, str] = {}
    if path.exists():
        for line in path.read_text().splitlines():
            key, _, value = line.partition("=")
            values[key] = value
    changed = False
    for key in ("DGPLAN_SECRET", "DGPLAN_JWT_SECRET"):
        if not values.get(key):
            values[key] = secrets.token_urlsafe(32)
            changed = True
    if changed:
        path.write_text("".join(f"{k}={v}\n" for k, v in values.items()))
        path.chmod(0o600)
    return values


def main(template: str, target: str) -> None:
    var = Path(os.environ["DGPLAN_VAR"])
    env = dict(os.environ)
    env.update(_secrets(var))
    env.setdefault("DGPLAN_SCHEMAS", SCHEMAS)
    env.setdefault("DGPLAN_PRESETS", PRESETS)
    # SolrCloud's configset soft-commits every second; a commit per write would only slow indexing.
    env.setdefault("DGPLAN_SOLR_COMMIT", "false" if env.get("DGPLAN_SOLR_MODE") == "cloud" else "true")
    # ckanext-xloader's token exists only after the database and the sysadmin do: the first render
    # says NOT_SET (xloader then refuses to submit), the render after ensure_xloader_token has it.
    token = var / "xloader.token"
    env.setdefault("DGPLAN_XLOADER_TOKEN", token.read_text().strip() if token.exists() else "NOT_SET")
    text = string.Template(Path(template).read_text()).substitute(env)
    Path(target).write_text(text)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])

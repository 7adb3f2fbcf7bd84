"""Issue 16, fault 3: dgplan's forms refuse cross-site POSTs from a logged-in browser.

CKAN 2.11 exempts extension blueprints from CSRF checks unless
``ckan.csrf_protection.ignore_extensions = false``. The app here is built with the CSRF settings
of the ini ``make serve`` renders from stack/ckan.ini.template (test.ini switches CSRF off for the
other tests), and the user logs in through the login form, so requests carry a session cookie,
as a browser's would; API tokens (which are exempt from CSRF, rightly) are not used here.
"""
from __future__ import annotations

import configparser
import io
import re
from pathlib import Path
from typing import Any

import ckan
import pytest
from ckan.common import asbool
from ckan.tests import factories, helpers

from .kpi_support import kpi_dataset, kpi_marks, roles  # noqa: F401
from .test_stack import render_stack_ini

pytestmark = kpi_marks
PASSWORD = "Csrf-Test-Passw0rd"
FOREIGN = {"Origin": "http://evil.example", "Referer": "http://evil.example/attack.html"}
CSV = b"kpi_code,fiscal_year_be,value\nKPI-EGDI-RANK,2569,45\n"
FIELD = "_csrf_token"  # CKAN's WTF_CSRF_FIELD_NAME
_TOKEN = re.compile(rf'name="{FIELD}"[^>]*value="([^"]+)"|<meta name="{FIELD}" content="([^"]+)"')


def _served_csrf_settings(tmp_path: Path) -> dict[str, bool]:
    """The CSRF switches of the ini that ``make serve`` renders (CKAN's defaults where unset)."""
    parser = configparser.RawConfigParser(strict=False)
    parser.read(render_stack_ini(tmp_path), encoding="utf-8")
    main = parser["app:main"]
    return {
        "WTF_CSRF_ENABLED": asbool(main.get("WTF_CSRF_ENABLED", "true")),
        "ckan.csrf_protection.ignore_extensions": asbool(main.get("ckan.csrf_protection.ignore_extensions", "true")),
    }


@pytest.fixture
def served_app(ckan_config: Any, monkeypatch: pytest.MonkeyPatch, make_app: Any, tmp_path: Path) -> Any:
    """The test app with the served ini's CSRF settings (test.ini's ``WTF_CSRF_ENABLED = false`` undone)."""
    for key, value in _served_csrf_settings(tmp_path).items():
        monkeypatch.setitem(ckan_config, key, value)
    return make_app()


def _token(body: str) -> str:
    match = _TOKEN.search(body)
    assert match, "the page carries no CSRF token"
    return match.group(1) or match.group(2)


def _browser(app: Any, name: str) -> Any:
    """A client with a cookie jar, logged in through the login form (its own CSRF token included)."""
    client = app.test_client()
    page = client.get("/user/login")
    resp = client.post("/user/login", data={"login": name, "password": PASSWORD, FIELD: _token(page.body)})
    assert resp.status_code == 200 and "/user/login" not in resp.request.path, "logging in failed"
    return client


def _rows_2569() -> list[dict[str, Any]]:
    series = helpers.call_action("dgplan_kpi_show", id="KPI-EGDI-RANK")["series"]
    return [row for row in series if str(row.get("fiscal_year_be")) == "2569"]


@pytest.fixture
def editor(roles: dict[str, Any]) -> dict[str, Any]:
    user = factories.User(password=PASSWORD)
    helpers.call_action("organization_member_create", {"ignore_auth": True},
                        id=roles["dga"]["id"], username=user["name"], role="editor")
    kpi_dataset(roles["dga"])
    return user


def test_served_ini_checks_csrf_on_extension_forms(tmp_path: Path) -> None:
    settings = _served_csrf_settings(tmp_path)
    assert settings["WTF_CSRF_ENABLED"] is True
    assert settings["ckan.csrf_protection.ignore_extensions"] is False


def test_import_without_token_is_refused_and_writes_nothing(served_app: Any, editor: dict[str, Any]) -> None:
    client = _browser(served_app, editor["name"])
    resp = client.post("/en/plan/import", headers=FOREIGN, follow_redirects=False,
                       data={"kind": "kpis", "upload": (io.BytesIO(CSV), "v.csv")})
    assert resp.status_code in (400, 403), resp.status_code
    assert _rows_2569() == []


def test_import_with_token_is_accepted(served_app: Any, editor: dict[str, Any]) -> None:
    client = _browser(served_app, editor["name"])
    page = client.get("/en/plan/import")
    assert page.status_code == 200
    form = page.body[page.body.index('class="dgplan-import-form"'):]
    token = _token(form[:form.index("</form>")])  # the form itself carries the token
    bad = client.post("/en/plan/import", data={
        "kind": "kpis", FIELD: token, "upload": (io.BytesIO(CSV.replace(b"45", b"abc")), "v.csv")})
    assert bad.status_code == 200 and "Row 2, column value" in bad.body
    # The answer page's form carries a token that works for the next upload, as in a browser.
    resp = client.post("/en/plan/import", data={
        "kind": "kpis", FIELD: _token(bad.body[bad.body.index('class="dgplan-import-form"'):]),
        "upload": (io.BytesIO(CSV), "v.csv")})
    assert resp.status_code == 200, resp.body[-3000:]
    assert "new rows: 1" in resp.body
    assert len(_rows_2569()) == 1


# CKAN 2.12.0 calls ``csrf.exempt(view)`` once any request reaches a view with an API token in the
# Authorization header, and the exemption then holds for every later request in the process: the
# fault 2.11.5 fixed (README: why 2.11.6 stays the default). Strict, so a fixed 2.12 is noticed.
@pytest.mark.xfail(ckan.__version__ == "2.12.0", strict=True,
                   reason="CKAN 2.12.0 exempts a view from CSRF checks process-wide after one token request")
def test_suggest_from_the_page_needs_the_header_token(served_app: Any, editor: dict[str, Any]) -> None:
    """dgplan-suggest POSTs through CKAN's JS client, which sends the page's token as X-CSRFToken."""
    client = _browser(served_app, editor["name"])
    meta = _token(client.get("/dataset/new").body)
    body = {"title": "สถิติการใช้อินเทอร์เน็ตของครัวเรือน", "notes": "", "limit": 3}
    refused = client.post("/api/3/action/dgplan_tag_suggest", json=body, headers=FOREIGN)
    assert refused.status_code in (400, 403)
    ok = client.post("/api/3/action/dgplan_tag_suggest", json=body, headers={"X-CSRFToken": meta})
    assert ok.status_code == 200 and ok.json["success"] is True

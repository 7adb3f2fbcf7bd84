"""Private data: a private dataset and a private KPI's values appear nowhere for anonymous users
and for another agency's editor (search, facets, plan pages, downloads by direct URL)."""
from __future__ import annotations

from typing import Any, Optional
from urllib.parse import quote

import pytest

from .conftest import PRIVATE_CSV, PRIVATE_KPI, PRIVATE_KPI_VALUE, PRIVATE_TITLE, SEARCH_WORD, Api, Steps, login

pytestmark = pytest.mark.browser

PRIVATE_NAME = "secret-internet-register"


def _private_urls(portal: dict[str, Any]) -> dict[str, str]:
    """Direct addresses of the private things, as the owner knows them."""
    api = Api(portal["token"])
    res = portal["private_resource"]
    kpi = api("package_show", id=PRIVATE_KPI.lower())
    urls = {
        "dataset": f"/dataset/{PRIVATE_NAME}",
        "dataset by id": f"/dataset/{portal['private']['id']}",
        "resource page": f"/dataset/{PRIVATE_NAME}/resource/{res['id']}",
        "resource file": res["url"],
        "dataset API": f"/api/3/action/package_show?id={PRIVATE_NAME}",
        "KPI page": f"/plan/kpi/{PRIVATE_KPI}",
        "KPI CSV": f"/plan/kpi/{PRIVATE_KPI}.csv",
        "KPI XLSX": f"/plan/kpi/{PRIVATE_KPI}.xlsx",
        "KPI JSON": f"/plan/kpi/{PRIVATE_KPI}.json",
    }
    for r in kpi["resources"]:
        if r.get("datastore_active"):
            urls[f"KPI table dump {r['name']}"] = f"/datastore/dump/{r['id']}"
            urls[f"KPI table API {r['name']}"] = f"/api/3/action/datastore_search?resource_id={r['id']}"
    return urls


def _check_nothing_private(page: Any, steps: Steps, portal: dict[str, Any]) -> None:
    # Search: the word that finds the public datasets does not find the private one.
    for q in (SEARCH_WORD, "ทะเบียนลับ", PRIVATE_NAME):
        page.goto(f"/dataset/?q={quote(q)}")
        assert PRIVATE_TITLE not in page.content(), f"search {q!r} shows the private dataset"
    steps.shot("search")
    # Facets: G4 and S3 are used by the private dataset only.
    page.goto("/dataset/")
    for facet in ("dgplan_goals=G4", "dgplan_strategies=S3"):
        assert page.locator(f"a[href*='{facet}']").count() == 0, f"facet {facet} reveals the private dataset"
    page.goto("/dataset/?dgplan_strategies=S3")
    assert PRIVATE_TITLE not in page.content()
    steps.shot("facets")
    # Plan pages.
    for url in ("/plan", "/plan/goal/G4", "/plan/strategy/S3", "/plan/strategy/S1", "/plan/kpi",
                "/plan/coverage", "/plan/coverage.csv", "/plan.json"):
        resp = page.context.request.get(url)
        text = resp.text() if resp.ok else ""
        assert PRIVATE_TITLE not in text and PRIVATE_NAME not in text, f"{url} shows the private dataset"
        assert PRIVATE_KPI_VALUE not in text and PRIVATE_KPI_VALUE.rstrip("5") not in text, \
            f"{url} shows the private KPI's value"
    page.goto("/plan/strategy/S3")
    steps.shot("plan page")
    # Direct addresses.
    for what, url in _private_urls(portal).items():
        resp = page.context.request.get(url)
        body = resp.body()
        assert resp.status in (403, 404) or (resp.ok and url.startswith("/api/") and b'"success": false' in body), \
            f"{what} ({url}): HTTP {resp.status}"
        assert PRIVATE_CSV not in body and PRIVATE_KPI_VALUE.encode() not in body, f"{what} leaks private data"
    page.goto(f"/dataset/{PRIVATE_NAME}")
    steps.shot("direct url")


def test_the_owner_sees_the_private_data(portal: dict[str, Any], page: Any) -> None:
    """Control: the data exist and are visible to their agency, so the checks below are not vacuous."""
    login(page, "dga_editor")
    page.goto(f"/dataset/?q={quote(SEARCH_WORD)}")
    assert PRIVATE_TITLE in page.content()
    resp = page.context.request.get(portal["private_resource"]["url"])
    assert resp.ok and resp.body() == PRIVATE_CSV
    series = Api(portal["token"])("dgplan_kpi_show", id=PRIVATE_KPI)["series"]
    assert any(str(r.get("value")) == PRIVATE_KPI_VALUE for r in series), series


@pytest.mark.parametrize("user", [None, "nso_editor"], ids=["anonymous", "other-agency-editor"])
def test_private_data_appear_nowhere(portal: dict[str, Any], page: Any, user: Optional[str]) -> None:
    steps = Steps(page, f"private-{user or 'anonymous'}")
    if user:
        login(page, user)
    _check_nothing_private(page, steps, portal)
    print(f"private data journey ({user or 'anonymous'}): {steps.done():.1f} s")

"""Issue 16 (hardening), field slice: deeply nested JSON, budget overflow, immense titles and fields,
huge text sent to the anonymous tag suggestions. Every case must be a clear validation error (409 over
HTTP) or a correct answer, never a 500, and a refused dataset must leave nothing behind."""
from __future__ import annotations

import json
import math
import re
import time

import pytest
from ckan.tests import helpers

from ckanext.dgplan.store import kpi as kpi_store

from .kpi_support import kpi_dataset, kpi_marks, project_dataset, roles, token  # noqa: F401

pytestmark = kpi_marks

DEPTH = 100_000
#: 36,000 Thai characters (108,000 bytes in UTF-8): three times Lucene's 32,766-byte term limit.
LONG_THAI = ("สถิติประชากร" * 3000)[:36_000]


def _nested_list(depth: int) -> list:
    """``[[[...]]]`` ``depth`` deep, built without recursion."""
    inner: list = []
    for _ in range(depth - 1):
        inner = [inner]
    return inner


def _sysadmin(roles):
    return {"user": roles["sysadmin"]["name"], "ignore_auth": False}


def _errors(err: pytest.ExceptionInfo) -> dict:
    return err.value.error_dict


def _nothing_stored(roles, name: str) -> None:
    with pytest.raises(helpers.logic.NotFound):
        helpers.call_action("package_show", _sysadmin(roles), id=name)
    assert helpers.call_action("package_search", _sysadmin(roles), q=f"name:{name}",
                               include_private=True)["count"] == 0


# ------------------------------------------------------------------------------------------
# Fault 5: deeply nested JSON in a plan field
# ------------------------------------------------------------------------------------------

NESTED_FIELDS = [
    ("dgplan-project", "dgplan_goals"),
    ("dgplan-project", "dgplan_strategies"),
    ("dgplan-project", "dgplan_kpis"),
    ("dgplan-project", "dgplan_fiscal_years"),
    ("dgplan-kpi", "dgplan_targets"),
]


def _create(roles, dataset_type: str, name: str, **fields):
    if dataset_type == "dgplan-kpi":
        return kpi_dataset(roles["dga"], "KPI-EGDI-RANK", name=name, **fields)
    return project_dataset(roles["dga"], name, **fields)


@pytest.mark.parametrize("as_string", [True, False], ids=["json-string", "nested-list"])
@pytest.mark.parametrize("dataset_type,field", NESTED_FIELDS)
def test_deeply_nested_json_is_refused_on_create(roles, dataset_type, field, as_string):
    value = "[" * DEPTH + "]" * DEPTH if as_string else _nested_list(DEPTH)
    with pytest.raises(helpers.logic.ValidationError) as err:
        _create(roles, dataset_type, "nested-x", **{field: value})
    message = " ".join(_errors(err)[field])
    assert "ซ้อนกันลึกเกิน" in message and "nested deeper than 5 levels" in message
    _nothing_stored(roles, "nested-x")


@pytest.mark.parametrize("as_string", [True, False], ids=["json-string", "nested-list"])
def test_deeply_nested_json_is_refused_on_update(roles, as_string):
    pkg = project_dataset(roles["dga"], "proj-nested", dgplan_goals=["G1"])
    value = "[" * DEPTH + "]" * DEPTH if as_string else _nested_list(DEPTH)
    with pytest.raises(helpers.logic.ValidationError) as err:
        helpers.call_action("package_patch", _sysadmin(roles), id=pkg["id"], dgplan_goals=value)
    assert "nested deeper than 5 levels" in " ".join(_errors(err)["dgplan_goals"])
    assert helpers.call_action("package_show", _sysadmin(roles), id=pkg["id"])["dgplan_goals"] == ["G1"]


def test_shallow_nesting_still_works(roles):
    pkg = project_dataset(roles["dga"], "proj-shallow", dgplan_goals='["G1", "G3"]',
                          dgplan_fiscal_years="[2567, 2568]")
    assert pkg["dgplan_goals"] == ["G1", "G3"] and pkg["dgplan_fiscal_years"] == [2567, 2568]
    kpi = kpi_dataset(roles["dga"], dgplan_targets='[{"year_be": 2570, "value": 40}]')
    assert kpi["dgplan_targets"] == {"2570": 40.0}
    # A nested list among codes is not a code.
    with pytest.raises(helpers.logic.ValidationError) as err:
        project_dataset(roles["dga"], "proj-inner", dgplan_goals='["G1", ["G2"]]')
    assert "dgplan_goals" in _errors(err)


def test_deeply_nested_json_over_http_is_409(app, roles):
    body = json.dumps({"type": "dgplan-project", "name": "nested-http", "title": "โครงการ",
                       "owner_org": roles["dga"]["id"], "dgplan_project_status": "ongoing",
                       "dgplan_goals": "[" * DEPTH + "]" * DEPTH})
    response = app.post("/api/3/action/package_create", data=body, status=409,
                        headers={**token(roles["sysadmin"]), "Content-Type": "application/json"})
    assert "nested deeper than" in " ".join(response.json["error"]["dgplan_goals"])
    _nothing_stored(roles, "nested-http")


@pytest.mark.parametrize("as_form", [False, True], ids=["json", "form"])
def test_deeply_nested_request_body_is_400_not_500(app, roles, as_form):
    """The body itself nested 5,000 deep (not a field's text): CKAN's decoder would raise
    RecursionError, which its API view does not catch."""
    body = '{"name": "nested-body", "title": ' + "[" * 5000 + "]" * 5000 + "}"
    headers = {**token(roles["sysadmin"]),
               "Content-Type": "application/x-www-form-urlencoded" if as_form else "application/json"}
    if as_form:
        from urllib.parse import quote
        body = quote(body) + "=1"
    response = app.post("/api/3/action/package_create", data=body, status=400, headers=headers)
    message = response.json["error"]["message"]
    assert "ซ้อนกันลึกเกิน" in message and "nested too deeply" in message
    _nothing_stored(roles, "nested-body")


def test_a_shallow_body_with_many_brackets_is_accepted(app, roles):
    """Hundreds of resources (more brackets than the count that triggers the depth check) still work."""
    body = json.dumps({"type": "dgplan-project", "name": "many-brackets", "title": "โครงการหลายไฟล์",
                       "owner_org": roles["dga"]["id"], "dgplan_project_status": "ongoing",
                       "resources": [{"url": f"https://example.org/{i}.csv", "name": f"ไฟล์ {i}"}
                                     for i in range(520)]})
    response = app.post("/api/3/action/package_create", data=body, status=200,
                        headers={**token(roles["sysadmin"]), "Content-Type": "application/json"})
    assert len(response.json["result"]["resources"]) == 520

# ------------------------------------------------------------------------------------------
# Fault 6: budgets that overflow a float sum
# ------------------------------------------------------------------------------------------


def _budget_rows(roles, pkg, rows):
    """Write budget rows straight into the DataStore, as data written before the limit existed."""
    kpi_store.write_rows(_sysadmin(roles), pkg, "project_budget",
                         [{"project": pkg["name"], "fiscal_year_be": year, "budget_baht": amount}
                          for year, amount in rows])


def test_budget_summary_over_stored_huge_values(app, roles):
    big_a = project_dataset(roles["dga"], "proj-big-a", dgplan_strategies=["S4"])
    big_b = project_dataset(roles["dga"], "proj-big-b", dgplan_strategies=["S4"])
    fine = project_dataset(roles["dga"], "proj-fine", dgplan_strategies=["S4"])
    _budget_rows(roles, big_a, [(2567, 1e308)])
    _budget_rows(roles, big_b, [(2567, 1.7e308)])
    _budget_rows(roles, fine, [(2567, 0.1), (2568, 0.2)])
    response = app.get("/api/3/action/dgplan_budget_summary", status=200)
    summary = response.json["result"]
    assert "Infinity" not in response.body and "NaN" not in response.body
    cells = {(c["strategy"], c["fiscal_year_be"]): c["budget_baht"] for c in summary["cells"]}
    assert cells == {("S4", 2567): 0.1, ("S4", 2568): 0.2}
    assert all(math.isfinite(t["budget_baht"]) for t in summary["totals"])
    assert summary["skipped"] == [
        {"project": "proj-big-a", "fiscal_year_be": 2567, "budget_baht": "1E+308"},
        {"project": "proj-big-b", "fiscal_year_be": 2567, "budget_baht": "1.7E+308"},
    ]
    assert summary["max_budget_baht"] == 10_000_000_000_000
    for path in ("/plan", "/en/plan"):
        page = app.get(path, status=200).body
        section = page[page.index('class="dgplan-budget"'):]
        section = section[:section.index("</section>")]
        assert not re.search(r"\b(nan|inf|infinity)\b", section, re.IGNORECASE)
    assert "2 " in section and "10,000,000" in section  # the note on figures left out states the limit


def test_budget_sums_are_exact_decimals(roles):
    a = project_dataset(roles["dga"], "proj-dec-a", dgplan_strategies=["S4"])
    b = project_dataset(roles["dga"], "proj-dec-b", dgplan_strategies=["S4"])
    _budget_rows(roles, a, [(2567, 0.1)])
    _budget_rows(roles, b, [(2567, 0.2)])
    summary = helpers.call_action("dgplan_budget_summary", {"user": "", "ignore_auth": False})
    assert summary["cells"][0]["budget_baht"] == 0.3  # a float sum gives 0.30000000000000004
    assert summary["totals"][0]["budget_baht"] == 0.3 and summary["skipped"] == []


# ------------------------------------------------------------------------------------------
# Fault 7: immense titles and text fields
# ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("dataset_type", ["dgplan-project", "dgplan-kpi"])
def test_long_thai_title_is_refused(roles, dataset_type):
    with pytest.raises(helpers.logic.ValidationError) as err:
        _create(roles, dataset_type, "long-title", title=LONG_THAI)
    message = " ".join(_errors(err)["title"])
    assert "500 ตัวอักษร" in message and "longer than 500 characters" in message
    _nothing_stored(roles, "long-title")


def test_long_thai_title_gd_catalog_dataset_over_http_is_409(app, roles):
    body = json.dumps({"name": "long-gdc", "title": LONG_THAI, "owner_org": roles["dga"]["id"]})
    response = app.post("/api/3/action/package_create", data=body, status=409,
                        headers={**token(roles["sysadmin"]), "Content-Type": "application/json"})
    assert "longer than 500 characters" in " ".join(response.json["error"]["title"])
    _nothing_stored(roles, "long-gdc")


@pytest.mark.parametrize("field", ["dgplan_outputs", "dgplan_title_en", "dgplan_supporting_agencies",
                                   "license_id", "notes"])
def test_long_text_field_is_refused(roles, field):
    value = LONG_THAI if field != "notes" else "ข้อมูล " * 4000  # notes: 28,000 characters
    with pytest.raises(helpers.logic.ValidationError) as err:
        project_dataset(roles["dga"], "long-field", **{field: value})
    message = " ".join(_errors(err)[field])
    assert "longer than" in message and "ยาวเกิน" in message
    _nothing_stored(roles, "long-field")


def test_long_resource_url_is_refused(roles):
    resources = [{"name": "r", "url": "https://example.org/" + "ก" * 12_000}]
    with pytest.raises(helpers.logic.ValidationError) as err:
        project_dataset(roles["dga"], "long-url", resources=resources)
    assert "longer than" in json.dumps(_errors(err), ensure_ascii=False)
    _nothing_stored(roles, "long-url")


def test_text_at_the_limits_is_kept(roles):
    title = LONG_THAI[:500]
    pkg = project_dataset(roles["dga"], "at-limit", title=title, dgplan_outputs=LONG_THAI[:8000],
                          notes="ข้อมูล" * 3333)
    assert pkg["title"] == title and len(pkg["dgplan_outputs"]) == 8000


@pytest.mark.ckan_config("ckanext.dgplan.text.title_max_chars", "20")
def test_title_limit_is_configurable(roles):
    with pytest.raises(helpers.logic.ValidationError) as err:
        project_dataset(roles["dga"], "short-limit", title="ก" * 21)
    assert "longer than 20 characters" in " ".join(_errors(err)["title"])


# ------------------------------------------------------------------------------------------
# Fault 10 (part): huge text sent to the anonymous tag suggestions
# ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("param", ["title", "notes"])
def test_tag_suggest_refuses_huge_text_fast(app, param):
    text = "การพัฒนารัฐบาลดิจิทัล " * 19_000  # 1.22 MB in UTF-8
    assert len(text.encode("utf-8")) > 1_200_000
    started = time.perf_counter()
    response = app.post("/api/3/action/dgplan_tag_suggest", json={param: text}, status=409)
    elapsed = time.perf_counter() - started
    message = " ".join(response.json["error"][param])
    assert "5,000" in message and "ยาวเกิน" in message and "longer than" in message
    assert elapsed < 1.0, elapsed


def test_tag_suggest_under_the_limit_still_answers(app):
    response = app.get("/api/3/action/dgplan_tag_suggest",
                       query_string={"title": "สถิติการใช้บริการภาครัฐออนไลน์" + " ข้อมูล" * 600})
    assert response.json["success"] is True

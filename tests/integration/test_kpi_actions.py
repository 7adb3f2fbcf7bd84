"""The KPI and project actions for each role: anonymous, another organization's editor, the
owning organization's editor and admin, sysadmin; private KPIs invisible to outsiders."""
from __future__ import annotations

import pytest
from ckan.tests import helpers

from .kpi_support import Upload, kpi_dataset, kpi_marks, project_dataset, roles  # noqa: F401

pytestmark = kpi_marks

CSV = "kpi_code,fiscal_year_be,value\nKPI-EGDI-RANK,2565,55\nKPI-EGDI-RANK,2567,52\n"


def _as(user: str) -> dict:
    """A context that checks ``user``'s rights, as a web request would."""
    return {"user": user, "ignore_auth": False}


def _import(user, text=CSV, action="dgplan_kpi_import", filename="values.csv"):
    return helpers.call_action(action, _as(user), upload=Upload(text.encode("utf-8"), filename))


@pytest.fixture
def published(roles):
    public = kpi_dataset(roles["dga"])
    private = kpi_dataset(roles["dga"], "KPI-EGDI-SCORE", private=True, dgplan_unit="ดัชนี 0-1",
                          dgplan_direction="higher", dgplan_baseline_value="0.766", dgplan_targets="2570: 0.82")
    _import(roles["sysadmin"]["name"], CSV + "KPI-EGDI-SCORE,2567,0.8351\n")
    return {"public": public, "private": private, **roles}


@pytest.mark.parametrize("who", ["", "other_editor", "dga_editor", "sysadmin"])
def test_reads_for_every_role(published, who):
    user = published[who]["name"] if who else ""
    kpis = helpers.call_action("dgplan_kpi_list", _as(user))
    codes = [k["code"] for k in kpis]
    insider = who in ("dga_editor", "sysadmin")
    assert codes == (["KPI-EGDI-RANK", "KPI-EGDI-SCORE"] if insider else ["KPI-EGDI-RANK"])
    shown = helpers.call_action("dgplan_kpi_show", _as(user), id="KPI-EGDI-RANK")
    assert [r["value"] for r in shown["series"]] == [55, 52]
    assert shown["status"]["status"] == "off_track"
    if insider:
        score = helpers.call_action("dgplan_kpi_show", _as(user), id="kpi-egdi-score")
        assert score["status"]["status"] == "achieved"  # 0.8351 >= 0.82
    else:
        with pytest.raises(helpers.logic.NotFound):
            helpers.call_action("dgplan_kpi_show", _as(user), id="KPI-EGDI-SCORE")
    coverage = {k["code"]: k for k in helpers.call_action("dgplan_coverage_show", _as(user))["kpis"]}
    assert coverage["KPI-EGDI-RANK"]["has_data"] and coverage["KPI-EGDI-RANK"]["latest_year_be"] == 2567
    assert coverage["KPI-EGDI-SCORE"]["has_data"] is insider
    assert coverage["KPI-IMD-GOV-EFF"]["dataset"] is None


def test_private_rows_invisible_through_datastore(published):
    resource_id = helpers.call_action("dgplan_kpi_show", _as(published["sysadmin"]["name"]),
                                      id="KPI-EGDI-SCORE")["resource_id"]
    with pytest.raises(helpers.logic.NotAuthorized):
        helpers.call_action("datastore_search", _as(published["other_editor"]["name"]),
                            resource_id=resource_id)


def test_kpi_list_filters(published):
    user = published["sysadmin"]["name"]
    assert [k["code"] for k in helpers.call_action("dgplan_kpi_list", _as(user), status="achieved")] == \
        ["KPI-EGDI-SCORE"]
    assert helpers.call_action("dgplan_kpi_list", _as(user), agency="other-agency") == []
    assert helpers.call_action("dgplan_kpi_list", _as(user), strategy="S4") == []  # cross-cutting KPIs
    with pytest.raises(helpers.logic.ValidationError) as err:
        helpers.call_action("dgplan_kpi_list", _as(user), status="bad")
    assert "ไม่ถูกต้อง" in err.value.error_dict["status"][0] and "Unknown status" in err.value.error_dict["status"][0]
    with pytest.raises(helpers.logic.ValidationError):
        helpers.call_action("dgplan_kpi_list", _as(user), goal="G9")


@pytest.mark.parametrize("who, allowed", [
    ("other_editor", False), ("member", False), ("dga_editor", True), ("dga_admin", True), ("sysadmin", True),
])
def test_import_permissions(published, who, allowed):
    text = "kpi_code,fiscal_year_be,value\nKPI-EGDI-RANK,2569,47\n"
    if allowed:
        assert _import(published[who]["name"], text)["inserted"] == 1
        rows = helpers.call_action("dgplan_kpi_show", _as(""), id="KPI-EGDI-RANK")["series"]
        assert rows[-1]["reported_by"] == published[who]["name"]
    else:
        with pytest.raises(helpers.logic.ValidationError) as err:
            _import(published[who]["name"], text)
        message = " ".join(err.value.error_dict["rows"])
        assert "แถว 2" in message and "Row 2, column kpi_code" in message
        assert len(helpers.call_action("dgplan_kpi_show", _as(""), id="KPI-EGDI-RANK")["series"]) == 2


def test_import_refused_to_anonymous(published):
    with pytest.raises(helpers.logic.NotAuthorized):
        helpers.call_action("dgplan_kpi_import", _as(""), upload=Upload(CSV.encode(), "v.csv"))


def test_private_kpi_cannot_be_written_by_outsiders(published):
    text = "kpi_code,fiscal_year_be,value\nKPI-EGDI-SCORE,2569,0.9\n"
    with pytest.raises(helpers.logic.ValidationError) as err:
        _import(published["other_editor"]["name"], text)
    # An outsider is not told that the private dataset exists.
    assert "no KPI dataset for KPI-EGDI-SCORE that you can see" in " ".join(err.value.error_dict["rows"])


def test_projects_budget_summary_and_roles(roles):
    project_dataset(roles["dga"], "proj-a", dgplan_strategies=["S4"])
    project_dataset(roles["dga"], "proj-b", dgplan_strategies=["S4", "S1"])
    project_dataset(roles["dga"], "proj-secret", private=True)
    text = ("project,fiscal_year_be,budget_baht,status,progress_percent\n"
            "proj-a,2567,\"1,000,000\",ongoing,๕๐\n"
            "proj-b,2567,๒๐๐๐๐๐๐,ongoing,10%\n"
            "proj-b,2568,3000000,completed,100\n")
    with pytest.raises(helpers.logic.ValidationError):
        _import(roles["other_editor"]["name"], text, "dgplan_project_import", "b.csv")
    summary = _import(roles["dga_editor"]["name"], text, "dgplan_project_import", "b.csv")
    assert summary["inserted"] == 3
    projects = {p["name"]: p for p in helpers.call_action("dgplan_project_list", _as(""))}
    assert set(projects) == {"proj-a", "proj-b"}
    assert projects["proj-b"]["status"] == "completed" and projects["proj-b"]["progress_percent"] == 100
    assert projects["proj-a"]["progress_percent"] == 50
    budget = helpers.call_action("dgplan_budget_summary", _as(""))
    cells = {(c["strategy"], c["fiscal_year_be"]): c["budget_baht"] for c in budget["cells"]}
    assert cells == {("S4", 2567): 3_000_000, ("S1", 2567): 2_000_000, ("S4", 2568): 3_000_000,
                     ("S1", 2568): 3_000_000}
    totals = {t["fiscal_year_be"]: t["budget_baht"] for t in budget["totals"]}
    assert totals == {2567: 3_000_000, 2568: 3_000_000}
    assert [p["name"] for p in helpers.call_action("dgplan_project_list", _as(""), strategy="S1")] == ["proj-b"]
    sysadmin = {p["name"] for p in helpers.call_action("dgplan_project_list", _as(roles["sysadmin"]["name"]))}
    assert "proj-secret" in sysadmin


def test_import_records_activity(published):
    from ckanext.activity.model import activity as activity_model  # noqa: F401

    activities = helpers.call_action("package_activity_list", _as(published["sysadmin"]["name"]),
                                     id=published["public"]["id"])
    imports = [a for a in activities if (a.get("data") or {}).get("dgplan_import")]
    assert imports and imports[0]["data"]["dgplan_import"]["inserted"] == 2
    assert imports[0]["user_id"] == helpers.call_action("user_show", {}, id=published["sysadmin"]["name"])["id"]
    # Private dataset's import activity is not shown to outsiders.
    with pytest.raises(helpers.logic.NotAuthorized):
        helpers.call_action("package_activity_list", _as(published["other_editor"]["name"]),
                            id=published["private"]["id"])


def test_one_dataset_per_kpi_code(roles):
    """A second dataset cannot claim a KPI code (any case); the first keeps it through edits."""
    first = kpi_dataset(roles["dga"], private=True)
    with pytest.raises(helpers.logic.ValidationError) as err:
        kpi_dataset(roles["other"], name="egdi-again", dgplan_kpi_code="kpi-egdi-rank")
    message = err.value.error_dict["dgplan_kpi_code"][0]
    assert "มีชุดข้อมูลตัวชี้วัดอื่นใช้อยู่แล้ว" in message and "already used by another KPI dataset" in message
    assert first["name"] not in message  # the other dataset may be private to another agency
    admin = {"user": roles["sysadmin"]["name"]}
    updated = helpers.call_action("package_patch", dict(admin), id=first["id"], title="ตัวชี้วัด EGDI (แก้ไข)")
    assert updated["dgplan_kpi_code"] == "KPI-EGDI-RANK"
    helpers.call_action("package_delete", dict(admin), id=first["id"])
    assert kpi_dataset(roles["other"], name="egdi-again")["dgplan_kpi_code"] == "KPI-EGDI-RANK"

"""Import rules against the real stack: all or nothing, re-import is a no-op, encodings, size limit."""
from __future__ import annotations

from pathlib import Path

import pytest
from ckan.tests import helpers

from ckanext.dgplan.store import kpi as kpi_store

from .kpi_support import Upload, kpi_dataset, kpi_marks, project_dataset, roles  # noqa: F401

pytestmark = kpi_marks
DATA = Path(__file__).resolve().parent.parent / "data"


def _import(user, path, action="dgplan_kpi_import"):
    return helpers.call_action(action, {"user": user, "ignore_auth": False},
                               upload=Upload(path.read_bytes(), path.name))


def _series(code="KPI-EGDI-RANK"):
    return helpers.call_action("dgplan_kpi_show", {"user": "", "ignore_auth": False}, id=code)["series"]


def _activities(pkg_id, user):
    return [a for a in helpers.call_action("package_activity_list", {"user": user, "ignore_auth": False}, id=pkg_id)
            if (a.get("data") or {}).get("dgplan_import")]


@pytest.fixture
def kpi(roles):
    return {"pkg": kpi_dataset(roles["dga"]), "editor": roles["dga_editor"]["name"], **roles}


def test_one_bad_row_in_1000_stores_nothing(kpi):
    with pytest.raises(helpers.logic.ValidationError) as err:
        _import(kpi["editor"], DATA / "kpi_values_1000_one_bad.csv")
    messages = err.value.error_dict["rows"]
    assert "1 errors in 1000 rows" in messages[0]
    assert messages[1].startswith("แถว 738 คอลัมน์ value:") and "Row 738, column value:" in messages[1]
    assert _series() == []
    assert _activities(kpi["pkg"]["id"], kpi["editor"]) == []


def test_reimport_is_a_no_op(kpi):
    first = _import(kpi["editor"], DATA / "kpi_values_1000.csv")
    assert (first["inserted"], first["updated"], first["unchanged"]) == (1000, 0, 0)
    stored = _series()
    assert len(stored) == 1000
    second = _import(kpi["editor"], DATA / "kpi_values_1000.csv")
    assert (second["inserted"], second["updated"], second["unchanged"]) == (0, 0, 1000)
    assert _series() == stored  # reported_at and reported_by untouched
    assert len(_activities(kpi["pkg"]["id"], kpi["editor"])) == 1


def test_changed_row_is_updated_once(kpi):
    _import(kpi["editor"], DATA / "kpi_values_cp874.csv")
    changed = "kpi_code,fiscal_year_be,value\nKPI-EGDI-RANK,2567,51\n".encode()
    result = helpers.call_action("dgplan_kpi_import", {"user": kpi["dga_admin"]["name"], "ignore_auth": False},
                                 upload=Upload(changed, "fix.csv"))
    assert (result["inserted"], result["updated"]) == (0, 1)
    rows = {r["fiscal_year_be"]: r for r in _series()}
    assert rows[2567]["value"] == 51 and rows[2567]["reported_by"] == kpi["dga_admin"]["name"]
    assert rows[2565]["reported_by"] == kpi["editor"]


def _fail_writing(monkeypatch, pkg_id):
    """The DataStore write of one dataset fails, as when the database goes away mid-import."""
    real = kpi_store.write_rows

    def write_rows(context, pkg, table, rows):
        if pkg["id"] == pkg_id:
            raise RuntimeError("connection to the DataStore database lost")
        return real(context, pkg, table, rows)

    monkeypatch.setattr(kpi_store, "write_rows", write_rows)


def _import_text(user, text):
    return helpers.call_action("dgplan_kpi_import", {"user": user, "ignore_auth": False},
                               upload=Upload(text.encode(), "kpis.csv"))


def test_a_failed_write_puts_back_the_kpis_written_before_it(kpi, monkeypatch):
    other = kpi_dataset(kpi["dga"], code="KPI-IMD-GOV-EFF", dgplan_unit="อันดับ")
    _import_text(kpi["editor"], "kpi_code,fiscal_year_be,value\nKPI-EGDI-RANK,2565,55\nKPI-EGDI-RANK,2566,52\n")
    before = _series()
    _fail_writing(monkeypatch, other["id"])
    with pytest.raises(helpers.logic.ValidationError) as err:
        _import_text(kpi["editor"], "kpi_code,fiscal_year_be,value\nKPI-EGDI-RANK,2566,50\n"
                                    "KPI-EGDI-RANK,2567,48\nKPI-IMD-GOV-EFF,2567,30\n")
    message = err.value.error_dict["upload"][0]
    assert "ข้อมูลที่บันทึกไว้เดิมไม่เปลี่ยนแปลง" in message and "nothing stored was changed" in message
    assert _series() == before  # the updated row has its old value, the inserted one is gone
    assert _series("KPI-IMD-GOV-EFF") == []
    assert len(_activities(kpi["pkg"]["id"], kpi["editor"])) == 1  # the first import's only


def test_a_failed_write_removes_the_table_created_before_it(kpi, monkeypatch):
    other = kpi_dataset(kpi["dga"], code="KPI-IMD-GOV-EFF", dgplan_unit="อันดับ")
    _fail_writing(monkeypatch, kpi["pkg"]["id"])
    with pytest.raises(helpers.logic.ValidationError):
        _import_text(kpi["editor"], "kpi_code,fiscal_year_be,value\nKPI-IMD-GOV-EFF,2567,30\n"
                                    "KPI-EGDI-RANK,2567,48\n")
    assert helpers.call_action("package_show", id=other["id"])["resources"] == []
    assert _series("KPI-IMD-GOV-EFF") == []
    assert _activities(other["id"], kpi["editor"]) == []
    monkeypatch.undo()
    result = _import_text(kpi["editor"], "kpi_code,fiscal_year_be,value\nKPI-IMD-GOV-EFF,2567,30\n")
    assert result["inserted"] == 1 and len(_series("KPI-IMD-GOV-EFF")) == 1


def test_cp874_file_with_thai_headers_and_digits(kpi):
    assert _import(kpi["editor"], DATA / "kpi_values_cp874.csv")["inserted"] == 2
    rows = {r["fiscal_year_be"]: r for r in _series()}
    assert rows[2565]["value"] == 55 and rows[2565]["period"] == "year"
    assert rows[2567]["note"] == "อันดับ 2 ของอาเซียน"


def test_xlsx(kpi):
    assert _import(kpi["editor"], DATA / "kpi_values.xlsx")["inserted"] == 2
    rows = {r["fiscal_year_be"]: r for r in _series()}
    assert rows[2570]["target"] == 40 and rows[2570]["value"] is None


@pytest.mark.ckan_config("ckanext.dgplan.import.max_size_mb", "0")
def test_file_over_the_limit_is_refused(kpi):
    with pytest.raises(helpers.logic.ValidationError) as err:
        _import(kpi["editor"], DATA / "kpi_values_cp874.csv")
    message = err.value.error_dict["upload"][0]
    assert "ใหญ่เกิน" in message and "larger than" in message


def test_unknown_code_year_and_percent_errors(kpi):
    kpi_dataset(kpi["dga"], "KPI-IMD-GOV-EFF", dgplan_unit="ร้อยละ", dgplan_direction="higher")
    text = ("kpi_code,fiscal_year_be,value\n"
            "KPI-NOPE,2567,1\n"          # not in the plan
            "KPI-IMD-GOV-EFF,1999x,50\n"  # not a year
            "KPI-IMD-GOV-EFF,2567,120\n"  # percentage over 100
            "KPI-IMD-GOV-EFF,2568,\"๔๕.๕\"\n")  # valid: Thai digits
    with pytest.raises(helpers.logic.ValidationError) as err:
        helpers.call_action("dgplan_kpi_import", {"user": kpi["editor"], "ignore_auth": False},
                            upload=Upload(text.encode(), "bad.csv"))
    joined = "\n".join(err.value.error_dict["rows"])
    assert 'Row 2, column kpi_code: unknown KPI code "KPI-NOPE"' in joined
    assert "Row 3, column fiscal_year_be" in joined
    assert "Row 4, column value" in joined and "between 0 and 100" in joined
    assert _series("KPI-IMD-GOV-EFF") == []


def test_project_import_with_thai_headers(roles):
    project_dataset(roles["dga"], "proj-a")
    result = _import(roles["dga_editor"]["name"], DATA / "project_budget.csv", "dgplan_project_import")
    assert result["inserted"] == 1
    project = helpers.call_action("dgplan_project_list", {"user": "", "ignore_auth": False})[0]
    assert project["budgets"][0]["budget_baht"] == 5_523_911_000
    assert project["progress_percent"] == 45 and project["status"] == "ongoing"
    again = _import(roles["dga_editor"]["name"], DATA / "project_budget.csv", "dgplan_project_import")
    assert again["unchanged"] == 1

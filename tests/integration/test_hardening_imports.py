"""Issue 16, imports: anonymous refused first, size/row/cell limits, formulas out of the DataStore
dump, the project import all or nothing, number ranges, broken files (real stack)."""
from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import pytest
from ckan import model
from ckan.lib import search
from ckan.tests import helpers

from .kpi_support import Upload, kpi_app, kpi_dataset, kpi_marks, project_dataset, roles, token  # noqa: F401

pytestmark = kpi_marks
DATA = Path(__file__).resolve().parent.parent / "data"
GOOD = b"kpi_code,fiscal_year_be,value\nKPI-EGDI-RANK,2567,51\n"


@pytest.fixture
def kpi(roles):
    return {"pkg": kpi_dataset(roles["dga"]), "editor": roles["dga_editor"]["name"], **roles}


def _call(user, data, name="v.csv", action="dgplan_kpi_import"):
    return helpers.call_action(action, {"user": user, "ignore_auth": False}, upload=Upload(data, name))


def _refused(user, data, name="v.csv", action="dgplan_kpi_import"):
    with pytest.raises(helpers.logic.ValidationError) as err:
        _call(user, data, name, action)
    return err.value.error_dict


def _series(code="KPI-EGDI-RANK"):
    return helpers.call_action("dgplan_kpi_show", {"user": "", "ignore_auth": False}, id=code)["series"]


def _xlsx(rows, extra_member: tuple[str, int] | None = None) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    if extra_member is None:
        return out.getvalue()
    name, size = extra_member
    again = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(out.getvalue())) as src, zipfile.ZipFile(again, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info, src.read(info))
        dst.writestr(name, b"\0" * size)
    return again.getvalue()


# -- fault 2: anonymous callers are refused before any work ---------------------------------


@pytest.mark.parametrize("action", ["dgplan_kpi_import", "dgplan_project_import"])
def test_anonymous_api_import_is_403_before_reading(kpi, kpi_app, action):
    bad = b"kpi_code,fiscal_year_be,value\nKPI-NOPE,abc,x\n"  # would be a 409 with row errors if read
    res = kpi_app.post(f"/api/3/action/{action}", data={"upload": (io.BytesIO(bad), "v.csv")})
    assert res.status_code == 403, res.get_data(as_text=True)
    message = res.json["error"]["message"]
    assert "ต้องเข้าสู่ระบบ" in message and "must be logged in" in message
    assert _series() == []


def test_anonymous_import_page_is_403(kpi, kpi_app):
    res = kpi_app.post("/plan/import", data={"kind": "projects", "upload": (io.BytesIO(GOOD), "v.csv")})
    assert res.status_code == 403
    assert kpi_app.get("/plan/import").status_code == 403


def test_logged_in_api_import_still_works(kpi, kpi_app):
    res = kpi_app.post("/api/3/action/dgplan_kpi_import", headers=token(kpi["dga_editor"]),
                       data={"upload": (io.BytesIO(GOOD), "v.csv")})
    assert res.status_code == 200 and res.json["result"]["inserted"] == 1


# -- fault 4: limits --------------------------------------------------------------------------


@pytest.mark.ckan_config("ckanext.dgplan.import.max_rows", "3")
@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_rows_over_the_limit_are_refused(kpi, kind):
    rows = [["kpi_code", "fiscal_year_be", "value"]] + [["KPI-EGDI-RANK", str(2560 + i), "50"] for i in range(4)]
    data = _xlsx(rows) if kind == "xlsx" else "\n".join(",".join(r) for r in rows).encode()
    message = _refused(kpi["editor"], data, f"v.{kind}")["upload"][0]
    assert "เกิน 3 แถว" in message and "more than 3 data rows" in message
    assert _series() == []
    ok = _xlsx(rows[:4]) if kind == "xlsx" else "\n".join(",".join(r) for r in rows[:4]).encode()
    assert _call(kpi["editor"], ok, f"v.{kind}")["inserted"] == 3


@pytest.mark.ckan_config("ckanext.dgplan.import.max_cells", "20")
def test_cells_over_the_limit_are_refused(kpi):
    wide = ("kpi_code,fiscal_year_be,value" + ",x" * 30 + "\n").encode() + GOOD.split(b"\n")[1]
    message = _refused(kpi["editor"], wide)["upload"][0]
    assert "เกิน 20 เซลล์" in message and "more than 20 cells" in message


@pytest.mark.ckan_config("ckanext.dgplan.import.max_unpacked_mb", "1")
def test_xlsx_unpacking_past_the_limit_is_refused(kpi):
    bomb = _xlsx([["kpi_code", "fiscal_year_be", "value"], ["KPI-EGDI-RANK", "2567", "51"]],
                 extra_member=("xl/media/padding.bin", 3 * 1024 * 1024))
    assert len(bomb) < 100_000  # a small file ...
    message = _refused(kpi["editor"], bomb, "v.xlsx")["upload"][0]  # ... that unpacks to 3 MB
    assert "1 MB" in message and "unpacks to" in message and "แตกไฟล์" in message
    assert _series() == []


# -- fault 11: formulas never reach the DataStore dump -----------------------------------------


def test_formula_text_is_stored_inert_in_the_datastore_dump(kpi, kpi_app):
    _call(kpi["editor"], (DATA / "kpi_values_formula.csv").read_bytes(), "f.csv")
    resource_id = helpers.call_action("dgplan_kpi_show", {"user": "", "ignore_auth": False},
                                      id="KPI-EGDI-RANK")["resource_id"]
    dump = kpi_app.get(f"/datastore/dump/{resource_id}")
    assert dump.status_code == 200
    rows = list(csv.DictReader(io.StringIO(dump.get_data(as_text=True).lstrip("\ufeff"))))
    cells = [r[c] for r in rows for c in ("note", "source", "unit")]
    assert not [c for c in cells if c.startswith(("=", "+", "-", "@"))], cells
    notes = {r["fiscal_year_be"]: r for r in rows}
    assert notes["2565"]["note"] == "'=HYPERLINK(\"http://evil.example\",\"x\")"
    assert notes["2567"]["source"] == "'-2+3"


# -- the project import is all or nothing -------------------------------------------------------


def _projects():
    return {p["name"]: {k: p[k] for k in ("budgets", "status", "progress_percent", "resource_id", "budget_total_baht")}
            for p in helpers.call_action("dgplan_project_list", {"user": "", "ignore_auth": False})}


def test_project_import_undoes_tables_when_a_dataset_update_fails(roles):
    editor = roles["dga_editor"]["name"]
    a = project_dataset(roles["dga"], "proj-a")
    b = project_dataset(roles["dga"], "proj-b")
    _call(editor, b"project,fiscal_year_be,budget_baht\nproj-a,2566,100\n", action="dgplan_project_import")
    before = _projects()
    acts_before = helpers.call_action("package_activity_list", id=a["id"])
    # proj-b holds a value its schema no longer accepts, so package_patch of it fails validation.
    pkg = model.Package.get(b["id"])
    pkg.extras["dgplan_strategies"] = '["S99"]'
    model.Session.commit()
    # package_patch reads the indexed copy, and CKAN 2.12 does not re-index a dataset on a commit
    # that changed only its extras column (2.11 does, for its package_extra rows).
    search.rebuild(b["id"])
    text = (b"project,fiscal_year_be,budget_baht,status,progress_percent\n"
            b"proj-a,2566,200,completed,100\nproj-a,2567,300,completed,100\nproj-b,2567,400,completed,50\n")
    message = _refused(editor, text, action="dgplan_project_import")["upload"][0]
    assert "proj-b" in message and "nothing stored was changed" in message
    assert "ข้อมูลที่บันทึกไว้เดิมไม่เปลี่ยนแปลง" in message
    assert _projects() == before
    assert helpers.call_action("package_show", id=a["id"])["dgplan_project_status"] == "ongoing"
    assert [r for r in helpers.call_action("package_show", id=b["id"])["resources"]] == []
    acts = [x for x in helpers.call_action("package_activity_list", id=a["id"])
            if (x.get("data") or {}).get("dgplan_import")]
    assert len(acts) == len([x for x in acts_before if (x.get("data") or {}).get("dgplan_import")]) == 1


# -- numbers -------------------------------------------------------------------------------------


def test_numbers_finite_and_in_the_unit_range(kpi):
    kpi_dataset(kpi["dga"], "KPI-EGDI-SCORE", dgplan_unit="ดัชนี 0-1", dgplan_direction="higher")
    text = ("kpi_code,fiscal_year_be,value,target\n"
            "KPI-EGDI-RANK,2561,NaN,\n"
            "KPI-EGDI-RANK,2562,Infinity,\n"
            "KPI-EGDI-RANK,2563,1e308,\n"
            "KPI-EGDI-RANK,2564,0,\n"          # a rank is 1 or more
            "KPI-EGDI-SCORE,2565,1.5,\n"       # index 0-1
            "KPI-EGDI-SCORE,2566,0.5,-0.1\n"
            "KPI-EGDI-SCORE,2567,0.8,0.9\n")   # valid
    joined = "\n".join(_refused(kpi["editor"], text.encode())["rows"])
    for row in (2, 3, 4, 5):
        assert f"Row {row}, column value" in joined
    assert "Row 5, column value: 0 is outside the range allowed for the unit" in joined
    assert "แถว 6 คอลัมน์ value: ค่า 1.5 อยู่นอกช่วง" in joined and "(0 to 1)" in joined
    assert "Row 7, column target" in joined and "Row 8" not in joined
    assert _series() == [] and _series("KPI-EGDI-SCORE") == []


def test_budget_finite_and_below_the_maximum(roles):
    project_dataset(roles["dga"], "proj-a")
    text = b"project,fiscal_year_be,budget_baht\nproj-a,2566,1e308\nproj-a,2567,-5\nproj-a,2568,1e20\n"
    joined = "\n".join(_refused(roles["dga_editor"]["name"], text, action="dgplan_project_import")["rows"])
    assert "Row 2, column budget_baht" in joined and "Row 4, column budget_baht" in joined
    assert "cannot be negative" in joined and "10,000,000,000,000" in joined


# -- broken files ---------------------------------------------------------------------------------


@pytest.mark.parametrize("action", ["dgplan_kpi_import", "dgplan_project_import"])
@pytest.mark.parametrize("name, data, th, en", [
    ("garbage.csv", bytes(range(256)) * 40, "ไม่ใช่ไฟล์ CSV", "not a CSV or XLSX file"),
    ("cut.xlsx", None, "เสียหายหรือไม่ครบ", "damaged or incomplete"),
    ("empty.csv", b"", "ไฟล์ว่างเปล่า", "The file is empty"),
    ("blank.csv", b"\n\n  \n", "ไฟล์ว่างเปล่า", "The file is empty"),
    ("header.csv", b"kpi_code,fiscal_year_be,value\n", "มีแต่หัวตาราง", "header but no data rows"),
    ("header.xlsx", "header-xlsx", "มีแต่หัวตาราง", "header but no data rows"),
    ("bad-utf8.csv", "หมายเหตุ".encode() + b"\nKPI-EGDI-RANK,2567,\xff51\n", "ไม่ใช่ UTF-8", "not valid UTF-8 (line 2"),
    ("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, ".xls", "Old Excel files (.xls)"),
])
def test_broken_files_get_a_clear_error_and_write_nothing(kpi, kpi_app, action, name, data, th, en):
    if data is None:
        data = _xlsx([["kpi_code", "fiscal_year_be", "value"], ["KPI-EGDI-RANK", "2567", "51"]])[:-300]
    elif data == "header-xlsx":
        data = _xlsx([["kpi_code", "fiscal_year_be", "value"]])
    message = _refused(kpi["editor"], data, name, action)["upload"][0]
    assert th in message and en in message, message
    assert _series() == []
    res = kpi_app.post(f"/api/3/action/{action}", headers=token(kpi["dga_editor"]),
                       data={"upload": (io.BytesIO(data), name)})
    assert res.status_code == 409 and en in res.json["error"]["upload"][0]
    assert kpi_app.get("/api/3/action/status_show").status_code == 200  # the portal still answers


@pytest.mark.ckan_config("ckanext.dgplan.import.max_size_mb", "1")
def test_oversized_upload_is_refused_without_reading_it_all(kpi, kpi_app):
    big = GOOD + b"x" * (2 * 1024 * 1024)
    res = kpi_app.post("/api/3/action/dgplan_kpi_import", headers=token(kpi["dga_editor"]),
                       data={"upload": (io.BytesIO(big), "big.csv")})
    assert res.status_code == 409
    message = res.json["error"]["upload"][0]
    assert "ใหญ่เกิน" in message and "larger than the 1 MB allowed" in message
    assert _series() == []

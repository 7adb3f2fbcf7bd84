"""Reading and validating KPI/project import files (ckanext.dgplan.kpi.table), no CKAN needed."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from ckanext.dgplan.kpi.table import (
    BUDGET_COMPARE,
    BUDGET_KEY,
    KPI_COMPARE,
    KPI_KEY,
    ImportFileError,
    changed_rows,
    is_percent_unit,
    neutralize_formula,
    parse_period,
    read_table,
    unit_range,
    validate_kpi_rows,
    validate_project_rows,
)
from ckanext.dgplan.plan import default_plan

DATA = Path(__file__).resolve().parent.parent / "data"
PLAN = default_plan()


def _rows(text: str, units=None):
    return validate_kpi_rows(read_table(text.encode("utf-8")), PLAN, units)


def test_encodings_give_the_same_table():
    text = "รหัสตัวชี้วัด,ปีงบประมาณ,ค่า,หมายเหตุ\nKPI-EGDI-RANK,๒๕๖๕,55,อันดับ\n"
    frames = [read_table(text.encode("utf-8")), read_table(b"\xef\xbb\xbf" + text.encode("utf-8")),
              read_table(text.encode("cp874")), read_table(text.encode("tis-620"))]
    for frame in frames:
        assert list(frame.columns) == ["รหัสตัวชี้วัด", "ปีงบประมาณ", "ค่า", "หมายเหตุ"]
        assert frame.iloc[0].tolist() == ["KPI-EGDI-RANK", "๒๕๖๕", "55", "อันดับ"]


def test_fixture_files_read():
    rows, errors = validate_kpi_rows(read_table((DATA / "kpi_values_cp874.csv").read_bytes()), PLAN)
    assert errors == [] and [r["fiscal_year_be"] for r in rows] == [2565, 2567]
    rows, errors = validate_kpi_rows(read_table((DATA / "kpi_values.xlsx").read_bytes(), "kpi_values.xlsx"), PLAN)
    assert errors == [] and rows[1]["target"] == 40 and rows[1]["value"] is None


def test_size_limit_and_empty_file():
    with pytest.raises(ImportFileError) as err:
        read_table(b"x" * 11, max_bytes=10)
    assert "ใหญ่เกิน" in err.value.th and "larger than" in err.value.en
    with pytest.raises(ImportFileError):
        read_table(b"kpi_code,fiscal_year_be\n")


def test_bad_bytes_are_not_silently_misread():
    with pytest.raises(ImportFileError):
        read_table(b"PK\x03\x04not really a zip", "x.xlsx")


def test_thai_digits_separators_and_periods():
    rows, errors = _rows('kpi_code,fiscal_year_be,period,value,target\n'
                         'kpi-egdi-rank,ปีงบประมาณ ๒๕๖๗,ไตรมาส 2,"๑,๒๓๔.๕",\n'
                         'KPI-EGDI-RANK,2023,,52,40\n', units={"KPI-EGDI-RANK": "ครั้ง"})  # 1,234.5 is no rank of 193
    assert errors == []
    assert rows[0]["kpi_code"] == "KPI-EGDI-RANK" and rows[0]["period"] == "Q2" and rows[0]["value"] == 1234.5
    assert rows[1]["fiscal_year_be"] == 2566 and rows[1]["period"] == "year" and rows[1]["target"] == 40


def test_every_error_names_row_and_column_in_both_languages():
    rows, errors = _rows("kpi_code,fiscal_year_be,value\n"
                         "KPI-X,2567,1\n"
                         "KPI-EGDI-RANK,abc,1\n"
                         "KPI-EGDI-RANK,2567,1.2.3\n"
                         "KPI-EGDI-RANK,2568,\n"
                         "KPI-EGDI-RANK,2567,3\n"
                         "KPI-EGDI-RANK,2800,3\n")
    found = {(e.row, e.column) for e in errors}
    assert found == {(2, "kpi_code"), (3, "fiscal_year_be"), (4, "value"), (5, "value"),
                     (6, "fiscal_year_be"), (7, "fiscal_year_be")}
    duplicate = next(e for e in errors if e.row == 6)
    assert "แถว 4" in duplicate.th and "row 4" in duplicate.en
    message = errors[0].message()
    assert message.startswith("แถว 2 คอลัมน์ kpi_code:") and "Row 2, column kpi_code:" in message


def test_percent_units_are_limited_to_0_100():
    rows, errors = _rows("kpi_code,fiscal_year_be,value\nKPI-EGDI-RANK,2567,120\n", {"KPI-EGDI-RANK": "ร้อยละ"})
    assert [(e.row, e.column) for e in errors] == [(2, "value")]
    assert "0 ถึง 100" in errors[0].th
    assert is_percent_unit("%") and is_percent_unit("ร้อยละ") and not is_percent_unit("อันดับ")


def test_header_errors_list_all_problems():
    with pytest.raises(ImportFileError) as err:
        _rows("kpi_code,valu,note\nKPI-EGDI-RANK,1,x\n")
    assert '"valu"' in err.value.en and '"fiscal_year_be"' in err.value.en and "แถว 1" in err.value.th


def test_period_aliases():
    assert parse_period("") == "year" and parse_period("H1") == "H1" and parse_period("m3") == "M03"
    with pytest.raises(ValueError):
        parse_period("Q5")


def test_project_rows():
    frame = read_table((DATA / "project_budget.csv").read_bytes())
    rows, errors = validate_project_rows(frame, ["proj-a"])
    assert errors == []
    assert rows[0]["budget_baht"] == 5_523_911_000 and rows[0]["status"] == "ongoing"
    assert rows[0]["progress_percent"] == 45
    rows, errors = validate_project_rows(read_table(
        "project,fiscal_year_be,budget_baht,status,progress_percent\nnope,2567,-5,done,101\n".encode()), ["proj-a"])
    assert {e.column for e in errors} == {"project", "budget_baht", "status", "progress_percent"}


def test_changed_rows_makes_reimport_a_no_op():
    stored = [{"kpi_code": "K", "fiscal_year_be": 2567, "period": "year", "value": 52.0, "target": None,
               "unit": "อันดับ", "note": None, "source": "", "certainty": None, "reported_by": "a"}]
    same = [{"kpi_code": "K", "fiscal_year_be": 2567, "period": "year", "value": 52, "target": None,
             "unit": "อันดับ", "note": "", "source": None, "certainty": None}]
    assert changed_rows(stored, same, KPI_KEY, KPI_COMPARE) == ([], 0, 0)
    changed = [dict(same[0], value=51), dict(same[0], fiscal_year_be=2569)]
    rows, inserted, updated = changed_rows(stored, changed, KPI_KEY, KPI_COMPARE)
    assert (len(rows), inserted, updated) == (2, 1, 1)
    assert changed_rows([{"project": "p", "fiscal_year_be": 2567, "budget_baht": 1.0}],
                        [{"project": "p", "fiscal_year_be": 2567, "budget_baht": 1}],
                        BUDGET_KEY, BUDGET_COMPARE)[0] == []


def test_one_bad_row_in_1000_is_found():
    rows, errors = validate_kpi_rows(read_table((DATA / "kpi_values_1000_one_bad.csv").read_bytes()), PLAN)
    assert len(rows) == 1000 and [(e.row, e.column) for e in errors] == [(738, "value")]
    assert isinstance(read_table((DATA / "kpi_values_1000.csv").read_bytes()), pd.DataFrame)


@pytest.mark.parametrize("unit, low, high", [
    ("ร้อยละ", 0, 100), ("ดัชนี 0-1", 0, 1), ("คะแนน 0-100", 0, 100), ("อันดับ (จาก 193 ประเทศ)", 1, 193),
    ("rank", 1, 100_000), ("คะแนน", 0, 1_000_000), ("ล้านบาท", 0, 1e13), ("จำนวนหน่วยงาน", 0, 1e12),
    ("", -1e15, 1e15),
])
def test_unit_ranges(unit, low, high):
    assert unit_range(unit) == (low, high)


def test_formulas_are_neutralized():
    assert neutralize_formula("=1+1") == "'=1+1" and neutralize_formula("@SUM(A1)") == "'@SUM(A1)"
    assert neutralize_formula("-") == "-" and neutralize_formula("ปกติ") == "ปกติ"
    rows, _ = _rows("kpi_code,fiscal_year_be,value,note,unit\nKPI-EGDI-RANK,2567,50,+cmd|' /C calc'!A0,=A1\n")
    assert rows[0]["note"] == "'+cmd|' /C calc'!A0" and rows[0]["unit"] == "'=A1"


def test_reading_stops_at_the_row_and_cell_limits():
    text = "kpi_code,fiscal_year_be,value\n" + "KPI-EGDI-RANK,2567,1\n" * 5
    assert len(read_table(text.encode(), max_rows=5)) == 5
    with pytest.raises(ImportFileError) as err:
        read_table(text.encode(), max_rows=4)
    assert "4 data rows" in err.value.en and "4 แถว" in err.value.th
    with pytest.raises(ImportFileError) as err:
        read_table(text.encode(), max_cells=10)
    assert "10 cells" in err.value.en


def test_blank_lines_keep_the_spreadsheet_row_numbers():
    frame = read_table(b"kpi_code,fiscal_year_be,value\n\nKPI-EGDI-RANK,2567,1\n")
    assert list(frame.index) == [1]  # row 3 of the file (index + 2)

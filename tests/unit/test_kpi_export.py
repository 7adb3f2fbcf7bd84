"""Downloads: CSV with BOM, XLSX and JSON; cells that start with = + - @ never run as formulas."""
from __future__ import annotations

import csv
import io
import json

from openpyxl import load_workbook

from ckanext.dgplan.kpi.export import escape_formula, rows_to_csv, rows_to_json, rows_to_xlsx

ROWS = [
    {"note": "=1+1", "source": "+SUM(A1)", "unit": "-x", "value": -5.0, "x": "@cmd"},
    {"note": "ปกติ", "source": "\tTAB", "unit": "อันดับ", "value": 52.0, "x": None},
]
FIELDS = ["note", "source", "unit", "value", "x"]


def test_escape_formula():
    assert [escape_formula(v) for v in ("=a", "+a", "-a", "@a", "\ta", "\ra")] == \
        ["'=a", "'+a", "'-a", "'@a", "'\ta", "'\ra"]
    assert escape_formula("ข้อมูล") == "ข้อมูล" and escape_formula(-5) == -5 and escape_formula(None) is None


def test_csv_has_bom_and_escaped_cells():
    data = rows_to_csv(ROWS, FIELDS)
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == {"note": "'=1+1", "source": "'+SUM(A1)", "unit": "'-x", "value": "-5", "x": "'@cmd"}
    assert rows[1]["note"] == "ปกติ" and rows[1]["x"] == ""


def test_xlsx_has_no_formula_cells():
    sheet = load_workbook(io.BytesIO(rows_to_xlsx(ROWS, FIELDS, "KPI"))).active
    values = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    assert values[0] == ["'=1+1", "'+SUM(A1)", "'-x", -5, "'@cmd"]
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)


def test_json_keeps_thai_readable():
    assert "ปกติ" in rows_to_json(ROWS).decode("utf-8") and json.loads(rows_to_json(ROWS))[0]["note"] == "=1+1"

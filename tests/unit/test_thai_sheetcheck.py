"""The first sheet of an XLSX file checked before xloader touches the DataStore
(ckanext/dgplan/thai/sheetcheck.py)."""
from __future__ import annotations

import openpyxl
import pytest

from ckanext.dgplan.thai.sheetcheck import check_xlsx_file, is_xlsx
from ckanext.dgplan.thai.tablecheck import TableFileError


def workbook(tmp_path, fill, title="ประชากร 2566") -> str:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = title
    fill(ws)
    other = wb.create_sheet("แผ่นที่สอง")
    other.append(["ไม่ได้นำเข้า"])
    path = tmp_path / "t.xlsx"
    wb.save(path)
    return str(path)


def test_the_first_sheet_its_name_and_cells(tmp_path):
    path = workbook(tmp_path, lambda ws: [ws.append(["จังหวัด", "จำนวน"]), ws.append(["เชียงใหม่", 5])])
    assert is_xlsx(path)
    info = check_xlsx_file(path, 100)
    assert (info.name, info.cells, info.formulas) == ("ประชากร 2566", 4, 0)


def test_too_many_cells_counted_in_the_sheet(tmp_path):
    path = workbook(tmp_path, lambda ws: [ws.append(list(range(20))) for _ in range(60)])
    with pytest.raises(TableFileError) as err:
        check_xlsx_file(path, 1000)
    assert "1,200" in err.value.en and "เซลล์" in err.value.th


def test_formulas_without_values_and_merged_cells(tmp_path):
    formula = workbook(tmp_path, lambda ws: [ws.append(["a", "b"]), ws.append([1, "=A2*2"])])
    with pytest.raises(TableFileError, match="formulas without computed values"):
        check_xlsx_file(formula, 100)
    merged = workbook(tmp_path, lambda ws: [ws.append(["a", "b"]), ws.append([1, 2]), ws.merge_cells("A2:B2")])
    with pytest.raises(TableFileError, match="merged cells \\(A2:B2\\)"):
        check_xlsx_file(merged, 100)


def test_not_a_workbook(tmp_path):
    path = tmp_path / "g.xlsx"
    path.write_bytes(b"PK\x03\x04garbage")
    assert not is_xlsx(str(path))
    with pytest.raises(TableFileError, match="not a valid .xlsx"):
        check_xlsx_file(str(path), 10)

"""Issue 18: XLSX uploads through xloader's real job: the first sheet, its name kept, Thai headers;
sheets too big, formulas without values and merged cells refused with a Thai/English status."""
from __future__ import annotations

import io
import zipfile

import openpyxl
import pytest
from ckan.tests import helpers

from .xloader_support import assert_refused, columns, search, upload_table, xloader_env, xloader_status  # noqa: F401

DGPLAN = "datastore xloader dgplan_xloader"

pytestmark = pytest.mark.usefixtures("clean_db", "clean_datastore", "with_plugins", "xloader_env")


def xlsx(fill, title="ประชากร 2566") -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = title
    fill(ws)
    wb.create_sheet("หมายเหตุ").append(["แผ่นนี้ไม่ได้นำเข้า"])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def population(ws) -> None:
    ws.append(["ลำดับ", "จังหวัด", "จำนวนประชากร"])
    ws.append([1, "กรุงเทพมหานคร", 5471588])
    ws.append([2, "เชียงใหม่", 1797074])


@pytest.mark.ckan_config("ckan.plugins", DGPLAN)
def test_the_first_sheet_loads_with_thai_headers_and_its_name_kept(create_with_upload):
    resource = upload_table(create_with_upload, xlsx(population), "population.xlsx", fmt="XLSX")
    assert xloader_status(resource["id"])["status"] == "complete"
    assert columns(resource["id"]) == ["ลำดับ", "จังหวัด", "จำนวนประชากร"]
    assert [r["จังหวัด"] for r in search(resource["id"], sort="_id")["records"]] == ["กรุงเทพมหานคร", "เชียงใหม่"]
    assert helpers.call_action("resource_show", id=resource["id"])["dgplan_sheet"] == "ประชากร 2566"


def _declared_huge(data: bytes) -> bytes:
    """The same workbook whose first sheet declares 26 x 1,000,000 cells (as a real one would)."""
    src, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            body = src.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                body = body.replace(b'<dimension ref="A1:C3"/>', b'<dimension ref="A1:Z1000000"/>')
                assert b"Z1000000" in body
            dst.writestr(item, body)
    return out.getvalue()


BAD = {
    "millions-of-cells": (lambda: _declared_huge(xlsx(population)), "26,000,000 เซลล์", "26,000,000 cells"),
    "formula-without-value": (lambda: xlsx(lambda ws: [population(ws), ws.append([3, "รวม", "=SUM(C2:C3)"])]),
                              "สูตรที่ยังไม่ได้คำนวณค่า", "formulas without computed values"),
    "merged-cells": (lambda: xlsx(lambda ws: [population(ws), ws.merge_cells("A2:A3")]),
                     "เซลล์ที่ผสานไว้ (A2:A3)", "merged cells (A2:A3)"),
}


@pytest.mark.parametrize("kind", sorted(BAD))
@pytest.mark.ckan_config("ckan.plugins", DGPLAN)
def test_bad_sheets_fail_with_a_clear_bilingual_status(create_with_upload, app, kind):
    make, th, en = BAD[kind]
    data = make()
    assert_refused(app, upload_table(create_with_upload, data, f"{kind}.xlsx", fmt="XLSX")["id"], data, th, en)

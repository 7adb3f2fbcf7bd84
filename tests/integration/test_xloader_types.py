"""Issue 18: BE dates and Thai digits in columns typed in the data dictionary, converted on reload.

xloader's real job loads the file (all text), the publisher types two columns in the data dictionary
(``info.type_override``, what the Data Dictionary page saves), and xloader reloads the same file.
"""
from __future__ import annotations

import pytest
from ckan.tests import helpers

from .xloader_support import run_jobs, search, upload_table, xloader_env, xloader_status  # noqa: F401

DGPLAN = "datastore xloader dgplan_xloader"

pytestmark = pytest.mark.usefixtures("clean_db", "clean_datastore", "with_plugins", "xloader_env")

HEADER = "โครงการ,วันที่เริ่ม,งบประมาณ (บาท),หมายเหตุ"
ROWS = [
    "ถนนสายหลัก,1 ต.ค. 2566,\"1,234,500\",๑ ต.ค. ๒๕๖๖",
    "โรงเรียน,2566-10-01,๑๒๓๔.๕,",
    "ประปา,๑๕ มกราคม ๒๕๖๗,1.5 ล้าน,",
    "ไฟฟ้า,,,",
]


def _type_columns(resource_id: str, types: dict[str, str]) -> None:
    info = helpers.call_action("datastore_info", id=resource_id)
    fields = []
    for f in info["fields"]:
        if f["id"] == "_id":
            continue
        field = {"id": f["id"], "type": f["type"], "info": dict(f.get("info") or {})}
        if f["id"] in types:
            field["info"]["type_override"] = types[f["id"]]
        fields.append(field)
    helpers.call_action("datastore_create", resource_id=resource_id, force=True, fields=fields)


def _reload(resource_id: str) -> None:
    helpers.call_action("xloader_submit", resource_id=resource_id, ignore_hash=True)
    run_jobs()


@pytest.mark.ckan_config("ckan.plugins", DGPLAN)
def test_typed_columns_read_be_dates_and_thai_digits_on_reload(create_with_upload):
    data = ("\r\n".join([HEADER, *ROWS]) + "\r\n").encode("cp874")
    rid = upload_table(create_with_upload, data, "projects.csv")["id"]
    assert search(rid, sort="_id")["records"][0]["วันที่เริ่ม"] == "1 ต.ค. 2566"

    _type_columns(rid, {"วันที่เริ่ม": "timestamp", "งบประมาณ (บาท)": "numeric"})
    _reload(rid)
    assert xloader_status(rid)["status"] == "complete"
    info = {f["id"]: f["type"] for f in helpers.call_action("datastore_info", id=rid)["fields"]}
    assert info["วันที่เริ่ม"] == "timestamp" and info["งบประมาณ (บาท)"] == "numeric"
    assert info["หมายเหตุ"] == "text"
    records = search(rid, sort="_id")["records"]
    # CKAN 2.12 adds milliseconds (ckan.datastore.ms_in_timestamp, on by default there).
    assert [r["วันที่เริ่ม"] and r["วันที่เริ่ม"].removesuffix(".000") for r in records] == [
        "2023-10-01T00:00:00", "2023-10-01T00:00:00", "2024-01-15T00:00:00", None]
    assert [r["งบประมาณ (บาท)"] for r in records] == [1234500, 1234.5, 1500000, None]
    # An untyped column keeps its text as written.
    assert records[0]["หมายเหตุ"] == "๑ ต.ค. ๒๕๖๖"
    # Typed columns filter as dates.
    assert search(rid, filters={"วันที่เริ่ม": "2023-10-01"})["total"] == 2


@pytest.mark.ckan_config("ckan.plugins", DGPLAN)
def test_a_cell_that_is_not_a_date_fails_the_reload_in_thai_and_english_and_keeps_the_table(create_with_upload):
    data = ("\r\n".join([HEADER, *ROWS, "สะพาน,ยังไม่กำหนด,100,"]) + "\r\n").encode("utf-8")
    rid = upload_table(create_with_upload, data, "projects.csv")["id"]
    _type_columns(rid, {"วันที่เริ่ม": "timestamp"})
    _reload(rid)
    status = xloader_status(rid)
    assert status["status"] == "error"
    error = str(status["error"])
    assert "วันที่เริ่ม" in error and "ยังไม่กำหนด" in error
    assert "ไม่ใช่วันที่" in error and "is not a date" in error and "row 6" in error
    # Checked before xloader drops the table: the previous (text) table is still there.
    assert search(rid)["total"] == len(ROWS) + 1
    assert helpers.call_action("resource_show", id=rid)["datastore_active"]

"""Issue 18: uploaded Thai tables become DataStore tables through ckanext-xloader's real job.

Every test uploads a file with ``resource_create`` (CKAN's uploader, the test storage), lets xloader's
plugin queue its job, runs the job with CKAN's RQ worker and reads the table back with
``datastore_search``/``datastore_info`` (see ``xloader_support`` for how the job reaches the site).
"""
from __future__ import annotations

import ckan.plugins.toolkit as tk
import pytest
from ckan.lib import jobs as ckan_jobs
from ckan.tests import factories, helpers

from .xloader_support import assert_refused, columns, search, upload_table, xloader_env, xloader_status  # noqa: F401

STOCK = "datastore xloader"
DGPLAN = "datastore xloader dgplan_xloader"

pytestmark = pytest.mark.usefixtures("clean_db", "clean_datastore", "with_plugins", "xloader_env")

# Population by province (registered population, Department of Provincial Administration, 2566).
ROWS = [
    ("1", "กรุงเทพมหานคร", "5471588", "“เมืองหลวง”"),
    ("2", "นครราชสีมา", "2627989", ""),
    ("3", "อุบลราชธานี", "1869633", ""),
    ("4", "ขอนแก่น", "1788565", ""),
    ("5", "เชียงใหม่", "1797074", "ภาคเหนือ…"),
    ("6", "บุรีรัมย์", "1573230", ""),
    ("7", "อุดรธานี", "1566510", ""),
    ("8", "นครศรีธรรมราช", "1547075", "ภาคใต้"),
]
HEADER = ("ลำดับ", "จังหวัด", "จำนวนประชากร", "หมายเหตุ")


def thai_csv(encoding: str, rows=ROWS, header=HEADER, ascii_rows: int = 0) -> bytes:
    lines = [",".join(header)]
    lines += [f"{9000 + i},ascii-{i},{i},x" for i in range(ascii_rows)]
    lines += [",".join(row) for row in rows]
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


@pytest.mark.ckan_config("ckan.plugins", STOCK)
def test_stock_xloader_loads_a_utf8_csv_through_its_job(create_with_upload):
    resource = upload_table(create_with_upload, thai_csv("utf-8"), "population.csv")
    assert xloader_status(resource["id"])["status"] == "complete"
    result = search(resource["id"], sort="_id")
    assert result["total"] == len(ROWS)
    assert [r["จังหวัด"] for r in result["records"]] == [row[1] for row in ROWS]
    assert helpers.call_action("resource_show", id=resource["id"])["datastore_active"] is True


@pytest.mark.ckan_config("ckan.plugins", STOCK)
def test_stock_xloader_loads_a_cp874_csv_as_mojibake(create_with_upload):
    """The bug this issue fixes: chardet's low confidence for cp874 sends xloader to cp1252."""
    resource = upload_table(create_with_upload, thai_csv("cp874"), "population.csv")
    assert xloader_status(resource["id"])["status"] == "complete"
    cols = columns(resource["id"])
    assert "จังหวัด" not in cols
    assert cols[0] == "ลำดับ".encode("cp874").decode("cp1252")  # 'ÅÓ´Ñº'


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp874", "utf-16"])
@pytest.mark.ckan_config("ckan.plugins", DGPLAN)
def test_each_encoding_loads_as_thai(create_with_upload, encoding):
    data = thai_csv(encoding)
    resource = upload_table(create_with_upload, data, "population.csv")
    assert xloader_status(resource["id"])["status"] == "complete"
    assert columns(resource["id"]) == list(HEADER)
    result = search(resource["id"], sort="_id")
    assert [[r[h] or "" for h in HEADER] for r in result["records"]] == [list(row) for row in ROWS]


@pytest.mark.ckan_config("ckan.plugins", DGPLAN)
def test_thai_late_in_a_cp874_file_is_still_found(create_with_upload):
    resource = upload_table(create_with_upload, thai_csv("cp874", ascii_rows=5000), "late.csv")
    result = search(resource["id"], filters={"ลำดับ": "8"})
    assert result["records"][0]["จังหวัด"] == "นครศรีธรรมราช"


@pytest.mark.ckan_config("ckan.plugins", DGPLAN)
def test_the_publisher_override_wins_over_detection(create_with_upload):
    """A cp874 file that detection would call cp874, read as cp1252 because the publisher said so."""
    resource = upload_table(create_with_upload, thai_csv("cp874"), "population.csv", dgplan_encoding="cp1252")
    assert columns(resource["id"])[0] == "ลำดับ".encode("cp874").decode("cp1252")


@pytest.mark.ckan_config("ckan.plugins", DGPLAN)
def test_the_uploaded_file_still_downloads_byte_for_byte(create_with_upload, app):
    data = thai_csv("cp874")
    resource = upload_table(create_with_upload, data, "population.csv")
    assert search(resource["id"])["total"] == len(ROWS)
    url = helpers.call_action("resource_show", id=resource["id"])["url"]
    assert app.get(url.replace("http://test.ckan.net", ""), status=200).get_data() == data


LONG_A = "จำนวนผู้ได้รับการฉีดวัคซีนป้องกันโรคโควิด-19 เข็มที่ 3 (สะสม)"
LONG_B = "จำนวนผู้ได้รับการฉีดวัคซีนป้องกันโรคโควิด-19 เข็มที่ 4 (สะสม)"


@pytest.mark.ckan_config("ckan.plugins", DGPLAN)
def test_thai_headers_kept_long_empty_and_duplicate_named_with_labels(create_with_upload):
    header = ("จังหวัด", LONG_A, LONG_B, "", "จังหวัด")
    rows = [("เชียงใหม่", "1200000", "900000", "x", "ซ้ำ")]
    resource = upload_table(create_with_upload, thai_csv("utf-8", rows=rows, header=header), "vaccine.csv")
    info = helpers.call_action("datastore_info", id=resource["id"])
    fields = [f for f in info["fields"] if f["id"] != "_id"]
    ids = [f["id"] for f in fields]
    assert ids[0] == "จังหวัด"
    assert len(set(ids)) == 5
    assert all(len(i.encode("utf-8")) <= 63 for i in ids)
    assert ids[1] != ids[2] and ids[1].startswith("จำนวนผู้ได้รับการ")
    assert ids[3] == "column_4" and ids[4] == "จังหวัด_2"
    labels = [f.get("info", {}).get("label") for f in fields]
    assert labels[1] == LONG_A and labels[2] == LONG_B and labels[4] == "จังหวัด"
    record = search(resource["id"])["records"][0]
    assert record[ids[1]] == "1200000" and record[ids[4]] == "ซ้ำ"


VIEWS = DGPLAN + " datatables_view"


@pytest.mark.ckan_config("ckan.plugins", VIEWS)
@pytest.mark.ckan_config("ckan.views.default_views", "datatables_view")
def test_a_loaded_table_gets_a_table_view_and_a_status_and_an_excel_csv(create_with_upload, app):
    resource = upload_table(create_with_upload, thai_csv("cp874"), "population.csv")
    views = helpers.call_action("resource_view_list", id=resource["id"])
    assert [v["view_type"] for v in views] == ["datatables_view"]

    page = app.get(f"/dataset/{resource['package_id']}/resource/{resource['id']}", status=200).get_data(as_text=True)
    assert "นำเข้าตารางข้อมูลแล้ว" in page and "Table loaded" in page
    assert f"/datastore/dump/{resource['id']}?bom=True" in page

    dump = app.get(f"/datastore/dump/{resource['id']}?bom=True", status=200).get_data()
    assert dump.startswith(b"\xef\xbb\xbf")
    assert dump.decode("utf-8-sig").splitlines()[0] == "_id," + ",".join(HEADER)


@pytest.mark.ckan_config("ckan.plugins", VIEWS)
def test_a_failed_load_says_so_in_thai_and_english(create_with_upload, app):
    resource = upload_table(create_with_upload, b"", "empty.csv")
    assert xloader_status(resource["id"])["status"] == "error"
    page = app.get(f"/dataset/{resource['package_id']}/resource/{resource['id']}", status=200).get_data(as_text=True)
    assert "นำเข้าตารางข้อมูลไม่สำเร็จ" in page and "could not be loaded" in page


BAD_FILES = {
    "garbage": (bytes(range(256)) * 40, "ไม่ใช่ไฟล์ข้อความ CSV", "not a CSV text file"),
    "empty": (b"", "ไฟล์ว่างเปล่า", "The file is empty"),
    "header-only": ("ลำดับ,จังหวัด\r\n".encode("cp874"), "ไม่มีแถวข้อมูล", "no data rows"),
    "ragged": ("ลำดับ,จังหวัด\n1,เชียงใหม่\n2,ลำพูน,เกินมา\n".encode("utf-8"), "บรรทัด 3", "line 3"),
    "damaged-utf-8": ("ลำดับ,จังหวัด\n1,เชียงใหม่\n".encode("utf-8") * 5 + b"2,\xff\xfe\n",
                      "บรรทัด 11", "not valid utf-8 (line 11)"),
}


@pytest.mark.parametrize("kind", sorted(BAD_FILES))
@pytest.mark.ckan_config("ckan.plugins", DGPLAN)
def test_bad_files_fail_with_a_clear_bilingual_status_and_no_table(create_with_upload, app, kind):
    data, th, en = BAD_FILES[kind]
    assert_refused(app, upload_table(create_with_upload, data, f"{kind}.csv")["id"], data, th, en)


@pytest.mark.ckan_config("ckan.plugins", DGPLAN)
def test_a_failed_reload_keeps_the_previous_table(create_with_upload):
    resource = upload_table(create_with_upload, thai_csv("utf-8"), "population.csv")
    assert search(resource["id"])["total"] == len(ROWS)
    create_with_upload(BAD_FILES["ragged"][0], "population.csv", action="resource_update", id=resource["id"],
                       url="http://data", format="CSV", package_id=resource["package_id"])
    from .xloader_support import run_jobs
    run_jobs()
    assert xloader_status(resource["id"])["status"] == "error"
    result = search(resource["id"], sort="_id")
    assert result["total"] == len(ROWS) and result["records"][0]["จังหวัด"] == "กรุงเทพมหานคร"


@pytest.mark.ckan_config("ckan.plugins", DGPLAN)
def test_a_table_made_by_datastore_create_is_not_queued_for_xloader(create_with_upload):
    """``datastore_create`` with a new resource (CKAN's way, and the KPI tables' way with url_type
    ``datastore``) makes a resource without a file: xloader must not queue a load of it."""
    dataset = factories.Dataset(owner_org=factories.Organization()["id"])
    made = [helpers.call_action("datastore_create", force=True, fields=[{"id": "ตัวชี้วัด", "type": "text"}],
                                records=[{"ตัวชี้วัด": "อันดับรัฐบาลดิจิทัล"}],
                                resource={"package_id": dataset["id"], "format": "CSV", **extra})["resource_id"]
            for extra in ({}, {"url_type": "datastore"})]
    queued = " ".join(str(job.args) for job in ckan_jobs.get_queue().get_jobs())
    for rid in made:
        assert rid not in queued
        with pytest.raises(tk.ObjectNotFound):
            helpers.call_action("task_status_show", entity_id=rid, task_type="xloader", key="xloader")
        assert search(rid)["records"][0]["ตัวชี้วัด"] == "อันดับรัฐบาลดิจิทัล"
    # An uploaded file is still loaded.
    assert xloader_status(upload_table(create_with_upload, thai_csv("utf-8"), "population.csv")["id"])["status"] \
        == "complete"

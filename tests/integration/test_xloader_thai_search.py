"""Issue 18: ``datastore_search`` with a Thai ``q`` finds a Thai word inside a cell.

A table is uploaded and loaded by xloader's real job (see ``xloader_support``); its cells are titles of
real data.go.th datasets from the demo corpus (``ckanext/dgplan/data/demo/corpus.jsonl``: records
bec_school, td131435591, airport-rail-link-arl, train_station), plus one English row.
"""
from __future__ import annotations

import pytest
import sqlalchemy as sa
from ckan.tests import factories, helpers
from ckanext.datastore.backend.postgres import get_write_engine

from ckanext.dgplan.store.tablesearch import thai_index_name

from .xloader_support import search, upload_table, xloader_env  # noqa: F401

DGPLAN = "datastore xloader dgplan_xloader"

pytestmark = pytest.mark.usefixtures("clean_db", "clean_datastore", "with_plugins", "xloader_env")

ROWS = [
    ("1", "ที่ตั้งโรงเรียนในสังกัดสำนักงานคณะกรรมการการศึกษาขั้นพื้นฐานในพื้นที่เขตกรุงเทพมหานคร", "school"),
    ("2", "การใช้ไฟฟ้าแบ่งตามประเภทผู้ใช้ไฟ การผลิตยางเครปและยางก้อน ปี 2557", "electricity"),
    ("3", "สถานีรับส่งผู้โดยสารรถไฟฟ้าท่าอากาศยานสุวรรณภูมิ (AIRPORT RAIL LINK: ARL)", "airport"),
    ("4", "สถานีรถไฟ/ที่หยุดรถไฟในกรุงเทพมหานคร", "railway stations"),
    ("5", "Open data portal of the Bangkok Metropolitan Administration", "english only"),
]
CSV = ("ลำดับ,ชื่อชุดข้อมูล,note\r\n" + "".join(f"{a},{b},{c}\r\n" for a, b, c in ROWS)).encode("utf-8")


def found(resource_id: str, q: str) -> list[str]:
    return sorted(r["ลำดับ"] for r in search(resource_id, q=q, limit=100)["records"])


@pytest.mark.ckan_config("ckan.plugins", DGPLAN)
def test_thai_words_inside_cells_are_found_and_english_search_is_unchanged(create_with_upload):
    rid = upload_table(create_with_upload, CSV, "titles.csv")["id"]
    # A word in the middle of a run of Thai (one lexeme for PostgreSQL's parser).
    assert found(rid, "สังกัด") == ["1"]
    assert found(rid, "ยางเครป") == ["2"]
    # A phrase of several words, inside the cell.
    assert found(rid, "คณะกรรมการการศึกษาขั้นพื้นฐาน") == ["1"]
    # A word in several rows, and no hit on rows without it (the English row, the electricity row).
    assert found(rid, "รถไฟ") == ["3", "4"]
    assert found(rid, "กรุงเทพมหานคร") == ["1", "4"]
    assert found(rid, "ไม่มีคำนี้ในตาราง") == []
    # Thai and English words together: both must be in the row.
    assert found(rid, "สุวรรณภูมิ airport") == ["3"]
    assert found(rid, "สุวรรณภูมิ bangkok") == []
    # Two Thai words, each somewhere in the row; the total counts the same rows.
    assert found(rid, "สถานี กรุงเทพ") == ["4"]
    assert search(rid, q="รถไฟ")["total"] == 2
    # English as before: stemmed whole words through _full_text.
    assert found(rid, "portals") == ["5"]
    assert found(rid, "rail") == ["3"]
    assert found(rid, "stations") == ["4"]


@pytest.mark.ckan_config("ckan.plugins", DGPLAN)
def test_tables_not_loaded_by_xloader_are_searched_as_before():
    """KPI tables and tables made through the API get no trigram index and the stock search."""
    dataset = factories.Dataset(owner_org=factories.Organization()["id"])
    resource = factories.Resource(package_id=dataset["id"], url="http://kpi")
    helpers.call_action("datastore_create", resource_id=resource["id"], force=True,
                        fields=[{"id": "ตัวชี้วัด", "type": "text"}, {"id": "value", "type": "numeric"}],
                        records=[{"ตัวชี้วัด": "อันดับรัฐบาลดิจิทัล", "value": 55},
                                 {"ตัวชี้วัด": "digital government rank", "value": 1}])
    assert search(resource["id"], q="อันดับรัฐบาลดิจิทัล")["total"] == 1
    assert search(resource["id"], q="รัฐบาล")["total"] == 0
    assert search(resource["id"], q="government")["total"] == 1
    with get_write_engine().connect() as conn:
        index = conn.execute(sa.text("SELECT to_regclass(:i)"), {"i": f'"{thai_index_name(resource["id"])}"'})
        assert index.scalar() is None

"""Issue 20: scripts that agencies run against GD Catalog portals work unchanged on dgplan.

The requests below are what such an ETL script sends (``requests`` with the GD Catalog era header
``X-CKAN-API-Key``, a JSON ``package_create`` in GD Catalog's Thai strings without tags, then a
multipart ``resource_create`` with the file), through CKAN's real web stack (PostgreSQL, Solr).
"""
from __future__ import annotations

import io
import json
from typing import Any

import pytest
from ckan.tests import factories, helpers

pytestmark = [
    pytest.mark.ckan_config("ckan.plugins", "dgplan scheming_datasets"),
    pytest.mark.usefixtures("clean_db", "clean_index", "with_plugins"),
]

CSV = "จังหวัด,จำนวนประชากร\nกรุงเทพมหานคร,5494932\nเชียงใหม่,1792474\n".encode("utf-8")


def _payload(org: dict[str, Any]) -> dict[str, Any]:
    """The dataset an agency script posts: GD Catalog's Thai choice strings, no tags."""
    return {
        "name": "population-by-province-2566",
        "title": "สถิติประชากรรายจังหวัด พ.ศ. 2566",
        "owner_org": org["name"],
        "data_type": "ข้อมูลสถิติ",
        "maintainer": "กลุ่มงานสถิติ",
        "maintainer_email": "stat@example.go.th",
        "notes": "จำนวนประชากรแยกตามจังหวัด จากทะเบียนราษฎร",
        "objective": ["ยุทธศาสตร์ชาติ"],
        "update_frequency_unit": "ปี",
        "update_frequency_interval": "1",
        "geo_coverage": "จังหวัด",
        "data_source": "กรมการปกครอง",
        "data_format": ["CSV"],
        "data_category": "ข้อมูลสาธารณะ",
        "license_id": "Creative Commons Attributions",
        "allow_harvest": "ยินยอม",
    }


@pytest.fixture
def editor() -> dict[str, Any]:
    user = factories.User()
    org = factories.Organization(users=[{"name": user["name"], "capacity": "editor"}])
    token = factories.APIToken(user=user["name"])["token"]
    return {"user": user, "org": org, "token": token}


def _post_json(app, action: str, body: dict[str, Any], headers: dict[str, str], status: int):
    return app.post(f"/api/3/action/{action}", data=json.dumps(body, ensure_ascii=False).encode("utf-8"),
                    headers={"Content-Type": "application/json", **headers}, status=status)


def test_agency_script_upload_with_x_ckan_api_key(app, editor):
    headers = {"X-CKAN-API-Key": editor["token"]}
    res = _post_json(app, "package_create", _payload(editor["org"]), headers, 200)
    pkg = res.json["result"]
    assert pkg["tags"] == []
    assert pkg["data_type"] == "statistical"
    assert pkg["data_category"] == "public"
    assert pkg["creator_user_id"] == editor["user"]["id"]

    res = app.post("/api/3/action/resource_create", headers=headers, status=200, data={
        "package_id": pkg["name"],
        "name": "ประชากรรายจังหวัด 2566",
        "format": "CSV",
        "upload": (io.BytesIO(CSV), "ประชากร.csv"),
    })
    resource = res.json["result"]
    assert resource["url_type"] == "upload"

    shown = helpers.call_action("package_show", id=pkg["id"])
    assert shown["tags"] == [] and len(shown["resources"]) == 1
    download = app.get(resource["url"].replace("http://test.ckan.net", ""), status=200)
    assert download.data == CSV
    # GD Catalog's own spelling comes back for the next harvest or sync.
    gdc = helpers.call_action("dgplan_gdc_dataset_show", id=pkg["id"])
    assert gdc["data_type"] == "ข้อมูลสถิติ"


def test_a_bad_token_under_either_header_is_refused_alike(app, editor):
    body = _payload(editor["org"])
    for header in ("Authorization", "X-CKAN-API-Key"):
        res = _post_json(app, "package_create", body, {header: "not-a-token"}, 403)
        assert res.json["success"] is False
    revoked = factories.APIToken(user=editor["user"]["name"])
    helpers.call_action("api_token_revoke", context={"user": editor["user"]["name"]}, token=revoked["token"])
    for header in ("Authorization", "X-CKAN-API-Key"):
        _post_json(app, "package_create", body, {header: revoked["token"]}, 403)


def test_authorization_header_wins_over_x_ckan_api_key(app, editor):
    """CKAN's own header is read as CKAN reads it; the legacy header does not override it."""
    res = app.get("/api/3/action/dgplan_plan_show", status=200,
                  headers={"Authorization": editor["token"], "X-CKAN-API-Key": "not-a-token"})
    assert res.json["success"] is True
    _post_json(app, "package_create", _payload(editor["org"]),
               {"Authorization": "not-a-token", "X-CKAN-API-Key": editor["token"]}, 403)


def test_tags_still_required_in_the_web_form(app, editor):
    form = {k: v for k, v in _payload(editor["org"]).items() if not isinstance(v, list)}
    form.update({"owner_org": editor["org"]["id"], "data_type": "statistical", "objective": "national_strategy",
                 "data_format": "csv", "update_frequency_unit": "year", "geo_coverage": "province",
                 "data_category": "public", "license_id": "cc-by", "allow_harvest": "True",
                 "tag_string": "", "save": ""})
    res = app.post("/dataset/new", data=form, headers={"Authorization": editor["token"]}, status=200)
    assert "กรุณาระบุคำสำคัญอย่างน้อยหนึ่งคำ" in res.body
    assert helpers.call_action("package_search", q="*:*", include_private=True)["count"] == 0

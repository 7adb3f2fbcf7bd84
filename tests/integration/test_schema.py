"""The GD Catalog dataset schema through ``package_create`` (real PostgreSQL and Solr).

Needs test.ini's ``scheming.dataset_schemas = ckanext.dgplan:schemas/dgplan_dataset.yaml``
and ``scheming.presets = ckanext.scheming:presets.json
ckanext.dgplan:schemas/dgplan_presets.yaml``.
"""
from __future__ import annotations

import re
from typing import Any

import pytest
from ckan import model
from ckan.logic import NotAuthorized, ValidationError
from ckan.tests import factories, helpers

pytestmark = [
    pytest.mark.ckan_config("ckan.plugins", "dgplan scheming_datasets"),
    pytest.mark.usefixtures("clean_db", "clean_index", "with_plugins"),
]

THAI = re.compile("[\u0e01-\u0e5b]")


def _data(org: dict[str, Any], **extra: Any) -> dict[str, Any]:
    """A valid dataset in GD Catalog's own spelling (Thai choice strings)."""
    data: dict[str, Any] = {
        "title": "สถิติประชากรรายจังหวัด",
        "owner_org": org["id"],
        "data_type": "ข้อมูลสถิติ",
        "maintainer": "กลุ่มงานสถิติ",
        "maintainer_email": "stat@example.go.th",
        "tag_string": "ประชากร, สถิติ",
        "notes": "จำนวนประชากรแยกตามจังหวัด",
        "objective": ["ยุทธศาสตร์ชาติ"],
        "update_frequency_unit": "ปี",
        "geo_coverage": "จังหวัด",
        "data_source": "สำนักงานสถิติแห่งชาติ",
        "data_format": ["CSV"],
        "data_category": "ข้อมูลสาธารณะ",
        "license_id": "Creative Commons Attributions",
    }
    data.update(extra)
    return data


def _create(org: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return helpers.call_action("package_create", **_data(org, **extra))


def _errors(org: dict[str, Any], **extra: Any) -> dict[str, Any]:
    with pytest.raises(ValidationError) as info:
        _create(org, **extra)
    return info.value.error_dict


def _text(errors: Any) -> str:
    return repr(errors)


def _bilingual(message: str) -> bool:
    """Thai, then " / ", then English."""
    th, sep, en = message.partition(" / ")
    return bool(sep and THAI.search(th) and re.search("[A-Za-z]{3}", en))


@pytest.fixture
def org() -> dict[str, Any]:
    return factories.Organization()


# -------------------------------------------------------------------- tags


def test_thai_tags_in_tag_string_are_accepted(org):
    pkg = _create(org, tag_string="ข้อมูล, สถิติ, ดิจิทัล, การศึกษา")
    assert sorted(t["name"] for t in pkg["tags"]) == sorted(
        ["ข้อมูล", "สถิติ", "ดิจิทัล", "การศึกษา"])


def test_thai_tags_in_tags_list_are_accepted(org):
    # the web form sends `tags` as well as `tag_string`; API clients often only `tags`.
    # Needs CKAN's tag_name_validator replaced (IValidators) by dgplan_tag_name.
    data = _data(org, tags=[{"name": "ข้อมูล"}, {"name": "สถิติ"}])
    del data["tag_string"]
    pkg = helpers.call_action("package_create", **data)
    assert sorted(t["name"] for t in pkg["tags"]) == ["ข้อมูล", "สถิติ"]


def test_tags_given_twice_are_stored_once(org):
    pkg = _create(org, tags=[{"name": "ข้อมูล"}], tag_string="ข้อมูล, สถิติ")
    assert sorted(t["name"] for t in pkg["tags"]) == ["ข้อมูล", "สถิติ"]


@pytest.mark.parametrize("bad", ["bad$tag", "<script>"])
def test_bad_tag_in_tag_string_is_refused_and_named(org, bad):
    errors = _errors(org, tag_string=f"ข้อมูล, {bad}")
    messages = errors["tag_string"]
    assert any(bad in m for m in messages)
    assert all(_bilingual(m) for m in messages)


@pytest.mark.parametrize("bad", ["bad$tag", "<script>"])
def test_bad_tag_in_tags_list_is_refused_and_named(org, bad):
    data = _data(org, tags=[{"name": "ข้อมูล"}, {"name": bad}])
    del data["tag_string"]
    with pytest.raises(ValidationError) as info:
        helpers.call_action("package_create", **data)
    assert bad in _text(info.value.error_dict["tags"])


def test_tags_are_required_in_the_form_only(org):
    """GD Catalog's API accepts a dataset without tags (``ignore_missing tag_string_convert``)."""
    with pytest.raises(ValidationError) as info:
        helpers.call_action("package_create", context={"save": True}, **_data(org, tag_string=""))
    assert _bilingual(info.value.error_dict["tag_string"][0])
    assert _create(org, tag_string="")["tags"] == []


# ----------------------------------------------------------------- choices


def test_thai_choice_labels_are_stored_as_codes(org):
    pkg = _create(
        org,
        data_category="ข้อมูลใช้ภายใน",
        data_classification="ชั้นเผยแพร่ภายในองค์กร",
        objective=["ยุทธศาสตร์ชาติ", "พันธกิจหน่วยงาน"],
        data_format=["CSV", "XLS/XLSX"],
        allow_harvest="ยินยอม",
        unit_of_multiplier="ล้าน",
    )
    assert pkg["data_type"] == "statistical"
    assert pkg["objective"] == ["national_strategy", "agency_mission"]
    assert pkg["update_frequency_unit"] == "year"
    assert pkg["geo_coverage"] == "province"
    assert pkg["data_format"] == ["csv", "xls"]
    assert pkg["data_category"] == "internal"
    assert pkg["data_classification"] == "internal"
    assert pkg["allow_harvest"] == "True"
    assert pkg["unit_of_multiplier"] == "1e6"

    shown = helpers.call_action("package_show", id=pkg["id"])
    assert shown["data_type"] == "statistical"
    assert shown["objective"] == ["national_strategy", "agency_mission"]


def test_codes_and_english_labels_are_accepted(org):
    pkg = _create(org, data_type="Geospatial data", objective=["national_strategy"],
                  geo_coverage="country", data_category="public")
    assert pkg["data_type"] == "geospatial"
    assert pkg["objective"] == ["national_strategy"]
    assert pkg["geo_coverage"] == "country"


def test_unknown_choice_is_refused_in_both_languages(org):
    errors = _errors(org, data_type="ข้อมูลลับ")
    assert "ข้อมูลลับ" in errors["data_type"][0]
    assert _bilingual(errors["data_type"][0])
    assert "record" in errors["data_type"][0]


def test_required_fields(org):
    data = _data(org)
    for field in ("data_type", "maintainer", "objective", "data_category", "license_id"):
        data.pop(field)
    with pytest.raises(ValidationError) as info:
        helpers.call_action("package_create", **data)
    errors = info.value.error_dict
    for field in ("data_type", "maintainer", "objective", "data_category", "license_id"):
        assert _bilingual(errors[field][0]), field


# ------------------------------------------------------------------- other


def test_other_requires_its_text(org):
    errors = _errors(org, objective=["อื่นๆ"], geo_coverage="อื่นๆ")
    assert _bilingual(errors["objective_other"][0])
    assert _bilingual(errors["geo_coverage_other"][0])

    pkg = _create(org, objective=["อื่นๆ"], objective_other="แผนพัฒนาจังหวัด",
                  geo_coverage="อื่นๆ", geo_coverage_other="ลุ่มน้ำ")
    assert pkg["objective"] == ["other"]
    assert pkg["objective_other"] == "แผนพัฒนาจังหวัด"


def test_other_data_type_requires_its_text(org):
    errors = _errors(org, data_type="ข้อมูลประเภทอื่นๆ")
    assert "data_type_other" in errors
    pkg = _create(org, data_type="ข้อมูลประเภทอื่นๆ", data_type_other="ข้อมูลเสียง")
    assert pkg["data_type"] == "other"


def test_other_licence_requires_its_text(org):
    errors = _errors(org, license_id="อื่นๆ")
    assert "license_id_other" in errors
    pkg = _create(org, license_id="อื่นๆ", license_id_other="Thai Open Government Licence")
    assert pkg["license_id"].startswith("other-")


def test_fields_of_other_types_are_not_required(org):
    # data_support applies to record / mixed / other datasets only
    pkg = _create(org, data_type="ข้อมูลสถิติ", data_support="อื่นๆ")
    assert pkg["data_type"] == "statistical"
    errors = _errors(org, data_type="ข้อมูลระเบียน", data_support="อื่นๆ")
    assert "data_support_other" in errors


# ----------------------------------------------------------- dates, years


def test_buddhist_era_dates_are_stored_as_iso(org):
    pkg = _create(org, last_updated_date="1 ต.ค. 2566",
                  data_release_calendar="2566-10-01",
                  first_year_of_data="๒๕๖๖", last_year_of_data="2023")
    assert pkg["last_updated_date"] == "2023-10-01"
    assert pkg["data_release_calendar"] == "2023-10-01"
    assert pkg["first_year_of_data"] == "2566"
    assert pkg["last_year_of_data"] == "2566"


def test_invalid_date_error_is_thai_and_english(org):
    errors = _errors(org, last_updated_date="31 ก.พ. 2566")
    message = errors["last_updated_date"][0]
    assert _bilingual(message)
    assert "31 ก.พ. 2566" in message


def test_resource_fields(org):
    pkg = _create(org, resources=[{
        "name": "ข้อมูลปี 2566",
        "url": "http://example.com/data.csv",
        "resource_disaggregate": ["เพศ", "อายุ/กลุ่มอายุ"],
        "resource_first_year_of_data": "2023",
        "resource_last_updated_date": "๑ ตุลาคม ๒๕๖๖",
        "resource_unit_of_multiplier": "พัน",
        "resource_official_statistics": "ใช่",
    }])
    res = pkg["resources"][0]
    assert res["resource_disaggregate"] == ["sex", "age"]
    assert res["resource_first_year_of_data"] == "2566"
    assert res["resource_last_updated_date"] == "2023-10-01"
    assert res["resource_unit_of_multiplier"] == "1e3"
    assert res["resource_official_statistics"] == "True"


def test_resource_create_keeps_dataset_valid(org):
    pkg = _create(org)
    helpers.call_action("resource_create", package_id=pkg["id"], name="ไฟล์",
                        url="http://example.com/a.csv", resource_data_collect="บุคคล")
    shown = helpers.call_action("package_show", id=pkg["id"])
    assert shown["resources"][0]["resource_data_collect"] == "person"
    assert shown["data_type"] == "statistical"


# ---------------------------------------------------------- bounding box


def test_old_latitude_names_are_mapped(org):
    pkg = _create(org, data_type="ข้อมูลภูมิสารสนเทศเชิงพื้นที่",
                  north_bound_longitude="20.46", south_bound_longitude="5.61",
                  west_bound_longitude="97.34", east_bound_longitude="105.64")
    assert pkg["north_bound_latitude"] == "20.46"
    assert pkg["south_bound_latitude"] == "5.61"
    assert "north_bound_longitude" not in pkg
    assert "south_bound_longitude" not in pkg
    assert not any("bound_longitude" in e["key"] and e["key"].startswith(("north", "south"))
                   for e in pkg.get("extras", []))


def test_latitude_out_of_range(org):
    errors = _errors(org, data_type="ข้อมูลภูมิสารสนเทศเชิงพื้นที่", north_bound_latitude="97.3")
    assert _bilingual(errors["north_bound_latitude"][0])


# ---------------------------------------------------------------- licences


@pytest.mark.parametrize("given, stored", [
    ("Creative Commons Attributions", "cc-by"),
    ("Creative Commons Attribution Share-Alike", "cc-by-sa"),
    ("Open Data Common", "odc-by"),
    ("License not specified", "notspecified"),
    ("cc-by", "cc-by"),
])
def test_gdc_licence_strings_are_mapped(org, given, stored):
    pkg = _create(org, license_id=given)
    assert pkg["license_id"] == stored
    assert pkg["license_title"]


def test_unknown_licence_lists_accepted_values(org):
    errors = _errors(org, license_id="Some Licence")
    message = errors["license_id"][0]
    assert _bilingual(message)
    assert "Some Licence" in message
    assert "Creative Commons Attributions" in message
    assert "cc-by" in message


# ------------------------------------------------------------------- slugs


def test_slug_generated_from_thai_title_and_unique(org):
    first = _create(org)
    second = _create(org)
    assert re.fullmatch(r"[a-z0-9_-]{2,100}", first["name"])
    assert first["name"] != second["name"]
    assert second["name"] == first["name"] + "-2"
    third = _create(org)
    assert third["name"] == first["name"] + "-3"


def test_given_name_is_kept(org):
    pkg = _create(org, name="population-by-province")
    assert pkg["name"] == "population-by-province"


def test_update_without_name_keeps_it(org):
    pkg = _create(org)
    data = dict(pkg)
    data.pop("name")
    updated = helpers.call_action("package_update", **data)
    assert updated["name"] == pkg["name"]


def test_slug_preview_matches_package_create(org):
    preview = helpers.call_action("dgplan_slug_preview", title="สถิติประชากรรายจังหวัด")
    pkg = _create(org)
    assert pkg["name"] == preview["slug"]
    again = helpers.call_action("dgplan_slug_preview", title="สถิติประชากรรายจังหวัด")
    assert again["slug"] == pkg["name"] + "-2"
    own = helpers.call_action("dgplan_slug_preview", title="สถิติประชากรรายจังหวัด",
                              id=pkg["id"])
    assert own["slug"] == pkg["name"]


def test_slug_preview_is_public_and_needs_a_title():
    assert helpers.call_auth("dgplan_slug_preview", {"user": "", "model": model})
    with pytest.raises(ValidationError) as info:
        helpers.call_action("dgplan_slug_preview", title="")
    assert "title" in info.value.error_dict


# ------------------------------------------------------- GD Catalog output


def test_gdc_dataset_show_round_trip(org):
    pkg = _create(
        org,
        data_type="ข้อมูลภูมิสารสนเทศเชิงพื้นที่",
        objective=["ยุทธศาสตร์ชาติ", "อื่นๆ"],
        objective_other="แผนจังหวัด",
        data_format=["CSV", "Shapefile"],
        data_category="ข้อมูลใช้ภายใน",
        north_bound_latitude="20.46",
        south_bound_latitude="5.61",
        equivalent_scale="1:50,000",
        last_updated_date="2566-10-01",
    )
    shown = helpers.call_action("dgplan_gdc_dataset_show", id=pkg["name"])
    assert shown["id"] == pkg["id"]
    assert shown["data_type"] == "ข้อมูลภูมิสารสนเทศเชิงพื้นที่"
    assert shown["objective"] == ["ยุทธศาสตร์ชาติ", "อื่นๆ"]
    assert shown["data_format"] == ["CSV", "Shapefile"]
    assert shown["data_category"] == "ข้อมูลใช้ภายใน"
    assert shown["update_frequency_unit"] == "ปี"
    assert shown["equivalent_scale"] == "1:50,000"
    assert shown["license_id"] == "Creative Commons Attributions"
    assert shown["north_bound_longitude"] == "20.46"
    assert shown["south_bound_longitude"] == "5.61"
    assert "north_bound_latitude" not in shown
    assert shown["last_updated_date"] == "2023-10-01"

    # a GD Catalog record fed back in gives the same stored values
    copy = {k: v for k, v in shown.items() if k not in (
        "id", "name", "resources", "organization", "groups", "relationships_as_object",
        "relationships_as_subject", "metadata_created", "metadata_modified",
        "creator_user_id", "num_resources", "num_tags", "state", "revision_id",
        "license_title", "license_url", "isopen", "extras", "private", "type",
        "tracking_summary")}
    copy["owner_org"] = org["id"]
    again = helpers.call_action("package_create", **copy)
    for field in ("data_type", "objective", "objective_other", "data_format",
                  "data_category", "update_frequency_unit", "geo_coverage",
                  "equivalent_scale", "license_id", "north_bound_latitude",
                  "south_bound_latitude", "last_updated_date"):
        assert again[field] == pkg[field], field
    assert sorted(t["name"] for t in again["tags"]) == sorted(t["name"] for t in pkg["tags"])


def test_gdc_dataset_show_other_licence(org):
    pkg = _create(org, license_id="cc-zero")
    shown = helpers.call_action("dgplan_gdc_dataset_show", id=pkg["id"])
    assert shown["license_id"] == "อื่นๆ"
    assert shown["license_id_other"]


def test_gdc_dataset_show_respects_package_show_auth(org):
    pkg = _create(org, private=True)
    context = {"user": "", "model": model, "ignore_auth": False}
    with pytest.raises(NotAuthorized):
        helpers.call_action("dgplan_gdc_dataset_show", context=context, id=pkg["id"])

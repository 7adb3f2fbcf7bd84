"""ckanext.dgplan.gdc, and the dataset schema's agreement with it (no CKAN needed)."""
from __future__ import annotations

import ast
import copy
import json
import re
from pathlib import Path

import pytest
import yaml

from ckanext.dgplan import gdc

ROOT = Path(__file__).resolve().parents[2]
SCHEMA_FILE = ROOT / "schemas" / "dgplan_dataset.yaml"
PRESETS_FILE = ROOT / "schemas" / "dgplan_presets.yaml"
VALIDATORS_FILE = ROOT / "ckanext" / "dgplan" / "logic" / "validators" / "gdc.py"

# The GD Catalog schema (ckanext-thai_gdc), as listed in the research notes.
GDC_DATASET_FIELDS = [
    "data_type", "data_type_other", "title", "name", "owner_org", "allow_harvest",
    "reference_url_catalog", "maintainer", "maintainer_email", "tag_string", "notes",
    "objective", "objective_other", "update_frequency_unit", "update_frequency_unit_other",
    "update_frequency_interval", "geo_coverage", "geo_coverage_other", "data_source",
    "data_format", "data_format_other", "data_category", "license_id", "license_id_other",
    "accessible_condition", "data_support", "data_support_other", "data_collect",
    "data_collect_other", "url", "data_language", "data_language_other", "created_date",
    "last_updated_date", "data_release_calendar", "first_year_of_data", "last_year_of_data",
    "disaggregate", "disaggregate_other", "unit_of_measure", "unit_of_multiplier",
    "unit_of_multiplier_other", "calculation_method", "standard", "geographic_data_set",
    "equivalent_scale", "equivalent_scale_other", "west_bound_longitude",
    "east_bound_longitude", "north_bound_longitude", "south_bound_longitude",
    "positional_accuracy", "reference_period", "data_release_date", "high_value_dataset",
    "reference_data", "official_statistics",
]
GDC_REQUIRED = {
    "data_type", "title", "maintainer", "maintainer_email", "tag_string", "notes",
    "objective", "update_frequency_unit", "geo_coverage", "data_source", "data_format",
    "data_category", "license_id",
}
GDC_RESOURCE_FIELDS = [
    "url", "name", "description", "resource_accessible_condition", "resource_data_collect",
    "resource_data_collect_other", "resource_first_year_of_data", "resource_last_year_of_data",
    "resource_disaggregate", "resource_disaggregate_other", "resource_unit_of_measure",
    "resource_unit_of_multiplier", "resource_unit_of_multiplier_other",
    "resource_geographic_data_set", "resource_equivalent_scale",
    "resource_equivalent_scale_other", "resource_positional_accuracy",
    "resource_created_date", "resource_last_updated_date", "resource_data_release_calendar",
    "resource_official_statistics", "resource_data_release_date", "format",
]
# "Applies to" of the GD Catalog schema (fields absent here apply to every type)
REC_MULTI_OTHER = ["record", "multiple", "other"]
GDC_TYPES = {
    "data_type_other": ["other"],
    "data_support": REC_MULTI_OTHER, "data_support_other": REC_MULTI_OTHER,
    "data_collect": REC_MULTI_OTHER, "data_collect_other": REC_MULTI_OTHER,
    "created_date": REC_MULTI_OTHER,
    "data_release_calendar": ["statistical", "geospatial"],
    "high_value_dataset": REC_MULTI_OTHER, "reference_data": REC_MULTI_OTHER,
    "official_statistics": ["statistical"],
    "resource_data_collect": REC_MULTI_OTHER, "resource_data_collect_other": REC_MULTI_OTHER,
    "resource_created_date": ["record", "geospatial", "multiple", "other"],
}
STAT_ONLY = [
    "first_year_of_data", "last_year_of_data", "disaggregate", "disaggregate_other",
    "unit_of_measure", "unit_of_multiplier", "unit_of_multiplier_other",
    "calculation_method", "standard", "resource_first_year_of_data",
    "resource_last_year_of_data", "resource_disaggregate", "resource_disaggregate_other",
    "resource_unit_of_measure", "resource_unit_of_multiplier",
    "resource_unit_of_multiplier_other", "resource_data_release_calendar",
    "resource_official_statistics",
]
GEO_ONLY = [
    "geographic_data_set", "equivalent_scale", "equivalent_scale_other",
    "west_bound_longitude", "east_bound_longitude", "north_bound_latitude",
    "south_bound_latitude", "positional_accuracy", "reference_period", "data_release_date",
    "resource_geographic_data_set", "resource_equivalent_scale",
    "resource_equivalent_scale_other", "resource_positional_accuracy",
    "resource_data_release_date",
]
GDC_TYPES.update({f: ["statistical"] for f in STAT_ONLY})
GDC_TYPES.update({f: ["geospatial"] for f in GEO_ONLY})

DATE_FIELDS = {
    "created_date", "last_updated_date", "data_release_calendar", "data_release_date",
    "resource_created_date", "resource_last_updated_date",
    "resource_data_release_calendar", "resource_data_release_date",
}
YEAR_FIELDS = {
    "first_year_of_data", "last_year_of_data",
    "resource_first_year_of_data", "resource_last_year_of_data",
}


@pytest.fixture(scope="module")
def schema() -> dict:
    with SCHEMA_FILE.open(encoding="utf-8") as f:
        return yaml.safe_load(f)


@pytest.fixture(scope="module")
def presets() -> dict:
    with PRESETS_FILE.open(encoding="utf-8") as f:
        return {p["preset_name"]: p["values"] for p in yaml.safe_load(f)["presets"]}


def _fields(schema: dict, group: str) -> dict[str, dict]:
    return {f["field_name"]: f for f in _gdc_fields(schema[group])}


# ------------------------------------------------------------------ purity


def test_gdc_module_imports_nothing_from_ckan():
    tree = ast.parse((ROOT / "ckanext" / "dgplan" / "gdc.py").read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            names = [node.module or ""]
        else:
            continue
        assert not any(n == "ckan" or n.startswith(("ckan.", "ckanext.")) for n in names), names


# ------------------------------------------------------------------ choices


def test_codes_are_stable_ascii():
    for name in gdc.choice_set_names():
        codes = [c.code for c in gdc.choice_set(name)]
        assert len(codes) == len(set(codes)), name
        for code in codes:
            assert re.fullmatch(r"[A-Za-z0-9_.:-]+", code), (name, code)


def test_data_type_codes():
    assert [c.code for c in gdc.choices_for("data_type")] == [
        "record", "statistical", "geospatial", "multiple", "other",
    ]


def test_data_category_has_internal_use():
    assert gdc.from_gdc_value("data_category", "ข้อมูลใช้ภายใน") == "internal"
    assert gdc.to_gdc_value("data_category", "internal") == "ข้อมูลใช้ภายใน"
    assert gdc.from_gdc_value("data_category", "ข้อมูลสาธารณะ") == "public"


def test_data_classification_levels():
    gdc_values = [c.gdc for c in gdc.choices_for("data_classification")]
    assert gdc_values == ["เปิดเผย", "ชั้นเผยแพร่ภายในองค์กร", "ลับ", "ลับมาก", "ลับที่สุด"]


@pytest.mark.parametrize("value, code", [
    ("ข้อมูลระเบียน", "record"),                 # GD Catalog's stored string
    ("record", "record"),                         # the code
    ("RECORD", "record"),
    ("Statistical data", "statistical"),          # English label
    ("  ข้อมูลสถิติ ", "statistical"),
    ("ข้อมูลหลากหลายประเภท", "multiple"),
    ("mixed", "multiple"),                        # alias
    ("ข้อมูลประเภทอื่นๆ", "other"),
    ("ข้อมูลประเภทอื่น ๆ", "other"),              # spaced mai yamok
    ("ข้อมูล\u200bระเบียน", "record"),            # zero-width space
])
def test_from_gdc_value_data_type(value, code):
    assert gdc.from_gdc_value("data_type", value) == code


def test_from_gdc_value_resource_field_shares_the_set():
    assert gdc.from_gdc_value("resource_data_collect", "บุคคล") == "person"
    assert gdc.from_gdc_value("data_collect", "บุคคล") == "person"


def test_from_gdc_value_booleans():
    assert gdc.from_gdc_value("allow_harvest", "True") == "True"
    assert gdc.from_gdc_value("allow_harvest", "ยินยอม") == "True"
    assert gdc.from_gdc_value("allow_harvest", "ไม่ยินยอม") == "False"
    assert gdc.from_gdc_value("allow_harvest", True) == "True"
    assert gdc.from_gdc_value("high_value_dataset", "ใช่") == "True"
    assert gdc.from_gdc_value("official_statistics", "false") == "False"


def test_data_format_gdc_value_differs_from_label():
    # GD Catalog stores "XLS" for the choice labelled "XLS/XLSX"
    assert gdc.from_gdc_value("data_format", "XLS") == "xls"
    assert gdc.from_gdc_value("data_format", "XLS/XLSX") == "xls"
    assert gdc.to_gdc_value("data_format", ["xls"]) == ["XLS"]


def test_unknown_choice_is_refused_in_both_languages():
    with pytest.raises(gdc.GdcValueError) as info:
        gdc.from_gdc_value("data_type", "ข้อมูลลับ")
    err = info.value
    assert isinstance(err, ValueError)
    assert "ข้อมูลลับ" in err.th and "ข้อมูลลับ" in err.en
    assert re.search("[ก-๙]", err.th)
    assert "record" in err.en
    assert err.accepted == ("record", "statistical", "geospatial", "multiple", "other")
    assert str(err) == f"{err.th} / {err.en}"


@pytest.mark.parametrize("value", [None, ["record"], {"a": 1}])
def test_from_gdc_value_refuses_non_scalars(value):
    with pytest.raises(gdc.GdcValueError):
        gdc.from_gdc_value("data_type", value)


def test_from_gdc_value_unknown_field():
    with pytest.raises(KeyError):
        gdc.from_gdc_value("title", "x")


@pytest.mark.parametrize("value, codes", [
    (["ยุทธศาสตร์ชาติ", "อื่นๆ"], ["national_strategy", "other"]),
    ('["ยุทธศาสตร์ชาติ", "พันธกิจหน่วยงาน"]', ["national_strategy", "agency_mission"]),
    ("ยุทธศาสตร์ชาติ, อื่น ๆ", ["national_strategy", "other"]),
    ("แผนระดับที่ 3 (มติครม. 4 ธ.ค. 2560)", ["level3_plan"]),
    (["national_strategy", "ยุทธศาสตร์ชาติ"], ["national_strategy"]),
    ([], []),
    ("", []),
])
def test_from_gdc_values(value, codes):
    assert gdc.from_gdc_values("objective", value) == codes


def test_from_gdc_values_names_the_bad_value():
    with pytest.raises(gdc.GdcValueError) as info:
        gdc.from_gdc_values("data_format", ["CSV", "Excel 97"])
    assert info.value.value == "Excel 97"


def test_to_gdc_value():
    assert gdc.to_gdc_value("data_type", "geospatial") == "ข้อมูลภูมิสารสนเทศเชิงพื้นที่"
    assert gdc.to_gdc_value("objective", ["national_strategy"]) == ["ยุทธศาสตร์ชาติ"]
    assert gdc.to_gdc_value("objective", '["other"]') == ["อื่นๆ"]
    assert gdc.to_gdc_value("data_type", "not-a-code") == "not-a-code"
    assert gdc.to_gdc_value("title", "record") == "record"


def test_every_gdc_string_round_trips():
    for field, set_name in gdc.gdc_fields().items():
        for choice in gdc.choice_set(set_name):
            code = gdc.from_gdc_value(field, choice.gdc)
            assert code == choice.code
            for spelling in choice.spellings():
                assert gdc.from_gdc_value(field, spelling) == code
            expected = [choice.gdc] if gdc.is_multiple(field) else choice.gdc
            value = [code] if gdc.is_multiple(field) else code
            assert gdc.to_gdc_value(field, value) == expected


def test_is_other():
    assert gdc.is_other("objective", ["national_strategy", "other"])
    assert gdc.is_other("objective", '["อื่นๆ"]')
    assert gdc.is_other("data_type", "ข้อมูลประเภทอื่นๆ")
    assert not gdc.is_other("data_type", "record")
    assert not gdc.is_other("data_type", "")
    assert gdc.is_other("license_id", "other-closed")
    assert gdc.is_other("license_id", "อื่นๆ")
    assert not gdc.is_other("license_id", "cc-by")
    assert not gdc.is_other("title", "other")


def test_scheming_choices():
    assert gdc.scheming_choices("data_type")[0] == {
        "value": "record", "label": {"th": "ข้อมูลระเบียน", "en": "Record data"},
    }


# ------------------------------------------------------------------ licences

CKAN_IDS = [
    "notspecified", "odc-pddl", "odc-odbl", "odc-by", "cc-zero", "cc-by", "cc-by-sa",
    "gfdl", "other-open", "other-pd", "other-at", "uk-ogl", "cc-nc", "other-nc",
    "other-closed",
]


@pytest.mark.parametrize("value, license_id", [
    ("License not specified", "notspecified"),
    ("Creative Commons Attributions", "cc-by"),
    ("Creative Commons Attribution Share-Alike", "cc-by-sa"),
    ("Creative Commons Non-Commercial (Any)", "cc-nc"),
    ("Open Data Common", "odc-by"),
    ("GNU Free Documentation License", "gfdl"),
    ("อื่นๆ", "other-open"),
    ("อื่น ๆ", "other-open"),
    ("cc-by", "cc-by"),
    ("CC-BY", "cc-by"),
    ("uk-ogl", "uk-ogl"),
    ("creative commons attributions", "cc-by"),
])
def test_license_from_gdc(value, license_id):
    assert gdc.license_from_gdc(value, CKAN_IDS) == (license_id, None)


def test_every_gdc_licence_string_maps_to_a_ckan_id():
    for text in gdc.accepted_licenses():
        license_id, _keep = gdc.license_from_gdc(text, CKAN_IDS)
        assert license_id in CKAN_IDS


def test_lossy_licence_keeps_the_gdc_string():
    assert gdc.license_from_gdc("Creative Commons Attribution No-Derivs", CKAN_IDS) == (
        "other-closed", "Creative Commons Attribution No-Derivs",
    )
    license_id, keep = gdc.license_from_gdc(
        "Creative Commons Attribution Non-Commercial Share-Alike", CKAN_IDS)
    assert license_id == "cc-nc"
    # and the GD Catalog gets the same string back
    assert gdc.license_to_gdc(license_id, keep) == (
        "Creative Commons Attribution Non-Commercial Share-Alike", "",
    )


def test_licence_titles_of_the_register():
    titles = {"Creative Commons CCZero": "cc-zero"}
    assert gdc.license_from_gdc("Creative Commons CCZero", CKAN_IDS, titles) == ("cc-zero", None)


def test_unknown_licence_error_lists_accepted_values():
    with pytest.raises(gdc.GdcValueError) as info:
        gdc.license_from_gdc("Some Licence", ["cc-by", "odc-by"])
    err = info.value
    assert err.field == "license_id"
    assert '"Some Licence"' in err.th and '"Some Licence"' in err.en
    assert "Creative Commons Attributions" in err.en and "Open Data Common" in err.en
    assert "cc-by" in err.accepted
    # strings whose id the site's register lacks are not offered
    assert "GNU Free Documentation License" not in err.accepted
    assert re.search("[ก-๙]", err.th)


def test_licence_missing_from_register_is_refused():
    with pytest.raises(gdc.GdcValueError):
        gdc.license_from_gdc("GNU Free Documentation License", ["cc-by"])


@pytest.mark.parametrize("value", ["", None, "   "])
def test_empty_licence_is_refused(value):
    with pytest.raises(gdc.GdcValueError):
        gdc.license_from_gdc(value, CKAN_IDS)


def test_license_to_gdc():
    assert gdc.license_to_gdc("cc-by") == ("Creative Commons Attributions", None)
    assert gdc.license_to_gdc("odc-odbl", "") == ("Open Data Common", "")
    assert gdc.license_to_gdc("cc-zero", None, "Creative Commons CCZero") == (
        "อื่นๆ", "Creative Commons CCZero")
    assert gdc.license_to_gdc("other-open", "Thai OGL") == ("อื่นๆ", "Thai OGL")
    assert gdc.license_to_gdc("other-open") == ("อื่นๆ", "other-open")
    # a value stored before the mapping existed is already GD Catalog's
    assert gdc.license_to_gdc("Open Data Common") == ("Open Data Common", None)
    assert gdc.license_to_gdc("") == ("", None)


# ------------------------------------------------------------------ records


def test_legacy_fields():
    assert gdc.legacy_fields() == {
        "north_bound_longitude": "north_bound_latitude",
        "south_bound_longitude": "south_bound_latitude",
    }
    renamed = gdc.rename_legacy_fields({"north_bound_longitude": "20.5", "x": 1})
    assert renamed == {"north_bound_latitude": "20.5", "x": 1}
    # the new name wins
    both = {"north_bound_longitude": "1", "north_bound_latitude": "2"}
    assert gdc.rename_legacy_fields(both) == {"north_bound_latitude": "2"}


PKG = {
    "id": "abc",
    "name": "sathiti-prachakon",
    "title": "สถิติประชากร",
    "data_type": "geospatial",
    "objective": ["national_strategy", "other"],
    "objective_other": "แผนจังหวัด",
    "data_format": ["csv", "xls"],
    "data_category": "internal",
    "data_classification": "open",
    "allow_harvest": "True",
    "license_id": "cc-by",
    "license_title": "Creative Commons Attribution",
    "license_id_other": "",
    "north_bound_latitude": "20.46",
    "south_bound_latitude": "5.61",
    "west_bound_longitude": "97.34",
    "equivalent_scale": "1:50000",
    "last_updated_date": "2023-10-01",
    "tags": [{"name": "ข้อมูล"}],
    "resources": [
        {"name": "r", "resource_equivalent_scale": "1:4000", "resource_data_collect": "person"},
    ],
}


def test_to_gdc():
    before = copy.deepcopy(PKG)
    out = gdc.to_gdc(PKG)
    assert PKG == before  # input untouched
    assert out["data_type"] == "ข้อมูลภูมิสารสนเทศเชิงพื้นที่"
    assert out["objective"] == ["ยุทธศาสตร์ชาติ", "อื่นๆ"]
    assert out["objective_other"] == "แผนจังหวัด"
    assert out["data_format"] == ["CSV", "XLS"]
    assert out["data_category"] == "ข้อมูลใช้ภายใน"
    assert out["data_classification"] == "เปิดเผย"
    assert out["allow_harvest"] == "True"
    assert out["license_id"] == "Creative Commons Attributions"
    assert out["license_id_other"] == ""
    assert out["north_bound_longitude"] == "20.46"
    assert out["south_bound_longitude"] == "5.61"
    assert "north_bound_latitude" not in out and "south_bound_latitude" not in out
    assert out["west_bound_longitude"] == "97.34"
    assert out["equivalent_scale"] == "1:50,000"
    assert out["last_updated_date"] == "2023-10-01"
    assert out["tags"] == [{"name": "ข้อมูล"}]
    assert out["resources"][0]["resource_equivalent_scale"] == "1:4,000"
    assert out["resources"][0]["resource_data_collect"] == "บุคคล"
    json.dumps(out, ensure_ascii=False)


def test_to_gdc_other_licence():
    out = gdc.to_gdc(dict(PKG, license_id="cc-zero", license_title="Creative Commons CCZero"))
    assert out["license_id"] == "อื่นๆ"
    assert out["license_id_other"] == "Creative Commons CCZero"


def test_from_gdc_round_trip():
    gdc_dict = gdc.to_gdc(PKG)
    back = gdc.from_gdc(gdc_dict, CKAN_IDS)
    expected = dict(PKG)
    assert back == expected


def test_from_gdc_strict_and_lenient():
    record = {"data_type": "ไม่มีแบบนี้", "license_id": "cc-by"}
    with pytest.raises(gdc.GdcValueError):
        gdc.from_gdc(record)
    assert gdc.from_gdc(record, strict=False)["data_type"] == "ไม่มีแบบนี้"


def test_from_gdc_keeps_lossy_licence_text():
    out = gdc.from_gdc({"license_id": "Creative Commons Attribution No-Derivs"}, CKAN_IDS)
    assert out == {
        "license_id": "other-closed",
        "license_id_other": "Creative Commons Attribution No-Derivs",
    }
    assert gdc.to_gdc(out)["license_id"] == "Creative Commons Attribution No-Derivs"


# ------------------------------------------------- the schema agrees with gdc.py


def _gdc_fields(fields: list[dict]) -> list[dict]:
    """Fields of the GD Catalog standard; the plan fields (dgplan_*) are tested in test_plan_presets.py."""
    return [f for f in fields if not f["field_name"].startswith("dgplan_")]


def test_schema_has_every_gdc_field(schema):
    names = [f["field_name"] for f in _gdc_fields(schema["dataset_fields"])]
    assert len(names) == len(set(names))
    legacy = gdc.legacy_fields()
    expected = [legacy.get(n, n) for n in GDC_DATASET_FIELDS]
    assert [n for n in names if n != "data_classification"] == expected
    assert "data_classification" in names
    assert [f["field_name"] for f in _gdc_fields(schema["resource_fields"])] == GDC_RESOURCE_FIELDS


def test_schema_required_fields(schema):
    fields = _fields(schema, "dataset_fields")
    assert {n for n, f in fields.items() if f.get("required")} == GDC_REQUIRED
    resource = _fields(schema, "resource_fields")
    assert {n for n, f in resource.items() if f.get("required")} == {"name"}


def test_schema_types_per_field(schema):
    codes = {c.code for c in gdc.choices_for("data_type")}
    for group in ("dataset_fields", "resource_fields"):
        for name, field in _fields(schema, group).items():
            types = field.get("dgplan_types")
            assert types == GDC_TYPES.get(name), name
            assert set(types or ()) <= codes


def test_schema_choices_match_gdc_tables(schema):
    for group in ("dataset_fields", "resource_fields"):
        for name, field in _fields(schema, group).items():
            set_name = gdc.field_choice_set(name)
            if set_name is None:
                assert "choices" not in field, name
                continue
            assert field["choices"] == gdc.scheming_choices(set_name), name
            preset = "dgplan_multiple_checkbox" if gdc.is_multiple(name) else "dgplan_select"
            assert field["preset"] == preset, name


def test_schema_labels_are_bilingual(schema):
    for group in ("dataset_fields", "resource_fields"):
        for field in _gdc_fields(schema[group]):
            label = field["label"]
            assert set(label) == {"th", "en"}, field["field_name"]
            assert re.search("[ก-๙]", label["th"]), field["field_name"]
            for key in ("help_text", "form_placeholder"):
                if isinstance(field.get(key), dict):
                    assert set(field[key]) == {"th", "en"}


def test_schema_other_fields(schema, presets):
    for group in ("dataset_fields", "resource_fields"):
        fields = _fields(schema, group)
        for name, field in fields.items():
            if not name.endswith("_other"):
                continue
            base = name[: -len("_other")]
            assert base in fields, name
            assert field["preset"] == "dgplan_other_text", name
            if name != "data_type_other":  # shown only for the "other" type itself
                assert field.get("dgplan_types") == fields[base].get("dgplan_types"), name
            if base != "license_id":
                assert any(c["value"] == gdc.OTHER_CODE for c in fields[base]["choices"]), name


def test_schema_dates_and_years(schema):
    for group in ("dataset_fields", "resource_fields"):
        for name, field in _fields(schema, group).items():
            if name in DATE_FIELDS:
                assert field["preset"] == "dgplan_date", name
            elif name in YEAR_FIELDS:
                assert field["preset"] == "dgplan_be_year", name


def test_schema_bounding_box(schema):
    fields = _fields(schema, "dataset_fields")
    assert fields["north_bound_latitude"]["preset"] == "dgplan_latitude"
    assert fields["south_bound_latitude"]["preset"] == "dgplan_latitude"
    assert fields["west_bound_longitude"]["preset"] == "dgplan_longitude"
    assert fields["east_bound_longitude"]["preset"] == "dgplan_longitude"
    assert "dgplan_gdc_legacy_fields" in schema["before_validators"].split()
    # scheming replaces CKAN's __before list: keep CKAN's own entries. The input guard and limits
    # come first so that no later validator sees a value PostgreSQL or Solr cannot store.
    before = schema["before_validators"].split()
    assert before[:3] == ["dgplan_input_guard", "dgplan_input_limits", "duplicate_extras_key"]
    assert before[-1] == "ignore"


def _validator_names(text: str) -> list[str]:
    return [re.sub(r"\(.*\)$", "", part) for part in text.split()]


def test_schema_uses_known_presets_and_validators(schema, presets):
    import ckanext.scheming  # the installed scheming, for its presets file

    scheming_dir = Path(ckanext.scheming.__file__).parent
    with (scheming_dir / "presets.json").open(encoding="utf-8") as f:
        known_presets = {p["preset_name"] for p in json.load(f)["presets"]} | set(presets)

    ours: list[str] = []
    for module in (VALIDATORS_FILE, VALIDATORS_FILE.with_name("limits.py")):
        tree = ast.parse(module.read_text(encoding="utf-8"))
        ours += next(
            ast.literal_eval(node.value) for node in tree.body
            if isinstance(node, ast.Assign)
            and any(getattr(t, "id", None) == "__all__" for t in node.targets)
        )
    core = {
        "unicode_safe", "strip_value", "email_validator", "ignore_missing",
        "name_validator", "package_name_validator", "scheming_choices",
        "scheming_multiple_choice", "scheming_multiple_choice_output",
        "duplicate_extras_key", "ignore",
    }
    used: set[str] = set(_validator_names(schema["before_validators"]))
    for group in ("dataset_fields", "resource_fields"):
        for field in _gdc_fields(schema[group]):
            if "preset" in field:
                assert field["preset"] in known_presets, field["field_name"]
            for key in ("validators", "output_validators", "create_validators"):
                used.update(_validator_names(field.get(key, "")))
    for values in presets.values():
        for key in ("validators", "output_validators"):
            used.update(_validator_names(values.get(key, "")))
    dgplan = {v for v in used if v.startswith("dgplan_")}
    assert dgplan <= set(ours)
    assert used - dgplan <= core


def test_presets_are_bilingual(presets):
    for name, values in presets.items():
        for key in ("help_text", "form_placeholder"):
            if key in values:
                assert set(values[key]) == {"th", "en"}, name

"""Template helpers of the compact dataset page and the search results.

The dataset page shows the facts a citizen looks for first (agency, created and updated dates,
update frequency, licence) at the top, then the remaining fields grouped as the GD Catalog
metadata standard groups them, leaving out empty fields and fields that do not apply to the
dataset's ``data_type`` (``dgplan_types`` of the schema field).
"""
from __future__ import annotations

from typing import Any, Optional

import ckan.plugins.toolkit as tk

from ckanext.dgplan.helpers.plan import dgplan_lang

__all__ = ["dgplan_code_label", "dgplan_dataset_field_groups", "dgplan_frequency_text",
           "dgplan_kpi_targets_text", "dgplan_search_item_meta"]

#: GD Catalog's groups of dataset metadata: (Thai, English, fields). Fields of the schema not
#: listed here go to the last group; the top facts and the page's own parts are left out.
GROUPS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("ข้อมูลทั่วไป", "General", (
        "data_type", "data_type_other", "objective", "objective_other", "maintainer", "maintainer_email",
        "data_source", "data_format", "data_format_other", "data_category", "data_classification",
        "accessible_condition", "data_support", "data_support_other", "data_collect", "data_collect_other",
        "url", "reference_url_catalog", "data_language", "data_language_other", "high_value_dataset",
        "reference_data", "allow_harvest")),
    ("ช่วงเวลาของข้อมูล", "Time coverage and release", (
        "data_release_calendar", "first_year_of_data", "last_year_of_data", "reference_period",
        "data_release_date")),
    ("ข้อมูลสถิติ", "Statistical data", (
        "geo_coverage", "geo_coverage_other", "disaggregate", "disaggregate_other", "unit_of_measure",
        "unit_of_multiplier", "unit_of_multiplier_other", "calculation_method", "standard",
        "official_statistics")),
    ("ข้อมูลภูมิสารสนเทศ", "Geospatial data", (
        "geographic_data_set", "equivalent_scale", "equivalent_scale_other", "west_bound_longitude",
        "east_bound_longitude", "north_bound_latitude", "south_bound_latitude", "positional_accuracy")),
    ("แผนพัฒนารัฐบาลดิจิทัล", "Digital Government Development Plan", (
        "dgplan_goals", "dgplan_strategies", "dgplan_kpis")),
)
#: Shown at the top of the page or elsewhere on it (title, description, tags, resources).
_ELSEWHERE = {"id", "title", "name", "notes", "tag_string", "license_id", "owner_org", "created_date",
              "last_updated_date", "update_frequency_unit", "update_frequency_interval", "dgplan_targets",
              "dgplan_title_en"}
_OTHER = ("ข้อมูลอื่น", "Other details")


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {} or value == "[]"


def dgplan_dataset_field_groups(schema: dict[str, Any], pkg_dict: dict[str, Any]) -> list[dict[str, Any]]:
    """``[{"label": ..., "fields": [schema field, ...]}]``: the fields worth showing, grouped.

    A field is left out when it is empty, has no display snippet, is shown elsewhere on the page,
    or does not apply to the dataset's ``data_type`` (its schema ``dgplan_types``).
    """
    lang = dgplan_lang()
    data_type = pkg_dict.get("data_type")
    shown = []
    for field in schema.get("dataset_fields") or []:
        name = field["field_name"]
        if name in _ELSEWHERE or field.get("display_snippet", "") is None or _empty(pkg_dict.get(name)):
            continue
        types = field.get("dgplan_types")
        if types and data_type and data_type not in types:
            continue
        shown.append(field)
    order = {name: i for i, (_, _, names) in enumerate(GROUPS) for name in names}
    groups: list[dict[str, Any]] = [{"label": th if lang == "th" else en, "fields": []} for th, en, _ in GROUPS]
    groups.append({"label": _OTHER[0] if lang == "th" else _OTHER[1], "fields": []})
    for field in shown:
        groups[order.get(field["field_name"], len(GROUPS))]["fields"].append(field)
    return [g for g in groups if g["fields"]]


_UNITS = {"year": ("ปี", "year"), "half_year": ("ครึ่งปี", "half-year"), "quarter": ("ไตรมาส", "quarter"),
          "month": ("เดือน", "month"), "week": ("สัปดาห์", "week"), "day": ("วัน", "day")}


def dgplan_frequency_text(pkg_dict: dict[str, Any]) -> str:
    """"ทุก 1 ปี" / "Every 1 year" from update_frequency_unit and _interval; a KPI's frequency label."""
    lang = dgplan_lang()
    unit = pkg_dict.get("update_frequency_unit")
    if not unit:
        code = pkg_dict.get("dgplan_frequency")
        return dgplan_code_label(code) if code else ""
    if unit in _UNITS:
        interval = pkg_dict.get("update_frequency_interval") or 1
        th, en = _UNITS[unit]
        return f"ทุก {interval} {th}" if lang == "th" else f"Every {interval} {en}{'s' if str(interval) != '1' else ''}"
    return tk.h.dgplan_gdc_choice_label("update_frequency_unit", unit) or (
        pkg_dict.get("update_frequency_unit_other") or unit)


#: Labels of the codes KPI pages show (frequency, certainty, period, yes/no).
CODE_LABELS: dict[str, tuple[str, str]] = {
    "annual": ("รายปี", "Annual"), "biennial": ("ทุก 2 ปี", "Every two years"),
    "quarterly": ("รายไตรมาส", "Quarterly"), "monthly": ("รายเดือน", "Monthly"),
    "irregular": ("ไม่สม่ำเสมอ", "Irregular"),
    "reported": ("รายงานโดยแหล่งรอง", "Reported by a secondary source"),
    "confirmed": ("ยืนยันจากแหล่งต้นทาง", "Confirmed by the primary source"),
    "estimated": ("ค่าประมาณ", "Estimated"), "provisional": ("ตัวเลขเบื้องต้น", "Provisional"),
    "year": ("ทั้งปี", "Whole year"), "half_year": ("ครึ่งปี", "Half-year"), "quarter": ("ไตรมาส", "Quarter"),
    "month": ("เดือน", "Month"),
    "higher": ("ค่ามากดีกว่า", "Higher is better"), "lower": ("ค่าน้อยดีกว่า", "Lower is better"),
}


def dgplan_code_label(code: Any) -> str:
    """The label of a code shown on plan pages, in the page's language (the code when unknown)."""
    if code is None or code == "":
        return ""
    if code is True or code is False:
        return tk._("Yes") if code else tk._("No")
    text = str(code)
    key = text.split(" ")[0].split("(")[0].strip().lower()
    if key in CODE_LABELS:
        th, en = CODE_LABELS[key]
        label = th if dgplan_lang() == "th" else en
        rest = text[len(key):].strip()
        return f"{label} {rest}" if rest else label
    return text


def dgplan_kpi_targets_text(targets: Any) -> str:
    """KPI targets ``{"2570": 40.0}`` as text: ``40 (พ.ศ. 2570)`` / ``40 (B.E. 2570)``."""
    if not targets:
        return ""
    if isinstance(targets, dict):
        items = sorted(targets.items())
    else:
        items = [(t.get("year_be"), t.get("value")) for t in targets if isinstance(t, dict)]
    era = "พ.ศ." if dgplan_lang() == "th" else "B.E."
    return ", ".join(f"{tk.h.dgplan_number(value)} ({era} {year})" for year, value in items)


def dgplan_search_item_meta(package: dict[str, Any]) -> dict[str, Optional[str]]:
    """Agency, year and formats of a search result, so that results with one title differ."""
    org = package.get("organization") or {}
    year = package.get("last_year_of_data") or package.get("first_year_of_data")
    if not year:
        date = package.get("last_updated_date") or package.get("created_date") or package.get("metadata_created")
        # Stored dates are ISO, Common Era: the year shown is Buddhist-era like the year fields.
        year = tk.h.dgplan_format_year(int(str(date)[:4]) + 543) if date else None
    else:
        year = tk.h.dgplan_format_year(year)
    formats = sorted({(r.get("format") or "").upper() for r in package.get("resources") or []} - {""})
    return {"agency": org.get("title"), "year": year, "formats": ", ".join(formats) or None}

"""Template helpers for the GD Catalog dataset schema.

Exposed by ``helpers.py``; the names carry the ``dgplan_`` prefix.
"""
from __future__ import annotations

import datetime as dt
import logging
from typing import Any, Optional

import ckan.plugins.toolkit as tk
from ckan import model

from ckanext.dgplan import gdc
from ckanext.dgplan.helpers.plan import dgplan_lang
from ckanext.dgplan.thai import dates as thai_dates
from ckanext.dgplan.thai.errors import ThaiInputError

log = logging.getLogger(__name__)

__all__ = [
    "dgplan_format_date",
    "dgplan_format_year",
    "dgplan_gdc_choice_label",
    "dgplan_license_choices",
    "dgplan_package_data_type",
]

def _is_thai(lang: Optional[str]) -> bool:
    return (lang or dgplan_lang()).split("_")[0].lower() == "th"


def _as_date(value: Any) -> Optional[dt.date]:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        pass
    try:
        parsed = thai_dates.parse_date(text)
    except (ThaiInputError, TypeError, ValueError):
        return None
    return parsed.date() if isinstance(parsed, dt.datetime) else parsed


def dgplan_format_date(value: Any, lang: Optional[str] = None) -> str:
    """A stored date for people: ``1 ตุลาคม 2566`` in Thai, ``1 October 2023`` otherwise.

    :param value: an ISO date string (as the schema stores dates) or a date
    :param lang: a locale; default the page's language
    :returns: the formatted date, ``""`` for no value, or the value itself if
        it is not a date
    """
    if value is None or value == "":
        return ""
    date = _as_date(value)
    if date is None:
        return str(value)
    if _is_thai(lang):
        return thai_dates.format_thai_date(date, style="long")
    return thai_dates.format_english_date(date)


def dgplan_format_year(value: Any, lang: Optional[str] = None) -> str:
    """A stored Buddhist-era year for people: ``2566`` in Thai, ``2023 (B.E. 2566)`` otherwise."""
    if value is None or value == "":
        return ""
    try:
        year = int(str(value).strip())
    except ValueError:
        return str(value)
    if _is_thai(lang):
        return str(year)
    return f"{thai_dates.to_ce_year(year)} (B.E. {year})"


def dgplan_package_data_type(package_id: Optional[str]) -> str:
    """The data_type code of a dataset, ``""`` if unknown or not visible.

    The resource form uses it to show only the resource fields of that type.
    """
    if not package_id:
        return ""
    try:
        # an empty context: CKAN fills in the current user
        pkg_dict = tk.get_action("package_show")({}, {"id": package_id})
    except (tk.ObjectNotFound, tk.NotAuthorized):
        return ""
    value = pkg_dict.get("data_type") or ""
    try:
        return gdc.from_gdc_value("data_type", value) if value else ""
    except gdc.GdcValueError:
        return ""


def dgplan_gdc_choice_label(field_name: str, code: Any,
                            lang: Optional[str] = None) -> str:
    """The Thai or English label of a GD Catalog choice code (e.g. for facets)."""
    try:
        for choice in gdc.choices_for(field_name):
            if choice.code == code:
                return choice.th if _is_thai(lang) else choice.en
    except KeyError:
        pass
    return "" if code is None else str(code)


def dgplan_license_choices(field: dict[str, Any]) -> list[dict[str, str]]:
    """The site's licence register as scheming choices (``choices_helper``)."""
    register = model.Package.get_license_register()
    return [{"value": lic.id, "label": lic.title} for lic in register.values()]

"""Validators of the `dgplan-kpi` and `dgplan-project` dataset fields.

Numbers, percentages and years go through :mod:`ckanext.dgplan.thai` (Thai digits, thousands
separators, Buddhist-era years), the same functions the file import uses.
"""
from __future__ import annotations

import json
import re
from typing import Any

import ckan.plugins.toolkit as tk
from ckan.types import Context

from ckanext.dgplan import config as dgplan_config
from ckanext.dgplan import gdc
from ckanext.dgplan.logic.validators import limits as validators_limits
from ckanext.dgplan.messages import dgplan_message, dgplan_pick
from ckanext.dgplan.store import plan as plan_store
from ckanext.dgplan.store.extras import dgplan_datasets_with_field
from ckanext.dgplan.thai.dates import parse_year
from ckanext.dgplan.thai.errors import ThaiInputError
from ckanext.dgplan.thai.numbers import parse_number, parse_percent

__all__ = [
    "dgplan_fiscal_years",
    "dgplan_kpi_code",
    "dgplan_kpi_number",
    "dgplan_kpi_targets",
    "dgplan_kpi_targets_output",
    "dgplan_percent",
]

missing = tk.missing


def _shown(value: Any) -> str:
    """``value`` as quoted in an error: cut, so a 100,000-character input is not sent back whole."""
    return gdc.shown(str(value).strip())


def _empty(value: Any) -> bool:
    return value is missing or value is None or value == "" or value == [] or value == {}


def number_text(number: float) -> str:
    """``55.0`` -> ``"55"``, ``0.766`` -> ``"0.766"``: how numbers are stored in dataset fields."""
    return str(int(number)) if float(number).is_integer() else repr(float(number))


def dgplan_kpi_code(value: Any, context: Context) -> Any:
    """One KPI code of the active plan (any case), stored upper-case, not claimed by another dataset.

    One dataset per KPI: imports, the KPI API and the status roll-up look a KPI up by its code.
    """
    if _empty(value):
        return value
    code = str(value).strip().upper()
    plan = plan_store.active_plan()
    if plan.kpi(code) is None:
        valid = ", ".join(k.code for k in plan.kpis) or "-"
        raise tk.Invalid(dgplan_message("Unknown KPI code \"%(code)s\" in plan %(plan)s (valid codes: %(valid)s)",
                                        code=_shown(value), plan=plan.code, valid=valid))
    if _kpi_code_taken(code, context):
        # The other dataset may be private to another agency: it is not named.
        raise tk.Invalid(dgplan_message(
            "KPI code %(code)s is already used by another KPI dataset (one dataset per KPI)", code=code))
    return code


def _kpi_code_taken(code: str, context: Context) -> bool:
    own = context.get("package")  # set by package_update, absent on create
    # Only KPI datasets carry the field (scheming drops fields a type's schema lacks).
    holders = dgplan_datasets_with_field("dgplan_kpi_code", code, types=("dgplan-kpi",))
    return any(own is None or package.id != own.id for package in holders)


def _number(value: Any, percent: bool = False) -> str:
    try:
        return number_text(parse_percent(value) if percent else parse_number(value))
    except ThaiInputError as err:
        raise tk.Invalid(dgplan_pick(err.th, err.en)) from err


def dgplan_kpi_number(value: Any, context: Context) -> Any:
    """A number as Thai users type it (``1,234.5``, ``๑๒๓``); stored as plain text ``"1234.5"``."""
    return value if _empty(value) else _number(value)


def dgplan_percent(value: Any, context: Context) -> Any:
    """A percentage 0-100 (``45%``, ``ร้อยละ ๔๕``), e.g. a project's progress; stored as plain text ``"45"``."""
    return value if _empty(value) else _number(value, percent=True)


def _year(value: Any) -> int:
    try:
        return parse_year(value if isinstance(value, int) else str(value).strip())
    except ThaiInputError as err:
        raise tk.Invalid(dgplan_pick(err.th, err.en)) from err


def _refuse_deep_nesting(value: Any) -> None:
    # Checked without recursion before json.loads or str() see it: [[[...]]] 100,000 deep would
    # exhaust the stack (RecursionError, a 500) in either.
    if validators_limits.dgplan_nesting_too_deep(value):
        raise tk.Invalid(validators_limits.nesting_message(dgplan_config.dgplan_json_max_depth()))


def parse_targets(value: Any) -> dict[int, float]:
    """``"2569: 45; 2570: 40"``, ``{"2570": 40}``, ``[{"year_be": 2570, "value": 40}]`` or their JSON."""
    _refuse_deep_nesting(value)
    if isinstance(value, str):
        text = value.strip()
        if text[:1] in "[{":
            try:
                value = json.loads(text)
            except (ValueError, RecursionError) as err:
                raise tk.Invalid(dgplan_message("Targets are not valid JSON")) from err
        else:
            pairs = {}
            for part in re.split(r"[;\n]+", text):
                if not part.strip():
                    continue
                year_text, sep, number = part.partition(":") if ":" in part else part.partition("=")
                if not sep:
                    raise tk.Invalid(dgplan_message(
                        "\"%(part)s\" must read year: value, e.g. 2570: 40", part=_shown(part)))
                pairs[year_text] = number
            value = pairs
    if isinstance(value, list):
        try:
            value = {item["year_be"]: item["value"] for item in value}
        except (TypeError, KeyError) as err:
            raise tk.Invalid(dgplan_message("Each target needs year_be and value")) from err
    if not isinstance(value, dict):
        raise tk.Invalid(dgplan_message("Invalid targets"))
    out: dict[int, float] = {}
    for year, number in value.items():
        try:
            out[_year(year)] = parse_number(number)
        except ThaiInputError as err:
            raise tk.Invalid(dgplan_pick(err.th, err.en)) from err
    return out


def dgplan_kpi_targets(value: Any, context: Context) -> Any:
    """Targets by fiscal year, stored as JSON ``{"2570": 40}`` sorted by year."""
    if _empty(value):
        return value
    targets = parse_targets(value)
    return json.dumps({str(y): targets[y] for y in sorted(targets)})


def dgplan_kpi_targets_output(value: Any) -> Any:
    """Stored JSON -> ``{"2570": 40}`` (what the API returns).

    A mapping rather than a list of dicts: CKAN flattens lists of dicts in dataset fields, so
    a list would not survive ``package_show`` -> ``package_update`` round trips.
    """
    if isinstance(value, dict):
        return value
    if not value:
        return {}
    try:
        data = json.loads(value) if isinstance(value, str) else value
    except ValueError:
        return {}
    if isinstance(data, list):
        data = {str(item["year_be"]): item["value"] for item in data if isinstance(item, dict)}
    return {str(y): v for y, v in sorted(data.items(), key=lambda kv: int(kv[0]))}


def dgplan_fiscal_years(value: Any, context: Context) -> Any:
    """Fiscal years (``2567, 2568``, ``["2567"]``, CE years accepted) as a JSON list of B.E. ints."""
    if _empty(value):
        return value
    _refuse_deep_nesting(value)
    if isinstance(value, str):
        text = value.strip()
        if text.startswith("["):
            try:
                value = json.loads(text)
            except (ValueError, RecursionError) as err:
                raise tk.Invalid(dgplan_message("Fiscal years are not valid JSON")) from err
        else:
            value = [part for part in re.split(r"[,;\s]+", text) if part]
    if not isinstance(value, list):
        value = [value]
    if any(isinstance(item, (list, tuple, dict)) for item in value):
        raise tk.Invalid(dgplan_message("Each fiscal year must be a year, not a nested list or object"))
    return json.dumps(sorted({_year(item) for item in value}))

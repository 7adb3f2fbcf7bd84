"""Validators of the plan fields of a dataset (``dgplan_goals``, ``dgplan_strategies``, ``dgplan_kpis``).

Each accepts a list, a comma-separated string or a JSON list; an entry may be a code in any case
(``g1``) or the Thai or English name of the goal, strategy or KPI. Entries are checked against the
active plan (:mod:`ckanext.dgplan.store.plan`) and stored as a JSON list of codes in plan order,
the form ``scheming_multiple_choice_output`` turns back into a list. Unknown entries are refused
with the list of valid codes, in Thai and English.
"""
from __future__ import annotations

import json
from typing import Any, Callable

import ckan.plugins.toolkit as tk
from ckan.types import Context, FlattenDataDict, FlattenErrorDict, FlattenKey

from ckanext.dgplan import config as dgplan_config
from ckanext.dgplan.logic.validators import limits as validators_limits
from ckanext.dgplan.messages import N_, dgplan_message
from ckanext.dgplan.plan import Plan
from ckanext.dgplan.store import plan as plan_store
from ckanext.dgplan.thai.normalize import normalize

__all__ = ["dgplan_goal_codes", "dgplan_kpi_codes", "dgplan_strategy_codes"]

# One whole sentence per kind: a noun put into a sentence cannot be translated on its own.
_UNKNOWN: dict[str, str] = {
    "goals": N_("Unknown goal code %(codes)s in plan %(plan)s (valid codes: %(valid)s)"),
    "strategies": N_("Unknown strategy code %(codes)s in plan %(plan)s (valid codes: %(valid)s)"),
    "kpis": N_("Unknown KPI code %(codes)s in plan %(plan)s (valid codes: %(valid)s)"),
}


def split_codes(value: Any) -> list[str]:
    """Entries of a list, a JSON list or a comma-separated string, stripped, empty ones dropped.

    :raises ckan.plugins.toolkit.Invalid: nesting deeper than ``ckanext.dgplan.json.max_depth``
        (checked without recursion before parsing: ``[[[...]]]`` 100,000 deep would exhaust the
        stack in ``json.loads`` or ``str``), or an entry that is itself a list or an object.
    """
    if value is tk.missing or value is None:
        return []
    if validators_limits.dgplan_nesting_too_deep(value):
        raise tk.Invalid(validators_limits.nesting_message(dgplan_config.dgplan_json_max_depth()))
    if isinstance(value, str):
        text = value.strip()
        if text.startswith("["):
            try:
                loaded = json.loads(text)
            except (ValueError, RecursionError):
                loaded = None
            if isinstance(loaded, list):
                value = loaded
        if isinstance(value, str):
            value = text.split(",")
    if not isinstance(value, (list, tuple)):
        value = [value]
    if any(isinstance(item, (list, tuple, dict)) for item in value):
        raise tk.Invalid(dgplan_message("Each entry must be a code or a name, not a nested list or object"))
    return [str(item).strip() for item in value if item is not None and str(item).strip()]


def _lookup(plan: Plan, kind: str) -> dict[str, str]:
    """Every accepted spelling (code in upper case, normalized names) -> code."""
    table: dict[str, str] = {}
    for item in plan.items(kind):
        table.setdefault(item.code.upper(), item.code)
        names = [item.name]
        final = getattr(item, "name_final", None)
        if final and not getattr(item, "name_final_truncated", False):
            names.append(final)
        for name in names:
            for text in (name.th, name.en):
                if text:
                    table.setdefault(normalize(text).casefold(), item.code)
    return table


def _spelling(entry: str) -> tuple[str, str]:
    return entry.upper(), normalize(entry).casefold()


def _unknown_message(kind: str, unknown: list[str], plan: Plan) -> str:
    valid = ", ".join(item.code for item in plan.items(kind)) or "-"
    shown = ", ".join(f'"{entry}"' for entry in unknown)
    return dgplan_message(_UNKNOWN[kind], codes=shown, plan=plan.code, valid=valid)


_Validator = Callable[[FlattenKey, FlattenDataDict, FlattenErrorDict, Context], None]


def _codes_validator(kind: str, name: str) -> _Validator:
    def validator(key: FlattenKey, data: FlattenDataDict, errors: FlattenErrorDict, context: Context) -> None:
        if errors.get(key):
            return
        try:
            entries = split_codes(data.get(key))
        except tk.Invalid as err:
            errors[key].append(err.error)
            return
        plan = plan_store.active_plan()
        table = _lookup(plan, kind)
        chosen: set[str] = set()
        unknown: list[str] = []
        for entry in entries:
            upper, name = _spelling(entry)
            code = table.get(upper) or table.get(name)
            if code is None:
                unknown.append(entry)
            else:
                chosen.add(code)
        if unknown:
            errors[key].append(_unknown_message(kind, unknown, plan))
            return
        data[key] = json.dumps([item.code for item in plan.items(kind) if item.code in chosen])

    validator.__name__ = validator.__qualname__ = name
    return validator


#: Goal codes of the active plan (``G1``...), as a JSON list.
dgplan_goal_codes = _codes_validator("goals", "dgplan_goal_codes")
#: Strategy codes of the active plan (``S1``...), as a JSON list.
dgplan_strategy_codes = _codes_validator("strategies", "dgplan_strategy_codes")
#: KPI codes of the active plan (``KPI-EGDI-RANK``...), as a JSON list.
dgplan_kpi_codes = _codes_validator("kpis", "dgplan_kpi_codes")

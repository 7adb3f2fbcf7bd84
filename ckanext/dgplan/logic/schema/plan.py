"""Schemas of the plan actions. Messages a caller can see are in Thai and English."""
from __future__ import annotations

from typing import Any, Callable

import ckan.plugins.toolkit as tk
from ckan.types import Context, FlattenDataDict, FlattenErrorDict, FlattenKey, Schema, Validator

from ckanext.dgplan.messages import dgplan_message

#: Most datasets one page of a goal or strategy may list.
MAX_ROWS = 100
DEFAULT_ROWS = 20
MAX_SUGGESTIONS = 20

_Validator = Callable[[FlattenKey, FlattenDataDict, FlattenErrorDict, Context], None]


def _whole_number(low: int, high: int) -> _Validator:
    """An integer in ``[low, high]`` (strings of digits accepted)."""

    def validator(key: FlattenKey, data: FlattenDataDict, errors: FlattenErrorDict, context: Context) -> None:
        value: Any = data.get(key)
        try:
            number = int(str(value).strip())
        except ValueError:
            number = None
        if number is None or not low <= number <= high:
            errors[key].append(dgplan_message("Must be a whole number from %(low)s to %(high)s", low=low, high=high))
            raise tk.StopOnError
        data[key] = number

    return validator


def _one_of_title_notes(key: FlattenKey, data: FlattenDataDict, errors: FlattenErrorDict,
                        context: Context) -> None:
    """``title`` or ``notes`` must have text (put on ``title``)."""
    for name in ("title", "notes"):
        value = data.get((name,))
        if isinstance(value, str) and value.strip():
            return
    errors[("title",)].append(dgplan_message("Give the dataset title or description (title or notes)"))


@tk.validator_args
def dgplan_plan_show_schema(ignore_missing: Validator, unicode_safe: Validator) -> Schema:
    return {"id": [ignore_missing, unicode_safe]}


@tk.validator_args
def dgplan_plan_skos_show_schema(
    ignore_missing: Validator, one_of: Callable[[list[str]], Validator], unicode_safe: Validator
) -> Schema:
    return {"format": [ignore_missing, unicode_safe, one_of(["jsonld", "turtle"])]}


@tk.validator_args
def dgplan_plan_element_show_schema(
    dgplan_not_empty: Validator, ignore_missing: Validator, unicode_safe: Validator
) -> Schema:
    return {
        "id": [dgplan_not_empty, unicode_safe],
        "rows": [ignore_missing, _whole_number(0, MAX_ROWS)],
        "start": [ignore_missing, _whole_number(0, 1_000_000)],
    }


@tk.validator_args
def dgplan_tag_suggest_schema(ignore_missing: Validator, unicode_safe: Validator) -> Schema:
    return {
        "title": [ignore_missing, unicode_safe],
        "notes": [ignore_missing, unicode_safe],
        "limit": [ignore_missing, _whole_number(1, MAX_SUGGESTIONS)],
        "__after": [_one_of_title_notes],
    }

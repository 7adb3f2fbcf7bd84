"""Schemas of the quality actions."""
from __future__ import annotations

import ckan.plugins.toolkit as tk
from ckan.types import Schema, Validator


@tk.validator_args
def dgplan_quality_show_schema(ignore_missing: Validator, unicode_safe: Validator) -> Schema:
    return {"id": [ignore_missing, unicode_safe], "organization": [ignore_missing, unicode_safe]}


@tk.validator_args
def dgplan_quality_refresh_schema(ignore_missing: Validator, unicode_safe: Validator, boolean_validator: Validator
                                  ) -> Schema:
    return {"organization": [ignore_missing, unicode_safe], "links": [ignore_missing, boolean_validator],
            "wait": [ignore_missing, boolean_validator]}

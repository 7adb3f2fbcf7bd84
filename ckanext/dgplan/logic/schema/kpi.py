"""Schemas of the KPI and project actions (the codes and statuses are checked in the actions)."""
from __future__ import annotations

import ckan.plugins.toolkit as tk
from ckan.types import Schema, Validator


@tk.validator_args
def dgplan_kpi_list_schema(ignore_missing: Validator, unicode_safe: Validator) -> Schema:
    return {name: [ignore_missing, unicode_safe] for name in ("goal", "strategy", "status", "agency")}


@tk.validator_args
def dgplan_kpi_show_schema(ignore_missing: Validator, unicode_safe: Validator) -> Schema:
    return {"id": [ignore_missing, unicode_safe], "code": [ignore_missing, unicode_safe]}


@tk.validator_args
def dgplan_budget_summary_schema(ignore_missing: Validator, unicode_safe: Validator) -> Schema:
    return {"goal": [ignore_missing, unicode_safe]}

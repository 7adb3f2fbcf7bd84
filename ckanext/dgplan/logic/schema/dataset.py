"""Schemas of the dataset actions of ckanext-dgplan (slug preview, GD Catalog view)."""
from __future__ import annotations

import ckan.plugins.toolkit as tk
from ckan.types import Schema, Validator


@tk.validator_args
def dgplan_slug_preview_schema(
    dgplan_not_empty: Validator,
    ignore_missing: Validator,
    unicode_safe: Validator,
) -> Schema:
    return {
        "title": [dgplan_not_empty, unicode_safe],
        "id": [ignore_missing, unicode_safe],
    }


@tk.validator_args
def dgplan_gdc_dataset_show_schema(
    dgplan_not_empty: Validator,
    unicode_safe: Validator,
) -> Schema:
    return {"id": [dgplan_not_empty, unicode_safe]}

"""Schemas of ckanext-dgplan's actions, and the tag patch for dataset schemas."""
from __future__ import annotations

import ckan.plugins.toolkit as tk
from ckan.types import Schema, Validator

from ckanext.dgplan.logic.validators.gdc import dgplan_tag_string, dgplan_tags


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


def _is_named(validator: object, name: str) -> bool:
    return getattr(validator, "__name__", None) == name


def dgplan_tags_schema_patch(schema: Schema) -> Schema:
    """Let Thai tags through a CKAN package schema.

    CKAN checks every entry of ``tags`` with ``tag_name_validator``, whose
    pattern refuses Thai vowel and tone marks (ข้อมูล, สถิติ), and
    ``tag_string_convert`` calls the same function.  This replaces
    ``tag_name_validator`` in ``schema["tags"]["name"]`` with
    :func:`~ckanext.dgplan.logic.validators.gdc.dgplan_tags` and
    ``tag_string_convert`` in ``schema["tag_string"]`` with
    :func:`~ckanext.dgplan.logic.validators.gdc.dgplan_tag_string`.

    For an ``IDatasetForm`` plugin's ``create_package_schema`` /
    ``update_package_schema``.  The schema is changed in place and returned.
    """
    tags = schema.get("tags")
    if isinstance(tags, dict):
        names = tags.get("name")
        if isinstance(names, list):
            patched = [
                dgplan_tags if _is_named(v, "tag_name_validator") else v
                for v in names
            ]
            if dgplan_tags not in patched:
                patched.append(dgplan_tags)
            tags["name"] = patched

    tag_string = schema.get("tag_string")
    if isinstance(tag_string, list):
        schema["tag_string"] = [
            dgplan_tag_string({"field_name": "tag_string"}, {})
            if _is_named(v, "tag_string_convert") else v
            for v in tag_string
        ]
    return schema

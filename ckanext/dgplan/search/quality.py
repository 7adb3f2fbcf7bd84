"""Quality problems in the search index: a facet to filter datasets by problem code.

``before_dataset_index`` scores the dataset as it is saved (the same checks as the daily job,
with the link outcomes stored by the last link check) and indexes its problem codes under
``vocab_dgplan_quality`` (CKAN's stock ``vocab_*`` multi-valued string field), or ``none``. The
search page then filters with ``?vocab_dgplan_quality=overdue``; the facet shows each code's label
in the page's language.
"""
from __future__ import annotations

import json
from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.dgplan.helpers.plan import dgplan_lang
from ckanext.dgplan.quality.checks import PROBLEMS

__all__ = ["INDEX_FIELD", "dgplan_index_quality", "dgplan_quality_facets", "dgplan_quality_search_results"]

INDEX_FIELD = "vocab_dgplan_quality"


def dgplan_index_quality(pkg_dict: dict[str, Any]) -> dict[str, Any]:
    """Index the dataset's problem codes (``before_dataset_index``); never fails the save."""
    if pkg_dict.get("type", "dataset") != "dataset":
        return pkg_dict
    from ckanext.dgplan.store import quality as quality_store

    try:
        pkg = json.loads(pkg_dict.get("validated_data_dict") or "{}") or pkg_dict
    except ValueError:
        pkg = pkg_dict
    result = quality_store.evaluate_package(pkg)
    pkg_dict[INDEX_FIELD] = result.codes or ["none"]
    return pkg_dict


def dgplan_quality_facets(facets_dict: dict[str, Any], package_type: str) -> dict[str, Any]:
    """Add the quality-problem facet to dataset searches (``IFacets.dataset_facets``)."""
    if package_type == "dataset":
        facets_dict[INDEX_FIELD] = tk._("Quality problems")
    return facets_dict


def dgplan_quality_search_results(search_results: dict[str, Any]) -> dict[str, Any]:
    """Label the facet's codes in the reader's language (``after_dataset_search``)."""
    facet = (search_results.get("search_facets") or {}).get(INDEX_FIELD)
    if not facet:
        return search_results
    lang = dgplan_lang()
    for item in facet.get("items") or []:
        kind = PROBLEMS.get(item.get("name"))
        if kind is not None:
            item["display_name"] = kind.label_th if lang == "th" else kind.label_en
        elif item.get("name") == "none":
            item["display_name"] = tk._("No problem found")
    return search_results

"""Search and facets on the plan fields of datasets (``dgplan_goals``, ``dgplan_strategies``, ``dgplan_kpis``).

CKAN's stock Solr schema indexes unknown keys through ``<dynamicField name="*" type="string">``,
which is **single-valued** (schema version 1.6 makes ``multiValued`` default to false), so a dataset
tagged with two goals cannot be indexed under ``dgplan_goals`` as a list. The stock schema's one
multi-valued string field pattern is ``vocab_*`` (made for tag vocabularies), so the codes are
indexed as ``vocab_dgplan_goals`` etc. and the public names are translated on the way in and out:

* :func:`dgplan_index_plan_fields` (``before_dataset_index``): the stored JSON list becomes a list
  of codes under the ``vocab_`` name; the single-valued copy under the public name is dropped.
* :func:`dgplan_plan_search_params` (``before_dataset_search``): ``dgplan_goals:G1`` in ``fq``,
  ``fq_list`` and ``q`` and ``dgplan_goals`` in ``facet.field`` become the ``vocab_`` names, so
  ``fq=dgplan_strategies:S3`` works through the API and the search page's facet links.
* :func:`dgplan_plan_search_results` (``after_dataset_search``): facets are returned under the
  public names again, their items labelled with the plan names in the user's language.

Nothing else in the search parameters is touched.
"""
from __future__ import annotations

import json
import logging
import re
from collections import OrderedDict
from typing import Any, Optional

import ckan.plugins.toolkit as tk
from ckan.types import Context

from ckanext.dgplan.store import plan as plan_store
from ckanext.dgplan.store.kpi import KPI_TYPE

log = logging.getLogger(__name__)

__all__ = [
    "INDEX_FIELDS",
    "KIND_FIELDS",
    "PLAN_FIELDS",
    "code_counts",
    "dgplan_dataset_facets",
    "dgplan_facet_label",
    "dgplan_index_plan_fields",
    "dgplan_plan_search_params",
    "dgplan_plan_search_results",
    "index_field",
]

#: Dataset field -> plan kind (:data:`~ckanext.dgplan.plan.CODE_KINDS`).
PLAN_FIELDS: "OrderedDict[str, str]" = OrderedDict(
    (("dgplan_goals", "goals"), ("dgplan_strategies", "strategies"), ("dgplan_kpis", "kpis"))
)
#: Plan kind -> dataset field (``goals`` -> ``dgplan_goals``), the reverse of :data:`PLAN_FIELDS`.
KIND_FIELDS: dict[str, str] = {kind: name for name, kind in PLAN_FIELDS.items()}
#: Dataset field -> the Solr field its codes are indexed in (multi-valued string).
INDEX_FIELDS: dict[str, str] = {name: f"vocab_{name}" for name in PLAN_FIELDS}
_PUBLIC_NAMES = {solr: name for name, solr in INDEX_FIELDS.items()}
# `dgplan_goals:` as a field reference in a Solr query (not inside another word).
_FIELD_RE = re.compile(r"(?<![\w.])(dgplan_(?:goals|strategies|kpis)):")


def index_field(field_name: str) -> str:
    """Solr field of a plan field, for ``fq`` built by this extension's own code."""
    return INDEX_FIELDS[field_name]


def code_counts(context: Context, **params: Any) -> dict[str, dict[str, int]]:
    """Datasets tagged with each goal, strategy and KPI code, as ``context``'s user sees them.

    One ``package_search`` (private datasets included where the user may see them; ``params`` add
    to or override the search, e.g. ``include_drafts``) faceted on the three plan fields.

    :returns: ``{"goals": {"G1": 3, ...}, "strategies": {...}, "kpis": {...}}``, codes with no
        dataset left out
    """
    search: dict[str, Any] = {
        "q": "*:*",
        "rows": 0,
        "include_private": True,
        "facet.field": list(INDEX_FIELDS.values()),
        "facet.limit": -1,
        "facet.mincount": 1,
        **params,
    }
    facets = tk.get_action("package_search")(context, search).get("facets") or {}
    counts: dict[str, dict[str, int]] = {}
    for name, kind in PLAN_FIELDS.items():
        # Public name when dgplan_plan_search_results ran (after_dataset_search), Solr name otherwise.
        found = facets.get(name) or facets.get(INDEX_FIELDS[name]) or {}
        counts[kind] = {str(code): int(n) for code, n in found.items()}
    return counts


def _codes(value: Any) -> list[str]:
    if value is None or value == "":
        return []
    if isinstance(value, str):
        try:
            loaded = json.loads(value)
        except ValueError:
            loaded = [part.strip() for part in value.split(",")]
        value = loaded if isinstance(loaded, list) else [loaded]
    if not isinstance(value, (list, tuple)):
        value = [value]
    return [str(code) for code in value if code not in (None, "")]


def dgplan_index_plan_fields(pkg_dict: dict[str, Any]) -> dict[str, Any]:
    """Index the plan codes of a dataset as multi-valued fields (``before_dataset_index``).

    The dict CKAN indexes holds scheming's stored form: a JSON string such as ``'["G1", "G3"]'``
    under ``dgplan_goals`` (from the dataset's extras). It becomes ``["G1", "G3"]`` under
    ``vocab_dgplan_goals``; ``extras_dgplan_goals`` (a text field) is left as CKAN made it.
    """
    for name, solr_name in INDEX_FIELDS.items():
        if name not in pkg_dict:
            continue
        codes = _codes(pkg_dict.pop(name))
        if codes:
            pkg_dict[solr_name] = codes
    return _index_kpi_dataset(pkg_dict)


def _index_kpi_dataset(pkg_dict: dict[str, Any]) -> dict[str, Any]:
    """A KPI dataset serves its own KPI and the goals and strategies the plan attaches the KPI to.

    Its code is indexed under ``dgplan_kpis`` and the plan's goals and strategies of the KPI under
    theirs, so the plan's dataset counts, the search facets and the links from the plan pages all
    include the KPI dataset (before, a KPI with its own dataset was counted as "0 datasets").
    """
    code = pkg_dict.get("dgplan_kpi_code")
    if pkg_dict.get("type") != KPI_TYPE or not code:
        return pkg_dict
    base = plan_store.active_plan().kpi(str(code))
    extra = {"dgplan_kpis": [str(code)],
             "dgplan_goals": list(base.goals) if base else [],
             "dgplan_strategies": list(base.strategies) if base else []}
    for name, codes in extra.items():
        if codes:
            solr_name = INDEX_FIELDS[name]
            pkg_dict[solr_name] = list(dict.fromkeys([*(pkg_dict.get(solr_name) or []), *codes]))
    return pkg_dict


def _rewrite(text: Any) -> Any:
    if not isinstance(text, str) or "dgplan_" not in text:
        return text
    return _FIELD_RE.sub(lambda m: f"{INDEX_FIELDS[m.group(1)]}:", text)


def dgplan_plan_search_params(search_params: dict[str, Any]) -> dict[str, Any]:
    """Translate plan field names in a search to their Solr fields (``before_dataset_search``)."""
    for key in ("fq", "q"):
        if key in search_params:
            search_params[key] = _rewrite(search_params[key])
    if isinstance(search_params.get("fq_list"), list):
        search_params["fq_list"] = [_rewrite(fq) for fq in search_params["fq_list"]]
    facet_fields = search_params.get("facet.field")
    if isinstance(facet_fields, list):
        search_params["facet.field"] = [INDEX_FIELDS.get(f, f) for f in facet_fields]
    return search_params


def dgplan_facet_label(field_name: str, code: Any, lang: Optional[str] = None) -> str:
    """``G1 Responsive Government`` for a plan facet item in ``lang`` (default: the user's)."""
    if field_name not in PLAN_FIELDS or not code:
        return "" if code is None else str(code)
    element = plan_store.active_plan().element(str(code))
    if element is None:
        return str(code)
    label = element.label(lang or tk.h.dgplan_lang())
    return f"{code} {label}" if label else str(code)


def dgplan_plan_search_results(search_results: dict[str, Any]) -> dict[str, Any]:
    """Return plan facets under their public names, labelled (``after_dataset_search``)."""
    facets = search_results.get("facets")
    if isinstance(facets, dict):
        for solr_name, name in _PUBLIC_NAMES.items():
            if solr_name in facets:
                facets[name] = facets.pop(solr_name)
    search_facets = search_results.get("search_facets")
    if isinstance(search_facets, dict):
        lang = tk.h.dgplan_lang()
        for solr_name, name in _PUBLIC_NAMES.items():
            facet = search_facets.pop(solr_name, None) or search_facets.get(name)
            if facet is None:
                continue
            if facet.get("title") == solr_name:
                facet["title"] = name
            for item in facet.get("items", []):
                item["display_name"] = dgplan_facet_label(name, item.get("name"), lang)
            search_facets[name] = facet
    return search_results


def dgplan_dataset_facets(facets_dict: dict[str, Any], package_type: str) -> dict[str, Any]:
    """Add the goal and strategy facets to dataset searches (``IFacets.dataset_facets``)."""
    if package_type != "dataset":
        return facets_dict
    facets_dict["dgplan_goals"] = tk._("Plan goals")
    facets_dict["dgplan_strategies"] = tk._("Plan strategies")
    return facets_dict

"""The portal's home page as data: counts, the plan's goals and strategies with their KPI
status roll-ups, KPI tiles, the latest and most-used datasets and the agencies that publish most.

Everything is read through other actions as the caller (``package_search``, ``dgplan_plan_show``,
``dgplan_kpi_list``), so private datasets and KPIs appear only for users who may see them.
"""
from __future__ import annotations

from typing import Any

import ckan.plugins as p
import ckan.plugins.toolkit as tk
from ckan.types import Context, DataDict

from ckanext.dgplan import config as dgplan_config
from ckanext.dgplan.messages import dgplan_message
from ckanext.dgplan.plan import rollup_element
from ckanext.dgplan.store import plan as plan_store

__all__ = ["dgplan_home_show"]

_DATASET_FIELDS = ("id", "name", "title", "metadata_created", "metadata_modified", "num_resources")


def _brief(pkg: dict[str, Any]) -> dict[str, Any]:
    org = pkg.get("organization") or {}
    out = {k: pkg.get(k) for k in _DATASET_FIELDS}
    out["organization"] = {"name": org.get("name"), "title": org.get("title")} if org else None
    out["formats"] = sorted({(r.get("format") or "").upper() for r in pkg.get("resources") or []} - {""})
    return out


def _search(context: Context, **params: Any) -> dict[str, Any]:
    return tk.get_action("package_search")(tk.fresh_context(context), params)


@tk.side_effect_free
def dgplan_home_show(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """What the home page shows, as the caller may see it.

    :param rows: how many latest and most-used datasets (default 5, at most 20)
    :type rows: int
    :returns: ``counts`` (``datasets``, ``agencies``, ``kpis``, ``goals``, ``strategies``),
        ``goals`` and ``strategies`` (code, name, dataset_count, ``rollup`` of their KPI
        statuses: total, counts, worst, summary, ``scope`` (``own``, or ``plan`` when the element
        has no KPI of its own and the plan-level KPIs are counted), ``kpis`` (the codes counted)
        and ``has_data``), ``kpis`` (code, name, unit, latest value and
        year, status), ``latest`` and ``most_used`` datasets (id, name, title, organization,
        formats, dates), ``most_used_by`` (``views`` when CKAN's tracking plugin counts page
        views, else ``resources``: the datasets with the most resources), ``agencies``
        (name, title, count; the 8 that publish most) and ``example_queries``
        (``ckanext.dgplan.home.example_queries``)
    :rtype: dictionary
    """
    tk.check_access("dgplan_home_show", context, data_dict)
    try:
        rows = max(1, min(20, int(data_dict.get("rows", 5))))
    except (TypeError, ValueError) as err:
        raise tk.ValidationError({"rows": [dgplan_message("Must be a whole number")]}) from err

    latest = _search(context, q="*:*", rows=rows, sort="metadata_created desc",
                     **{"facet.field": ["organization"], "facet.limit": 8})
    by_views = p.plugin_loaded("tracking")
    used = _search(context, q="*:*", rows=rows,
                   sort="views_recent desc" if by_views else "num_resources desc, metadata_modified desc")
    agencies = [{"name": item["name"], "title": item["display_name"], "count": item["count"]}
                for item in (latest.get("search_facets", {}).get("organization") or {}).get("items", [])]
    agencies.sort(key=lambda a: (-a["count"], a["title"] or ""))

    plan = tk.get_action("dgplan_plan_show")(tk.fresh_context(context), {})
    kpis = tk.get_action("dgplan_kpi_list")(tk.fresh_context(context), {})
    active = plan_store.active_plan()

    def codes_of(kpi: dict[str, Any], kind: str) -> set[str]:
        # What the KPI's dataset says, and what the plan says of the same code.
        base = active.kpi(kpi["code"])
        return set(kpi.get(kind) or []) | set(getattr(base, kind, ()) if base else ())

    def in_goal(kpi: dict[str, Any], goal: str) -> bool:
        via = {s.code for s in active.strategies_for_goal(goal)}
        return goal in codes_of(kpi, "goals") or bool(via & codes_of(kpi, "strategies"))

    # KPIs attached to no goal or strategy, by their dataset or the plan, measure the whole plan.
    plan_level = [k for k in kpis if not codes_of(k, "goals") and not codes_of(k, "strategies")]

    def element(item: dict[str, Any], kind: str) -> dict[str, Any]:
        member = [k for k in kpis if (in_goal(k, item["code"]) if kind == "goals"
                                      else item["code"] in codes_of(k, "strategies"))]
        counted = member or plan_level
        # A KPI with values but no status is "not enough data to assess" here as on its own page.
        short = sum(1 for k in counted if k["status"]["status"] == "no_data" and k.get("has_data"))
        summary = rollup_element([k["status"]["status"] for k in member],
                                 [k["status"]["status"] for k in plan_level], short)
        summary["has_data"] = any(k.get("has_data") for k in counted)
        summary["kpis"] = [k["code"] for k in counted]
        return {"code": item["code"], "name": item.get("name"), "dataset_count": item.get("dataset_count", 0),
                "rollup": summary}

    return {
        "counts": {
            "datasets": latest["count"],
            "agencies": len(tk.get_action("organization_list")(tk.fresh_context(context), {})),
            "kpis": len(kpis),
            "goals": len(plan["goals"]),
            "strategies": len(plan["strategies"]),
        },
        "plan": {"code": plan["code"], "name": plan["name"], "period": plan["period"]},
        "goals": [element(g, "goals") for g in plan["goals"]],
        "strategies": [element(s, "strategies") for s in plan["strategies"]],
        "kpis": [{
            "code": k["code"], "name": k["name"], "unit": k.get("unit"), "direction": k.get("direction"),
            "latest_value": k["status"].get("latest_value"), "latest_year_be": k["status"].get("latest_year"),
            "status": k["status"]["status"], "has_data": k.get("has_data"),
        } for k in kpis],
        "latest": [_brief(pkg) for pkg in latest["results"]],
        "most_used": [_brief(pkg) for pkg in used["results"]],
        "most_used_by": "views" if by_views else "resources",
        "agencies": agencies[:8],
        "example_queries": dgplan_config.dgplan_home_example_queries(),
    }

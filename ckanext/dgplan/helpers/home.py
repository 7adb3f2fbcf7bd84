"""Template helpers of the home and About pages."""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.dgplan.store import plan as plan_store

__all__ = ["dgplan_home", "dgplan_kpi_status_map", "dgplan_plan_level_kpis", "dgplan_status_css"]

_STATUS_CSS = {"achieved": "achieved", "on_track": "on-track", "needs_attention": "attention",
               "off_track": "off-track"}


def dgplan_home() -> dict[str, Any]:
    """``dgplan_home_show`` for the current user (the home page's data)."""
    return tk.get_action("dgplan_home_show")({}, {})


def dgplan_status_css(status: str | None) -> str:
    """CSS modifier of a status colour (``off-track``, ...; ``no-data`` for anything else)."""
    return _STATUS_CSS.get(status or "", "no-data")


def dgplan_kpi_status_map() -> dict[str, dict[str, Any]]:
    """Published KPIs the user may see: ``{code: {"status", "has_data", "dataset"}}`` from
    ``dgplan_kpi_list``, so that the plan's KPI table shows the same status as the KPI pages."""
    return {k["code"]: {"status": k["status"]["status"], "has_data": k.get("has_data"),
                        "dataset": k["dataset"]["name"]}
            for k in tk.get_action("dgplan_kpi_list")({}, {})}


def dgplan_plan_level_kpis() -> list[dict[str, Any]]:
    """Published KPIs attached to no goal or strategy, by their dataset or by the plan: the KPIs
    that measure a goal or strategy with none of its own (as on the home page's tiles)."""
    plan = plan_store.active_plan()

    def attached(kpi: dict[str, Any]) -> bool:
        base = plan.kpi(kpi["code"])
        return bool(kpi.get("goals") or kpi.get("strategies") or (base is not None and not base.is_cross_cutting))

    return [k for k in tk.get_action("dgplan_kpi_list")({}, {}) if not attached(k)]

"""Template helpers of the home and About pages."""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk

__all__ = ["dgplan_home", "dgplan_kpi_status_map", "dgplan_status_css"]

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

"""Budget summary by strategy and fiscal year, computed with pandas."""
from __future__ import annotations

from typing import Any, Iterable, Mapping

import pandas as pd

__all__ = ["UNASSIGNED", "budget_summary"]

#: Strategy code used for projects attached to no strategy.
UNASSIGNED = ""


def budget_summary(projects: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    """Sum project budgets by strategy and fiscal year.

    ``projects``: ``{"name", "strategies": [codes], "rows": [{"fiscal_year_be", "budget_baht",
    "certainty"}, ...]}``. A project attached to several strategies counts in full under each
    (a project's budget is not split without a source saying how), so ``totals`` per fiscal year
    are computed over projects, once each. ``reported`` is true when a figure includes a value
    whose certainty is not ``confirmed`` (reported by a secondary source).
    """
    records = []
    for project in projects:
        strategies = list(project.get("strategies") or []) or [UNASSIGNED]
        for row in project.get("rows") or []:
            if row.get("budget_baht") is None or row.get("fiscal_year_be") is None:
                continue
            for strategy in strategies:
                records.append({
                    "project": project["name"],
                    "strategy": strategy,
                    "fiscal_year_be": int(row["fiscal_year_be"]),
                    "budget_baht": float(row["budget_baht"]),
                    "reported": (row.get("certainty") or "confirmed") != "confirmed",
                })
    if not records:
        return {"fiscal_years": [], "strategies": [], "cells": [], "totals": []}
    frame = pd.DataFrame.from_records(records)
    cells = (
        frame.groupby(["strategy", "fiscal_year_be"], sort=True)
        .agg(budget_baht=("budget_baht", "sum"), projects=("project", "nunique"), reported=("reported", "any"))
        .reset_index()
    )
    once = frame.drop_duplicates(["project", "fiscal_year_be"])
    totals = (
        once.groupby("fiscal_year_be", sort=True)
        .agg(budget_baht=("budget_baht", "sum"), projects=("project", "nunique"), reported=("reported", "any"))
        .reset_index()
    )

    def plain(df: pd.DataFrame) -> list[dict[str, Any]]:
        out = []
        for rec in df.to_dict(orient="records"):
            out.append({k: (v.item() if hasattr(v, "item") else v) for k, v in rec.items()})
        return out

    return {
        "fiscal_years": sorted(int(y) for y in frame["fiscal_year_be"].unique()),
        "strategies": sorted(frame["strategy"].unique().tolist()),
        "cells": plain(cells),
        "totals": plain(totals),
    }

"""Budget summary by strategy and fiscal year, summed exactly in :class:`decimal.Decimal`.

Floats lose exactness (``0.1 + 0.2``) and overflow: two stored figures of 1e308 and 1.7e308 sum to
``inf``, which JSON cannot carry (a 500 for every reader) and a page draws as ``inf``. Each figure is
therefore read as a ``Decimal`` and accepted only when finite and within ``0..max_baht`` (the portal's
``ckanext.dgplan.budget.max_baht``); figures outside it (written before the limit existed, or straight
into the DataStore) are left out of every sum and listed under ``skipped``, so the summary stays
correct for the rest and says what it left out.
"""
from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any, Iterable, Mapping, Optional

__all__ = ["UNASSIGNED", "budget_amount", "budget_summary", "budget_total"]

#: Strategy code used for projects attached to no strategy.
UNASSIGNED = ""


def budget_amount(value: Any, max_baht: Optional[int] = None) -> Optional[Decimal]:
    """``value`` as an exact ``Decimal`` when it is a finite number in ``0..max_baht``, else ``None``.

    Floats go through ``repr`` (``0.1`` -> ``Decimal("0.1")``, not its binary expansion).
    """
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        amount = Decimal(repr(value)) if isinstance(value, float) else Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return None
    if not amount.is_finite() or amount < 0 or (max_baht is not None and amount > max_baht):
        return None
    return amount


def _number(amount: Decimal) -> int | float:
    """JSON number of a bounded sum: an int when whole, else a float (finite: the sum is bounded)."""
    return int(amount) if amount == amount.to_integral_value() else float(amount)


def _shown(value: Any) -> str:
    """A refused figure as text (JSON cannot carry NaN or infinity; huge numbers read as 1.7E+308)."""
    try:
        amount = Decimal(repr(value)) if isinstance(value, float) else Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return str(value)[:100]
    if amount.is_finite() and abs(amount) >= Decimal("1e15"):
        return str(amount.normalize())
    return str(amount)


def budget_total(rows: Iterable[Mapping[str, Any]], max_baht: Optional[int] = None) -> Optional[int | float]:
    """Sum of a project's valid ``budget_baht`` figures (``None`` when it has none)."""
    amounts = [a for a in (budget_amount(r.get("budget_baht"), max_baht) for r in rows) if a is not None]
    return _number(sum(amounts, Decimal(0))) if amounts else None


def budget_summary(projects: Iterable[Mapping[str, Any]], max_baht: Optional[int] = None) -> dict[str, Any]:
    """Sum project budgets by strategy and fiscal year.

    ``projects``: ``{"name", "strategies": [codes], "rows": [{"fiscal_year_be", "budget_baht",
    "certainty"}, ...]}``. A project attached to several strategies counts in full under each
    (a project's budget is not split without a source saying how), so ``totals`` per fiscal year
    are computed over projects, once each. ``reported`` is true when a figure includes a value
    whose certainty is not ``confirmed`` (reported by a secondary source). Figures that are not
    finite numbers in ``0..max_baht`` are left out and listed in ``skipped``
    (``{"project", "fiscal_year_be", "budget_baht": text}``).
    """
    cells: dict[tuple[str, int], dict[str, Any]] = {}
    totals: dict[int, dict[str, Any]] = {}
    skipped: list[dict[str, Any]] = []

    def add(table: dict[Any, dict[str, Any]], key: Any, project: str, amount: Decimal, reported: bool) -> None:
        entry = table.setdefault(key, {"budget_baht": Decimal(0), "projects": set(), "reported": False})
        entry["budget_baht"] += amount
        entry["projects"].add(project)
        entry["reported"] = entry["reported"] or reported

    for project in projects:
        name = project["name"]
        strategies = list(dict.fromkeys(project.get("strategies") or [])) or [UNASSIGNED]
        for row in project.get("rows") or []:
            raw, year = row.get("budget_baht"), row.get("fiscal_year_be")
            if raw is None or raw == "" or year is None:
                continue
            amount = budget_amount(raw, max_baht)
            if amount is None:
                skipped.append({"project": name, "fiscal_year_be": int(year), "budget_baht": _shown(raw)})
                continue
            reported = (row.get("certainty") or "confirmed") != "confirmed"
            for strategy in strategies:
                add(cells, (strategy, int(year)), name, amount, reported)
            add(totals, int(year), name, amount, reported)

    def plain(entry: dict[str, Any]) -> dict[str, Any]:
        return {"budget_baht": _number(entry["budget_baht"]), "projects": len(entry["projects"]),
                "reported": entry["reported"]}

    return {
        "fiscal_years": sorted(totals),
        "strategies": sorted({strategy for strategy, _ in cells}),
        "cells": [{"strategy": s, "fiscal_year_be": y, **plain(cells[(s, y)])} for s, y in sorted(cells)],
        "totals": [{"fiscal_year_be": y, **plain(totals[y])} for y in sorted(totals)],
        "skipped": skipped,
    }

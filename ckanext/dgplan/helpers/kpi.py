"""Template helpers for KPI and project pages: status labels, SVG charts, budget summary."""
from __future__ import annotations

from typing import Any, Optional

import ckan.plugins.toolkit as tk
from markupsafe import Markup

from ckanext.dgplan.helpers.plan import dgplan_lang
from ckanext.dgplan.kpi import charts
from ckanext.dgplan.plan import STATUS_LABELS

__all__ = [
    "dgplan_budget_chart",
    "dgplan_budget_skipped_note",
    "dgplan_budget_summary",
    "dgplan_import_max_mb",
    "dgplan_kpi_chart",
    "dgplan_kpi_statuses",
    "dgplan_number",
    "dgplan_status_label",
]


def dgplan_status_label(status: Optional[str]) -> str:
    """``off_track`` -> ``ไม่เป็นไปตามแผน`` (Thai pages) or ``Off track``."""
    labels = STATUS_LABELS.get(status or "no_data", STATUS_LABELS["no_data"])
    return labels[dgplan_lang()]


def dgplan_number(value: Any) -> str:
    """A number for display: thousands separators, no trailing ``.0``; empty for ``None``."""
    if value is None or value == "":
        return ""
    number = float(value)
    if number.is_integer():
        return f"{int(number):,}"
    return f"{number:,.4f}".rstrip("0").rstrip(".")


def dgplan_kpi_chart(kpi: dict[str, Any]) -> Markup:
    """SVG chart of a ``dgplan_kpi_show`` result: yearly values against targets."""
    rows = [r for r in kpi.get("series") or [] if r.get("period") == "year"]
    targets = {int(t["year_be"]): t["value"] for t in kpi.get("targets") or []}
    for row in rows:
        if row.get("target") is not None:
            targets.setdefault(int(row["fiscal_year_be"]), row["target"])
    values = {int(r["fiscal_year_be"]): r["value"] for r in rows if r.get("value") is not None}
    years = sorted(set(values) | set(targets))
    name = tk.h.dgplan_text(kpi.get("name"))
    lang = dgplan_lang()
    invert = kpi.get("direction") == "lower"
    if lang == "th":
        desc = "ค่าของตัวชี้วัดเทียบกับค่าเป้าหมาย รายปี พ.ศ." + (" (ค่าน้อยอยู่ด้านบน)" if invert else "")
    else:
        desc = "Values against targets by B.E. fiscal year"
        desc += " (smaller is better and drawn higher)" if invert else ""
    unit = tk.h.dgplan_text(kpi.get("unit")) or ""
    if invert:
        unit += " (น้อยดีกว่า อยู่บน)" if lang == "th" else " (lower is better, on top)"
    svg = charts.line_chart_svg(
        years, [values.get(y) for y in years], [targets.get(y) for y in years],
        title=name, desc=desc, invert=invert,
        value_label="ค่าที่รายงาน" if lang == "th" else "Reported value",
        target_label="ค่าเป้าหมาย" if lang == "th" else "Target",
        x_title="ปีงบประมาณ (พ.ศ.)" if lang == "th" else "Fiscal year (B.E.)",
        y_title=unit.strip(),
        chart_id=f"chart-{kpi.get('code', 'kpi').lower()}",
    )
    return Markup(svg)  # noqa: S704 - built by charts.py, which escapes every text it writes


def dgplan_budget_summary() -> dict[str, Any]:
    """``dgplan_budget_summary`` for the current user (for the /plan page)."""
    return tk.get_action("dgplan_budget_summary")({}, {})


def dgplan_budget_skipped_note(summary: dict[str, Any]) -> str:
    """What the summary left out: stored figures outside ``0..max`` baht (empty when none)."""
    skipped = summary.get("skipped") or []
    if not skipped:
        return ""
    limit = f"{int(summary.get('max_budget_baht') or 0):,}"
    if dgplan_lang() == "th":
        return (f"ไม่นับรวมงบประมาณ {len(skipped):,} รายการที่ไม่ใช่ตัวเลขระหว่าง 0 ถึง {limit} บาท "
                f"(บันทึกไว้ก่อนมีการตรวจสอบ): " + ", ".join(f"{s['project']} {s['fiscal_year_be']}" for s in skipped))
    return (f"{len(skipped):,} budget figures that are not numbers from 0 to {limit} baht (stored before "
            f"this was checked) are left out: " + ", ".join(f"{s['project']} {s['fiscal_year_be']}" for s in skipped))


def dgplan_budget_chart(summary: dict[str, Any]) -> Markup:
    """SVG grouped bars: budget (million baht) by fiscal year, one bar per strategy."""
    lang = dgplan_lang()
    years = summary.get("fiscal_years") or []
    series = []
    for strategy in summary.get("strategies") or []:
        cells = {c["fiscal_year_be"]: c["budget_baht"] for c in summary["cells"] if c["strategy"] == strategy}
        label = (summary.get("strategy_labels") or {}).get(strategy, {}).get(lang) or strategy
        series.append((label, [cells.get(y) for y in years]))
    svg = charts.bar_chart_svg(
        [str(y) for y in years], series,
        title="งบประมาณตามยุทธศาสตร์และปีงบประมาณ" if lang == "th" else "Budget by strategy and fiscal year",
        desc="หน่วย: ล้านบาท" if lang == "th" else "In millions of baht",
        scale=1e6, scale_label="ล้านบาท" if lang == "th" else "THB million", chart_id="dgplan-budget",
        x_title="ปีงบประมาณ (พ.ศ.)" if lang == "th" else "Fiscal year (B.E.)",
    )
    return Markup(svg)  # noqa: S704 - escaped by charts.py


def dgplan_kpi_statuses(strategy: Optional[str] = None, goal: Optional[str] = None) -> list[dict[str, Any]]:
    """KPIs (with status) of a strategy or goal, for the strategy and goal pages."""
    data = {k: v for k, v in (("strategy", strategy), ("goal", goal)) if v}
    try:
        return tk.get_action("dgplan_kpi_list")({}, data)
    except tk.ValidationError:
        return []


def dgplan_import_max_mb() -> int:
    """Largest import file in megabytes (``ckanext.dgplan.import.max_size_mb``)."""
    from ckanext.dgplan import config as dgplan_config

    return dgplan_config.dgplan_import_max_bytes() // (1024 * 1024)

"""Real seed data: the plan's KPIs with their published history, and the integrated budgets.

Published under the organization named by ``ckanext.dgplan.organization`` (DGA by default):

* one ``dgplan-kpi`` dataset per KPI of the active plan, its values table filled from
  ``plan/data/indicators.yaml`` (UN EGDI rank and score 2010-2024 ...) plus the plan's baseline
  and targets (EGDI rank 40 or better by 2570), each row with its source and certainty;
* the ``dgplan-project`` dataset ``dg-integrated-budget`` (แผนงานบูรณาการรัฐบาลดิจิทัล) with the
  FY2567 framework (THB 5,523.911 million, 78 projects; confirmed) and FY2568 (more than THB
  8,000 million; reported by a secondary source, so marked ``reported``).

Running it again changes nothing: datasets are created only when missing and rows go through
the same compare-then-upsert path as imports.
"""
from __future__ import annotations

import hashlib
import logging
from typing import Any, Optional

import ckan.plugins.toolkit as tk
from ckan.types import Context

from ckanext.dgplan import config as dgplan_config
from ckanext.dgplan.kpi.table import BUDGET_COMPARE, BUDGET_KEY, KPI_COMPARE, KPI_KEY
from ckanext.dgplan.plan import IndicatorSet, Kpi, Plan, load_indicators
from ckanext.dgplan.store import imports as imports
from ckanext.dgplan.store import kpi as kpi_store
from ckanext.dgplan.store import plan as plan_store

log = logging.getLogger(__name__)

__all__ = ["PROJECT_NAME", "dgplan_seed_load", "kpi_rows", "project_rows"]

PROJECT_NAME = "dg-integrated-budget"
_ORG_TITLE = "สำนักงานพัฒนารัฐบาลดิจิทัล (องค์การมหาชน) (สพร.) / Digital Government Development Agency (DGA)"


def _cite(keys: Any, plan: Plan, indicators: Optional[IndicatorSet] = None) -> Optional[str]:
    """Source keys -> ``"title <url>; ..."`` (free-text citations kept as they are)."""
    out = []
    for key in keys or ():
        entry = plan.source_entry(key) or (indicators.source_entry(key) if indicators else None)
        out.append(f"{entry.title} <{entry.url}>" if entry and entry.url else (entry.title if entry else key))
    return "; ".join(out) or None


def kpi_rows(kpi: Kpi, plan: Plan, indicators: IndicatorSet) -> list[dict[str, Any]]:
    """Rows of ``kpi``'s values table: observed values, the baseline, and the targets."""
    rows: dict[int, dict[str, Any]] = {}
    for series in indicators.for_kpi(kpi.code):
        for obs in series.observations:
            if obs.value is None:
                continue
            rows[obs.year_be] = {
                "kpi_code": kpi.code, "fiscal_year_be": obs.year_be, "period": "year",
                "value": float(obs.value), "target": None, "unit": kpi.unit.th,
                "note": obs.note, "source": _cite(obs.source or series.source, plan, indicators),
                "certainty": obs.certainty,
            }
    if kpi.baseline is not None and kpi.baseline.year_be not in rows:
        rows[kpi.baseline.year_be] = {
            "kpi_code": kpi.code, "fiscal_year_be": kpi.baseline.year_be, "period": "year",
            "value": float(kpi.baseline.value), "target": None, "unit": kpi.unit.th,
            "note": "ค่าฐานตามแผน / plan baseline", "source": _cite(kpi.baseline.source or kpi.source, plan),
            "certainty": kpi.certainty,
        }
    for target in kpi.targets:
        row = rows.setdefault(target.year_be, {
            "kpi_code": kpi.code, "fiscal_year_be": target.year_be, "period": "year", "value": None,
            "unit": kpi.unit.th, "note": kpi.target_text.get("th") or None,
            "source": _cite(kpi.target_source, plan), "certainty": kpi.certainty,
        })
        row["target"] = float(target.value)
    return [rows[y] for y in sorted(rows)]


def project_rows(plan: Plan) -> list[dict[str, Any]]:
    """The integrated digital-government budget programme, FY2567 and FY2568."""
    return [
        {"project": PROJECT_NAME, "fiscal_year_be": 2567, "budget_baht": 5_523_911_000.0, "status": None,
         "progress_percent": None,
         "note": "กรอบวงเงิน 5,523.911 ล้านบาท 78 โครงการ (สพร. เป็นเจ้าภาพ) / "
                 "framework of THB 5,523.911 million for 78 projects, hosted by DGA",
         "source": _cite(["dga-news-87406", "thansettakij-554941"], plan), "certainty": "confirmed"},
        {"project": PROJECT_NAME, "fiscal_year_be": 2568, "budget_baht": 8_000_000_000.0, "status": None,
         "progress_percent": None,
         "note": "รายงานว่า \"กว่า 8 พันล้านบาท\" ตัวเลขนี้เป็นค่าขั้นต่ำ ไม่ใช่ตัวเลขปฐมภูมิ / "
                 "reported as \"more than THB 8,000 million\": a lower bound from a secondary source",
         "source": _cite(["adsl-16377"], plan), "certainty": "reported"},
    ]


def _ensure_org(context: Context) -> dict[str, Any]:
    name = dgplan_config.dgplan_organization()
    try:
        return tk.get_action("organization_show")(context.copy(), {"id": name})
    except tk.ObjectNotFound:
        return tk.get_action("organization_create")(context.copy(), {"name": name, "title": _ORG_TITLE})


def _ensure_dataset(context: Context, data: dict[str, Any]) -> tuple[dict[str, Any], bool]:
    try:
        return tk.get_action("package_show")(context.copy(), {"id": data["name"]}), False
    except tk.ObjectNotFound:
        return tk.get_action("package_create")(context.copy(), data), True


def _kpi_dataset(kpi: Kpi, plan: Plan, org: dict[str, Any]) -> dict[str, Any]:
    frequency = (kpi.frequency or "").split()[0] if kpi.frequency else ""
    return {
        "type": kpi_store.KPI_TYPE, "name": kpi.code.lower(), "owner_org": org["id"],
        "title": kpi.name.th or kpi.code, "dgplan_title_en": kpi.name.en, "dgplan_kpi_code": kpi.code,
        "notes": "\n\n".join(t for t in (kpi.description.th, kpi.description.en, kpi.note.th, kpi.note.en) if t),
        "dgplan_goals": list(kpi.goals), "dgplan_strategies": list(kpi.strategies),
        "dgplan_unit": kpi.unit.th, "dgplan_direction": kpi.direction,
        "dgplan_baseline_year": str(kpi.baseline.year_be) if kpi.baseline else "",
        "dgplan_baseline_value": str(kpi.baseline.value) if kpi.baseline else "",
        "dgplan_targets": {str(t.year_be): t.value for t in kpi.targets} or "",
        "dgplan_target_text": kpi.target_text.get("th") or "",
        "dgplan_data_source": _cite(kpi.source, plan) or "",
        "dgplan_frequency": frequency if frequency in ("monthly", "quarterly", "annual", "biennial") else "",
        "dgplan_certainty": kpi.certainty or "",
        "license_id": "cc-by",
    }


def _project_dataset(plan: Plan, org: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": kpi_store.PROJECT_TYPE, "name": PROJECT_NAME, "owner_org": org["id"],
        "title": "แผนงานบูรณาการรัฐบาลดิจิทัล", "dgplan_title_en": "Integrated digital-government budget programme",
        "notes": "แผนงานบูรณาการรัฐบาลดิจิทัล (งบประมาณบูรณาการ) ที่ สพร. เป็นเจ้าภาพ ปีงบประมาณ พ.ศ. 2567 และ 2568 "
                 "ยังไม่พบรายชื่อโครงการรายตัวและการเชื่อมโยงกับยุทธศาสตร์ของแผน\n\n"
                 "The integrated digital-government budget programme hosted by DGA, FY2567 and FY2568. "
                 "The list of its projects and their link to the plan's strategies were not found.",
        "dgplan_fiscal_years": [2567, 2568], "dgplan_project_status": "ongoing",
        "dgplan_data_source": _cite(["dga-news-87406", "thansettakij-554941", "adsl-16377"], plan) or "",
        "dgplan_certainty": "reported", "license_id": "cc-by",
    }


def dgplan_seed_load() -> dict[str, int]:
    """Create or complete the seed datasets as the site user; returns counts of what changed."""
    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
    context: Context = {"user": site_user["name"], "ignore_auth": True}
    plan = plan_store.active_plan()
    indicators = load_indicators()
    org = _ensure_org(context)
    counts = {"datasets_created": 0, "rows_written": 0}
    by_code = kpi_store.kpi_datasets_by_code(context)
    for kpi in plan.kpis:
        agency_own = by_code.get(kpi.code)
        if agency_own is not None and agency_own["name"] != kpi.code.lower():
            # An agency publishes this KPI in a dataset of its own (one dataset per KPI code): its
            # values are its own, and the seed must not overwrite them.
            log.info("seed: %s is published as %s; left alone", kpi.code, agency_own["name"])
            continue
        pkg, created = _ensure_dataset(context, _kpi_dataset(kpi, plan, org))
        counts["datasets_created"] += created
        rows = kpi_rows(kpi, plan, indicators)
        digest = hashlib.sha256(repr(rows).encode()).hexdigest()
        summary = imports.write_table_rows(context, {pkg["id"]: (pkg, rows)}, "kpi_values", KPI_KEY, KPI_COMPARE,
                                           "seed", digest)
        counts["rows_written"] += summary["inserted"] + summary["updated"]
    pkg, created = _ensure_dataset(context, _project_dataset(plan, org))
    counts["datasets_created"] += created
    rows = project_rows(plan)
    summary = imports.write_table_rows(context, {pkg["id"]: (pkg, rows)}, "project_budget", BUDGET_KEY,
                                       BUDGET_COMPARE, "seed", hashlib.sha256(repr(rows).encode()).hexdigest())
    counts["rows_written"] += summary["inserted"] + summary["updated"]
    return counts

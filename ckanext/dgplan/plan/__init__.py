"""The Digital Government Development Plan as data: model, loader, KPI status.

Pure Python (standard library + PyYAML); it never imports CKAN, so the CLI, seeding scripts
and unit tests can use it without a CKAN configuration. The CKAN plugin reads the active plan
through :func:`default_plan` or :func:`load_plan`.

Typical use::

    from ckanext.dgplan.plan import default_plan, kpi_status

    plan = default_plan()
    kpi = plan.kpi("KPI-EGDI-RANK")
    result = kpi_status(kpi, [(2567, 52)])
    result.status, result.label("th")   # ('off_track', 'ไม่เป็นไปตามแผน')
"""
from __future__ import annotations

from .loader import (
    DATA_DIR,
    DEFAULT_PLAN_FILE,
    INDICATORS_FILE,
    PlanValidationError,
    ValidationIssue,
    bundled_plan_paths,
    default_plan,
    load_bundled_plans,
    load_indicators,
    load_indicators_text,
    load_plan,
    load_plan_text,
)
from .model import (
    CERTAINTIES,
    CODE_KINDS,
    DIRECTIONS,
    KPI_KINDS,
    Baseline,
    CodeChange,
    Goal,
    IndicatorSeries,
    IndicatorSet,
    KeyFact,
    Keywords,
    Kpi,
    LocalText,
    Milestone,
    Observation,
    Period,
    Plan,
    Source,
    Strategy,
    SubStrategy,
    Target,
    be_to_ce,
    ce_to_be,
    diff_codes,
    renumber,
)
from .status import (
    DEFAULT_THRESHOLDS,
    STATUS_LABELS,
    STATUSES,
    StatusResult,
    Thresholds,
    kpi_status,
    rollup,
    rollup_element,
    rollup_plan,
    status_label,
)

__all__ = [
    "CERTAINTIES",
    "CODE_KINDS",
    "DATA_DIR",
    "DEFAULT_PLAN_FILE",
    "DEFAULT_THRESHOLDS",
    "DIRECTIONS",
    "INDICATORS_FILE",
    "KPI_KINDS",
    "STATUSES",
    "STATUS_LABELS",
    "Baseline",
    "CodeChange",
    "Goal",
    "IndicatorSeries",
    "IndicatorSet",
    "KeyFact",
    "Keywords",
    "Kpi",
    "LocalText",
    "Milestone",
    "Observation",
    "Period",
    "Plan",
    "PlanValidationError",
    "Source",
    "StatusResult",
    "Strategy",
    "SubStrategy",
    "Target",
    "Thresholds",
    "ValidationIssue",
    "be_to_ce",
    "bundled_plan_paths",
    "ce_to_be",
    "default_plan",
    "diff_codes",
    "kpi_status",
    "load_bundled_plans",
    "load_indicators",
    "load_indicators_text",
    "load_plan",
    "load_plan_text",
    "renumber",
    "rollup",
    "rollup_element",
    "rollup_plan",
    "status_label",
]

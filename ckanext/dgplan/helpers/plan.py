"""Template helpers for the plan: choices of the dataset plan fields, labels in the user's language."""
from __future__ import annotations

from typing import Any, Optional

import ckan.plugins.toolkit as tk

from ckanext.dgplan.plan import Plan
from ckanext.dgplan.search import plan as plan_search
from ckanext.dgplan.store import plan as plan_store

__all__ = [
    "dgplan_facet_item_label",
    "dgplan_facet_label",
    "dgplan_goal_choices",
    "dgplan_kpi_choices",
    "dgplan_kpi_page_url",
    "dgplan_lang",
    "dgplan_plan_label",
    "dgplan_strategy_choices",
    "dgplan_text",
]


def dgplan_lang() -> str:
    """``th`` or ``en``: the language of this page, the one lookup every helper and hook uses.

    Any Thai locale is ``th``, every other locale ``en``. Outside a request (CLI, background jobs)
    there is no user language: the site's ``ckan.locale_default`` decides (CKAN's default ``en``).
    """
    try:
        lang = tk.h.lang() or ""
    except Exception:  # noqa: BLE001 - outside a request there is no user language
        lang = tk.config.get("ckan.locale_default") or "en"
    return "th" if lang.split("_")[0].lower() == "th" else "en"


def dgplan_text(value: Any, lang: Optional[str] = None) -> str:
    """Text of a ``{"th": ..., "en": ...}`` dict in ``lang`` (default: the page's), else the other."""
    if not value:
        return ""
    if isinstance(value, str):
        return value
    lang = lang or dgplan_lang()
    other = "en" if lang == "th" else "th"
    return value.get(lang) or value.get(other) or ""


def _choices(plan: Plan, kind: str) -> list[dict[str, Any]]:
    choices = []
    for item in plan.items(kind):
        label = {lang: f"{item.code} {item.label(lang)}" for lang in ("th", "en")}
        choices.append({"value": item.code, "label": label})
    return choices


def dgplan_goal_choices(field: dict[str, Any]) -> list[dict[str, Any]]:
    """Goals of the active plan as scheming choices (``choices_helper``), labels in Thai and English."""
    return _choices(plan_store.active_plan(), "goals")


def dgplan_strategy_choices(field: dict[str, Any]) -> list[dict[str, Any]]:
    """Strategies of the active plan as scheming choices (``choices_helper``)."""
    return _choices(plan_store.active_plan(), "strategies")


def dgplan_kpi_choices(field: dict[str, Any]) -> list[dict[str, Any]]:
    """KPIs of the active plan as scheming choices (``choices_helper``)."""
    return _choices(plan_store.active_plan(), "kpis")


def dgplan_plan_label(code: Any, lang: Optional[str] = None) -> str:
    """Name of a goal, strategy or KPI of the active plan in ``lang``; the code itself if unknown."""
    element = plan_store.active_plan().element(str(code)) if code else None
    return element.label(lang or dgplan_lang()) if element is not None else ("" if code is None else str(code))


def dgplan_facet_label(field_name: str, value: Any) -> str:
    """Label of a plan facet item (``G1 Responsive Government``) in the page's language."""
    return plan_search.dgplan_facet_label(field_name, value, dgplan_lang())


def dgplan_facet_item_label(item: dict[str, Any]) -> str:
    """``label_function`` of a plan facet item: ``G1 <name>`` in the page's language, not truncated.

    Plan codes are unique across goals, strategies and KPIs, so the code alone finds the name.
    """
    code = item.get("name")
    label = dgplan_plan_label(code)
    return f"{code} {label}" if label and label != code else str(item.get("display_name") or code)


def dgplan_kpi_page_url(code: str) -> str:
    """URL of a KPI's own page (``/plan/kpi/<code>``)."""
    return tk.url_for("dgplan_kpi.kpi", code=code)

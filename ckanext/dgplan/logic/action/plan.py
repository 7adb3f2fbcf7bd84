"""Actions on the Digital Government Development Plan: the plan, its goals and strategies, tag suggestions.

Every count and list of datasets comes from ``package_search`` run with the caller's context and
``include_private=True``, so CKAN's permission labels decide what is counted: a private dataset is
counted only for users who may see it.
"""
from __future__ import annotations

from typing import Any, Optional

import ckan.plugins.toolkit as tk
from ckan.types import Context, DataDict

from ckanext.dgplan.logic.schema import plan as schema_plan
from ckanext.dgplan.logic.validators import limits as validators_limits
from ckanext.dgplan.messages import N_, dgplan_message
from ckanext.dgplan.plan import Plan, skos
from ckanext.dgplan.plan.suggest import suggest
from ckanext.dgplan.search import plan as plan_search
from ckanext.dgplan.store import plan as plan_store

__all__ = [
    "dgplan_goal_show",
    "dgplan_plan_list",
    "dgplan_plan_show",
    "dgplan_plan_skos_show",
    "dgplan_strategy_show",
    "dgplan_tag_suggest",
]

def _validate(data_dict: DataDict, schema: dict[str, Any], context: Context) -> dict[str, Any]:
    data, errors = tk.navl_validate(data_dict, schema, context)
    if errors:
        raise tk.ValidationError(errors)
    return data


def _search(context: Context, **params: Any) -> dict[str, Any]:
    """``package_search`` as the caller, private datasets included where the caller may see them."""
    params.setdefault("include_private", True)
    return tk.get_action("package_search")(tk.fresh_context(context), params)


def _dataset_counts(context: Context, plan: Plan) -> dict[str, dict[str, int]]:
    """Datasets tagged with each goal, strategy and KPI code of ``plan``, as the caller sees them."""
    found = plan_search.code_counts(tk.fresh_context(context))
    codes = plan.codes()
    return {kind: {code: found[kind].get(code, 0) for code in sorted(codes[kind])} for kind in found}


def _plan_summary(plan: Plan, current: plan_store.ActivePlan) -> dict[str, Any]:
    is_active = plan.code == current.plan.code
    return {
        "code": plan.code,
        "name": plan.name.to_dict(),
        "version": plan.version,
        "status": plan.status,
        "period": plan.period.to_dict(),
        "active": is_active,
        "source": current.source if is_active else "bundled",
        "goals": [g.code for g in plan.goals],
        "strategies": [s.code for s in plan.strategies],
        "kpis": [k.code for k in plan.kpis],
    }


@tk.side_effect_free
def dgplan_plan_list(context: Context, data_dict: DataDict) -> list[dict[str, Any]]:
    """List the plans this portal knows: the bundled plans and the active one.

    The active plan is the file of ``ckanext.dgplan.plan_file``, else a plan loaded with
    ``ckan dgplan plan load``, else the bundled plan 2566-2570.

    :returns: one summary per plan, oldest period first: ``code``, ``name`` (``th``/``en``),
        ``version``, ``status``, ``period``, ``active`` (bool), ``source`` (``bundled``,
        ``config`` or ``system_info``) and the ``goals``, ``strategies`` and ``kpis`` codes
    :rtype: list of dictionaries
    """
    tk.check_access("dgplan_plan_list", context, data_dict)
    current = plan_store.active()
    plans = sorted(plan_store.available_plans().values(), key=lambda p: (p.period.start_be, p.code))
    return [_plan_summary(plan, current) for plan in plans]


@tk.side_effect_free
def dgplan_plan_show(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Return a plan with its vision, goals, strategies and KPIs, and how many datasets serve each.

    Dataset counts come from a search run as the caller: private datasets are counted only for
    users who may see them.

    :param id: plan code, e.g. ``dgdp-2023-2027`` (optional, default: the active plan)
    :type id: string

    :returns: the plan (as in the plan YAML, with each goal's ``strategies`` and ``kpis`` codes),
        plus ``active`` (bool), ``dataset_counts`` (``{"goals": {"G1": 3, ...}, "strategies":
        {...}, "kpis": {...}}``) and ``dataset_count`` on every goal, strategy and KPI
    :rtype: dictionary
    """
    tk.check_access("dgplan_plan_show", context, data_dict)
    data = _validate(data_dict, schema_plan.dgplan_plan_show_schema(), context)
    plan = plan_store.get_plan(data.get("id"))
    counts = _dataset_counts(context, plan)
    result = plan.to_dict()
    result["active"] = plan.code == plan_store.active_plan().code
    result["dataset_counts"] = counts
    for kind in ("goals", "strategies", "kpis"):
        for item in result[kind]:
            item["dataset_count"] = counts[kind].get(item["code"], 0)
    return result


def _concept_url(kind: str, code: str) -> str:
    if kind == "goal":
        return tk.url_for("dgplan.goal", code=code, qualified=True)
    if kind == "strategy":
        return tk.url_for("dgplan.strategy", code=code, qualified=True)
    # KPIs and sub-strategies have no page of their own; they are anchors of the plan page.
    return tk.url_for("dgplan.plan", qualified=True) + f"#{code}"


@tk.side_effect_free
def dgplan_plan_skos_show(context: Context, data_dict: DataDict) -> Any:
    """Return the active plan as a SKOS concept scheme (goals, strategies, sub-strategies, KPIs).

    No dataset is searched, so the answer is the same for every caller.

    :param format: ``jsonld`` (default) or ``turtle``
    :type format: string

    :returns: the JSON-LD document (``@context`` and ``@graph``), or the Turtle text
    :rtype: dictionary or string
    """
    tk.check_access("dgplan_plan_skos_show", context, data_dict)
    data = _validate(data_dict, schema_plan.dgplan_plan_skos_show_schema(), context)
    plan = plan_store.active_plan()
    scheme_url = tk.url_for("dgplan.plan", qualified=True)
    if data.get("format", "jsonld") == "turtle":
        return skos.to_turtle(plan, scheme_url, _concept_url)
    return skos.to_jsonld(plan, scheme_url, _concept_url)


def _element_page(context: Context, data: dict[str, Any], field_name: str, code: str) -> dict[str, Any]:
    rows = data.get("rows", schema_plan.DEFAULT_ROWS)
    start = data.get("start", 0)
    result = _search(
        context,
        q="*:*",
        fq=f'+{plan_search.index_field(field_name)}:"{code}"',
        rows=rows,
        start=start,
        sort="metadata_modified desc",
    )
    return {"dataset_count": result["count"], "datasets": result["results"], "rows": rows, "start": start}


def _plan_ref(plan: Plan) -> dict[str, Any]:
    return {"code": plan.code, "name": plan.name.to_dict(), "period": plan.period.to_dict()}


_NOT_FOUND = {
    "goal": N_("No goal with code \"%(code)s\" in plan %(plan)s"),
    "strategy": N_("No strategy with code \"%(code)s\" in plan %(plan)s"),
}


def _not_found(kind: str, code: str, plan: Plan) -> tk.ObjectNotFound:
    return tk.ObjectNotFound(dgplan_message(_NOT_FOUND[kind], code=code, plan=plan.code))


def _find(plan: Plan, kind: str, code: str) -> Optional[Any]:
    getter = plan.goal if kind == "goal" else plan.strategy
    return getter(code) or getter(code.strip().upper())


@tk.side_effect_free
def dgplan_goal_show(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Return a goal of the active plan with its strategies, KPIs and the datasets that serve it.

    :param id: the goal code, e.g. ``G1``
    :type id: string
    :param rows: how many datasets to return (optional, default 20, at most 100)
    :type rows: int
    :param start: offset of the first dataset, for paging (optional, default 0)
    :type start: int

    :returns: the goal (``code``, ``name``, ``description``, ...), ``plan`` (code, name, period),
        ``strategies`` and ``kpis`` (full dictionaries), ``dataset_count`` (all datasets tagged
        with the goal that the caller may see) and ``datasets`` (one page of them, most recently
        modified first)
    :rtype: dictionary
    """
    tk.check_access("dgplan_goal_show", context, data_dict)
    data = _validate(data_dict, schema_plan.dgplan_plan_element_show_schema(), context)
    plan = plan_store.active_plan()
    goal = _find(plan, "goal", data["id"])
    if goal is None:
        raise _not_found("goal", data["id"], plan)
    result = goal.to_dict()
    result["plan"] = _plan_ref(plan)
    result["strategies"] = [s.to_dict() for s in plan.strategies_for_goal(goal.code)]
    result["kpis"] = [k.to_dict() for k in plan.kpis_for_goal(goal.code)]
    result.update(_element_page(context, data, plan_search.KIND_FIELDS["goals"], goal.code))
    return result


@tk.side_effect_free
def dgplan_strategy_show(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Return a strategy of the active plan with its goals, KPIs and the datasets that serve it.

    :param id: the strategy code, e.g. ``S3``
    :type id: string
    :param rows: how many datasets to return (optional, default 20, at most 100)
    :type rows: int
    :param start: offset of the first dataset, for paging (optional, default 0)
    :type start: int

    :returns: the strategy (``code``, ``number``, ``name``, ``name_final``, ``sub_strategies``,
        ...) with ``goals`` and ``kpis`` as full dictionaries, ``plan``, ``dataset_count`` and
        ``datasets`` (one page, most recently modified first)
    :rtype: dictionary
    """
    tk.check_access("dgplan_strategy_show", context, data_dict)
    data = _validate(data_dict, schema_plan.dgplan_plan_element_show_schema(), context)
    plan = plan_store.active_plan()
    strategy = _find(plan, "strategy", data["id"])
    if strategy is None:
        raise _not_found("strategy", data["id"], plan)
    result = strategy.to_dict()
    result["plan"] = _plan_ref(plan)
    result["goals"] = [g.to_dict() for g in plan.goals if g.code in strategy.goals]
    result["kpis"] = [k.to_dict() for k in plan.kpis_for_strategy(strategy.code)]
    result.update(_element_page(context, data, plan_search.KIND_FIELDS["strategies"], strategy.code))
    return result


@tk.side_effect_free
def dgplan_tag_suggest(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Suggest the goals and strategies of the active plan that a dataset serves.

    Words of the title and description (Thai or English) are matched against each goal and
    strategy's name, description and keywords in the plan. Nothing is saved; the publisher
    decides. Only the plan's text is used, never other datasets.

    :param title: the dataset title (``title`` or ``notes`` is required)
    :type title: string
    :param notes: the dataset description
    :type notes: string
    :param limit: at most this many goals and this many strategies (optional, default 3, at most 20)
    :type limit: int

    ``title`` and ``notes`` may each hold at most ``ckanext.dgplan.free_text.max_chars``
    characters (default 5,000); longer text is refused with a validation error.

    :returns: ``plan`` (code) and ``goals`` / ``strategies``: lists, best first, of
        ``{"code", "kind", "name": {"th", "en"}, "score", "matched": [plan words found]}``;
        empty when nothing in the text points to the plan
    :rtype: dictionary
    """
    tk.check_access("dgplan_tag_suggest", context, data_dict)
    # Anyone may call this, and segmentation costs time per character: refuse huge text first.
    validators_limits.dgplan_free_text_check(data_dict, ("title", "notes"))
    data = _validate(data_dict, schema_plan.dgplan_tag_suggest_schema(), context)
    plan = plan_store.active_plan()
    result = suggest(data.get("title") or "", data.get("notes") or "", plan, limit=data.get("limit", 3))
    return {"plan": plan.code, **result.to_dict()}

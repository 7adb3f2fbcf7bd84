"""Pages of the dgplan blueprint: the plan, its goals and strategies, and machine-readable copies.

Every page calls actions (``dgplan_plan_show``, ``dgplan_goal_show``, ``dgplan_strategy_show``) and
renders what API users get; nothing here reads the database.

=========================== ======================================================
``/plan``                   vision, goals, strategies, KPIs, dataset counts
``/plan/goal/<code>``       a goal, its strategies and KPIs, its datasets (paged)
``/plan/strategy/<code>``   a strategy, its goals and KPIs, its datasets (paged)
``/plan.json``              ``dgplan_plan_show`` output
``/plan.jsonld``            SKOS concept scheme, JSON-LD
``/plan.ttl``               SKOS concept scheme, Turtle
=========================== ======================================================
"""
from __future__ import annotations

import json
from typing import Any, Callable

import ckan.plugins.toolkit as tk
from ckan.lib.pagination import Page
from flask import Blueprint, Response, request

from ckanext.dgplan.logic.schema.plan import DEFAULT_ROWS
from ckanext.dgplan.views.pages import call_action_or_abort

dgplan = Blueprint("dgplan", __name__)

_JSON = "application/json; charset=utf-8"
_JSONLD = "application/ld+json; charset=utf-8"
_TURTLE = "text/turtle; charset=utf-8"


def _page_number() -> int:
    try:
        page = int(request.args.get("page", 1))
    except ValueError:
        tk.abort(400, tk._("The page number must be a whole number."))
    if page < 1:
        tk.abort(400, tk._("The page number must be a whole number."))
    return page




def plan_page() -> str:
    plan = call_action_or_abort("dgplan_plan_show", {})
    return tk.render("dgplan/plan.html", extra_vars={"plan": plan})


def plan_json() -> Response:
    plan = call_action_or_abort("dgplan_plan_show", {})
    return Response(json.dumps(plan, ensure_ascii=False, indent=2), content_type=_JSON)


def plan_jsonld() -> Response:
    document = call_action_or_abort("dgplan_plan_skos_show", {"format": "jsonld"})
    return Response(json.dumps(document, ensure_ascii=False, indent=2), content_type=_JSONLD)


def plan_turtle() -> Response:
    return Response(call_action_or_abort("dgplan_plan_skos_show", {"format": "turtle"}), content_type=_TURTLE)


def _element_page(action: str, route: str, template: str, code: str) -> str:
    page = _page_number()
    rows = DEFAULT_ROWS
    element = call_action_or_abort(action, {"id": code, "rows": rows, "start": (page - 1) * rows})

    def pager_url(q: Any = None, page: int = 1) -> str:  # noqa: ARG001 - CKAN's pager passes q
        return tk.url_for(route, code=element["code"], page=page)

    pager = Page(collection=element["datasets"], page=page, url=pager_url,
                 item_count=element["dataset_count"], items_per_page=rows)
    pager.items = element["datasets"]
    return tk.render(template, extra_vars={"element": element, "page": pager})


def goal_page(code: str) -> str:
    return _element_page("dgplan_goal_show", "dgplan.goal", "dgplan/goal.html", code)


def strategy_page(code: str) -> str:
    return _element_page("dgplan_strategy_show", "dgplan.strategy", "dgplan/strategy.html", code)


_ROUTES: list[tuple[str, str, Callable[..., Any]]] = [
    ("/plan", "plan", plan_page),
    ("/plan.json", "plan_json", plan_json),
    ("/plan.jsonld", "plan_jsonld", plan_jsonld),
    ("/plan.ttl", "plan_turtle", plan_turtle),
    ("/plan/goal/<code>", "goal", goal_page),
    ("/plan/strategy/<code>", "strategy", strategy_page),
]
for _rule, _endpoint, _view in _ROUTES:
    dgplan.add_url_rule(_rule, endpoint=_endpoint, view_func=_view)

"""Auth functions of the plan actions (same names as the actions).

All of them are public reads: the plan itself is public, and the dataset counts and lists they
return come from ``package_search`` run as the caller, so they never include a dataset the caller
may not see.
"""
from __future__ import annotations

import ckan.plugins.toolkit as tk
from ckan.types import AuthResult, Context, DataDict

__all__ = [
    "dgplan_goal_show",
    "dgplan_plan_list",
    "dgplan_plan_show",
    "dgplan_plan_skos_show",
    "dgplan_strategy_show",
    "dgplan_tag_suggest",
]


@tk.auth_allow_anonymous_access
def dgplan_plan_list(context: Context, data_dict: DataDict) -> AuthResult:
    """Public."""
    return {"success": True}


@tk.auth_allow_anonymous_access
def dgplan_plan_show(context: Context, data_dict: DataDict) -> AuthResult:
    """Public; dataset counts are those of the caller's own search."""
    return {"success": True}


@tk.auth_allow_anonymous_access
def dgplan_plan_skos_show(context: Context, data_dict: DataDict) -> AuthResult:
    """Public, as the plan is (the same rule as dgplan_plan_show)."""
    return {"success": True}


@tk.auth_allow_anonymous_access
def dgplan_goal_show(context: Context, data_dict: DataDict) -> AuthResult:
    """Public; the datasets listed are those of the caller's own search."""
    return {"success": True}


@tk.auth_allow_anonymous_access
def dgplan_strategy_show(context: Context, data_dict: DataDict) -> AuthResult:
    """Public; the datasets listed are those of the caller's own search."""
    return {"success": True}


@tk.auth_allow_anonymous_access
def dgplan_tag_suggest(context: Context, data_dict: DataDict) -> AuthResult:
    """Public: suggestions come from the plan's text only, never from other datasets."""
    return {"success": True}

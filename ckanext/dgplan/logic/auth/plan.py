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
def _public(context: Context, data_dict: DataDict) -> AuthResult:
    return {"success": True}


dgplan_plan_list = _public
dgplan_plan_show = _public  # dataset counts are those of the caller's own search
dgplan_plan_skos_show = _public  # the plan's concepts, no dataset
dgplan_goal_show = _public  # the datasets listed are those of the caller's own search
dgplan_strategy_show = _public  # likewise
dgplan_tag_suggest = _public  # suggestions come from the plan's text only, never from other datasets

"""Auth functions of the KPI and project actions.

Reads are open (what a user sees is limited by ``package_show`` on each dataset inside the
actions, so private KPIs stay invisible); imports need a logged-in user, and each dataset an
import writes to is checked again with ``package_update`` (editors and admins of the
responsible organization, sysadmins).
"""
from __future__ import annotations

import ckan.plugins.toolkit as tk
from ckan.types import AuthResult, Context, DataDict

from ckanext.dgplan.messages import dgplan_message

__all__ = [
    "dgplan_budget_summary",
    "dgplan_coverage_show",
    "dgplan_kpi_import",
    "dgplan_kpi_list",
    "dgplan_kpi_show",
    "dgplan_project_import",
    "dgplan_project_list",
]


@tk.auth_allow_anonymous_access
def _read(context: Context, data_dict: DataDict) -> AuthResult:
    return {"success": True}


dgplan_kpi_list = _read
dgplan_kpi_show = _read
dgplan_project_list = _read
dgplan_budget_summary = _read
dgplan_coverage_show = _read


@tk.auth_allow_anonymous_access  # so that anonymous users get the bilingual message below
def _import(context: Context, data_dict: DataDict) -> AuthResult:
    # Through the API CKAN puts an AnonymousUser object in auth_user_obj for anonymous callers
    # (truthy, with an empty name), so only the name and is_authenticated tell them apart.
    user_obj = context.get("auth_user_obj")
    if not context.get("user") or (user_obj is not None and not getattr(user_obj, "is_authenticated", True)):
        return {
            "success": False,
            "msg": dgplan_message("You must be logged in to import data"),
        }
    return {"success": True}


dgplan_kpi_import = _import
dgplan_project_import = _import

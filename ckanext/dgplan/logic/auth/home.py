"""Auth of the home page action: open to everyone (what it shows is limited by the searches it runs)."""
from __future__ import annotations

import ckan.plugins.toolkit as tk
from ckan.types import AuthResult, Context, DataDict

__all__ = ["dgplan_home_show"]


@tk.auth_allow_anonymous_access
def dgplan_home_show(context: Context, data_dict: DataDict) -> AuthResult:
    return {"success": True}

"""Auth functions of the quality actions.

Reading is public: ``dgplan_quality_show`` joins stored results only to the datasets the caller's
own ``package_search`` or ``package_show`` returns, so nobody sees a private dataset's score.
A refresh costs a scan of the catalogue: sysadmins may start one for the whole portal, an
agency's admins for their agency.
"""
from __future__ import annotations

import ckan.plugins.toolkit as tk
from ckan import authz
from ckan.types import AuthResult, Context, DataDict

__all__ = ["dgplan_quality_refresh", "dgplan_quality_show"]


@tk.auth_allow_anonymous_access
def dgplan_quality_show(context: Context, data_dict: DataDict) -> AuthResult:
    """Public; what is shown is limited to the datasets the caller may see."""
    return {"success": True}


def dgplan_quality_refresh(context: Context, data_dict: DataDict) -> AuthResult:
    """Sysadmins (any scope), or admins of the organization named in ``organization``."""
    user = context.get("user") or ""
    if authz.is_sysadmin(user):
        return {"success": True}
    org = (data_dict or {}).get("organization")
    if org and user:
        group = tk.get_action("organization_show")(
            {"ignore_auth": True}, {"id": org, "include_datasets": False, "include_users": False})
        if authz.has_user_permission_for_group_or_org(group["id"], user, "admin"):
            return {"success": True}
    return {"success": False,
            "msg": "เฉพาะผู้ดูแลระบบ หรือผู้ดูแลของหน่วยงานนั้น สั่งตรวจคุณภาพใหม่ได้ / "
                   "Only sysadmins, or admins of that organization, may refresh quality results"}

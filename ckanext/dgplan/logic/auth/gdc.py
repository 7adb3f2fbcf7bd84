"""Auth functions of the GD Catalog actions (same names as the actions)."""
from __future__ import annotations

import ckan.plugins.toolkit as tk
from ckan import authz
from ckan.types import AuthResult, Context, DataDict

__all__ = ["dgplan_gdc_dataset_show", "dgplan_slug_preview"]


@tk.auth_allow_anonymous_access
def dgplan_gdc_dataset_show(context: Context, data_dict: DataDict) -> AuthResult:
    """Whoever may see the dataset (``package_show``) may see its GD Catalog form."""
    return authz.is_authorized("package_show", context, data_dict)


@tk.auth_allow_anonymous_access
def dgplan_slug_preview(context: Context, data_dict: DataDict) -> AuthResult:
    """Public: it only turns a title into a URL name.

    The action itself counts only datasets the caller may see, so the answer reveals nothing about
    private or deleted datasets, and it refuses text over ``ckanext.dgplan.free_text.max_chars``.
    """
    return {"success": True}

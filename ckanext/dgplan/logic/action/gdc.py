"""Actions for GD Catalog compatibility and readable dataset names."""
from __future__ import annotations

from typing import Any, cast

import ckan.plugins.toolkit as tk
from ckan import authz, model
from ckan.types import Context, DataDict

from ckanext.dgplan import gdc
from ckanext.dgplan.logic.schema import dataset as dgplan_schema
from ckanext.dgplan.logic.validators import limits as validators_limits
from ckanext.dgplan.logic.validators.gdc import unique_slug

__all__ = ["dgplan_gdc_dataset_show", "dgplan_slug_preview"]


@tk.side_effect_free
def dgplan_gdc_dataset_show(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Return a dataset exactly as the Thai GD Catalog expects it.

    The same dataset as ``package_show``, but with GD Catalog's spelling:
    choice fields hold GD Catalog's Thai strings instead of codes (lists for
    multiple-choice fields), ``license_id`` holds GD Catalog's licence
    string (e.g. ``"Creative Commons Attributions"`` for ``cc-by``, or
    ``"อื่นๆ"`` with the licence in ``license_id_other``), and the
    bounding-box latitudes are under GD Catalog's names
    ``north_bound_longitude`` / ``south_bound_longitude``.

    :param id: the id or name of the dataset
    :type id: string

    :returns: the dataset in GD Catalog form
    :rtype: dictionary
    """
    tk.check_access("dgplan_gdc_dataset_show", context, data_dict)
    data, errors = tk.navl_validate(
        data_dict, dgplan_schema.dgplan_gdc_dataset_show_schema(), context
    )
    if errors:
        raise tk.ValidationError(errors)
    pkg_dict = tk.get_action("package_show")(context, {"id": data["id"]})
    return gdc.to_gdc(pkg_dict)


@tk.side_effect_free
def dgplan_slug_preview(context: Context, data_dict: DataDict) -> dict[str, str]:
    """Return the URL name a dataset with this title would get.

    The title is romanized (Thai to Latin letters) and made unique by adding
    ``-2``, ``-3``, ... as ``package_create`` does when no ``name`` is
    given.  Nothing is reserved: another dataset may take the name first.

    Only datasets the caller may see (``package_show``) make a name taken
    here, so the answer reveals nothing about private or deleted datasets of
    others: to anonymous callers a private dataset's name looks free.  The
    name is made unique among all datasets when the dataset is saved, where
    the publisher learns no more than CKAN's own "That URL is already in
    use" tells.

    ``title`` and ``id`` may each hold at most
    ``ckanext.dgplan.free_text.max_chars`` characters (default 5,000);
    longer text is refused at once with a validation error.

    :param title: the dataset title (Thai or English)
    :type title: string
    :param id: id or name of the dataset being edited, whose own name
        counts as free (optional)
    :type id: string

    :returns: ``{"slug": "..."}``
    :rtype: dictionary
    """
    tk.check_access("dgplan_slug_preview", context, data_dict)
    # Anyone may call this, and romanizing costs time per character: refuse huge text first.
    validators_limits.dgplan_free_text_check(data_dict, ("title", "id"))
    data, errors = tk.navl_validate(
        data_dict, dgplan_schema.dgplan_slug_preview_schema(), context
    )
    if errors:
        raise tk.ValidationError(errors)

    def visible(package: model.Package) -> bool:
        return _may_see(context, package)

    exclude_id = None
    if data.get("id"):
        package = model.Package.get(data["id"])
        exclude_id = package.id if package and visible(package) else None
    return {"slug": unique_slug(data["title"], exclude_id=exclude_id, counts=visible)}


def _may_see(context: Context, package: model.Package) -> bool:
    """Whether the caller may see ``package`` (CKAN's ``package_show`` auth; ignore_auth sees all)."""
    if context.get("ignore_auth"):
        return True
    user = context.get("user") or ""
    # The ckan.model module stands for the Model protocol in Context, as in CKAN's own calls.
    auth_context = cast(Context, {"model": model, "session": model.Session, "user": user, "package": package,
                                  "auth_user_obj": context.get("auth_user_obj")
                                  or (model.User.get(user) if user else None)})
    try:
        return bool(authz.is_authorized("package_show", auth_context, {"id": package.id})["success"])
    except tk.ObjectNotFound:
        return False

"""CKAN's tag and resource actions, chained: tags of private datasets stay private, resource writes
keep stored tags.

Tags: CKAN's ``tag_list``, ``tag_autocomplete``, ``tag_search`` and ``tag_show`` list every free tag
attached to any dataset, so a keyword that only a private dataset carries (a project's code name, a
draft policy) is shown to anyone. Chained here, a caller who is neither a sysadmin nor trusted with
``ignore_auth`` sees only free tags carried by an active dataset the caller may see, decided by CKAN's
permission labels as ``package_search`` decides it (public datasets; private datasets of the
caller's organizations; datasets the caller collaborates on). Vocabulary tags are not dataset data
and are passed through unchanged.

Resources: ``resource_create``, ``resource_update`` (and so ``resource_patch``), ``resource_delete``
and ``package_resource_reorder`` save the dataset through ``package_update``, which validates its
stored tags again. A tag an older rule accepted and today's refuses (``-``) would make every
resource write fail, and CKAN's ``resource_create`` cannot even format that error (a 500). These
actions mark their context so that the tag validators keep the dataset's stored tags as they are
(see :data:`ckanext.dgplan.logic.validators.gdc.KEEP_STORED_TAGS`); editing the dataset itself still
names such a tag so its publisher can correct it.
"""
from __future__ import annotations

from typing import Any, Optional

import ckan.plugins.toolkit as tk
import sqlalchemy as sa
from ckan import authz, model
from ckan.lib.dictization import model_dictize, table_dictize
from ckan.lib.plugins import get_permission_labels
from ckan.types import Context, DataDict

from ckanext.dgplan.logic.validators.gdc import KEEP_STORED_TAGS
from ckanext.dgplan.messages import dgplan_message

__all__ = [
    "package_resource_reorder",
    "resource_create",
    "resource_delete",
    "resource_update",
    "tag_autocomplete",
    "tag_list",
    "tag_search",
    "tag_show",
]


# ------------------------------------------------------------------ visibility


def _visible_datasets(context: Context) -> Optional[Any]:
    """SQL condition on ``package`` for the datasets whose tags the caller may see; None: all.

    The caller's permission labels (CKAN's ``IPermissionLabels``, what ``package_search`` filters
    on) turned into SQL: ``public``, ``member-<org id>``, ``creator-<user id>`` (datasets without an
    organization), ``collaborator-<dataset id>``.
    """
    user = context.get("user")
    if context.get("ignore_auth") or (user and authz.is_sysadmin(user)):
        return None
    # CKAN's labels treat None and the AnonymousUser of a request alike: only "public".
    user_obj = context.get("auth_user_obj") or (model.User.get(user) if user else None)
    labels = get_permission_labels().get_user_dataset_labels(user_obj)
    pkg = model.Package
    allowed = []
    if "public" in labels:
        allowed.append(pkg.private.is_(False))
    orgs = [label[len("member-"):] for label in labels if label.startswith("member-")]
    if orgs:
        allowed.append(pkg.owner_org.in_(orgs))
    creators = [label[len("creator-"):] for label in labels if label.startswith("creator-")]
    if creators:
        allowed.append(sa.and_(pkg.owner_org.is_(None), pkg.creator_user_id.in_(creators)))
    datasets = [label[len("collaborator-"):] for label in labels if label.startswith("collaborator-")]
    if datasets:
        allowed.append(pkg.id.in_(datasets))
    # A tag a dataset "carries": an active dataset and an active link (deleted datasets keep theirs).
    return sa.and_(pkg.state == "active", sa.or_(sa.false(), *allowed))


def _visible_tag_ids(condition: Any) -> Any:
    """Subquery of the ids of free tags carried by a dataset matching ``condition``."""
    return (
        model.Session.query(model.PackageTag.tag_id)
        .join(model.Package, model.Package.id == model.PackageTag.package_id)
        .filter(model.PackageTag.state == "active", condition)
    )


def _free_tags(data_dict: DataDict) -> bool:
    return not data_dict.get("vocabulary_id")


def _search(data_dict: DataDict, condition: Any) -> tuple[list[model.Tag], int]:
    """CKAN's ``_tag_search`` for free tags, limited to the tags the caller may see."""
    terms = data_dict.get("query") or data_dict.get("q") or []
    if isinstance(terms, str):
        terms = [terms]
    terms = [t.strip() for t in terms if isinstance(t, str) and t.strip()]
    for field, value in (data_dict.get("fields") or {}).items():
        if field in ("tag", "tags") and isinstance(value, str):
            terms.append(value)
    if not terms:
        return [], 0
    q = model.Session.query(model.Tag).filter(
        model.Tag.vocabulary_id.is_(None), model.Tag.id.in_(_visible_tag_ids(condition)))
    for term in terms:
        escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        q = q.filter(model.Tag.name.ilike(f"%{escaped}%", escape="\\"))
    count = q.count()
    q = q.order_by(model.Tag.name).offset(data_dict.get("offset")).limit(data_dict.get("limit"))
    return q.all(), count


# ------------------------------------------------------------------ tag actions


@tk.chained_action
@tk.side_effect_free
def tag_list(up_func: Any, context: Context, data_dict: DataDict) -> Any:
    """CKAN's ``tag_list``, without free tags carried only by datasets the caller cannot see.

    Sysadmins (and internal calls with ``ignore_auth``) get CKAN's list unchanged; others get the
    free tags of the active datasets they may see (public ones, private ones of their
    organizations). Parameters and result are ``tag_list``'s own.

    :param query: a tag name query to search for (optional)
    :type query: string
    :param vocabulary_id: vocabulary tags are returned unchanged (optional)
    :type vocabulary_id: string
    :param all_fields: return full tag dictionaries instead of just names (optional)
    :type all_fields: bool
    :rtype: list of strings or dictionaries
    """
    condition = _visible_datasets(context)
    if condition is None or not _free_tags(data_dict):
        return up_func(context, data_dict)
    tk.check_access("tag_list", context, data_dict)
    query = data_dict.get("query") or data_dict.get("q")
    if query:
        tags, _count = _search(data_dict, condition)
    else:
        tags = (model.Session.query(model.Tag)
                .filter(model.Tag.vocabulary_id.is_(None),
                        model.Tag.id.in_(_visible_tag_ids(condition)))
                .order_by(model.Tag.name).all())
    if tk.asbool(data_dict.get("all_fields", False)):
        return model_dictize.tag_list_dictize(tags, context)
    return [tag.name for tag in tags]


@tk.chained_action
@tk.side_effect_free
def tag_autocomplete(up_func: Any, context: Context, data_dict: DataDict) -> list[str]:
    """CKAN's ``tag_autocomplete`` (the tag field's suggestions), limited as :func:`tag_list` is.

    :param query: the string to search for
    :type query: string
    :param limit: the maximum number of tags to return (optional)
    :type limit: int
    :rtype: list of strings
    """
    condition = _visible_datasets(context)
    if condition is None or not _free_tags(data_dict):
        return up_func(context, data_dict)
    tk.check_access("tag_autocomplete", context, data_dict)
    tags, _count = _search(data_dict, condition)
    return [tag.name for tag in tags]


@tk.chained_action
@tk.side_effect_free
def tag_search(up_func: Any, context: Context, data_dict: DataDict) -> dict[str, Any]:
    """CKAN's ``tag_search``, limited as :func:`tag_list` is.

    :param query: the string(s) to search for
    :type query: string or list of strings
    :param limit: the maximum number of tags to return (optional)
    :type limit: int
    :param offset: where to start in the result (optional)
    :type offset: int
    :returns: ``{"count": ..., "results": [tag dictionaries]}``
    :rtype: dictionary
    """
    condition = _visible_datasets(context)
    if condition is None or not _free_tags(data_dict):
        return up_func(context, data_dict)
    tk.check_access("tag_search", context, data_dict)
    tags, count = _search(data_dict, condition)
    return {"count": count, "results": [table_dictize(tag, context) for tag in tags]}


@tk.chained_action
@tk.side_effect_free
def tag_show(up_func: Any, context: Context, data_dict: DataDict) -> dict[str, Any]:
    """CKAN's ``tag_show``; a free tag carried only by datasets the caller cannot see is not found.

    The answer is then CKAN's own for an unknown tag (``NotFound``, HTTP 404), so it tells nothing
    about whether the tag exists.

    :param id: the name or id of the tag
    :type id: string
    :rtype: dictionary
    """
    condition = _visible_datasets(context)
    if condition is not None and _free_tags(data_dict):
        tag = model.Tag.get(data_dict.get("id") or "")
        if tag is not None:
            visible = model.Session.query(
                _visible_tag_ids(condition).filter(model.PackageTag.tag_id == tag.id).exists()
            ).scalar()
            if not visible:
                raise tk.ObjectNotFound()
    return up_func(context, data_dict)


# ------------------------------------------------------------- resource writes


def _keeping_stored_tags(up_func: Any, context: Context, data_dict: DataDict) -> Any:
    # The flag lives only for this call: the caller may reuse its context for a package_update
    # of its own, which must check every tag.
    already = context.get(KEEP_STORED_TAGS)
    context[KEEP_STORED_TAGS] = True  # type: ignore[literal-required]
    try:
        return up_func(context, data_dict)
    finally:
        if already is None:
            context.pop(KEEP_STORED_TAGS, None)  # type: ignore[misc]


@tk.chained_action
def resource_create(up_func: Any, context: Context, data_dict: DataDict) -> Any:
    """CKAN's ``resource_create``; the dataset's stored tags are kept as they are.

    A tag an older rule accepted never makes adding a resource fail. Parameters and result are
    ``resource_create``'s own.
    """
    _check_url_is_text(data_dict)
    return _keeping_stored_tags(up_func, context, data_dict)


def _check_url_is_text(data_dict: DataDict) -> None:
    # CKAN builds its uploader from ``url`` before any validator runs, so a list, number or object
    # there is a 500 from urlparse unless it is refused first.
    url = data_dict.get("url")
    if url is not None and not isinstance(url, str):
        raise tk.ValidationError({"url": [dgplan_message("The URL must be text")]})


@tk.chained_action
def resource_update(up_func: Any, context: Context, data_dict: DataDict) -> Any:
    """CKAN's ``resource_update`` (also behind ``resource_patch``); stored tags kept as they are."""
    _check_url_is_text(data_dict)
    return _keeping_stored_tags(up_func, context, data_dict)


@tk.chained_action
def resource_delete(up_func: Any, context: Context, data_dict: DataDict) -> Any:
    """CKAN's ``resource_delete``; stored tags kept as they are."""
    return _keeping_stored_tags(up_func, context, data_dict)


@tk.chained_action
def package_resource_reorder(up_func: Any, context: Context, data_dict: DataDict) -> Any:
    """CKAN's ``package_resource_reorder``; stored tags kept as they are."""
    return _keeping_stored_tags(up_func, context, data_dict)

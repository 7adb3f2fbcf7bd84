"""package_create and package_update, chained: the publisher is told when search will show a
dataset only later (saved while Solr was unreachable, see :mod:`ckanext.dgplan.search.deferred`)."""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan.types import Context, DataDict
from flask import has_request_context, request

from ckanext.dgplan.messages import dgplan_pick
from ckanext.dgplan.search import deferred

__all__ = ["package_create", "package_update"]

#: Key of the notice added to the dataset returned by package_create / package_update.
NOTICE_KEY = "dgplan_index_notice"


def _told(result: Any) -> Any:
    ids = deferred.dgplan_deferred_ids()
    if not ids:
        return result
    pkg_id = result.get("id") if isinstance(result, dict) else result
    if pkg_id not in ids:
        return result
    notice = dgplan_pick(*deferred.DEFERRED_NOTICE)
    if not request.path.startswith("/api/"):
        # The dataset form redirects after a save: the notice travels in the session's flash.
        tk.h.flash_notice(notice)
    if isinstance(result, dict):
        result = {**result, NOTICE_KEY: notice}
    return result


@tk.chained_action
def package_create(up_func: Any, context: Context, data_dict: DataDict) -> Any:
    """CKAN's ``package_create``; a dataset saved while Solr cannot be reached is kept.

    The dataset is stored as usual; if Solr does not answer (connection refused or timed out,
    HTTP 502/503/504), it is queued for indexing by the jobs worker instead of the save failing,
    and the answer carries ``dgplan_index_notice`` (a message): search will show it shortly
    (the dataset form shows the same as a flash message). Parameters and result are
    ``package_create``'s own.

    :rtype: dictionary
    """
    result = up_func(context, data_dict)
    return _told(result) if has_request_context() else result


@tk.chained_action
def package_update(up_func: Any, context: Context, data_dict: DataDict) -> Any:
    """CKAN's ``package_update`` (also behind ``package_patch``); a dataset saved while Solr cannot
    be reached is kept and queued for indexing, with ``dgplan_index_notice`` in the answer as for
    :func:`package_create`. Parameters and result are ``package_update``'s own.

    :rtype: dictionary
    """
    result = up_func(context, data_dict)
    return _told(result) if has_request_context() else result

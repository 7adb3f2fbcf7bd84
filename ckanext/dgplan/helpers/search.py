"""Template helpers of the dataset search page: what the search repaired or refused, in the page's language."""
from __future__ import annotations

import ckan.plugins.toolkit as tk
from flask import g, has_request_context

from ckanext.dgplan.logic.action.search import NOTICE_ATTR
from ckanext.dgplan.search import dataset as search

__all__ = ["dgplan_search_notice"]


def _translated(key: str) -> str:
    # The English text is the msgid; the Thai catalogue has the same Thai as the API's message.
    return tk._(search.DGPLAN_SEARCH_MESSAGES[key][1])


def dgplan_search_notice() -> str | None:
    """The message about this request's search, in the page's language, or None.

    Set by the chained ``package_search`` when it repaired the query ("Searched for … instead: …")
    or refused it (what to change); the search page shows it above the results it could find.
    """
    if not has_request_context():
        return None
    notice = g.get(NOTICE_ATTR)
    if not notice:
        return None
    if notice["key"] == "repaired":
        reasons = "; ".join(_translated(key) for key in notice["changes"])
        return _translated("repaired").format(query=notice["args"]["query"], reasons=reasons)
    return _translated(notice["key"]).format(**notice["args"])

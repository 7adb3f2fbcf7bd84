"""package_search, chained: a plain Thai query is searched by its exact words first."""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.dgplan import search

__all__ = ["package_search"]


@tk.chained_action
@tk.side_effect_free
def package_search(up_func: Any, context: dict[str, Any], data_dict: dict[str, Any]) -> dict[str, Any]:
    """Search datasets as CKAN's ``package_search`` does, trying a Thai query's exact words first.

    For a plain Thai query (see :func:`ckanext.dgplan.search.dgplan_words_first`) CKAN's own search
    runs with ``ext_dgplan_match=words``: the query's segmented words only. If they match at least
    one page of records (``rows``, at least 1), that answer is returned; otherwise the search runs
    again with ``ext_dgplan_match=all``, words and character bigrams, which also finds spelling
    variants and differently cut words. Both runs are CKAN's complete ``package_search``, so
    permissions, facets and other extensions' hooks apply to whichever answer is returned, and every
    page of one query (same ``rows``) is answered the same way. Any other search, or one that sets
    ``ext_dgplan_match`` itself, is passed through unchanged.

    :param q: the query; all other parameters are package_search's own
    :returns: package_search's result
    """
    if not search.dgplan_words_first(data_dict):
        return up_func(context, data_dict)
    try:
        page = max(int(data_dict.get("rows", 10)), 1)
    except (TypeError, ValueError):
        return up_func(context, data_dict)  # CKAN's validation reports the bad value
    words = up_func(dict(context), {**data_dict, search.MATCH_PARAM: search.MATCH_WORDS})
    if words["count"] >= page:
        return words
    return up_func(context, {**data_dict, search.MATCH_PARAM: search.MATCH_ALL})

"""package_search, chained: a plain Thai query is searched by its exact words first."""
from __future__ import annotations

import collections
import threading
import time
from typing import Any

import ckan.plugins.toolkit as tk
from ckan.lib.search import SearchQueryError

from ckanext.dgplan import search

__all__ = ["package_search"]

# Searches whose exact words recently failed to fill a page go straight to words and bigrams, so a
# popular query of that kind costs one search, not two. Only failures are remembered: the worst a
# stale entry can do is give the words-and-bigrams answer that every search got before words first.
_MISS_SECONDS = 600.0
_MISS_ENTRIES = 4096
_misses: collections.OrderedDict[tuple, float] = collections.OrderedDict()
_misses_lock = threading.Lock()


def _miss_key(data_dict: dict[str, Any], page: int) -> tuple:
    return (data_dict.get("q"), page, *(str(data_dict.get(key)) for key in
            ("fq", "fq_list", "include_private", "include_drafts", "include_deleted")))


def _recent_miss(key: tuple) -> bool:
    with _misses_lock:
        expires = _misses.get(key)
        if expires is None:
            return False
        if expires < time.monotonic():
            del _misses[key]
            return False
        return True


def dgplan_forget_misses() -> None:
    """Forget every remembered miss (tests; a portal never needs to)."""
    with _misses_lock:
        _misses.clear()


def _remember_miss(key: tuple) -> None:
    with _misses_lock:
        _misses[key] = time.monotonic() + _MISS_SECONDS
        _misses.move_to_end(key)
        while len(_misses) > _MISS_ENTRIES:
            _misses.popitem(last=False)


@tk.chained_action
@tk.side_effect_free
def package_search(up_func: Any, context: dict[str, Any], data_dict: dict[str, Any]) -> dict[str, Any]:
    """Search datasets as CKAN's ``package_search`` does, trying a Thai query's exact words first.

    For a plain Thai query (see :func:`ckanext.dgplan.search.dgplan_words_first`) CKAN's own search
    runs with ``ext_dgplan_match=words``: the query's segmented words only. If they match at least
    one page of records (``rows``, at least 1), that answer is returned; otherwise the search runs
    again with ``ext_dgplan_match=all``, words and character bigrams, which also finds spelling
    variants and differently cut words. Both runs are CKAN's complete ``package_search``, so
    permissions, facets and other extensions' hooks apply to whichever answer is returned. For ten
    minutes after the words of a query (with the same filters and page size) failed to fill a page,
    it goes straight to words and bigrams. Any other search, or one that sets ``ext_dgplan_match``
    itself, is passed through unchanged; an ``ext_dgplan_match`` other than ``words`` or ``all`` is a
    SearchQueryError (HTTP 400).

    :param q: the query; all other parameters are package_search's own
    :returns: package_search's result
    """
    chosen = search.dgplan_chosen_match(data_dict)
    if chosen is not None and chosen not in search.MATCH_MODES:
        # CKAN answers a SearchQueryError with 400, in the API and on the search page alike.
        raise SearchQueryError(
            f'{search.MATCH_PARAM} ต้องเป็น "{search.MATCH_WORDS}" หรือ "{search.MATCH_ALL}" / '
            f'{search.MATCH_PARAM} must be "{search.MATCH_WORDS}" or "{search.MATCH_ALL}"')
    if not search.dgplan_words_first(data_dict):
        return up_func(context, data_dict)
    try:
        page = max(int(data_dict.get("rows", 10)), 1)
    except (TypeError, ValueError):
        return up_func(context, data_dict)  # CKAN's validation reports the bad value
    everything = {**data_dict, search.MATCH_PARAM: search.MATCH_ALL}
    key = _miss_key(data_dict, page)
    if _recent_miss(key):
        return up_func(context, everything)
    words = up_func(dict(context), {**data_dict, search.MATCH_PARAM: search.MATCH_WORDS})
    if words["count"] >= page:
        return words
    _remember_miss(key)
    return up_func(context, everything)

"""package_search, chained: malformed queries repaired or refused in plain words, and a plain Thai
query searched by its exact words first."""
from __future__ import annotations

import collections
import logging
import re
import threading
import time
from typing import Any

import ckan.plugins.toolkit as tk
import pysolr
from ckan import authz, model
from ckan.lib.plugins import get_permission_labels
from ckan.lib.search import SearchError, SearchQueryError, SolrConnectionError
from ckan.types import Action, Context, DataDict
from flask import has_request_context

from ckanext.dgplan.messages import dgplan_message, dgplan_pick
from ckanext.dgplan.search import dataset as search
from ckanext.dgplan.search import outage

log = logging.getLogger(__name__)

__all__ = ["package_search"]

# Searches whose exact words recently failed to fill a page go straight to words and bigrams, so a
# popular query of that kind costs one search, not two. Only failures are remembered: the worst a
# stale entry can do is give the words-and-bigrams answer that every search got before words first.
_MISS_SECONDS = 600.0
_MISS_ENTRIES = 4096
_misses: collections.OrderedDict[tuple, float] = collections.OrderedDict()
_misses_lock = threading.Lock()


def _visibility(context: Context) -> tuple[str, ...]:
    """What the caller may see, as package_search filters it: its permission labels ("*": all)."""
    user = context.get("user")
    if context.get("ignore_auth") or (user and authz.is_sysadmin(user)):
        return ("*",)
    user_obj = context.get("auth_user_obj") or (model.User.get(user) if user else None)
    return tuple(sorted(get_permission_labels().get_user_dataset_labels(user_obj)))


def _miss_key(context: Context, data_dict: dict[str, Any], page: int) -> tuple:
    # The caller's visibility is part of the key: whether the words fill a page depends on which
    # private datasets the caller may see, so one user's miss must not decide another's answer.
    # Users who see the same (all anonymous users, members of the same organizations) share entries.
    return (data_dict.get("q"), page, _visibility(context), *(str(data_dict.get(key)) for key in
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


class DgplanSearchRefused(tk.ValidationError, SearchError):
    """A search that cannot run as asked, with a bilingual message per parameter.

    A ValidationError, so the API answers 409 with ``{"q": [message]}`` (in the request's language,
    see :mod:`ckanext.dgplan.messages`); also a SearchError,
    so CKAN's search pages (dataset, organization, group) show their results area instead of failing,
    and the dataset search page shows the message (see :mod:`ckanext.dgplan.helpers.search`).
    """


#: Where the search page finds what this request's search repaired or refused (flask.g).
NOTICE_ATTR = "dgplan_search_notice"
# Solr's answer names a sort it cannot use in several ways, all with the word "sort".
_SORT_ERROR_RE = re.compile(r"sort", re.IGNORECASE)
_PARAM_RE = re.compile(r"param '([^']+)'")


def _note_for_page(key: str, args: dict[str, Any], changes: tuple[str, ...] = ()) -> None:
    # Only the page reads it; an action called outside a request (CLI, jobs) has no page.
    if has_request_context():
        setattr(tk.g, NOTICE_ATTR, {"key": key, "args": args, "changes": changes})


def _refuse(field: str, key: str, /, **args: str) -> DgplanSearchRefused:
    # ``field`` is positional-only: a message may quote a ``param`` of its own.
    th, en = search.dgplan_search_message(key, **args)
    _note_for_page(key, args)
    return DgplanSearchRefused({field: [dgplan_pick(th, en)]})


def _user_fqs(data_dict: dict[str, Any]) -> list[str]:
    fqs = [data_dict.get("fq")] + list(data_dict.get("fq_list") or [])
    return [fq.strip() for fq in fqs if isinstance(fq, str) and fq.strip()]


def _check_filters(data_dict: dict[str, Any]) -> None:
    # Filters are written by programs (the search pages write well-formed ones): anything the
    # query repair would change is refused, not guessed at.
    for fq in _user_fqs(data_dict):
        repair = search.dgplan_repair_query(fq)
        if repair.refusal or repair.changes:
            raise _refuse("fq", "fq")


def _explained(err: SearchError, data_dict: dict[str, Any]) -> DgplanSearchRefused | None:
    """The refusal to give instead of CKAN's SearchError, which quotes Solr's query and error."""
    if isinstance(err, DgplanSearchRefused):
        return None
    # CKAN raises from inside ``except pysolr.SolrError``: Solr's own message is the context.
    solr = err.__context__ if isinstance(err.__context__, pysolr.SolrError) else None
    text = str(solr) if solr is not None else str(err.args[0] if err.args else "")
    if isinstance(err, SearchQueryError) and solr is None and "sort" not in text:
        return None  # CKAN's own message about the parameters, no Solr text in it
    if "Local parameters" in text or "Query parsers" in text or "Magic fields" in text:
        match = _PARAM_RE.search(text)
        return _refuse(match.group(1) if match else "q", "local_params",
                       param=match.group(1) if match else "q")
    sort = data_dict.get("sort")
    if _SORT_ERROR_RE.search(text) and isinstance(sort, str) and sort.strip():
        return _refuse("sort", "sort", sort=sort.strip()[:100])
    # Solr quotes the filter or query it could not parse; the search pages' own filters parse.
    if any(fq in text for fq in _user_fqs(data_dict)):
        return _refuse("fq", "fq")
    return _refuse("q", "syntax")


def _run(up_func: Action, context: Context, data_dict: DataDict) -> dict[str, Any]:
    try:
        return up_func(context, data_dict)
    except SolrConnectionError as err:
        raise outage.dgplan_search_unavailable() from err
    except SearchError as err:
        if outage.dgplan_solr_unreachable(err):
            raise outage.dgplan_search_unavailable() from err
        refusal = _explained(err, data_dict)
        if refusal is None:
            raise
        # Solr's text stays in the log, for whoever runs the portal.
        log.info("Search refused: %s", err)
        raise refusal from None


def _repaired(data_dict: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str] | None]:
    """``data_dict`` with its query repaired, and the notice saying so (None if nothing changed)."""
    q = data_dict.get("q")
    if not isinstance(q, str):
        return data_dict, None
    repair = search.dgplan_repair_query(q)
    if repair.refusal:
        raise _refuse("q", repair.refusal)
    if not repair.changes:
        return data_dict, None
    reasons_th = "; ".join(search.DGPLAN_SEARCH_MESSAGES[key][0] for key in repair.changes)
    reasons_en = "; ".join(search.DGPLAN_SEARCH_MESSAGES[key][1] for key in repair.changes)
    th = search.DGPLAN_SEARCH_MESSAGES["repaired"][0].format(query=repair.q, reasons=reasons_th)
    en = search.DGPLAN_SEARCH_MESSAGES["repaired"][1].format(query=repair.q, reasons=reasons_en)
    _note_for_page("repaired", {"query": repair.q}, repair.changes)
    return {**data_dict, "q": repair.q}, {"q": repair.q, "message": dgplan_pick(th, en)}


@tk.chained_action
@tk.side_effect_free
def package_search(up_func: Action, context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Search datasets as CKAN's ``package_search`` does, repairing malformed queries and trying a
    Thai query's exact words first.

    A malformed ``q`` whose meaning is clear is repaired (see
    :func:`ckanext.dgplan.search.dataset.dgplan_repair_query`: a dangling ``AND``, an unclosed quote or
    bracket, ``field:`` without a value, ...) and the result then has ``dgplan_search_notice``:
    ``{"q": <the query searched>, "message": <in the request's language>}``. A query, ``fq`` or ``sort`` that
    cannot be searched is refused with a ValidationError naming the parameter and what to change
    (HTTP 409); Solr's own error text and the query CKAN sends it (with its permission filter) are
    never shown, only logged.

    For a plain Thai query (see :func:`ckanext.dgplan.search.dataset.dgplan_words_first`) CKAN's own search
    runs with ``ext_dgplan_match=words``: the query's segmented words only. If they match at least
    one page of records (``rows``, at least 1), that answer is returned; otherwise the search runs
    again with ``ext_dgplan_match=all``, words and character bigrams, which also finds spelling
    variants and differently cut words. Both runs are CKAN's complete ``package_search``, so
    permissions, facets and other extensions' hooks apply to whichever answer is returned. For ten
    minutes after the words of a query (with the same filters, page size and visibility: the
    caller's permission labels) failed to fill a page, it goes straight to words and bigrams. Any
    other search, or one that sets ``ext_dgplan_match`` itself, is passed through unchanged; an
    ``ext_dgplan_match`` other than ``words`` or ``all`` is a SearchQueryError (HTTP 400).

    :param q: the query; all other parameters are package_search's own
    :returns: package_search's result, with ``dgplan_search_notice`` if the query was repaired
    :raises ckan.logic.ValidationError: (:class:`DgplanSearchRefused`) the query, filter or sort
        cannot be searched
    """
    chosen = search.dgplan_chosen_match(data_dict)
    if chosen is not None and chosen not in search.MATCH_MODES:
        # CKAN answers a SearchQueryError with 400, in the API and on the search page alike.
        raise SearchQueryError(dgplan_message(
            "%(param)s must be \"%(words)s\" or \"%(all)s\"",
            param=search.MATCH_PARAM, words=search.MATCH_WORDS, all=search.MATCH_ALL))
    _check_filters(data_dict)
    data_dict, notice = _repaired(data_dict)
    result = _words_first(up_func, context, data_dict)
    if notice:
        result["dgplan_search_notice"] = notice
    return result


def _words_first(up_func: Action, context: Context, data_dict: DataDict) -> dict[str, Any]:
    if not search.dgplan_words_first(data_dict):
        return _run(up_func, context, data_dict)
    try:
        page = max(int(data_dict.get("rows", 10)), 1)
    except (TypeError, ValueError):
        return _run(up_func, context, data_dict)  # CKAN's validation reports the bad value
    everything = {**data_dict, search.MATCH_PARAM: search.MATCH_ALL}
    key = _miss_key(context, data_dict, page)
    if _recent_miss(key):
        return _run(up_func, context, everything)
    words = _run(up_func, context.copy(), {**data_dict, search.MATCH_PARAM: search.MATCH_WORDS})
    if words["count"] >= page:
        return words
    _remember_miss(key)
    return _run(up_func, context, everything)

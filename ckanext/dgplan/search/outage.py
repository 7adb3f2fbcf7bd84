"""Searching while Solr cannot be reached: a clear 503 in Thai and English instead of a 500.

CKAN answers a search it cannot send to Solr with ``SolrConnectionError`` (HTTP 500 from the API,
``abort(500)`` on the search page, ``ckan/views/dataset.py``) or, for a timeout or a 503 from
Solr, a ``SearchError`` that reads like a malformed query. The chained ``package_search`` raises
:class:`DgplanSearchUnavailable` instead and marks the request; :mod:`ckanext.dgplan.views.outage`
turns the failed answer into a 503.
"""
from __future__ import annotations

import ckan.plugins.toolkit as tk
from ckan.lib.search import SolrConnectionError
from flask import has_request_context

from ckanext.dgplan.messages import dgplan_pick
from ckanext.dgplan.search.deferred import dgplan_solr_unreachable

__all__ = ["DgplanSearchUnavailable", "SEARCH_UNAVAILABLE", "dgplan_search_unavailable",
           "dgplan_search_was_unavailable", "dgplan_solr_unreachable"]

SEARCH_UNAVAILABLE = (
    "ระบบค้นหาไม่พร้อมใช้งานชั่วคราว กรุณาลองใหม่ในอีกสักครู่ (หน้าชุดข้อมูล แผน และตัวชี้วัดยังเปิดได้ตามปกติ)",
    "Search is unavailable for the moment; please try again in a few minutes (dataset, plan and "
    "KPI pages still open as usual)",
)
_G_ATTR = "dgplan_search_unavailable"


class DgplanSearchUnavailable(SolrConnectionError):
    """Solr could not be reached for a search; the message is bilingual.

    A ``SolrConnectionError``, so callers that already handle CKAN's own (the KPI store falls back
    to PostgreSQL) handle this one too.
    """


def dgplan_search_unavailable() -> DgplanSearchUnavailable:
    """The exception to raise for a search Solr could not answer; the request is marked for a 503."""
    if has_request_context():
        setattr(tk.g, _G_ATTR, True)
    return DgplanSearchUnavailable(dgplan_pick(*SEARCH_UNAVAILABLE))


def dgplan_search_was_unavailable() -> bool:
    """Whether a search in this request found Solr unreachable."""
    return has_request_context() and bool(getattr(tk.g, _G_ATTR, False))

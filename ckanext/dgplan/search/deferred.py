"""A dataset saved while Solr cannot be reached is kept, and indexed by a job once Solr answers.

CKAN indexes a dataset inside the transaction that saves it: its system plugin
``synchronous_search`` (``ckan/lib/search/__init__.py``, ``SynchronousSearchPlugin``) sends the
dataset to Solr from the session's ``before_commit``, and ``ckan/model/modification.py`` re-raises
any ``SearchIndexError`` so that the commit is abandoned (ckan/ckan#1172): with Solr stopped,
``package_create`` answers 500 "Search Index Error" and the publisher's work is lost. CKAN has no
interface for an index failure, and a system plugin cannot be replaced, so the package index class
itself is swapped in CKAN's index registry for :class:`DgplanPackageSearchIndex`: the same index,
except that when Solr is *unreachable* (connection refused or timed out, or HTTP 502/503/504) the
dataset is queued for :func:`dgplan_search_reindex` and the save goes on. Any other Solr error (a
document Solr refuses) is raised as before. The normal path is unchanged and synchronous.

The job retries with back-off (RQ's ``Retry``, intervals from
``ckanext.dgplan.search.retry_intervals``); the jobs worker must run RQ's scheduler for the waits
between attempts, which ``ckan dgplan worker`` (what ``make serve`` starts) does.
"""
from __future__ import annotations

import contextlib
import contextvars
import logging
from typing import Any, Iterator, cast

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.lib import search as ckan_search
from ckan.lib.search.common import SearchIndexError
from ckan.lib.search.index import PackageSearchIndex
from ckan.types import Context
from flask import has_request_context

from ckanext.dgplan import config as dgplan_config

log = logging.getLogger(__name__)

__all__ = [
    "DgplanPackageSearchIndex",
    "dgplan_deferred_ids",
    "dgplan_install_deferred_index",
    "dgplan_search_reindex",
    "dgplan_solr_unreachable",
    "DEFERRED_NOTICE",
]

#: What a publisher is told when their dataset is saved but not yet searchable.
DEFERRED_NOTICE = (
    "บันทึกชุดข้อมูลแล้ว แต่ระบบค้นหาไม่พร้อมใช้งานชั่วคราว ชุดข้อมูลจะปรากฏในผลการค้นหาในไม่ช้า",
    "The dataset is saved, but search is unavailable for the moment; it will appear in search "
    "results shortly",
)

# Set while the re-index job runs: a failure there must raise, so that RQ retries the job.
_strict: contextvars.ContextVar[bool] = contextvars.ContextVar("dgplan_strict_index", default=False)
# The ids deferred by this request (flask.g), for the answer's notice.
_G_ATTR = "dgplan_index_deferred"
# pysolr's texts for a server it cannot reach (``Solr._send_request``) and CKAN's own for a
# socket error; any HTTP status Solr answers with is "(HTTP <code>)".
# In SolrCloud, a node that answers but cannot reach a replica's node (one just killed, until its
# ZooKeeper session expires and the shard's leader is elected again) answers HTTP 500 with Java's
# ConnectException, or, when the connection to the dying node was already open, with
# "Async exception during distributed update: ...ClosedChannelException"; a shard without a leader
# yet answers "No registered leader". The cluster is unreachable in part: the dataset is retried.
_UNREACHABLE = ("Failed to connect to server", "timed out", "Could not connect to Solr",
                "(HTTP 502)", "(HTTP 503)", "(HTTP 504)", "java.net.ConnectException",
                "ClosedChannelException", "Async exception during distributed update",
                "No registered leader", "Cannot talk to ZooKeeper")


def dgplan_solr_unreachable(err: BaseException) -> bool:
    """Whether ``err`` (from indexing or searching) means Solr could not be reached at all."""
    texts = []
    seen: set[int] = set()
    while err is not None and id(err) not in seen:
        seen.add(id(err))
        texts.append(" ".join(str(arg) for arg in err.args))
        err = err.__cause__ or err.__context__  # type: ignore[assignment]
    return any(marker in text for text in texts for marker in _UNREACHABLE)


class DgplanPackageSearchIndex(PackageSearchIndex):
    """CKAN's package index; a dataset Solr cannot take *now* is queued instead of failing the save."""

    def index_package(self, pkg_dict: dict[str, Any] | None, defer_commit: bool = False) -> None:
        try:
            super().index_package(pkg_dict, defer_commit)
        except SearchIndexError as err:
            if _strict.get() or not pkg_dict or not dgplan_solr_unreachable(err):
                raise
            _defer(pkg_dict["id"], err)

    def delete_package(self, pkg_dict: dict[str, Any]) -> None:
        try:
            super().delete_package(pkg_dict)
        except SearchIndexError as err:
            if _strict.get() or not dgplan_solr_unreachable(err):
                raise
            _defer(pkg_dict["id"], err)


def dgplan_install_deferred_index() -> None:
    """Register :class:`DgplanPackageSearchIndex` as CKAN's package index (IConfigurable.configure)."""
    ckan_search._INDICES["package"] = DgplanPackageSearchIndex  # see the module docstring


def dgplan_deferred_ids() -> list[str]:
    """Ids of the datasets this request saved without indexing them (empty outside a request)."""
    if not has_request_context():
        return []
    return list(getattr(tk.g, _G_ATTR, None) or [])


def _defer(package_id: str, err: BaseException) -> None:
    log.warning("Solr unreachable, dataset %s saved and queued for indexing: %s", package_id, err)
    if has_request_context():
        ids = getattr(tk.g, _G_ATTR, None) or []
        if package_id in ids:
            return  # one save notifies CKAN's index more than once (new, then changed)
        ids.append(package_id)
        setattr(tk.g, _G_ATTR, ids)
    try:
        from rq import Retry

        intervals = dgplan_config.dgplan_search_retry_intervals()
        tk.enqueue_job(dgplan_search_reindex, [package_id], title=f"dgplan re-index {package_id}",
                       rq_kwargs={"retry": Retry(max=dgplan_config.dgplan_search_retry_max(),
                                                 interval=intervals)})
    except Exception as job_err:  # noqa: BLE001 - Redis down too: the dataset is still saved
        # Nothing is lost: the dataset is in PostgreSQL, and `ckan search-index rebuild -o`
        # indexes every dataset Solr does not have.
        log.error("Could not queue the re-index of dataset %s (%s); run `ckan search-index rebuild -o` "
                  "once Solr and Redis answer", package_id, job_err)


@contextlib.contextmanager
def _raising() -> Iterator[None]:
    token = _strict.set(True)
    try:
        yield
    finally:
        _strict.reset(token)


def _first_attempt() -> bool:
    from rq import get_current_job

    job = get_current_job()
    return job is not None and job.retries_left == dgplan_config.dgplan_search_retry_max()


def _index_dict(context: Context, pkg_dict: dict[str, Any]) -> dict[str, Any]:
    """What CKAN's package index takes: on CKAN 2.12, the dataset under the default show schema with
    the dataset type's own under ``with_custom_schema`` (its ``index_package`` asserts it); 2.11
    validates ``pkg_dict`` itself."""
    try:
        from ckan.logic import package_show_default_and_custom_schemas  # type: ignore[attr-defined]
    except ImportError:  # CKAN 2.11
        return pkg_dict
    default, custom = package_show_default_and_custom_schemas(context, pkg_dict["id"])
    return dict(default, with_custom_schema=custom)


def dgplan_search_reindex(package_id: str) -> None:
    """Background job: index one dataset as it is now in PostgreSQL (a deleted one as deleted).

    Raises while Solr is still unreachable, so that RQ runs it again after the next interval.
    """
    context = cast(Context, {"ignore_auth": True, "validate": False, "use_cache": False})
    index = ckan_search.index_for(model.Package)
    with _raising():
        try:
            pkg_dict = tk.get_action("package_show")(context, {"id": package_id})
        except tk.ObjectNotFound:
            if _first_attempt():
                # The job may run before the request that queued it has committed.
                raise LookupError(f"dataset {package_id} is not in the database yet") from None
            # Purged since, or its save was rolled back: search must not show it.
            index.delete_package({"id": package_id})
            return
        index.update_dict(_index_dict(context, pkg_dict))
    log.info("Dataset %s indexed after Solr came back", package_id)

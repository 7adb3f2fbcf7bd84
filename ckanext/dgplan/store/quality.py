"""Where quality results are kept, and the jobs that compute them.

Two tables of their own in CKAN's database (created on first use, like CKAN's own
``system_info`` rows they hold no dataset content):

* ``dgplan_quality_result``: one row per dataset (score, stars, compliant, problem codes, the
  problems with their details as JSON, owner organization, private flag, when checked);
* ``dgplan_quality_link``: the last outcome of each resource URL checked by the link job.

Nothing here decides who may see a result: the actions read the ids the caller may see from
``package_search`` as that caller and only then join these rows, and the KPI series written to
the DataStore counts public datasets only, so no private dataset leaks through a score, a count
or a list.

Jobs (on their own queue, ``ckanext.dgplan.quality.queue``, default ``dgplan_quality``, run by
``ckan dgplan worker dgplan_quality``: a run over a large catalogue takes minutes, and on CKAN's
``default`` queue it would hold up xloader's loads and the search index retries behind it):

* :func:`dgplan_quality_refresh_job` scores every dataset (or one agency's) in one paged
  ``package_search`` scan, stores the results and writes the KPI series;
* :func:`dgplan_quality_daily_job` checks links within their budget, refreshes everything, and
  schedules itself again after ``ckanext.dgplan.quality.interval_hours`` with RQ's scheduler.
"""
from __future__ import annotations

import datetime as _dt
import json
import logging
from typing import Any, Iterable, Iterator, Optional

import ckan.plugins.toolkit as tk
import sqlalchemy as sa
from ckan import model
from ckan.types import Context
from sqlalchemy.dialects.postgresql import insert as pg_insert

from ckanext.dgplan import config as dgplan_config
from ckanext.dgplan.quality import Result, Settings, evaluate, summarize
from ckanext.dgplan.quality.checks import Problem
from ckanext.dgplan.quality.links import LinkSettings, check_urls
from ckanext.dgplan.quality.summary import KPI_CODE
from ckanext.dgplan.store import kpi as kpi_store
from ckanext.dgplan.thai.dates import fiscal_year_be

log = logging.getLogger(__name__)

__all__ = [
    "DAILY_JOB_ID",
    "KPI_NAME",
    "RUNS_TABLE",
    "dgplan_quality_daily_job",
    "dgplan_quality_ensure_schedule",
    "dgplan_quality_links_job",
    "dgplan_quality_refresh_job",
    "enqueue",
    "ensure_tables",
    "evaluate_package",
    "licence_register",
    "link_outcomes",
    "links_job_timeout",
    "results_for",
    "run_series",
    "scan",
]

DAILY_JOB_ID = "dgplan-quality-daily"
KPI_NAME = KPI_CODE.lower()
#: DataStore resource of the KPI dataset holding one row per run and agency (``*`` = the portal).
RUNS_TABLE = "quality_runs"
_RUN_FIELDS = (("run_at", "timestamp"), ("organization", "text"), ("organization_title", "text"),
               ("datasets", "int"), ("compliant", "int"), ("share", "numeric"), ("score", "numeric"))
_PAGE = 1000

_metadata = sa.MetaData()
result_table = sa.Table(
    "dgplan_quality_result", _metadata,
    sa.Column("package_id", sa.UnicodeText, primary_key=True),
    sa.Column("owner_org", sa.UnicodeText, index=True),
    sa.Column("private", sa.Boolean, nullable=False, default=False),
    sa.Column("score", sa.Integer, nullable=False),
    sa.Column("stars", sa.Integer, nullable=False),
    sa.Column("compliant", sa.Boolean, nullable=False),
    sa.Column("codes", sa.UnicodeText, nullable=False),
    sa.Column("result", sa.UnicodeText, nullable=False),
    sa.Column("checked_at", sa.DateTime, nullable=False),
)
link_table = sa.Table(
    "dgplan_quality_link", _metadata,
    sa.Column("url", sa.UnicodeText, primary_key=True),
    sa.Column("outcome", sa.UnicodeText, nullable=False),
    sa.Column("checked_at", sa.DateTime, nullable=False),
)


def _engine() -> sa.engine.Engine:
    engine = model.meta.engine
    assert engine is not None, "CKAN's database engine is set up when CKAN starts"
    return engine


def ensure_tables() -> None:
    """Create the two tables when missing (first use, or after a test database reset)."""
    _metadata.create_all(_engine(), checkfirst=True)


def _now() -> _dt.datetime:
    # Microseconds kept: a run is keyed by its time in the KPI's runs table.
    return _dt.datetime.now(_dt.timezone.utc).replace(tzinfo=None)


def licence_register() -> list[dict[str, Any]]:
    """CKAN's licence register as data for :func:`~ckanext.dgplan.quality.evaluate`."""
    out = []
    for licence in model.Package.get_license_register().values():
        data = licence.license_dictize()
        # CKAN's own test of openness (Open Definition or OSI approved), as its licence pages show it.
        out.append({"id": data.get("id"), "title": data.get("title"),
                    "od_conformance": data.get("od_conformance"), "is_okd_compliant": bool(licence.isopen())})
    return out


def link_outcomes(urls: Optional[Iterable[Any]] = None) -> dict[str, str]:
    """Last link-check outcome per URL (all, or those of ``urls``); empty while nothing was checked.

    Read on a connection of its own, so that a missing table never breaks the caller's transaction
    (this runs inside CKAN's indexing of a dataset being saved).
    """
    wanted = None if urls is None else [str(u) for u in dict.fromkeys(urls) if u]
    if wanted is not None and not wanted:
        return {}
    query = sa.select(link_table.c.url, link_table.c.outcome)
    if wanted is not None:
        query = query.where(link_table.c.url.in_(wanted))
    try:
        with _engine().connect() as conn:
            return {row[0]: row[1] for row in conn.execute(query)}
    except sa.exc.SQLAlchemyError:
        return {}


def _settings() -> Settings:
    return Settings(min_description_chars=dgplan_config.dgplan_quality_min_description_chars())


def evaluate_package(pkg: dict[str, Any], register: Optional[list[dict[str, Any]]] = None,
                     links: Optional[dict[str, str]] = None, today: Optional[_dt.date] = None) -> Result:
    """Score one ``package_show`` dict; never raises (a failure is the problem ``check_failed``)."""
    try:
        if links is None:
            links = link_outcomes(r.get("url") for r in pkg.get("resources") or [] if isinstance(r, dict))
        return evaluate(pkg, register if register is not None else licence_register(), links, today, _settings())
    except Exception as err:
        log.exception("quality check of dataset %s failed", pkg.get("id") if isinstance(pkg, dict) else pkg)
        return Result(0, [Problem("check_failed", {"error": type(err).__name__})], 0, False, {})


def _site_context() -> Context:
    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
    return {"user": site_user["name"], "ignore_auth": True}


def scan(context: Context, organization_id: Optional[str] = None,
         fl: Optional[list[str]] = None) -> Iterator[dict[str, Any]]:
    """Every ``dataset`` the context's user may see (private ones of their organizations too), paged."""
    fq = "+dataset_type:dataset" + (f' +owner_org:"{organization_id}"' if organization_id else "")
    start = 0
    while True:
        params: dict[str, Any] = {"fq": fq, "include_private": True, "rows": _PAGE, "start": start,
                                  "sort": "id asc"}
        if fl:
            params["fl"] = fl
        result = tk.get_action("package_search")(kpi_store.action_context(context), params)
        yield from result["results"]
        start += _PAGE
        if start >= result["count"] or not result["results"]:
            return


def _row(pkg: dict[str, Any], result: Result, now: _dt.datetime) -> dict[str, Any]:
    return {"package_id": pkg["id"], "owner_org": pkg.get("owner_org") or "", "private": bool(pkg.get("private")),
            "score": result.score, "stars": result.stars, "compliant": result.compliant,
            "codes": json.dumps(result.codes), "result": json.dumps(result.to_dict(), ensure_ascii=False),
            "checked_at": now}


def _upsert(conn: Any, rows: list[dict[str, Any]]) -> None:
    if not rows:
        return
    stmt = pg_insert(result_table).values(rows)
    stmt = stmt.on_conflict_do_update(index_elements=["package_id"], set_={
        c: stmt.excluded[c] for c in ("owner_org", "private", "score", "stars", "compliant", "codes", "result",
                                      "checked_at")})
    conn.execute(stmt)


def dgplan_quality_refresh_job(organization_id: Optional[str] = None, write_kpi: bool = True) -> dict[str, Any]:
    """Background job: score every dataset (or one organization's), store the results, write the KPI.

    One dataset that cannot be checked gets the problem ``check_failed``; the others go on.
    """
    ensure_tables()
    context = _site_context()
    register = licence_register()
    links = link_outcomes()
    today = _dt.date.today()
    now = _now()
    seen: list[str] = []
    batch: list[dict[str, Any]] = []
    failed = 0
    with _engine().begin() as conn:
        for pkg in scan(context, organization_id):
            result = evaluate_package(pkg, register, links, today)
            failed += result.codes == ["check_failed"]
            batch.append(_row(pkg, result, now))
            seen.append(pkg["id"])
            if len(batch) >= _PAGE:
                _upsert(conn, batch)
                batch = []
        _upsert(conn, batch)
        # Datasets gone since the last run (deleted, or moved to another organization) lose their row.
        stale = sa.delete(result_table).where(result_table.c.checked_at < now)
        if organization_id:
            stale = stale.where(result_table.c.owner_org == organization_id)
        conn.execute(stale)
    summary = {"datasets": len(seen), "failed": failed, "run_at": now.isoformat()}
    if write_kpi:
        summary["kpi"] = write_kpi_series(context, now)
    log.info("dgplan quality refresh (%s): %s", organization_id or "portal", summary)
    return summary


def results_for(package_ids: list[str]) -> dict[str, dict[str, Any]]:
    """Stored results of these datasets (the caller has already checked that they may be seen)."""
    ensure_tables()
    out: dict[str, dict[str, Any]] = {}
    with _engine().connect() as conn:
        for start in range(0, len(package_ids), 5000):
            chunk = package_ids[start:start + 5000]
            for row in conn.execute(sa.select(result_table).where(result_table.c.package_id.in_(chunk))):
                data = dict(row._mapping)
                data["codes"] = json.loads(data["codes"])
                data["result"] = json.loads(data["result"])
                out[data["package_id"]] = data
    return out


# ------------------------------------------------------------------------------------ the KPI


def _public_rows() -> list[dict[str, Any]]:
    with _engine().connect() as conn:
        rows = conn.execute(sa.select(result_table.c.owner_org, result_table.c.score, result_table.c.compliant,
                                      result_table.c.codes).where(result_table.c.private.is_(False)))
        return [{"owner_org": r[0], "score": r[1], "compliant": r[2], "codes": json.loads(r[3])} for r in rows]


def _kpi_dataset(context: Context) -> dict[str, Any]:
    try:
        return tk.get_action("package_show")(context.copy(), {"id": KPI_NAME})
    except tk.ObjectNotFound:
        pass
    org_name = dgplan_config.dgplan_organization()
    try:
        org = tk.get_action("organization_show")(context.copy(), {"id": org_name})
    except tk.ObjectNotFound:
        org = tk.get_action("organization_create")(context.copy(), {"name": org_name, "title": org_name})
    return tk.get_action("package_create")(context.copy(), {
        "type": kpi_store.KPI_TYPE, "name": KPI_NAME, "owner_org": org["id"], "dgplan_kpi_code": KPI_CODE,
        "title": "สัดส่วนชุดข้อมูลเปิดที่เป็นไปตามมาตรฐานคำอธิบายข้อมูล GD Catalog",
        "dgplan_title_en": "Share of open datasets meeting the GD Catalog metadata standard",
        "notes": "วัดจากแค็ตตาล็อกของพอร์ทัลทุกวัน: ร้อยละของชุดข้อมูลสาธารณะที่กรอกรายการบังคับครบ "
                 "อีเมลผู้ติดต่อใช้ได้ คำอธิบายเพียงพอ และใช้สัญญาอนุญาตแบบเปิด วิธีการ: /plan/quality/method\n\n"
                 "Measured daily from the portal's own catalogue: the share of public datasets with every "
                 "mandatory GD Catalog item, a plausible contact e-mail, a real description and an open licence. "
                 "Method: /plan/quality/method",
        "dgplan_goals": ["G3"], "dgplan_strategies": ["S3"], "dgplan_unit": "ร้อยละ", "dgplan_direction": "higher",
        "dgplan_frequency": "annual", "dgplan_certainty": "derived",
        "dgplan_method": "/plan/quality/method", "dgplan_data_source": "dgplan_quality_show (this portal)",
        "license_id": "cc-by",
    })


def _runs_resource(pkg: dict[str, Any]) -> Optional[dict[str, Any]]:
    for res in pkg.get("resources") or []:
        if res.get("dgplan_table") == RUNS_TABLE:
            return res
    return None


def write_kpi_series(context: Context, now: _dt.datetime) -> dict[str, Any]:
    """Write this run's shares: the KPI's value for the fiscal year, and one row per agency and run."""
    rows = _public_rows()
    by_org: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        by_org.setdefault(row["owner_org"], []).append(row)
    portal = summarize(rows)
    pkg = _kpi_dataset(context)
    kpi_store.write_rows(context, pkg, "kpi_values", [{
        "kpi_code": KPI_CODE, "fiscal_year_be": fiscal_year_be(now.date()), "period": "year",
        "value": portal["share"], "target": None, "unit": "ร้อยละ",
        "note": f"{portal['compliant']} / {portal['datasets']} (run {now.isoformat()})",
        "source": "dgplan_quality_show", "certainty": "confirmed", "reported_by": context.get("user"),
        "reported_at": now.isoformat(),
    }])
    titles = {g.id: (g.name, g.title) for g in model.Session.query(model.Group).filter(
        model.Group.id.in_(list(by_org) or [""]))}
    records = [{"run_at": now.isoformat(), "organization": "*", "organization_title": "พอร์ทัล / Portal",
                "datasets": portal["datasets"], "compliant": portal["compliant"], "share": portal["share"],
                "score": portal["score"]}]
    for org_id, org_rows in sorted(by_org.items()):
        s = summarize(org_rows)
        name, title = titles.get(org_id, (org_id, org_id))
        records.append({"run_at": now.isoformat(), "organization": name, "organization_title": title,
                        "datasets": s["datasets"], "compliant": s["compliant"], "share": s["share"],
                        "score": s["score"]})
    pkg = tk.get_action("package_show")(context.copy(), {"id": pkg["id"]})
    resource = _runs_resource(pkg)
    if resource is None or not resource.get("datastore_active"):
        data: dict[str, Any] = {"fields": [{"id": f, "type": t} for f, t in _RUN_FIELDS],
                                "primary_key": ["run_at", "organization"], "records": records, "force": True}
        if resource is None:
            data["resource"] = {"package_id": pkg["id"], "name": "ผลการตรวจรายหน่วยงาน / Results by agency and run",
                                "dgplan_table": RUNS_TABLE, "format": "CSV", "url_type": "datastore"}
        else:
            data["resource_id"] = resource["id"]
        tk.get_action("datastore_create")(kpi_store.action_context(context), data)
    else:
        tk.get_action("datastore_upsert")(kpi_store.action_context(context), {
            "resource_id": resource["id"], "records": records, "method": "upsert", "force": True})
    return {"share": portal["share"], "datasets": portal["datasets"], "agencies": len(by_org)}


def run_series(context: Context, organization: str = "*", limit: int = 60) -> list[dict[str, Any]]:
    """The latest runs of one agency (its name) or of the portal (``*``), oldest first, as ``context`` may read."""
    try:
        pkg = tk.get_action("package_show")(kpi_store.action_context(context), {"id": KPI_NAME})
    except (tk.ObjectNotFound, tk.NotAuthorized):
        return []
    resource = _runs_resource(pkg)
    if resource is None or not resource.get("datastore_active"):
        return []
    result = tk.get_action("datastore_search")(kpi_store.action_context(context), {
        "resource_id": resource["id"], "filters": {"organization": organization}, "sort": "run_at desc",
        "limit": limit})
    rows = [{k: v for k, v in r.items() if k != "_id"} for r in result["records"]]
    return list(reversed(rows))


# ------------------------------------------------------------------------------------ links


def _link_settings() -> LinkSettings:
    return LinkSettings(timeout=dgplan_config.dgplan_quality_link_timeout(),
                        per_host_interval=dgplan_config.dgplan_quality_link_host_interval(),
                        budget=dgplan_config.dgplan_quality_link_budget(),
                        allow_private=dgplan_config.dgplan_quality_link_allow_private())


def dgplan_quality_links_job(organization_id: Optional[str] = None) -> dict[str, Any]:
    """Background job: check resource links within the configured budget; store each outcome.

    Links checked longest ago go first, so that successive runs cover a catalogue larger than one
    budget allows. Uploaded files and DataStore tables are served by the portal and not checked.
    """
    ensure_tables()
    urls = [str(res["url"]) for pkg in scan(_site_context(), organization_id)
            for res in pkg.get("resources") or []
            if res.get("url") and res.get("url_type") not in ("upload", "datastore")]
    last = {}
    with _engine().connect() as conn:
        for row in conn.execute(sa.select(link_table.c.url, link_table.c.checked_at)):
            last[row[0]] = row[1]
    oldest = _dt.datetime.min
    urls = sorted(dict.fromkeys(urls), key=lambda u: last.get(u) or oldest)
    outcomes = check_urls(urls, _link_settings())
    now = _now()
    if outcomes:
        with _engine().begin() as conn:
            stmt = pg_insert(link_table).values([{"url": u, "outcome": o, "checked_at": now}
                                                 for u, o in outcomes.items()])
            conn.execute(stmt.on_conflict_do_update(index_elements=["url"], set_={
                "outcome": stmt.excluded.outcome, "checked_at": stmt.excluded.checked_at}))
    counts: dict[str, int] = {}
    for outcome in outcomes.values():
        counts[outcome] = counts.get(outcome, 0) + 1
    log.info("dgplan link check: %d of %d URLs checked: %s", len(outcomes), len(urls), counts)
    return {"urls": len(urls), "checked": len(outcomes), "outcomes": counts}


# ------------------------------------------------------------------------------------ schedule


def dgplan_quality_daily_job() -> dict[str, Any]:
    """Background job: link checks, then a full refresh; then schedule the next run."""
    try:
        summary = {"links": dgplan_quality_links_job(), "refresh": dgplan_quality_refresh_job()}
    finally:
        _schedule(_dt.timedelta(hours=dgplan_config.dgplan_quality_interval_hours()))
    return summary


def enqueue(fn: Any, args: list[Any], title: str, timeout: int) -> Any:
    """Queue a quality job on the quality queue (``ckanext.dgplan.quality.queue``)."""
    return tk.enqueue_job(fn, args, title=title, queue=dgplan_config.dgplan_quality_queue(),
                          rq_kwargs={"timeout": timeout})


def links_job_timeout() -> int:
    """RQ's timeout of a link-check job: its budget with room for the scan and the writes."""
    return int(dgplan_config.dgplan_quality_link_budget()) * 3


def _schedule(delay: _dt.timedelta) -> None:
    from ckan.lib import jobs

    # A fixed job id: scheduling again replaces the waiting run instead of adding a second chain.
    queue = jobs.get_queue(dgplan_config.dgplan_quality_queue())
    queue.enqueue_in(delay, dgplan_quality_daily_job, job_id=DAILY_JOB_ID, job_timeout=max(3600, links_job_timeout()),
                     description="dgplan quality: daily refresh")


def dgplan_quality_ensure_schedule(first_run: _dt.timedelta = _dt.timedelta(minutes=5)) -> bool:
    """Schedule the daily job unless it is already waiting (called when ``ckan dgplan worker`` starts).

    :returns: whether a run was scheduled
    """
    if dgplan_config.dgplan_quality_interval_hours() <= 0:
        return False
    from ckan.lib import jobs
    from rq.job import Job
    from rq.registry import ScheduledJobRegistry

    name = dgplan_config.dgplan_quality_queue()
    if name != jobs.DEFAULT_QUEUE_NAME:
        # Scheduled on CKAN's default queue by an earlier release: it would run there once more.
        default = jobs.get_queue()
        ScheduledJobRegistry(queue=default).remove(Job(DAILY_JOB_ID, connection=default.connection))
    queue = jobs.get_queue(name)
    registry = ScheduledJobRegistry(queue=queue)
    if DAILY_JOB_ID in registry.get_job_ids() or DAILY_JOB_ID in queue.get_job_ids():
        return False
    try:
        if Job.fetch(DAILY_JOB_ID, connection=queue.connection).get_status() == "started":
            return False
    except Exception:  # noqa: BLE001 - no such job: schedule one
        log.debug("no %s job yet", DAILY_JOB_ID)
    _schedule(first_run)
    return True

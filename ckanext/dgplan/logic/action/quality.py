"""Actions of the open-data quality indicator: results per dataset, agency and portal; refresh.

What a caller sees is limited to the datasets their own ``package_search``/``package_show``
returns; stored results are joined to those ids only, so private datasets of other
organizations never appear in a list, a count or a score.
"""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.types import Context, DataDict

from ckanext.dgplan.logic.schema import quality as schema_quality
from ckanext.dgplan.quality import summarize
from ckanext.dgplan.quality.checks import PROBLEMS
from ckanext.dgplan.store import kpi as kpi_store
from ckanext.dgplan.store import quality as quality_store

__all__ = ["dgplan_quality_refresh", "dgplan_quality_show"]


def _problems(result: dict[str, Any]) -> list[dict[str, Any]]:
    out = []
    for problem in result.get("problems") or []:
        kind = PROBLEMS.get(problem.get("code"))
        if kind is None:
            continue
        out.append({"code": kind.code, "dimension": kind.dimension, "label": {"th": kind.label_th, "en": kind.label_en},
                    "hint": {"th": kind.hint_th, "en": kind.hint_en}, "detail": problem.get("detail") or {}})
    return out


def _dataset_show(context: Context, ref: str) -> dict[str, Any]:
    pkg = tk.get_action("package_show")(kpi_store.action_context(context), {"id": ref})
    result = quality_store.evaluate_package(pkg)
    stored = quality_store.results_for([pkg["id"]]).get(pkg["id"])
    return {
        "dataset": {"id": pkg["id"], "name": pkg["name"], "title": pkg.get("title"), "private": pkg.get("private"),
                    "organization": (pkg.get("organization") or {}).get("name")},
        "score": result.score, "stars": result.stars, "compliant": result.compliant,
        "problems": _problems(result.to_dict()), "points": result.points,
        "stored": {"score": stored["score"], "checked_at": stored["checked_at"].isoformat()} if stored else None,
    }


def _visible(context: Context, organization_id: str | None) -> list[dict[str, Any]]:
    """Id, name, visibility and organization name of each dataset the caller may see (stored Solr fields)."""
    return list(quality_store.scan(context, organization_id, fl=["id", "name", "capacity", "organization"]))


def _titles(ids: list[str]) -> dict[str, str]:
    # Solr's title field holds the segmented text it searches; the title as written is in the database.
    out: dict[str, str] = {}
    for start in range(0, len(ids), 5000):
        chunk = ids[start:start + 5000]
        out.update({pid: title for pid, title in model.Session.query(model.Package.id, model.Package.title)
                    .filter(model.Package.id.in_(chunk))})
    return out


def _organization_show(context: Context, ref: str) -> dict[str, Any]:
    org = tk.get_action("organization_show")(kpi_store.action_context(context), {
        "id": ref, "include_datasets": False, "include_users": False, "include_extras": False,
        "include_groups": False, "include_tags": False, "include_followers": False})
    visible = _visible(context, org["id"])
    stored = quality_store.results_for([p["id"] for p in visible])
    titles = _titles([p["id"] for p in visible])
    datasets, rows = [], []
    for pkg in visible:
        row = stored.get(pkg["id"])
        entry = {"id": pkg["id"], "name": pkg.get("name"), "title": titles.get(pkg["id"]) or pkg.get("name"),
                 "private": pkg.get("capacity") == "private"}
        if row is None:
            entry.update({"score": None, "problems": [], "checked_at": None})
        else:
            entry.update({"score": row["score"], "stars": row["stars"], "compliant": row["compliant"],
                          "problems": _problems(row["result"]), "checked_at": row["checked_at"].isoformat()})
            rows.append({"score": row["score"], "compliant": row["compliant"], "codes": row["codes"]})
        datasets.append(entry)
    datasets.sort(key=lambda d: (d["score"] is None, d["score"] if d["score"] is not None else 0, d["name"] or ""))
    return {
        "organization": {"id": org["id"], "name": org["name"], "title": org.get("title")},
        "summary": summarize(rows),
        "not_checked": len(visible) - len(rows),
        "datasets": datasets,
        "trend": quality_store.run_series(context, org["name"]),
    }


def _portal_show(context: Context) -> dict[str, Any]:
    visible = _visible(context, None)
    stored = quality_store.results_for([p["id"] for p in visible])
    by_org: dict[str, list[dict[str, Any]]] = {}
    for pkg in visible:
        row = stored.get(pkg["id"])
        if row is not None:
            by_org.setdefault(pkg.get("organization") or "", []).append(row)
    agencies = []
    # Organization names and titles are public; organization_list caps all_fields at 25 rows.
    titles = {g.name: {"id": g.id, "title": g.title} for g in model.Session.query(model.Group).filter(
        model.Group.name.in_(list(by_org) or [""]), model.Group.is_organization.is_(True))}
    for org_name, rows in by_org.items():
        summary = summarize(rows)
        org = titles.get(org_name) or {}
        agencies.append({"id": org.get("id"), "name": org_name or None, "title": org.get("title"),
                         "datasets": summary["datasets"], "compliant": summary["compliant"],
                         "share": summary["share"], "score": summary["score"]})
    agencies.sort(key=lambda a: (a["share"] if a["share"] is not None else 101, a["name"] or ""))
    return {"summary": summarize(r for rows in by_org.values() for r in rows),
            "not_checked": len(visible) - sum(len(r) for r in by_org.values()),
            "agencies": agencies, "trend": quality_store.run_series(context, "*")}


@tk.side_effect_free
@tk.validate_action_data(schema_quality.dgplan_quality_show_schema)
def dgplan_quality_show(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Open-data quality: one dataset's score and problems, an agency's, or the portal's.

    Scores are 0-100 (weights in ``ckanext/dgplan/quality/checks.py`` and at
    ``/plan/quality/method``); every problem has a stable ``code``, a Thai/English ``label`` and
    ``hint``, and a ``detail`` (fields missing, days overdue, URLs...). Only datasets the caller
    may see are listed or counted.

    :param id: a dataset's id or name: its score computed now (``stored``: the last job's)
    :type id: string
    :param organization: an organization's id or name: its summary (datasets, compliant, share,
        mean score, problems most frequent first), its datasets worst first, and its ``trend`` (the
        KPI's runs for that agency, public datasets only)
    :type organization: string
    :returns: with neither parameter, the portal summary and one summary per agency
    :rtype: dictionary
    """
    tk.check_access("dgplan_quality_show", context, data_dict)
    if data_dict.get("id"):
        return _dataset_show(context, data_dict["id"])
    if data_dict.get("organization"):
        return _organization_show(context, data_dict["organization"])
    return _portal_show(context)


@tk.validate_action_data(schema_quality.dgplan_quality_refresh_schema)
def dgplan_quality_refresh(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Recompute quality results on the quality jobs queue (or now, with ``wait``).

    Sysadmins may refresh the whole portal; an organization's admins their organization.

    :param organization: only this organization's datasets (id or name)
    :type organization: string
    :param links: check resource links first (within ``ckanext.dgplan.quality.link_budget``)
    :type links: bool
    :param wait: run in this request and return the summary instead of queueing a job
        (link checks are always queued)
    :type wait: bool
    :returns: ``{"queued": true, "job_id": ..., "queue": ...}`` (the queue named by
        ``ckanext.dgplan.quality.queue``) or the run's summary
    :rtype: dictionary
    """
    tk.check_access("dgplan_quality_refresh", context, data_dict)
    org_id = None
    if data_dict.get("organization"):
        org_id = tk.get_action("organization_show")(
            {"ignore_auth": True}, {"id": data_dict["organization"], "include_datasets": False,
                                    "include_users": False})["id"]
    if data_dict.get("links"):
        quality_store.enqueue(quality_store.dgplan_quality_links_job, [org_id], "dgplan quality: link check",
                              quality_store.links_job_timeout())
    if data_dict.get("wait") and not data_dict.get("links"):
        return quality_store.dgplan_quality_refresh_job(org_id)
    job = quality_store.enqueue(quality_store.dgplan_quality_refresh_job, [org_id], "dgplan quality: refresh", 3600)
    return {"queued": True, "job_id": job.id, "queue": quality_store.dgplan_config.dgplan_quality_queue()}

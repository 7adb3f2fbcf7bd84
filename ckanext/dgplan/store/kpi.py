"""Where KPI and project data is kept in CKAN: the datasets and their DataStore tables.

Every read goes through actions as the calling user (``package_search`` with private datasets
the user may see, ``datastore_search`` which checks ``resource_show``), so a private KPI stays
invisible to whoever may not see it.
"""
from __future__ import annotations

import datetime as _dt
import json
import logging
from typing import Any, Optional

import ckan.plugins as p
import ckan.plugins.toolkit as tk
from ckan import model
from ckan.lib.search import SolrConnectionError
from ckan.types import Context

from ckanext.dgplan.kpi.table import BUDGET_FIELDS, BUDGET_KEY, KPI_FIELDS, KPI_KEY

log = logging.getLogger(__name__)

__all__ = [
    "KPI_TYPE",
    "PROJECT_TYPE",
    "TABLES",
    "action_context",
    "datasets_of_type",
    "kpi_datasets_by_code",
    "now_iso",
    "record_activity",
    "stored_rows",
    "stored_rows_of",
    "table_resource",
    "write_rows",
]

KPI_TYPE = "dgplan-kpi"
PROJECT_TYPE = "dgplan-project"
#: ``dgplan_table`` value -> (fields, primary key, resource name).
TABLES: dict[str, tuple[tuple[tuple[str, str], ...], tuple[str, ...], str]] = {
    "kpi_values": (KPI_FIELDS, KPI_KEY, "ค่าตัวชี้วัดรายปี / KPI values"),
    "project_budget": (BUDGET_FIELDS, BUDGET_KEY, "งบประมาณรายปี / Budget by fiscal year"),
}
_PAGE = 1000


def action_context(context: Context) -> Context:
    """A fresh context for a nested action call, keeping who is calling."""
    out: Context = {"user": context.get("user", ""), "ignore_auth": context.get("ignore_auth", False)}
    if context.get("auth_user_obj") is not None:
        out["auth_user_obj"] = context["auth_user_obj"]
    return out


def datasets_of_type(context: Context, dataset_type: str, fq: str = "") -> list[dict[str, Any]]:
    """Every dataset of ``dataset_type`` the user may see (private ones of their organizations too).

    Read from the search index; while Solr cannot be reached, from PostgreSQL (a KPI needs no
    search), with the same visibility since every dataset is read with ``package_show``.
    """
    try:
        return _searched_of_type(context, dataset_type, fq)
    except SolrConnectionError:
        if fq:
            raise
        log.warning("Solr unreachable: %s datasets read from the database", dataset_type)
        return _stored_of_type(context, dataset_type)


def _stored_of_type(context: Context, dataset_type: str) -> list[dict[str, Any]]:
    ids = [row[0] for row in model.Session.query(model.Package.id)
           .filter(model.Package.type == dataset_type, model.Package.state == "active")
           .order_by(model.Package.metadata_created)]
    out: list[dict[str, Any]] = []
    for pkg_id in ids:
        try:
            out.append(tk.get_action("package_show")(action_context(context), {"id": pkg_id}))
        except (tk.NotAuthorized, tk.ObjectNotFound):
            continue
    return out


def _searched_of_type(context: Context, dataset_type: str, fq: str) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    start = 0
    while True:
        result = tk.get_action("package_search")(action_context(context), {
            "fq": f"+dataset_type:{dataset_type} {fq}".strip(),
            "include_private": True,
            "rows": _PAGE,
            "start": start,
            "sort": "metadata_created asc",
        })
        out.extend(result["results"])
        start += _PAGE
        if start >= result["count"]:
            return out


def kpi_datasets_by_code(context: Context) -> dict[str, dict[str, Any]]:
    """``{KPI code: dataset}``; when two datasets claim a code, the older one wins."""
    table: dict[str, dict[str, Any]] = {}
    for pkg in datasets_of_type(context, KPI_TYPE):
        code = pkg.get("dgplan_kpi_code")
        if code and code not in table:
            table[code] = pkg
    return table


def table_resource(pkg: dict[str, Any], table: str) -> Optional[dict[str, Any]]:
    """The dataset's resource holding ``table`` (``kpi_values`` or ``project_budget``)."""
    for res in pkg.get("resources") or []:
        if res.get("dgplan_table") == table:
            return res
    return None


def stored_rows(context: Context, resource: Optional[dict[str, Any]]) -> list[dict[str, Any]]:
    """All rows of a table resource, sorted by key (empty when it has none yet)."""
    if resource is None or not resource.get("datastore_active"):
        return []
    out: list[dict[str, Any]] = []
    offset = 0
    while True:
        result = tk.get_action("datastore_search")(action_context(context), {
            "resource_id": resource["id"],
            "limit": 10000,
            "offset": offset,
            "sort": ", ".join(_sort_columns(resource.get("dgplan_table"))),
            "include_total": True,
        })
        records = result["records"]
        for rec in records:
            rec.pop("_id", None)
        out.extend(records)
        offset += len(records)
        if not records or offset >= result.get("total", 0):
            return out


def _sort_columns(table: Optional[str]) -> tuple[str, str]:
    return ("fiscal_year_be", "period" if table == "kpi_values" else "project")


def stored_rows_of(resources: list[Optional[dict[str, Any]]]) -> dict[str, list[dict[str, Any]]]:
    """``{resource id: rows}`` of many table resources in one SQL statement, as :func:`stored_rows`
    gives them one by one (same columns in the same order, same values, same sort).

    For lists and pages that show every KPI or project: one ``datastore_search`` per table made
    the query count grow with the number of KPIs. The resources must come from datasets the user
    may see (``package_search``/``package_show`` as that user), which is what ``datastore_search``
    would check (``resource_show``); the tables are read with the DataStore's read-only account.
    A resource without a table (not ``datastore_active``, or dropped since) has no rows.
    """
    wanted = {r["id"]: r.get("dgplan_table") for r in resources if r is not None and r.get("datastore_active")}
    out: dict[str, list[dict[str, Any]]] = {rid: [] for rid in wanted}
    if not wanted:
        return out
    import sqlalchemy as sa
    from ckanext.datastore.backend.postgres import get_read_engine, identifier

    with get_read_engine().connect() as conn:
        present = [row[0] for row in conn.execute(
            sa.text("SELECT id FROM unnest(CAST(:ids AS text[])) AS id WHERE to_regclass(quote_ident(id)) IS NOT NULL"),
            {"ids": sorted(wanted)})]
        if not present:
            return out
        # to_json keeps the columns in table order, as datastore_search's select list does.
        parts = []
        for n, rid in enumerate(present):
            order = ", ".join(f"t.{identifier(c)}" for c in _sort_columns(wanted[rid]))
            table = identifier(rid)
            select = f"SELECT {n} AS n, (SELECT json_agg(to_json(t) ORDER BY {order})::text FROM {table} AS t)"  # noqa: S608 - quoted identifiers
            parts.append(select)
        found = conn.execute(sa.text(" UNION ALL ".join(parts))).all()
    with_ms = tk.asbool(tk.config.get("ckan.datastore.ms_in_timestamp", False))
    for n, text in found:
        rid = present[n]
        timestamps = {f for f, t in TABLES.get(wanted[rid] or "", ((), (), ""))[0] if t == "timestamp"}
        for record in json.loads(text) if text else []:
            row = {k: v for k, v in record.items() if not k.startswith("_")}
            for field in timestamps & row.keys():
                if isinstance(row[field], str):
                    row[field] = _datastore_timestamp(row[field], with_ms)
            out[rid].append(row)
    return out


def _datastore_timestamp(iso: str, with_ms: bool) -> str:
    # to_json gives 0 to 6 fraction digits; datastore_search gives to_char(.., 'YYYY-MM-DD"T"HH24:MI:SS'),
    # with '.MS' appended when CKAN 2.12's ckan.datastore.ms_in_timestamp is on (its default there).
    whole, _, fraction = iso.partition(".")
    return f"{whole}.{(fraction + '000')[:3]}" if with_ms else whole


def write_rows(context: Context, pkg: dict[str, Any], table: str, rows: list[dict[str, Any]]) -> str:
    """Upsert ``rows`` into the dataset's ``table`` in one DataStore call (one transaction).

    Creates the resource and its table (with the primary key) on first use. Returns the
    resource id. Runs as the calling user, so DataStore's own ``package_update`` check applies.
    """
    fields, key, name = TABLES[table]
    resource = table_resource(pkg, table)
    records = [{k: v for k, v in row.items() if not k.startswith("_")} for row in rows]
    if resource is None or not resource.get("datastore_active"):
        data: dict[str, Any] = {
            "fields": [{"id": f, "type": t} for f, t in fields],
            "primary_key": list(key),
            "records": records,
            "force": True,
        }
        if resource is None:
            data["resource"] = {"package_id": pkg["id"], "name": name, "dgplan_table": table,
                                "format": "CSV", "url_type": "datastore"}
        else:
            data["resource_id"] = resource["id"]
        result = tk.get_action("datastore_create")(action_context(context), data)
        return result["resource_id"]
    tk.get_action("datastore_upsert")(action_context(context), {
        "resource_id": resource["id"], "records": records, "method": "upsert", "force": True,
    })
    return resource["id"]


def record_activity(context: Context, pkg_id: str, details: dict[str, Any]) -> None:
    """Add a "changed package" activity saying who imported what, visible as the dataset is.

    DataStore writes make no activity of their own. ``activity_create`` would store it without
    permission labels (visible to everyone even for a private dataset), so the activity is built
    like CKAN's own package activities, with the dataset's labels.
    """
    if not tk.config.get("ckan.activity_streams_enabled") or not p.plugin_loaded("activity"):
        return
    from ckan.lib.plugins import get_permission_labels
    from ckanext.activity.model import Activity

    pkg_obj = model.Package.get(pkg_id)
    if pkg_obj is None:
        return
    user_obj = model.User.get(context.get("user") or "")
    pkg_dict = tk.get_action("package_show")({"ignore_auth": True, "for_view": False}, {"id": pkg_id})
    activity = Activity(
        user_id=user_obj.id if user_obj else (context.get("user") or ""),
        object_id=pkg_obj.id,
        activity_type="changed package",
        data={"package": pkg_dict, "dgplan_import": details},
        permission_labels=get_permission_labels().get_dataset_labels(pkg_obj),
    )
    model.Session.add(activity)
    model.Session.commit()
    log.info("dgplan import into %s by %s: %s", pkg_obj.name, context.get("user"), details)


def now_iso() -> str:
    """UTC timestamp for ``reported_at``."""
    return _dt.datetime.now(_dt.timezone.utc).replace(tzinfo=None).isoformat(timespec="seconds")

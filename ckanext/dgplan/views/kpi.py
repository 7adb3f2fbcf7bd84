"""Pages of KPIs and projects: a KPI with its chart and table, downloads, imports, coverage.

=============================== =============================================================
``/plan/kpi``                   KPIs with their status (``dgplan_kpi_list``)
``/plan/kpi/<code>``            a KPI: SVG chart of values against targets, the data table
``/plan/kpi/<code>.csv``        its rows as CSV (UTF-8 with BOM), also ``.json`` and ``.xlsx``
``/plan/import``                upload page for KPI values and project budgets (org editors)
``/plan/coverage``              per KPI: data or not, last update, stale or not; ``.csv`` too
``/plan/status-method``         how the progress status of a KPI is decided, with a worked example
=============================== =============================================================

Every page calls actions as the current user; a private KPI is a 404 for whoever may not see
it, downloads included.
"""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from flask import Blueprint, Response, request

from ckanext.dgplan.kpi import export
from ckanext.dgplan.kpi.table import KPI_FIELDS
from ckanext.dgplan.messages import dgplan_message
from ckanext.dgplan.plan.status import DEFAULT_THRESHOLDS
from ckanext.dgplan.views.pages import call_action_or_abort

__all__ = ["dgplan_kpi"]

dgplan_kpi = Blueprint("dgplan_kpi", __name__)

_MIMETYPES = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
_COVERAGE_FIELDS = ("code", "name_th", "name_en", "dataset", "organization", "has_data", "latest_year_be",
                    "last_updated", "frequency", "stale")




def _download(body: bytes, fmt: str, filename: str) -> Response:
    response = Response(body, mimetype=_MIMETYPES[fmt].split(";")[0], content_type=_MIMETYPES[fmt])
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def kpi_list() -> str:
    filters = {k: request.args.get(k) for k in ("goal", "strategy", "status", "agency") if request.args.get(k)}
    kpis = call_action_or_abort("dgplan_kpi_list", filters)
    return tk.render("dgplan/kpi/list.html", extra_vars={"kpis": kpis, "filters": filters})


def kpi_page(code: str) -> str:
    kpi = call_action_or_abort("dgplan_kpi_show", {"id": code})
    return tk.render("dgplan/kpi/kpi.html", extra_vars={"kpi": kpi})


def kpi_download(code: str, fmt: str) -> Response:
    kpi = call_action_or_abort("dgplan_kpi_show", {"id": code})
    fields = [name for name, _ in KPI_FIELDS]
    name = kpi["code"].lower()
    if fmt == "csv":
        return _download(export.rows_to_csv(kpi["series"], fields), fmt, name)
    if fmt == "xlsx":
        return _download(export.rows_to_xlsx(kpi["series"], fields, sheet=kpi["code"]), fmt, name)
    return _download(export.rows_to_json(kpi), fmt, name)


def import_page() -> str:
    if not tk.current_user or not tk.current_user.is_authenticated:  # type: ignore[attr-defined]
        tk.abort(403, dgplan_message("Log in to import data"))
    kind = request.values.get("kind") or "kpis"
    if kind not in ("kpis", "projects"):
        tk.abort(400, dgplan_message("Unknown import kind (kpis or projects)"))
    extra: dict[str, Any] = {"kind": kind, "summary": None, "errors": None}
    if request.method == "POST":
        action = "dgplan_kpi_import" if kind == "kpis" else "dgplan_project_import"
        upload = request.files.get("upload")
        try:
            data = {"upload": upload, "filename": getattr(upload, "filename", "")}
            extra["summary"] = tk.get_action(action)({}, data)
        except tk.ValidationError as err:
            extra["errors"] = [m for messages in err.error_dict.values()
                               for m in (messages if isinstance(messages, list) else [messages])]
        except tk.NotAuthorized as err:
            tk.abort(403, str(err))
    return tk.render("dgplan/kpi/import.html", extra_vars=extra)


def coverage_page() -> str:
    coverage = call_action_or_abort("dgplan_coverage_show", {})
    return tk.render("dgplan/kpi/coverage.html", extra_vars={"coverage": coverage})


def status_method_page() -> str:
    # The thresholds shown are those kpi_status uses, so the page cannot drift from the code.
    return tk.render("dgplan/kpi/status_method.html", extra_vars={"thresholds": DEFAULT_THRESHOLDS})


def coverage_csv() -> Response:
    coverage = call_action_or_abort("dgplan_coverage_show", {})
    rows = [{
        "code": k["code"], "name_th": k["name"].get("th"), "name_en": k["name"].get("en"),
        "dataset": (k["dataset"] or {}).get("name"),
        "organization": ((k["dataset"] or {}).get("organization") or {}).get("name"),
        "has_data": k["has_data"], "latest_year_be": k["latest_year_be"], "last_updated": k["last_updated"],
        "frequency": k["frequency"], "stale": k["stale"],
    } for k in coverage["kpis"]]
    return _download(export.rows_to_csv(rows, _COVERAGE_FIELDS), "csv", "dgplan-coverage")


dgplan_kpi.add_url_rule("/plan/kpi", view_func=kpi_list, endpoint="kpi_list")
dgplan_kpi.add_url_rule("/plan/kpi/<code>", view_func=kpi_page, endpoint="kpi")
dgplan_kpi.add_url_rule("/plan/kpi/<code>.<any(csv, json, xlsx):fmt>", view_func=kpi_download,
                        endpoint="kpi_download")
dgplan_kpi.add_url_rule("/plan/import", view_func=import_page, endpoint="import_page", methods=["GET", "POST"])
dgplan_kpi.add_url_rule("/plan/coverage", view_func=coverage_page, endpoint="coverage")
dgplan_kpi.add_url_rule("/plan/status-method", view_func=status_method_page, endpoint="status_method")
dgplan_kpi.add_url_rule("/plan/coverage.csv", view_func=coverage_csv, endpoint="coverage_csv")

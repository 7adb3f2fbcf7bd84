"""Actions for KPIs and projects: lists, a KPI with its series and status, budgets, coverage, imports.

Datasets are read with ``package_search``/``package_show`` as the calling user, so private KPIs
and projects are invisible to whoever may not see them; a table with ``datastore_search`` as that
user, or, for lists, the tables of the datasets found that way in one statement
(:func:`~ckanext.dgplan.store.kpi.stored_rows_of`).
"""
from __future__ import annotations

import datetime as _dt
from typing import Any, Optional

import ckan.plugins.toolkit as tk
from ckan.types import Context, DataDict

from ckanext.dgplan import config as dgplan_config
from ckanext.dgplan.kpi import budget as kpi_budget
from ckanext.dgplan.kpi import coverage as kpi_coverage
from ckanext.dgplan.logic.schema import kpi as schema_kpi
from ckanext.dgplan.messages import N_, dgplan_message
from ckanext.dgplan.plan import STATUSES, Baseline, Kpi, LocalText, Plan, Target, kpi_status
from ckanext.dgplan.plan.status import StatusResult
from ckanext.dgplan.store import imports as imports
from ckanext.dgplan.store import kpi as kpi_store
from ckanext.dgplan.store import plan as plan_store
from ckanext.dgplan.thai.dates import fiscal_year_be

__all__ = [
    "dgplan_budget_summary",
    "dgplan_coverage_show",
    "dgplan_kpi_import",
    "dgplan_kpi_list",
    "dgplan_kpi_show",
    "dgplan_project_import",
    "dgplan_project_list",
]


# ------------------------------------------------------------------------------------------
# Building blocks
# ------------------------------------------------------------------------------------------


def _float(value: Any) -> Optional[float]:
    if value in (None, ""):
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _kpi_model(pkg: dict[str, Any], plan: Plan, rows: list[dict[str, Any]]) -> Kpi:
    """The KPI as its dataset states it, falling back to the plan for what the dataset leaves out."""
    base = plan.kpi(pkg.get("dgplan_kpi_code") or "")
    targets = {int(year): float(value) for year, value in (pkg.get("dgplan_targets") or {}).items()}
    if not targets and base is not None:
        targets = {t.year_be: float(t.value) for t in base.targets}
    if not targets:
        targets = {int(r["fiscal_year_be"]): float(r["target"]) for r in rows
                   if r.get("period") == "year" and _float(r.get("target")) is not None}
    baseline = None
    year, value = pkg.get("dgplan_baseline_year"), _float(pkg.get("dgplan_baseline_value"))
    if year and value is not None:
        baseline = Baseline(int(year), value)
    elif base is not None:
        baseline = base.baseline
    return Kpi(
        code=pkg.get("dgplan_kpi_code") or "",
        name=LocalText(pkg.get("title"), pkg.get("dgplan_title_en")),
        unit=LocalText(pkg.get("dgplan_unit"), base.unit.en if base else None),
        direction=pkg.get("dgplan_direction") or (base.direction if base else "higher"),
        baseline=baseline,
        targets=tuple(Target(y, targets[y]) for y in sorted(targets)),
        frequency=pkg.get("dgplan_frequency"),
    )


def _status(kpi: Kpi, rows: list[dict[str, Any]]) -> StatusResult:
    observations = [(int(r["fiscal_year_be"]), float(r["value"])) for r in rows
                    if r.get("period") == "year" and _float(r.get("value")) is not None]
    try:
        return kpi_status(kpi, observations)
    except (ValueError, TypeError) as err:
        return StatusResult("no_data", kpi=kpi.code, reason=LocalText(
            f"คำนวณสถานะไม่ได้: {err}", f"The status cannot be computed: {err}"))


def _dataset_brief(pkg: dict[str, Any]) -> dict[str, Any]:
    org = pkg.get("organization") or {}
    return {"id": pkg["id"], "name": pkg["name"], "title": pkg.get("title"), "private": pkg.get("private", False),
            "organization": {"name": org.get("name"), "title": org.get("title")} if org else None,
            "metadata_modified": pkg.get("metadata_modified")}


def _rows_of(tables: dict[str, list[dict[str, Any]]], pkg: dict[str, Any], table: str) -> list[dict[str, Any]]:
    resource = kpi_store.table_resource(pkg, table)
    return tables.get(resource["id"], []) if resource else []


def _tables_of(pkgs: list[dict[str, Any]], table: str) -> dict[str, list[dict[str, Any]]]:
    # Every dataset's table in one read: these lists are drawn on pages, and a datastore_search
    # per KPI or project made the query count grow with their number.
    return kpi_store.stored_rows_of([kpi_store.table_resource(pkg, table) for pkg in pkgs])


def _kpi_summary(context: Context, pkg: dict[str, Any], plan: Plan, with_series: bool,
                 rows: Optional[list[dict[str, Any]]] = None) -> dict[str, Any]:
    resource = kpi_store.table_resource(pkg, "kpi_values")
    if rows is None:
        rows = kpi_store.stored_rows(context, resource)
    kpi = _kpi_model(pkg, plan, rows)
    status = _status(kpi, rows)
    reported = [r["reported_at"] for r in rows if r.get("reported_at")]
    result: dict[str, Any] = {
        "code": kpi.code,
        "name": kpi.name.to_dict(),
        "unit": kpi.unit.to_dict(),
        "direction": kpi.direction,
        "baseline": kpi.baseline.to_dict() if kpi.baseline else None,
        "targets": [t.to_dict() for t in kpi.targets],
        "target_text": _target_text(pkg, plan),
        "frequency": pkg.get("dgplan_frequency"),
        "certainty": pkg.get("dgplan_certainty"),
        "goals": pkg.get("dgplan_goals") or [],
        "strategies": pkg.get("dgplan_strategies") or [],
        "data_source": pkg.get("dgplan_data_source"),
        "method": pkg.get("dgplan_method"),
        "dataset": _dataset_brief(pkg),
        "resource_id": resource["id"] if resource else None,
        "has_data": any(_float(r.get("value")) is not None for r in rows),
        "last_updated": max(reported) if reported else None,
        "status": status.to_dict(),
    }
    if with_series:
        result["series"] = rows
    return result


def _target_text(pkg: dict[str, Any], plan: Plan) -> Optional[dict[str, Optional[str]]]:
    # {th, en} as dgplan_plan_show gives it: the dataset's Thai wording, the plan's English one
    # when the dataset states a wording at all (None when it states none, as in the plan).
    th = pkg.get("dgplan_target_text") or None
    if th is None:
        return None
    base = plan.kpi(pkg.get("dgplan_kpi_code") or "")
    return LocalText(th, (base.target_text.en or None) if base else None).to_dict()


def _check_code(plan: Plan, kind: str, code: Optional[str], field: str) -> Optional[str]:
    if not code:
        return None
    found = {"goals": plan.goal, "strategies": plan.strategy}[kind](str(code).upper())
    if found is None:
        raise tk.ValidationError({field: [
            dgplan_message("Unknown code \"%(code)s\" in plan %(plan)s", code=code, plan=plan.code)]})
    return found.code


def _in_plan_scope(plan: Plan, pkg: dict[str, Any], goal: Optional[str], strategy: Optional[str],
                   kpi_code: Optional[str] = None) -> bool:
    goals = set(pkg.get("dgplan_goals") or [])
    strategies = set(pkg.get("dgplan_strategies") or [])
    if kpi_code:
        base = plan.kpi(kpi_code)
        if base is not None:
            goals |= set(base.goals)
            strategies |= set(base.strategies)
    if strategy and strategy not in strategies:
        return False
    if goal:
        via = {s.code for s in plan.strategies_for_goal(goal)}
        if goal not in goals and not via & strategies:
            return False
    return True


# ------------------------------------------------------------------------------------------
# KPIs
# ------------------------------------------------------------------------------------------


@tk.side_effect_free
@tk.validate_action_data(schema_kpi.dgplan_kpi_list_schema)
def dgplan_kpi_list(context: Context, data_dict: DataDict) -> list[dict[str, Any]]:
    """KPIs published as ``dgplan-kpi`` datasets, with their latest value and progress status.

    Only KPIs the user may see are listed (private ones only to members of their organization).

    :param goal: only KPIs of this goal (directly or through one of its strategies)
    :type goal: string
    :param strategy: only KPIs of this strategy
    :type strategy: string
    :param status: only KPIs with this status (``achieved``, ``on_track``, ``needs_attention``,
        ``off_track``, ``no_data``)
    :type status: string
    :param agency: only KPIs of this organization (name)
    :type agency: string
    :returns: KPI dicts (code, name, unit, direction, baseline, targets, dataset, status, ...);
        ``name``, ``unit`` and ``target_text`` are ``{"th", "en"}`` as in ``dgplan_plan_show``
        (``target_text`` is ``null`` when the dataset states no wording)
    :rtype: list of dictionaries
    """
    tk.check_access("dgplan_kpi_list", context, data_dict)
    plan = plan_store.active_plan()
    goal = _check_code(plan, "goals", data_dict.get("goal"), "goal")
    strategy = _check_code(plan, "strategies", data_dict.get("strategy"), "strategy")
    status = data_dict.get("status")
    if status and status not in STATUSES:
        raise tk.ValidationError({"status": [dgplan_message(
            "Unknown status \"%(status)s\" (%(statuses)s)", status=status, statuses=", ".join(STATUSES))]})
    agency = data_dict.get("agency")
    chosen = [pkg for code, pkg in kpi_store.kpi_datasets_by_code(context).items()
              if not (agency and (pkg.get("organization") or {}).get("name") != agency)
              and _in_plan_scope(plan, pkg, goal, strategy, code)]
    tables = _tables_of(chosen, "kpi_values")
    out = []
    for pkg in chosen:
        summary = _kpi_summary(context, pkg, plan, with_series=False, rows=_rows_of(tables, pkg, "kpi_values"))
        if status and summary["status"]["status"] != status:
            continue
        out.append(summary)
    order = {k.code: i for i, k in enumerate(plan.kpis)}
    return sorted(out, key=lambda k: (order.get(k["code"], len(order)), k["code"]))


@tk.side_effect_free
@tk.validate_action_data(schema_kpi.dgplan_kpi_show_schema)
def dgplan_kpi_show(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """One KPI with its whole series (DataStore rows) and progress status.

    :param id: KPI code (``KPI-EGDI-RANK``) or the dataset's id or name
    :type id: string
    :returns: the KPI dict of :func:`dgplan_kpi_list` plus ``series`` (rows sorted by fiscal
        year and period)
    :rtype: dictionary
    """
    tk.check_access("dgplan_kpi_show", context, data_dict)
    ref = str(data_dict.get("id") or data_dict.get("code") or "").strip()
    if not ref:
        raise tk.ValidationError({"id": [dgplan_message("The KPI code is required")]})
    plan = plan_store.active_plan()
    pkg = kpi_store.kpi_datasets_by_code(context).get(ref.upper())
    if pkg is None:
        try:
            pkg = tk.get_action("package_show")(kpi_store.action_context(context), {"id": ref})
        except (tk.ObjectNotFound, tk.NotAuthorized):
            pkg = None
        if pkg is not None and pkg.get("type") != kpi_store.KPI_TYPE:
            pkg = None
    if pkg is None:
        # Private KPIs of other organizations are reported as missing, not as forbidden.
        raise tk.ObjectNotFound(dgplan_message("KPI \"%(ref)s\" not found", ref=ref))
    return _kpi_summary(context, pkg, plan, with_series=True)


# ------------------------------------------------------------------------------------------
# Projects and budgets
# ------------------------------------------------------------------------------------------


def _projects(context: Context, data_dict: DataDict) -> list[dict[str, Any]]:
    plan = plan_store.active_plan()
    goal = _check_code(plan, "goals", data_dict.get("goal"), "goal")
    strategy = _check_code(plan, "strategies", data_dict.get("strategy"), "strategy")
    agency = data_dict.get("agency")
    status = data_dict.get("status")
    chosen = [pkg for pkg in kpi_store.datasets_of_type(context, kpi_store.PROJECT_TYPE)
              if not (agency and (pkg.get("organization") or {}).get("name") != agency)
              and not (status and pkg.get("dgplan_project_status") != status)
              and _in_plan_scope(plan, pkg, goal, strategy)]
    tables = _tables_of(chosen, "project_budget")
    out = []
    for pkg in chosen:
        resource = kpi_store.table_resource(pkg, "project_budget")
        rows = _rows_of(tables, pkg, "project_budget")
        budgets = [r for r in rows if _float(r.get("budget_baht")) is not None]
        out.append({
            "name": pkg["name"],
            "title": {"th": pkg.get("title"), "en": pkg.get("dgplan_title_en")},
            "dataset": _dataset_brief(pkg),
            "supporting_agencies": pkg.get("dgplan_supporting_agencies"),
            "goals": pkg.get("dgplan_goals") or [],
            "strategies": pkg.get("dgplan_strategies") or [],
            "kpis": pkg.get("dgplan_kpis") or [],
            "fiscal_years": pkg.get("dgplan_fiscal_years") or [],
            "status": pkg.get("dgplan_project_status"),
            "progress_percent": _float(pkg.get("dgplan_progress")),
            "outputs": pkg.get("dgplan_outputs"),
            "certainty": pkg.get("dgplan_certainty"),
            "resource_id": resource["id"] if resource else None,
            "budgets": rows,
            # Exact, and without figures outside 0..max (a float sum of 1e308 + 1.7e308 is inf: a 500).
            "budget_total_baht": kpi_budget.budget_total(budgets, dgplan_config.dgplan_budget_max_baht()),
        })
    return out


@tk.side_effect_free
@tk.validate_action_data(schema_kpi.dgplan_kpi_list_schema)
def dgplan_project_list(context: Context, data_dict: DataDict) -> list[dict[str, Any]]:
    """Projects published as ``dgplan-project`` datasets, with their budget rows.

    :param goal: only projects of this goal (directly or through one of its strategies)
    :type goal: string
    :param strategy: only projects of this strategy
    :type strategy: string
    :param agency: only projects led by this organization (name)
    :type agency: string
    :param status: ``planned``, ``ongoing``, ``completed`` or ``cancelled``
    :type status: string
    :returns: project dicts (name, title, lead agency, strategies, status, progress, budgets)
    :rtype: list of dictionaries
    """
    tk.check_access("dgplan_project_list", context, data_dict)
    return _projects(context, data_dict)


@tk.side_effect_free
@tk.validate_action_data(schema_kpi.dgplan_budget_summary_schema)
def dgplan_budget_summary(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Budgets of the visible projects summed by strategy and fiscal year, exactly (decimal).

    A project attached to several strategies counts in full under each; ``totals`` count each
    project once. The strategy ``""`` collects projects attached to no strategy. ``reported``
    marks sums that include figures from secondary sources. Stored figures that are not finite
    numbers from 0 to ``ckanext.dgplan.budget.max_baht`` (written before that limit existed) are
    left out of the sums and listed in ``skipped``.

    :param goal: only projects of this goal
    :type goal: string
    :returns: ``{"fiscal_years", "strategies", "cells", "totals", "strategy_labels", "skipped":
        [{"project", "fiscal_year_be", "budget_baht": the figure as text}], "max_budget_baht"}``
    :rtype: dictionary
    """
    tk.check_access("dgplan_budget_summary", context, data_dict)
    plan = plan_store.active_plan()
    projects = _projects(context, {"goal": data_dict.get("goal")})
    max_baht = dgplan_config.dgplan_budget_max_baht()
    summary = kpi_budget.budget_summary(
        ({"name": p["name"], "strategies": p["strategies"], "rows": p["budgets"]} for p in projects), max_baht)
    summary["max_budget_baht"] = max_baht
    labels = {}
    for code in summary["strategies"]:
        strategy = plan.strategy(code) if code else None
        labels[code] = ({"th": f"{code} {strategy.label('th')}", "en": f"{code} {strategy.label('en')}"}
                        if strategy else {"th": "ไม่ระบุยุทธศาสตร์", "en": "No strategy given"})
    summary["strategy_labels"] = labels
    return summary


# ------------------------------------------------------------------------------------------
# Coverage
# ------------------------------------------------------------------------------------------


@tk.side_effect_free
def dgplan_coverage_show(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """For each KPI of the plan: is it published, does it have data, when was it last updated,
    and is it stale against its update frequency (one fiscal year of grace)?

    :returns: ``{"current_fiscal_year_be", "kpis": [{"code", "name", "dataset", "has_data",
        "latest_year_be", "last_updated", "frequency", "stale"}, ...]}``
    :rtype: dictionary
    """
    tk.check_access("dgplan_coverage_show", context, data_dict)
    plan = plan_store.active_plan()
    current = fiscal_year_be(_dt.date.today())
    datasets = kpi_store.kpi_datasets_by_code(context)
    tables = _tables_of([datasets[k.code] for k in plan.kpis if k.code in datasets], "kpi_values")
    out = []
    for kpi in plan.kpis:
        pkg = datasets.get(kpi.code)
        entry: dict[str, Any] = {
            "code": kpi.code, "name": kpi.name.to_dict(), "dataset": None, "has_data": False,
            "latest_year_be": None, "last_updated": None,
            "frequency": kpi_coverage.frequency_code(kpi.frequency), "stale": None,
        }
        if pkg is not None:
            rows = _rows_of(tables, pkg, "kpi_values")
            years = [int(r["fiscal_year_be"]) for r in rows if _float(r.get("value")) is not None]
            reported = [r["reported_at"] for r in rows if r.get("reported_at")]
            frequency = pkg.get("dgplan_frequency") or kpi.frequency
            entry.update({
                "dataset": _dataset_brief(pkg),
                "has_data": bool(years),
                "latest_year_be": max(years) if years else None,
                "last_updated": max(reported) if reported else None,
                "frequency": kpi_coverage.frequency_code(frequency),
                "stale": kpi_coverage.is_stale(max(years) if years else None, frequency, current),
            })
        out.append(entry)
    return {"current_fiscal_year_be": current, "kpis": out}


# ------------------------------------------------------------------------------------------
# Imports
# ------------------------------------------------------------------------------------------


FILE_REQUIRED = N_("A CSV or XLSX file is required")


def _upload_bytes(data_dict: DataDict) -> tuple[bytes, str]:
    upload = data_dict.get("upload")
    limit = dgplan_config.dgplan_import_max_bytes()
    filename = str(data_dict.get("filename") or getattr(upload, "filename", "") or "")
    if upload is None or upload == "":
        raise tk.ValidationError({"upload": [dgplan_message(FILE_REQUIRED)]})
    if isinstance(upload, str):
        try:
            data = upload.encode("utf-8")
        except UnicodeEncodeError as err:  # a lone surrogate from a JSON "\ud800" escape
            raise tk.ValidationError({"upload": [dgplan_message(
                "The uploaded text contains characters that are not valid Unicode")]}) from err
    elif isinstance(upload, bytes):
        data = upload
    elif hasattr(upload, "read"):
        stream: Any = getattr(upload, "stream", upload)  # werkzeug FileStorage, or a file
        data = stream.read(limit + 1)  # never read more than one byte past the limit
    else:
        raise tk.ValidationError({"upload": [dgplan_message(FILE_REQUIRED)]})
    return data, filename


def dgplan_kpi_import(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Import KPI values from a CSV (UTF-8 or TIS-620/Windows-874) or XLSX file, all or nothing.

    Columns: ``kpi_code``, ``fiscal_year_be`` (required), ``period`` (``year`` when empty,
    ``Q1``-``Q4``, ``H1``/``H2``, ``M01``-``M12``), ``value``, ``target``, ``unit``, ``note``,
    ``source``, ``certainty``; Thai headers are accepted too. Only editors and admins of each
    KPI's organization (and sysadmins) may import. Rows equal to the stored ones are not
    written, so importing a file twice changes nothing.

    :param upload: the file (multipart upload)
    :type upload: file
    :param filename: the file's name, used to recognise XLSX when the content does not
    :type filename: string
    :returns: ``{"rows", "inserted", "updated", "unchanged", "datasets"}``
    :rtype: dictionary
    """
    tk.check_access("dgplan_kpi_import", context, data_dict)
    data, filename = _upload_bytes(data_dict)
    return imports.dgplan_import_kpis(context, data, filename)


def dgplan_project_import(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Import project budgets (one row per project and fiscal year), all or nothing.

    Columns: ``project`` (the project dataset's name), ``fiscal_year_be`` (required),
    ``budget_baht``, ``status``, ``progress_percent`` (0-100), ``note``, ``source``,
    ``certainty``. Same rules as :func:`dgplan_kpi_import`.

    :param upload: the file (multipart upload)
    :type upload: file
    :param filename: the file's name
    :type filename: string
    :returns: ``{"rows", "inserted", "updated", "unchanged", "datasets"}``
    :rtype: dictionary
    """
    tk.check_access("dgplan_project_import", context, data_dict)
    data, filename = _upload_bytes(data_dict)
    return imports.dgplan_import_projects(context, data, filename)

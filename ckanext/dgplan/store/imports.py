"""Import KPI values and project budgets from CSV or XLSX files, all or nothing.

file -> :func:`~ckanext.dgplan.kpi.table.read_table` (streamed, stopping at the row, cell and
unpacked-size limits of the config; UTF-8, UTF-8 with BOM, cp874/TIS-620, XLSX) -> every row
validated (codes against the active plan, fiscal years, Thai digits and separators, numbers
finite and within their unit's range, formula-like text made inert) -> the target datasets found
and ``package_update`` checked for each -> only when nothing is wrong, the rows that differ from
what is stored are written, one ``datastore_upsert`` per dataset -> an activity records who
imported what.

Importing the same file again finds no difference and writes nothing (no activity either).
Files with rows for several datasets are validated as a whole before the first write; each
dataset's rows are then written in one DataStore transaction. DataStore has no transaction
spanning several tables, so if a later dataset's write fails, the tables already written by this
import are put back as they were (:func:`_undo_writes`), and the activities are only recorded once
every write has succeeded. The project import's dataset updates (status, progress) are part of
the same rule: they run after the table writes, and if one fails the projects already updated
and the tables are put back.

An import is refused before its first write while Redis (the jobs queue) does not answer: what an
import sets off goes through the queue (the table's xloader status, and a dataset's re-index while
Solr is unreachable), and CKAN's own callers swallow a failed enqueue, so an import taken then would
leave work behind that nobody runs. The file is validated first, so its errors are still shown.
"""
from __future__ import annotations

import hashlib
import logging
from typing import Any, Callable, Iterable, NamedTuple

import ckan.plugins.toolkit as tk
from ckan.lib.redis import connect_to_redis
from ckan.types import Context

from ckanext.dgplan import config as dgplan_config
from ckanext.dgplan.kpi.table import (
    BUDGET_COMPARE,
    BUDGET_KEY,
    KPI_COMPARE,
    KPI_KEY,
    ImportFileError,
    RowError,
    changed_rows,
    read_table,
    validate_kpi_rows,
    validate_project_rows,
)
from ckanext.dgplan.messages import N_, dgplan_message, dgplan_message_texts, dgplan_pick
from ckanext.dgplan.store import kpi as kpi_store
from ckanext.dgplan.store import plan as plan_store

log = logging.getLogger(__name__)

__all__ = ["MAX_ERRORS_SHOWN", "QUEUE_DOWN", "dgplan_import_kpis", "dgplan_import_projects", "write_table_rows"]

#: More errors than this are counted, not listed (a wrong file can have thousands).
MAX_ERRORS_SHOWN = 100


def _raise_errors(errors: list[RowError], total_rows: int) -> None:
    errors = sorted(errors, key=lambda e: e.row)
    messages = [dgplan_message("Row %(row)s, column %(column)s: %(error)s", row=e.row, column=e.column, error=e)
                for e in errors[:MAX_ERRORS_SHOWN]]
    if len(errors) > MAX_ERRORS_SHOWN:
        messages.append(dgplan_message("and %(more)s more errors", more=len(errors) - MAX_ERRORS_SHOWN))
    messages.insert(0, dgplan_message("Nothing was imported: %(errors)s errors in %(rows)s rows",
                                      errors=len(errors), rows=total_rows))
    raise tk.ValidationError({"rows": [*messages]})


def _read(data: bytes, filename: str) -> Any:
    try:
        return read_table(data, filename, max_bytes=dgplan_config.dgplan_import_max_bytes(),
                          max_rows=dgplan_config.dgplan_import_max_rows(),
                          max_cells=dgplan_config.dgplan_import_max_cells(),
                          max_unpacked_bytes=dgplan_config.dgplan_import_max_unpacked_bytes())
    except ImportFileError as err:
        raise tk.ValidationError({"upload": [dgplan_pick(err.th, err.en)]}) from err


def _may_update(context: Context, pkg: dict[str, Any]) -> bool:
    try:
        tk.check_access("package_update", kpi_store.action_context(context), {"id": pkg["id"]})
    except tk.NotAuthorized:
        return False
    return True


#: What a publisher is told when Redis does not answer (see the module docstring).
QUEUE_DOWN = ("ไม่ได้นำเข้าข้อมูลใด ๆ: ระบบคิวงาน (Redis) ไม่พร้อมใช้งานชั่วคราว โปรดลองใหม่ภายหลัง",
              "Nothing was imported: the jobs queue (Redis) is unavailable for the moment; try again later")


def _require_job_queue() -> None:
    """Raise a bilingual ValidationError, before anything is written, if Redis does not answer."""
    try:
        connect_to_redis().ping()
    except Exception as err:  # any failure to reach Redis refuses the import
        log.warning("dgplan import refused: Redis does not answer (%s)", err)
        raise tk.ValidationError({"upload": [" / ".join(QUEUE_DOWN)]}) from err


def write_table_rows(context: Context, groups: dict[str, tuple[dict[str, Any], list[dict[str, Any]]]], table: str,
           key: tuple[str, ...], compare: tuple[str, ...], filename: str, digest: str,
           then: Callable[[], None] | None = None) -> dict[str, Any]:
    """Write each dataset's changed rows; returns the counts.

    ``then`` is a further step of the same import (the project import's dataset updates), run
    once every table write has succeeded; if it raises, the tables are put back as they were.
    The activities are recorded last, only when everything succeeded.
    """
    _require_job_queue()
    user = context.get("user") or ""
    stamp = kpi_store.now_iso()
    plans = []
    for pkg, rows in groups.values():
        before = kpi_store.table_resource(pkg, table)
        stored = kpi_store.stored_rows(context, before)
        changes, inserted, updated = changed_rows(stored, rows, key, compare)
        plans.append((pkg, before, stored, changes, inserted, updated))
    total = sum(len(rows) for _, rows in groups.values())
    written: list[_Written] = []
    for pkg, before, stored, changes, inserted, updated in plans:
        if not changes:
            continue
        for row in changes:
            row["reported_by"] = user
            row["reported_at"] = stamp
        try:
            resource_id = kpi_store.write_rows(context, pkg, table, changes)
        except Exception as err:
            log.exception("dgplan import of %s failed at %s; undoing %d earlier writes",
                          filename, pkg["name"], len(written))
            undone = _undo_writes(context, written)
            failed = (N_("The import failed while writing %(dataset)s; nothing stored was changed") if undone else
                      N_("The import failed while writing %(dataset)s; restoring the datasets written before it "
                         "also failed: tell the site administrator"))
            raise tk.ValidationError({"upload": [dgplan_message(failed, dataset=pkg["name"])]}) from err
        written.append(_Written(pkg, resource_id, before, stored, inserted, updated))
    if then is not None:
        try:
            then()
        except _StepFailed as err:
            log.exception("dgplan import of %s failed after the table writes; undoing %d writes",
                          filename, len(written))
            undone = _undo_writes(context, written)
            failed = (N_("The import failed: %(error)s; nothing stored was changed") if undone else
                      N_("The import failed: %(error)s; restoring the tables already written also failed: "
                         "tell the site administrator"))
            raise tk.ValidationError({"upload": [dgplan_message(failed, error=err)]}) from err
    for w in written:
        kpi_store.record_activity(context, w.pkg["id"], {
            "file": filename, "sha256": digest, "table": table, "resource_id": w.resource_id,
            "rows": len(groups[w.pkg["id"]][1]), "inserted": w.inserted, "updated": w.updated})
    done_inserted = sum(w.inserted for w in written)
    done_updated = sum(w.updated for w in written)
    return {"rows": total, "inserted": done_inserted, "updated": done_updated,
            "unchanged": total - done_inserted - done_updated, "datasets": [w.pkg["name"] for w in written]}


class _StepFailed(Exception):
    """A step after the table writes failed (``th``/``en`` say which and why)."""

    def __init__(self, th: str, en: str) -> None:
        super().__init__(en)
        self.th, self.en = th, en


class _Written(NamedTuple):
    pkg: dict[str, Any]
    resource_id: str
    before: dict[str, Any] | None  # the table's resource before the import (None: created by it)
    stored: list[dict[str, Any]]  # the table's rows before the import
    inserted: int
    updated: int


def _undo_writes(context: Context, written: list[_Written]) -> bool:
    """Put the tables of ``written`` back as they were before this import; False if that failed.

    A table that existed gets its earlier rows back; a table (and resource) this import created
    is removed.
    """
    ok = True
    for w in reversed(written):
        ctx = kpi_store.action_context(context)
        try:
            if w.before is None:
                tk.get_action("resource_delete")(ctx.copy(), {"id": w.resource_id})
            elif not w.before.get("datastore_active"):
                tk.get_action("datastore_delete")(ctx.copy(), {"resource_id": w.resource_id, "force": True})
            else:
                tk.get_action("datastore_records_delete")(
                    ctx.copy(), {"resource_id": w.resource_id, "filters": {}, "force": True})
                if w.stored:
                    tk.get_action("datastore_upsert")(ctx.copy(), {
                        "resource_id": w.resource_id, "records": w.stored, "method": "insert", "force": True})
        except Exception:  # undo as much as possible, then report
            log.exception("dgplan import: could not restore %s", w.pkg["name"])
            ok = False
    return ok


def _writable_groups(
    context: Context,
    rows: list[dict[str, Any]],
    errors: list[RowError],
    dataset_of: Callable[[dict[str, Any]], dict[str, Any] | None],
    column: str,
    refusal: str,
    label_of: Callable[[dict[str, Any], dict[str, Any]], str],
) -> dict[str, tuple[dict[str, Any], list[dict[str, Any]]]]:
    """Rows grouped by their dataset; a row of a dataset the caller may not change becomes an error.

    ``dataset_of`` returns None for a row that has no dataset (its error, if any, is its own business);
    ``refusal`` is the msgid of the error, with ``%(label)s`` and ``%(org)s``.
    """
    groups: dict[str, tuple[dict[str, Any], list[dict[str, Any]]]] = {}
    refused: set[str] = set()
    for row in rows:
        pkg = dataset_of(row)
        if pkg is None:
            continue
        if pkg["id"] not in groups:
            if pkg["id"] in refused or not _may_update(context, pkg):
                refused.add(pkg["id"])
                org = (pkg.get("organization") or {}).get("name", "")
                label = label_of(row, pkg)
                errors.append(RowError(row["_row"], column, *dgplan_message_texts(refusal, label=label, org=org)))
                continue
            groups[pkg["id"]] = (pkg, [])
        groups[pkg["id"]][1].append(row)
    return groups


def dgplan_import_kpis(context: Context, data: bytes, filename: str = "") -> dict[str, Any]:
    """Import a KPI values file; returns ``{"rows", "inserted", "updated", "unchanged", "datasets"}``.

    :raises tk.ValidationError: ``{"upload": [...]}`` for file problems, ``{"rows": [...]}`` with
        one bilingual message per bad cell; nothing is written in either case.
    """
    frame = _read(data, filename)
    plan = plan_store.active_plan()
    datasets = kpi_store.kpi_datasets_by_code(context)
    units = {code: pkg.get("dgplan_unit") or "" for code, pkg in datasets.items()}
    try:
        rows, errors = validate_kpi_rows(frame, plan, units)
    except ImportFileError as err:
        raise tk.ValidationError({"upload": [dgplan_pick(err.th, err.en)]}) from err

    def kpi_dataset(row: dict[str, Any]) -> dict[str, Any] | None:
        code = row["kpi_code"]
        if not code or plan.kpi(code) is None:
            return None  # already reported by validate_kpi_rows
        pkg = datasets.get(code)
        if pkg is None:
            errors.append(RowError(row["_row"], "kpi_code", *dgplan_message_texts(
                "there is no KPI dataset for %(code)s that you can see (create it or run ckan dgplan seed load first)",
                code=code)))
        return pkg

    groups = _writable_groups(context, rows, errors, kpi_dataset, "kpi_code",
                              N_("you may not change KPI %(label)s (only editors and admins of %(org)s)"),
                              lambda row, _pkg: row["kpi_code"])
    if errors:
        _raise_errors(errors, len(rows))
    digest = hashlib.sha256(data).hexdigest()
    return write_table_rows(context, groups, "kpi_values", KPI_KEY, KPI_COMPARE, filename, digest)


def dgplan_import_projects(context: Context, data: bytes, filename: str = "") -> dict[str, Any]:
    """Import a project budget file (one row per project and fiscal year); same rules as KPIs.

    When a project's latest fiscal year in the file gives a status or progress, the project
    dataset's ``dgplan_project_status`` / ``dgplan_progress`` follow it.
    """
    frame = _read(data, filename)
    projects = {pkg["name"]: pkg for pkg in kpi_store.datasets_of_type(context, kpi_store.PROJECT_TYPE)}
    try:
        rows, errors = validate_project_rows(frame, projects)
    except ImportFileError as err:
        raise tk.ValidationError({"upload": [dgplan_pick(err.th, err.en)]}) from err
    groups = _writable_groups(context, rows, errors, lambda row: projects.get(row["project"]), "project",
                              N_("you may not change project %(label)s (only editors and admins of %(org)s)"),
                              lambda _row, pkg: pkg["name"])
    if errors:
        _raise_errors(errors, len(rows))
    digest = hashlib.sha256(data).hexdigest()
    patches = [patch for pkg, pkg_rows in groups.values() if (patch := _latest_patch(pkg, pkg_rows))]
    return write_table_rows(context, groups, "project_budget", BUDGET_KEY, BUDGET_COMPARE, filename, digest,
                            then=lambda: _apply_patches(context, patches))


def _latest_patch(pkg: dict[str, Any], rows: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """The ``package_patch`` making the project follow its latest year in the file (empty: none)."""
    latest = max(rows, key=lambda r: r["fiscal_year_be"])
    patch: dict[str, Any] = {}
    if latest.get("status") and latest["status"] != pkg.get("dgplan_project_status"):
        patch["dgplan_project_status"] = latest["status"]
    progress = latest.get("progress_percent")
    if progress is not None:
        current = pkg.get("dgplan_progress")
        if current is None or current == "" or abs(float(current) - float(progress)) > 1e-9:
            patch["dgplan_progress"] = progress
    if patch:
        patch["id"] = pkg["id"]
        patch["_name"] = pkg["name"]
        patch["_before"] = {k: pkg.get(k) if pkg.get(k) is not None else "" for k in patch if not k.startswith("_")
                            and k != "id"}
    return patch


def _apply_patches(context: Context, patches: list[dict[str, Any]]) -> None:
    """Patch each project dataset; if one fails, put the ones already patched back.

    :raises _StepFailed: naming the project and CKAN's reason.
    """
    done: list[dict[str, Any]] = []
    for patch in patches:
        data = {k: v for k, v in patch.items() if not k.startswith("_")}
        try:
            tk.get_action("package_patch")(kpi_store.action_context(context), data)
        except Exception as err:  # any failure must undo the whole import
            for earlier in reversed(done):
                try:
                    tk.get_action("package_patch")(kpi_store.action_context(context),
                                                   {"id": earlier["id"], **earlier["_before"]})
                except Exception:  # restore as much as possible
                    log.exception("dgplan import: could not restore project %s", earlier["_name"])
            reason = _reason(err)
            raise _StepFailed(*dgplan_message_texts("project %(project)s could not be updated (%(reason)s)",
                                                    project=patch["_name"], reason=reason)) from err
        done.append(patch)


def _reason(err: Exception) -> str:
    if isinstance(err, tk.ValidationError):
        return "; ".join(f"{field}: {' '.join(map(str, msgs)) if isinstance(msgs, list) else msgs}"
                         for field, msgs in (err.error_dict or {}).items())[:300]
    return (str(err) or type(err).__name__)[:300]

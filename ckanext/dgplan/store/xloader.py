"""Uploaded tables into the DataStore through ckanext-xloader, with Thai encodings and Thai headers.

ckanext-xloader 2.6.0 offers a plugin interface (``IXloader``) with a hook just before the DataStore
table is written (``datastore_before_update``), but nothing to decide the encoding of a file or the
names of its columns: both happen inside ``ckanext.xloader.loader`` in two module functions,
``detect_encoding(file_path)`` (chardet on the first lines, used only above 0.7 confidence, else
cp1252) and ``encode_headers(headers)`` (unidecode or ``str``). The smallest mechanism is to replace
those two functions, and to wrap the job's body so that they know which resource they are loading
(for its ``dgplan_encoding`` override). The replacements defer to xloader's own code whenever the
``dgplan_xloader`` plugin is not loaded, so stock behaviour stays one plugin list away.

The uploaded file is only read: xloader writes its UTF-8 copy to a temporary file, as it always did.
"""
from __future__ import annotations

import contextvars
import logging
from dataclasses import dataclass, field
from typing import Any, Callable

import ckan.plugins as p
import ckan.plugins.toolkit as tk

from ckanext.dgplan.store import xloader_types
from ckanext.dgplan.store.tablesearch import dgplan_index_thai_table
from ckanext.dgplan.thai.columns import column_names
from ckanext.dgplan.thai.encoding import detect_file_encoding, normalize_encoding_name
from ckanext.dgplan.thai.sheetcheck import check_xlsx_file, is_xlsx
from ckanext.dgplan.thai.tablecheck import TableFileError, check_csv_file, csv_delimiter

log = logging.getLogger(__name__)

PLUGIN = "dgplan_xloader"
# Spreadsheets are zip (XLSX, ODS) or OLE (XLS) containers: no text encoding to decide.
_CONTAINER_MAGIC = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0")
# xloader reads a spreadsheet with openpyxl and writes it 250 rows per datastore_upsert: two million
# cells already take minutes and the worker's memory; a bigger sheet belongs in a CSV.
MAX_SHEET_CELLS = 2_000_000


@dataclass
class _Load:
    """What the running xloader job knows about its resource."""

    resource_id: str | None = None
    encoding: str | None = None
    labels: dict[str, str] = field(default_factory=dict)


# No shared default instance: a mutable default would be one object for every context.
_current: contextvars.ContextVar[_Load | None] = contextvars.ContextVar("dgplan_xloader_load", default=None)


def _load() -> _Load:
    return _current.get() or _Load()


def _active() -> bool:
    return p.plugin_loaded(PLUGIN)


def dgplan_resource_encoding(resource: dict[str, Any]) -> str | None:
    """The encoding a publisher chose for a resource (``dgplan_encoding``), or ``None`` for auto."""
    return normalize_encoding_name(resource.get("dgplan_encoding"))


def _wrap_job(original: Callable[..., Any]) -> Callable[..., Any]:
    def xloader_data_into_datastore_(input: dict[str, Any], job_dict: dict[str, Any], logger: Any) -> Any:
        if not _active():
            return original(input, job_dict, logger)
        resource_id = (input.get("metadata") or {}).get("resource_id")
        encoding = None
        if resource_id:
            try:
                resource = tk.get_action("resource_show")({"ignore_auth": True}, {"id": resource_id})
                encoding = dgplan_resource_encoding(resource)
            except tk.ObjectNotFound:
                pass  # xloader's own code reports the missing resource
        token = _current.set(_Load(resource_id=resource_id, encoding=encoding))
        try:
            result = original(input, job_dict, logger)
        finally:
            _current.reset(token)
        if resource_id:
            _index_thai(resource_id, logger)
            _keep_sheet_name(resource_id)
        return result

    xloader_data_into_datastore_.dgplan_original = original  # type: ignore[attr-defined]
    return xloader_data_into_datastore_


def _index_thai(resource_id: str, logger: Any) -> None:
    # Before the job reports "complete": Thai words inside cells are searchable once it is loaded.
    # A table without the index is still searched as stock CKAN does, so a failure here only logs.
    try:
        if dgplan_index_thai_table(resource_id):
            logger.info("Thai search index ready")
    except Exception:  # the loaded table stays usable without the index
        log.exception("xloader %s: Thai search index not created", resource_id)


# The first sheet's name of the XLSX each running job loads, kept on the resource once loaded.
_sheets: dict[str, str] = {}


def _check_sheet(file_path: str, resource_id: str | None) -> None:
    # Before xloader touches the table, as for CSV files: huge sheets, formulas without values and
    # merged cells fail here with the previous table (if any) still in place.
    try:
        sheet = check_xlsx_file(file_path, MAX_SHEET_CELLS)
    except TableFileError as err:
        from ckanext.xloader.job_exceptions import LoaderError

        raise LoaderError(str(err)) from err
    if resource_id:
        _sheets[resource_id] = sheet.name


def _keep_sheet_name(resource_id: str) -> None:
    name = _sheets.pop(resource_id, None)
    if name:
        from ckanext.xloader.utils import set_resource_metadata

        # xloader's own way of writing datastore_active: no resource_update, so no new xloader job.
        set_resource_metadata({"resource_id": resource_id, "dgplan_sheet": name})


def _wrap_detect(original: Callable[[str], dict[str, Any]]) -> Callable[[str], dict[str, Any]]:
    def detect_encoding(file_path: str) -> dict[str, Any]:
        if not _active():
            return original(file_path)
        with open(file_path, "rb") as fh:
            magic = fh.read(4)
        load = _load()
        if magic in _CONTAINER_MAGIC:
            if is_xlsx(file_path):
                _check_sheet(file_path, load.resource_id)
            return {"encoding": None, "confidence": 0.0}
        if load.encoding:
            encoding, reason = load.encoding, "chosen by the publisher"
        else:
            found = detect_file_encoding(file_path)
            encoding, reason = found.encoding, found.reason
        log.info("xloader %s: encoding %s (%s)", load.resource_id, encoding, reason)
        # xloader calls this before it touches the DataStore table: a file that cannot become a table
        # fails here, with the previous table (if any) still in place.
        try:
            check_csv_file(file_path, encoding)
            typed = xloader_types.typed_columns(load.resource_id) if load.resource_id else {}
            if typed:
                xloader_types.check_typed_cells(file_path, encoding, csv_delimiter(file_path, encoding), typed)
        except TableFileError as err:
            from ckanext.xloader.job_exceptions import LoaderError

            raise LoaderError(str(err)) from err
        # Above xloader's 0.7 threshold, so that its stream reads the file in this encoding.
        return {"encoding": encoding, "confidence": 1.0}

    detect_encoding.dgplan_original = original  # type: ignore[attr-defined]
    return detect_encoding


def _wrap_headers(original: Callable[[list[Any]], list[str]]) -> Callable[[list[Any]], list[str]]:
    def encode_headers(headers: list[Any]) -> list[str]:
        if not _active():
            return original(headers)
        pairs = column_names(headers)
        load = _load()
        labels = {name: label for name, label in pairs if label != name}
        _current.set(_Load(resource_id=load.resource_id, encoding=load.encoding, labels=labels))
        return [name for name, _label in pairs]

    encode_headers.dgplan_original = original  # type: ignore[attr-defined]
    return encode_headers


def _wrap_column_indexes(original: Callable[..., Any]) -> Callable[..., Any]:
    # xloader 2.6.0 creates the column indexes and re-enables the zfulltext trigger on an
    # engine.connect() it never commits or closes. SQLAlchemy 1.4 (CKAN 2.11) autocommits that DDL;
    # 2.0 (CKAN 2.12) leaves it in an open transaction holding the table's lock, so the Thai index
    # made after the job (another connection) waits for ever, and the work is rolled back once the
    # connection is collected. The same statements, committed.
    def create_column_indexes(fields: list[dict[str, Any]], resource_id: str, logger: Any) -> None:
        import sqlalchemy
        from ckan import model
        from ckanext.xloader import loader

        if not _active() or int(sqlalchemy.__version__.split(".")[0]) < 2:
            return original(fields, resource_id, logger)
        logger.info("Creating column indexes (a speed optimization for queries)...")
        with loader.get_write_engine().begin() as connection:
            context: Any = {"model": model, "ignore_auth": True, "connection": connection}
            loader.create_indexes(context, {"resource_id": resource_id, "fields": fields})
            loader._enable_fulltext_trigger(connection, resource_id)
        logger.info("...column indexes created.")
        return None

    create_column_indexes.dgplan_original = original  # type: ignore[attr-defined]
    return create_column_indexes


def dgplan_install_xloader_hooks() -> None:
    """Replace xloader's encoding detection and header encoding, and wrap its job (idempotent)."""
    from ckanext.xloader import jobs, loader

    for module, name, wrap in ((loader, "detect_encoding", _wrap_detect),
                               (loader, "encode_headers", _wrap_headers),
                               (loader, "create_column_indexes", _wrap_column_indexes),
                               (jobs, "xloader_data_into_datastore_", _wrap_job)):
        current = getattr(module, name)
        if not hasattr(current, "dgplan_original"):
            setattr(module, name, wrap(current))


# datastore_create with a ``resource`` makes it with this URL (CKAN's constant): no file behind it.
_DATASTORE_ONLY_URL = "_datastore_only_resource"


def dgplan_can_upload(resource_id: str) -> bool:
    """``IXloader.can_upload``: no load for a resource whose data lives only in the DataStore.

    xloader submits every new resource of a tabular format and every resource whose URL changed,
    including the one ``datastore_create`` makes (the KPI and project tables): it is created with the
    URL ``_datastore_only_resource`` and then given url_type ``datastore`` (whose URL shown is the
    table's own dump). A job for it would fail on the placeholder URL, or reload the table from its
    own dump, and leave an xloader status on a page that has no file.
    """
    from ckan import model

    resource = model.Resource.get(resource_id)
    if resource is None:
        return True  # xloader reports a missing resource itself
    return resource.url_type != "datastore" and resource.url != _DATASTORE_ONLY_URL


def dgplan_label_columns(new_headers: list[dict[str, Any]]) -> None:
    """``IXloader.datastore_before_update``: the full header as ``info.label`` of each renamed column.

    A label the data dictionary already has (a publisher's edit kept over a reload) is left alone.
    """
    labels = _load().labels
    for column in new_headers:
        label = labels.get(column.get("id") or "")
        if not label:
            continue
        info = column.get("info")
        if not isinstance(info, dict):
            info = column["info"] = {}
        info.setdefault("label", label)


# What a loading status means, for the resource page (Thai / English, as the portal's messages are).
_STATUS_TEXT = {
    "pending": ("รอคิวนำเข้าตารางข้อมูล", "Waiting to load the table"),
    "submitting": ("รอคิวนำเข้าตารางข้อมูล", "Waiting to load the table"),
    "running": ("กำลังนำเข้าตารางข้อมูล", "Loading the table"),
    "running_but_viewable": ("กำลังนำเข้าตารางข้อมูล (ดูข้อมูลได้แล้ว)", "Loading the table (already viewable)"),
    "complete": ("นำเข้าตารางข้อมูลแล้ว ค้นหาและกรองได้ผ่าน API", "Table loaded: search and filter it through the API"),
    "error": ("นำเข้าตารางข้อมูลไม่สำเร็จ ไฟล์ต้นฉบับยังดาวน์โหลดได้ตามเดิม",
              "The table could not be loaded; the original file still downloads as uploaded"),
}


def dgplan_table_status(resource: dict[str, Any]) -> dict[str, Any] | None:
    """The DataStore loading status of a resource for its page: ``state``, ``th``, ``en`` and, when
    the load failed, xloader's ``error`` message; ``None`` when xloader never saw the resource."""
    try:
        status = tk.get_action("xloader_status")({"ignore_auth": True}, {"resource_id": resource["id"]})
    except (tk.ObjectNotFound, KeyError):
        return None
    state = status.get("status")
    if state not in _STATUS_TEXT:
        return None
    if state == "complete" and not resource.get("datastore_active"):
        return None
    th, en = _STATUS_TEXT[state]
    error = status.get("error") if state == "error" else None
    if isinstance(error, dict):
        error = error.get("message")
    return {"state": state, "th": th, "en": en, "error": error}

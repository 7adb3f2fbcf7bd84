"""Thai dates and numbers in columns a publisher typed in the data dictionary, on reload by xloader.

xloader creates every column as text on the first load; the publisher then sets a column's type on the
data dictionary page (``info.type_override``: ``timestamp``, ``numeric``...) and xloader's next load
creates the column with that type and COPYs the file's cells into it as they are. PostgreSQL reads
``2023-10-01`` and ``1234.5``; it refuses (or, for a year like 2566, misreads by 543 years) what Thai
files hold: ``1 ต.ค. 2566``, ``2566-10-01``, ``๑,๒๓๔``, ``1.5 ล้าน``. So the cells of those columns are
converted (:func:`ckanext.dgplan.thai.dates.parse_date`, :func:`ckanext.dgplan.thai.numbers.parse_number`)
while xloader re-encodes the file to the UTF-8 copy it COPYs from.

xloader offers no hook on cells. Its ``datastore_before_update`` hook (``IXloader``) receives the
columns with their types just before the stream that writes that copy is opened, so the types are
kept there and that tabulator ``Stream`` gets a ``post_parse`` step that converts the typed cells
(xloader's tabulator path, for spreadsheets, converts cells with its own type guesses). Before that,
while the previous table is still in place, :func:`check_typed_cells` reads every typed cell once: a
cell that is neither empty nor readable fails the reload with a Thai/English message naming the
column and line, instead of PostgreSQL's English one, and the previous table stays.
"""
from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Callable

from ckanext.dgplan.thai.columns import column_names
from ckanext.dgplan.thai.dates import parse_date
from ckanext.dgplan.thai.errors import ThaiDateError, ThaiNumberError
from ckanext.dgplan.thai.numbers import parse_number
from ckanext.dgplan.thai.tablecheck import TableFileError

__all__ = ["check_typed_cells", "convert_cell", "dgplan_install_type_conversion", "dgplan_remember_types",
           "typed_columns"]

DATE_TYPES = frozenset({"date", "timestamp", "timestamptz", "timestamp without time zone"})
INT_TYPES = frozenset({"int", "int2", "int4", "int8", "integer", "smallint", "bigint"})
NUMBER_TYPES = INT_TYPES | {"numeric", "float", "float4", "float8", "real", "double precision"}


@dataclass
class _Pending:
    resource_id: str
    types: list[str]
    names: list[str]


_pending: list[_Pending] = []


def convert_cell(value: Any, column_type: str) -> Any:
    """A cell as PostgreSQL reads it for ``column_type``; empty cells and other types unchanged.

    :raises ThaiDateError, ThaiNumberError: a cell that is not a date / a number.
    """
    if not isinstance(value, str) or not value.strip():
        return value
    if column_type in DATE_TYPES:
        return parse_date(value).isoformat()
    if column_type in NUMBER_TYPES:
        number = parse_number(value)
        if number.is_integer() and abs(number) < 1e15:
            return str(int(number))
        return repr(number)
    return value


def _not_readable(name: str, row: int | str, value: Any, column_type: str,
                  err: ThaiDateError | ThaiNumberError) -> tuple[str, str]:
    kind = ("วันที่", "a date") if column_type in DATE_TYPES else ("ตัวเลข", "a number")
    return (f"คอลัมน์ “{name}” แถว {row}: “{value}” ไม่ใช่{kind[0]} ({err.th})",
            f"column “{name}” row {row}: “{value}” is not {kind[1]} ({err.en})")


def typed_columns(resource_id: str) -> dict[str, str]:
    """The columns of a loaded table that its data dictionary types as a date or a number (the
    ``info.type_override`` xloader reads on reload), by column name."""
    import ckan.plugins.toolkit as tk

    try:
        info = tk.get_action("datastore_info")({"ignore_auth": True}, {"id": resource_id})
    except tk.ObjectNotFound:
        return {}
    typed = {}
    for f in info.get("fields", []):
        override = str((f.get("info") or {}).get("type_override") or "").lower()
        if override in DATE_TYPES or override in NUMBER_TYPES:
            typed[f["id"]] = override
    return typed


def check_typed_cells(path: str, encoding: str, delimiter: str, typed: dict[str, str]) -> None:
    """Read every typed cell of the CSV at ``path`` as the reload will; raise :class:`TableFileError`
    at the first one that is not a date / a number, before xloader drops or empties the table."""
    with open(path, encoding=encoding, newline="") as fh:
        reader = csv.reader(fh, delimiter=delimiter)
        header = next(reader, None)
        if header is None:
            return
        names = [name for name, _label in column_names(header)]
        wanted = [(i, name, typed[name]) for i, name in enumerate(names) if name in typed]
        for row in reader:
            for i, name, column_type in wanted:
                if i < len(row):
                    try:
                        convert_cell(row[i], column_type)
                    except (ThaiDateError, ThaiNumberError) as err:
                        raise TableFileError(*_not_readable(name, reader.line_num, row[i], column_type, err)) from err


def dgplan_remember_types(resource_id: str, fields: list[dict[str, Any]]) -> None:
    """``IXloader.datastore_before_update``: keep the columns' types for the stream that follows."""
    _pending.clear()
    types = [str(f.get("type") or "text").lower() for f in fields]
    if any(t in DATE_TYPES or t in NUMBER_TYPES for t in types):
        _pending.append(_Pending(resource_id, types, [str(f.get("id")) for f in fields]))


def _converter(pending: _Pending) -> Callable[[Iterator[Any]], Iterator[Any]]:
    typed = [(i, t) for i, t in enumerate(pending.types) if t in DATE_TYPES or t in NUMBER_TYPES]

    def convert_rows(extended_rows: Iterator[Any]) -> Iterator[Any]:
        from ckanext.xloader.job_exceptions import LoaderError

        rows = iter(extended_rows)
        # The stream that writes xloader's copy yields the header row first (COPY skips it).
        header = next(rows, None)
        if header is not None:
            yield header
        for row_number, headers, row in rows:
            for i, column_type in typed:
                if i < len(row):
                    try:
                        row[i] = convert_cell(row[i], column_type)
                    except (ThaiDateError, ThaiNumberError) as err:
                        th, en = _not_readable(pending.names[i], row_number, row[i], column_type, err)
                        raise LoaderError(f"{th} / {en}") from err
            yield row_number, headers, row

    return convert_rows


def _wrap_stream(original: Callable[..., Any]) -> Callable[..., Any]:
    def Stream(*args: Any, **kwargs: Any) -> Any:  # stands in for tabulator's class
        # The loader's own streams that read headers or guess types bring a post_parse step; the one
        # that writes the UTF-8 copy (opened right after the hook) brings none.
        if _pending and "post_parse" not in kwargs:
            pending = _pending.pop()
            kwargs["post_parse"] = [_converter(pending)]
        return original(*args, **kwargs)

    Stream.dgplan_original = original  # type: ignore[attr-defined]
    return Stream


def dgplan_install_type_conversion() -> None:
    """Give xloader's loader the converting ``Stream`` (idempotent)."""
    from ckanext.xloader import loader

    if not hasattr(loader.Stream, "dgplan_original"):
        loader.Stream = _wrap_stream(loader.Stream)

"""Downloads of table rows: CSV (UTF-8 with BOM), XLSX and JSON.

Spreadsheet programs run a cell that starts with ``=``, ``+``, ``-`` or ``@`` (and, in some,
a tab or carriage return) as a formula, so a note such as ``=HYPERLINK(...)`` typed by anyone
who can import rows could run on a reader's computer. Text cells starting with one of those
characters are prefixed with an apostrophe (OWASP "CSV injection" advice); numbers are written
as numbers, so a negative value stays a negative number.
"""
from __future__ import annotations

import csv
import datetime as _dt
import decimal
import io
import json
from typing import Any, Iterable, Mapping, Sequence

__all__ = ["FORMULA_PREFIXES", "escape_formula", "rows_to_csv", "rows_to_json", "rows_to_xlsx"]

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def escape_formula(value: Any) -> Any:
    """``"=1+1"`` -> ``"'=1+1"``; other values unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def _plain(value: Any) -> Any:
    if isinstance(value, decimal.Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)  # DataStore numerics come back as floats; 55 reads better than 55.0
    if isinstance(value, (_dt.datetime, _dt.date)):
        return value.isoformat()
    return value


def rows_to_csv(rows: Iterable[Mapping[str, Any]], fields: Sequence[str]) -> bytes:
    """CSV with a byte-order mark, so Excel opens Thai text as UTF-8."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(fields)
    for row in rows:
        writer.writerow(["" if row.get(f) is None else escape_formula(_plain(row.get(f))) for f in fields])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def rows_to_xlsx(rows: Iterable[Mapping[str, Any]], fields: Sequence[str], sheet: str = "data") -> bytes:
    """One-sheet XLSX; text cells are escaped and stored as text, never as formulas."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    ws = book.create_sheet(title=sheet[:31] or "data")
    ws.append(list(fields))
    for row in rows:
        ws.append([escape_formula(_plain(row.get(f))) for f in fields])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def rows_to_json(payload: Any) -> bytes:
    """UTF-8 JSON with Thai kept readable (not ``\\u0e2d`` escapes)."""
    return json.dumps(payload, ensure_ascii=False, indent=2, default=_plain).encode("utf-8")

"""How long does an oversized import take before it is refused?

Builds the files of issue 16 (fault 4) and times what the import action does with them before
it touches the database: read the file (:func:`ckanext.dgplan.kpi.table.read_table`, with the
limits of the config defaults) and validate every row against the plan::

* ``200k.csv``  200,000 KPI rows as CSV (about 6 MB, under the 10 MB upload limit)
* ``200k.xlsx`` the same rows as XLSX (about 2 MB zipped)
* ``1m.xlsx``   1,000,000 rows of one repeated cell (a few hundred KB zipped: a zip bomb)

Before the limits each was read in full into pandas and validated row by row (tens of seconds
per request, anonymous callers included); now each is refused while reading. Run::

    .venv/bin/python bench/import_limits.py [--rows 200000] [--keep DIR]

Pure: no CKAN, database or Solr needed (the plan comes from the bundled YAML).
"""
from __future__ import annotations

import argparse
import csv
import inspect
import io
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

PERIODS = ["year", "H1", "H2", "Q1", "Q2", "Q3", "Q4"] + [f"M{m:02d}" for m in range(1, 13)]
HEADER = ["kpi_code", "fiscal_year_be", "period", "value", "note"]


def kpi_rows(count: int) -> list[list[str]]:
    return [["KPI-EGDI-RANK", str(2400 + i // len(PERIODS)), PERIODS[i % len(PERIODS)], str(40 + i % 50),
             f"แถว {i}"] for i in range(count)]


def to_csv(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def _xlsx(sheet_xml: bytes) -> bytes:
    """A minimal valid XLSX around one worksheet (inline strings, no shared strings)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            '</Types>'))
        z.writestr("_rels/.rels", (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'))
        z.writestr("xl/workbook.xml", (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            '<sheets><sheet name="data" sheetId="1" r:id="rId1"/></sheets></workbook>'))
        z.writestr("xl/_rels/workbook.xml.rels", (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'))
        z.writestr("xl/worksheets/sheet1.xml", sheet_xml)
    return out.getvalue()


def to_xlsx(header: list[str], rows: list[list[str]]) -> bytes:
    def row_xml(number: int, cells: list[str]) -> str:
        return f'<row r="{number}">' + "".join(
            f'<c t="inlineStr"><is><t>{c}</t></is></c>' for c in cells) + "</row>"

    parts = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
             '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>',
             row_xml(1, header)]
    parts.extend(row_xml(n, cells) for n, cells in enumerate(rows, start=2))
    parts.append("</sheetData></worksheet>")
    return _xlsx("".join(parts).encode("utf-8"))


def timed(data: bytes, name: str) -> tuple[float, str]:
    from ckanext.dgplan.kpi.table import ImportFileError, read_table, validate_kpi_rows
    from ckanext.dgplan.plan import default_plan

    plan = default_plan()
    # The limits as the portal applies them by default (read_table without them, before issue 16).
    params = inspect.signature(read_table).parameters
    limits = {k: v for k, v in {"max_bytes": 10 * 1024 * 1024, "max_rows": 10_000, "max_cells": 150_000,
                                "max_unpacked_bytes": 50 * 1024 * 1024}.items() if k in params}
    start = time.perf_counter()
    try:
        frame = read_table(data, name, **limits)
        rows, errors = validate_kpi_rows(frame, plan, {})
        outcome = f"accepted: {len(rows):,} rows, {len(errors):,} errors"
    except ImportFileError as err:
        outcome = "refused: " + err.en
    return time.perf_counter() - start, outcome


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--keep", help="also write the files into this directory")
    args = parser.parse_args()
    rows = kpi_rows(args.rows)
    files = {
        f"{args.rows // 1000}k.csv": to_csv(rows),
        f"{args.rows // 1000}k.xlsx": to_xlsx(HEADER, rows),
        "1m.xlsx": to_xlsx(["kpi_code"], [["x"]] * 1_000_000),
    }
    keep = Path(args.keep) if args.keep else Path(tempfile.mkdtemp())
    print(f"{'file':<12}{'bytes':>12}{'seconds':>9}  outcome")
    for name, data in files.items():
        if args.keep:
            (keep / name).write_bytes(data)
        seconds, outcome = timed(data, name)
        print(f"{name:<12}{len(data):>12,}{seconds:>9.2f}  {outcome[:110]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

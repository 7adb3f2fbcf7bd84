"""The KPI values and project budget tables: columns, reading files, validating rows.

An import file is a table with a header row. Column names may be the English names of
:data:`KPI_COLUMNS` / :data:`PROJECT_COLUMNS` or their Thai aliases (``รหัสตัวชี้วัด``,
``ปีงบประมาณ`` ...). Every row is checked and every problem is collected, so an agency fixes the
whole file at once; each problem names the spreadsheet row (the header is row 1) and the column,
in Thai and English. Nothing here writes anything: the caller writes only when the error list is
empty (all or nothing).
"""
from __future__ import annotations

import csv
import io
import math
import re
import zipfile
from dataclasses import dataclass
from typing import Any, Iterable, Iterator, Mapping, Optional, Sequence, cast

import pandas as pd

from ckanext.dgplan.kpi.export import FORMULA_PREFIXES as _FORMULA_PREFIXES
from ckanext.dgplan.plan import CERTAINTIES, Plan
from ckanext.dgplan.thai.dates import MAX_YEAR_BE, MIN_YEAR_BE, parse_year
from ckanext.dgplan.thai.errors import ThaiInputError
from ckanext.dgplan.thai.normalize import normalize
from ckanext.dgplan.thai.numbers import parse_number, parse_percent

__all__ = [
    "BUDGET_COMPARE",
    "BUDGET_FIELDS",
    "BUDGET_KEY",
    "KPI_COMPARE",
    "KPI_FIELDS",
    "KPI_KEY",
    "MAX_BUDGET_BAHT",
    "MAX_NUMBER",
    "MAX_TEXT",
    "PERIODS",
    "PROJECT_STATUSES",
    "ImportFileError",
    "RowError",
    "changed_rows",
    "is_percent_unit",
    "neutralize_formula",
    "parse_period",
    "read_table",
    "row_key",
    "unit_range",
    "validate_kpi_rows",
    "validate_project_rows",
]

#: DataStore fields of a KPI values table, in order: (name, type).
KPI_FIELDS: tuple[tuple[str, str], ...] = (
    ("kpi_code", "text"),
    ("fiscal_year_be", "int"),
    ("period", "text"),
    ("value", "numeric"),
    ("target", "numeric"),
    ("unit", "text"),
    ("note", "text"),
    ("source", "text"),
    ("certainty", "text"),
    ("reported_by", "text"),
    ("reported_at", "timestamp"),
)
KPI_KEY: tuple[str, ...] = ("kpi_code", "fiscal_year_be", "period")
#: Fields whose change makes a row "changed"; who reported it and when follow from the change.
KPI_COMPARE: tuple[str, ...] = ("value", "target", "unit", "note", "source", "certainty")

#: DataStore fields of a project budget table.
BUDGET_FIELDS: tuple[tuple[str, str], ...] = (
    ("project", "text"),
    ("fiscal_year_be", "int"),
    ("budget_baht", "numeric"),
    ("status", "text"),
    ("progress_percent", "numeric"),
    ("note", "text"),
    ("source", "text"),
    ("certainty", "text"),
    ("reported_by", "text"),
    ("reported_at", "timestamp"),
)
BUDGET_KEY: tuple[str, ...] = ("project", "fiscal_year_be")
BUDGET_COMPARE: tuple[str, ...] = ("budget_baht", "status", "progress_percent", "note", "source", "certainty")

PROJECT_STATUSES: tuple[str, ...] = ("planned", "ongoing", "completed", "cancelled")
#: Reporting periods within a fiscal year; ``year`` is the whole fiscal year.
PERIODS: tuple[str, ...] = ("year", "H1", "H2", "Q1", "Q2", "Q3", "Q4") + tuple(f"M{m:02d}" for m in range(1, 13))
MAX_TEXT = 2000

# Header spellings accepted for each column (compared after normalize + casefold, spaces and
# underscores removed).
_KPI_ALIASES: dict[str, tuple[str, ...]] = {
    "kpi_code": ("kpi_code", "kpi", "code", "รหัสตัวชี้วัด", "ตัวชี้วัด"),
    "fiscal_year_be": ("fiscal_year_be", "fiscal_year", "year", "ปีงบประมาณ", "ปี", "ปีพ.ศ."),
    "period": ("period", "ช่วงเวลา", "งวด"),
    "value": ("value", "result", "ค่า", "ผลการดำเนินงาน", "ผลการดำเนินการ"),
    "target": ("target", "ค่าเป้าหมาย", "เป้าหมาย"),
    "unit": ("unit", "หน่วย", "หน่วยวัด", "หน่วยนับ"),
    "note": ("note", "หมายเหตุ"),
    "source": ("source", "แหล่งข้อมูล", "ที่มา"),
    "certainty": ("certainty", "ความน่าเชื่อถือ", "สถานะข้อมูล"),
}
_PROJECT_ALIASES: dict[str, tuple[str, ...]] = {
    "project": ("project", "project_name", "รหัสโครงการ", "โครงการ"),
    "fiscal_year_be": _KPI_ALIASES["fiscal_year_be"],
    "budget_baht": ("budget_baht", "budget", "งบประมาณ", "งบประมาณ(บาท)"),
    "status": ("status", "สถานะ", "สถานะโครงการ"),
    "progress_percent": ("progress_percent", "progress", "ความก้าวหน้า", "ความก้าวหน้า(ร้อยละ)", "ร้อยละความก้าวหน้า"),
    "note": _KPI_ALIASES["note"],
    "source": _KPI_ALIASES["source"],
    "certainty": _KPI_ALIASES["certainty"],
}
_STATUS_ALIASES: dict[str, str] = {
    "planned": "planned", "วางแผน": "planned", "อยู่ระหว่างวางแผน": "planned", "ยังไม่เริ่ม": "planned",
    "ongoing": "ongoing", "ดำเนินการ": "ongoing", "อยู่ระหว่างดำเนินการ": "ongoing", "กำลังดำเนินการ": "ongoing",
    "completed": "completed", "เสร็จสิ้น": "completed", "แล้วเสร็จ": "completed", "ดำเนินการแล้วเสร็จ": "completed",
    "cancelled": "cancelled", "canceled": "cancelled", "ยกเลิก": "cancelled",
}
_PERIOD_ALIASES: dict[str, str] = {
    "": "year", "year": "year", "annual": "year", "fy": "year", "ปี": "year", "ทั้งปี": "year", "รายปี": "year",
    "h1": "H1", "ครึ่งปีแรก": "H1", "h2": "H2", "ครึ่งปีหลัง": "H2",
    **{f"q{q}": f"Q{q}" for q in range(1, 5)},
    **{f"ไตรมาส{q}": f"Q{q}" for q in range(1, 5)},
    **{f"ไตรมาสที่{q}": f"Q{q}" for q in range(1, 5)},
    **{f"m{m:02d}": f"M{m:02d}" for m in range(1, 13)},
    **{f"m{m}": f"M{m:02d}" for m in range(1, 10)},
}
_PERCENT_UNIT_RE = re.compile(r"%|ร้อยละ|percent|เปอร์เซ็นต์")
#: Largest magnitude of any imported number: far past any real KPI or budget, well inside what
#: charts, sums and spreadsheets handle exactly enough (``1e308`` would overflow a sum).
MAX_NUMBER = 1e15
#: Largest budget in baht: 10 ล้านล้านบาท, about three times Thailand's whole annual budget.
MAX_BUDGET_BAHT = 1e13
_RANGE_IN_UNIT_RE = re.compile(r"(\d+(?:\.\d+)?)\s*[-–—]\s*(\d+(?:\.\d+)?)")
_RANK_OF_RE = re.compile(r"(?:จาก|of)\s*(\d+)")
#: (pattern of the unit, low, high), first match wins; a unit matching none gets ±MAX_NUMBER.
_UNIT_RANGES: tuple[tuple[re.Pattern[str], float, float], ...] = (
    (re.compile(r"อันดับ|rank"), 1, 100_000),
    (re.compile(r"บาท|baht|thb|฿"), 0, MAX_BUDGET_BAHT),
    (re.compile(r"คะแนน|ดัชนี|score|index|point"), 0, 1_000_000),
    (re.compile(r"จำนวน|ครั้ง|คน|ราย|แห่ง|หน่วยงาน|ระบบ|บริการ|ชุดข้อมูล|count|number"), 0, 1e12),
)


class ImportFileError(ThaiInputError):
    """The file as a whole cannot be used (too large, unreadable, wrong columns)."""


@dataclass(frozen=True)
class RowError:
    """A problem in one cell: spreadsheet ``row`` (header = 1), ``column`` as written in the file."""

    row: int
    column: str
    th: str
    en: str

    def message(self) -> str:
        """``แถว 5 คอลัมน์ value: ... / Row 5, column value: ...``."""
        return f"แถว {self.row} คอลัมน์ {self.column}: {self.th} / Row {self.row}, column {self.column}: {self.en}"

    def to_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "th": self.th, "en": self.en, "message": self.message()}


def _header_key(text: str) -> str:
    return re.sub(r"[\s_]+", "", normalize(str(text)).casefold())


def is_percent_unit(unit: Optional[str]) -> bool:
    """Whether a unit means a percentage (``ร้อยละ``, ``%``, ``percent``)."""
    return bool(unit) and bool(_PERCENT_UNIT_RE.search(str(unit).casefold()))


def unit_range(unit: Optional[str]) -> tuple[float, float]:
    """The values a KPI in ``unit`` can take: ``(low, high)``, both inclusive.

    Percentages 0-100; a range written in the unit (``ดัชนี 0-1``, ``คะแนน 0-100``) is that range;
    ranks 1 or more (at most N for ``อันดับ (จาก 193 ประเทศ)`` / ``rank (of 193)``); baht 0 to
    :data:`MAX_BUDGET_BAHT`; scores, indexes and counts 0 or more; anything else within
    ±:data:`MAX_NUMBER`.
    """
    text = normalize(str(unit or "")).casefold()
    if is_percent_unit(text):
        return 0.0, 100.0
    explicit = _RANGE_IN_UNIT_RE.search(text)
    if explicit and float(explicit.group(1)) < float(explicit.group(2)):
        return float(explicit.group(1)), float(explicit.group(2))
    for pattern, low, high in _UNIT_RANGES:
        if pattern.search(text):
            if low == 1 and (of := _RANK_OF_RE.search(text)):
                high = max(1, int(of.group(1)))
            return float(low), float(high)
    return -MAX_NUMBER, MAX_NUMBER


def _number_text(number: float) -> str:
    return f"{number:,.0f}" if float(number).is_integer() and abs(number) < 1e16 else f"{number:g}"


def parse_period(value: str) -> str:
    """``ไตรมาส 1`` / ``q1`` -> ``Q1``; empty -> ``year``. Raises :class:`ThaiInputError`."""
    key = _header_key(value)
    period = _PERIOD_ALIASES.get(key)
    if period is None:
        raise ThaiInputError(
            f'ช่วงเวลา "{value}" ไม่ถูกต้อง ใช้ year, Q1-Q4, H1, H2 หรือ M01-M12',
            f'Invalid period "{value}": use year, Q1-Q4, H1, H2 or M01-M12',
        )
    return period


def neutralize_formula(text: str) -> str:
    """Text a spreadsheet would run as a formula, made inert: ``=1+1`` -> ``'=1+1``.

    Imported text (note, source, unit) is stored this way, so that every way out of the
    DataStore (``/datastore/dump``, ``datastore_search`` into Power Query, copies) is safe, not
    only dgplan's own downloads. A lone ``-`` (a common "nothing" in Thai spreadsheets) is not a
    formula and stays as it is.
    """
    if text.startswith(_FORMULA_PREFIXES) and text != "-":
        return "'" + text
    return text


# ------------------------------------------------------------------------------------------
# Reading
# ------------------------------------------------------------------------------------------


def _decode(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        first_bad = err.start
    # A UTF-8 file with a few broken bytes must not be read as TIS-620 (every Thai letter would
    # silently become mojibake): TIS-620 Thai text decodes as UTF-8 into almost nothing but
    # replacement characters, a UTF-8 file mostly into real letters.
    loose = data.decode("utf-8", errors="replace")
    broken = loose.count("\ufffd")
    good = sum(1 for ch in loose if ord(ch) > 0x7F and ch != "\ufffd")
    if good > broken:
        line = data[:first_bad].count(b"\n") + 1
        raise ImportFileError(
            f"ไฟล์ CSV มีอักขระที่ไม่ใช่ UTF-8 ที่ถูกต้อง (บรรทัด {line}, ไบต์ที่ {first_bad + 1}) "
            "โปรดบันทึกไฟล์ใหม่เป็น CSV UTF-8",
            f"The CSV file is not valid UTF-8 (line {line}, byte {first_bad + 1}): save it again as CSV UTF-8",
        )
    try:
        # cp874 is Windows' superset of TIS-620: the same Thai letters plus a few punctuation marks.
        return data.decode("cp874")
    except UnicodeDecodeError as err:
        raise ImportFileError(
            "อ่านไฟล์ CSV ไม่ได้ ต้องเข้ารหัสเป็น UTF-8 หรือ TIS-620/Windows-874",
            "Cannot read the CSV file: it must be encoded in UTF-8 or TIS-620/Windows-874",
        ) from err


def _too_many_rows(max_rows: int) -> ImportFileError:
    return ImportFileError(
        f"ไฟล์มีข้อมูลเกิน {max_rows:,} แถว ซึ่งเป็นจำนวนสูงสุดที่นำเข้าได้ต่อครั้ง (ckanext.dgplan.import.max_rows) "
        "โปรดแบ่งเป็นหลายไฟล์",
        f"The file has more than {max_rows:,} data rows, the most one import accepts "
        "(ckanext.dgplan.import.max_rows): split it into several files",
    )


def _too_many_cells(max_cells: int) -> ImportFileError:
    return ImportFileError(
        f"ไฟล์มีเซลล์เกิน {max_cells:,} เซลล์ ซึ่งเป็นจำนวนสูงสุดที่นำเข้าได้ต่อครั้ง (ckanext.dgplan.import.max_cells) "
        "โปรดลบคอลัมน์และแถวที่ไม่ใช้หรือแบ่งเป็นหลายไฟล์",
        f"The file has more than {max_cells:,} cells, the most one import accepts "
        "(ckanext.dgplan.import.max_cells): remove unused columns and rows or split it into several files",
    )


def _check_zip(data: bytes, max_unpacked_bytes: Optional[int]) -> None:
    """Refuse a damaged XLSX, or one whose members unpack to more than ``max_unpacked_bytes``.

    The sizes are those the zip directory declares; Python's zipfile never inflates a member
    past its declared size, so a member lying about it cannot unpack to more either.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError) as err:
        raise ImportFileError(
            "ไฟล์ XLSX เสียหายหรือไม่ครบ (อาจดาวน์โหลดหรือคัดลอกมาไม่สมบูรณ์) โปรดบันทึกจากโปรแกรมตารางคำนวณใหม่",
            "The XLSX file is damaged or incomplete (perhaps cut short while copying): save it again "
            "from the spreadsheet program",
        ) from err
    unpacked = sum(max(m.file_size, 0) for m in members)
    if max_unpacked_bytes is not None and unpacked > max_unpacked_bytes:
        limit_mb = max_unpacked_bytes / (1024 * 1024)
        raise ImportFileError(
            f"ไฟล์ XLSX เมื่อแตกไฟล์มีขนาด {unpacked:,} ไบต์ เกินกว่าที่รับได้ ({limit_mb:g} MB, "
            "ckanext.dgplan.import.max_unpacked_mb) โปรดลบแผ่นงานหรือแถวที่ไม่ใช้หรือแบ่งเป็นหลายไฟล์",
            f"The XLSX file unpacks to {unpacked:,} bytes, more than the {limit_mb:g} MB allowed "
            "(ckanext.dgplan.import.max_unpacked_mb): remove unused sheets or rows or split it into several files",
        )


def _cell_text(value: Any) -> str:
    """A cell as text, the way pandas' ``dtype=str`` gave it (``2567.0`` -> ``"2567"``)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            return str(value)
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)


def _xlsx_rows(data: bytes) -> Iterator[list[str]]:
    """Rows of the first worksheet, streamed straight from its XML.

    openpyxl's parts are used (workbook, shared strings, styles for dates, the cell parser),
    but not its read-only worksheet: that one scans the whole sheet for its size when the file
    has no ``<dimension>`` (the 200,000-row bench file: 7 s before the first row). Cached values
    of formula cells are read, never the formulas.
    """
    from openpyxl.reader.excel import ExcelReader
    from openpyxl.styles.stylesheet import apply_stylesheet
    from openpyxl.worksheet._reader import WorkSheetParser

    reader = ExcelReader(io.BytesIO(data), read_only=True, data_only=True)
    try:
        reader.read_manifest()
        reader.read_strings()
        reader.read_workbook()
        apply_stylesheet(reader.archive, reader.wb)
        sheets = [rel for _, rel in reader.parser.find_sheets()
                  if rel.target in reader.valid_files and "chartsheet" not in rel.Type]
        if not sheets:
            return
        wb = reader.wb
        with reader.archive.open(sheets[0].target) as src:
            parser = WorkSheetParser(src, reader.shared_strings, data_only=True, epoch=wb.epoch,
                                     date_formats=wb._date_formats,  # type: ignore[attr-defined]
                                     timedelta_formats=wb._timedelta_formats)  # type: ignore[attr-defined]
            expected = 1
            for number, cells in parser.parse():
                while expected < number:  # rows absent from the XML are empty rows
                    yield []
                    expected += 1
                expected = number + 1
                row: list[str] = []
                for cell in cells:
                    column = int(cell["column"])
                    if column > len(row):
                        row.extend([""] * (column - len(row)))
                    row[column - 1] = _cell_text(cell["value"])
                yield row
    finally:
        reader.archive.close()


def _csv_rows(data: bytes) -> Iterator[list[str]]:
    if b"\x00" in data:  # no text encoding we accept has NUL bytes: this is some binary file
        raise ImportFileError(
            "ไฟล์ไม่ใช่ไฟล์ CSV หรือ XLSX (มีข้อมูลไบนารี)",
            "The file is not a CSV or XLSX file (it contains binary data)",
        )
    text = _decode(data)
    yield from csv.reader(io.StringIO(text, newline=""), skipinitialspace=True)


def _collect(rows: Iterable[list[str]], max_rows: Optional[int],
             max_cells: Optional[int]) -> tuple[list[str], list[list[str]], list[int]]:
    """Header, data rows (blank rows left out) and their spreadsheet row numbers, within the limits.

    Reading stops as soon as a limit is passed, so an oversized file costs no more than the
    limit's worth of rows. Blank rows count as cells (one at least), so a file of a million
    empty rows is stopped as well.
    """
    header: Optional[list[str]] = None
    out: list[list[str]] = []
    numbers: list[int] = []
    cells = 0
    for number, row in enumerate(rows, start=1):
        cells += max(len(row), 1)
        if max_cells is not None and cells > max_cells:
            raise _too_many_cells(max_cells)
        if header is None:
            if any(str(v).strip() for v in row):
                header = [str(v).strip() for v in row]
            continue
        if not any(str(v).strip() for v in row):
            continue  # rows left empty (common at the end of spreadsheets) are not data
        if max_rows is not None and len(out) >= max_rows:
            raise _too_many_rows(max_rows)
        out.append(list(row))
        numbers.append(number)
    if header is None:
        raise ImportFileError("ไฟล์ว่างเปล่า ไม่มีหัวตารางและข้อมูล", "The file is empty: no header and no data")
    return header, out, numbers


def read_table(data: bytes, filename: str = "", max_bytes: Optional[int] = None, max_rows: Optional[int] = None,
               max_cells: Optional[int] = None, max_unpacked_bytes: Optional[int] = None) -> pd.DataFrame:
    """Read an import file into a DataFrame of strings (empty cells are ``""``).

    XLSX is recognised by its content (a ZIP file) or its ``.xlsx`` name; anything else is CSV.
    The frame's index is the spreadsheet row number minus 2 (the header is row 1), so errors
    name the row the user sees. Both formats are streamed: reading stops at ``max_rows`` data
    rows or ``max_cells`` cells; an XLSX is refused before reading when its members unpack to
    more than ``max_unpacked_bytes``.

    :raises ImportFileError: too large, unreadable, or no rows.
    """
    if max_bytes is not None and len(data) > max_bytes:
        size_mb = max_bytes / (1024 * 1024)
        raise ImportFileError(
            f"ไฟล์มีขนาด {len(data):,} ไบต์ ใหญ่เกินกว่าที่รับได้ ({size_mb:g} MB)",
            f"The file is {len(data):,} bytes, larger than the {size_mb:g} MB allowed",
        )
    if not data.strip():
        raise ImportFileError("ไฟล์ว่างเปล่า ไม่มีหัวตารางและข้อมูล", "The file is empty: no header and no data")
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise ImportFileError(
            "ไฟล์ Excel รุ่นเก่า (.xls) ใช้ไม่ได้ โปรดบันทึกเป็น XLSX หรือ CSV",
            "Old Excel files (.xls) are not accepted: save the file as XLSX or CSV",
        )
    is_xlsx = data[:4] == b"PK\x03\x04" or filename.lower().endswith(".xlsx")
    kind = "XLSX" if is_xlsx else "CSV"
    try:
        if is_xlsx:
            _check_zip(data, max_unpacked_bytes)
            source: Iterable[list[str]] = _xlsx_rows(data)
        else:
            source = _csv_rows(data)
        header, rows, numbers = _collect(source, max_rows, max_cells)
    except ImportFileError:
        raise
    except Exception as err:  # csv/openpyxl/zipfile raise many kinds; all mean "unreadable"
        detail = str(err)[:200]
        raise ImportFileError(f"อ่านไฟล์ {kind} ไม่ได้: {detail}", f"Cannot read the {kind} file: {detail}") from err
    # Cells past the header's last named column: trailing empty ones are dropped, others get
    # pandas' "Unnamed: n" name, which the column check then reports.
    while header and not header[-1]:
        header.pop()
    width = len(header)
    for row in rows:
        while len(row) > width and not str(row[-1]).strip():
            row.pop()
        width = max(width, len(row))
    columns = [(header[i] if i < len(header) and header[i] else f"Unnamed: {i}") for i in range(width)]
    if not rows:
        raise ImportFileError("ไฟล์มีแต่หัวตาราง ไม่มีแถวข้อมูล", "The file has a header but no data rows")
    padded = [[str(v) for v in row] + [""] * (width - len(row)) for row in rows]
    return pd.DataFrame(padded, columns=columns, index=[n - 2 for n in numbers], dtype=str)


def _map_columns(frame: pd.DataFrame, aliases: Mapping[str, Sequence[str]],
                 required: Sequence[str]) -> dict[str, str]:
    """``{field: column as written}``; raises :class:`ImportFileError` listing every header problem."""
    lookup = {_header_key(alias): name for name, names in aliases.items() for alias in names}
    mapping: dict[str, str] = {}
    problems_th: list[str] = []
    problems_en: list[str] = []
    for column in frame.columns:
        field = lookup.get(_header_key(column))
        if field is None:
            problems_th.append(f'ไม่รู้จักคอลัมน์ "{column}"')
            problems_en.append(f'unknown column "{column}"')
        elif field in mapping:
            problems_th.append(f'คอลัมน์ "{column}" ซ้ำกับ "{mapping[field]}"')
            problems_en.append(f'column "{column}" repeats "{mapping[field]}"')
        else:
            mapping[field] = str(column)
    for field in required:
        if field not in mapping:
            problems_th.append(f'ไม่มีคอลัมน์ "{field}" ซึ่งต้องมี')
            problems_en.append(f'the required column "{field}" is missing')
    if problems_en:
        known = ", ".join(aliases)
        raise ImportFileError(
            "หัวตาราง (แถว 1) ไม่ถูกต้อง: " + "; ".join(problems_th) + f" (คอลัมน์ที่ใช้ได้: {known})",
            "Header (row 1) is invalid: " + "; ".join(problems_en) + f" (accepted columns: {known})",
        )
    return mapping


# ------------------------------------------------------------------------------------------
# Validation
# ------------------------------------------------------------------------------------------


class _Rows:
    """Walks a frame, collecting :class:`RowError` s with the file's own column names."""

    def __init__(self, frame: pd.DataFrame, mapping: Mapping[str, str]) -> None:
        self.frame = frame
        self.mapping = mapping
        self.errors: list[RowError] = []

    def __iter__(self) -> Iterator[tuple[int, dict[str, str]]]:
        for position, (_, raw) in enumerate(self.frame.iterrows()):
            # pandas drops the header and our empty-row filter keeps the original index, so use it.
            try:
                row_number = int(cast(Any, raw.name)) + 2
            except (TypeError, ValueError):
                row_number = position + 2
            yield row_number, {field: str(raw[column]).strip() for field, column in self.mapping.items()}

    def error(self, row: int, field: str, th: str, en: str) -> None:
        self.errors.append(RowError(row, self.mapping.get(field, field), th, en))

    def text(self, row: int, cells: Mapping[str, str], field: str) -> Optional[str]:
        value = normalize(cells.get(field, "")).strip()
        if len(value) > MAX_TEXT:
            self.error(row, field, f"ข้อความยาวเกิน {MAX_TEXT} ตัวอักษร", f"text longer than {MAX_TEXT} characters")
            return None
        return neutralize_formula(value) or None

    def year(self, row: int, cells: Mapping[str, str]) -> Optional[int]:
        raw = cells.get("fiscal_year_be", "")
        if not raw:
            self.error(row, "fiscal_year_be", "ต้องระบุปีงบประมาณ", "the fiscal year is required")
            return None
        try:
            year = parse_year(raw)
        except ThaiInputError as err:
            self.error(row, "fiscal_year_be", err.th, err.en)
            return None
        if not MIN_YEAR_BE <= year <= MAX_YEAR_BE:
            self.error(row, "fiscal_year_be", f"ปีงบประมาณ {year} อยู่นอกช่วง พ.ศ. {MIN_YEAR_BE}-{MAX_YEAR_BE}",
                       f"fiscal year {year} is outside B.E. {MIN_YEAR_BE}-{MAX_YEAR_BE}")
            return None
        return year

    def number(self, row: int, cells: Mapping[str, str], field: str, percent: bool = False) -> Optional[float]:
        raw = cells.get(field, "")
        if not raw:
            return None
        try:
            return parse_percent(raw) if percent else parse_number(raw)
        except ThaiInputError as err:
            self.error(row, field, err.th, err.en)
            return None

    def in_range(self, row: int, field: str, number: Optional[float], low: float, high: float,
                 what_th: str, what_en: str) -> Optional[float]:
        """``number`` if finite and within ``low``-``high``; else an error naming the range."""
        if number is None:
            return None
        if not math.isfinite(number) or not low <= number <= high:
            self.error(row, field,
                       f"ค่า {_number_text(number)} อยู่นอกช่วงที่รับได้ของ{what_th} "
                       f"({_number_text(low)} ถึง {_number_text(high)})",
                       f"{_number_text(number)} is outside the range allowed for {what_en} "
                       f"({_number_text(low)} to {_number_text(high)})")
            return None
        return number

    def certainty(self, row: int, cells: Mapping[str, str]) -> Optional[str]:
        raw = cells.get("certainty", "").strip().lower()
        if not raw:
            return None
        if raw not in CERTAINTIES:
            allowed = ", ".join(CERTAINTIES)
            self.error(row, "certainty", f'"{raw}" ไม่ใช่ค่าที่ใช้ได้ ({allowed})', f'"{raw}" is not one of {allowed}')
            return None
        return raw


def _check_duplicates(rows: _Rows, seen: dict[tuple, int], key: tuple, row: int, field: str) -> bool:
    first = seen.get(key)
    if first is not None:
        rows.error(row, field, f"ข้อมูลซ้ำกับแถว {first} (รหัส ปี และช่วงเวลาเดียวกัน)",
                   f"duplicates row {first} (same code, year and period)")
        return False
    seen[key] = row
    return True


def validate_kpi_rows(frame: pd.DataFrame, plan: Plan,
                      units: Optional[Mapping[str, str]] = None) -> tuple[list[dict[str, Any]], list[RowError]]:
    """Check every row of a KPI values file against ``plan``.

    ``units`` maps KPI code to its unit (from the KPI's dataset); a percentage unit makes values
    and targets 0-100. Returns ``(rows, errors)``; rows hold only the table's own fields (without
    ``reported_by``/``reported_at``, which the writer fills in) and are usable only if ``errors``
    is empty. :raises ImportFileError: when the header is wrong.
    """
    units = dict(units or {})
    mapping = _map_columns(frame, _KPI_ALIASES, ("kpi_code", "fiscal_year_be"))
    rows = _Rows(frame, mapping)
    plan_kpis = {kpi.code: kpi for kpi in plan.kpis}
    seen: dict[tuple, int] = {}
    result: list[dict[str, Any]] = []
    for row, cells in rows:
        code = cells.get("kpi_code", "").upper()
        kpi = plan_kpis.get(code)
        if not code:
            rows.error(row, "kpi_code", "ต้องระบุรหัสตัวชี้วัด", "the KPI code is required")
        elif kpi is None:
            valid = ", ".join(plan_kpis) or "-"
            rows.error(row, "kpi_code", f'ไม่พบรหัสตัวชี้วัด "{code}" ในแผน {plan.code} (รหัสที่ใช้ได้: {valid})',
                       f'unknown KPI code "{code}" in plan {plan.code} (valid codes: {valid})')
        year = rows.year(row, cells)
        try:
            period = parse_period(cells.get("period", ""))
        except ThaiInputError as err:
            rows.error(row, "period", err.th, err.en)
            period = None
        unit = rows.text(row, cells, "unit")
        default_unit = units.get(code) or (kpi.unit.get("th") if kpi else None)
        percent = is_percent_unit(unit or default_unit)
        value = rows.number(row, cells, "value", percent)
        target = rows.number(row, cells, "target", percent)
        low, high = unit_range(unit or default_unit)
        what_th, what_en = f'หน่วย "{unit or default_unit or "-"}"', f'the unit "{unit or default_unit or "-"}"'
        value = rows.in_range(row, "value", value, low, high, what_th, what_en)
        target = rows.in_range(row, "target", target, low, high, what_th, what_en)
        if not cells.get("value") and not cells.get("target"):
            rows.error(row, "value", "ต้องระบุค่าหรือค่าเป้าหมายอย่างน้อยหนึ่งค่า", "give a value, a target or both")
        record = {
            "kpi_code": code,
            "fiscal_year_be": year,
            "period": period,
            "value": value,
            "target": target,
            "unit": neutralize_formula(unit_text) if (unit_text := unit or default_unit) else None,
            "note": rows.text(row, cells, "note"),
            "source": rows.text(row, cells, "source"),
            "certainty": rows.certainty(row, cells),
            "_row": row,
        }
        if kpi is not None and year is not None and period is not None:
            _check_duplicates(rows, seen, (code, year, period), row, "fiscal_year_be")
        result.append(record)
    return result, rows.errors


def validate_project_rows(frame: pd.DataFrame, projects: Iterable[str]) -> tuple[list[dict[str, Any]], list[RowError]]:
    """Check every row of a project budget file; ``projects`` are the project names that exist.

    Budgets are in baht (``5,523,911,000``, ``5,523.911 ล้านบาท``, Thai digits); progress is a
    percentage 0-100; status is a code of :data:`PROJECT_STATUSES` or its Thai name.
    """
    known = set(projects)
    mapping = _map_columns(frame, _PROJECT_ALIASES, ("project", "fiscal_year_be"))
    rows = _Rows(frame, mapping)
    seen: dict[tuple, int] = {}
    result: list[dict[str, Any]] = []
    for row, cells in rows:
        name = cells.get("project", "").strip().lower()
        if not name:
            rows.error(row, "project", "ต้องระบุรหัสโครงการ (ชื่อชุดข้อมูลโครงการ)", "the project (dataset name) is required")
        elif name not in known:
            rows.error(row, "project", f'ไม่พบโครงการ "{name}" หรือไม่มีสิทธิ์แก้ไข',
                       f'project "{name}" not found, or you may not edit it')
        year = rows.year(row, cells)
        budget = rows.number(row, cells, "budget_baht")
        if budget is not None and budget < 0:
            rows.error(row, "budget_baht", "งบประมาณต้องไม่ติดลบ", "the budget cannot be negative")
            budget = None
        budget = rows.in_range(row, "budget_baht", budget, 0, MAX_BUDGET_BAHT, "งบประมาณ (บาท)", "a budget in baht")
        status_raw = _header_key(cells.get("status", ""))
        status = _STATUS_ALIASES.get(status_raw) if status_raw else None
        if status_raw and status is None:
            allowed = ", ".join(PROJECT_STATUSES)
            rows.error(row, "status", f'สถานะ "{cells.get("status")}" ไม่ถูกต้อง ({allowed})',
                       f'invalid status "{cells.get("status")}" (use {allowed})')
        record = {
            "project": name,
            "fiscal_year_be": year,
            "budget_baht": budget,
            "status": status,
            "progress_percent": rows.number(row, cells, "progress_percent", percent=True),
            "note": rows.text(row, cells, "note"),
            "source": rows.text(row, cells, "source"),
            "certainty": rows.certainty(row, cells),
            "_row": row,
        }
        if name and year is not None:
            key = (name, year)
            first = seen.get(key)
            if first is not None:
                rows.error(row, "fiscal_year_be", f"ข้อมูลซ้ำกับแถว {first} (โครงการและปีเดียวกัน)",
                           f"duplicates row {first} (same project and year)")
            else:
                seen[key] = row
        result.append(record)
    return result, rows.errors


# ------------------------------------------------------------------------------------------
# Comparison with what is stored
# ------------------------------------------------------------------------------------------


def row_key(row: Mapping[str, Any], key: Sequence[str]) -> tuple:
    """The primary key of ``row`` with years as ``int`` (DataStore returns them as ``int``)."""
    return tuple(int(row[k]) if k == "fiscal_year_be" and row.get(k) is not None else row.get(k) for k in key)


def _same(a: Any, b: Any) -> bool:
    if a in (None, "") and b in (None, ""):
        return True
    if a in (None, "") or b in (None, ""):
        return False
    if isinstance(a, (int, float)) or isinstance(b, (int, float)):
        try:
            return math.isclose(float(a), float(b), rel_tol=1e-12, abs_tol=1e-12)
        except (TypeError, ValueError):
            return False
    return str(a) == str(b)


def changed_rows(stored: Iterable[Mapping[str, Any]], incoming: Iterable[Mapping[str, Any]],
                 key: Sequence[str], compare: Sequence[str]) -> tuple[list[dict[str, Any]], int, int]:
    """Rows of ``incoming`` that are new or differ from ``stored`` in a ``compare`` field.

    Returns ``(rows, inserted, updated)``. Rows equal to what is stored are left out, so writing
    the result of a second identical import writes nothing.
    """
    existing = {row_key(row, key): row for row in stored}
    out: list[dict[str, Any]] = []
    inserted = updated = 0
    for row in incoming:
        old = existing.get(row_key(row, key))
        if old is None:
            inserted += 1
        elif all(_same(row.get(f), old.get(f)) for f in compare):
            continue
        else:
            updated += 1
        out.append(dict(row))
    return out, inserted, updated

"""Whether the first sheet of an XLSX file can become a table, decided before anything is written.

ckanext-xloader reads spreadsheets with tabulator and openpyxl: the first sheet, formulas as their
cached values (``data_only``), merged cells as one value in the top-left cell and blanks elsewhere.
Three things then go wrong without a word, or after minutes: a sheet that unpacks to millions of cells
(a small zip can hold a huge sheet), formulas a program wrote without computing them (no cached value:
empty cells), and merged cells (blank cells where a reader sees a value). This reads the zip's
directory and streams the first sheet's XML once (no openpyxl, constant memory), and names each
problem in Thai and English; it also gives the sheet's name, which the table should keep.
"""
from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from xml.sax.saxutils import unescape

from .tablecheck import TableFileError

__all__ = ["SheetInfo", "check_xlsx_file", "is_xlsx"]

_SHEET = re.compile(rb"<sheet\b[^>]*>")
_ATTR = {name: re.compile(rb"\b" + name + rb'="([^"]*)"') for name in (b"name", b"r:id", b"Id", b"Target")}
_REL = re.compile(rb'<Relationship\b[^>]*>')
_DIMENSION = re.compile(rb'<dimension\b[^>]*\bref="[A-Z]+[0-9]+:([A-Z]+)([0-9]+)"')
_CELL = re.compile(rb"<c[ >]")
# A formula followed by the end of its cell, or by an empty value: no computed value was written.
_FORMULA_NO_VALUE = re.compile(rb"(?:<f\b[^>]*/>|<f\b[^>]*>[^<]*</f>)\s*(?:<v\s*/>|<v>\s*</v>)?\s*</c>")
_FORMULA = re.compile(rb"<f[ >/]")
_MERGE = re.compile(rb'<mergeCell\b[^>]*\bref="([A-Z]+[0-9]+:[A-Z]+[0-9]+)"')
_CHUNK = 1 << 20


@dataclass(frozen=True)
class SheetInfo:
    """The first sheet: its ``name``, its ``cells``, and formulas that carried a computed value."""

    name: str
    cells: int
    formulas: int


def is_xlsx(path: str) -> bool:
    """Whether ``path`` is an XLSX workbook (a zip with ``xl/workbook.xml``; ODS and others are not)."""
    try:
        with zipfile.ZipFile(path) as book:
            return "xl/workbook.xml" in book.namelist()
    except (zipfile.BadZipFile, OSError):
        return False


def _column_number(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


def _first_sheet(book: zipfile.ZipFile) -> tuple[str, str]:
    workbook = book.read("xl/workbook.xml")
    sheet = _SHEET.search(workbook)
    name = sheet and _ATTR[b"name"].search(sheet.group(0))
    if not sheet or not name:
        raise TableFileError("ไม่พบแผ่นงานในไฟล์ Excel", "The Excel file has no sheet")
    rid = _ATTR[b"r:id"].search(sheet.group(0))
    target = "xl/worksheets/sheet1.xml"
    try:
        rels = book.read("xl/_rels/workbook.xml.rels")
    except KeyError:
        rels = b""
    for rel in _REL.findall(rels):
        rel_id, rel_target = _ATTR[b"Id"].search(rel), _ATTR[b"Target"].search(rel)
        if rid and rel_id and rel_target and rel_id.group(1) == rid.group(1):
            path = rel_target.group(1).decode()
            target = path.lstrip("/") if path.startswith("/") else "xl/" + path
    return unescape(name.group(1).decode("utf-8"), {"&quot;": '"', "&apos;": "'"}), target


def check_xlsx_file(path: str, max_cells: int) -> SheetInfo:
    """Check the first sheet of the XLSX file at ``path``; raise :class:`TableFileError` when it has
    more than ``max_cells`` cells, formulas without computed values, or merged cells."""
    try:
        book = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as err:
        raise TableFileError("ไฟล์ Excel เสียหรือไม่ใช่ไฟล์ .xlsx", "The file is not a valid .xlsx workbook") from err
    with book:
        try:
            name, target = _first_sheet(book)
            info = book.getinfo(target)
        except KeyError as err:
            raise TableFileError("ไฟล์ Excel เสียหรือไม่ใช่ไฟล์ .xlsx",
                                 "The file is not a valid .xlsx workbook") from err
        cells = formulas = 0
        merged: list[str] = []
        with book.open(info) as fh:
            tail = b""
            first = True
            while True:
                chunk = fh.read(_CHUNK)
                if first:
                    first = False
                    dimension = _DIMENSION.search(chunk)
                    if dimension:
                        declared = _column_number(dimension.group(1)) * int(dimension.group(2))
                        if declared > max_cells:
                            _too_many(name, declared, max_cells)
                data = tail + chunk
                # Scan up to the end of the last whole cell; the rest waits for the next chunk.
                cut = data.rfind(b"</c>") + 4 if chunk else len(data)
                if cut < 4 and len(data) > 8 * _CHUNK:
                    cut = len(data)
                part, tail = data[:max(cut, 0)], data[max(cut, 0):]
                cells += len(_CELL.findall(part))
                if cells > max_cells:
                    _too_many(name, cells, max_cells)
                if _FORMULA_NO_VALUE.search(part):
                    raise TableFileError(
                        f"แผ่นงาน “{name}” มีสูตรที่ยังไม่ได้คำนวณค่า: เปิดไฟล์ใน Excel หรือ LibreOffice แล้วบันทึกใหม่",
                        f"Sheet “{name}” has formulas without computed values: open the file in Excel or "
                        "LibreOffice and save it again")
                formulas += len(_FORMULA.findall(part))
                merged += [m.decode() for m in _MERGE.findall(part)]
                if not chunk:
                    break
        if merged:
            shown = ", ".join(merged[:3]) + (" …" if len(merged) > 3 else "")
            raise TableFileError(
                f"แผ่นงาน “{name}” มีเซลล์ที่ผสานไว้ ({shown}): ยกเลิกการผสานเซลล์ ให้ทุกแถวมีค่าของตัวเอง แล้วอัปโหลดใหม่",
                f"Sheet “{name}” has merged cells ({shown}): unmerge them so that every row has its own "
                "values, then upload again")
        return SheetInfo(name=name, cells=cells, formulas=formulas)


def _too_many(name: str, cells: int, max_cells: int) -> None:
    raise TableFileError(
        f"แผ่นงาน “{name}” มี {cells:,} เซลล์ เกินกว่าที่นำเข้าได้ ({max_cells:,} เซลล์): แบ่งเป็นหลายไฟล์ หรือบันทึกเป็น CSV",
        f"Sheet “{name}” has {cells:,} cells, more than can be loaded ({max_cells:,}): split it or save it as CSV")

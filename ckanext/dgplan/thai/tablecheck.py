"""Whether a CSV file can become a table, decided before anything is written.

ckanext-xloader empties or drops a resource's DataStore table before it copies the new file in, and
finds most problems of the file only while copying: a bad file then leaves no table, or half of one,
and an English PostgreSQL message. Reading the whole file first (in its decided encoding, streaming,
with Python's C csv reader) finds the usual problems of files from agencies while the previous table
is still in place, and names them in Thai and English:

- an empty file, or one with only blank lines;
- bytes that are not text (NUL bytes or many control characters: a binary file named ``.csv``);
- a header row and no data rows;
- a row with more filled cells than the header has columns (a comma inside an unquoted value),
  with the line number;
- a file that is mostly UTF-8 with broken bytes, with the line of the first one.
"""
from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator

__all__ = ["TableFileError", "check_csv_file", "csv_delimiter"]

_DELIMITERS = (",", "\t", ";", "|")


class TableFileError(ValueError):
    """A file that cannot become a table; the message in Thai and in English."""

    def __init__(self, th: str, en: str) -> None:
        super().__init__(f"{th} / {en}")
        self.th = th
        self.en = en


def _lines(path: str, encoding: str) -> Iterator[str]:
    with open(path, encoding=encoding, errors="strict", newline="") as fh:
        yield from fh


def _delimiter(header_line: str) -> str:
    return max(_DELIMITERS, key=header_line.count) if any(d in header_line for d in _DELIMITERS) else ","


def csv_delimiter(path: str, encoding: str) -> str:
    """The delimiter of the CSV at ``path``, guessed from its first line as :func:`check_csv_file` does."""
    with open(path, encoding=encoding, errors="replace", newline="") as fh:
        return _delimiter(fh.readline())


def check_csv_file(path: str, encoding: str) -> int:
    """Raise :class:`TableFileError` if the CSV at ``path`` cannot become a table; else the number of
    data rows. ``encoding`` is the one decided for the file (:mod:`ckanext.dgplan.thai.encoding`)."""
    with open(path, "rb") as fh:
        head = fh.read(65536)
    if not head.strip():
        return _empty()
    if encoding not in ("utf-16",) and b"\x00" in head:
        raise TableFileError("ไฟล์นี้ไม่ใช่ไฟล์ข้อความ CSV (พบไบต์ศูนย์) โปรดตรวจสอบว่าอัปโหลดไฟล์ถูกต้อง",
                             "This file is not a CSV text file (it contains NUL bytes): check that the right "
                             "file was uploaded")
    line_no = 0
    try:
        lines = _lines(path, encoding)
        first = ""
        for first in lines:
            line_no += 1
            if first.strip().strip("\ufeff"):
                break
        else:
            return _empty()
        control = sum(1 for ch in first if ord(ch) < 32 and ch not in "\t\r\n")
        if control > max(2, len(first) // 20):
            raise TableFileError("ไฟล์นี้ไม่ใช่ไฟล์ข้อความ CSV (มีอักขระควบคุมจำนวนมาก)",
                                 "This file is not a CSV text file (it is full of control characters)")
        delimiter = _delimiter(first)
        header = next(csv.reader(io.StringIO(first), delimiter=delimiter))
        width = len(header)
        rows = 0
        reader = csv.reader(lines, delimiter=delimiter)
        for row in reader:
            if not any(cell.strip() for cell in row):
                continue
            rows += 1
            if len(row) > width and any(cell.strip() for cell in row[width:]):
                line = line_no + reader.line_num
                raise TableFileError(
                    f"แถวที่บรรทัด {line} มีค่ามากกว่าจำนวนคอลัมน์ในหัวตาราง ({width} คอลัมน์) "
                    "อาจมีเครื่องหมายจุลภาคในค่าที่ไม่ได้อยู่ในเครื่องหมายคำพูด",
                    f"The row on line {line} has more values than the {width} columns of the header: a value "
                    "probably contains a comma without double quotes around it")
    except UnicodeDecodeError as err:
        line = _first_bad_line(path, encoding)
        raise TableFileError(
            f"ไฟล์มีไบต์ที่อ่านเป็น {encoding} ไม่ได้ (บรรทัด {line}) "
            "โปรดบันทึกไฟล์ใหม่เป็น CSV UTF-8 หรือเลือกการเข้ารหัสของไฟล์ในแบบฟอร์มทรัพยากร",
            f"The file has bytes that are not valid {encoding} (line {line}): save it again as "
            "CSV UTF-8 or choose the file's encoding in the resource form") from err
    except csv.Error as err:
        raise TableFileError(f"อ่านไฟล์เป็นตาราง CSV ไม่ได้: {err}", f"The file cannot be read as a CSV table: {err}") \
            from err
    if not rows:
        raise TableFileError("ไฟล์มีแต่หัวตาราง ไม่มีแถวข้อมูล", "The file has a header row but no data rows")
    return rows


def _first_bad_line(path: str, encoding: str) -> int:
    """The line of the first byte that does not decode (text readers decode ahead in blocks)."""
    decoder = codecs.getincrementaldecoder(encoding)()
    lines = 1
    with open(path, "rb") as fh:
        while chunk := fh.read(65536):
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as err:
                return lines + chunk[:err.start].count(b"\n")
            lines += chunk.count(b"\n")
    return lines


def _empty() -> int:
    raise TableFileError("ไฟล์ว่างเปล่า ไม่มีหัวตารางหรือข้อมูล", "The file is empty: no header and no data")


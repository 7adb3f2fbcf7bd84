"""Thai dates: Buddhist Era years, Thai month names, fiscal years.

Thai government data writes dates in the Buddhist Era (พ.ศ. = C.E. + 543),
often with Thai month names or abbreviations and sometimes Thai digits, while
the rest of the stack (CKAN, Solr, ISO 8601) wants Gregorian dates. This
module parses what people actually type and formats dates back for display.
"""
from __future__ import annotations

import re
from datetime import date, datetime
from typing import Final

from .errors import ThaiDateError, shown
from .normalize import normalize, thai_digits_to_arabic

__all__ = [
    "BE_OFFSET",
    "MAX_YEAR_BE",
    "MIN_YEAR_BE",
    "THAI_MONTHS_LONG",
    "THAI_MONTHS_SHORT",
    "ENGLISH_MONTHS",
    "parse_date",
    "format_thai_date",
    "format_english_date",
    "to_be_year",
    "to_ce_year",
    "fiscal_year_be",
    "parse_year",
]

#: Buddhist Era year = Common Era year + 543.
BE_OFFSET: Final = 543
#: Plausible Buddhist-era years (C.E. 1857-2157), the bounds that plan files and KPI tables
#: accept. A 4-digit year at or above the lower bound is also taken as B.E. when no era is
#: written: C.E. 2400 is far in the future, B.E. 2400 is 1857.
MIN_YEAR_BE: Final = 2400
MAX_YEAR_BE: Final = 2700
_BE_THRESHOLD: Final = MIN_YEAR_BE

THAI_MONTHS_LONG: Final = (
    "มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
    "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม",
)
THAI_MONTHS_SHORT: Final = (
    "ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.",
    "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.",
)
ENGLISH_MONTHS: Final = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)


def _month_key(name: str) -> str:
    # Abbreviations are typed with, without, or with partial dots/spaces
    # ("ต.ค.", "ต.ค", "ตค", "ต. ค."), so compare with those removed.
    return re.sub(r"[.\s]", "", name).lower()


_THAI_MONTH_INDEX: dict[str, int] = {}
_ENGLISH_MONTH_INDEX: dict[str, int] = {}
for _i, (_long, _short, _en) in enumerate(zip(THAI_MONTHS_LONG, THAI_MONTHS_SHORT, ENGLISH_MONTHS, strict=True), 1):
    _THAI_MONTH_INDEX[_month_key(_long)] = _i
    _THAI_MONTH_INDEX[_month_key(_short)] = _i
    _ENGLISH_MONTH_INDEX[_en.lower()] = _i
    _ENGLISH_MONTH_INDEX[_en[:3].lower()] = _i
# Very common misspelling (ฏ for ฎ), and the 4-letter English abbreviation.
_THAI_MONTH_INDEX["กรกฏาคม"] = 7
_ENGLISH_MONTH_INDEX["sept"] = 9

_BE_MARK_RE = re.compile(r"พ\.\s*ศ\.?|พศ\.?|\bb\.\s*e\.?|\bbe\b")
_CE_MARK_RE = re.compile(r"ค\.\s*ศ\.?|คศ\.?|\ba\.\s*d\.?|\bc\.\s*e\.?|\bad\b|\bce\b")
_THAI_WEEKDAYS = "จันทร์|อังคาร|พุธ|พฤหัสบดี|พฤหัส|ศุกร์|เสาร์|อาทิตย์"
_PREFIX_RE = re.compile(
    rf"^(?:วัน(?:{_THAI_WEEKDAYS})?\s*(?:ที่)?\s*|ที่\s+"
    r"|(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)"
)
_FILLER_RE = re.compile(r"เดือน|ปี")

_ISO_RE = re.compile(
    r"(\d{4})-(\d{1,2})-(\d{1,2})"
    r"(?:[t ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:z|[+-]\d{2}:?\d{2})?)?"
)
_YMD_SLASH_RE = re.compile(r"(\d{4})/(\d{1,2})/(\d{1,2})")
_DMY_NUMERIC_RE = re.compile(r"(\d{1,2})([/.\-])(\d{1,2})\2(\d{2}|\d{4})")
_DMY_TEXT_RE = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?\s*[,-]?\s*([^\d,]+?)\s*[,-]?\s*(\d{2}|\d{4})")
_MDY_TEXT_RE = re.compile(r"([a-z]+)\.?\s*[-]?\s*(\d{1,2})(?:st|nd|rd|th)?\s*,?\s*(\d{4})")


def _date_error(value: object, th: str, en: str) -> ThaiDateError:
    quoted = shown(value)
    return ThaiDateError(f'วันที่ "{quoted}" ไม่ถูกต้อง: {th}', f'Invalid date "{quoted}": {en}')


def _detect_era(text: str) -> tuple[str, str | None]:
    """Remove B.E./C.E. markers; return (text, "be" | "ce" | None)."""
    be = _BE_MARK_RE.search(text) is not None
    ce = _CE_MARK_RE.search(text) is not None
    if be and ce:
        return text, "both"
    if be:
        text = _BE_MARK_RE.sub(" ", text)
    elif ce:
        text = _CE_MARK_RE.sub(" ", text)
    return re.sub(r"\s+", " ", text).strip(" ,"), ("be" if be else "ce" if ce else None)


def _ce_year(year_text: str, era: str | None, thai_context: bool, value: object) -> int:
    year = int(year_text)
    if len(year_text) == 2:
        # "1 ต.ค. 66" means 2566; "1 Oct 23" means 2023.
        if era == "be" or (era is None and thai_context):
            return year + 2500 - BE_OFFSET
        return year + 2000
    if era == "ce" and year >= _BE_THRESHOLD:
        raise _date_error(
            value,
            f"ค.ศ. {year_text} ไม่สมเหตุสมผล (เป็นปี พ.ศ. หรือไม่?)",
            f"C.E. year {year_text} is implausible (is it a B.E. year?)",
        )
    if era == "be" or (era is None and year >= _BE_THRESHOLD):
        year -= BE_OFFSET
    if year < 1:
        raise _date_error(value, f"ปี {year_text} ไม่ถูกต้อง", f"year {year_text} is not valid")
    return year


def _make_date(year: int, month: int, day: int, value: object) -> date:
    if not 1 <= month <= 12:
        raise _date_error(value, f"ไม่มีเดือนที่ {month}", f"there is no month {month}")
    try:
        return date(year, month, day)
    except ValueError:
        raise _date_error(
            value,
            f"ไม่มีวันที่ {day} {THAI_MONTHS_LONG[month - 1]} {year + BE_OFFSET} ในปฏิทิน",
            f"{day} {ENGLISH_MONTHS[month - 1]} {year} does not exist",
        ) from None


def parse_date(value: str | date | datetime) -> date:
    """Parse a date written the way Thai users write it; return a CE date.

    Accepted (Thai digits anywhere, optional ``วันที่``/weekday prefix):

    * ISO ``2023-10-01`` (a time part is ignored) and B.E. ISO
      ``2566-10-01``; also ``2023/10/01``;
    * day/month/year ``1/10/2566``, ``01/10/2023``, ``1.10.2566``,
      ``1-10-2566`` (a 2-digit year here only with an era marker);
    * Thai month names or abbreviations, with or without dots:
      ``1 ต.ค. 2566``, ``1 ตุลาคม 2566``, ``๑ ต.ค. ๒๕๖๖``, ``1 ต.ค. 66``
      (2-digit years are B.E. 25xx), optionally with ``พ.ศ.``;
    * English ``1 Oct 2023``, ``1 October 2023``, ``October 1, 2023``.

    A 4-digit year >= 2400 is B.E. unless ``ค.ศ.``/``A.D.``/``C.E.`` is
    written (then a year >= 2400 is refused as implausible); ``พ.ศ.``/``B.E.``
    forces B.E. :class:`date` and
    :class:`datetime` inputs are returned as a date.

    :raises ThaiDateError: empty, unrecognised or non-existent dates; the
        messages (Thai and English) quote the input.
    """
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        raise _date_error(value, "ต้องเป็นข้อความหรือวันที่", "expected text or a date")
    text = thai_digits_to_arabic(normalize(value)).lower()
    if not text:
        raise _date_error(value, "ไม่ได้ระบุวันที่", "no date given")
    text = _PREFIX_RE.sub("", text)
    text, era = _detect_era(text)
    if era == "both":
        raise _date_error(value, "ระบุทั้ง พ.ศ. และ ค.ศ.", "both B.E. and C.E. are given")
    text = _FILLER_RE.sub(" ", text)
    text = re.sub(r"\s+", " ", text).strip(" ,")

    if m := (_ISO_RE.fullmatch(text) or _YMD_SLASH_RE.fullmatch(text)):
        year = _ce_year(m.group(1), era, False, value)
        return _make_date(year, int(m.group(2)), int(m.group(3)), value)

    if m := _DMY_NUMERIC_RE.fullmatch(text):
        if len(m.group(4)) == 2 and era is None:
            raise _date_error(
                value,
                "ปีต้องเป็นตัวเลข 4 หลัก เช่น 1/10/2566 (ปี 2 หลักกำกวมระหว่าง พ.ศ. และ ค.ศ.)",
                "the year must have 4 digits, e.g. 1/10/2023 (a 2-digit year could be B.E. or C.E.)",
            )
        year = _ce_year(m.group(4), era, True, value)
        return _make_date(year, int(m.group(3)), int(m.group(1)), value)

    m = _DMY_TEXT_RE.fullmatch(text)
    day_text, month_text, year_text = (m.group(1), m.group(2), m.group(3)) if m else ("", "", "")
    if not m and (m := _MDY_TEXT_RE.fullmatch(text)):
        month_text, day_text, year_text = m.group(1), m.group(2), m.group(3)
    # "10/2023" or "1//2566" would match with a "month" of only punctuation.
    if m and any(ch.isalpha() for ch in month_text):
        key = _month_key(month_text)
        if key in _THAI_MONTH_INDEX:
            month, thai = _THAI_MONTH_INDEX[key], True
        elif key in _ENGLISH_MONTH_INDEX:
            month, thai = _ENGLISH_MONTH_INDEX[key], False
        else:
            raise _date_error(
                value, f'ไม่รู้จักชื่อเดือน "{shown(month_text)}"', f'unknown month name "{shown(month_text)}"'
            )
        year = _ce_year(year_text, era, thai, value)
        return _make_date(year, month, int(day_text), value)

    raise _date_error(
        value,
        "ไม่รู้จักรูปแบบวันที่ ใช้รูปแบบเช่น 2566-10-01, 1/10/2566 หรือ 1 ต.ค. 2566",
        "unrecognised date format; use e.g. 2023-10-01, 1/10/2023 or 1 Oct 2023",
    )


def _as_date(d: date | datetime | str) -> date:
    return parse_date(d)


def format_thai_date(d: date | datetime | str, style: str = "long", *, thai_digits: bool = False) -> str:
    """Format as a Thai B.E. date.

    ``style="long"`` → ``1 ตุลาคม 2566``; ``style="short"`` → ``1 ต.ค. 2566``.
    ``thai_digits=True`` writes ``๑ ตุลาคม ๒๕๖๖`` (formal documents).
    Strings are parsed with :func:`parse_date` first.
    """
    d = _as_date(d)
    if style == "long":
        month = THAI_MONTHS_LONG[d.month - 1]
    elif style == "short":
        month = THAI_MONTHS_SHORT[d.month - 1]
    else:
        raise ValueError(f'style must be "long" or "short", got {style!r}')
    text = f"{d.day} {month} {d.year + BE_OFFSET}"
    if thai_digits:
        text = text.translate(str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙"))
    return text


def format_english_date(d: date | datetime | str) -> str:
    """Format as ``1 October 2023`` (C.E.)."""
    d = _as_date(d)
    return f"{d.day} {ENGLISH_MONTHS[d.month - 1]} {d.year}"


def to_be_year(ce: int) -> int:
    """C.E. year → B.E. year (2023 → 2566)."""
    return int(ce) + BE_OFFSET


def to_ce_year(be: int) -> int:
    """B.E. year → C.E. year (2566 → 2023)."""
    return int(be) - BE_OFFSET


def fiscal_year_be(d: date | datetime | str) -> int:
    """Thai government fiscal year (ปีงบประมาณ, B.E.) containing ``d``.

    The fiscal year starts on 1 October and is named after the calendar year
    in which it ends: 2023-09-30 → 2566, 2023-10-01 → 2567.
    """
    d = _as_date(d)
    return to_be_year(d.year + 1 if d.month >= 10 else d.year)


_YEAR_THAI_PREFIX_RE = re.compile(r"^(?:ปีงบประมาณ|ปีงบฯ|ปีงบ\.?|ปี)\s*")
_YEAR_EN_PREFIX_RE = re.compile(r"^(?:fiscal\s+year|fy|year)\s*")


def _year_error(value: object, th: str, en: str) -> ThaiDateError:
    quoted = shown(value)
    return ThaiDateError(f'ปี "{quoted}" ไม่ถูกต้อง: {th}', f'Invalid year "{quoted}": {en}')


def parse_year(value: str | int | float) -> int:
    """Parse a year and return it in B.E.

    ``"2566"``, ``"๒๕๖๖"``, ``2566`` → 2566; ``"2023"``/``2023`` (C.E.) →
    2566; prefixes ``ปีงบประมาณ``/``ปีงบฯ``/``ปีงบ``/``ปี``/``พ.ศ.``/``ค.ศ.``/``FY``
    are understood (``"ปีงบประมาณ 2566"``, ``"พ.ศ. 2566"``, ``"ค.ศ. 2023"``).
    As in :func:`parse_date`, a 4-digit year >= 2400 without an era marker is
    B.E. A 2-digit year is accepted only after a Thai prefix
    (``"ปีงบ 66"`` → 2566).

    :raises ThaiDateError: on anything else (bilingual, quotes the input).
    """
    if isinstance(value, bool):
        raise _year_error(value, "ต้องเป็นตัวเลขปี", "expected a year")
    if isinstance(value, float):
        if not value.is_integer():
            raise _year_error(value, "ปีต้องเป็นจำนวนเต็ม", "a year must be a whole number")
        value = int(value)
    if isinstance(value, int):
        text = str(value)
    elif isinstance(value, str):
        text = thai_digits_to_arabic(normalize(value)).lower()
    else:
        raise _year_error(value, "ต้องเป็นตัวเลขปี", "expected a year")
    if not text:
        raise _year_error(value, "ไม่ได้ระบุปี", "no year given")

    text, era = _detect_era(text)
    if era == "both":
        raise _year_error(value, "ระบุทั้ง พ.ศ. และ ค.ศ.", "both B.E. and C.E. are given")
    thai_prefix = era == "be"
    if _YEAR_THAI_PREFIX_RE.match(text):
        text = _YEAR_THAI_PREFIX_RE.sub("", text, count=1)
        thai_prefix = True
    else:
        text = _YEAR_EN_PREFIX_RE.sub("", text, count=1)
    # The era marker may also follow the Thai prefix: "ปีงบประมาณ พ.ศ. 2566".
    text = text.strip(" .:")

    if re.fullmatch(r"\d{4}", text):
        year = int(text)
        if year < 1:
            raise _year_error(value, "ปีต้องมากกว่า 0", "the year must be greater than 0")
        if era == "ce":
            if year >= _BE_THRESHOLD:
                raise _year_error(
                    value,
                    f"ค.ศ. {year} ไม่สมเหตุสมผล (เป็นปี พ.ศ. หรือไม่?)",
                    f"C.E. year {year} is implausible (is it a B.E. year?)",
                )
            return to_be_year(year)
        if era == "be" or year >= _BE_THRESHOLD:
            return year
        return to_be_year(year)
    if re.fullmatch(r"\d{2}", text) and thai_prefix and era != "ce":
        return 2500 + int(text)
    raise _year_error(
        value,
        "ใช้ปี 4 หลัก เช่น 2566 หรือ ปีงบประมาณ 2566",
        "use a 4-digit year, e.g. 2566 (B.E.) or 2023 (C.E.)",
    )

"""Numbers as Thai users type them: Thai digits, ฿/บาท, ร้อยละ, ล้าน.

Spreadsheet exports and form input from Thai agencies mix Thai and Arabic
digits, thousands separators, currency marks and Thai multiplier words; the
portal stores plain floats.
"""
from __future__ import annotations

import math
import re

from .errors import ThaiNumberError, shown
from .normalize import normalize, thai_digits_to_arabic

__all__ = ["ascii_number_text", "parse_number", "parse_percent"]

# Longest first so "พันล้าน" is not read as "ล้าน" preceded by garbage.
_MULTIPLIERS: tuple[tuple[str, float], ...] = (
    ("ล้านล้าน", 1e12),
    ("พันล้าน", 1e9),
    ("ล้าน", 1e6),
    ("แสน", 1e5),
    ("หมื่น", 1e4),
    ("พัน", 1e3),
)
_MINUS_SIGNS = str.maketrans({"\u2212": "-", "\ufe63": "-", "\uff0d": "-", "\uff0b": "+"})
_SPACE_GROUP_RE = re.compile(r"(?<=\d) (?=\d{3}(?!\d))")
_DIGIT_SPACE_DIGIT_RE = re.compile(r"\d\s+\d")
_CURRENCY_RE = re.compile(r"฿|thb")
_SUFFIX_RE = re.compile(r"(?:บาท|บ\.|%|เปอร์เซ็นต์|เปอร์เซนต์)$")
_PREFIX_RE = re.compile(r"^(?:ร้อยละ)")
# Thousands separators must group by three (1,234,567) so that a European
# "1.234,5" or a typo "12,34" is refused instead of silently misread.
_NUMBER_RE = re.compile(
    r"([+-]?)((?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?"
)


def _error(value: object, th: str, en: str) -> ThaiNumberError:
    quoted = shown(value)
    return ThaiNumberError(f'ตัวเลข "{quoted}" ไม่ถูกต้อง: {th}', f'Invalid number "{quoted}": {en}')


def ascii_number_text(text: str) -> str:
    """``text`` with Thai digits and Unicode minus/plus signs in ASCII (``−๑๒.๕`` -> ``-12.5``).

    Nothing else is changed."""
    return thai_digits_to_arabic(text).translate(_MINUS_SIGNS)


def parse_number(value: str | int | float) -> float:
    """Parse a number; return a float.

    Accepts Thai digits, thousands separators (``1,234.5``, also ``1 234``),
    surrounding spaces,
    ``฿``/``THB``, a trailing ``บาท``/``บ.``, a leading ``+``/``-`` (also the
    Unicode minus ``−``), accounting negatives ``(1,234)``, a percent sign or
    ``ร้อยละ``/``เปอร์เซ็นต์`` (stripped: ``45%`` → 45.0), exponent notation,
    and a trailing Thai multiplier word (``1.5 ล้านบาท`` → 1500000.0).

    :raises ThaiNumberError: empty, malformed, NaN or infinite input; messages
        in Thai and English quote the input.
    """
    if isinstance(value, bool):
        raise _error(value, "ต้องเป็นตัวเลข ไม่ใช่ค่าจริง/เท็จ", "expected a number, not a boolean")
    if isinstance(value, (int, float)):
        try:
            number = float(value)
        except OverflowError:  # an int beyond float's range (JSON allows 10**400)
            number = math.inf
        if not math.isfinite(number):
            raise _error(value, "ต้องเป็นจำนวนจริงที่มีค่าจำกัด", "the number must be finite")
        return number
    if not isinstance(value, str):
        raise _error(value, "ต้องเป็นข้อความหรือตัวเลข", "expected text or a number")

    text = ascii_number_text(normalize(value)).lower()
    # A space between digits is accepted only as a thousands separator
    # ("1 234 567"); "1 2" is more likely two numbers than twelve.
    text = _SPACE_GROUP_RE.sub(",", text)
    if _DIGIT_SPACE_DIGIT_RE.search(text):
        raise _error(value, "มีช่องว่างคั่นกลางตัวเลข", "there is a space inside the number")
    text = re.sub(r"\s+", "", text)
    if not text:
        raise _error(value, "ไม่ได้ระบุตัวเลข", "no number given")

    negative = False
    if text.startswith("(") and text.endswith(")"):
        negative, text = True, text[1:-1]
    text = _CURRENCY_RE.sub("", text)
    text = _PREFIX_RE.sub("", text)
    # Suffixes can stack: "1.5ล้านบาท", "45%".
    text = _SUFFIX_RE.sub("", text)
    factor = 1.0
    for word, mult in _MULTIPLIERS:
        if text.endswith(word):
            text, factor = text[: -len(word)], mult
            break

    match = _NUMBER_RE.fullmatch(text)
    if not match:
        raise _error(
            value,
            "ใช้รูปแบบเช่น 1234.5, 1,234.5 หรือ ๑,๒๓๔.๕",
            "use a form such as 1234.5, 1,234.5 or ๑,๒๓๔.๕",
        )
    number = float(text.replace(",", "")) * factor
    if not math.isfinite(number):
        raise _error(value, "ตัวเลขใหญ่เกินไป", "the number is too large")
    if negative:
        if match.group(1):
            raise _error(value, "ระบุเครื่องหมายลบซ้ำ", "the sign is given twice")
        number = -number
    return number


def parse_percent(value: str | int | float) -> float:
    """Parse a percentage (``45%``, ``ร้อยละ ๔๕``, ``45.5``) and check that it is
    between 0 and 100 inclusive.

    :raises ThaiNumberError: as :func:`parse_number`, or out of range.
    """
    number = parse_number(value)
    if not 0.0 <= number <= 100.0:
        raise ThaiNumberError(
            f'ร้อยละ "{shown(value)}" ต้องอยู่ระหว่าง 0 ถึง 100',
            f'Percentage "{shown(value)}" must be between 0 and 100',
        )
    return number

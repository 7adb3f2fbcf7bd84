"""Validation and normalisation of dataset tags (keywords, คำสำคัญ).

CKAN's stock tag validator only allows ``[\\w -.]`` and its ``\\w`` does not
cover Thai vowel and tone marks, so it rejects ordinary Thai tags such as
``ข้อมูล``. Real Thai portal tags also use punctuation freely (``สพฐ.``,
``(ปณย.)``, ``ซัลเฟอร์ > 2%``, ``ผลผลิต/ไร่``, ``น้ำมัน & ก๊าซ``). This module
allows all of that while refusing the characters that can start markup or
template syntax when a tag is echoed into HTML, URLs or templates.

It also refuses what is junk rather than a keyword: a tag without any letter
or digit (``-``, ``.``, ``()``), quotes (none of data.go.th's real tags has
one; they come from pasting ``'quoted'`` words) and the semicolon, which is a
separator typed by mistake: :func:`split_tag_string` splits on it like on a
comma, and :func:`check_tag` explains that a single tag may not contain one.
"""
from __future__ import annotations

import re
import unicodedata

from .errors import ThaiTagError
from .normalize import ZERO_WIDTH_CHARS, normalize

__all__ = [
    "MIN_TAG_LENGTH",
    "MAX_TAG_LENGTH",
    "TAG_QUOTE_CHARS",
    "TAG_SEPARATOR_CHARS",
    "TAG_ALLOWED_CHARS",
    "TAG_RE",
    "normalize_tag",
    "check_tag",
    "is_valid_tag",
    "split_tag_string",
]

MIN_TAG_LENGTH = 1
#: CKAN's own limit (``ckan.model.tag.MAX_TAG_LENGTH``, the width of the
#: ``tag.name`` column): a configured limit can only be lower.
MAX_TAG_LENGTH = 100

#: Quotation marks: ASCII ' and ", typographic single and double quotes
#: (U+2018–U+201F), guillemets « » ‹ › and full-width ＂ ＇. No real Thai
#: portal tag has one; they are pasted with a quoted word.
TAG_QUOTE_CHARS = "'\"\u2018\u2019\u201a\u201b\u201c\u201d\u201e\u201f\u00ab\u00bb\u2039\u203a\uff02\uff07"
#: Separators typed instead of a comma (ASCII and full-width semicolon).
TAG_SEPARATOR_CHARS = ";\uff1b"

#: Character class (without brackets) of everything a tag may contain.
TAG_ALLOWED_CHARS = (
    # Thai: consonants, vowels, tone and other marks, ฯ ๆ ฿ ๏ ๚ ๛, digits ๐-๙
    # (U+0E01–U+0E3A and U+0E3F–U+0E5B; U+0E3B–U+0E3E are unassigned).
    "\u0e01-\u0e3a\u0e3f-\u0e5b"
    # ASCII letters and digits.
    "A-Za-z0-9"
    # Accented Latin (Latin-1 letters without × ÷, Latin Extended-A/B,
    # Latin Extended Additional) and combining diacritics: Café, Việt Nam.
    "\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff\u0300-\u036f"
    # Greek letters (units and science: µ, α, β).
    "\u0391-\u03a9\u03b1-\u03c9"
    # Space and ASCII punctuation that cannot open markup or a template.
    # Refused: $ { } \ ` | = ^  (and < only when it would start an HTML tag,
    # which TAG_RE checks separately), quotes ' " and the separator ;.
    " .,\\-_()/&+%:!?\\[\\]~#*@<>"
    # Typographic and scientific signs: ° ± ² ³ µ · ¹ º ª ¼ ½ ¾ × ÷ § © ® £ ¥
    "\u00b0\u00b1\u00b2\u00b3\u00b5\u00b7\u00b9\u00ba\u00aa\u00bc-\u00be"
    "\u00d7\u00f7\u00a7\u00a9\u00ae\u00a3\u00a5"
    # Dashes (U+2010–U+2017), bullets, ellipsis (U+2020–U+2027), but not the
    # quotes U+2018–U+201F; per-mille, primes (U+2030–U+205E without
    # ‹ ›); super/subscripts (CO₂); currency (€); letterlike (℃ ™ №); arrows;
    # mathematical operators (≤ ≥ ≈).
    "\u2010-\u2017\u2020-\u2027\u2030-\u2038\u203b-\u205e"
    "\u2070-\u209f\u20a0-\u20bf\u2100-\u214f\u2190-\u21ff\u2200-\u22ff"
    # Full-width ASCII forms (pasted from CJK input methods), except the
    # counterparts of the refused ASCII characters: ＂ ＄ ＇ ； ＝ ＼ ＾ ｀ ｛ ｜ ｝.
    "\uff01\uff03\uff05\uff06\uff08-\uff1a\uff1c\uff1e-\uff3b\uff3d\uff3f\uff41-\uff5a\uff5e"
)

_ALLOWED_CHAR_RE = re.compile(f"[{TAG_ALLOWED_CHARS}]")
# "<" followed by a letter, "/", "!" or "?" starts an HTML element, closing
# tag, comment/doctype or processing instruction; anything else (``< 5``,
# ``<2%``) is plain text to a browser.
_HTML_START_RE = re.compile(r"<[A-Za-z/!?]")

# A letter or digit of any script (Thai consonants and digits, Latin, Greek...).
_LETTER_OR_DIGIT_RE = re.compile(r"[^\W_]")

#: The complete rule, anchored: 1–100 allowed characters, at least one of them
#: a letter or digit, none of them a "<" that would start an HTML tag. Apply it
#: to the *normalized* tag (:func:`normalize_tag`); :func:`check_tag` does both
#: and explains failures (and may apply a lower, configured length limit).
TAG_RE = re.compile(
    rf"\A(?!.*<[A-Za-z/!?])(?=.*[^\W_])[{TAG_ALLOWED_CHARS}]{{{MIN_TAG_LENGTH},{MAX_TAG_LENGTH}}}\Z",
    re.DOTALL,
)

_CONTROL_NAMES = {
    "\t": "tab",
    "\n": "line feed",
    "\r": "carriage return",
    "\x00": "null",
    "\x0b": "vertical tab",
    "\x0c": "form feed",
    "\x85": "next line",
    "\u2028": "line separator",
    "\u2029": "paragraph separator",
}
_ZERO_WIDTH = frozenset(ZERO_WIDTH_CHARS)


def _is_control(ch: str) -> bool:
    # Cc: C0/C1 controls incl. \t \n; Cf other than the zero-width characters
    # normalize() removes (e.g. U+202E RIGHT-TO-LEFT OVERRIDE, used to spoof
    # text direction); Zl/Zp line breaks.
    cat = unicodedata.category(ch)
    return cat in ("Cc", "Zl", "Zp") or (cat == "Cf" and ch not in _ZERO_WIDTH)


def _codepoint(ch: str) -> str:
    return f"U+{ord(ch):04X}"


def _show(tag: str, limit: int = 60) -> str:
    """The tag as it can be quoted in a one-line message."""
    shown = "".join(
        ch.encode("unicode_escape").decode("ascii") if _is_control(ch) else ch for ch in tag
    )
    return shown if len(shown) <= limit else shown[:limit] + "…"


def _char_label(ch: str) -> str:
    if ch.isprintable() and not ch.isspace() and unicodedata.category(ch)[0] not in "MC":
        return ch
    return _codepoint(ch)


def normalize_tag(tag: str) -> str:
    """NFC, zero-width characters removed, sara am composed, spaces collapsed,
    stripped — i.e. :func:`~.normalize.normalize`. Case is kept (CKAN tags are
    case-sensitive)."""
    return normalize(tag)


def check_tag(tag: str, max_length: int = MAX_TAG_LENGTH) -> str:
    """Return the normalized tag, or raise :class:`ThaiTagError` naming it.

    Control characters (including tab and newline) and U+FFFD are checked on
    the raw input, before normalization would turn a newline into a space.

    :param max_length: longest tag in characters (a site's configured limit);
        never more than :data:`MAX_TAG_LENGTH`, which CKAN's database can hold
    :raises ThaiTagError: empty, too long, forbidden characters
        (``$ { } \\ ` | = ^``, quotes, ``;``, control characters, U+FFFD,
        anything outside :data:`TAG_ALLOWED_CHARS`), no letter or digit, or an
        HTML-like ``<tag``.
    """
    max_length = max(MIN_TAG_LENGTH, min(int(max_length), MAX_TAG_LENGTH))
    if not isinstance(tag, str):
        raise ThaiTagError(
            f'คำสำคัญ "{tag}" ต้องเป็นข้อความ', f'Tag "{tag}" must be text'
        )
    if "\ufffd" in tag:
        raise ThaiTagError(
            f'คำสำคัญ "{_show(tag)}" มีอักขระที่เสียหาย (U+FFFD "\ufffd") '
            "มักเกิดจากการตัดข้อความกลางตัวอักษรหรือการแปลงรหัสอักขระผิด",
            f'Tag "{_show(tag)}" contains a broken character (U+FFFD "\ufffd"), usually '
            "from text cut in the middle of a character or decoded with the wrong encoding",
        )
    controls = list(dict.fromkeys(ch for ch in tag if _is_control(ch)))
    if controls:
        codes = ", ".join(_codepoint(ch) for ch in controls)
        named = ", ".join(
            f"{_codepoint(ch)} ({_CONTROL_NAMES.get(ch) or unicodedata.name(ch, 'control').lower()})"
            for ch in controls
        )
        raise ThaiTagError(
            f'คำสำคัญ "{_show(tag)}" มีอักขระควบคุมที่มองไม่เห็น (เช่น แท็บ หรือการขึ้นบรรทัดใหม่): {codes}',
            f'Tag "{_show(tag)}" contains invisible control characters: {named}',
        )

    norm = normalize_tag(tag)
    if len(norm) < MIN_TAG_LENGTH:
        raise ThaiTagError(f'คำสำคัญ "{tag}" ว่างเปล่า', f'Tag "{tag}" is empty')
    if len(norm) > max_length:
        raise ThaiTagError(
            f'คำสำคัญ "{_show(norm)}" ยาว {len(norm)} ตัวอักษร เกินกำหนด {max_length} ตัวอักษร',
            f'Tag "{_show(norm)}" is {len(norm)} characters long; the maximum is {max_length}',
        )
    if _HTML_START_RE.search(norm):
        raise ThaiTagError(
            f'คำสำคัญ "{_show(norm)}" มีลักษณะเป็นแท็ก HTML ("<" ตามด้วยตัวอักษรละติน / ! หรือ ?) ซึ่งไม่อนุญาต',
            f'Tag "{_show(norm)}" looks like HTML markup ("<" followed by a letter, /, ! or ?), which is not allowed',
        )
    separators = [ch for ch in TAG_SEPARATOR_CHARS if ch in norm]
    if separators:
        raise ThaiTagError(
            f'คำสำคัญ "{_show(norm)}" มีเครื่องหมายอัฒภาค ({separators[0]}) ซึ่งใช้ในคำสำคัญไม่ได้: '
            "หากเป็นหลายคำ ให้คั่นด้วยจุลภาค (,) หรือส่งเป็นคำสำคัญแยกกัน",
            f'Tag "{_show(norm)}" contains a semicolon ({separators[0]}), which a tag may not contain: '
            "separate several tags with commas (,) or send them as separate tags",
        )
    quotes = list(dict.fromkeys(ch for ch in norm if ch in TAG_QUOTE_CHARS))
    if quotes:
        chars = " ".join(quotes)
        raise ThaiTagError(
            f'คำสำคัญ "{_show(norm)}" มีเครื่องหมายคำพูด ({chars}) ซึ่งไม่อนุญาต กรุณาลบเครื่องหมายคำพูดออก',
            f'Tag "{_show(norm)}" contains quotation marks ({chars}), which are not allowed: please remove them',
        )
    bad = list(dict.fromkeys(ch for ch in norm if not _ALLOWED_CHAR_RE.match(ch)))
    if bad:
        chars = " ".join(_char_label(ch) for ch in bad)
        raise ThaiTagError(
            f'คำสำคัญ "{_show(norm)}" มีอักขระที่ไม่อนุญาต: {chars}',
            f'Tag "{_show(norm)}" contains characters that are not allowed: {chars}',
        )
    if not _LETTER_OR_DIGIT_RE.search(norm):
        raise ThaiTagError(
            f'คำสำคัญ "{_show(norm)}" ไม่มีตัวอักษรหรือตัวเลขเลย จึงไม่ใช่คำสำคัญ',
            f'Tag "{_show(norm)}" has no letter or digit, so it is not a keyword',
        )
    # The checks above explain failures; TAG_RE is the single source of truth.
    if not TAG_RE.fullmatch(norm):  # pragma: no cover - kept in sync by tests
        raise ThaiTagError(f'คำสำคัญ "{_show(norm)}" ไม่ถูกต้อง', f'Tag "{_show(norm)}" is not valid')
    return norm


def is_valid_tag(tag: str, max_length: int = MAX_TAG_LENGTH) -> bool:
    """True if :func:`check_tag` would accept ``tag``."""
    try:
        check_tag(tag, max_length)
    except ThaiTagError:
        return False
    return True


# ASCII and full-width comma, and the semicolons typed instead of one.
_TAG_SPLIT_RE = re.compile(f"[,\uff0c{TAG_SEPARATOR_CHARS}]")


def split_tag_string(s: str | None) -> list[str]:
    """Split a comma-separated tag string (CKAN's ``tag_string``).

    A semicolon separates tags too: no real tag contains one, so
    ``"ข้อมูล;สถิติ"`` is two tags typed with the wrong separator.

    Each part is normalized (:func:`normalize_tag`); empty parts are dropped
    and duplicates removed, keeping the first occurrence's position. Parts
    are *not* validated — pass them to :func:`check_tag`.
    """
    if not s:
        return []
    tags = (normalize_tag(part) for part in _TAG_SPLIT_RE.split(s))
    return list(dict.fromkeys(t for t in tags if t))

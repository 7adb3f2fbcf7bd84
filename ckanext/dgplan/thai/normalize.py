"""Canonical form for Thai text typed by people.

Thai has several invisible ways to type "the same" text: a sara am (ำ) may be
entered as nikhahit + sara aa (ํ + า), a tone mark may be typed before the
upper vowel it should follow, and copy/paste from Word or PDFs brings
zero-width characters. Two strings that look identical on screen must compare,
index and de-duplicate as identical, so every text entry point passes through
:func:`normalize`.
"""
from __future__ import annotations

import re
import unicodedata

__all__ = [
    "ZERO_WIDTH_CHARS",
    "THAI_DIGITS",
    "normalize",
    "thai_digits_to_arabic",
    "normalize_for_search",
]

#: Invisible characters removed by :func:`normalize`. They carry no meaning in
#: metadata and break equality (ZWSP is also used by some Thai editors as an
#: invisible word separator, which our own segmenter makes redundant).
ZERO_WIDTH_CHARS = (
    "\u200b"  # ZERO WIDTH SPACE
    "\u200c"  # ZERO WIDTH NON-JOINER
    "\u200d"  # ZERO WIDTH JOINER
    "\u2060"  # WORD JOINER
    "\ufeff"  # ZERO WIDTH NO-BREAK SPACE / byte order mark
    "\u00ad"  # SOFT HYPHEN
    "\u200e"  # LEFT-TO-RIGHT MARK (invisible; pasted from mixed-script docs)
    "\u200f"  # RIGHT-TO-LEFT MARK
)
_ZERO_WIDTH_TABLE = {ord(c): None for c in ZERO_WIDTH_CHARS}

THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"
_THAI_DIGIT_TABLE = str.maketrans(THAI_DIGITS, "0123456789")

_NIKHAHIT = "\u0e4d"
_SARA_AA = "\u0e32"
_SARA_AM = "\u0e33"
_TONES = "\u0e48\u0e49\u0e4a\u0e4b"  # mai ek, mai tho, mai tri, mai chattawa
# Vowels drawn above/below the consonant. A tone mark must come *after* them
# in storage order; NFC already fixes the below-vowels (their combining class
# is lower than the tones'), but the above-vowels have class 0 and are not
# reordered by Unicode, so we do it ourselves.
_UPPER_VOWELS = "\u0e31\u0e34\u0e35\u0e36\u0e37"  # mai han-akat, sara i/ii/ue/uee
_LOWER_VOWELS = "\u0e38\u0e39"  # sara u, sara uu

# ํ (+ optional tone) + า  ->  (tone) + ำ ; also tone + ํ + า -> tone + ำ,
# which the first alternative covers once the nikhahit is handled.
_DECOMPOSED_AM_RE = re.compile(f"{_NIKHAHIT}([{_TONES}]?){_SARA_AA}")
# Tone typed before an upper/lower vowel: "ก่ี" -> "กี่".
_TONE_BEFORE_VOWEL_RE = re.compile(f"([{_TONES}])([{_UPPER_VOWELS}{_LOWER_VOWELS}])")
# Tone typed after sara am: "นำ้" -> "น้ำ". Sara am is a spacing vowel, so a
# tone can never legitimately follow it.
_TONE_AFTER_AM_RE = re.compile(f"{_SARA_AM}([{_TONES}])")
_WHITESPACE_RE = re.compile(r"\s+")

# Search-only canonicalisation (too opinionated to apply to stored values).
_DOUBLE_SARA_E_RE = re.compile("\u0e40\u0e40")  # เ + เ typed for แ
_DUP_MARK_RE = re.compile("([\u0e31\u0e34-\u0e3a\u0e47-\u0e4e])\\1+")


def normalize(text: str) -> str:
    """Return the canonical stored form of ``text``.

    Steps: Unicode NFC; remove zero-width characters (see
    :data:`ZERO_WIDTH_CHARS`); compose a decomposed sara am (``ํา`` → ``ำ``,
    also across a tone mark: ``ํ่า`` → ``่ำ``); move a tone mark typed before
    an upper/lower vowel, or after sara am, to its correct place; collapse
    runs of any whitespace to one space and strip.

    Thai digits are kept (use :func:`thai_digits_to_arabic`).

    >>> normalize("  น\u0e49\u0e4d\u0e32\u200b  ฝน ")
    'น้ำ ฝน'
    """
    if not text:
        return ""
    text = unicodedata.normalize("NFC", text)
    text = text.translate(_ZERO_WIDTH_TABLE)
    if _NIKHAHIT in text:
        text = _DECOMPOSED_AM_RE.sub(lambda m: m.group(1) + _SARA_AM, text)
    text = _TONE_BEFORE_VOWEL_RE.sub(r"\2\1", text)
    text = _TONE_AFTER_AM_RE.sub(lambda m: m.group(1) + _SARA_AM, text)
    text = _WHITESPACE_RE.sub(" ", text)
    return text.strip()


def thai_digits_to_arabic(text: str) -> str:
    """Replace Thai digits ๐–๙ with ASCII 0–9; everything else unchanged."""
    return text.translate(_THAI_DIGIT_TABLE)


def normalize_for_search(text: str) -> str:
    """Return the form used for indexing and matching, never for display.

    :func:`normalize` plus: Thai digits → ASCII, Latin lowercased, and two
    frequent Thai typing slips made equal to the intended text — ``เเ`` (two
    sara e) → ``แ`` and a doubled mark (``ก่่``) → a single one. Those two are
    kept out of :func:`normalize` because stored values should change only in
    invisible ways.
    """
    text = thai_digits_to_arabic(normalize(text)).lower()
    text = _DOUBLE_SARA_E_RE.sub("\u0e41", text)
    return _DUP_MARK_RE.sub(r"\1", text)

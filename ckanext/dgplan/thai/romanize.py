"""Latin transcription of Thai for URLs (dataset/organization names).

CKAN names must be lowercase ASCII, so a Thai title has to be transcribed to
give a readable URL. We use the Royal Thai General System of Transcription
(RTGS, ระบบถอดอักษรไทยเป็นอักษรโรมันแบบถ่ายเสียง ของราชบัณฑิตยสภา) through
PyThaiNLP's rule-based ``royin`` engine, which needs no model download.
"""
from __future__ import annotations

import functools
import re
import unicodedata

from pythainlp.tokenize import syllable_tokenize
from pythainlp.transliterate import romanize as _pythainlp_romanize

from .normalize import normalize, thai_digits_to_arabic
from .segment import compound_parts, has_thai, segment

__all__ = ["romanize_word", "slugify", "DEFAULT_SLUG"]

#: Returned by :func:`slugify` when nothing usable is left.
DEFAULT_SLUG = "dataset"

_NON_SLUG_RE = re.compile(r"[^a-z0-9]+")
_MAI_YAMOK = "ๆ"


def _royin(text: str) -> str:
    return _pythainlp_romanize(text, engine="royin")


def _ascii(text: str) -> str:
    # "café" -> "cafe": decompose, then drop what is not ASCII.
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


@functools.lru_cache(maxsize=8192)
def _romanize_thai(word: str) -> str:
    # ``royin`` applied to a whole word often guesses syllable boundaries
    # wrong (ประชากร -> "prachakn", ไฟฟ้า -> "fafaiา"); applied to each
    # syllable from PyThaiNLP's syllable dictionary it is right far more often
    # (prachakon, faifa). The whole-word result is the fallback when the
    # syllable pass leaves non-Latin characters.
    try:
        syllables = syllable_tokenize(word, engine="dict", keep_whitespace=False)
    except Exception:  # noqa: BLE001 - defensive: any tokenizer failure falls back below
        syllables = []
    result = "".join(_royin(s) for s in syllables if s.strip())
    if not result or not result.isascii():
        result = _royin(word)
    return _ascii(result)


def romanize_word(word: str) -> str:
    """Transcribe one Thai word into Latin letters (RTGS).

    Non-Thai input is returned normalized but otherwise unchanged; Thai digits
    become ASCII digits; a trailing ``ๆ`` (repeat mark) repeats the word:
    ``ต่างๆ`` → ``tang tang``. Output is ASCII.

    >>> romanize_word("สถิติ")
    'sathiti'
    """
    word = thai_digits_to_arabic(normalize(word or ""))
    if not has_thai(word):
        return word
    repeat = word.endswith(_MAI_YAMOK)
    base = word.rstrip(_MAI_YAMOK).strip()
    if not base:
        return ""
    parts = [_romanize_thai(p) if has_thai(p) else p for p in base.split(" ")]
    result = " ".join(p for p in parts if p)
    return f"{result} {result}" if repeat and result else result


def slugify(title: str, max_length: int = 100) -> str:
    """Make a URL name from a (Thai or mixed) title.

    The title is segmented into words (:func:`~.segment.segment`, long
    compounds split by :func:`~.segment.compound_parts`); Thai words are
    romanized (:func:`romanize_word`), Latin words and digits kept;
    everything is lowercased and folded to ASCII, runs of anything but
    ``[a-z0-9]`` become one ``-``, and the result is cut to ``max_length`` at a
    word boundary when possible. If nothing usable remains (or fewer than two
    characters, CKAN's minimum name length) :data:`DEFAULT_SLUG` is returned.
    Making the name unique is the caller's job.

    >>> slugify("สถิติประชากร 2566")
    'sathiti-prachakon-2566'
    """
    if max_length < 2:
        raise ValueError(f"max_length must be >= 2, got {max_length}")
    parts: list[str] = []
    for token in segment(title or ""):
        # Long dictionary compounds (ministry names are single tokens for
        # search) would romanize into one unreadable run; split them.
        for word in compound_parts(token) or [token]:
            text = romanize_word(word) if has_thai(word) else word
            piece = _NON_SLUG_RE.sub("-", _ascii(text).lower()).strip("-")
            if piece:
                parts.append(piece)
    slug = "-".join(parts)
    if len(slug) > max_length:
        # Look one character past the limit: a dash there is a clean cut.
        window = slug[: max_length + 1]
        cut = window.rfind("-")
        slug = window[:cut] if cut > 0 else slug[:max_length]
        slug = slug.strip("-")
    return slug if len(slug) >= 2 else DEFAULT_SLUG

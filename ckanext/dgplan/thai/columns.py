"""DataStore column names from the header row of a Thai table.

A DataStore column is a PostgreSQL identifier: at most 63 *bytes*, so 21 Thai characters in UTF-8.
Real Thai headers are often longer (``จำนวนผู้ได้รับการฉีดวัคซีนป้องกันโรคโควิด-19 เข็มที่ 3``), and a
cut made by bytes or by characters can leave a tone mark without its letter or make two long
headers equal. The rule, for each header in order:

- the text is kept exactly when it is a valid DataStore name of at most 63 bytes (whitespace at the
  ends and runs of whitespace, line breaks included, become single spaces; ``"`` is dropped and a
  leading ``_`` removed, which the DataStore refuses);
- a longer header is cut at the last whole character cluster (a letter with its vowels and tone
  marks) that leaves room for ``~`` and four hex digits of a hash of the full header: the name is
  readable, the same header always gives the same name, and two headers sharing their first 21
  characters still differ;
- an empty header is named ``column_N`` by its position (1-based);
- a name met before gets ``_2``, ``_3`` … (cut further if needed to stay within 63 bytes).

The header as written is returned beside each name as its label (the DataStore data dictionary's
``info.label``), so nothing of it is lost.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Sequence

__all__ = ["MAX_BYTES", "column_names"]

MAX_BYTES = 63
_SPACE = re.compile(r"\s+")


def _clean(header: object) -> tuple[str, str]:
    """The label (the header as a person reads it) and the name candidate made from it."""
    if header is None:
        return "", ""
    label = unicodedata.normalize("NFC", str(header)).replace("\x00", "")
    label = _SPACE.sub(" ", label).strip()
    name = "".join(ch for ch in label if ch != '"' and unicodedata.category(ch) not in ("Cc", "Cf"))
    name = _SPACE.sub(" ", name).strip().lstrip("_").strip()
    return label, name


def _cut(text: str, max_bytes: int) -> str:
    """The longest prefix of ``text`` within ``max_bytes`` UTF-8 bytes that ends on a cluster boundary
    (never before a combining vowel or tone mark) and not on a space."""
    out = text
    while len(out.encode("utf-8")) > max_bytes:
        out = out[:-1]
    # Drop a base letter whose marks did not fit, so no word ends without its vowel or tone mark.
    while out and len(out) < len(text) and unicodedata.category(text[len(out)]) in ("Mn", "Mc"):
        out = out[:-1]
    # A leading vowel (เ แ โ ใ ไ) is written before its letter: it cannot end a cut either.
    out = out.rstrip("\u0e40\u0e41\u0e42\u0e43\u0e44")
    return out.rstrip()


def _shorten(name: str) -> str:
    digest = hashlib.sha1(name.encode("utf-8"), usedforsecurity=False).hexdigest()[:4]
    suffix = f"~{digest}"
    return _cut(name, MAX_BYTES - len(suffix)) + suffix


def _with_number(name: str, n: int) -> str:
    suffix = f"_{n}"
    return _cut(name, MAX_BYTES - len(suffix)) + suffix


def column_names(headers: Sequence[object]) -> list[tuple[str, str]]:
    """``(name, label)`` for each header: unique DataStore column names of at most 63 bytes."""
    taken: set[str] = set()
    result: list[tuple[str, str]] = []
    for position, header in enumerate(headers, start=1):
        label, name = _clean(header)
        if not name:
            name = f"column_{position}"
        elif len(name.encode("utf-8")) > MAX_BYTES:
            name = _shorten(name)
        candidate, n = name, 1
        while candidate in taken:
            n += 1
            candidate = _with_number(name, n)
        taken.add(candidate)
        result.append((candidate, label))
    return result

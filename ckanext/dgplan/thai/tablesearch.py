"""A DataStore ``q`` split into what PostgreSQL text search finds and what it cannot (Thai).

PostgreSQL's text-search parser has no Thai: with the cluster's C.UTF-8 locale Thai letters are word
characters, so a run of Thai between spaces or punctuation becomes one lexeme of ``_full_text``
(``'สำนักงานสถิติแห่งชาติ'``), and a Thai word inside that run matches nothing. The words of a Thai
run are found instead as substrings of the row's text (its cells, joined by spaces). A Thai term is cut
at the characters the parser also cuts at (spaces, punctuation), so that ``ข้อมูล-เปิด`` asks for both
words as text search would, lower-cased as the parser does, and turned into LIKE patterns (matched
without case where they have Latin letters); the rest of ``q`` stays a plain text-search query.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["ThaiQuery", "has_thai", "is_caseless", "split_thai_query"]

_THAI = re.compile("[\u0e00-\u0e7f]")
# What the parser keeps inside a word: letters, digits and marks (Thai vowels and tone marks are
# marks); everything else separates words.
_WORD = re.compile(r"(?:[^\W_]|[\u0e00-\u0e7f])+")


def has_thai(text: str) -> bool:
    """Whether ``text`` has a Thai character."""
    return bool(_THAI.search(text))


def is_caseless(pattern: str) -> bool:
    """Whether a (lower-cased) pattern has no letter with case (Thai, digits): LIKE finds it as
    written, without lower-casing the text it is matched against (ILIKE)."""
    return pattern == pattern.upper()


def _like_pattern(piece: str) -> str:
    # A piece has only word characters: nothing in it is special to LIKE or quoted in the lexeme text.
    return f"%{piece}%"


@dataclass(frozen=True)
class ThaiQuery:
    """``patterns``: LIKE patterns on ``_full_text::text`` that must all match (one per Thai piece);
    ``rest``: the words without Thai, for ``plainto_tsquery`` (empty when there are none)."""

    patterns: tuple[str, ...]
    rest: str


def split_thai_query(q: str) -> ThaiQuery | None:
    """Split a ``q`` with Thai into LIKE patterns and the remaining words; ``None`` without Thai.

    A Thai term is cut where the text-search parser cuts (``ข้อมูล-เปิด`` gives two pieces, both
    required), so each piece lies inside one lexeme of a row that has it.
    """
    if not isinstance(q, str) or not has_thai(q):
        return None
    patterns: list[str] = []
    rest: list[str] = []
    for term in q.split():
        if not has_thai(term):
            rest.append(term)
            continue
        for piece in _WORD.findall(term.lower()):
            pattern = _like_pattern(piece)
            if pattern not in patterns:
                patterns.append(pattern)
    return ThaiQuery(tuple(patterns), " ".join(rest))

"""Other written forms of Thai agency names, for the search index.

กทม. and กรุงเทพมหานคร name the same agency; each form in a document also emits the other, so either
form in a query finds both. Built only from the bundled agency table (a general source).
"""
from __future__ import annotations

import functools

from .agencies import abbreviations

__all__ = ["abbreviation_variants"]


@functools.lru_cache(maxsize=1)
def _full_to_abbreviations() -> dict[str, tuple[str, ...]]:
    reverse: dict[str, list[str]] = {}
    for key, names in abbreviations().items():
        if "." in key or " " in key:
            continue  # the dotless key of the same abbreviation is also in the table
        for name in names:
            reverse.setdefault(name, []).append(key)
    return {name: tuple(keys) for name, keys in reverse.items()}


def abbreviation_variants(token: str) -> tuple[str, ...]:
    """Other written forms of an agency name: full names for an abbreviation and vice versa.

    Full names are returned as written (they may contain spaces); the caller segments them.
    """
    return abbreviations().get(token) or _full_to_abbreviations().get(token, ())

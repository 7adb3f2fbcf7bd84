"""Thai government agency abbreviations (``data/abbreviations.tsv``).

Thai users search by abbreviation (สพฐ., กทม., DGA) as often as by full name;
this table lets the search layer expand one into the other.
"""
from __future__ import annotations

import functools
from os import PathLike

from .normalize import normalize, normalize_for_search
from .segment import DATA_DIR

__all__ = ["ABBREVIATIONS_FILE", "load_abbreviations", "abbreviations", "expand_abbreviation"]

ABBREVIATIONS_FILE = DATA_DIR / "abbreviations.tsv"


def _keys(abbr: str) -> set[str]:
    # Looked up by the search form; "สพฐ." and "สพฐ", "DGA" and "dga" all hit.
    key = normalize_for_search(abbr)
    return {key, key.replace(".", "").replace(" ", "")}


def load_abbreviations(path: str | PathLike[str]) -> dict[str, tuple[str, ...]]:
    """Read ``abbreviation<TAB>full name`` lines (UTF-8, ``#`` comments).

    Returns lookup key → full names (in file order, without duplicates). Keys
    are the abbreviation normalized for search, with and without dots. Lines
    without a tab are ignored.
    """
    table: dict[str, list[str]] = {}
    with open(path, encoding="utf-8-sig") as fh:
        for line in fh:
            if not line.strip() or line.lstrip().startswith("#") or "\t" not in line:
                continue
            abbr, full = (normalize(part) for part in line.rstrip("\r\n").split("\t", 1))
            if not abbr or not full:
                continue
            for key in _keys(abbr):
                names = table.setdefault(key, [])
                if full not in names:
                    names.append(full)
    return {key: tuple(names) for key, names in table.items()}


@functools.lru_cache(maxsize=1)
def abbreviations() -> dict[str, tuple[str, ...]]:
    """The bundled table (cached). Treat the result as read-only."""
    return load_abbreviations(ABBREVIATIONS_FILE)


def expand_abbreviation(term: str) -> tuple[str, ...]:
    """Full names for an abbreviation (``"สพฐ"`` →
    ``("สำนักงานคณะกรรมการการศึกษาขั้นพื้นฐาน",)``), or ``()``."""
    key = normalize_for_search(term or "")
    return abbreviations().get(key) or abbreviations().get(key.replace(".", "").replace(" ", ""), ())

"""How many official romanizations the URL slugs reproduce (issue 19).

Reads ``tests/data/rtgs_names.tsv`` (77 provinces, district and agency names, common words, with
their official romanization and source) and compares, without spaces, hyphens and case:

* ``royin`` - PyThaiNLP's ``royin`` engine per syllable, the method used before the RTGS rules;
* ``rules`` - :func:`ckanext.dgplan.thai.romanize.slugify` as it is now.

Both run here, in the same process, so the ratio compares like with like. Pure Python: no
services needed. ``python bench/rtgs_names.py [--misses]``.
"""
from __future__ import annotations

import argparse
import re
import sys
from collections import defaultdict
from pathlib import Path

from ckanext.dgplan.thai import romanize
from ckanext.dgplan.thai.segment import compound_parts, has_thai, segment

NAMES = Path(__file__).resolve().parent.parent / "tests" / "data" / "rtgs_names.tsv"


def _key(text: str) -> str:
    return re.sub("[^a-z]", "", text.lower())


def load() -> list[tuple[str, str, str]]:
    rows = []
    for line in NAMES.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            thai, official, kind, _source = line.split("\t")
            rows.append((thai, official, kind))
    return rows


def royin_slug(title: str) -> str:
    parts = []
    for token in segment(title):
        for word in compound_parts(token) or [token]:
            parts.append(romanize._royin_word(word) if has_thai(word) else word)
    return "-".join(parts)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", action="store_true", help="list the names the rules miss")
    args = parser.parse_args()
    rows = load()
    hits: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    misses = []
    for thai, official, kind in rows:
        for system, slug in (("royin", royin_slug(thai)), ("rules", romanize.slugify(thai))):
            ok = _key(slug) == _key(official)
            hits[kind][system] += ok
            hits["all"][system] += ok
            if system == "rules" and not ok:
                misses.append((kind, thai, slug, official))
        hits[kind]["n"] += 1
        hits["all"]["n"] += 1
    print(f"{'kind':10} {'names':>5} {'royin':>7} {'rules':>7}  ratio")
    for kind in ("province", "district", "word", "all"):
        h = hits[kind]
        ratio = h["rules"] / h["royin"] if h["royin"] else float("inf")
        print(f"{kind:10} {h['n']:5} {h['royin']:7} {h['rules']:7}  {ratio:.2f}x")
    if args.misses:
        for kind, thai, slug, official in misses:
            print(f"  miss {kind:9} {thai}  {slug}  (official {official})")
    return 0


if __name__ == "__main__":
    sys.exit(main())

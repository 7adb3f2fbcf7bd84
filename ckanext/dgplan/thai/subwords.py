"""Character bigrams as search terms, weighted by how common they are in Thai.

Word segmentation misses whenever a publisher and a searcher cut or spell a word differently
(ผลการ|จัดซื้อ vs การ|จัดซื้อ, a typo such as สิถิติ, อินเทอร์เน็ต vs อินเตอร์เน็ต); most character bigrams
of two such spellings are the same, so bigrams find what words miss. Not every bigram is worth its
cost, though: กา, าร, ที่ or ใน occur in almost every Thai text, so they match nearly every record,
say nothing about it, and make every query that contains them slow on a large index.

The frequencies used to tell them apart are those of general Thai: the Thai National Corpus word
frequencies that PyThaiNLP ships (``pythainlp/corpus/tnc_freq.txt``), each word's frequency credited
to every bigram it contains. The table is computed once and shipped as ``data/bigram_freq.tsv``
(``python -m ckanext.dgplan.thai.subwords`` rewrites it); nothing in it comes from any catalogue.

* the :data:`COMMON_COUNT` most frequent bigrams are neither indexed nor searched;
* a query keeps at most :data:`QUERY_LIMIT` bigrams, the rarest ones in general Thai, which are the
  ones that best tell records apart.
"""
from __future__ import annotations

import collections
import functools
import sys
from pathlib import Path

from .agencies import expand_abbreviation
from .segment import DATA_DIR, is_dotted_abbreviation, subword_ngrams

__all__ = [
    "COMMON_COUNT",
    "QUERY_LIMIT",
    "FREQUENCY_FILE",
    "bigram_frequencies",
    "common_bigrams",
    "index_bigrams",
    "query_bigrams",
    "build_frequency_table",
]

FREQUENCY_FILE = DATA_DIR / "bigram_freq.tsv"
#: How many of the most frequent bigrams of general Thai are left out (between them they account for
#: 45 % of the corpus's bigram occurrences).
COMMON_COUNT = 100
#: Bigrams kept per query.
QUERY_LIMIT = 6


def build_frequency_table() -> list[tuple[str, int]]:
    """Bigram frequencies from PyThaiNLP's Thai National Corpus word list, most frequent first."""
    from pythainlp.corpus import tnc

    counts: collections.Counter[str] = collections.Counter()
    for word, freq in tnc.word_freqs():
        for gram in set(subword_ngrams(word, 2)):
            counts[gram] += int(freq)
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


@functools.lru_cache(maxsize=1)
def bigram_frequencies() -> dict[str, int]:
    """The shipped table: bigram -> frequency in general Thai."""
    table: dict[str, int] = {}
    with open(FREQUENCY_FILE, encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#") or not line.strip():
                continue
            gram, freq = line.rstrip("\n").split("\t")
            table[gram] = int(freq)
    return table


@functools.lru_cache(maxsize=1)
def common_bigrams() -> frozenset[str]:
    """The :data:`COMMON_COUNT` most frequent bigrams (the file is sorted most frequent first)."""
    return frozenset(list(bigram_frequencies())[:COMMON_COUNT])


def index_bigrams(text: str) -> list[str]:
    """Bigrams of the Thai runs in ``text`` to index, in text order, without the common ones."""
    common = common_bigrams()
    return [gram for gram in subword_ngrams(text, 2) if gram not in common]


def _is_abbreviation(token: str) -> bool:
    return is_dotted_abbreviation(token) or bool(expand_abbreviation(token))


def query_bigrams(text: str, limit: int = QUERY_LIMIT) -> list[str]:
    """The at most ``limit`` rarest distinct uncommon bigrams of ``text`` (ties: text order).

    Abbreviations (กทม., ก.พ.ร., สพฐ) are left out: their letters are not a spelled-out word, and
    their bigrams would make the short form required where a record has the full name.
    """
    freqs = bigram_frequencies()
    words = " ".join(token for token in text.split() if not _is_abbreviation(token))
    grams = list(dict.fromkeys(index_bigrams(words)))
    return sorted(grams, key=lambda gram: freqs.get(gram, 0))[:limit]


def _write_table(path: Path = FREQUENCY_FILE) -> None:
    import pythainlp

    with open(path, "w", encoding="utf-8") as fh:
        fh.write(f"# Thai character bigram<TAB>frequency, from PyThaiNLP {pythainlp.__version__}'s\n"
                 "# Thai National Corpus word frequencies (tnc_freq.txt); see subwords.py.\n")
        for gram, freq in build_frequency_table():
            fh.write(f"{gram}\t{freq}\n")


if __name__ == "__main__":
    _write_table(Path(sys.argv[1]) if len(sys.argv) > 1 else FREQUENCY_FILE)

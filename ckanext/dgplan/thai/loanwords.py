"""Loanwords written in Thai script and in their source language, for the search index.

Publishers write a borrowed word either in Thai or in Latin script (โควิด / COVID-19,
อินเทอร์เน็ต / internet), and one loanword has several Thai spellings (แก๊ส / ก๊าซ, คลิก / คลิ๊ก).
A search in one form should find the others. The table is the Thai-English transliteration
dictionary that ships inside the PyThaiNLP wheel (``pythainlp.corpus.th_en_translit``, v1.4;
Wannaphong Phatthiyaphaibun, 2022, https://doi.org/10.5281/zenodo.6716672): about 3,800 Thai
spellings of 3,500 English words, a general list not drawn from any catalogue.

Both directions are resolved at index time, like the agency abbreviations in :mod:`.variants`:
a document with ``COVID-19`` also indexes โควิด, one with คอมพิวเตอร์ also indexes ``computer``, and one
with แก๊ส also indexes ก๊าซ (through their shared English word). Queries are not expanded, so the
minimum-match of a query counts only what the user typed.
"""
from __future__ import annotations

import functools
import re
from typing import Iterable

from .normalize import normalize_for_search

__all__ = ["cross_script_forms", "dictionary_words", "english_forms", "thai_forms"]

# Shorter Thai spellings in the table (บาว, บัต, คอล) are also pieces of ordinary Thai words; as
# extra dictionary words they would change how ordinary text is cut.
_MIN_DICTIONARY_LENGTH = 5
# Single Latin letters and two-letter words (ad, ok) stand for too many things to be looked up.
_MIN_LATIN_LENGTH = 3
# A Latin word as it appears in text; hyphenated forms (covid-19, e-commerce) are tried whole too.
_LATIN_RE = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")


@functools.lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
    from pythainlp.corpus.th_en_translit import TRANSLITERATE_EN, get_transliteration_dict

    th_to_en: dict[str, list[str]] = {}
    en_to_th: dict[str, list[str]] = {}
    for thai, entry in get_transliteration_dict().items():
        thai = normalize_for_search(thai)
        if not thai or " " in thai:
            continue  # multi-word names (จอร์จ วอชิงตัน) are not single index tokens
        for english in entry[TRANSLITERATE_EN]:
            if not isinstance(english, str):
                continue  # the dictionary's type allows flags; its English forms are all text
            english = english.lower()
            if len(english) < _MIN_LATIN_LENGTH or not _LATIN_RE.fullmatch(english):
                continue
            th_to_en.setdefault(thai, []).append(english)
            en_to_th.setdefault(english, []).append(thai)
    return ({k: tuple(dict.fromkeys(v)) for k, v in th_to_en.items()},
            {k: tuple(dict.fromkeys(v)) for k, v in en_to_th.items()})


@functools.lru_cache(maxsize=1)
def dictionary_words() -> frozenset[str]:
    """Thai loanword spellings long enough to join the segmentation dictionary.

    Without them newmm cuts an unknown loanword into syllables (กรอสซูลาร์ → กรอ ส ซู ลาร์), so its
    pieces match unrelated words and the whole word can never be looked up.
    """
    return frozenset(w for w in _tables()[0] if len(w) >= _MIN_DICTIONARY_LENGTH)


def english_forms(thai_word: str) -> tuple[str, ...]:
    """Source-language (lowercase Latin) forms of a Thai loanword; ``()`` if it is not one."""
    return _tables()[0].get(thai_word, ())


def thai_forms(english_word: str) -> tuple[str, ...]:
    """Thai spellings of an English word written in Latin script (any case); ``()`` if none."""
    return _tables()[1].get(english_word.lower(), ())


def _latin_words(text: str) -> Iterable[str]:
    for word in _LATIN_RE.findall(text.lower()):
        yield word
        if "-" in word:
            yield from word.split("-")


def cross_script_forms(thai_tokens: Iterable[str], texts: Iterable[str]) -> tuple[list[str], list[str]]:
    """The other written forms of the loanwords in a document: ``(thai, latin)``.

    ``thai_tokens`` are the document's segmented Thai words; ``texts`` its raw texts, whose Latin
    words are looked up. A Thai loanword gives its English word and the other Thai spellings of that
    word; an English word gives its Thai spellings. Forms already among ``thai_tokens`` are left out.
    """
    # Dicts, not sets: the index text comes out in the same order on every run.
    seen = dict.fromkeys(thai_tokens)
    thai: dict[str, None] = {}
    latin: dict[str, None] = {}
    for token in seen:
        for english in english_forms(token):
            latin[english] = None
            thai.update(dict.fromkeys(thai_forms(english)))
    for text in texts:
        for word in _latin_words(text):
            if len(word) >= _MIN_LATIN_LENGTH:
                thai.update(dict.fromkeys(thai_forms(word)))
    return [w for w in thai if w not in seen], list(latin)

"""Thai-language utilities for ckanext-dgplan.

Pure Python (stdlib + PyThaiNLP); nothing here imports CKAN, so it can be
used and tested anywhere.

Modules:

* :mod:`.errors` — :class:`ThaiInputError` (bilingual ``.th`` / ``.en``)
  and its subclasses;
* :mod:`.normalize` — canonical Unicode form of Thai text;
* :mod:`.segment` — word segmentation for search (PyThaiNLP ``newmm``);
* :mod:`.subwords` — character bigrams for search, weighted by general Thai frequency;
* :mod:`.romanize` — RTGS romanization and URL slugs;
* :mod:`.dates` — Buddhist Era dates, Thai month names, fiscal years;
* :mod:`.tags` — tag validation;
* :mod:`.numbers` — number and percentage parsing;
* :mod:`.agencies` — agency abbreviation table.

``normalize`` and ``segment`` are not re-exported here because they share
their name with their module (``import ckanext.dgplan.thai.segment as m``
would then return the function); import them from their modules.

The modules that need PyThaiNLP (segment, romanize, agencies) are imported
lazily on first attribute access, so validating a tag or a date does not pay
for loading the tokenizer.
"""
from __future__ import annotations

import importlib
from typing import Any

from .dates import (
    fiscal_year_be,
    format_english_date,
    format_thai_date,
    parse_date,
    parse_year,
    to_be_year,
    to_ce_year,
)
from .errors import ThaiDateError, ThaiInputError, ThaiNumberError, ThaiTagError
from .normalize import normalize_for_search, thai_digits_to_arabic
from .numbers import parse_number, parse_percent
from .tags import TAG_RE, check_tag, is_valid_tag, normalize_tag, split_tag_string

_LAZY = {
    "segment_for_index": ".segment",
    "index_tokens": ".segment",
    "subword_ngrams": ".segment",
    "compound_parts": ".segment",
    "has_thai": ".segment",
    "load_words_file": ".segment",
    "dictionary_trie": ".segment",
    "romanize_word": ".romanize",
    "slugify": ".romanize",
    "expand_abbreviation": ".agencies",
    "abbreviations": ".agencies",
}

__all__ = [
    "ThaiInputError",
    "ThaiDateError",
    "ThaiTagError",
    "ThaiNumberError",
    "normalize_for_search",
    "thai_digits_to_arabic",
    "parse_date",
    "parse_year",
    "format_thai_date",
    "format_english_date",
    "to_be_year",
    "to_ce_year",
    "fiscal_year_be",
    "TAG_RE",
    "check_tag",
    "is_valid_tag",
    "normalize_tag",
    "split_tag_string",
    "parse_number",
    "parse_percent",
    *_LAZY,
]


def __getattr__(name: str) -> Any:
    # PEP 562 lazy attribute: only the PyThaiNLP-backed names land here.
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value
    return value

"""Thai search on CKAN's stock Solr schema.

Stock CKAN indexes text with Solr's whitespace tokenizer, so a Thai title (no spaces between words) is
one long token and no word inside it can be found. Instead of changing the Solr schema, both sides are
segmented with the same functions from ``thai/``: at index time the word-segmented text is added next to
the original in fields the stock schema already searches (``title``, ``notes``, ``text``), and at query
time Thai runs in ``q`` are segmented into space-separated words. Everything else in the query (Latin
words, numbers, quoted phrases, ``field:value`` terms, operators, ``fq``) is left as it was.
"""
from __future__ import annotations

import functools
import json
import logging
import re
from typing import Any, Iterable

from ckanext.dgplan import config as dgplan_config
from ckanext.dgplan.thai import normalize as thai_normalize
from ckanext.dgplan.thai import segment as thai_segment
from ckanext.dgplan.thai import variants as thai_variants

log = logging.getLogger(__name__)

# Free-text dataset fields (GD Catalog schema) whose words should be findable besides title/notes.
_EXTRA_TEXT_FIELDS = (
    "data_source", "objective_other", "maintainer", "data_type_other", "geo_coverage_other",
    "data_format_other", "license_other", "data_language_other", "url", "high_value_dataset_reason",
)

# A query token is a quoted phrase, or a run of non-space characters.
_TOKEN_RE = re.compile(r'"[^"]*"|\S+')
# Tokens that are query syntax, not words: field:value terms, boolean operators, ranges, local params.
_SYNTAX_RE = re.compile(r'^(?:[+-]?[\w.]+:|AND$|OR$|NOT$|&&$|\|\|$|\{!|\[|\()')


@functools.lru_cache(maxsize=1)
def _extra_words() -> frozenset[str]:
    path = dgplan_config.dgplan_extra_words_file()
    if not path:
        return frozenset()
    try:
        return thai_segment.load_words_file(path)
    except OSError as err:
        log.warning("ckanext.dgplan.search.extra_words_file %s could not be read: %s", path, err)
        return frozenset()


def dgplan_segment_text(text: str) -> str:
    """Normalized, word-segmented text for a whitespace-tokenized Solr field (the query side)."""
    return thai_segment.segment_for_index(text, extra_words=_extra_words() or None)


def _index_tokens(text: str) -> list[str]:
    # Index side: each dictionary compound is followed by its parts, so that a search for
    # เลือกตั้ง finds a document segmented as การเลือกตั้ง; the extra tokens cost nothing at query time.
    return thai_segment.index_tokens(text, _extra_words() or None, compound_parts=True)


@functools.lru_cache(maxsize=20_000)
def _short_text_tokens(text: str) -> tuple[str, ...]:
    # Tags, agency names and resource names repeat across a whole reindex; titles and notes do not,
    # so only these are cached.
    return tuple(_index_tokens(text))


@functools.lru_cache(maxsize=4096)
def _name_tokens(name: str) -> tuple[str, ...]:
    return tuple(thai_segment.index_tokens(name, _extra_words() or None))


def dgplan_variant_tokens(tokens: Iterable[str]) -> list[str]:
    """Abbreviation and full-name forms of the agency names among ``tokens`` (index side).

    กทม. in a document also indexes กรุงเทพมหานคร and the other way round, so a query with either
    form finds both without any query-side expansion (which dismax's minimum-match would turn into
    extra required words).
    """
    out: list[str] = []
    for token in dict.fromkeys(tokens):
        for name in thai_variants.abbreviation_variants(token):
            out.extend(_name_tokens(name))
    return out


def _organization_title(pkg_dict: dict[str, Any]) -> str:
    # The index document only keeps the organization's name; its (Thai) title is in the stored dict.
    try:
        org = json.loads(pkg_dict.get("validated_data_dict") or "{}").get("organization") or {}
    except ValueError:
        return ""
    return org.get("title") or ""


def _thai_texts(pkg_dict: dict[str, Any]) -> list[str]:
    """The other Thai text of a dataset that should be findable: tags, free-text fields, agency, resources."""
    texts = [*(pkg_dict.get("tags") or []), *(pkg_dict.get(k) for k in _EXTRA_TEXT_FIELDS),
             _organization_title(pkg_dict), *(pkg_dict.get("res_name") or [])]
    return [t for t in texts if isinstance(t, str) and thai_segment.has_thai(t)]


def dgplan_index_dataset(pkg_dict: dict[str, Any]) -> dict[str, Any]:
    """Add word-segmented Thai text to the index document (before_dataset_index).

    Each text is segmented once; title and notes keep their own text and gain its words (so
    ``title^4`` still weighs them), everything else goes to the catch-all ``text`` field.
    """
    if not dgplan_config.dgplan_search_enabled():
        return pkg_dict
    all_tokens: list[str] = []
    for key in ("title", "notes"):
        value = pkg_dict.get(key)
        if isinstance(value, str) and thai_segment.has_thai(value):
            tokens = _index_tokens(value)
            all_tokens.extend(tokens)
            pkg_dict[key] = f"{thai_normalize.normalize(value)}\n{' '.join(tokens)}"
    extra: list[str] = []
    for value in _thai_texts(pkg_dict):
        tokens = _short_text_tokens(value)
        all_tokens.extend(tokens)
        extra.append(" ".join(tokens))
    variants = dgplan_variant_tokens(all_tokens)
    if variants:
        extra.append(" ".join(variants))
    if extra:
        text = pkg_dict.get("text") or []
        if isinstance(text, str):
            text = [text]
        pkg_dict["text"] = list(text) + extra
    return pkg_dict


def dgplan_segment_query(q: str) -> str:
    """Rewrite a user query so that its Thai runs become separate words.

    Latin words, numbers, ``field:value`` terms, boolean operators and brackets pass through
    unchanged; a quoted phrase keeps its quotes with its Thai words segmented inside, so it still
    matches as a phrase against the segmented index.
    """
    if not q or not thai_segment.has_thai(q):
        return q
    out: list[str] = []
    for token in _TOKEN_RE.findall(thai_normalize.normalize(q)):
        if token.startswith('"') and token.endswith('"') and len(token) >= 2:
            inner = token[1:-1]
            out.append(f'"{dgplan_segment_text(inner)}"' if thai_segment.has_thai(inner) else token)
        elif _SYNTAX_RE.match(token) or not thai_segment.has_thai(token):
            out.append(token)
        else:
            out.append(dgplan_segment_text(token))
    return " ".join(t for t in out if t)


def dgplan_prepare_search(search_params: dict[str, Any]) -> dict[str, Any]:
    """Segment Thai words in ``q`` (before_dataset_search); other parameters are left alone."""
    if not dgplan_config.dgplan_search_enabled():
        return search_params
    q = search_params.get("q")
    if isinstance(q, str):
        search_params["q"] = dgplan_segment_query(q)
    return search_params

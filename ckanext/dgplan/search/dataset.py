"""Thai search on CKAN's stock Solr schema.

Stock CKAN indexes text with Solr's whitespace tokenizer, so a Thai title (no spaces between words) is
one long token and no word inside it can be found. Instead of changing the Solr schema, both sides are
cut with the same functions from ``thai/`` and the pieces are written as space-separated tokens into
fields the stock schema already searches (``title``, ``notes``, ``text``):

* **words** (PyThaiNLP segmentation, dictionary compounds followed by their parts), and
* **sub-word terms**: character bigrams of every Thai run (:mod:`~ckanext.dgplan.thai.subwords`:
  all but the most common ones of general Thai), each written with the marker
  :data:`SUBWORD_MARK` in front so that a bigram never collides with a real two-letter word.
  Word segmentation alone misses whenever the publisher and the searcher cut or spell a word
  differently (ผลการ|จัดซื้อ vs การ|จัดซื้อ, สิถิติ for สถิติ, อินเทอร์เน็ต / อินเตอร์เน็ต); most of the
  bigrams of two spellings are shared, so such records are still found, ranked below exact words.
  All bigrams go straight into ``text``: the stock schema copies ``title`` into ``title_ngram``
  (every 2-10 character n-gram of the whole value), so anything added to ``title`` costs about
  nine index terms per character; with bigrams and the original text in ``title`` a reindex spent
  twice stock CKAN's Solr time, for no better ranking on the benchmark.
* **other written forms** from general tables: an agency's abbreviation and full name
  (:mod:`~ckanext.dgplan.thai.variants`), and a loanword's Latin and Thai spellings
  (:mod:`~ckanext.dgplan.thai.loanwords`: ``COVID-19`` / โควิด, แก๊ส / ก๊าซ). They are added at index
  time only, so a query's minimum-match counts just what the user typed.

A plain Thai query (no query syntax) becomes one edismax query whose clauses are its words and, with
a small weight, its rarest few bigrams, joined by ``OR`` under a relaxed minimum-match
(``ckanext.dgplan.search.mm``): a record must share most of the query, not every piece of it.
Queries with syntax (``field:value``, quotes, brackets, boolean operators) keep CKAN's own parser;
only their Thai runs are segmented. Latin-only queries and ``fq`` are not touched, and parameters that
another extension or the caller has already set (``defType``, ``mm``, ``qf``) are left alone.
"""
from __future__ import annotations

import dataclasses
import functools
import json
import logging
import re
from typing import Any, Iterable

from ckanext.dgplan import config as dgplan_config
from ckanext.dgplan.thai import loanwords as thai_loanwords
from ckanext.dgplan.thai import normalize as thai_normalize
from ckanext.dgplan.thai import segment as thai_segment
from ckanext.dgplan.thai import subwords as thai_subwords
from ckanext.dgplan.thai import variants as thai_variants

log = logging.getLogger(__name__)

# Free-text dataset fields (GD Catalog schema) whose words should be findable besides title/notes.
_EXTRA_TEXT_FIELDS = (
    "data_source", "objective_other", "maintainer", "data_type_other", "geo_coverage_other",
    "data_format_other", "license_other", "data_language_other", "url", "high_value_dataset_reason",
)

#: Put in front of every sub-word (bigram) term. ฃ (U+0E03) is an obsolete letter: no modern Thai word
#: starts with it, Solr's stock text analysis keeps it as a letter, so ``ฃวัด`` stays one term that
#: a search for the word ``วัด`` never matches.
SUBWORD_MARK = "\u0e03"
# Sub-word terms count far less than words: they are evidence that a record is about the query,
# not proof (0.1 was the best of 0.02-0.4 on the benchmark's dev queries, and the curve is flat).
_SUBWORD_BOOST = "0.1"
#: package_search parameter (``ext_`` parameters reach before_dataset_search) choosing how a plain
#: Thai query matches: :data:`MATCH_WORDS`, its exact words only, or :data:`MATCH_ALL`, words and
#: bigrams. Without it, the words are tried first (see logic/action_search.py).
MATCH_PARAM = "ext_dgplan_match"
MATCH_WORDS = "words"
MATCH_ALL = "all"
MATCH_MODES = (MATCH_WORDS, MATCH_ALL)
# Solr refuses queries of more than 1024 clauses; long pasted text keeps its first pieces.
_MAX_CLAUSES = 256
# Query syntax that switches the rewrite off: such queries go to CKAN's parser as written.
_SYNTAX_CHARS_RE = re.compile(r'["():\[\]{}^~*?\\]')
_OPERATOR_RE = re.compile(r"^(?:AND|OR|NOT|&&|\|\||[+-].*)$")
# Characters that are operators inside an edismax query even in the middle of a word.
_ESCAPE_RE = re.compile(r'([+\-&|!/])')
# field:value with a bare value (no phrase, range, group, wildcard or escape): its Thai can be cut.
_FIELD_TERM_RE = re.compile(r'^(?P<sign>[+-]?)(?P<field>[A-Za-z_][\w.]*):(?P<value>[^\s"()\[\]{}*?~^\\:]+)$')
# A query token is a phrase (quoted, perhaps signed and fielded, perhaps with a ~slop or ^boost
# after it) kept whole with its spaces, or a run of non-space characters.
# A token that is a phrase has the group "inner".
_TOKEN_RE = re.compile(
    r'(?P<sign>[+-]?)(?:(?P<field>[A-Za-z_][\w.]*):)?"(?P<inner>[^"]*)"(?P<suffix>(?:[~^][\d.]*)*)|\S+')
# Tokens that are query syntax, not words: field:value terms, boolean operators, ranges, local params.
_SYNTAX_RE = re.compile(r'^(?:[+-]?[\w.]+:|AND$|OR$|NOT$|&&$|\|\|$|\{!|\[|\()')


# What a Solr string field stores unchanged: XML 1.0's characters (no lone surrogates, no U+FFFE/F).
_UNSTORABLE_RE = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


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


@functools.lru_cache(maxsize=20_000)
def _short_text_subwords(text: str) -> str:
    return " ".join(dgplan_subword_terms(text))


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


def dgplan_loanword_terms(thai_tokens: list[str], texts: list[str], subwords: bool) -> list[str]:
    """Index text for the other written forms of a document's loanwords (see :mod:`.thai.loanwords`).

    Thai forms are segmented like any other Thai text, and get their bigrams when sub-words are on:
    a plain Thai query also counts its bigrams towards the minimum-match, so without them a record
    that wrote only ``COVID-19`` would meet the words of โควิด-19 but not enough of the query.
    """
    thai, latin = thai_loanwords.cross_script_forms(thai_tokens, texts)
    out = [" ".join(latin)] if latin else []
    for form in thai:
        out.append(" ".join(_name_tokens(form)))
        if subwords:
            out.append(_short_text_subwords(form))
    return out


def dgplan_subword_terms(text: str) -> list[str]:
    """Marked character bigrams of the Thai runs in ``text`` to index (see :data:`SUBWORD_MARK`)."""
    return [SUBWORD_MARK + gram for gram in thai_subwords.index_bigrams(text)]


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


def _storable_json(value: Any, written: str) -> str:
    compact = json.dumps(value, ensure_ascii=False)
    # Characters a stored string cannot carry unchanged (lone surrogates, U+FFFE/U+FFFF) keep their
    # escapes, so the value read back is the value written.
    return written if _UNSTORABLE_RE.search(compact) else compact


def dgplan_compact_stored_json(pkg_dict: dict[str, Any]) -> dict[str, Any]:
    """Store the index document's JSON copies of the dataset with Thai as UTF-8 (before_dataset_index).

    CKAN writes ``validated_data_dict`` (what every search result is read from) and ``data_dict``
    with ``json.dumps``' default ASCII escapes: each Thai character takes six bytes (``\\u0e2a``) instead
    of three, and seven in Solr's JSON answer. The same JSON without the escapes decodes to the same
    dictionary, and makes each stored document and each page of results smaller for Thai datasets
    (benchmark corpus: the 11 documents CKAN fetches for a page of 10, 27.8 KB → 20.0 KB).
    Anything that is not such a JSON string is left as it is.
    """
    try:
        validated = pkg_dict.get("validated_data_dict")
        if isinstance(validated, str):
            validated = pkg_dict["validated_data_dict"] = _storable_json(json.loads(validated), validated)
        data_dict = pkg_dict.get("data_dict")
        if isinstance(data_dict, str):
            # data_dict is the package dict as indexed, which holds validated_data_dict again.
            loaded = json.loads(data_dict)
            if isinstance(loaded, dict) and isinstance(loaded.get("validated_data_dict"), str) \
                    and isinstance(validated, str):
                loaded["validated_data_dict"] = validated
            pkg_dict["data_dict"] = _storable_json(loaded, data_dict)
    except ValueError:
        pass
    return pkg_dict


def dgplan_index_dataset(pkg_dict: dict[str, Any]) -> dict[str, Any]:
    """Add word-segmented Thai text and sub-word terms to the index document (before_dataset_index).

    Each text is segmented once. A Thai title or description is replaced by its words (Latin words
    and numbers pass through segmentation unchanged; the unsegmented Thai would be one long token
    that no segmented query can match), so ``title^4`` still weighs title words; bigrams and the
    words of tags, free-text fields, agency and resources go to the catch-all ``text`` field.
    What users see comes from the stored ``validated_data_dict``, not from these fields.
    """
    if not dgplan_config.dgplan_search_enabled():
        return pkg_dict
    subwords_on = dgplan_config.dgplan_search_subwords()
    loanwords_on = dgplan_config.dgplan_search_loanwords()
    # Latin words are looked up in the loanword table as the publisher wrote them, before the Thai
    # title and notes below are replaced by their words.
    written = [v for v in (pkg_dict.get("title"), pkg_dict.get("notes"), *(pkg_dict.get("tags") or []))
               if isinstance(v, str)] if loanwords_on else []
    all_tokens: list[str] = []
    extra: list[str] = []
    for key in ("title", "notes"):
        value = pkg_dict.get(key)
        if isinstance(value, str) and thai_segment.has_thai(value):
            tokens = _index_tokens(value)
            all_tokens.extend(tokens)
            pkg_dict[key] = " ".join(tokens)
            if subwords_on:
                extra.append(" ".join(dgplan_subword_terms(value)))
    for value in _thai_texts(pkg_dict):
        short = _short_text_tokens(value)
        all_tokens.extend(short)
        extra.append(" ".join(short))
        if subwords_on:
            extra.append(_short_text_subwords(value))
    variants = dgplan_variant_tokens(all_tokens)
    if variants:
        extra.append(" ".join(variants))
    if loanwords_on:
        extra.extend(dgplan_loanword_terms(all_tokens, written, subwords_on))
    if extra:
        text = pkg_dict.get("text") or []
        if isinstance(text, str):
            text = [text]
        pkg_dict["text"] = list(text) + extra
    return pkg_dict


# Popular queries repeat; their rewrite is pure (it depends on the query and the dictionary only).
@functools.lru_cache(maxsize=4096)
def dgplan_segment_query(q: str) -> str:
    """Rewrite a user query so that its Thai runs become separate words.

    Latin words, numbers, boolean operators and brackets pass through unchanged; a quoted phrase
    keeps its quotes (and its sign, slop or boost) with its Thai words segmented inside, so it still
    matches as a phrase against the segmented index. A ``field:value`` term or ``field:"phrase"``
    whose Thai is several words also matches those words as a phrase (``title:ทะเบียนวัด`` →
    ``(title:ทะเบียนวัด OR title:"ทะเบียน วัด")``): the value as written still matches string fields
    such as ``tags``, the phrase of its words the segmented text fields.
    """
    if not q or not thai_segment.has_thai(q):
        return q
    out: list[str] = []
    for match in _TOKEN_RE.finditer(thai_normalize.normalize(q)):
        token = match.group()
        field_term = _FIELD_TERM_RE.match(token)
        if match["inner"] is not None:
            out.append(_segment_phrase(token, *match.group("sign", "field", "inner", "suffix")))
        elif field_term and thai_segment.has_thai(field_term["value"]):
            sign, field, value = field_term.group("sign", "field", "value")
            words = dgplan_segment_text(value)
            if not words or words == value:
                out.append(token)
            else:
                out.append(f'{sign}({field}:{value} OR {field}:"{words}")')
        elif _SYNTAX_RE.match(token) or not thai_segment.has_thai(token):
            out.append(token)
        else:
            out.append(dgplan_segment_text(token))
    return " ".join(t for t in out if t)


def _segment_phrase(token: str, sign: str, field: str | None, inner: str, suffix: str) -> str:
    words = dgplan_segment_text(inner) if thai_segment.has_thai(inner) else ""
    if not words or words == inner:
        return token
    if not field:
        return f'{sign}"{words}"{suffix}'
    return f'{sign}({field}:"{inner}"{suffix} OR {field}:"{words}"{suffix})'


def _is_plain(q: str) -> bool:
    return not _SYNTAX_CHARS_RE.search(q) and not any(_OPERATOR_RE.match(tok) for tok in q.split())


@functools.lru_cache(maxsize=4096)
def dgplan_thai_query(q: str, subwords: bool = True) -> str | None:
    """The edismax ``q`` for a plain query with Thai in it, or None if ``q`` is not one.

    Clauses: the query's words (as :func:`dgplan_segment_query` cuts them), then, if ``subwords``, its
    rarest marked bigrams (:func:`~ckanext.dgplan.thai.subwords.query_bigrams`) in ``text`` with a low
    boost; duplicates dropped, at most :data:`_MAX_CLAUSES`, all joined with ``OR`` so that the
    minimum-match decides how many must be found.
    """
    normalized = thai_normalize.normalize(q or "")
    if not thai_segment.has_thai(normalized) or not _is_plain(normalized):
        return None
    words = dgplan_segment_text(normalized).split()
    clauses = list(dict.fromkeys(_ESCAPE_RE.sub(r"\\\1", w) for w in words))
    if subwords:
        # Bigrams are only ever indexed in text; naming the field spares Solr a lookup in every
        # other query field for each of them.
        clauses += [f"text:{SUBWORD_MARK}{gram}^{_SUBWORD_BOOST}"
                    for gram in thai_subwords.query_bigrams(normalized)]
    clauses = clauses[:_MAX_CLAUSES]
    return " OR ".join(clauses) if clauses else None


def dgplan_chosen_match(search_params: dict[str, Any]) -> str | None:
    """The match mode (:data:`MATCH_PARAM`) a caller chose, as given, or None."""
    # API callers pass ext_ parameters at the top level; CKAN moves them into "extras", where the
    # web UI's search pages put them in the first place.
    extras = search_params.get("extras")
    mode = extras.get(MATCH_PARAM) if isinstance(extras, dict) else None
    return search_params.get(MATCH_PARAM) or mode


def _match_mode(search_params: dict[str, Any]) -> str:
    mode = dgplan_chosen_match(search_params)
    return mode if mode in MATCH_MODES else MATCH_ALL


def _rewrites(search_params: dict[str, Any]) -> bool:
    # The plain-query rewrite needs sub-words (else only segmentation applies) and leaves alone a
    # search whose parser or fields the caller or another extension chose.
    return (dgplan_config.dgplan_search_enabled() and dgplan_config.dgplan_search_subwords()
            and not any(search_params.get(key) for key in ("defType", "mm", "qf")))


def dgplan_words_first(search_params: dict[str, Any]) -> bool:
    """Whether a package_search should first be tried on the exact words of its Thai query.

    True for a plain Thai query that :func:`dgplan_prepare_search` would rewrite, with
    ``ckanext.dgplan.search.words_first`` on and no match mode (:data:`MATCH_PARAM`) chosen by the
    caller.
    """
    q = search_params.get("q")
    return (isinstance(q, str) and dgplan_config.dgplan_search_words_first()
            and not dgplan_chosen_match(search_params) and _rewrites(search_params)
            and dgplan_thai_query(q, subwords=False) is not None)


def dgplan_prepare_search(search_params: dict[str, Any]) -> dict[str, Any]:
    """Rewrite a Thai ``q`` for the segmented index (before_dataset_search).

    A plain Thai query becomes :func:`dgplan_thai_query` under edismax with the configured
    minimum-match: its words and bigrams, or only its words when the match mode
    (:data:`MATCH_PARAM`) is :data:`MATCH_WORDS`. If sub-words are switched off or the caller (or
    another extension) chose ``defType``, ``mm`` or ``qf`` itself, then, as for queries with syntax,
    only the Thai runs of ``q`` are segmented. Nothing else in the parameters is changed.
    """
    if not dgplan_config.dgplan_search_enabled():
        return search_params
    q = search_params.get("q")
    if not isinstance(q, str):
        return search_params
    rewritten = None
    if _rewrites(search_params):
        rewritten = dgplan_thai_query(q, subwords=_match_mode(search_params) == MATCH_ALL)
    if rewritten:
        search_params["q"] = rewritten
        search_params["defType"] = "edismax"
        search_params["mm"] = dgplan_config.dgplan_search_mm()
    else:
        search_params["q"] = dgplan_segment_query(q)
    return search_params


def dgplan_skip_unasked_facets(search_params: dict[str, Any]) -> dict[str, Any]:
    """Ask Solr for no facet counts when a search asks for no facet fields (before_dataset_search).

    CKAN sends ``facet=true`` with every search. Without a ``facet.field`` Solr returns no counts,
    but it still collects the set of every matching document to count over, which for a query that
    matches thousands of datasets is much of its work (Solr's QTime 0.65 → 0.36 ms on average over
    the benchmark's queries at 40,000 documents). The answer is the same: empty facets. API
    searches usually ask for no facets; the search pages ask for theirs and are not changed, nor is
    a ``facet`` the caller set.
    """
    if "facet" not in search_params and not search_params.get("facet.field"):
        search_params["facet"] = "false"
    return search_params


# --- Malformed queries (issue 16): repaired where the intent is clear, else refused in plain words.

#: Every message about a malformed search: key → (Thai, English). The English text is also the msgid
#: of the Thai translation in the .po, which the search page shows (the API gives both languages).
#: All are str.format templates (``{{ }}`` is a brace): ``{query}``, ``{reasons}``, ``{sort}``,
#: ``{param}`` are filled in by the caller.
DGPLAN_SEARCH_MESSAGES: dict[str, tuple[str, str]] = {
    # What was searched instead of a repaired query.
    "repaired": ("ค้นหา {query} แทน: {reasons}", "Searched for {query} instead: {reasons}"),
    # Why (joined with "; ").
    "quote_closed": ("เติมเครื่องหมายคำพูดปิดที่ขาดไป", "the missing closing quote was added"),
    "quote_removed": ("ลบเครื่องหมายคำพูดที่ไม่มีคู่ท้ายคำค้น",
                      "the unpaired quote at the end was removed"),
    "paren_closed": ("เติมวงเล็บปิดที่ขาดไป", "the missing closing bracket was added"),
    "paren_removed": ("ลบวงเล็บที่ไม่มีคู่หรือไม่มีคำข้างใน",
                      "a bracket without its pair or without words inside was removed"),
    "operator_removed": ("ลบตัวดำเนินการ (AND, OR, NOT, +, -) ที่ไม่มีคำให้เชื่อม",
                         "an operator (AND, OR, NOT, +, -) with no word to join was removed"),
    "field_word": ("ค้นชื่อฟิลด์ที่ไม่มีค่า (เช่น title:) เป็นคำธรรมดา",
                   "a field name without a value (such as title:) was searched as a word"),
    "boost_removed": ("ลบเครื่องหมาย ^ ที่ไม่มีตัวเลขตามหลัง", "a ^ with no number after it was removed"),
    "escape_removed": ("ลบเครื่องหมาย \\ ท้ายคำค้น", "the \\ at the end was removed"),
    # Refusals: what to change.
    "no_words": ("คำค้นมีแต่ตัวดำเนินการ (AND, OR, NOT) หรือเครื่องหมาย ไม่มีคำที่จะค้น: "
                 "พิมพ์คำที่ต้องการค้น เช่น น้ำ AND ฝน",
                 "The query has only operators (AND, OR, NOT) or signs and no words to search for: "
                 "type the words to find, e.g. water AND rain"),
    "range": ("ช่วงค่าเขียนไม่ครบ: เขียนเป็น [ค่าต้น TO ค่าปลาย] ให้มีวงเล็บเปิดและปิด เช่น [1 TO 10] "
              "หรือลบเครื่องหมาย [ ] {{ }} ออก",
              "The range is incomplete: write it as [from TO to] with both brackets, e.g. [1 TO 10], "
              "or remove the [ ] {{ }} signs"),
    "colon": ("ใช้เครื่องหมาย : ได้ครั้งเดียวในแต่ละคำ (ชื่อฟิลด์:ค่า เช่น title:น้ำ): "
              "ถ้าค่ามีเครื่องหมาย : ให้ใส่ค่าในเครื่องหมายคำพูด",
              "Use one : per term (field:value, e.g. title:water): "
              "put a value that contains : in quotes"),
    "syntax": ("เครื่องหมายในคำค้นใช้ไม่ถูกต้องตามไวยากรณ์การค้นหา: ลบเครื่องหมาย \" ( ) [ ] {{ }} : ^ ~ * ? \\ ! "
               "ออก หรือใส่คำค้นทั้งหมดในเครื่องหมายคำพูด",
               "The query's signs are not valid search syntax: remove the \" ( ) [ ] {{ }} : ^ ~ * ? \\ ! "
               "signs, or put the whole query in quotes"),
    "fq": ("ตัวกรอง fq เขียนไม่ถูกต้องตามไวยากรณ์การค้นหา: ให้เครื่องหมายคำพูดและวงเล็บครบคู่ "
           "และเขียนเป็น ชื่อฟิลด์:ค่า เช่น tags:\"สถิติ\"",
           "The filter fq is not valid search syntax: pair its quotes and brackets and write it as "
           "field:value, e.g. tags:\"statistics\""),
    "sort": ("เรียงลำดับด้วย \"{sort}\" ไม่ได้: เขียนเป็นชื่อฟิลด์ตามด้วย asc หรือ desc "
             "เช่น metadata_modified desc หรือ title_string asc",
             "Cannot sort by \"{sort}\": write a field name followed by asc or desc, "
             "e.g. metadata_modified desc or title_string asc"),
    "local_params": ("ใช้ {{!...}} (local parameters) ใน {param} ไม่ได้: ลบส่วน {{!...}} ออก",
                     "Local parameters {{!...}} cannot be used in {param}: remove the {{!...}} part"),
}

_BINARY_OPERATORS = frozenset({"AND", "OR", "&&", "||"})
_UNARY_OPERATORS = frozenset({"NOT", "+", "-", "!"})
# How many repair passes at most: each pass can only remove or close something, so two are enough
# in practice (dropping an empty group can leave an operator dangling); the cap keeps it bounded.
_REPAIR_PASSES = 4


@dataclasses.dataclass(frozen=True)
class QueryRepair:
    """What :func:`dgplan_repair_query` made of a query.

    :ivar q: the query to search (the query as given if nothing was changed)
    :ivar changes: keys of :data:`DGPLAN_SEARCH_MESSAGES` saying what was changed, in order
    :ivar refusal: key of the message saying why the query cannot be searched, or None
    """

    q: str
    changes: tuple[str, ...] = ()
    refusal: str | None = None


def dgplan_search_messages() -> list[tuple[str, str]]:
    """Every (Thai, English) message about malformed searches (for the translation check)."""
    return list(DGPLAN_SEARCH_MESSAGES.values())


def dgplan_search_message(key: str, **args: str) -> tuple[str, str]:
    """The Thai and English message ``key`` of :data:`DGPLAN_SEARCH_MESSAGES`, filled in."""
    th, en = DGPLAN_SEARCH_MESSAGES[key]
    return th.format(**args), en.format(**args)


def _unescaped(q: str) -> list[tuple[int, str]]:
    """(position, character) of every character of ``q`` that a backslash does not escape."""
    out, escaped = [], False
    for i, ch in enumerate(q):
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        else:
            out.append((i, ch))
    return out


def _fix_quotes(q: str, changes: list[str]) -> str:
    quotes = [i for i, ch in _unescaped(q) if ch == '"']
    if len(quotes) % 2 == 0:
        return q
    last = quotes[-1]
    if not q[last + 1:].strip():
        # A lone quote at the end quotes nothing: it goes.
        changes.append("quote_removed")
        return q[:last].rstrip()
    changes.append("quote_closed")
    return q + '"'


def _tokens(q: str) -> list[tuple[str, bool]] | str:
    """Split ``q`` into (token, space before) outside quotes and ranges; brackets are tokens of their own.

    Returns a refusal key instead when a range bracket is unpaired or a term has two ``:``.
    """
    tokens: list[tuple[str, bool]] = []
    current: list[str] = []
    space = False
    in_quote = in_range = False
    colons = 0
    escaped = False

    def flush() -> None:
        nonlocal current, space, colons
        if current:
            tokens.append(("".join(current), space))
            current, space, colons = [], False, 0

    for ch in q:
        if escaped or ch == "\\":
            # A backslash escapes the next character, quotes and brackets included.
            current.append(ch)
            escaped = not escaped
            continue
        if in_quote:
            current.append(ch)
            in_quote = ch != '"'
            continue
        if in_range:
            current.append(ch)
            if ch in "[{":
                return "range"
            in_range = ch not in "]}"
            continue
        if ch == '"':
            in_quote = True
            current.append(ch)
        elif ch in "[{":
            in_range = True
            current.append(ch)
        elif ch in "]}":
            return "range"
        elif ch.isspace():
            flush()
            space = True
        elif ch in "()":
            flush()
            tokens.append((ch, space))
            space = False
        else:
            colons += ch == ":"
            if colons > 1:
                return "colon"
            current.append(ch)
    if in_range:
        return "range"
    flush()
    return tokens


def _kind(token: str) -> str:
    if token in _BINARY_OPERATORS:
        return "binary"
    if token in _UNARY_OPERATORS:
        return "unary"
    if token in "()":
        return token
    return "word"


def _balance_parens(tokens: list[tuple[str, bool]], changes: list[str]) -> list[list[Any]]:
    """Brackets: an unopened ")" goes, an unclosed "(" is closed at the end."""
    depth = 0
    kept: list[list[Any]] = []
    for token, space in tokens:
        if token == ")" and depth == 0:
            changes.append("paren_removed")
            continue
        depth += {"(": 1, ")": -1}.get(token, 0)
        kept.append([token, space])
    if depth:
        changes.append("paren_closed")
        kept.extend([")", False] for _ in range(depth))
    return kept


def _drop_dangling(kept: list[list[Any]], changes: list[str]) -> None:
    """Operators need a word on their right (and binary ones on their left); empty groups go."""
    changed = True
    while changed:
        changed = False
        for i, (token, _space) in enumerate(kept):
            kind = _kind(token)
            before = _kind(kept[i - 1][0]) if i else "("
            after = _kind(kept[i + 1][0]) if i + 1 < len(kept) else ")"
            if kind == "binary" and before in ("(", "binary", "unary") or \
                    kind in ("binary", "unary") and after in (")", "binary"):
                changes.append("operator_removed")
            elif kind == "(" and after == ")":
                changes.append("paren_removed")
                del kept[i + 1]
            else:
                continue
            if i + 1 < len(kept):
                kept[i + 1][1] = kept[i + 1][1] or kept[i][1]
            del kept[i]
            changed = True
            break


def _fix_fields(kept: list[list[Any]], changes: list[str]) -> None:
    """A field with no value before the end, a ")" or an operator is the word it names; a ^ with no
    boost after it goes."""
    for i, item in enumerate(kept):
        token = item[0]
        after = _kind(kept[i + 1][0]) if i + 1 < len(kept) else ")"
        if _kind(token) != "word":
            continue
        if token.endswith(":") and not token.endswith("\\:") and after in (")", "binary", "unary"):
            item[0] = token.rstrip(":")
            changes.append("field_word")
        elif token.startswith(":"):
            item[0] = token.lstrip(":")
            changes.append("field_word")
        elif token.endswith("^") and not token.endswith("\\^"):
            item[0] = token.rstrip("^")
            changes.append("boost_removed")


def _repair_pass(q: str, changes: list[str]) -> str | QueryRepair:
    q = _fix_quotes(q, changes)
    tokens = _tokens(q)
    if isinstance(tokens, str):
        return QueryRepair(q, tuple(changes), tokens)
    kept = _balance_parens(tokens, changes)
    _drop_dangling(kept, changes)
    _fix_fields(kept, changes)
    kept = [item for item in kept if item[0]]
    if not any(_kind(token) == "word" for token, _space in kept):
        return QueryRepair(q, tuple(changes), "no_words")
    if not changes:
        return q
    out = "".join((" " if space and i else "") + token for i, (token, space) in enumerate(kept))
    return out


def dgplan_repair_query(q: str) -> QueryRepair:
    """Repair a malformed query where what the user meant is clear, or say why it cannot be searched.

    Repaired: a lone quote at the end is dropped and an unclosed quote closed; an unopened ``)``
    dropped and an unclosed ``(`` closed; an empty group dropped; an operator (``AND``, ``OR``,
    ``NOT``, ``&&``, ``||``, a lone ``+ - !``) with no word to join dropped; ``field:`` with no
    value searched as the word ``field``; a ``^`` without a boost and a ``\\`` at the end dropped.
    Refused (:attr:`QueryRepair.refusal`): nothing but operators and signs (``no_words``), an
    unpaired range bracket (``range``), two ``:`` in one term (``colon``). A plain query (no
    syntax, as nearly every Thai search is), a well-formed one and one with local parameters
    (``{!...}``) are returned as they are.
    """
    if not isinstance(q, str) or not q.strip() or _is_plain(q) or q.lstrip().startswith("{!"):
        # Local parameters ({!...}) are CKAN's to allow or refuse (ckan.search.solr_allowed_query_parsers).
        return QueryRepair(q)
    changes: list[str] = []
    current = q
    trailing = len(current) - len(current.rstrip("\\"))
    if trailing % 2:
        current = current[:-1]
        changes.append("escape_removed")
    for _ in range(_REPAIR_PASSES):
        result = _repair_pass(current, changes)
        if isinstance(result, QueryRepair):
            return result
        if result == current:
            break
        current = result
    if not changes:
        return QueryRepair(q)
    return QueryRepair(current, tuple(dict.fromkeys(changes)))

"""Thai word segmentation for search indexing and slugs.

Thai is written without spaces between words, so a whitespace-tokenized
search field sees a whole phrase as one "word" and a search for any single
word in it fails. We cut text into words with PyThaiNLP's dictionary-based
``newmm`` tokenizer (no model download, deterministic, fast) using its default
word list plus Thai government agency names bundled in ``data/agencies.txt``
and the longer loanwords of PyThaiNLP's transliteration dictionary
(:mod:`.loanwords`), so that agency names, their abbreviations (``สพฐ.``,
``ก.พ.ร.``) and borrowed words survive as single tokens instead of being
chopped into syllables.
"""
from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable
from os import PathLike
from pathlib import Path

from pythainlp.corpus.common import thai_words
from pythainlp.tokenize import word_tokenize
from pythainlp.util import Trie

from .loanwords import dictionary_words as loanword_words
from .normalize import normalize, normalize_for_search

__all__ = [
    "DATA_DIR",
    "AGENCIES_FILE",
    "has_thai",
    "is_dotted_abbreviation",
    "load_words_file",
    "agency_words",
    "dictionary_trie",
    "segment",
    "segment_for_index",
    "index_tokens",
    "compound_parts",
    "subword_ngrams",
    "COMPOUND_MIN_LENGTH",
]

DATA_DIR = Path(__file__).resolve().parent / "data"
AGENCIES_FILE = DATA_DIR / "agencies.txt"

# The whole assigned Thai block: letters, vowels, tone marks, ฿, ฯ, ๆ, digits.
_THAI_RE = re.compile("[\u0e01-\u0e3a\u0e3f-\u0e5b]")
# Thai letters + vowels + marks only (no digits, no ฯ/ๆ/฿/๏/๚/๛): what n-grams see.
_THAI_RUN_RE = re.compile("[\u0e01-\u0e2e\u0e30-\u0e3a\u0e40-\u0e45\u0e47-\u0e4e]+")
# A Thai abbreviation written with dots: สพฐ. / ก.พ.ร. / พ.ศ.
_THAI_ABBREV_RE = re.compile("[\u0e01-\u0e4e]+(?:\\.[\u0e01-\u0e4e]*)+")
# Thai marks drawn above/below the base letter (category Mn); n-grams keep
# them with their base so a gram is never a lone tone mark.
_THAI_MARKS = frozenset(
    "\u0e31\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e3a\u0e47\u0e48\u0e49\u0e4a\u0e4b\u0e4c\u0e4d\u0e4e"
)
# Shorter words are mostly ordinary vocabulary (ประชากร, ข้อมูล, กรุงเทพ)
# whose "parts" (ประชา|กร, ข้อ|มูล) would only add false matches.
COMPOUND_MIN_LENGTH = 8
# Tokens that carry no searchable meaning on their own.
_NOISE_TOKENS = frozenset({"ๆ", "ฯ", "ฯลฯ"})


def has_thai(text: str) -> bool:
    """Return True if ``text`` contains any character of the Thai block
    (letters, vowels, tone marks, Thai digits, ฿, ฯ, ๆ)."""
    return bool(text) and _THAI_RE.search(text) is not None


def is_dotted_abbreviation(token: str) -> bool:
    """True for a Thai abbreviation written with dots: ``สพฐ.``, ``ก.พ.ร.``, ``พ.ศ.``."""
    return _THAI_ABBREV_RE.fullmatch(token) is not None


def load_words_file(path: str | PathLike[str]) -> frozenset[str]:
    """Read a custom dictionary: UTF-8, one word per line.

    Blank lines and lines starting with ``#`` are ignored, as is anything after
    `` #`` (space + hash) so entries can carry a trailing comment. Words are
    passed through :func:`~.normalize.normalize`. A leading BOM is tolerated
    because Windows editors add one. Missing files raise :class:`OSError` —
    a configured dictionary that silently does nothing would be worse.
    """
    words: set[str] = set()
    with open(path, encoding="utf-8-sig") as fh:
        for line in fh:
            line = line.split(" #", 1)[0].strip()
            if not line or line.startswith("#"):
                continue
            word = normalize(line)
            if word:
                words.add(word)
    return frozenset(words)


@functools.lru_cache(maxsize=1)
def agency_words() -> frozenset[str]:
    """Agency names and abbreviations bundled in ``data/agencies.txt``."""
    return load_words_file(AGENCIES_FILE)


@functools.lru_cache(maxsize=1)
def _base_words() -> frozenset[str]:
    # Dictionary entries go through the same normalisation as the text being
    # cut, otherwise an entry with Thai digits or capitals could never match.
    return (frozenset(thai_words()) | frozenset(normalize_for_search(w) for w in agency_words())
            | loanword_words())


@functools.lru_cache(maxsize=16)
def _trie(extra: frozenset[str]) -> Trie:
    # Building a Trie of ~62k words costs ~0.6 s, so it is done once per
    # distinct extra-word set. The key is the frozenset itself: frozensets
    # cache their hash and compare by identity first, so a caller passing the
    # same frozenset object (e.g. from load_words_file) pays almost nothing.
    words = _base_words()
    if extra:
        words = words | frozenset(w for w in (normalize_for_search(x) for x in extra) if w)
    return Trie(words)


def _freeze(extra_words: Iterable[str] | None) -> frozenset[str]:
    if not extra_words:
        return frozenset()
    if isinstance(extra_words, frozenset):
        return extra_words
    if isinstance(extra_words, str):
        # A bare string would otherwise become a set of characters.
        return frozenset((extra_words,))
    return frozenset(extra_words)


def dictionary_trie(extra_words: Iterable[str] | None = None) -> Trie:
    """The cached dictionary trie: PyThaiNLP words ∪ bundled agency names ∪
    ``extra_words`` (all normalized for search)."""
    return _trie(_freeze(extra_words))


def _is_noise_char(ch: str) -> bool:
    # Punctuation, symbols, separators and controls.
    return unicodedata.category(ch)[0] in "PSZC"


def _clean_token(tok: str) -> str:
    """Strip punctuation hanging on the edges of a token (``covid-`` →
    ``covid``, ``(ปี`` → ``ปี``) but keep the final dot of a Thai
    abbreviation (``สพฐ.``), which is part of how it is written."""
    tok = tok.strip()
    start, end = 0, len(tok)
    while start < end and _is_noise_char(tok[start]):
        start += 1
    while end > start and _is_noise_char(tok[end - 1]):
        if tok[end - 1] == "." and end - 1 > start and has_thai(tok[end - 2]):
            break
        end -= 1
    return tok[start:end]


def _merge_non_thai(tokens: list[str]) -> list[str]:
    """Re-join non-Thai pieces that newmm split although no space separated
    them: ``caf`` + ``é``, ``covid-`` + ``19``, ``pm`` + ``2.5``.

    newmm's non-Thai rule only knows ASCII letters and plain numbers; a
    whitespace token (kept by the tokenizer for this purpose) marks a real
    boundary.
    """
    merged: list[str] = []
    prev_joinable = False
    for tok in tokens:
        joinable = not tok.isspace() and not has_thai(tok)
        if joinable and prev_joinable:
            merged[-1] += tok
        else:
            merged.append(tok)
        prev_joinable = joinable
    return merged


def segment(text: str, extra_words: Iterable[str] | None = None) -> list[str]:
    """Cut ``text`` into words.

    The text is first put through
    :func:`~.normalize.normalize_for_search` (so Thai digits become ASCII and
    Latin is lowercased), then tokenized with PyThaiNLP ``newmm`` (its
    ``-safe`` variant, identical on short text but bounded on long
    descriptions) against :func:`dictionary_trie`. Whitespace- and
    punctuation-only tokens are dropped, punctuation on token edges is
    stripped, and Latin/number pieces not separated by a space are kept
    together (``covid-19``, ``pm2.5``, ``café``).

    >>> segment("สถิติประชากร ๒๕๖๖")
    ['สถิติ', 'ประชากร', '2566']
    """
    if not text:
        return []
    prepared = normalize_for_search(text)
    if not prepared:
        return []
    raw = word_tokenize(
        prepared,
        custom_dict=_trie(_freeze(extra_words)),
        engine="newmm-safe",
        keep_whitespace=True,
        join_broken_num=True,
    )
    words: list[str] = []
    for tok in _merge_non_thai(raw):
        tok = _clean_token(tok)
        if tok and tok not in _NOISE_TOKENS:
            words.append(tok)
    return words


@functools.lru_cache(maxsize=4096)
def _compound_parts_cached(word: str, extra: frozenset[str]) -> tuple[str, ...]:
    trie = _trie(extra)
    n = len(word)
    # best[i] = fewest dictionary words covering word[:i]; ties keep the first
    # found, which (prefixes are scanned from each start left to right) favours
    # the segmentation a reader would choose often enough for search purposes.
    best: list[tuple[str, ...] | None] = [None] * (n + 1)
    best[0] = ()
    for i in range(n):
        path = best[i]
        if path is None:
            continue
        for prefix in trie.prefixes(word[i:]):
            j = i + len(prefix)
            if i == 0 and j == n:
                continue  # the word itself
            if len(prefix) < 2:
                continue  # single letters are never useful search terms
            cand = path + (prefix,)
            current = best[j]
            if current is None or len(cand) < len(current):
                best[j] = cand
    result = best[n]
    return result if result and len(result) > 1 else ()


def compound_parts(word: str, extra_words: Iterable[str] | None = None) -> list[str]:
    """Split a dictionary compound into smaller dictionary words.

    ``กระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคม`` →
    ``['กระทรวง', 'ดิจิทัล', 'เพื่อ', 'เศรษฐกิจ', 'และ', 'สังคม']``. Returns
    ``[]`` if the word is shorter than :data:`COMPOUND_MIN_LENGTH` or cannot
    be fully covered by at least two shorter dictionary words of two or more
    characters. Used so a search for part of an agency name still finds
    documents where the full name was indexed as one token.
    """
    word = normalize_for_search(word)
    if len(word) < COMPOUND_MIN_LENGTH or not has_thai(word) or " " in word:
        return []
    return list(_compound_parts_cached(word, _freeze(extra_words)))


def _index_form(tok: str) -> str:
    # สพฐ. / สพฐ and ก.พ.ร. / กพร are written both ways; index one form.
    if is_dotted_abbreviation(tok):
        tok = tok.replace(".", "")
    # กรุงเทพฯ is searched as กรุงเทพ; ต่างๆ and ต่าง ๆ (whose lone ๆ is
    # dropped) must meet.
    return tok.rstrip("ฯๆ") if len(tok) > 1 else tok


def index_tokens(
    text: str,
    extra_words: Iterable[str] | None = None,
    *,
    compound_parts: bool = False,
) -> list[str]:
    """Tokens as they should be indexed/queried (see :func:`segment_for_index`)."""
    extra = _freeze(extra_words)
    out: list[str] = []
    for tok in segment(text, extra):
        form = _index_form(tok)
        if not form:
            continue
        # A dictionary entry may contain a space (official names such as
        # "กระทรวงการอุดมศึกษา วิทยาศาสตร์ วิจัยและนวัตกรรม"); a whitespace
        # tokenized field would split it anyway, so split it here explicitly.
        pieces = form.split(" ")
        out.extend(p for p in pieces if p)
        if compound_parts:
            for piece in pieces:
                if len(piece) >= COMPOUND_MIN_LENGTH and has_thai(piece):
                    out.extend(_compound_parts_cached(piece, extra))
    return out


def segment_for_index(
    text: str,
    extra_words: Iterable[str] | None = None,
    *,
    compound_parts: bool = False,
) -> str:
    """Space-joined words for a whitespace-tokenized Solr field.

    Same as ``" ".join(segment(text))`` except that Thai abbreviations lose
    their dots (``ก.พ.ร.`` → ``กพร``, ``สพฐ.`` → ``สพฐ``) and a trailing ``ฯ`` or ``ๆ``
    is dropped, because people type them both ways; use this function on the
    query too so both sides agree.

    With ``compound_parts=True`` every dictionary compound is followed by its
    parts (see :func:`compound_parts`), so the index matches a search for
    ``ดิจิทัล`` inside the single token of a ministry name. Recommended for the
    indexed side; it also does no harm on the query side.
    """
    return " ".join(index_tokens(text, extra_words, compound_parts=compound_parts))


def subword_ngrams(text: str, n: int = 2) -> list[str]:
    """Character n-grams (default bigrams) of each Thai run in ``text``.

    A fallback for search recall on compounds and typos that dictionary
    segmentation cannot match. Runs are maximal sequences of Thai letters,
    vowels and marks after :func:`~.normalize.normalize_for_search`. The
    "character" is what a reader sees as one: a base letter together with the
    vowel/tone marks above or below it (``น้ำท่วม`` → ``น้ ำ ท่ ว ม`` →
    bigrams ``น้ำ ำท่ ท่ว วม``), so no gram is a bare tone mark. A run of at
    most ``n`` characters is returned whole. Non-Thai text is ignored.
    """
    if n < 1:
        raise ValueError(f"n must be >= 1, got {n}")
    grams: list[str] = []
    for run in _THAI_RUN_RE.findall(normalize_for_search(text or "")):
        chars: list[str] = []
        for ch in run:
            if ch in _THAI_MARKS and chars:
                chars[-1] += ch
            else:
                chars.append(ch)
        if len(chars) <= n:
            grams.append("".join(chars))
        else:
            grams.extend("".join(chars[i : i + n]) for i in range(len(chars) - n + 1))
    return grams

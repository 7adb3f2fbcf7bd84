"""Suggest the plan goals and strategies a dataset serves, from its title and description.

Pure Python (the plan model, :mod:`ckanext.dgplan.thai.segment` and PyThaiNLP's stop-word
list); no CKAN. The vocabulary comes from the plan alone:

* every goal and strategy's ``keywords`` (Thai and English words and phrases chosen by the
  plan's editors, see the plan YAML), matched as whole word sequences;
* the content words of its ``name`` (and published ``name_final``) and ``description``,
  matched one by one with a lower weight.

Method, in order:

1. The dataset text is normalized and cut into words with the same ``segment`` function as
   search. Each word also stands for its stem: Thai nominalizers ``การ``/``ความ`` are dropped
   (``การส่งออก`` also matches ``ส่งออก``) and English plurals are folded. The dictionary
   parts of a long Thai compound (``การศึกษาขั้นพื้นฐาน``) count as words too, for single-word
   terms.
2. A keyword matches when its words appear consecutively in the title or the description.
   Words from names/descriptions match anywhere, but function words (PyThaiNLP's Thai
   stop-word list, a short English list) and words that say nothing about a policy area in a
   government catalogue (``ข้อมูล``, ``data``, ``ภาครัฐ``, ...) are never used.
3. A matched term scores ``weight x specificity x field``: weight 1.0 for a keyword, 0.6 for a
   name word, 0.4 for a description word, plus 0.5 per extra word of a phrase; specificity is
   an inverse document frequency over the goals (or strategies) - a term that belongs to
   one of them counts fully, one shared by all counts little; field is 2 for the title and 1
   for the description. Each term counts once.
4. A strategy also inherits ``0.8 x`` the best score of the goals it serves, so a dataset
   about business suggests the strategy under the competitiveness goal even when the
   strategy's own wording is not used.
5. Suggestions with a positive score are returned best first; ties keep plan order.

The scores are comparable within one call, not across datasets.

>>> from ckanext.dgplan.plan import default_plan
>>> result = suggest("จำนวนผู้สูงอายุที่ได้รับเบี้ยยังชีพ", "", default_plan())
>>> result.goals[0].code
'G1'
"""
from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass, field
from typing import Iterable, Optional, Sequence, Union

from ckanext.dgplan.thai.segment import compound_parts, has_thai, segment

from .model import Goal, LocalText, Plan, Strategy

__all__ = [
    "DOMAIN_STOPWORDS",
    "Suggestion",
    "SuggestionResult",
    "Vocabulary",
    "suggest",
    "vocabulary",
]

#: Words too common in any government catalogue to say which goal a dataset serves.
DOMAIN_STOPWORDS = frozenset({
    "ข้อมูล", "ชุดข้อมูล", "ภาครัฐ", "รัฐ", "รัฐบาล", "ดิจิทัล", "เทคโนโลยี", "หน่วยงาน",
    "ประเทศ", "ประเทศไทย", "ไทย", "จำนวน", "ระบบ", "เพื่อ", "ด้วย", "ทั้ง", "ภายใน", "ระหว่าง",
    "กระทรวง", "ที่คล้าย", "คล้าย", "เดียวกัน", "แก่", "โดย", "ไม่", "ต้อง", "ร้องขอ",
    # "fiscal year": a date, found in most Thai government data, not a sign of budget data
    "ปีงบประมาณ",
    "data", "dataset", "datasets", "government", "public", "digital", "technology", "agency",
    "agencies", "thailand", "thai", "number", "system", "systems", "within", "across",
    "similar", "common", "without", "request", "support", "sector", "raise", "reduce",
    "through", "remove", "removed", "merged", "linked", "respond", "services",
})

# Function words of English; Thai ones come from PyThaiNLP.
_EN_STOPWORDS = frozenset("""
a an and are as at be by for from has have in into is it its of on or that the their this to was
were will with which who whom whose than then there these those not no nor so such can may
""".split())

_KEYWORD_WEIGHT = 1.0
_NAME_WEIGHT = 0.6
_DESCRIPTION_WEIGHT = 0.4
_PHRASE_BONUS = 0.5
_TITLE_FACTOR = 2.0
_PARENT_FACTOR = 0.8
_THAI_PREFIXES = ("การ", "ความ")
_LATIN_RE = re.compile(r"^[a-z][a-z0-9-]*$")


@functools.lru_cache(maxsize=1)
def _thai_stopwords() -> frozenset[str]:
    from pythainlp.corpus import thai_stopwords

    return frozenset(thai_stopwords())


def _fold(word: str) -> str:
    """One comparable form per word: Thai nominalizer dropped, English plural folded.

    A word is left alone when its folded form would be a function word (``ความสามารถ``
    "ability" must not match ``สามารถ`` "can").
    """
    folded = word
    if has_thai(word):
        for prefix in _THAI_PREFIXES:
            if word.startswith(prefix) and len(word) > len(prefix) + 2:
                folded = word[len(prefix):]
                break
        if folded in _thai_stopwords():
            return word
    elif _LATIN_RE.match(word) and len(word) > 3:
        if word.endswith("ies") and len(word) > 4:
            folded = word[:-3] + "y"
        elif word.endswith(("ches", "shes", "sses", "xes")):
            folded = word[:-2]
        elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
            folded = word[:-1]
        if folded in _EN_STOPWORDS:
            return word
    return word if folded in DOMAIN_STOPWORDS else folded


def _forms(word: str) -> frozenset[str]:
    return frozenset({word, _fold(word)})


def _is_content_word(word: str) -> bool:
    if len(word) < 2 or word.isdigit() or word in DOMAIN_STOPWORDS or _fold(word) in DOMAIN_STOPWORDS:
        return False
    if has_thai(word):
        return word not in _thai_stopwords()
    return bool(_LATIN_RE.match(word)) and word not in _EN_STOPWORDS


# ------------------------------------------------------------------------------------------
# Vocabulary of a plan
# ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Term:
    """A word sequence of the vocabulary, as folded forms, with how it was written."""

    words: tuple[str, ...]
    display: str
    weight: float


@dataclass(frozen=True)
class Vocabulary:
    """Terms of each goal or strategy of one kind, with their specificity (IDF)."""

    terms: dict[str, tuple[_Term, ...]]
    idf: dict[tuple[str, ...], float]


def _text_words(text: LocalText) -> list[str]:
    words: list[str] = []
    for value in (text.th, text.en):
        if value:
            words.extend(w for w in segment(value) if _is_content_word(w))
    return words


def _terms_of(item: Union[Goal, Strategy]) -> tuple[_Term, ...]:
    best: dict[tuple[str, ...], _Term] = {}

    def add(words: Sequence[str], display: str, weight: float) -> None:
        key = tuple(_fold(w) for w in words)
        if not key:
            return
        weight *= 1 + _PHRASE_BONUS * (len(key) - 1)
        current = best.get(key)
        if current is None or current.weight < weight:
            best[key] = _Term(key, display, weight)

    for phrase in item.keywords.all():
        words = segment(phrase)
        # A phrase made only of generic words (หน่วยงานภาครัฐ, "government agency") says nothing.
        if any(w not in DOMAIN_STOPWORDS for w in words):
            add(words, phrase, _KEYWORD_WEIGHT)
    names = [item.name]
    if isinstance(item, Strategy) and item.name_final and not item.name_final_truncated:
        names.append(item.name_final)
    for name in names:
        for word in _text_words(name):
            add([word], word, _NAME_WEIGHT)
    for word in _text_words(item.description):
        add([word], word, _DESCRIPTION_WEIGHT)
    return tuple(best.values())


def _vocabulary(items: Iterable[Union[Goal, Strategy]]) -> Vocabulary:
    terms = {item.code: _terms_of(item) for item in items}
    count = len(terms)
    df: dict[tuple[str, ...], int] = {}
    for item_terms in terms.values():
        for term in item_terms:
            df[term.words] = df.get(term.words, 0) + 1
    # log(1 + N/df) scaled so that a term of exactly one goal weighs 1.
    top = math.log(1 + count) if count else 1.0
    idf = {words: math.log(1 + count / n) / top for words, n in df.items()}
    return Vocabulary(terms=terms, idf=idf)


@functools.lru_cache(maxsize=16)
def vocabulary(plan: Plan) -> tuple[Vocabulary, Vocabulary]:
    """``(goals, strategies)`` vocabularies of ``plan``, computed once per plan."""
    return _vocabulary(plan.goals), _vocabulary(plan.strategies)


# ------------------------------------------------------------------------------------------
# Matching
# ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Suggestion:
    """A goal or strategy suggested for a dataset."""

    code: str
    kind: str  # "goal" or "strategy"
    name: LocalText
    score: float
    matched: tuple[str, ...]

    def to_dict(self) -> dict[str, object]:
        return {
            "code": self.code,
            "kind": self.kind,
            "name": self.name.to_dict(),
            "score": round(self.score, 3),
            "matched": list(self.matched),
        }


@dataclass(frozen=True)
class SuggestionResult:
    """Ranked suggestions for one dataset."""

    goals: tuple[Suggestion, ...] = ()
    strategies: tuple[Suggestion, ...] = ()
    words: tuple[str, ...] = field(default=(), compare=False)

    def to_dict(self) -> dict[str, object]:
        return {
            "goals": [s.to_dict() for s in self.goals],
            "strategies": [s.to_dict() for s in self.strategies],
        }


class _Document:
    """A field's words as a sequence of form sets, for phrase matching."""

    def __init__(self, text: str) -> None:
        self.words = segment(text or "")
        self.positions = [_forms(w) for w in self.words]
        bag: set[str] = set().union(*self.positions) if self.positions else set()
        # A dictionary compound (การศึกษาขั้นพื้นฐาน) is one word; its parts still name the topic.
        for word in self.words:
            if word in DOMAIN_STOPWORDS:
                continue
            for part in compound_parts(word):
                bag.update(_forms(part))
        self.bag = frozenset(bag)

    def contains(self, words: tuple[str, ...]) -> bool:
        if len(words) == 1:
            return words[0] in self.bag
        if words[0] not in self.bag:
            return False
        n = len(words)
        for start in range(len(self.positions) - n + 1):
            if all(words[i] in self.positions[start + i] for i in range(n)):
                return True
        return False


def _score(terms: Iterable[_Term], idf: dict[tuple[str, ...], float],
           title: _Document, notes: _Document) -> tuple[float, tuple[str, ...]]:
    total = 0.0
    matched: list[tuple[float, str]] = []
    for term in terms:
        if title.contains(term.words):
            factor = _TITLE_FACTOR
        elif notes.contains(term.words):
            factor = 1.0
        else:
            continue
        value = term.weight * idf.get(term.words, 1.0) * factor
        total += value
        matched.append((value, term.display))
    matched.sort(key=lambda pair: -pair[0])
    seen: list[str] = []
    for _, display in matched:
        if display not in seen:
            seen.append(display)
    return total, tuple(seen)


def _ranked(items: list[Suggestion], limit: Optional[int]) -> tuple[Suggestion, ...]:
    order = {s.code: i for i, s in enumerate(items)}
    positive = [s for s in items if s.score > 0]
    positive.sort(key=lambda s: (-s.score, order[s.code]))
    return tuple(positive if limit is None else positive[:limit])


def suggest(title: str, notes: str, plan: Plan, limit: Optional[int] = 3) -> SuggestionResult:
    """Rank ``plan``'s goals and strategies for a dataset with ``title`` and ``notes``.

    :param title: the dataset title (Thai or English)
    :param notes: the dataset description (Thai or English, Markdown is fine)
    :param plan: the plan whose goals and strategies are suggested
    :param limit: at most this many goals and this many strategies (``None``: all that match)
    :returns: suggestions with a positive score, best first, with the plan terms matched
    """
    title_doc = _Document(title)
    notes_doc = _Document(notes)
    goal_vocab, strategy_vocab = vocabulary(plan)

    goal_scores: dict[str, float] = {}
    goals: list[Suggestion] = []
    for goal in plan.goals:
        score, matched = _score(goal_vocab.terms.get(goal.code, ()), goal_vocab.idf, title_doc, notes_doc)
        goal_scores[goal.code] = score
        goals.append(Suggestion(goal.code, "goal", goal.name, score, matched))

    strategies: list[Suggestion] = []
    for strategy in plan.strategies:
        score, matched = _score(strategy_vocab.terms.get(strategy.code, ()), strategy_vocab.idf,
                                title_doc, notes_doc)
        parent = max((goal_scores.get(code, 0.0) for code in strategy.goals), default=0.0)
        if parent > 0:
            score += _PARENT_FACTOR * parent
            inherited = [s for g in goals if g.code in strategy.goals for s in g.matched]
            matched = tuple(dict.fromkeys(matched + tuple(inherited)))
        name = LocalText(th=strategy.label("th"), en=strategy.label("en"))
        strategies.append(Suggestion(strategy.code, "strategy", name, score, matched))

    return SuggestionResult(
        goals=_ranked(goals, limit),
        strategies=_ranked(strategies, limit),
        words=tuple(title_doc.words + notes_doc.words),
    )

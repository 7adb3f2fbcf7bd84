"""Plain data model of a digital government development plan.

The classes here are frozen dataclasses built by :mod:`ckanext.dgplan.plan.loader` from the
YAML files in ``plan/data``. They hold no CKAN state, so the same objects serve the CKAN
plugin, the CLI, the seeding scripts and the unit tests.

Conventions used throughout:

* Years are Buddhist-era (พ.ศ.) integers (``year_be``). Thai plans, budgets and fiscal years
  are all stated in BE, so keeping BE as the stored form avoids a conversion at every edge;
  ``year_ce`` properties are offered for display and for international indices.
* Human-readable text is a :class:`LocalText` (Thai + English). Thai is the authoritative
  language of the plan; English is usually our own translation and says so where it matters.
* Every fact carries ``source``: a tuple of keys into :attr:`Plan.sources` or free-text
  citations (URLs, file paths), so a reader can always trace where a statement came from.
* ``certainty`` mirrors the research notes: ``confirmed``, ``reported``, ``derived``,
  ``uncertain`` or ``not_found`` (``None`` when the file does not say).
* Codes (``G1``, ``S2``, ``KPI-EGDI-RANK``) are the stable identifiers that datasets are
  tagged with. They are unique across all kinds within one plan, so a bare code is never
  ambiguous.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional, Union

from ckanext.dgplan.thai.dates import BE_OFFSET, to_be_year, to_ce_year

__all__ = [
    "BE_OFFSET",
    "CERTAINTIES",
    "CODE_KINDS",
    "DIRECTIONS",
    "KPI_KINDS",
    "LANGS",
    "Baseline",
    "CodeChange",
    "Goal",
    "IndicatorSeries",
    "IndicatorSet",
    "KeyFact",
    "Keywords",
    "Kpi",
    "LocalText",
    "Milestone",
    "Number",
    "Observation",
    "Period",
    "Plan",
    "Source",
    "Strategy",
    "SubStrategy",
    "Target",
    "be_to_ce",
    "ce_to_be",
    "diff_codes",
    "renumber",
]

Number = Union[int, float]

#: Languages the plan text is kept in, in fallback order (Thai first: it is the official text).
LANGS: tuple[str, ...] = ("th", "en")
#: Which way a KPI value should move. ``lower`` covers ranks (1st is best) and costs.
DIRECTIONS: tuple[str, ...] = ("higher", "lower")
#: Certainty labels, taken from the research notes so provenance stays comparable.
CERTAINTIES: tuple[str, ...] = ("confirmed", "reported", "derived", "uncertain", "not_found")
#: ``plan``: a KPI of this plan. ``related``: a target set by another official plan that is
#: tracked alongside (e.g. the EGDI score target of the bureaucratic development strategy).
KPI_KINDS: tuple[str, ...] = ("plan", "related")
#: Keys of :meth:`Plan.codes` / :func:`diff_codes`; they match the YAML list names.
CODE_KINDS: tuple[str, ...] = ("goals", "strategies", "sub_strategies", "kpis")


#: Buddhist-era year -> Common era (2570 -> 2027); the one conversion, from :mod:`ckanext.dgplan.thai.dates`.
be_to_ce = to_ce_year
#: Common-era year -> Buddhist era (2027 -> 2570).
ce_to_be = to_be_year


@dataclass(frozen=True)
class LocalText:
    """A Thai/English pair; either side may be missing."""

    th: Optional[str] = None
    en: Optional[str] = None

    def get(self, lang: Optional[str] = "th", fallback: bool = True) -> str:
        """Text in ``lang``; with ``fallback``, the other language rather than nothing.

        Unknown languages (e.g. a CKAN locale ``en_GB``) are matched on their prefix, so the
        caller can pass the request locale straight through.
        """
        code = (lang or "th").split("_")[0].split("-")[0].lower()
        value = getattr(self, code, None) if code in LANGS else None
        if value:
            return value
        if not fallback:
            return ""
        for other in LANGS:
            text = getattr(self, other)
            if text:
                return text
        return ""

    def __bool__(self) -> bool:
        return bool(self.th or self.en)

    def __str__(self) -> str:
        return self.get("th")

    def to_dict(self) -> dict[str, Optional[str]]:
        """``{"th": ..., "en": ...}``; missing sides are ``None`` so the shape is constant."""
        return {"th": self.th, "en": self.en}


def _text_dict(text: Optional[LocalText]) -> Optional[dict[str, Optional[str]]]:
    return text.to_dict() if text else None


@dataclass(frozen=True)
class Keywords:
    """Thai and English words and phrases that signal a goal or strategy in dataset text.

    They are general vocabulary of the policy area, written by the plan's editors (the plan's
    own names and descriptions are used as well); :mod:`.suggest` matches them against a
    dataset's title and description. A phrase may be several words ("open data").
    """

    th: tuple[str, ...] = ()
    en: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.th or self.en)

    def all(self) -> tuple[str, ...]:
        """Thai then English entries."""
        return self.th + self.en

    def to_dict(self) -> dict[str, list[str]]:
        return {"th": list(self.th), "en": list(self.en)}


@dataclass(frozen=True)
class Source:
    """One entry of a plan's ``sources:`` list; facts refer to it by ``key``."""

    key: str
    title: str
    url: Optional[str] = None
    publisher: Optional[str] = None
    date: Optional[str] = None
    note: Optional[str] = None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict."""
        return {
            "key": self.key,
            "title": self.title,
            "url": self.url,
            "publisher": self.publisher,
            "date": self.date,
            "note": self.note,
        }


@dataclass(frozen=True)
class Period:
    """Plan period in Buddhist-era years, both ends inclusive."""

    start_be: int
    end_be: int

    @property
    def start_ce(self) -> int:
        return be_to_ce(self.start_be)

    @property
    def end_ce(self) -> int:
        return be_to_ce(self.end_be)

    def years_be(self) -> list[int]:
        """Every year of the period, e.g. ``[2566, ..., 2570]``."""
        return list(range(self.start_be, self.end_be + 1))

    def contains(self, year_be: int) -> bool:
        return self.start_be <= year_be <= self.end_be

    def label(self, lang: Optional[str] = "th") -> str:
        """``พ.ศ. 2566–2570`` in Thai, ``2023–2027`` otherwise."""
        if (lang or "th").startswith("th"):
            return f"พ.ศ. {self.start_be}–{self.end_be}"
        return f"{self.start_ce}–{self.end_ce}"

    def to_dict(self) -> dict[str, int]:
        return {
            "start_be": self.start_be,
            "end_be": self.end_be,
            "start_ce": self.start_ce,
            "end_ce": self.end_ce,
        }


@dataclass(frozen=True)
class Milestone:
    """A dated event in the plan's life (hearing, cabinet approval, Gazette notice)."""

    date: str  # ISO 8601, Common era; may be only "YYYY" or "YYYY-MM" when the day is unknown
    event: LocalText
    source: tuple[str, ...] = ()
    certainty: Optional[str] = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "date": self.date,
            "event": self.event.to_dict(),
            "source": list(self.source),
            "certainty": self.certainty,
        }


@dataclass(frozen=True)
class KeyFact:
    """A sourced statement about the plan that does not fit a structured field."""

    text: LocalText
    source: tuple[str, ...] = ()
    certainty: Optional[str] = None

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text.to_dict(), "source": list(self.source), "certainty": self.certainty}


@dataclass(frozen=True)
class Goal:
    """A goal (เป้าหมาย) of the plan."""

    code: str
    name: LocalText
    description: LocalText = field(default_factory=LocalText)
    source: tuple[str, ...] = ()
    certainty: Optional[str] = None
    note: LocalText = field(default_factory=LocalText)
    keywords: Keywords = field(default_factory=Keywords)

    def label(self, lang: Optional[str] = "th") -> str:
        """Display name in ``lang`` with fallback to the other language."""
        return self.name.get(lang)

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "name": self.name.to_dict(),
            "description": _text_dict(self.description),
            "keywords": self.keywords.to_dict(),
            "source": list(self.source),
            "certainty": self.certainty,
            "note": _text_dict(self.note),
        }


@dataclass(frozen=True)
class SubStrategy:
    """A sub-strategy (กลยุทธ์) under a strategy."""

    code: str
    name: LocalText
    description: LocalText = field(default_factory=LocalText)
    source: tuple[str, ...] = ()
    certainty: Optional[str] = None
    note: LocalText = field(default_factory=LocalText)
    keywords: Keywords = field(default_factory=Keywords)

    def label(self, lang: Optional[str] = "th") -> str:
        return self.name.get(lang)

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "name": self.name.to_dict(),
            "description": _text_dict(self.description),
            "keywords": self.keywords.to_dict(),
            "source": list(self.source),
            "certainty": self.certainty,
            "note": _text_dict(self.note),
        }


@dataclass(frozen=True)
class Strategy:
    """A strategy (ยุทธศาสตร์).

    ``name`` is the wording the file treats as primary; ``name_final`` is the published
    wording when it differs (for the 2566–2570 plan, the hearing-stage draft and the final
    text word and number the strategies differently). ``name_final_truncated`` marks a final
    wording that the only available source cut off, so it is kept as evidence but not shown.
    ``number`` is the number the portal shows; ``number_draft`` and ``number_final`` keep the
    other orderings (hearing-stage draft, published text) where they differ.
    """

    code: str
    name: LocalText
    goals: tuple[str, ...] = ()
    sub_strategies: tuple[SubStrategy, ...] = ()
    number: Optional[int] = None
    number_draft: Optional[int] = None
    number_final: Optional[int] = None
    name_final: LocalText = field(default_factory=LocalText)
    name_final_truncated: bool = False
    description: LocalText = field(default_factory=LocalText)
    source: tuple[str, ...] = ()
    certainty: Optional[str] = None
    note: LocalText = field(default_factory=LocalText)
    keywords: Keywords = field(default_factory=Keywords)

    def label(self, lang: Optional[str] = "th", final: bool = True) -> str:
        """Display name: the final wording when complete in ``lang`` (and ``final``), else ``name``."""
        if final and not self.name_final_truncated:
            text = self.name_final.get(lang, fallback=False)
            if text:
                return text
        return self.name.get(lang)

    def sub_strategy(self, code: str) -> Optional[SubStrategy]:
        for sub in self.sub_strategies:
            if sub.code == code:
                return sub
        return None

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "number": self.number,
            "number_draft": self.number_draft,
            "number_final": self.number_final,
            "name": self.name.to_dict(),
            "name_final": _text_dict(self.name_final),
            "name_final_truncated": self.name_final_truncated,
            "description": _text_dict(self.description),
            "goals": list(self.goals),
            "keywords": self.keywords.to_dict(),
            "sub_strategies": [sub.to_dict() for sub in self.sub_strategies],
            "source": list(self.source),
            "certainty": self.certainty,
            "note": _text_dict(self.note),
        }


@dataclass(frozen=True)
class Baseline:
    """Value of a KPI at the start of the plan, as stated by a source."""

    year_be: int
    value: Number
    source: tuple[str, ...] = ()
    note: LocalText = field(default_factory=LocalText)

    @property
    def year_ce(self) -> int:
        return be_to_ce(self.year_be)

    def to_dict(self) -> dict[str, Any]:
        return {
            "year_be": self.year_be,
            "year_ce": self.year_ce,
            "value": self.value,
            "source": list(self.source),
            "note": _text_dict(self.note),
        }


@dataclass(frozen=True)
class Target:
    """Target value of a KPI for one year."""

    year_be: int
    value: Number

    @property
    def year_ce(self) -> int:
        return be_to_ce(self.year_be)

    def to_dict(self) -> dict[str, Any]:
        return {"year_be": self.year_be, "year_ce": self.year_ce, "value": self.value}


@dataclass(frozen=True)
class Kpi:
    """A key performance indicator (ตัวชี้วัด).

    Empty ``goals`` and ``strategies`` mean a plan-level (cross-cutting) KPI. ``targets`` is
    sorted by year; ``target_text`` keeps the source's own wording ("ไม่ต่ำกว่าอันดับที่ 40")
    because the numeric form alone loses nuance such as "or better".
    """

    code: str
    name: LocalText
    unit: LocalText
    direction: str
    baseline: Optional[Baseline] = None
    targets: tuple[Target, ...] = ()
    goals: tuple[str, ...] = ()
    strategies: tuple[str, ...] = ()
    kind: str = "plan"
    description: LocalText = field(default_factory=LocalText)
    target_text: LocalText = field(default_factory=LocalText)
    target_source: tuple[str, ...] = ()
    frequency: Optional[str] = None
    source: tuple[str, ...] = ()
    certainty: Optional[str] = None
    note: LocalText = field(default_factory=LocalText)

    def label(self, lang: Optional[str] = "th") -> str:
        return self.name.get(lang)

    @property
    def lower_is_better(self) -> bool:
        return self.direction == "lower"

    @property
    def is_cross_cutting(self) -> bool:
        """True when the KPI is attached to no goal or strategy (a plan-level KPI)."""
        return not self.goals and not self.strategies

    def targets_by_year(self) -> dict[int, Number]:
        """``{year_be: value}``."""
        return {target.year_be: target.value for target in self.targets}

    def target_for(self, year_be: int) -> Optional[Number]:
        """Target value for ``year_be``, or ``None`` when the plan sets none for that year."""
        return self.targets_by_year().get(year_be)

    @property
    def final_target(self) -> Optional[Target]:
        """Target of the last year that has one (usually the plan's final year)."""
        return self.targets[-1] if self.targets else None

    def meets(self, value: Number, target: Number) -> bool:
        """Whether ``value`` reaches ``target`` in this KPI's direction (ties count as met)."""
        return value <= target if self.lower_is_better else value >= target

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "kind": self.kind,
            "name": self.name.to_dict(),
            "description": _text_dict(self.description),
            "unit": self.unit.to_dict(),
            "direction": self.direction,
            "frequency": self.frequency,
            "baseline": self.baseline.to_dict() if self.baseline else None,
            "targets": [target.to_dict() for target in self.targets],
            "target_text": _text_dict(self.target_text),
            "target_source": list(self.target_source),
            "goals": list(self.goals),
            "strategies": list(self.strategies),
            "source": list(self.source),
            "certainty": self.certainty,
            "note": _text_dict(self.note),
        }


@dataclass(frozen=True)
class CodeChange:
    """A revision of a plan file that gave existing codes a new meaning, e.g. a renumbering.

    ``codes`` maps each old code to the new code of the same element (``{"S4": "S3", ...}``); a
    dataset tagged before the change carries the old codes and is migrated once with
    :func:`renumber` (``ckan dgplan plan migrate``). ``id`` names the change so a site records
    that it was applied and never applies it twice (the mapping may be a permutation, where
    applying it again would change meanings a second time).
    """

    id: str
    kind: str
    # Left out of the hash (a dict is not hashable); equality still compares it.
    codes: dict[str, str] = field(default_factory=dict, hash=False)
    version: Optional[str] = None
    note: LocalText = field(default_factory=LocalText)
    source: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "codes": dict(self.codes),
            "version": self.version,
            "note": _text_dict(self.note),
            "source": list(self.source),
        }


def renumber(codes: Any, change: CodeChange) -> list[str]:
    """``codes`` (a list of codes of ``change.kind``) as they read after ``change``.

    Codes the change does not name are kept; order is kept and a code that two old codes now
    share is listed once.
    """
    out: list[str] = []
    for code in codes or ():
        new = change.codes.get(code, code)
        if new not in out:
            out.append(new)
    return out


@dataclass(frozen=True)
class Plan:
    """A whole plan: identity, period, vision, goals, strategies, KPIs and their sources.

    Nothing here assumes four goals or four strategies; a revised plan is just another file.
    """

    schema_version: int
    code: str
    name: LocalText
    period: Period
    vision: LocalText
    goals: tuple[Goal, ...]
    strategies: tuple[Strategy, ...]
    kpis: tuple[Kpi, ...]
    sources: tuple[Source, ...]
    version: Optional[str] = None
    edition: LocalText = field(default_factory=LocalText)
    status: Optional[str] = None
    supersedes: Optional[str] = None
    superseded_by: Optional[str] = None
    source: tuple[str, ...] = ()
    vision_source: tuple[str, ...] = ()
    vision_certainty: Optional[str] = None
    objectives: tuple[KeyFact, ...] = ()
    milestones: tuple[Milestone, ...] = ()
    key_facts: tuple[KeyFact, ...] = ()
    gaps: tuple[KeyFact, ...] = ()
    code_changes: tuple[CodeChange, ...] = ()
    # Where the plan was loaded from; informative only, so two loads of equal content compare equal.
    origin: Optional[str] = field(default=None, compare=False)
    _index: dict[str, Any] = field(default_factory=dict, init=False, repr=False, compare=False, hash=False)

    def __post_init__(self) -> None:
        # Lookups by code happen on every page render and validator call; index once.
        index: dict[str, Any] = {}
        for goal in self.goals:
            index.setdefault(goal.code, goal)
        for strategy in self.strategies:
            index.setdefault(strategy.code, strategy)
            for sub in strategy.sub_strategies:
                index.setdefault(sub.code, sub)
        for kpi in self.kpis:
            index.setdefault(kpi.code, kpi)
        object.__setattr__(self, "_index", index)

    # -- lookups ---------------------------------------------------------------------------

    def goal(self, code: str) -> Optional[Goal]:
        """The goal with ``code``, or ``None``."""
        item = self._index.get(code)
        return item if isinstance(item, Goal) else None

    def strategy(self, code: str) -> Optional[Strategy]:
        """The strategy with ``code``, or ``None``."""
        item = self._index.get(code)
        return item if isinstance(item, Strategy) else None

    def sub_strategy(self, code: str) -> Optional[SubStrategy]:
        """The sub-strategy with ``code``, or ``None``."""
        item = self._index.get(code)
        return item if isinstance(item, SubStrategy) else None

    def kpi(self, code: str) -> Optional[Kpi]:
        """The KPI with ``code``, or ``None``."""
        item = self._index.get(code)
        return item if isinstance(item, Kpi) else None

    def element(self, code: str) -> Optional[Union[Goal, Strategy, SubStrategy, Kpi]]:
        """Whatever carries ``code`` (goal, strategy, sub-strategy or KPI), or ``None``."""
        return self._index.get(code)

    def items(self, kind: str) -> tuple[Any, ...]:
        """The goals, strategies, sub-strategies or KPIs, by their :data:`CODE_KINDS` name, in plan order."""
        if kind == "sub_strategies":
            return tuple(sub for strategy in self.strategies for sub in strategy.sub_strategies)
        return {"goals": self.goals, "strategies": self.strategies, "kpis": self.kpis}[kind]

    def kind_of(self, code: str) -> Optional[str]:
        """The :data:`CODE_KINDS` entry ``code`` belongs to, or ``None`` if unknown."""
        item = self._index.get(code)
        return {
            Goal: "goals",
            Strategy: "strategies",
            SubStrategy: "sub_strategies",
            Kpi: "kpis",
        }.get(type(item))

    def source_entry(self, key: str) -> Optional[Source]:
        """The :class:`Source` for ``key``; ``None`` for unknown keys and free-text citations."""
        for src in self.sources:
            if src.key == key:
                return src
        return None

    def codes(self) -> dict[str, set[str]]:
        """All codes by kind: ``{"goals": {...}, "strategies": {...}, "sub_strategies": {...}, "kpis": {...}}``."""
        return {kind: {item.code for item in self.items(kind)} for kind in CODE_KINDS}

    def all_codes(self) -> set[str]:
        """Every code of the plan, whatever its kind."""
        return set(self._index)

    # -- relations -------------------------------------------------------------------------

    def strategies_for_goal(self, goal_code: str) -> list[Strategy]:
        """Strategies that name ``goal_code`` among their goals, in plan order."""
        return [s for s in self.strategies if goal_code in s.goals]

    def kpis_for_strategy(self, strategy_code: str) -> list[Kpi]:
        """KPIs attached directly to ``strategy_code``."""
        return [k for k in self.kpis if strategy_code in k.strategies]

    def kpis_for_goal(self, goal_code: str) -> list[Kpi]:
        """KPIs attached to ``goal_code`` directly or through one of its strategies."""
        via = {s.code for s in self.strategies_for_goal(goal_code)}
        return [k for k in self.kpis if goal_code in k.goals or via.intersection(k.strategies)]

    def cross_cutting_kpis(self) -> list[Kpi]:
        """Plan-level KPIs, attached to no goal or strategy."""
        return [k for k in self.kpis if k.is_cross_cutting]

    def label(self, lang: Optional[str] = "th") -> str:
        return self.name.get(lang)

    # -- export ----------------------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict of the whole plan, with goal -> strategy/KPI links filled in."""
        goals = []
        for goal in self.goals:
            data = goal.to_dict()
            data["strategies"] = [s.code for s in self.strategies_for_goal(goal.code)]
            data["kpis"] = [k.code for k in self.kpis_for_goal(goal.code)]
            goals.append(data)
        strategies = []
        for strategy in self.strategies:
            data = strategy.to_dict()
            data["kpis"] = [k.code for k in self.kpis_for_strategy(strategy.code)]
            strategies.append(data)
        return {
            "schema_version": self.schema_version,
            "code": self.code,
            "version": self.version,
            "status": self.status,
            "name": self.name.to_dict(),
            "edition": _text_dict(self.edition),
            "period": self.period.to_dict(),
            "supersedes": self.supersedes,
            "superseded_by": self.superseded_by,
            "source": list(self.source),
            "vision": {
                **self.vision.to_dict(),
                "source": list(self.vision_source),
                "certainty": self.vision_certainty,
            },
            "objectives": [o.to_dict() for o in self.objectives],
            "goals": goals,
            "strategies": strategies,
            "kpis": [k.to_dict() for k in self.kpis],
            "milestones": [m.to_dict() for m in self.milestones],
            "key_facts": [f.to_dict() for f in self.key_facts],
            "gaps": [g.to_dict() for g in self.gaps],
            "code_changes": [c.to_dict() for c in self.code_changes],
            "sources": [s.to_dict() for s in self.sources],
        }


def diff_codes(old: Plan, new: Plan) -> dict[str, set[str]]:
    """Codes present in ``old`` but absent from ``new``, by kind.

    Used before switching the active plan: a dataset tagged with a code that the new plan
    drops would silently lose its alignment, so the caller can refuse or ask for a mapping.
    Every kind of :data:`CODE_KINDS` is present in the result, possibly with an empty set.
    A code that moves between kinds (e.g. ``X1`` from goal to KPI) counts as removed from its
    old kind, because a tag meaning "goal X1" would now point at something else.
    """
    old_codes = old.codes()
    new_codes = new.codes()
    return {kind: old_codes[kind] - new_codes[kind] for kind in CODE_KINDS}


# --------------------------------------------------------------------------------------------
# Indicator history (indicators.yaml): observed values of international and national indices,
# kept apart from the plan because they are data, not commitments.
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Observation:
    """One observed value of an indicator.

    ``value`` is ``None`` when a source was searched but no value found; the entry is kept
    so the gap is visible. ``qualifier`` preserves statements such as "more than 153" (``>``).
    """

    year_be: int
    value: Optional[Number]
    source: tuple[str, ...] = ()
    qualifier: Optional[str] = None
    date: Optional[str] = None
    certainty: Optional[str] = None
    note: Optional[str] = None

    @property
    def year_ce(self) -> int:
        return be_to_ce(self.year_be)

    def to_dict(self) -> dict[str, Any]:
        return {
            "year_be": self.year_be,
            "year_ce": self.year_ce,
            "value": self.value,
            "qualifier": self.qualifier,
            "date": self.date,
            "source": list(self.source),
            "certainty": self.certainty,
            "note": self.note,
        }


@dataclass(frozen=True)
class IndicatorSeries:
    """A time series of one indicator, optionally feeding one or more plan KPIs."""

    code: str
    name: LocalText
    unit: LocalText
    observations: tuple[Observation, ...]
    direction: Optional[str] = None
    kpis: tuple[str, ...] = ()
    frequency: Optional[str] = None
    source: tuple[str, ...] = ()
    note: LocalText = field(default_factory=LocalText)

    def label(self, lang: Optional[str] = "th") -> str:
        return self.name.get(lang)

    def pairs(self) -> list[tuple[int, Number]]:
        """``[(year_be, value), ...]`` without missing values; the input of ``kpi_status``."""
        return [(o.year_be, o.value) for o in self.observations if o.value is not None]

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "name": self.name.to_dict(),
            "unit": self.unit.to_dict(),
            "direction": self.direction,
            "frequency": self.frequency,
            "kpis": list(self.kpis),
            "source": list(self.source),
            "note": _text_dict(self.note),
            "observations": [o.to_dict() for o in self.observations],
        }


@dataclass(frozen=True)
class IndicatorSet:
    """Contents of an indicators file."""

    schema_version: int
    series: tuple[IndicatorSeries, ...]
    sources: tuple[Source, ...]
    origin: Optional[str] = field(default=None, compare=False)

    def get(self, code: str) -> Optional[IndicatorSeries]:
        for series in self.series:
            if series.code == code:
                return series
        return None

    def for_kpi(self, kpi_code: str) -> list[IndicatorSeries]:
        """Series that feed ``kpi_code``."""
        return [s for s in self.series if kpi_code in s.kpis]

    def source_entry(self, key: str) -> Optional[Source]:
        for src in self.sources:
            if src.key == key:
                return src
        return None

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema_version": self.schema_version,
            "series": [s.to_dict() for s in self.series],
            "sources": [s.to_dict() for s in self.sources],
        }

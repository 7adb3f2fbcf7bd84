"""Load and validate plan files (``plan/data/dgplan-*.yaml``) and the indicator history file.

Validation collects *every* problem before giving up, because plan files are edited by people
who fix a whole list at once; each problem names the offending entry by path, e.g.::

    strategies[2].goals[0]: unknown goal code "G9" (ไม่พบรหัสเป้าหมาย "G9")

The rules are deliberately generic (nothing assumes four goals or four strategies), so a
revised plan loads without code changes:

* required keys present; unknown keys rejected (typos would otherwise drop data silently),
  except keys starting with ``x_`` which are reserved for local extensions;
* codes match :data:`CODE_RE` and are unique across goals, strategies, sub-strategies and KPIs;
* references (strategy -> goal, KPI -> goal/strategy, ``source`` keys) resolve;
* ``direction`` is ``higher`` or ``lower``; ``certainty`` is one of :data:`~.model.CERTAINTIES`;
* years are Buddhist-era integers; target years lie in the plan period and after the baseline;
* baseline and target values are finite numbers.

This module imports only the standard library and PyYAML: it runs in the CLI, in tests and
inside CKAN alike.
"""
from __future__ import annotations

import datetime as _dt
import functools
import math
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Optional, Union

import yaml

from ckanext.dgplan.thai.dates import BE_OFFSET, MAX_YEAR_BE, MIN_YEAR_BE

from .model import (
    CERTAINTIES,
    DIRECTIONS,
    KPI_KINDS,
    Baseline,
    CodeChange,
    Goal,
    IndicatorSeries,
    IndicatorSet,
    KeyFact,
    Keywords,
    Kpi,
    LocalText,
    Milestone,
    Number,
    Observation,
    Period,
    Plan,
    Source,
    Strategy,
    SubStrategy,
    Target,
    diff_codes,
)

__all__ = [
    "CODE_RE",
    "DATA_DIR",
    "DEFAULT_PLAN_FILE",
    "INDICATORS_FILE",
    "PLAN_CODE_RE",
    "SOURCE_KEY_RE",
    "SUPPORTED_SCHEMA_VERSIONS",
    "PlanValidationError",
    "ValidationIssue",
    "bundled_plan_paths",
    "default_plan",
    "diff_codes",
    "load_bundled_plans",
    "load_indicators",
    "load_indicators_text",
    "load_plan",
    "load_plan_text",
]

#: Codes of goals, strategies, sub-strategies, KPIs and indicator series.
CODE_RE = re.compile(r"^[A-Z][A-Z0-9_-]{0,31}$")
#: Plan codes are lower-case slugs (``dgdp-2023-2027``) so they can appear in URLs as they are.
PLAN_CODE_RE = re.compile(r"^[a-z][a-z0-9-]{1,63}$")
#: A ``source`` string shaped like this is a key into ``sources:``; anything else (a URL, a
#: sentence, a repository path) is a free-text citation. Keys must then resolve, which catches typos.
SOURCE_KEY_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}$")
SUPPORTED_SCHEMA_VERSIONS = frozenset({1})
QUALIFIERS = (">", ">=", "<", "<=", "~")
_DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")

DATA_DIR = Path(__file__).resolve().parent / "data"
DEFAULT_PLAN_FILE = DATA_DIR / "dgplan-2566-2570.yaml"
INDICATORS_FILE = DATA_DIR / "indicators.yaml"
_PLAN_GLOB = "dgplan-*.yaml"

PathLike = Union[str, "os.PathLike[str]"]


# ------------------------------------------------------------------------------------------
# Errors
# ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ValidationIssue:
    """One problem in a file: where (``path``) and what, in English and Thai."""

    path: str
    message: str
    message_th: str = ""

    def __str__(self) -> str:
        text = f"{self.path}: {self.message}"
        return f"{text} ({self.message_th})" if self.message_th else text

    def to_dict(self) -> dict[str, str]:
        return {"path": self.path, "message": self.message, "message_th": self.message_th}


class PlanValidationError(ValueError):
    """A plan or indicators file is invalid. ``errors`` lists every :class:`ValidationIssue`."""

    def __init__(self, errors: Iterable[ValidationIssue], origin: str = "<string>") -> None:
        self.errors: list[ValidationIssue] = list(errors)
        self.origin = origin
        super().__init__(self._summary())

    def _summary(self) -> str:
        count = len(self.errors)
        head = f"{self.origin}: {count} error{'s' if count != 1 else ''} (พบข้อผิดพลาด {count} รายการ)"
        return "\n".join([head] + [f"  {issue}" for issue in self.errors])

    @property
    def messages(self) -> list[str]:
        """``["path: message (ข้อความ)", ...]``."""
        return [str(issue) for issue in self.errors]

    @property
    def paths(self) -> list[str]:
        return [issue.path for issue in self.errors]


# ------------------------------------------------------------------------------------------
# YAML reading
# ------------------------------------------------------------------------------------------


class _DuplicateKeyError(yaml.MarkedYAMLError):
    pass


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader that rejects duplicate mapping keys.

    Plain PyYAML keeps the last of two equal keys, so a pasted-twice KPI block would silently
    overwrite the first; in a plan file that is always a mistake.
    """


def _construct_mapping(loader: _StrictLoader, node: yaml.MappingNode, deep: bool = False) -> dict:
    seen: dict[Any, Any] = {}
    for key_node, _ in node.value:
        if key_node.tag == "tag:yaml.org,2002:merge":
            continue
        key = loader.construct_object(key_node, deep=True)
        try:
            if key in seen:
                raise _DuplicateKeyError(
                    "while constructing a mapping", node.start_mark,
                    f'duplicate key "{key}"', key_node.start_mark,
                )
            seen[key] = True
        except TypeError:
            # Unhashable keys are rejected by construct_mapping below with its own message.
            pass
    return loader.construct_mapping(node, deep=deep)


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _read_yaml(text: str, origin: str) -> Any:
    try:
        return yaml.load(text, Loader=_StrictLoader)  # noqa: S506 - a SafeLoader subclass
    except _DuplicateKeyError as exc:
        mark = exc.problem_mark
        line = f"line {mark.line + 1}" if mark else "<document>"
        key = (exc.problem or "").replace("duplicate key ", "")
        raise PlanValidationError(
            [ValidationIssue(line, f"duplicate key {key}", f"คีย์ซ้ำ {key}")], origin
        ) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "<document>"
        problem = getattr(exc, "problem", None) or str(exc)
        raise PlanValidationError(
            [ValidationIssue(where, f"not valid YAML: {problem}", "รูปแบบ YAML ไม่ถูกต้อง")], origin
        ) from None


# ------------------------------------------------------------------------------------------
# Validation context and field readers
# ------------------------------------------------------------------------------------------


def _join(path: str, key: Union[str, int]) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


class _Ctx:
    """Collects issues and the cross-references that can only be checked at the end."""

    def __init__(self) -> None:
        self.errors: list[ValidationIssue] = []
        self.source_refs: list[tuple[str, str]] = []  # (path, key)
        self.codes: dict[str, str] = {}  # code -> path where first defined

    def err(self, path: str, message: str, message_th: str = "") -> None:
        self.errors.append(ValidationIssue(path or "<document>", message, message_th))

    # -- structure ------------------------------------------------------------------------

    def mapping(self, value: Any, path: str) -> Optional[dict]:
        if isinstance(value, dict):
            return value
        self.err(path, f"expected a mapping (key: value), got {_kind(value)}", "ต้องเป็น mapping (คีย์: ค่า)")
        return None

    def seq(self, value: Any, path: str, required: bool = True) -> list:
        if value is None and not required:
            return []
        if isinstance(value, list):
            return value
        self.err(path, f"expected a list, got {_kind(value)}", "ต้องเป็นรายการ (list)")
        return []

    def keys(self, data: dict, path: str, required: Iterable[str], optional: Iterable[str] = ()) -> bool:
        """Check required/unknown keys; return False when a required key is missing."""
        ok = True
        required = tuple(required)
        allowed = set(required) | set(optional)
        for key in required:
            if key not in data:
                self.err(_join(path, key), f'missing required key "{key}"', f'ไม่มีคีย์ที่จำเป็น "{key}"')
                ok = False
        for key in data:
            if not isinstance(key, str):
                self.err(path, f"keys must be text, got {key!r}", "คีย์ต้องเป็นข้อความ")
            elif key not in allowed and not key.startswith("x_"):
                self.err(_join(path, key), f'unknown key "{key}"', f'ไม่รู้จักคีย์ "{key}"')
        return ok

    # -- scalars --------------------------------------------------------------------------

    def string(self, value: Any, path: str, required: bool = True) -> Optional[str]:
        if value is None:
            if required:
                self.err(path, "must not be empty", "ต้องไม่ว่าง")
            return None
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            self.err(path, f"expected text, got {_kind(value)}", "ต้องเป็นข้อความ")
            return None
        text = str(value).strip()
        if not text:
            if required:
                self.err(path, "must not be empty", "ต้องไม่ว่าง")
            return None
        return text

    def text(self, value: Any, path: str, required: bool = True, need_th: bool = True) -> LocalText:
        """A ``{th, en}`` mapping. Thai is required where the plan's official text is Thai."""
        if value is None:
            if required:
                self.err(path, "must not be empty", "ต้องไม่ว่าง")
            return LocalText()
        data = self.mapping(value, path)
        if data is None:
            return LocalText()
        self.keys(data, path, (), ("th", "en"))
        th = self.string(data.get("th"), _join(path, "th"), required=False)
        en = self.string(data.get("en"), _join(path, "en"), required=False)
        if required and need_th and not th:
            self.err(_join(path, "th"), "Thai text (th) is required", "ต้องมีข้อความภาษาไทย (th)")
        elif required and not (th or en):
            self.err(path, "needs th or en text", "ต้องมีข้อความ th หรือ en")
        return LocalText(th=th, en=en)

    def keywords(self, value: Any, path: str) -> Keywords:
        """``keywords: {th: [...], en: [...]}``: lists of non-empty words or phrases."""
        if value is None:
            return Keywords()
        data = self.mapping(value, path)
        if data is None:
            return Keywords()
        self.keys(data, path, (), ("th", "en"))
        out: dict[str, tuple[str, ...]] = {}
        for lang in ("th", "en"):
            lang_path = _join(path, lang)
            words: list[str] = []
            for i, item in enumerate(self.seq(data.get(lang), lang_path, required=False)):
                text = self.string(item, _join(lang_path, i))
                if text is not None and text not in words:
                    words.append(text)
            out[lang] = tuple(words)
        return Keywords(th=out["th"], en=out["en"])

    def code(self, value: Any, path: str, register: bool = True) -> str:
        if isinstance(value, bool) or not isinstance(value, str):
            # YAML turns NO/ON/YES into booleans; say so rather than print "False".
            hint = " (quote it: YAML reads yes/no/on/off as true/false)" if isinstance(value, bool) else ""
            self.err(path, f"code must be text, got {_kind(value)}{hint}", "รหัสต้องเป็นข้อความ")
            return ""
        if not CODE_RE.match(value):
            self.err(
                path,
                f'invalid code "{value}": use 1-32 characters A-Z, 0-9, "_" or "-", starting with a capital letter',
                f'รหัส "{value}" ไม่ถูกต้อง: ใช้ A-Z 0-9 _ - ยาวไม่เกิน 32 ตัว ขึ้นต้นด้วยตัวอักษรพิมพ์ใหญ่',
            )
            return value
        if register:
            first = self.codes.get(value)
            if first is not None:
                self.err(path, f'duplicate code "{value}" (first used at {first})', f'รหัสซ้ำ "{value}"')
            else:
                self.codes[value] = path
        return value

    def number(self, value: Any, path: str) -> Optional[Number]:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self.err(path, f"expected a number, got {_kind(value)}", "ต้องเป็นตัวเลข")
            return None
        if isinstance(value, float) and not math.isfinite(value):
            self.err(path, f"expected a finite number, got {value}", "ต้องเป็นตัวเลขที่มีค่าจำกัด")
            return None
        return value

    def year_be(self, value: Any, path: str, what: str = "year") -> Optional[int]:
        if isinstance(value, str) and value.strip().isdigit():
            # Quoted years ("2570") are common when a file passed through JSON; accept them.
            value = int(value.strip())
        if isinstance(value, bool) or not isinstance(value, int):
            self.err(
                path,
                f"{what} must be a Buddhist-era year (integer), got {_kind(value)}",
                "ต้องเป็นปี พ.ศ. (จำนวนเต็ม)",
            )
            return None
        if 1800 <= value < MIN_YEAR_BE:
            self.err(
                path,
                f"{what} {value} looks like a Common-era year; use the Buddhist-era year {value + BE_OFFSET}",
                f"ปี {value} ดูเหมือนเป็น ค.ศ. ให้ใช้ พ.ศ. {value + BE_OFFSET}",
            )
            return None
        if not MIN_YEAR_BE <= value <= MAX_YEAR_BE:
            self.err(
                path,
                f"{what} {value} is out of range {MIN_YEAR_BE}-{MAX_YEAR_BE} (Buddhist era)",
                f"ปี {value} อยู่นอกช่วง พ.ศ. {MIN_YEAR_BE}-{MAX_YEAR_BE}",
            )
            return None
        return value

    def certainty(self, value: Any, path: str) -> Optional[str]:
        if value is None:
            return None
        if value not in CERTAINTIES:
            self.err(
                path,
                f'certainty must be one of {", ".join(CERTAINTIES)}; got "{value}"',
                "ระดับความเชื่อมั่นไม่ถูกต้อง",
            )
            return None
        return value

    def sources(self, value: Any, path: str, required: bool = True) -> tuple[str, ...]:
        """``source:`` as one string or a list of strings (keys or citations)."""
        if value is None:
            if required:
                self.err(path, "a source is required for every fact", "ทุกข้อมูลต้องระบุแหล่งที่มา (source)")
            return ()
        items = value if isinstance(value, list) else [value]
        if required and not items:
            self.err(path, "a source is required for every fact", "ทุกข้อมูลต้องระบุแหล่งที่มา (source)")
        out = []
        for i, item in enumerate(items):
            item_path = _join(path, i) if isinstance(value, list) else path
            text = self.string(item, item_path)
            if text is None:
                continue
            if SOURCE_KEY_RE.match(text):
                self.source_refs.append((item_path, text))
            out.append(text)
        return tuple(out)

    def date(self, value: Any, path: str) -> Optional[str]:
        if isinstance(value, (_dt.date, _dt.datetime)):
            return value.isoformat()[:10]
        text = self.string(value, path)
        if text is not None and not _DATE_RE.match(text):
            self.err(path, f'date must be YYYY, YYYY-MM or YYYY-MM-DD (Common era), got "{text}"',
                     "วันที่ต้องอยู่ในรูปแบบ YYYY-MM-DD (ค.ศ.)")
            return None
        return text

    def resolve_sources(self, sources: Iterable[Source]) -> None:
        keys = {s.key for s in sources}
        for path, key in self.source_refs:
            if key not in keys:
                self.err(
                    path,
                    f'unknown source key "{key}" (add it to sources: or write a full citation)',
                    f'ไม่พบแหล่งอ้างอิง "{key}" ในรายการ sources',
                )


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"boolean {str(value).lower()}"
    if isinstance(value, (dict, list)):
        return type(value).__name__
    return f'"{value}"' if isinstance(value, str) else f"{type(value).__name__} {value!r}"


# ------------------------------------------------------------------------------------------
# Plan parsing
# ------------------------------------------------------------------------------------------

_PLAN_REQUIRED = ("schema_version", "code", "name", "period", "vision", "goals", "strategies", "kpis", "sources")
_PLAN_OPTIONAL = (
    "version", "edition", "status", "supersedes", "superseded_by", "source",
    "objectives", "milestones", "key_facts", "gaps", "code_changes",
)
_PLAN_STATUSES = ("draft", "in_force", "superseded")


def _schema_version(ctx: _Ctx, value: Any, path: str) -> int:
    if isinstance(value, bool) or value not in SUPPORTED_SCHEMA_VERSIONS:
        supported = ", ".join(str(v) for v in sorted(SUPPORTED_SCHEMA_VERSIONS))
        ctx.err(path, f"unsupported schema_version {value!r}; supported: {supported}",
                "schema_version ไม่รองรับ")
        return 0
    return int(value)


def _plan_code(ctx: _Ctx, value: Any, path: str, required: bool = True) -> Optional[str]:
    if value is None and not required:
        return None
    if not isinstance(value, str) or not PLAN_CODE_RE.match(value):
        ctx.err(path, f'invalid plan code {_kind(value)}: use a lower-case slug such as "dgdp-2023-2027"',
                "รหัสแผนไม่ถูกต้อง")
        return None
    return value


def _parse_sources_list(ctx: _Ctx, value: Any, path: str) -> tuple[Source, ...]:
    out: list[Source] = []
    seen: dict[str, str] = {}
    for i, item in enumerate(ctx.seq(value, path)):
        item_path = _join(path, i)
        data = ctx.mapping(item, item_path)
        if data is None:
            continue
        ctx.keys(data, item_path, ("key", "title"), ("url", "publisher", "date", "note"))
        key = ctx.string(data.get("key"), _join(item_path, "key")) or ""
        if key and not SOURCE_KEY_RE.match(key):
            ctx.err(_join(item_path, "key"),
                    f'invalid source key "{key}": use lower-case letters, digits, ".", "_" or "-"',
                    "คีย์แหล่งอ้างอิงไม่ถูกต้อง")
        elif key in seen:
            ctx.err(_join(item_path, "key"), f'duplicate source key "{key}" (first used at {seen[key]})',
                    f'คีย์แหล่งอ้างอิงซ้ำ "{key}"')
        elif key:
            seen[key] = _join(item_path, "key")
        out.append(Source(
            key=key,
            title=ctx.string(data.get("title"), _join(item_path, "title")) or "",
            url=ctx.string(data.get("url"), _join(item_path, "url"), required=False),
            publisher=ctx.string(data.get("publisher"), _join(item_path, "publisher"), required=False),
            date=ctx.date(data["date"], _join(item_path, "date")) if data.get("date") is not None else None,
            note=ctx.string(data.get("note"), _join(item_path, "note"), required=False),
        ))
    return tuple(out)


def _parse_facts(ctx: _Ctx, value: Any, path: str) -> tuple[KeyFact, ...]:
    out = []
    for i, item in enumerate(ctx.seq(value, path, required=False)):
        item_path = _join(path, i)
        data = ctx.mapping(item, item_path)
        if data is None:
            continue
        ctx.keys(data, item_path, ("text", "source"), ("certainty",))
        out.append(KeyFact(
            text=ctx.text(data.get("text"), _join(item_path, "text"), need_th=False),
            source=ctx.sources(data.get("source"), _join(item_path, "source")),
            certainty=ctx.certainty(data.get("certainty"), _join(item_path, "certainty")),
        ))
    return tuple(out)


def _parse_milestones(ctx: _Ctx, value: Any, path: str) -> tuple[Milestone, ...]:
    out = []
    for i, item in enumerate(ctx.seq(value, path, required=False)):
        item_path = _join(path, i)
        data = ctx.mapping(item, item_path)
        if data is None:
            continue
        ctx.keys(data, item_path, ("date", "event", "source"), ("certainty",))
        out.append(Milestone(
            date=ctx.date(data.get("date"), _join(item_path, "date")) or "",
            event=ctx.text(data.get("event"), _join(item_path, "event"), need_th=False),
            source=ctx.sources(data.get("source"), _join(item_path, "source")),
            certainty=ctx.certainty(data.get("certainty"), _join(item_path, "certainty")),
        ))
    return tuple(out)


def _parse_period(ctx: _Ctx, value: Any, path: str) -> Period:
    data = ctx.mapping(value, path)
    if data is None:
        return Period(0, 0)
    ctx.keys(data, path, ("start_be", "end_be"), ("start_ce", "end_ce"))
    start = ctx.year_be(data.get("start_be"), _join(path, "start_be"), "start_be")
    end = ctx.year_be(data.get("end_be"), _join(path, "end_be"), "end_be")
    if start is not None and end is not None and start > end:
        ctx.err(path, f"start_be {start} is after end_be {end}", "ปีเริ่มต้นอยู่หลังปีสิ้นสุด")
    # The CE years are optional and only there for readers; if present they must agree.
    for side, be in (("start", start), ("end", end)):
        key = f"{side}_ce"
        if key in data and be is not None and data[key] != be - BE_OFFSET:
            ctx.err(_join(path, key), f"{key} {data[key]!r} does not match {side}_be {be} (expected {be - BE_OFFSET})",
                    "ปี ค.ศ. ไม่ตรงกับปี พ.ศ.")
    return Period(start or 0, end or 0)


def _parse_goal(ctx: _Ctx, data: dict, path: str) -> Goal:
    ctx.keys(data, path, ("code", "name", "source"), ("description", "certainty", "note", "keywords"))
    return Goal(
        code=ctx.code(data.get("code"), _join(path, "code")),
        name=ctx.text(data.get("name"), _join(path, "name")),
        description=ctx.text(data.get("description"), _join(path, "description"), required=False),
        source=ctx.sources(data.get("source"), _join(path, "source")),
        certainty=ctx.certainty(data.get("certainty"), _join(path, "certainty")),
        note=ctx.text(data.get("note"), _join(path, "note"), required=False),
        keywords=ctx.keywords(data.get("keywords"), _join(path, "keywords")),
    )


def _parse_sub_strategy(ctx: _Ctx, data: dict, path: str) -> SubStrategy:
    ctx.keys(data, path, ("code", "name", "source"), ("description", "certainty", "note", "keywords"))
    return SubStrategy(
        code=ctx.code(data.get("code"), _join(path, "code")),
        name=ctx.text(data.get("name"), _join(path, "name")),
        description=ctx.text(data.get("description"), _join(path, "description"), required=False),
        source=ctx.sources(data.get("source"), _join(path, "source")),
        certainty=ctx.certainty(data.get("certainty"), _join(path, "certainty")),
        note=ctx.text(data.get("note"), _join(path, "note"), required=False),
        keywords=ctx.keywords(data.get("keywords"), _join(path, "keywords")),
    )


def _optional_int(ctx: _Ctx, value: Any, path: str) -> Optional[int]:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        ctx.err(path, f"expected a positive whole number, got {_kind(value)}", "ต้องเป็นจำนวนเต็มบวก")
        return None
    return value


def _parse_strategy(ctx: _Ctx, data: dict, path: str, goal_refs: list) -> Strategy:
    ctx.keys(
        data, path, ("code", "name", "goals", "source"),
        ("number", "number_draft", "number_final", "name_final", "name_final_truncated", "description",
         "sub_strategies", "certainty", "note", "keywords"),
    )
    goals = []
    for i, ref in enumerate(ctx.seq(data.get("goals"), _join(path, "goals"))):
        ref_path = _join(_join(path, "goals"), i)
        code = ctx.code(ref, ref_path, register=False)
        if code:
            goals.append(code)
            goal_refs.append((ref_path, code))
    subs = []
    sub_path = _join(path, "sub_strategies")
    for i, item in enumerate(ctx.seq(data.get("sub_strategies"), sub_path, required=False)):
        item_data = ctx.mapping(item, _join(sub_path, i))
        if item_data is not None:
            subs.append(_parse_sub_strategy(ctx, item_data, _join(sub_path, i)))
    truncated = data.get("name_final_truncated", False)
    if not isinstance(truncated, bool):
        ctx.err(_join(path, "name_final_truncated"), "expected true or false", "ต้องเป็น true หรือ false")
        truncated = False
    return Strategy(
        code=ctx.code(data.get("code"), _join(path, "code")),
        name=ctx.text(data.get("name"), _join(path, "name")),
        goals=tuple(goals),
        sub_strategies=tuple(subs),
        number=_optional_int(ctx, data.get("number"), _join(path, "number")),
        number_draft=_optional_int(ctx, data.get("number_draft"), _join(path, "number_draft")),
        number_final=_optional_int(ctx, data.get("number_final"), _join(path, "number_final")),
        name_final=ctx.text(data.get("name_final"), _join(path, "name_final"), required=False),
        name_final_truncated=truncated,
        description=ctx.text(data.get("description"), _join(path, "description"), required=False),
        source=ctx.sources(data.get("source"), _join(path, "source")),
        certainty=ctx.certainty(data.get("certainty"), _join(path, "certainty")),
        note=ctx.text(data.get("note"), _join(path, "note"), required=False),
        keywords=ctx.keywords(data.get("keywords"), _join(path, "keywords")),
    )


def _parse_baseline(ctx: _Ctx, value: Any, path: str, period: Period) -> Optional[Baseline]:
    if value is None:
        return None
    data = ctx.mapping(value, path)
    if data is None:
        return None
    ctx.keys(data, path, ("year_be", "value", "source"), ("note",))
    year = ctx.year_be(data.get("year_be"), _join(path, "year_be"), "baseline year")
    if year is not None and period.end_be and year > period.end_be:
        ctx.err(_join(path, "year_be"), f"baseline year {year} is after the plan period ends ({period.end_be})",
                f"ปีฐาน {year} อยู่หลังปีสิ้นสุดแผน ({period.end_be})")
    number = ctx.number(data.get("value"), _join(path, "value"))
    baseline = Baseline(
        year_be=year or 0,
        value=number if number is not None else 0,
        source=ctx.sources(data.get("source"), _join(path, "source")),
        note=ctx.text(data.get("note"), _join(path, "note"), required=False),
    )
    return baseline if year is not None and number is not None else None


def _parse_targets(ctx: _Ctx, value: Any, path: str, period: Period,
                   baseline: Optional[Baseline]) -> tuple[Target, ...]:
    if value is None:
        return ()
    data = ctx.mapping(value, path)
    if data is None:
        return ()
    out: dict[int, Target] = {}
    for raw_year, raw_value in data.items():
        item_path = _join(path, str(raw_year))
        year = ctx.year_be(raw_year, item_path, "target year")
        number = ctx.number(raw_value, item_path)
        if year is None:
            continue
        if period.start_be and not period.contains(year):
            ctx.err(item_path,
                    f"target year {year} is outside the plan period {period.start_be}-{period.end_be}",
                    f"ปีเป้าหมาย {year} อยู่นอกช่วงแผน พ.ศ. {period.start_be}-{period.end_be}")
        if baseline is not None and year <= baseline.year_be:
            ctx.err(item_path, f"target year {year} is not after the baseline year {baseline.year_be}",
                    f"ปีเป้าหมาย {year} ต้องอยู่หลังปีฐาน {baseline.year_be}")
        if year in out:
            ctx.err(item_path, f"target year {year} given twice", f"ปีเป้าหมาย {year} ซ้ำ")
        if number is not None:
            out[year] = Target(year, number)
    return tuple(out[year] for year in sorted(out))


def _parse_kpi(ctx: _Ctx, data: dict, path: str, period: Period, goal_refs: list, strategy_refs: list) -> Kpi:
    ctx.keys(
        data, path, ("code", "name", "unit", "direction", "source"),
        ("kind", "description", "baseline", "targets", "target_text", "target_source", "goals",
         "strategies", "frequency", "certainty", "note"),
    )
    direction = data.get("direction")
    if direction not in DIRECTIONS:
        ctx.err(_join(path, "direction"),
                f'direction must be "higher" or "lower", got {_kind(direction)}',
                'ทิศทางต้องเป็น "higher" (ยิ่งมากยิ่งดี) หรือ "lower" (ยิ่งน้อยยิ่งดี)')
        direction = "higher"
    kind = data.get("kind", "plan")
    if kind not in KPI_KINDS:
        ctx.err(_join(path, "kind"), f'kind must be one of {", ".join(KPI_KINDS)}; got {_kind(kind)}',
                "ประเภทตัวชี้วัดไม่ถูกต้อง")
        kind = "plan"
    refs: dict[str, list[str]] = {"goals": [], "strategies": []}
    for key, sink in (("goals", goal_refs), ("strategies", strategy_refs)):
        for i, ref in enumerate(ctx.seq(data.get(key), _join(path, key), required=False)):
            ref_path = _join(_join(path, key), i)
            code = ctx.code(ref, ref_path, register=False)
            if code:
                refs[key].append(code)
                sink.append((ref_path, code))
    baseline = _parse_baseline(ctx, data.get("baseline"), _join(path, "baseline"), period)
    return Kpi(
        code=ctx.code(data.get("code"), _join(path, "code")),
        name=ctx.text(data.get("name"), _join(path, "name")),
        unit=ctx.text(data.get("unit"), _join(path, "unit"), need_th=False),
        direction=direction,
        baseline=baseline,
        targets=_parse_targets(ctx, data.get("targets"), _join(path, "targets"), period, baseline),
        goals=tuple(refs["goals"]),
        strategies=tuple(refs["strategies"]),
        kind=kind,
        description=ctx.text(data.get("description"), _join(path, "description"), required=False),
        target_text=ctx.text(data.get("target_text"), _join(path, "target_text"), required=False),
        target_source=ctx.sources(data.get("target_source"), _join(path, "target_source"), required=False),
        frequency=ctx.string(data.get("frequency"), _join(path, "frequency"), required=False),
        source=ctx.sources(data.get("source"), _join(path, "source")),
        certainty=ctx.certainty(data.get("certainty"), _join(path, "certainty")),
        note=ctx.text(data.get("note"), _join(path, "note"), required=False),
    )


_CHANGE_KINDS = ("goals", "strategies", "kpis")


def _parse_code_changes(ctx: _Ctx, value: Any, path: str, codes: dict[str, set[str]]) -> tuple[CodeChange, ...]:
    """``code_changes``: each maps old codes one-to-one onto codes of this plan of one kind."""
    changes = []
    seen: set[str] = set()
    for i, item in enumerate(ctx.seq(value, path, required=False)):
        item_path = _join(path, i)
        data = ctx.mapping(item, item_path)
        if data is None:
            continue
        ctx.keys(data, item_path, ("id", "kind", "codes"), ("version", "note", "source"))
        change_id = ctx.string(data.get("id"), _join(item_path, "id")) or ""
        if change_id in seen:
            ctx.err(_join(item_path, "id"), f'duplicate code change id "{change_id}"',
                    f'รหัสการเปลี่ยนรหัส "{change_id}" ซ้ำ')
        seen.add(change_id)
        kind = data.get("kind")
        if kind not in _CHANGE_KINDS:
            ctx.err(_join(item_path, "kind"), f'kind must be one of {", ".join(_CHANGE_KINDS)}; got {_kind(kind)}',
                    "ชนิดของรหัสไม่ถูกต้อง")
            kind = None
        mapping = ctx.mapping(data.get("codes"), _join(item_path, "codes")) or {}
        pairs: dict[str, str] = {}
        for old, new in mapping.items():
            code_path = _join(_join(item_path, "codes"), str(old))
            if not isinstance(old, str) or not isinstance(new, str):
                ctx.err(code_path, "old and new codes must be text", "รหัสเดิมและรหัสใหม่ต้องเป็นข้อความ")
                continue
            if kind and new not in codes[kind]:
                ctx.err(code_path, f'"{new}" is not a code of this plan\'s {kind}', f'ไม่พบรหัส "{new}" ในแผนนี้')
            pairs[old] = new
        # One-to-one: two old codes turned into one new code could not be told apart again.
        if len(set(pairs.values())) != len(pairs):
            ctx.err(_join(item_path, "codes"), "two old codes map to the same new code",
                    "รหัสเดิมสองรหัสเปลี่ยนเป็นรหัสใหม่เดียวกัน")
        changes.append(CodeChange(
            id=change_id,
            kind=kind or "",
            codes=pairs,
            version=ctx.string(data.get("version"), _join(item_path, "version"), required=False),
            note=ctx.text(data.get("note"), _join(item_path, "note"), required=False),
            source=ctx.sources(data.get("source"), _join(item_path, "source"), required=False),
        ))
    return tuple(changes)


def _items(ctx: _Ctx, data: dict, key: str) -> Iterable[tuple[str, dict]]:
    """Yield ``(path, mapping)`` for each entry of the list ``data[key]``."""
    for i, item in enumerate(ctx.seq(data.get(key), key)):
        item_path = _join(key, i)
        mapping = ctx.mapping(item, item_path)
        if mapping is not None:
            yield item_path, mapping


def _build_plan(data: Any, origin: str) -> Plan:
    ctx = _Ctx()
    if not isinstance(data, dict):
        ctx.err("<document>", f"a plan file must be a mapping at the top level, got {_kind(data)}",
                "ไฟล์แผนต้องเป็น mapping ที่ระดับบนสุด")
        raise PlanValidationError(ctx.errors, origin)
    ctx.keys(data, "", _PLAN_REQUIRED, _PLAN_OPTIONAL)

    schema_version = _schema_version(ctx, data.get("schema_version"), "schema_version")
    code = _plan_code(ctx, data.get("code"), "code") or ""
    period = _parse_period(ctx, data.get("period"), "period")

    vision_data = ctx.mapping(data.get("vision"), "vision") or {}
    ctx.keys(vision_data, "vision", ("source",), ("th", "en", "certainty"))
    vision = ctx.text({k: v for k, v in vision_data.items() if k in ("th", "en")}, "vision")
    vision_source = ctx.sources(vision_data.get("source"), "vision.source")
    vision_certainty = ctx.certainty(vision_data.get("certainty"), "vision.certainty")

    status = data.get("status")
    if status is not None and status not in _PLAN_STATUSES:
        ctx.err("status", f'status must be one of {", ".join(_PLAN_STATUSES)}; got {_kind(status)}',
                "สถานะแผนไม่ถูกต้อง")
        status = None

    goal_refs: list[tuple[str, str]] = []
    strategy_refs: list[tuple[str, str]] = []
    goals = tuple(_parse_goal(ctx, m, p) for p, m in _items(ctx, data, "goals"))
    strategies = tuple(_parse_strategy(ctx, m, p, goal_refs) for p, m in _items(ctx, data, "strategies"))
    kpis = tuple(_parse_kpi(ctx, m, p, period, goal_refs, strategy_refs) for p, m in _items(ctx, data, "kpis"))

    goal_codes = {g.code for g in goals}
    strategy_codes = {s.code for s in strategies}
    for ref_path, ref in goal_refs:
        if ref not in goal_codes:
            ctx.err(ref_path, f'unknown goal code "{ref}"', f'ไม่พบรหัสเป้าหมาย "{ref}"')
    for ref_path, ref in strategy_refs:
        if ref not in strategy_codes:
            ctx.err(ref_path, f'unknown strategy code "{ref}"', f'ไม่พบรหัสยุทธศาสตร์ "{ref}"')

    version = data.get("version")
    plan = Plan(
        schema_version=schema_version,
        code=code,
        name=ctx.text(data.get("name"), "name"),
        period=period,
        vision=vision,
        goals=goals,
        strategies=strategies,
        kpis=kpis,
        sources=_parse_sources_list(ctx, data.get("sources"), "sources"),
        version=ctx.string(version, "version", required=False),
        edition=ctx.text(data.get("edition"), "edition", required=False),
        status=status,
        supersedes=_plan_code(ctx, data.get("supersedes"), "supersedes", required=False),
        superseded_by=_plan_code(ctx, data.get("superseded_by"), "superseded_by", required=False),
        source=ctx.sources(data.get("source"), "source", required=False),
        vision_source=vision_source,
        vision_certainty=vision_certainty,
        objectives=_parse_facts(ctx, data.get("objectives"), "objectives"),
        milestones=_parse_milestones(ctx, data.get("milestones"), "milestones"),
        key_facts=_parse_facts(ctx, data.get("key_facts"), "key_facts"),
        gaps=_parse_facts(ctx, data.get("gaps"), "gaps"),
        code_changes=_parse_code_changes(ctx, data.get("code_changes"), "code_changes", {
            "goals": goal_codes, "strategies": strategy_codes, "kpis": {k.code for k in kpis}}),
        origin=origin,
    )
    ctx.resolve_sources(plan.sources)
    if ctx.errors:
        raise PlanValidationError(ctx.errors, origin)
    return plan


def load_plan_text(text: str, origin: str = "<string>") -> Plan:
    """Parse and validate plan YAML ``text``; ``origin`` names it in error messages.

    Raises :class:`PlanValidationError` listing every problem found.
    """
    return _build_plan(_read_yaml(text, origin), origin)


def load_plan(path: PathLike) -> Plan:
    """Load and validate the plan file at ``path`` (UTF-8 YAML)."""
    path = Path(path)
    return load_plan_text(path.read_text(encoding="utf-8"), origin=str(path))


def bundled_plan_paths() -> list[Path]:
    """Plan files shipped with the extension, oldest period first (names sort by BE year)."""
    return sorted(DATA_DIR.glob(_PLAN_GLOB))


def load_bundled_plans() -> dict[str, Plan]:
    """Every bundled plan, keyed by plan code."""
    plans = (load_plan(path) for path in bundled_plan_paths())
    return {plan.code: plan for plan in plans}


@functools.lru_cache(maxsize=1)
def default_plan() -> Plan:
    """The bundled Digital Government Development Plan 2566–2570, parsed once per process.

    Safe to cache: :class:`Plan` is immutable. A site that configures another file loads it
    with :func:`load_plan` instead.
    """
    return load_plan(DEFAULT_PLAN_FILE)


# ------------------------------------------------------------------------------------------
# Indicators file
# ------------------------------------------------------------------------------------------


def _parse_observation(ctx: _Ctx, data: dict, path: str, series_has_source: bool) -> Optional[Observation]:
    ctx.keys(data, path, ("year_be", "value"), ("year_ce", "qualifier", "date", "source", "certainty", "note"))
    year = ctx.year_be(data.get("year_be"), _join(path, "year_be"))
    if "year_ce" in data and year is not None and data["year_ce"] != year - BE_OFFSET:
        ctx.err(_join(path, "year_ce"),
                f"year_ce {data['year_ce']!r} does not match year_be {year} (expected {year - BE_OFFSET})",
                "ปี ค.ศ. ไม่ตรงกับปี พ.ศ.")
    raw = data.get("value")
    # null is allowed: it records that a value was searched for and not found.
    value = None if raw is None else ctx.number(raw, _join(path, "value"))
    qualifier = data.get("qualifier")
    if qualifier is not None and qualifier not in QUALIFIERS:
        ctx.err(_join(path, "qualifier"), f'qualifier must be one of {" ".join(QUALIFIERS)}; got {_kind(qualifier)}',
                "ตัวขยายค่าไม่ถูกต้อง")
        qualifier = None
    sources = ctx.sources(data.get("source"), _join(path, "source"), required=not series_has_source)
    note = ctx.string(data.get("note"), _join(path, "note"), required=False)
    if year is None:
        return None
    return Observation(
        year_be=year,
        value=value,
        source=sources,
        qualifier=qualifier,
        date=ctx.date(data["date"], _join(path, "date")) if data.get("date") is not None else None,
        certainty=ctx.certainty(data.get("certainty"), _join(path, "certainty")),
        note=note,
    )


def _parse_series(ctx: _Ctx, data: dict, path: str, kpi_refs: list) -> IndicatorSeries:
    ctx.keys(data, path, ("code", "name", "unit", "observations"),
             ("direction", "kpis", "frequency", "source", "note"))
    direction = data.get("direction")
    if direction is not None and direction not in DIRECTIONS:
        ctx.err(_join(path, "direction"), f'direction must be "higher" or "lower", got {_kind(direction)}',
                'ทิศทางต้องเป็น "higher" หรือ "lower"')
        direction = None
    kpis = []
    for i, ref in enumerate(ctx.seq(data.get("kpis"), _join(path, "kpis"), required=False)):
        ref_path = _join(_join(path, "kpis"), i)
        code = ctx.code(ref, ref_path, register=False)
        if code:
            kpis.append(code)
            kpi_refs.append((ref_path, code))
    source = ctx.sources(data.get("source"), _join(path, "source"), required=False)
    observations: list[Observation] = []
    seen: dict[int, str] = {}
    obs_path = _join(path, "observations")
    for i, item in enumerate(ctx.seq(data.get("observations"), obs_path)):
        item_path = _join(obs_path, i)
        item_data = ctx.mapping(item, item_path)
        if item_data is None:
            continue
        obs = _parse_observation(ctx, item_data, item_path, bool(source))
        if obs is None:
            continue
        if obs.year_be in seen:
            ctx.err(_join(item_path, "year_be"), f"year {obs.year_be} already given at {seen[obs.year_be]}",
                    f"ปี {obs.year_be} ซ้ำ")
            continue
        seen[obs.year_be] = item_path
        observations.append(obs)
    observations.sort(key=lambda o: o.year_be)
    return IndicatorSeries(
        code=ctx.code(data.get("code"), _join(path, "code")),
        name=ctx.text(data.get("name"), _join(path, "name")),
        unit=ctx.text(data.get("unit"), _join(path, "unit"), need_th=False),
        observations=tuple(observations),
        direction=direction,
        kpis=tuple(kpis),
        frequency=ctx.string(data.get("frequency"), _join(path, "frequency"), required=False),
        source=source,
        note=ctx.text(data.get("note"), _join(path, "note"), required=False),
    )


def load_indicators_text(text: str, origin: str = "<string>", plan: Optional[Plan] = None) -> IndicatorSet:
    """Parse and validate an indicators YAML ``text``.

    With ``plan``, every ``kpis:`` reference must name a KPI of that plan.
    """
    data = _read_yaml(text, origin)
    ctx = _Ctx()
    if not isinstance(data, dict):
        ctx.err("<document>", f"an indicators file must be a mapping at the top level, got {_kind(data)}",
                "ไฟล์ตัวชี้วัดต้องเป็น mapping ที่ระดับบนสุด")
        raise PlanValidationError(ctx.errors, origin)
    ctx.keys(data, "", ("schema_version", "series", "sources"), ("description",))
    schema_version = _schema_version(ctx, data.get("schema_version"), "schema_version")
    kpi_refs: list[tuple[str, str]] = []
    series = tuple(_parse_series(ctx, m, p, kpi_refs) for p, m in _items(ctx, data, "series"))
    sources = _parse_sources_list(ctx, data.get("sources"), "sources")
    ctx.resolve_sources(sources)
    if plan is not None:
        known = plan.codes()["kpis"]
        for ref_path, ref in kpi_refs:
            if ref not in known:
                ctx.err(ref_path, f'unknown KPI code "{ref}" in plan {plan.code}', f'ไม่พบรหัสตัวชี้วัด "{ref}"')
    if ctx.errors:
        raise PlanValidationError(ctx.errors, origin)
    return IndicatorSet(schema_version=schema_version, series=series, sources=sources, origin=origin)


def load_indicators(path: Optional[PathLike] = None, plan: Optional[Plan] = None) -> IndicatorSet:
    """Load the indicators file at ``path`` (default: the bundled ``indicators.yaml``)."""
    path = Path(path) if path is not None else INDICATORS_FILE
    return load_indicators_text(path.read_text(encoding="utf-8"), origin=str(path), plan=plan)

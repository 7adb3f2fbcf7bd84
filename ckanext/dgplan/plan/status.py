"""KPI progress status: is a KPI on course to reach its target?

Method
======

The method follows Open SDG's automatic progress measure (``sdg-build``, ``ProgressMeasure.py``),
which implements Statistics Canada's SDG progress methodology: compare the growth the KPI has
actually achieved since its baseline with the growth it needs to reach its target on time.

Inputs: the KPI's ``direction`` (``higher`` or ``lower`` is better), its baseline (year *B*,
value *b*), one target (year *T*, value *t*) and the observations reported so far as
``(year_be, value)`` pairs. All years are Buddhist-era (พ.ศ.).

1. **Clean the observations.** Pairs whose value is missing (``None``) are dropped; two different
   values for the same year are an error. The KPI's stated baseline is the starting point; if the
   KPI has none, the earliest observation is. The stated baseline wins over an observation of the
   same year (the plan's own figure is authoritative), and observations before the baseline
   year are ignored.
2. **Latest value.** *v* in year *Y* is the most recent observation after *B*; with no such
   observation it is the baseline value itself (so ``latest_*`` always shows the last known value).
3. **Target.** The target of ``target_year`` when given, otherwise the KPI's last target year
   (normally the plan's final year, e.g. 2570).
4. **Status**, checked in this order:

   * ``no_data``: no baseline and no observation at all.
   * ``achieved``: *v* meets *t* in the KPI's direction (*v* ≥ *t* for ``higher``, *v* ≤ *t* for
     ``lower``; reaching the target exactly counts).
   * ``no_data``: nothing observed after the baseline year, so no progress can be measured.
   * ``off_track``: the target year has come (*Y* ≥ *T*) and the target is not met.
   * Otherwise compare growth rates. With compound annual growth rates (CAGR)::

         r_obs = (v / b) ** (1 / (Y - B)) - 1      # growth achieved per year so far
         r_req = (t / b) ** (1 / (T - B)) - 1      # growth needed per year to hit the target
         ratio = d * r_obs / |r_req|               # d = +1 for higher, -1 for lower

     ``ratio`` ≥ 0.95 → ``on_track``; ``ratio`` ≥ 0.5 → ``needs_attention``; otherwise
     ``off_track`` (this includes any movement away from the target, ``ratio`` < 0).
     CAGR needs *b*, *v* and *t* all above zero; when one is zero or negative, linear rates
     per year are used instead: ``r_obs = (v - b) / (Y - B)``, ``r_req = (t - b) / (T - B)``.
     If ``r_req`` is zero (target equal to the baseline) and the target is not met, the KPI is
     ``off_track``.
   * ``expected_value`` is where the KPI should be in year *Y* on the required path:
     ``b * (1 + r_req) ** (Y - B)`` (CAGR) or ``b + r_req * (Y - B)`` (linear).

5. **KPIs without a target** (Open SDG's "methodology 1"): the trend alone is judged,
   ``g = d * r_obs`` (CAGR; needs *b* and *v* above zero, otherwise ``no_data``):
   ``g`` ≥ 0.015 (1.5 % a year in the right direction) → ``on_track``; ``g`` ≥ 0.005 →
   ``needs_attention``; otherwise ``off_track``. ``achieved`` never applies. The result's
   ``method`` is ``"trend"`` so a page can say that no target exists.

Differences from Open SDG, on purpose: Open SDG has four levels below "achieved" (substantial
≥ 0.95, moderate ≥ 0.6, limited ≥ 0, deterioration < 0); a plan dashboard needs three:
``on_track`` (≥ 0.95, Open SDG's substantial), ``needs_attention`` (≥ 0.5: moderate and the top
of limited) and ``off_track`` (< 0.5: the rest of limited, and deterioration). Open SDG replaces a zero
baseline or target by 0.001; we switch to linear rates, which stay meaningful for percentages
that start at 0. Open SDG does not treat a passed target year specially; we call it
``off_track``. All thresholds can be changed with :class:`Thresholds`.

Worked example (UN EGDI rank, lower is better): baseline 55 in 2565, target 40 in 2570, latest
52 in 2567. ``r_req = (40/55) ** (1/5) - 1 = -6.17 %`` a year; ``r_obs = (52/55) ** (1/2) - 1 =
-2.76 %`` a year; ``ratio = -1 * -0.0276 / 0.0617 = 0.45`` → ``off_track`` (expected value
in 2567: 48.4).

Roll-ups (:func:`rollup`) count KPI statuses for a strategy, a goal or the plan. The ``worst``
status is the most severe among KPIs with data (``off_track`` > ``needs_attention`` >
``on_track`` > ``achieved``), and ``no_data`` only when no KPI has data.

A goal or strategy with no KPI of its own is measured by the plan-level (cross-cutting) KPIs
(:func:`rollup_element`, ``scope: "plan"``): the plan names them as the measure of the whole plan,
so each of its goals and strategies. The bundled plan 2566-2570 attaches every KPI to the plan,
none to a goal or strategy; rolling up only attached KPIs left every goal and strategy at
"no data" while the KPIs themselves had statuses.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, Iterable, Mapping, Optional, Union

from .model import Kpi, LocalText, Number, Plan

__all__ = [
    "DEFAULT_THRESHOLDS",
    "SEVERITY",
    "STATUSES",
    "STATUS_LABELS",
    "StatusResult",
    "Thresholds",
    "kpi_status",
    "rollup",
    "rollup_element",
    "rollup_plan",
    "status_label",
]

#: Status codes, best first; ``no_data`` last because it says nothing about progress.
STATUSES: tuple[str, ...] = ("achieved", "on_track", "needs_attention", "off_track", "no_data")

#: Display labels. Thai follows the wording of Thai government KPI reports.
STATUS_LABELS: dict[str, dict[str, str]] = {
    "achieved": {"th": "บรรลุค่าเป้าหมาย", "en": "Achieved"},
    "on_track": {"th": "เป็นไปตามแผน", "en": "On track"},
    "needs_attention": {"th": "ต้องเร่งรัด", "en": "Needs attention"},
    "off_track": {"th": "ไม่เป็นไปตามแผน", "en": "Off track"},
    "no_data": {"th": "ไม่มีข้อมูล", "en": "No data"},
}

#: Higher is worse. ``no_data`` is deliberately absent: missing data is not a progress level.
SEVERITY: dict[str, int] = {"achieved": 0, "on_track": 1, "needs_attention": 2, "off_track": 3}


def status_label(status: str, lang: Optional[str] = "th") -> str:
    """Label of ``status`` in ``lang`` (``th``/``en``; other locales fall back to English)."""
    labels = STATUS_LABELS[status]
    code = (lang or "th").split("_")[0].split("-")[0].lower()
    return labels.get(code, labels["en"])


@dataclass(frozen=True)
class Thresholds:
    """Cut-offs of the progress ratio (target method) and of the annual growth (trend method)."""

    on_track: float = 0.95
    needs_attention: float = 0.5
    trend_on_track: float = 0.015
    trend_needs_attention: float = 0.005


DEFAULT_THRESHOLDS = Thresholds()


@dataclass(frozen=True)
class StatusResult:
    """Outcome of :func:`kpi_status`, with every number used so a page can show its working.

    ``method`` is ``"cagr"``, ``"linear"``, ``"trend"`` or ``None`` (no computation needed or
    possible). ``ratio`` is the progress ratio of the target method, or the directed annual
    growth ``g`` of the trend method.
    """

    status: str
    latest_year: Optional[int] = None
    latest_value: Optional[Number] = None
    target_year: Optional[int] = None
    target_value: Optional[Number] = None
    expected_value: Optional[float] = None
    ratio: Optional[float] = None
    baseline_year: Optional[int] = None
    baseline_value: Optional[Number] = None
    method: Optional[str] = None
    reason: LocalText = LocalText()
    kpi: Optional[str] = None

    def label(self, lang: Optional[str] = "th") -> str:
        return status_label(self.status, lang)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict; includes the labels so API clients need no lookup table."""
        return {
            "kpi": self.kpi,
            "status": self.status,
            "label": dict(STATUS_LABELS[self.status]),
            "latest_year": self.latest_year,
            "latest_value": self.latest_value,
            "target_year": self.target_year,
            "target_value": self.target_value,
            "expected_value": self.expected_value,
            "ratio": self.ratio,
            "baseline_year": self.baseline_year,
            "baseline_value": self.baseline_value,
            "method": self.method,
            "reason": self.reason.to_dict(),
        }


#: ``(year_be, value)`` pairs, or objects with ``year_be`` and ``value`` (e.g. ``Observation``).
ObservationLike = Any


def _clean(observations: Iterable[ObservationLike]) -> dict[int, Number]:
    """``{year_be: value}`` without missing values; rejects conflicting duplicates."""
    out: dict[int, Number] = {}
    for item in observations:
        if hasattr(item, "year_be"):
            year, value = item.year_be, item.value
        else:
            year, value = item
        if isinstance(year, bool) or not isinstance(year, int):
            raise TypeError(f"observation year must be an int (Buddhist era), got {year!r}")
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise TypeError(f"observation value for {year} must be a number, got {value!r}")
        if year in out and out[year] != value:
            raise ValueError(f"two different values for year {year}: {out[year]!r} and {value!r}")
        out[year] = value
    return out


def _rate(value: float, base: float, years: int, compound: bool) -> float:
    if compound:
        return (value / base) ** (1.0 / years) - 1.0
    return (value - base) / years


def _path_value(base: float, rate: float, years: int, compound: bool) -> float:
    return base * (1.0 + rate) ** years if compound else base + rate * years


def _reason(en: str, th: str) -> LocalText:
    return LocalText(th=th, en=en)


def _select_target(kpi: Kpi, target_year: Optional[int]) -> Optional[tuple[int, Number]]:
    if target_year is not None:
        targets = kpi.targets_by_year()
        if target_year not in targets:
            raise ValueError(f"KPI {kpi.code} has no target for {target_year}; targets: {sorted(targets)}")
        return target_year, targets[target_year]
    final = kpi.final_target
    return (final.year_be, final.value) if final is not None else None


def _by_trend(base: StatusResult, direction: int, thresholds: Thresholds, use_trend: bool) -> StatusResult:
    """Judge a KPI without a target by its annual growth in the desired direction."""
    assert base.baseline_year is not None and base.latest_year is not None  # set by the caller
    b, v = base.baseline_value, base.latest_value
    assert b is not None and v is not None
    if not use_trend:
        return replace(base, status="no_data", reason=_reason("The KPI has no target.", "ตัวชี้วัดนี้ไม่มีค่าเป้าหมาย"))
    if b <= 0 or v <= 0:
        return replace(base, status="no_data", reason=_reason(
            "No target, and the trend cannot be computed from non-positive values.",
            "ไม่มีค่าเป้าหมาย และคำนวณแนวโน้มจากค่าที่ไม่เป็นบวกไม่ได้",
        ))
    growth = direction * _rate(v, b, base.latest_year - base.baseline_year, compound=True)
    if growth >= thresholds.trend_on_track:
        status = "on_track"
    elif growth >= thresholds.trend_needs_attention:
        status = "needs_attention"
    else:
        status = "off_track"
    return replace(base, status=status, ratio=growth, method="trend", reason=_reason(
        f"No target; annual change in the desired direction {growth:.2%}.",
        f"ไม่มีค่าเป้าหมาย อัตราการเปลี่ยนแปลงต่อปีในทิศทางที่ต้องการ {growth:.2%}",
    ))


def _by_target(base: StatusResult, direction: int, thresholds: Thresholds) -> StatusResult:
    """Compare achieved growth with the growth required to reach the target (not yet met)."""
    b, v, t = base.baseline_value, base.latest_value, base.target_value
    b_year, v_year, t_year = base.baseline_year, base.latest_year, base.target_year
    assert b is not None and v is not None and t is not None  # set by the caller
    assert b_year is not None and v_year is not None and t_year is not None
    compound = b > 0 and v > 0 and t > 0
    method = "cagr" if compound else "linear"
    elapsed, horizon = v_year - b_year, t_year - b_year
    r_obs = _rate(v, b, elapsed, compound)
    r_req: Optional[float] = None
    expected: Optional[float] = None
    if horizon > 0:
        r_req = _rate(t, b, horizon, compound)
        expected = _path_value(b, r_req, elapsed, compound)
    ratio = direction * r_obs / abs(r_req) if r_req else None
    base = replace(base, ratio=ratio, expected_value=expected, method=method)

    if v_year >= t_year:
        return replace(base, status="off_track", reason=_reason(
            f"Target year {t_year} reached without meeting the target {t}.",
            f"ถึงปีเป้าหมาย พ.ศ. {t_year} แล้วแต่ยังไม่ถึงค่าเป้าหมาย {t}",
        ))
    if ratio is None:
        # Target equals the baseline and is not met: the KPI has moved the wrong way.
        return replace(base, status="off_track", reason=_reason(
            "The target equals the baseline and the latest value falls short of it.",
            "ค่าเป้าหมายเท่ากับค่าฐาน และค่าล่าสุดยังไม่ถึงเป้าหมาย",
        ))
    if ratio >= thresholds.on_track:
        status = "on_track"
    elif ratio >= thresholds.needs_attention:
        status = "needs_attention"
    else:
        status = "off_track"
    return replace(base, status=status, reason=_reason(
        f"Progress is {ratio:.0%} of the pace needed to reach {t} by {t_year}.",
        f"ความก้าวหน้าเท่ากับ {ratio:.0%} ของอัตราที่ต้องการเพื่อให้ถึง {t} ภายในปี พ.ศ. {t_year}",
    ))


def kpi_status(
    kpi: Kpi,
    observations: Iterable[ObservationLike],
    target_year: Optional[int] = None,
    *,
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
    use_trend: bool = True,
) -> StatusResult:
    """Progress status of ``kpi`` given ``observations`` ``[(year_be, value), ...]``.

    ``target_year`` selects one of the KPI's targets (default: the last). ``use_trend=False``
    reports ``no_data`` for KPIs without a target instead of judging the trend. The method is
    described in the module docstring.

    Raises ``ValueError`` if ``target_year`` is not one of the KPI's target years or two
    observations of one year disagree, ``TypeError`` for non-numeric input.
    """
    values = _clean(observations)
    direction = -1 if kpi.lower_is_better else 1
    # Target selection first: a bad target_year is a caller error whatever the data says.
    target = _select_target(kpi, target_year)
    t_year, t_value = target if target is not None else (None, None)

    if kpi.baseline is not None:
        base_year, base_value = kpi.baseline.year_be, kpi.baseline.value
    elif values:
        base_year = min(values)
        base_value = values[base_year]
    else:
        return StatusResult(
            "no_data", target_year=t_year, target_value=t_value, kpi=kpi.code,
            reason=_reason("No baseline and no observations.", "ไม่มีค่าฐานและไม่มีข้อมูลผลการดำเนินงาน"),
        )

    # The stated baseline wins over an observation of its own year; earlier ones are ignored.
    later = {year: value for year, value in values.items() if year > base_year}
    latest_year = max(later) if later else base_year
    latest_value = later[latest_year] if later else base_value

    base = StatusResult(
        "no_data", latest_year=latest_year, latest_value=latest_value, target_year=t_year,
        target_value=t_value, baseline_year=base_year, baseline_value=base_value, kpi=kpi.code,
    )
    if target is not None and kpi.meets(latest_value, target[1]):
        return replace(base, status="achieved", reason=_reason(
            f"Latest value {latest_value} ({latest_year}) meets the target {t_value} ({t_year}).",
            f"ค่าล่าสุด {latest_value} (พ.ศ. {latest_year}) ถึงค่าเป้าหมาย {t_value} (พ.ศ. {t_year}) แล้ว",
        ))
    if latest_year <= base_year:
        return replace(base, reason=_reason(
            f"No observation after the baseline year {base_year}.",
            f"ยังไม่มีข้อมูลหลังปีฐาน พ.ศ. {base_year}",
        ))
    if target is None:
        return _by_trend(base, direction, thresholds, use_trend)
    return _by_target(base, direction, thresholds)


def _status_of(item: Union[str, StatusResult]) -> str:
    status = item.status if isinstance(item, StatusResult) else item
    if status not in STATUS_LABELS:
        raise ValueError(f"unknown status {status!r}; expected one of {', '.join(STATUSES)}")
    return status


#: How a ``no_data`` KPI that has values (only the baseline year, say) is named, as on its page.
NOT_ASSESSABLE_LABEL: dict[str, str] = {"th": "ข้อมูลยังไม่พอประเมิน", "en": "Not enough data to assess"}


def rollup(statuses: Iterable[Union[str, StatusResult]], not_assessable: int = 0) -> dict[str, Any]:
    """Summarise KPI statuses for a strategy, a goal or the whole plan.

    Returns ``{"total", "counts": {status: n, ...}, "with_data", "good", "worst", "summary"}``
    where ``good`` counts ``achieved`` + ``on_track``, ``worst`` is the most severe status among
    KPIs with data (``no_data`` if none has data, including an empty list) and ``summary`` is
    ``{"th": ..., "en": ...}`` text such as "3 KPIs: 1 achieved, 2 off track".
    ``not_assessable`` of the ``no_data`` KPIs have values but too few to assess: the summary
    names them "not enough data to assess", as their own pages do, and only the rest "no data".
    """
    counts = {status: 0 for status in STATUSES}
    for item in statuses:
        counts[_status_of(item)] += 1
    total = sum(counts.values())
    with_data = total - counts["no_data"]
    present = [s for s in SEVERITY if counts[s]]
    worst = max(present, key=SEVERITY.__getitem__) if present else "no_data"
    if total:
        named = {s: (STATUS_LABELS[s], counts[s]) for s in STATUSES}
        short = min(max(not_assessable, 0), counts["no_data"])
        named["no_data"] = (STATUS_LABELS["no_data"], counts["no_data"] - short)
        items = [*named.values()][:-1] + [(NOT_ASSESSABLE_LABEL, short), named["no_data"]]
        parts_en = [f"{n} {label['en'].lower()}" for label, n in items if n]
        parts_th = [f"{label['th']} {n}" for label, n in items if n]
        noun = "KPI" if total == 1 else "KPIs"
        summary = {
            "th": f"ตัวชี้วัด {total} ตัว: " + ", ".join(parts_th),
            "en": f"{total} {noun}: " + ", ".join(parts_en),
        }
    else:
        summary = {"th": "ไม่มีตัวชี้วัด", "en": "No KPIs"}
    return {
        "total": total,
        "counts": counts,
        "with_data": with_data,
        "good": counts["achieved"] + counts["on_track"],
        "worst": worst,
        "summary": summary,
    }


def rollup_element(own: Iterable[Union[str, StatusResult]],
                   plan_level: Iterable[Union[str, StatusResult]],
                   not_assessable: int = 0) -> dict[str, Any]:
    """Roll-up of a goal or strategy: its own KPIs, else the plan-level KPIs.

    Returns :func:`rollup` of ``own`` with ``scope: "own"`` when the element has KPIs of its
    own; otherwise :func:`rollup` of ``plan_level`` (the KPIs attached to no goal or strategy)
    with ``scope: "plan"``, or an empty roll-up with ``scope: "none"`` when the plan has no
    plan-level KPI either. ``summary`` then says which KPIs were counted. ``not_assessable`` is
    passed on to :func:`rollup` for the KPIs counted.
    """
    own = list(own)
    if own:
        return {**rollup(own, not_assessable), "scope": "own"}
    plan_level = list(plan_level)
    out = rollup(plan_level, not_assessable)
    if not plan_level:
        return {**out, "scope": "none"}
    out["summary"] = {
        "th": "ตามตัวชี้วัดระดับแผน: " + out["summary"]["th"],
        "en": "By the plan-level KPIs: " + out["summary"]["en"],
    }
    return {**out, "scope": "plan"}


def rollup_plan(plan: Plan, statuses: Mapping[str, Union[str, StatusResult]]) -> dict[str, Any]:
    """Roll KPI statuses up to every strategy, every goal and the plan.

    ``statuses`` maps KPI code to status (or :class:`StatusResult`); KPIs missing from it count
    as ``no_data``. A goal's roll-up covers KPIs attached to the goal directly or through one of
    its strategies (each KPI once); a goal or strategy with none takes the plan-level KPIs
    (:func:`rollup_element`). Returns ``{"plan": ..., "goals": {code: ...},
    "strategies": {code: ...}}`` of roll-ups.
    """
    def status(kpis: Iterable[Kpi]) -> list[Union[str, StatusResult]]:
        return [statuses.get(k.code, "no_data") for k in kpis]

    cross = status(plan.cross_cutting_kpis())
    return {
        "plan": rollup(status(plan.kpis)),
        "goals": {g.code: rollup_element(status(plan.kpis_for_goal(g.code)), cross) for g in plan.goals},
        "strategies": {s.code: rollup_element(status(plan.kpis_for_strategy(s.code)), cross)
                       for s in plan.strategies},
    }

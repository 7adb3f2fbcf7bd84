"""KPI progress status (ckanext.dgplan.plan.status): one test per outcome, both directions."""
from __future__ import annotations

import json
import math

import pytest

from ckanext.dgplan.plan import default_plan
from ckanext.dgplan.plan.model import Baseline, Goal, Kpi, LocalText, Period, Plan, Strategy, Target
from ckanext.dgplan.plan.status import (
    DEFAULT_THRESHOLDS,
    STATUS_LABELS,
    STATUSES,
    StatusResult,
    Thresholds,
    kpi_status,
    rollup,
    rollup_element,
    rollup_plan,
    status_label,
)


def make_kpi(direction="higher", baseline=(2565, 100), targets=None, code="KPI-T"):
    return Kpi(
        code=code,
        name=LocalText(th="ตัวชี้วัดทดสอบ", en="Test KPI"),
        unit=LocalText(en="unit"),
        direction=direction,
        baseline=Baseline(*baseline) if baseline else None,
        targets=tuple(Target(y, v) for y, v in sorted((targets if targets is not None else {2570: 200}).items())),
    )


# -- the outcomes, higher is better ---------------------------------------------------------


def test_achieved_higher():
    result = kpi_status(make_kpi(), [(2567, 210)])
    assert result.status == "achieved"
    assert (result.latest_year, result.latest_value) == (2567, 210)
    assert (result.target_year, result.target_value) == (2570, 200)


def test_achieved_exactly_on_target_counts():
    assert kpi_status(make_kpi(), [(2568, 200)]).status == "achieved"


def test_on_track_higher_when_growth_matches_required_rate():
    # Required CAGR from 100 to 200 over 5 years; observing exactly that path is on track.
    rate = 2 ** (1 / 5)
    result = kpi_status(make_kpi(), [(2567, 100 * rate**2)])
    assert result.status == "on_track"
    assert result.method == "cagr"
    assert result.ratio == pytest.approx(1.0)
    assert result.expected_value == pytest.approx(100 * rate**2)


def test_needs_attention_higher():
    # Half-way in growth-rate terms: ratio 0.6 sits between 0.5 and 0.95.
    required = 2 ** (1 / 5) - 1
    value = 100 * (1 + 0.6 * required) ** 2
    result = kpi_status(make_kpi(), [(2567, value)])
    assert result.status == "needs_attention"
    assert result.ratio == pytest.approx(0.6)


def test_off_track_higher_slow_progress():
    result = kpi_status(make_kpi(), [(2567, 101)])
    assert result.status == "off_track"
    assert 0 < result.ratio < DEFAULT_THRESHOLDS.needs_attention


def test_off_track_higher_moving_backwards():
    result = kpi_status(make_kpi(), [(2566, 105), (2567, 90)])
    assert result.status == "off_track"
    assert result.ratio < 0
    assert result.latest_value == 90


# -- lower is better: the EGDI rank -----------------------------------------------------------


def egdi_rank() -> Kpi:
    return default_plan().kpi("KPI-EGDI-RANK")


def test_egdi_rank_is_lower_is_better_with_top_40_target():
    kpi = egdi_rank()
    assert kpi.direction == "lower"
    assert kpi.targets_by_year() == {2570: 40}
    assert (kpi.baseline.year_be, kpi.baseline.value) == (2565, 55)


def test_egdi_rank_worked_example_matches_docstring():
    # Docstring: ratio 0.45 -> off_track, expected 48.4 in 2567 (rank 52 actually observed).
    result = kpi_status(egdi_rank(), [(2563, 57), (2565, 55), (2567, 52)])
    assert result.status == "off_track"
    assert result.method == "cagr"
    assert result.ratio == pytest.approx(0.448, abs=0.001)
    assert result.expected_value == pytest.approx(48.42, abs=0.01)
    r_req = (40 / 55) ** (1 / 5) - 1
    r_obs = (52 / 55) ** (1 / 2) - 1
    assert r_req == pytest.approx(-0.0617, abs=1e-4)
    assert r_obs == pytest.approx(-0.0276, abs=1e-4)


def test_egdi_rank_achieved_when_rank_40_or_better():
    assert kpi_status(egdi_rank(), [(2569, 40)]).status == "achieved"
    assert kpi_status(egdi_rank(), [(2569, 38)]).status == "achieved"


def test_egdi_rank_on_track():
    # Rank 48 in 2567 is slightly ahead of the required path (48.4).
    result = kpi_status(egdi_rank(), [(2567, 48)])
    assert result.status == "on_track"
    assert result.ratio > 1


def test_egdi_rank_needs_attention():
    result = kpi_status(egdi_rank(), [(2567, 50)])
    assert result.status == "needs_attention"
    assert 0.5 <= result.ratio < 0.95


def test_egdi_rank_off_track_when_rank_worsens():
    result = kpi_status(egdi_rank(), [(2567, 60)])
    assert result.status == "off_track"
    assert result.ratio < 0


def test_egdi_rank_higher_number_never_achieved():
    # A rank of 41 must not be read as "above 40, so achieved".
    assert kpi_status(egdi_rank(), [(2569, 41)]).status != "achieved"


# -- no data ----------------------------------------------------------------------------------


def test_no_data_without_observations_after_baseline():
    result = kpi_status(make_kpi(), [])
    assert result.status == "no_data"
    assert result.latest_year == 2565  # the baseline is the latest known value
    assert result.ratio is None


def test_no_data_without_baseline_or_observations():
    result = kpi_status(make_kpi(baseline=None), [])
    assert result.status == "no_data"
    assert result.latest_year is None
    assert result.target_value == 200


def test_no_data_when_only_missing_values():
    assert kpi_status(make_kpi(), [(2566, None), (2567, None)]).status == "no_data"


def test_observation_in_baseline_year_only_is_no_data():
    assert kpi_status(make_kpi(), [(2565, 120)]).status == "no_data"


def test_observations_before_baseline_are_ignored():
    result = kpi_status(make_kpi(), [(2560, 500)])
    assert result.status == "no_data"
    assert result.latest_value == 100


def test_baseline_already_meeting_target_is_achieved():
    kpi = make_kpi(baseline=(2565, 250))
    assert kpi_status(kpi, []).status == "achieved"


# -- method details ---------------------------------------------------------------------------


def test_stated_baseline_wins_over_observation_of_same_year():
    result = kpi_status(make_kpi(), [(2565, 150), (2567, 120)])
    assert result.baseline_value == 100


def test_earliest_observation_is_baseline_when_kpi_has_none():
    result = kpi_status(make_kpi(baseline=None), [(2567, 130), (2566, 100)])
    assert (result.baseline_year, result.baseline_value) == (2566, 100)
    assert result.latest_year == 2567


def test_linear_method_when_baseline_is_zero():
    kpi = make_kpi(baseline=(2565, 0), targets={2570: 50})
    result = kpi_status(kpi, [(2567, 20)])
    assert result.method == "linear"
    # observed 10/year vs required 10/year
    assert result.ratio == pytest.approx(1.0)
    assert result.status == "on_track"
    assert result.expected_value == pytest.approx(20)


def test_linear_method_lower_is_better_towards_zero():
    kpi = make_kpi(direction="lower", baseline=(2565, 10), targets={2570: 0})
    result = kpi_status(kpi, [(2567, 8)])
    assert result.method == "linear"
    assert result.ratio == pytest.approx(0.5)
    assert result.status == "needs_attention"


def test_target_year_passed_without_meeting_target_is_off_track():
    result = kpi_status(make_kpi(), [(2570, 190)])
    assert result.status == "off_track"
    assert "2570" in result.reason.en


def test_target_equal_to_baseline_and_missed_is_off_track():
    kpi = make_kpi(baseline=(2565, 100), targets={2570: 100})
    result = kpi_status(kpi, [(2567, 95)])
    assert result.status == "off_track"
    assert result.ratio is None


def test_explicit_intermediate_target_year():
    kpi = make_kpi(targets={2567: 120, 2570: 200})
    assert kpi_status(kpi, [(2566, 125)], target_year=2567).status == "achieved"
    result = kpi_status(kpi, [(2566, 125)])
    assert result.target_year == 2570
    assert result.status != "achieved"


def test_unknown_target_year_raises():
    with pytest.raises(ValueError, match="no target for 2568"):
        kpi_status(make_kpi(), [(2567, 150)], target_year=2568)


def test_conflicting_observations_raise():
    with pytest.raises(ValueError, match="2567"):
        kpi_status(make_kpi(), [(2567, 150), (2567, 151)])


def test_repeated_identical_observations_are_fine():
    assert kpi_status(make_kpi(), [(2567, 150), (2567, 150)]).latest_value == 150


@pytest.mark.parametrize("bad", [[("2567", 1)], [(2567, "1")], [(True, 1)], [(2567, True)]])
def test_bad_observation_types_raise(bad):
    with pytest.raises(TypeError):
        kpi_status(make_kpi(), bad)


def test_accepts_observation_objects():
    from ckanext.dgplan.plan.model import Observation

    result = kpi_status(make_kpi(), [Observation(2567, 210), Observation(2566, None)])
    assert result.status == "achieved"


def test_custom_thresholds():
    result = kpi_status(make_kpi(), [(2567, 101)], thresholds=Thresholds(on_track=0.01, needs_attention=0.005))
    assert result.status == "on_track"


# -- KPIs without a target: trend method ------------------------------------------------------


def test_trend_method_without_target():
    kpi = make_kpi(targets={})
    assert kpi_status(kpi, [(2567, 110)]).status == "on_track"  # ~4.9 % a year
    assert kpi_status(kpi, [(2567, 101.5)]).status == "needs_attention"  # ~0.75 % a year
    assert kpi_status(kpi, [(2567, 95)]).status == "off_track"
    result = kpi_status(kpi, [(2567, 110)])
    assert result.method == "trend"
    assert result.target_value is None


def test_trend_method_lower_is_better():
    kpi = make_kpi(direction="lower", targets={})
    assert kpi_status(kpi, [(2567, 90)]).status == "on_track"
    assert kpi_status(kpi, [(2567, 110)]).status == "off_track"


def test_trend_can_be_disabled():
    kpi = make_kpi(targets={})
    assert kpi_status(kpi, [(2567, 110)], use_trend=False).status == "no_data"


def test_trend_no_data_for_non_positive_values():
    kpi = make_kpi(baseline=(2565, 0), targets={})
    assert kpi_status(kpi, [(2567, 5)]).status == "no_data"


# -- labels and serialisation -----------------------------------------------------------------


def test_every_status_has_th_and_en_labels():
    assert set(STATUS_LABELS) == set(STATUSES)
    for labels in STATUS_LABELS.values():
        assert labels["th"] and labels["en"]
    assert status_label("off_track", "th") == "ไม่เป็นไปตามแผน"
    assert status_label("off_track", "en_GB") == "Off track"
    assert status_label("achieved", "fr") == "Achieved"


def test_result_to_dict_is_json_ready():
    result = kpi_status(egdi_rank(), [(2567, 52)])
    data = json.loads(json.dumps(result.to_dict(), ensure_ascii=False))
    assert data["status"] == "off_track"
    assert data["label"]["th"] == "ไม่เป็นไปตามแผน"
    assert data["kpi"] == "KPI-EGDI-RANK"
    assert data["reason"]["th"]
    assert result.label("en") == "Off track"


def test_result_numbers_are_finite():
    for obs in ([(2567, 52)], [(2567, 48)], [(2567, 60)]):
        result = kpi_status(egdi_rank(), obs)
        assert math.isfinite(result.ratio) and math.isfinite(result.expected_value)


# -- roll-ups ---------------------------------------------------------------------------------


def test_rollup_counts_worst_and_summary():
    summary = rollup(["achieved", "on_track", "off_track", "no_data"])
    assert summary["total"] == 4
    assert summary["counts"] == {"achieved": 1, "on_track": 1, "needs_attention": 0, "off_track": 1, "no_data": 1}
    assert summary["with_data"] == 3
    assert summary["good"] == 2
    assert summary["worst"] == "off_track"
    assert summary["summary"]["en"] == "4 KPIs: 1 achieved, 1 on track, 1 off track, 1 no data"
    assert summary["summary"]["th"].startswith("ตัวชี้วัด 4 ตัว")


def test_rollup_worst_ignores_no_data():
    assert rollup(["achieved", "no_data"])["worst"] == "achieved"
    assert rollup(["needs_attention", "on_track"])["worst"] == "needs_attention"


def test_rollup_all_no_data_and_empty():
    assert rollup(["no_data", "no_data"])["worst"] == "no_data"
    empty = rollup([])
    assert empty["total"] == 0 and empty["worst"] == "no_data"
    assert empty["summary"] == {"th": "ไม่มีตัวชี้วัด", "en": "No KPIs"}


def test_rollup_accepts_results_and_rejects_unknown_status():
    result = StatusResult("on_track")
    assert rollup([result])["counts"]["on_track"] == 1
    with pytest.raises(ValueError):
        rollup(["great"])


def test_rollup_plan_goes_through_strategies():
    plan = Plan(
        schema_version=1,
        code="test-plan",
        name=LocalText(th="แผนทดสอบ"),
        period=Period(2566, 2570),
        vision=LocalText(th="วิสัยทัศน์"),
        goals=(Goal("G1", LocalText(th="ก")), Goal("G2", LocalText(th="ข"))),
        strategies=(Strategy("S1", LocalText(th="ค"), goals=("G1",)),),
        kpis=(
            Kpi("K1", LocalText(th="1"), LocalText(en="u"), "higher", strategies=("S1",)),
            Kpi("K2", LocalText(th="2"), LocalText(en="u"), "higher", goals=("G1",)),
            Kpi("K3", LocalText(th="3"), LocalText(en="u"), "higher"),
        ),
        sources=(),
    )
    out = rollup_plan(plan, {"K1": "off_track", "K2": StatusResult("achieved")})
    assert out["plan"]["total"] == 3
    assert out["plan"]["counts"]["no_data"] == 1  # K3 has no status
    assert out["goals"]["G1"]["total"] == 2
    assert out["goals"]["G1"]["worst"] == "off_track"
    assert out["goals"]["G1"]["scope"] == "own"
    # G2 has no KPI of its own: the plan-level K3 measures it, and the summary says so.
    assert out["goals"]["G2"]["scope"] == "plan" and out["goals"]["G2"]["total"] == 1
    assert out["goals"]["G2"]["summary"]["en"].startswith("By the plan-level KPIs")
    assert out["strategies"]["S1"]["counts"]["off_track"] == 1


def test_rollup_element_falls_back_to_plan_level_kpis():
    assert rollup_element(["achieved"], ["off_track"])["worst"] == "achieved"
    by_plan = rollup_element([], ["off_track", "achieved", "no_data"])
    assert by_plan["scope"] == "plan" and by_plan["worst"] == "off_track" and by_plan["total"] == 3
    assert by_plan["summary"]["th"].startswith("ตามตัวชี้วัดระดับแผน")
    # A KPI with values but too few to assess is named as on its own page, not "no data".
    assert "ข้อมูลยังไม่พอประเมิน 1" in rollup_element([], ["achieved", "no_data"], 1)["summary"]["th"]
    assert "no data" not in rollup(["no_data"], 1)["summary"]["en"]
    nothing = rollup_element([], [])
    assert nothing["scope"] == "none" and nothing["worst"] == "no_data"


def test_rollup_plan_on_bundled_plan():
    plan = default_plan()
    out = rollup_plan(plan, {})
    assert set(out["goals"]) == {g.code for g in plan.goals}
    assert set(out["strategies"]) == {s.code for s in plan.strategies}
    assert out["plan"]["total"] == len(plan.kpis)
    # The bundled plan attaches its KPIs to the plan only: every goal is measured by them.
    statuses = {k.code: "off_track" for k in plan.kpis}
    assert {r["worst"] for r in rollup_plan(plan, statuses)["goals"].values()} == {"off_track"}

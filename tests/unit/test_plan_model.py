"""Plan model helpers (ckanext.dgplan.plan.model) and diff_codes."""
from __future__ import annotations

import dataclasses
import json

import pytest
import yaml

from ckanext.dgplan.plan import default_plan, diff_codes, load_plan_text
from ckanext.dgplan.plan.loader import DEFAULT_PLAN_FILE
from ckanext.dgplan.plan.model import (
    CODE_KINDS,
    Goal,
    Kpi,
    LocalText,
    Period,
    Plan,
    Strategy,
    SubStrategy,
    be_to_ce,
    ce_to_be,
)


def test_local_text_fallback():
    text = LocalText(th="ไทย", en="English")
    assert text.get("th") == "ไทย"
    assert text.get("en") == "English"
    assert text.get("en_GB") == "English"  # CKAN locale strings work as they are
    assert text.get("th-TH") == "ไทย"
    assert text.get("fr") == "ไทย"  # unknown language: Thai first
    assert LocalText(en="only en").get("th") == "only en"
    assert LocalText(en="only en").get("th", fallback=False) == ""
    assert LocalText(th="เท่านั้น").get(None) == "เท่านั้น"
    assert not LocalText()
    assert LocalText().get("th") == ""
    assert str(text) == "ไทย"
    assert text.to_dict() == {"th": "ไทย", "en": "English"}


def test_year_conversions_and_period():
    assert be_to_ce(2570) == 2027
    assert ce_to_be(2023) == 2566
    period = Period(2566, 2570)
    assert (period.start_ce, period.end_ce) == (2023, 2027)
    assert period.years_be() == [2566, 2567, 2568, 2569, 2570]
    assert period.contains(2566) and period.contains(2570) and not period.contains(2571)
    assert period.label("th") == "พ.ศ. 2566–2570"
    assert period.label("en") == "2023–2027"
    assert period.to_dict() == {"start_be": 2566, "end_be": 2570, "start_ce": 2023, "end_ce": 2027}


def test_lookups_on_bundled_plan():
    plan = default_plan()
    assert plan.goal("G1").label("en") == "Responsive Government"
    assert plan.goal("G1").label("th") == "การให้บริการที่ตอบสนองประชาชนและลดความเหลื่อมล้ำ"
    assert plan.strategy("S4").goals == ("G4",)
    assert plan.kpi("KPI-EGDI-RANK").lower_is_better
    # Lookups are typed: a strategy code is not a goal.
    assert plan.goal("S1") is None
    assert plan.kpi("G1") is None
    assert plan.goal("G99") is None
    assert plan.element("S2").code == "S2"
    assert plan.kind_of("G3") == "goals"
    assert plan.kind_of("S3") == "strategies"
    assert plan.kind_of("KPI-EGDI-RANK") == "kpis"
    assert plan.kind_of("nope") is None
    assert plan.source_entry("seed-article").title
    assert plan.source_entry("https://example.org") is None
    assert plan.label("en") == "Digital Government Development Plan of Thailand 2023-2027"


def test_codes_by_kind():
    codes = default_plan().codes()
    assert set(codes) == set(CODE_KINDS)
    assert codes["goals"] == {"G1", "G2", "G3", "G4"}
    assert codes["strategies"] == {"S1", "S2", "S3", "S4"}
    assert codes["sub_strategies"] == set()
    assert "KPI-EGDI-RANK" in codes["kpis"]
    assert default_plan().all_codes() == set().union(*codes.values())


def test_strategy_label_prefers_complete_final_wording():
    plan = default_plan()
    s4, s1 = plan.strategy("S4"), plan.strategy("S1")
    assert s4.label("th").startswith("ยกระดับการเปลี่ยนผ่านดิจิทัลภาครัฐ")
    assert s4.label("th", final=False).startswith("บูรณาการข้อมูลและกระบวนงาน")
    # S1's final wording is truncated in the source, so the complete draft wording is shown.
    assert s1.name_final_truncated
    assert s1.label("th") == "พัฒนาบริการที่สะดวกและเข้าถึงง่ายด้วยเทคโนโลยีดิจิทัล"
    # No final wording at all: falls back to name.
    assert plan.strategy("S2").label("en") == "Create added value and facilitate business with digital technology"


def test_kpi_helpers():
    kpi = default_plan().kpi("KPI-EGDI-RANK")
    assert kpi.target_for(2570) == 40
    assert kpi.target_for(2568) is None
    assert kpi.final_target.year_be == 2570
    assert kpi.final_target.year_ce == 2027
    assert kpi.meets(40, 40) and kpi.meets(39, 40) and not kpi.meets(41, 40)
    assert kpi.is_cross_cutting
    assert kpi.baseline.year_ce == 2022
    higher = default_plan().kpi("KPI-EGDI-SCORE")
    assert higher.meets(0.83, 0.82) and not higher.meets(0.81, 0.82)


def small_plan(**changes) -> Plan:
    fields = dict(
        schema_version=1,
        code="small",
        name=LocalText(th="แผน"),
        period=Period(2566, 2570),
        vision=LocalText(th="วิสัยทัศน์"),
        goals=(Goal("G1", LocalText(th="ก")), Goal("G2", LocalText(th="ข"))),
        strategies=(
            Strategy("S1", LocalText(th="ค"), goals=("G1",), sub_strategies=(SubStrategy("S1-1", LocalText(th="ง")),)),
            Strategy("S2", LocalText(th="จ"), goals=("G2",)),
        ),
        kpis=(
            Kpi("K1", LocalText(th="1"), LocalText(en="u"), "higher", strategies=("S1",)),
            Kpi("K2", LocalText(th="2"), LocalText(en="u"), "higher", goals=("G1",), strategies=("S1",)),
            Kpi("K3", LocalText(th="3"), LocalText(en="u"), "lower"),
        ),
        sources=(),
    )
    fields.update(changes)
    return Plan(**fields)


def test_relations():
    plan = small_plan()
    assert [s.code for s in plan.strategies_for_goal("G1")] == ["S1"]
    assert [k.code for k in plan.kpis_for_strategy("S1")] == ["K1", "K2"]
    # K2 is attached to G1 both directly and through S1: listed once.
    assert [k.code for k in plan.kpis_for_goal("G1")] == ["K1", "K2"]
    assert plan.kpis_for_goal("G2") == []
    assert [k.code for k in plan.cross_cutting_kpis()] == ["K3"]
    assert plan.sub_strategy("S1-1").label() == "ง"
    assert plan.strategy("S1").sub_strategy("S1-1") is not None
    assert plan.strategy("S1").sub_strategy("S9") is None


def test_plan_is_immutable_and_hashable():
    plan = default_plan()
    with pytest.raises(dataclasses.FrozenInstanceError):
        plan.code = "other"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        plan.goals[0].code = "G9"  # type: ignore[misc]
    assert hash(plan) == hash(default_plan())


def test_to_dict_is_json_ready_and_links_goals():
    data = json.loads(json.dumps(default_plan().to_dict(), ensure_ascii=False))
    assert data["code"] == "dgdp-2023-2027"
    assert data["period"]["end_ce"] == 2027
    assert data["vision"]["th"] == "บริการภาครัฐสะดวก โปร่งใส ทันสมัย ตอบโจทย์ประชาชน"
    g4 = next(g for g in data["goals"] if g["code"] == "G4")
    assert g4["strategies"] == ["S4"]
    egdi = next(k for k in data["kpis"] if k["code"] == "KPI-EGDI-RANK")
    assert egdi["targets"] == [{"year_be": 2570, "year_ce": 2027, "value": 40}]
    assert egdi["direction"] == "lower"
    assert {s["key"] for s in data["sources"]} >= {"seed-article", "gazette-140-84ng"}
    small = small_plan().to_dict()
    assert small["goals"][0]["kpis"] == ["K1", "K2"]
    assert small["strategies"][0]["kpis"] == ["K1", "K2"]
    assert small["strategies"][0]["sub_strategies"][0]["code"] == "S1-1"


# -- diff_codes ---------------------------------------------------------------------------------


def test_diff_codes_identical_plans_removes_nothing():
    plan = default_plan()
    assert diff_codes(plan, plan) == {kind: set() for kind in CODE_KINDS}


def test_diff_codes_reports_removed_codes_by_kind():
    old = small_plan()
    new = small_plan(
        strategies=(Strategy("S1", LocalText(th="ค"), goals=("G1",)),),
        kpis=(Kpi("K1", LocalText(th="1"), LocalText(en="u"), "higher"),),
        goals=(Goal("G1", LocalText(th="ก")), Goal("G2", LocalText(th="ข")), Goal("G3", LocalText(th="ใหม่"))),
    )
    assert diff_codes(old, new) == {
        "goals": set(),
        "strategies": {"S2"},
        "sub_strategies": {"S1-1"},
        "kpis": {"K2", "K3"},
    }
    # Additions are not removals.
    assert diff_codes(new, old)["goals"] == {"G3"}


def test_diff_codes_counts_a_code_that_changes_kind():
    old = small_plan()
    new = small_plan(
        goals=(Goal("G1", LocalText(th="ก")),),
        kpis=old.kpis + (Kpi("G2", LocalText(th="เคยเป็นเป้าหมาย"), LocalText(en="u"), "higher"),),
        strategies=(Strategy("S1", LocalText(th="ค"), goals=("G1",), sub_strategies=old.strategies[0].sub_strategies),
                    Strategy("S2", LocalText(th="จ"))),
    )
    assert diff_codes(old, new)["goals"] == {"G2"}


def test_diff_codes_on_a_revised_bundled_plan():
    # A revision that drops S4 and KPI-EGDI-SCORE must report both, so the portal can refuse it
    # while datasets still carry those codes.
    data = yaml.safe_load(DEFAULT_PLAN_FILE.read_text(encoding="utf-8"))
    data["strategies"] = [s for s in data["strategies"] if s["code"] != "S4"]
    data["kpis"] = [k for k in data["kpis"] if k["code"] != "KPI-EGDI-SCORE"]
    data.pop("code_changes")  # it names S4, which this revision drops
    data["version"] = "2.0"
    revised = load_plan_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), origin="revised")
    removed = diff_codes(default_plan(), revised)
    assert removed["strategies"] == {"S4"}
    assert removed["kpis"] == {"KPI-EGDI-SCORE"}
    assert removed["goals"] == set()

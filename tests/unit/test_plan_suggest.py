"""Tag suggestions from a dataset's title and description (plan/suggest.py), and plan keywords."""
from __future__ import annotations

import textwrap

import pytest

from ckanext.dgplan.plan import PlanValidationError, default_plan, load_plan_text
from ckanext.dgplan.plan.suggest import DOMAIN_STOPWORDS, suggest


@pytest.fixture(scope="module")
def plan():
    return default_plan()


def _codes(suggestions):
    return [s.code for s in suggestions]


@pytest.mark.parametrize(
    ("title", "notes", "goal", "strategy"),
    [
        ("จำนวนผู้สูงอายุที่ได้รับเบี้ยยังชีพ รายจังหวัด", "", "G1", "S1"),
        ("มูลค่าการส่งออกสินค้ารายเดือน", "สถิติการค้าระหว่างประเทศ", "G2", "S2"),
        ("รายงานการจัดซื้อจัดจ้างของหน่วยงานภาครัฐ", "", "G3", "S3"),
        ("ขอบเขตการปกครองระดับตำบล", "ชั้นข้อมูลภูมิสารสนเทศ", "G4", "S4"),
        ("Hospital beds by province", "Number of beds in public hospitals", "G1", "S1"),
        ("Monthly export value by product", "Trade statistics for businesses", "G2", "S2"),
        ("Government budget expenditure", "Procurement contracts published for transparency", "G3", "S3"),
    ],
)
def test_top_suggestion(plan, title, notes, goal, strategy):
    result = suggest(title, notes, plan)
    assert result.goals[0].code == goal
    assert result.strategies[0].code == strategy


def test_matched_words_explain_the_suggestion(plan):
    result = suggest("จำนวนผู้สูงอายุที่ได้รับเบี้ยยังชีพ", "", plan)
    assert {"ผู้สูงอายุ", "เบี้ยยังชีพ"} <= set(result.goals[0].matched)
    assert result.goals[0].score > 0


def test_title_counts_more_than_description(plan):
    in_title = suggest("การส่งออก", "", plan).goals[0].score
    in_notes = suggest("", "การส่งออก", plan).goals[0].score
    assert in_title == pytest.approx(2 * in_notes)


def test_no_plan_words_no_suggestion(plan):
    result = suggest("ชุดข้อมูล", "ข้อมูลภาครัฐ ประจำปีงบประมาณ 2566", plan)
    assert result.goals == ()
    assert result.strategies == ()


def test_empty_text(plan):
    assert suggest("", "", plan).goals == ()


def test_fiscal_year_is_not_budget_data(plan):
    # "ประจำปีงบประมาณ" (for fiscal year ...) is a date; it must not suggest the budget goal.
    result = suggest("สถิติการจับกุมคดียาเสพติด ประจำปีงบประมาณ 2559", "", plan)
    assert "G3" not in _codes(result.goals)


def test_folding_never_makes_a_function_word(plan):
    # ความสามารถ (ability, in the G2 name) must not match สามารถ ("can").
    result = suggest("สถานีรถไฟ", "สามารถซื้อตั๋วได้", plan)
    assert "G2" not in _codes(result.goals)


def test_nominalizer_and_plural_folding(plan):
    assert _codes(suggest("ส่งออกสินค้า", "", plan).goals)[0] == "G2"
    assert _codes(suggest("hospitals", "", plan).goals)[0] == "G1"


def test_phrase_must_be_consecutive(plan):
    # "open data" is a G3 keyword; "open" and "data" far apart are not the phrase.
    apart = suggest("open hours of the data centre", "", plan)
    together = suggest("open data portal", "", plan)
    assert "open data" in together.goals[0].matched
    assert all("open data" not in s.matched for s in apart.goals)


def test_limit_and_ranking(plan):
    text = "โรงพยาบาล การส่งออก งบประมาณ บูรณาการ"
    result = suggest(text, "", plan, limit=2)
    assert len(result.goals) == 2
    assert len(result.strategies) == 2
    scores = [s.score for s in suggest(text, "", plan, limit=None).goals]
    assert scores == sorted(scores, reverse=True)


def test_strategy_inherits_its_goal(plan):
    # No word of S2's own wording, but G2's: S2 serves G2.
    result = suggest("ปริมาณการผลิตไฟฟ้า", "", plan)
    assert result.goals[0].code == "G2"
    assert result.strategies[0].code == "S2"


def test_to_dict_is_json_ready(plan):
    data = suggest("โรงพยาบาล", "", plan).to_dict()
    goal = data["goals"][0]
    assert set(goal) == {"code", "kind", "name", "score", "matched"}
    assert goal["kind"] == "goal"
    assert goal["name"]["en"] == "Responsive Government"


def test_plan_without_keywords_still_uses_names():
    plan = load_plan_text(_MINI_PLAN)
    result = suggest("ข้อมูลการท่องเที่ยวรายจังหวัด", "", plan)
    assert _codes(result.goals) == ["X1"]
    assert result.strategies == ()


def test_keywords_are_loaded_and_exported(plan):
    goal = plan.goal("G1")
    assert "ผู้สูงอายุ" in goal.keywords.th
    assert "hospital" in goal.keywords.en
    assert goal.to_dict()["keywords"]["th"] == list(goal.keywords.th)
    assert plan.strategy("S3").to_dict()["keywords"]["en"]


def test_keywords_are_validated():
    bad = _MINI_PLAN.replace("    source: s1\n", "    source: s1\n    keywords: {th: [\"\"], fr: [x]}\n", 1)
    with pytest.raises(PlanValidationError) as err:
        load_plan_text(bad)
    paths = err.value.paths
    assert "goals[0].keywords.fr" in paths
    assert "goals[0].keywords.th[0]" in paths


def test_domain_stopwords_are_not_plan_words():
    assert {"ข้อมูล", "ปีงบประมาณ", "data"} <= DOMAIN_STOPWORDS


_MINI_PLAN = textwrap.dedent("""\
    schema_version: 1
    code: mini-plan
    name: {th: แผนทดสอบ, en: Test plan}
    period: {start_be: 2566, end_be: 2570}
    vision: {th: วิสัยทัศน์, source: s1}
    goals:
      - code: X1
        name: {th: ส่งเสริมการท่องเที่ยว, en: Promote tourism}
        source: s1
      - code: X2
        name: {th: พัฒนาการศึกษา, en: Improve education}
        source: s1
    strategies: []
    kpis: []
    sources:
      - key: s1
        title: Test source
    """)

"""The bundled data files: they load, their codes are sound and every fact has a source."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import ckanext.dgplan.plan as plan_pkg
from ckanext.dgplan.plan import (
    CERTAINTIES,
    DATA_DIR,
    DEFAULT_PLAN_FILE,
    bundled_plan_paths,
    default_plan,
    kpi_status,
    load_bundled_plans,
    load_indicators,
    load_plan,
    renumber,
)

PACKAGE_DIR = Path(plan_pkg.__file__).parent


def all_plans():
    return [load_plan(path) for path in bundled_plan_paths()]


def test_bundled_plan_files():
    names = [path.name for path in bundled_plan_paths()]
    # Sorted by BE period; a later revision file would simply be appended.
    assert names[:2] == ["dgplan-2563-2565.yaml", "dgplan-2566-2570.yaml"]
    assert names == sorted(names)
    assert DEFAULT_PLAN_FILE in bundled_plan_paths()
    assert "indicators.yaml" not in names


def test_default_plan_is_cached_and_current():
    plan = default_plan()
    assert plan is default_plan()
    assert plan.code == "dgdp-2023-2027"
    assert (plan.period.start_be, plan.period.end_be) == (2566, 2570)
    assert (plan.period.start_ce, plan.period.end_ce) == (2023, 2027)
    assert plan.status == "in_force"


def test_plans_link_to_each_other():
    plans = load_bundled_plans()
    assert {"dgdp-2020-2022", "dgdp-2023-2027"} <= set(plans)
    assert plans["dgdp-2023-2027"].supersedes == "dgdp-2020-2022"
    assert plans["dgdp-2020-2022"].superseded_by == "dgdp-2023-2027"
    assert plans["dgdp-2020-2022"].status == "superseded"


@pytest.mark.parametrize("plan", all_plans(), ids=lambda p: p.code)
def test_codes_unique_within_plan(plan):
    codes = plan.codes()
    total = sum(len(v) for v in codes.values())
    assert total == len(plan.all_codes())
    listed = [g.code for g in plan.goals] + [s.code for s in plan.strategies] + [k.code for k in plan.kpis]
    listed += [sub.code for s in plan.strategies for sub in s.sub_strategies]
    assert len(listed) == len(set(listed))


def test_codes_never_reused_between_plans():
    # Goal 1 of 2563-2565 is not G1 of 2566-2570; a shared code would silently change a tag's meaning.
    old = load_plan(DATA_DIR / "dgplan-2563-2565.yaml")
    assert old.all_codes().isdisjoint(default_plan().all_codes())


@pytest.mark.parametrize("plan", all_plans(), ids=lambda p: p.code)
def test_every_fact_has_a_source(plan):
    assert plan.vision_source
    items = list(plan.goals) + list(plan.strategies) + list(plan.kpis)
    items += list(plan.milestones) + list(plan.key_facts) + list(plan.objectives) + list(plan.gaps)
    items += [sub for s in plan.strategies for sub in s.sub_strategies]
    for item in items:
        assert item.source, item
    for kpi in plan.kpis:
        if kpi.baseline:
            assert kpi.baseline.source, kpi.code
        if kpi.targets:
            assert kpi.target_source, kpi.code
    keys = {s.key for s in plan.sources}
    used = {key for item in items for key in item.source}
    assert used & keys, "facts should cite the sources list"
    for source in plan.sources:
        assert source.title


@pytest.mark.parametrize("plan", all_plans(), ids=lambda p: p.code)
def test_certainty_labels(plan):
    for item in list(plan.goals) + list(plan.strategies) + list(plan.kpis) + list(plan.milestones):
        assert item.certainty in CERTAINTIES, item
    for gap in plan.gaps:
        assert gap.certainty == "not_found"


def test_current_plan_goals_and_strategies():
    plan = default_plan()
    assert [(g.code, g.name.en) for g in plan.goals] == [
        ("G1", "Responsive Government"),
        ("G2", "Enhance Competitiveness"),
        ("G3", "Open Government & Trust"),
        ("G4", "Agile Government"),
    ]
    for goal in plan.goals:
        assert goal.name.th and goal.description.th
    mapping = {s.code: s.goals for s in plan.strategies}
    # Numbered as the source article numbers them: S3 is participation and open government data.
    assert mapping == {"S1": ("G1",), "S2": ("G2",), "S3": ("G3",), "S4": ("G4",)}
    assert {s.code: s.number for s in plan.strategies} == {"S1": 1, "S2": 2, "S3": 3, "S4": 4}
    assert plan.strategy("S3").name.th == "ส่งเสริมการมีส่วนร่วมของประชาชน และเปิดเผยข้อมูลเปิดภาครัฐ"
    assert plan.strategy("S1").name.th == "พัฒนาบริการที่สะดวกและเข้าถึงง่ายด้วยเทคโนโลยีดิจิทัล"
    assert plan.strategy("S4").name.th.startswith("บูรณาการข้อมูลและกระบวนงานระหว่างหน่วยงานภาครัฐ")
    # The other ordering (NSTDA's summary of the published plan: 1 = Agile) is kept alongside.
    assert {s.code: s.number_final for s in plan.strategies} == {"S1": 2, "S2": 3, "S3": 4, "S4": 1}
    assert plan.strategy("S4").name_final.th.endswith("ขยายสู่หน่วยงานภาครัฐระดับท้องถิ่น")
    assert plan.strategy("S4").certainty == "confirmed"
    assert plan.strategy("S2").certainty == "reported"
    assert all(s.sub_strategies == () for s in plan.strategies)  # not found: left empty


def test_strategy_renumbering_is_recorded():
    """Codes up to version 1.0 followed the NSTDA ordering; the change maps each to the same strategy."""
    plan = default_plan()
    (change,) = plan.code_changes
    assert change.kind == "strategies"
    assert change.codes == {"S1": "S4", "S2": "S1", "S3": "S2", "S4": "S3"}
    # Old S4 was participation and open government data, which is S3 now, and so on for each.
    old_names = {"S1": "บูรณาการข้อมูล", "S2": "พัฒนาบริการ", "S3": "สร้างมูลค่าเพิ่ม", "S4": "ส่งเสริมการมีส่วนร่วม"}
    for old, prefix in old_names.items():
        assert plan.strategy(change.codes[old]).name.th.startswith(prefix)
    assert renumber(["S4", "S1"], change) == ["S3", "S4"]
    assert renumber([], change) == []
    assert renumber(["S9"], change) == ["S9"]  # not named by the change: kept


def test_egdi_rank_kpi_facts():
    kpi = default_plan().kpi("KPI-EGDI-RANK")
    assert kpi.kind == "plan"
    assert kpi.certainty == "reported"
    assert kpi.direction == "lower"
    assert kpi.baseline.year_be == 2565 and kpi.baseline.value == 55
    assert kpi.targets_by_year() == {2570: 40}
    assert "40" in kpi.target_text.th


def test_related_kpis_are_marked_as_from_another_plan():
    plan = default_plan()
    for code in ("KPI-EGDI-SCORE", "KPI-IMD-GOV-EFF"):
        kpi = plan.kpi(code)
        assert kpi.kind == "related"
        assert "Bureaucratic Development Strategy" in kpi.note.en


def test_previous_plan_content():
    old = load_plan(DATA_DIR / "dgplan-2563-2565.yaml")
    assert old.vision.th == "รัฐบาลดิจิทัล เปิดเผย เชื่อมโยง และร่วมกันสร้างบริการที่มีคุณค่าให้ประชาชน"
    assert len(old.goals) == 4 and len(old.strategies) == 4
    assert old.kpis == ()
    assert len(old.objectives) == 5
    assert old.strategy("P63-S4").certainty == "uncertain"
    assert any("6,504.69" in fact.text.th for fact in old.key_facts)


def test_indicators_file():
    data = load_indicators(plan=default_plan())
    rank = data.get("UN-EGDI-RANK")
    assert [(o.year_ce, o.value) for o in rank.observations] == [
        (2010, 76), (2012, 92), (2014, 102), (2016, 77), (2018, 73), (2020, 57), (2022, 55), (2024, 52),
    ]
    score = data.get("UN-EGDI-SCORE")
    assert score.observations[-1].value == pytest.approx(0.8351)
    assert next(o for o in score.observations if o.year_ce == 2020).value is None
    assert data.get("OECD-OURDATA").observations[0].value == pytest.approx(0.43)
    assert [o.value for o in data.get("DATAGOTH-DATASETS").observations] == [770, 32473, 41236]
    codes = [s.code for s in data.series]
    assert len(codes) == len(set(codes))
    for series in data.series:
        for obs in series.observations:
            assert obs.source or series.source, (series.code, obs.year_be)
            assert obs.year_ce == obs.year_be - 543


def test_indicator_history_feeds_kpi_status():
    plan = default_plan()
    data = load_indicators(plan=plan)
    result = kpi_status(plan.kpi("KPI-EGDI-RANK"), data.get("UN-EGDI-RANK").observations)
    assert result.latest_year == 2567 and result.latest_value == 52
    assert result.status == "off_track"


def test_data_files_are_utf8_yaml_without_external_paths():
    for path in DATA_DIR.iterdir():
        text = path.read_text(encoding="utf-8")
        assert "/work/shared" not in text, path


def test_package_is_pure():
    # Neither the code nor the data may depend on CKAN or on files outside the repository.
    for path in PACKAGE_DIR.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "/work/shared" not in text, path
        assert "import ckan" not in text and "from ckan " not in text and "from ckan." not in text, path
    code = (
        "import sys, ckanext.dgplan.plan as p; p.default_plan(); p.load_indicators();"
        "bad = sorted(m for m in sys.modules if m == 'ckan' or m.startswith('ckan.'));"
        "print(bad); sys.exit(1 if bad else 0)"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stdout + proc.stderr

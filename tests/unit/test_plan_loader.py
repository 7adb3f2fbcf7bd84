"""Plan/indicator file validation (ckanext.dgplan.plan.loader): errors name the offending path."""
from __future__ import annotations

import copy

import pytest
import yaml

from ckanext.dgplan.plan import default_plan
from ckanext.dgplan.plan.loader import (
    PlanValidationError,
    ValidationIssue,
    load_indicators,
    load_indicators_text,
    load_plan,
    load_plan_text,
)

BASE = {
    "schema_version": 1,
    "code": "test-2566-2570",
    "name": {"th": "แผนทดสอบ", "en": "Test plan"},
    "period": {"start_be": 2566, "end_be": 2570},
    "vision": {"th": "วิสัยทัศน์", "en": "Vision", "source": "src-a"},
    "goals": [
        {"code": "G1", "name": {"th": "เป้าหมาย 1"}, "source": "src-a"},
        {"code": "G2", "name": {"th": "เป้าหมาย 2"}, "source": "src-a"},
    ],
    "strategies": [
        {"code": "S1", "name": {"th": "ยุทธศาสตร์ 1"}, "goals": ["G1"], "source": "src-a"},
        {"code": "S2", "name": {"th": "ยุทธศาสตร์ 2"}, "goals": ["G2"], "source": "src-a"},
        {"code": "S3", "name": {"th": "ยุทธศาสตร์ 3"}, "goals": ["G1", "G2"], "source": "src-a",
         "sub_strategies": [{"code": "S3-1", "name": {"th": "กลยุทธ์"}, "source": "src-a"}]},
    ],
    "kpis": [
        {
            "code": "KPI-A",
            "name": {"th": "ตัวชี้วัด A"},
            "unit": {"en": "rank"},
            "direction": "lower",
            "baseline": {"year_be": 2565, "value": 55, "source": "src-a"},
            "targets": {2570: 40},
            "goals": ["G1"],
            "strategies": ["S1"],
            "source": ["src-a", "https://example.org/citation"],
        }
    ],
    "sources": [{"key": "src-a", "title": "Source A", "url": "https://example.org/a"}],
}


def plan_dict():
    return copy.deepcopy(BASE)


def dump(data) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def errors_of(data) -> list[ValidationIssue]:
    with pytest.raises(PlanValidationError) as info:
        load_plan_text(dump(data) if not isinstance(data, str) else data, origin="test.yaml")
    return info.value.errors


def messages(data) -> list[str]:
    return [str(issue) for issue in errors_of(data)]


# -- valid input ------------------------------------------------------------------------------


def test_minimal_plan_loads():
    plan = load_plan_text(dump(plan_dict()), origin="mem")
    assert plan.code == "test-2566-2570"
    assert plan.origin == "mem"
    assert plan.kpi("KPI-A").targets_by_year() == {2570: 40}
    assert plan.strategy("S3").goals == ("G1", "G2")
    assert plan.sub_strategy("S3-1").label() == "กลยุทธ์"


def test_load_plan_from_file(tmp_path):
    path = tmp_path / "plan.yaml"
    path.write_text(dump(plan_dict()), encoding="utf-8")
    plan = load_plan(path)
    assert plan.origin == str(path)
    assert plan == load_plan_text(dump(plan_dict()))  # origin does not take part in equality


def test_revised_plan_with_more_goals_and_strategies_loads():
    # Nothing may assume four goals/strategies: a revision with 6 goals and 7 strategies loads.
    data = plan_dict()
    data["goals"] = [{"code": f"G{i}", "name": {"th": f"เป้าหมาย {i}"}, "source": "src-a"} for i in range(1, 7)]
    data["strategies"] = [
        {"code": f"S{i}", "name": {"th": f"ยุทธศาสตร์ {i}"}, "goals": [f"G{(i % 6) + 1}"], "source": "src-a"}
        for i in range(1, 8)
    ]
    plan = load_plan_text(dump(data))
    assert len(plan.goals) == 6 and len(plan.strategies) == 7


def test_empty_sub_strategies_and_goal_lists_are_allowed():
    data = plan_dict()
    data["strategies"][0]["sub_strategies"] = []
    data["strategies"][0]["goals"] = []
    data["kpis"][0]["goals"] = []
    data["kpis"][0]["strategies"] = []
    plan = load_plan_text(dump(data))
    assert plan.kpi("KPI-A").is_cross_cutting


def test_extension_keys_are_allowed():
    data = plan_dict()
    data["x_local_note"] = "anything"
    data["goals"][0]["x_colour"] = "#123456"
    load_plan_text(dump(data))


def test_quoted_target_year_is_accepted():
    text = dump(plan_dict()).replace("2570: 40", "'2570': 40")
    assert load_plan_text(text).kpi("KPI-A").targets_by_year() == {2570: 40}


def test_milestone_dates_from_yaml_dates_become_iso_strings():
    data = plan_dict()
    data["milestones"] = [{"date": "2023-04-10", "event": {"en": "Gazette"}, "source": "src-a"}]
    text = dump(data).replace("'2023-04-10'", "2023-04-10")  # a YAML date, not a string
    assert load_plan_text(text).milestones[0].date == "2023-04-10"


# -- the error format -------------------------------------------------------------------------


def test_unknown_goal_reference_names_the_path():
    data = plan_dict()
    data["strategies"][2]["goals"] = ["G9"]
    errors = errors_of(data)
    assert [e.path for e in errors] == ["strategies[2].goals[0]"]
    assert str(errors[0]).startswith('strategies[2].goals[0]: unknown goal code "G9"')
    assert "ไม่พบรหัสเป้าหมาย" in errors[0].message_th


def test_error_message_lists_origin_and_count():
    data = plan_dict()
    data["strategies"][2]["goals"] = ["G9"]
    with pytest.raises(PlanValidationError) as info:
        load_plan_text(dump(data), origin="plans/bad.yaml")
    text = str(info.value)
    assert text.startswith("plans/bad.yaml: 1 error")
    assert 'strategies[2].goals[0]: unknown goal code "G9"' in text
    assert info.value.paths == ["strategies[2].goals[0]"]
    assert isinstance(info.value, ValueError)


def test_all_errors_are_collected_at_once():
    data = plan_dict()
    data["strategies"][0]["goals"] = ["G9"]
    data["kpis"][0]["direction"] = "up"
    data["kpis"][0]["strategies"] = ["S9"]
    data["goals"][1]["code"] = "g2"
    paths = {e.path for e in errors_of(data)}
    assert {"strategies[0].goals[0]", "kpis[0].direction", "kpis[0].strategies[0]", "goals[1].code"} <= paths


def test_bad_file_on_disk(tmp_path):
    data = plan_dict()
    data["kpis"][0]["goals"] = ["G1", "NOPE"]
    path = tmp_path / "bad.yaml"
    path.write_text(dump(data), encoding="utf-8")
    with pytest.raises(PlanValidationError) as info:
        load_plan(path)
    assert info.value.origin == str(path)
    assert info.value.messages[0].startswith('kpis[0].goals[1]: unknown goal code "NOPE"')


# -- required keys, unknown keys --------------------------------------------------------------


@pytest.mark.parametrize("key", ["schema_version", "code", "name", "period", "vision", "goals", "strategies",
                                 "kpis", "sources"])
def test_missing_top_level_key(key):
    data = plan_dict()
    del data[key]
    assert f'{key}: missing required key "{key}"' in "\n".join(messages(data))


@pytest.mark.parametrize(
    "section,index,key",
    [("goals", 0, "code"), ("goals", 1, "source"), ("strategies", 1, "goals"), ("kpis", 0, "unit"),
     ("kpis", 0, "direction"), ("kpis", 0, "source")],
)
def test_missing_entry_key(section, index, key):
    data = plan_dict()
    del data[section][index][key]
    paths = [e.path for e in errors_of(data)]
    assert f"{section}[{index}].{key}" in paths


def test_thai_name_is_required():
    data = plan_dict()
    data["goals"][0]["name"] = {"en": "English only"}
    assert [e.path for e in errors_of(data)] == ["goals[0].name.th"]


def test_unknown_key_is_reported():
    data = plan_dict()
    data["kpis"][0]["target"] = {2570: 40}  # typo for "targets"
    assert messages(data) == ['kpis[0].target: unknown key "target" (ไม่รู้จักคีย์ "target")']


def test_top_level_must_be_mapping():
    assert [e.path for e in errors_of("- just\n- a list\n")] == ["<document>"]


def test_unsupported_schema_version():
    data = plan_dict()
    data["schema_version"] = 99
    assert [e.path for e in errors_of(data)] == ["schema_version"]


# -- codes ------------------------------------------------------------------------------------


@pytest.mark.parametrize("code", ["g1", "1G", "G 1", "G1!", "", "ก1", "G" + "1" * 32])
def test_bad_code_format(code):
    data = plan_dict()
    data["goals"][0]["code"] = code
    data["strategies"][0]["goals"] = ["G2"]
    errors = errors_of(data)
    assert "goals[0].code" in [e.path for e in errors]


def test_longest_valid_code():
    data = plan_dict()
    data["kpis"][0]["code"] = "K" + "X" * 31
    load_plan_text(dump(data))


def test_yaml_boolean_code_gets_a_hint():
    text = dump(plan_dict()).replace("code: G2", "code: NO").replace("- G2", "- 'NO'")
    errors = errors_of(text)
    assert errors[0].path == "goals[1].code"
    assert "quote it" in errors[0].message


def test_duplicate_code_in_same_list():
    data = plan_dict()
    data["goals"][1]["code"] = "G1"
    data["strategies"][1]["goals"] = ["G1"]
    data["strategies"][2]["goals"] = ["G1"]
    errors = errors_of(data)
    assert [e.path for e in errors] == ["goals[1].code"]
    assert "first used at goals[0].code" in errors[0].message


def test_duplicate_code_across_kinds():
    data = plan_dict()
    data["kpis"][0]["code"] = "S2"
    errors = errors_of(data)
    assert [e.path for e in errors] == ["kpis[0].code"]
    assert 'duplicate code "S2"' in errors[0].message


def test_sub_strategy_codes_share_the_namespace():
    data = plan_dict()
    data["strategies"][2]["sub_strategies"][0]["code"] = "G1"
    assert [e.path for e in errors_of(data)] == ["strategies[2].sub_strategies[0].code"]


def test_unknown_strategy_reference():
    data = plan_dict()
    data["kpis"][0]["strategies"] = ["S1", "S7"]
    assert messages(data)[0].startswith('kpis[0].strategies[1]: unknown strategy code "S7"')


def test_bad_plan_code():
    data = plan_dict()
    data["code"] = "Test Plan"
    assert [e.path for e in errors_of(data)] == ["code"]


# -- values -----------------------------------------------------------------------------------


def test_direction_enum():
    data = plan_dict()
    data["kpis"][0]["direction"] = "down"
    errors = errors_of(data)
    assert [e.path for e in errors] == ["kpis[0].direction"]
    assert '"higher" or "lower"' in errors[0].message


def test_kind_enum():
    data = plan_dict()
    data["kpis"][0]["kind"] = "other"
    assert [e.path for e in errors_of(data)] == ["kpis[0].kind"]


def test_certainty_enum():
    data = plan_dict()
    data["goals"][0]["certainty"] = "probably"
    assert [e.path for e in errors_of(data)] == ["goals[0].certainty"]


@pytest.mark.parametrize("value", ["forty", True, None, [40], float("nan"), float("inf")])
def test_target_value_must_be_a_finite_number(value):
    data = plan_dict()
    data["kpis"][0]["targets"] = {2570: value}
    assert [e.path for e in errors_of(data)] == ["kpis[0].targets.2570"]


def test_baseline_value_must_be_numeric():
    data = plan_dict()
    data["kpis"][0]["baseline"]["value"] = "55"
    assert [e.path for e in errors_of(data)] == ["kpis[0].baseline.value"]


def test_target_year_in_common_era_is_explained():
    data = plan_dict()
    data["kpis"][0]["targets"] = {2027: 40}
    errors = errors_of(data)
    assert [e.path for e in errors] == ["kpis[0].targets.2027"]
    assert "Buddhist-era year 2570" in errors[0].message
    assert "พ.ศ. 2570" in errors[0].message_th


def test_target_year_outside_period():
    data = plan_dict()
    data["kpis"][0]["targets"] = {2575: 40}
    errors = errors_of(data)
    assert [e.path for e in errors] == ["kpis[0].targets.2575"]
    assert "outside the plan period 2566-2570" in errors[0].message


def test_target_year_not_after_baseline():
    data = plan_dict()
    data["kpis"][0]["baseline"]["year_be"] = 2567
    data["kpis"][0]["targets"] = {2567: 40, 2570: 30}
    assert [e.path for e in errors_of(data)] == ["kpis[0].targets.2567"]


@pytest.mark.parametrize("year", ["2570a", 2570.5, True])
def test_target_year_must_be_an_integer(year):
    data = plan_dict()
    data["kpis"][0]["targets"] = {year: 40}
    assert len(errors_of(data)) == 1


def test_baseline_year_range():
    data = plan_dict()
    data["kpis"][0]["baseline"]["year_be"] = 2022
    assert [e.path for e in errors_of(data)] == ["kpis[0].baseline.year_be"]
    data["kpis"][0]["baseline"]["year_be"] = 2580
    assert "after the plan period" in errors_of(data)[0].message


def test_period_order_and_ce_consistency():
    data = plan_dict()
    data["period"] = {"start_be": 2570, "end_be": 2566}
    assert "period" in [e.path for e in errors_of(data)]
    data["period"] = {"start_be": 2566, "end_be": 2570, "start_ce": 2024}
    assert [e.path for e in errors_of(data)] == ["period.start_ce"]


def test_targets_are_sorted_by_year():
    data = plan_dict()
    data["kpis"][0]["targets"] = {2570: 40, 2567: 50}
    plan = load_plan_text(dump(data))
    assert [t.year_be for t in plan.kpi("KPI-A").targets] == [2567, 2570]
    assert plan.kpi("KPI-A").final_target.value == 40


# -- sources ----------------------------------------------------------------------------------


def test_unknown_source_key():
    data = plan_dict()
    data["goals"][0]["source"] = ["src-a", "src-typo"]
    errors = errors_of(data)
    assert [e.path for e in errors] == ["goals[0].source[1]"]
    assert 'unknown source key "src-typo"' in errors[0].message


def test_free_text_citation_needs_no_key():
    data = plan_dict()
    data["goals"][0]["source"] = "Royal Gazette vol. 140 part 84 Ngor"
    load_plan_text(dump(data))


def test_source_is_required_on_facts():
    data = plan_dict()
    data["kpis"][0]["baseline"]["source"] = []
    assert [e.path for e in errors_of(data)] == ["kpis[0].baseline.source"]


def test_duplicate_source_key():
    data = plan_dict()
    data["sources"].append({"key": "src-a", "title": "again"})
    assert [e.path for e in errors_of(data)] == ["sources[1].key"]


# -- YAML level -------------------------------------------------------------------------------


def test_yaml_syntax_error_reports_line():
    errors = errors_of("code: [unclosed\nname: x\n")
    assert errors[0].path.startswith("line ")
    assert "not valid YAML" in errors[0].message


def test_duplicate_yaml_key_is_an_error():
    text = dump(plan_dict()) + "code: other-plan\n"
    errors = errors_of(text)
    assert errors[0].path.startswith("line ")
    assert 'duplicate key "code"' in errors[0].message


# -- indicators file --------------------------------------------------------------------------

INDICATORS = {
    "schema_version": 1,
    "series": [
        {
            "code": "SERIES-A",
            "name": {"th": "ชุด A"},
            "unit": {"en": "rank"},
            "direction": "lower",
            "kpis": ["KPI-A"],
            "source": "src-a",
            "observations": [
                {"year_be": 2567, "year_ce": 2024, "value": 52},
                {"year_be": 2565, "value": 55},
                {"year_be": 2563, "value": None, "certainty": "not_found"},
            ],
        }
    ],
    "sources": [{"key": "src-a", "title": "A"}],
}


def test_indicators_load_and_sort():
    data = load_indicators_text(dump(INDICATORS))
    series = data.get("SERIES-A")
    assert [o.year_be for o in series.observations] == [2563, 2565, 2567]
    assert series.pairs() == [(2565, 55), (2567, 52)]


def test_indicator_errors_carry_paths():
    bad = copy.deepcopy(INDICATORS)
    bad["series"][0]["observations"][0]["year_ce"] = 2023
    bad["series"][0]["observations"].append({"year_be": 2565, "value": 1})
    bad["series"][0]["observations"].append({"year_be": 2569, "value": "x"})
    del bad["series"][0]["source"]
    with pytest.raises(PlanValidationError) as info:
        load_indicators_text(dump(bad))
    paths = info.value.paths
    assert "series[0].observations[0].year_ce" in paths
    assert "series[0].observations[3].year_be" in paths  # duplicate year
    assert "series[0].observations[4].value" in paths
    assert "series[0].observations[1].source" in paths  # no source at either level


def test_indicator_kpi_references_checked_against_plan():
    plan = load_plan_text(dump(plan_dict()))
    load_indicators_text(dump(INDICATORS), plan=plan)
    with pytest.raises(PlanValidationError) as info:
        load_indicators_text(dump(INDICATORS), plan=default_plan())
    assert info.value.paths == ["series[0].kpis[0]"]


def test_bundled_indicators_reference_bundled_plan():
    data = load_indicators(plan=default_plan())
    assert data.for_kpi("KPI-EGDI-RANK")


# -- code changes (renumbering) ---------------------------------------------------------------


def test_code_changes_load():
    data = plan_dict()
    data["code_changes"] = [{"id": "swap", "kind": "strategies", "codes": {"S1": "S2", "S2": "S1"},
                             "version": "2", "note": {"en": "swapped"}, "source": "src-a"}]
    (change,) = load_plan_text(dump(data), origin="mem").code_changes
    assert (change.id, change.kind, change.codes, change.version) == (
        "swap", "strategies", {"S1": "S2", "S2": "S1"}, "2")


@pytest.mark.parametrize("change, path", [
    ({"id": "x", "kind": "strategies", "codes": {"S1": "S9"}}, "code_changes[0].codes.S1"),  # S9 is no strategy
    ({"id": "x", "kind": "strategies", "codes": {"S1": "G1"}}, "code_changes[0].codes.S1"),  # a goal, not a strategy
    ({"id": "x", "kind": "strategies", "codes": {"S1": "S2", "S3": "S2"}}, "code_changes[0].codes"),  # not one-to-one
    ({"id": "x", "kind": "projects", "codes": {"S1": "S2"}}, "code_changes[0].kind"),
    ({"kind": "strategies", "codes": {"S1": "S2"}}, "code_changes[0].id"),  # no id
])
def test_bad_code_changes_name_their_path(change, path):
    data = plan_dict()
    data["code_changes"] = [change]
    assert path in [e.path for e in errors_of(data)]


def test_code_change_ids_are_unique():
    data = plan_dict()
    data["code_changes"] = [{"id": "x", "kind": "goals", "codes": {"G1": "G2"}},
                            {"id": "x", "kind": "goals", "codes": {"G2": "G1"}}]
    assert "code_changes[1].id" in [e.path for e in errors_of(data)]

"""Plan actions, the plan fields of datasets and their search, against real PostgreSQL and Solr."""
from __future__ import annotations

import json

import pytest
from ckan import model
from ckan.logic import NotFound, ValidationError
from ckan.tests import factories, helpers

from ckanext.dgplan.plan import DEFAULT_PLAN_FILE
from ckanext.dgplan.store import plan as plan_store

from .plan_helpers import as_user, bilingual, create_dataset, world  # noqa: F401 - world is a fixture

pytestmark = [
    pytest.mark.ckan_config("ckan.plugins", "dgplan scheming_datasets"),
    pytest.mark.usefixtures("clean_db", "clean_index", "with_plugins"),
]


def _names(results):
    return sorted(pkg["name"] for pkg in results)


# ------------------------------------------------------------------ dataset fields


def test_codes_stored_as_list_in_plan_order(world):
    budget = helpers.call_action("package_show", id="plan-budget")
    assert budget["dgplan_goals"] == ["G1", "G3"]  # "G3, g1" normalized and ordered
    assert budget["dgplan_strategies"] == ["S1", "S3"]
    assert budget["dgplan_kpis"] == ["KPI-EGDI-RANK"]
    # scheming's stored form is a JSON string in the dataset's extras
    stored = model.Package.get("plan-budget").extras["dgplan_goals"]
    assert json.loads(stored) == ["G1", "G3"]


def test_names_are_accepted_instead_of_codes():
    org = factories.Organization()
    pkg = create_dataset(org, dgplan_goals=["Responsive Government", "ภาครัฐที่ปรับตัวทันการณ์"])
    assert pkg["dgplan_goals"] == ["G1", "G4"]


def test_plan_fields_are_optional():
    org = factories.Organization()
    pkg = create_dataset(org)
    assert "dgplan_goals" not in pkg or pkg["dgplan_goals"] in ([], None)


def test_unknown_code_lists_valid_codes_in_thai_and_english():
    org = factories.Organization()
    with pytest.raises(ValidationError) as err:
        create_dataset(org, dgplan_goals=["G1", "G9"], dgplan_strategies="S4,S7")
    goals = err.value.error_dict["dgplan_goals"][0]
    assert bilingual(goals)
    assert '"G9"' in goals and "G1, G2, G3, G4" in goals
    assert "S1, S2, S3, S4" in err.value.error_dict["dgplan_strategies"][0]


def test_update_keeps_and_replaces_codes(world):
    pkg = helpers.call_action("package_patch", id="plan-elderly", dgplan_goals=["G2"])
    assert pkg["dgplan_goals"] == ["G2"]
    assert pkg["dgplan_strategies"] == ["S1"]


# ------------------------------------------------------------------ search


def test_fq_on_plan_fields(world):
    found = helpers.call_action("package_search", fq="dgplan_strategies:S3")
    assert _names(found["results"]) == ["plan-budget"]
    found = helpers.call_action("package_search", fq='dgplan_goals:"G1"')
    assert _names(found["results"]) == ["plan-budget", "plan-elderly"]  # private one left out
    found = helpers.call_action("package_search", fq="dgplan_kpis:KPI-EGDI-RANK")
    assert _names(found["results"]) == ["plan-budget"]
    found = helpers.call_action("package_search", q="dgplan_goals:G2")
    assert _names(found["results"]) == ["plan-export"]


def test_fq_through_the_http_api(app, world):
    response = app.get("/api/3/action/package_search", query_string={"fq": "dgplan_strategies:S2"})
    result = response.json["result"]
    assert [pkg["name"] for pkg in result["results"]] == ["plan-export"]


def test_facets_under_public_names_with_labels(world):
    result = helpers.call_action("package_search", **{"facet.field": ["dgplan_goals", "dgplan_strategies"]})
    assert result["facets"]["dgplan_goals"] == {"G1": 2, "G3": 1, "G2": 1}
    items = {item["name"]: item for item in result["search_facets"]["dgplan_goals"]["items"]}
    assert items["G1"]["count"] == 2
    assert items["G1"]["display_name"].startswith("G1 ")
    assert items["G1"]["display_name"] != "G1"
    assert result["search_facets"]["dgplan_goals"]["title"] == "dgplan_goals"


# ------------------------------------------------------------------ dgplan_plan_show / list


@pytest.mark.parametrize(
    ("who", "g1", "g4", "s1"),
    [("anonymous", 2, 0, 0), ("other", 2, 0, 0), ("owner", 3, 1, 1)],
)
def test_plan_counts_respect_permissions(world, who, g1, g4, s1):
    user = None if who == "anonymous" else world[who]
    plan = helpers.call_action("dgplan_plan_show", context=as_user(user))
    assert plan["code"] == "dgdp-2023-2027"
    assert plan["active"] is True
    counts = plan["dataset_counts"]
    assert counts["goals"] == {"G1": g1, "G2": 1, "G3": 1, "G4": g4}
    assert counts["strategies"]["S4"] == s1
    assert counts["kpis"] == {"KPI-EGDI-RANK": 1, "KPI-EGDI-SCORE": 0, "KPI-IMD-GOV-EFF": 0,
                             "KPI-OPEN-DATA-QUALITY": 0}
    goal = next(g for g in plan["goals"] if g["code"] == "G1")
    assert goal["dataset_count"] == g1
    assert goal["strategies"] == ["S1"]
    assert plan["vision"]["th"]


def test_plan_show_other_plan_and_unknown_plan(world):
    old = helpers.call_action("dgplan_plan_show", id="dgdp-2020-2022")
    assert old["active"] is False
    assert all(count == 0 for count in old["dataset_counts"]["goals"].values())
    with pytest.raises(NotFound) as err:
        helpers.call_action("dgplan_plan_show", id="no-such-plan")
    assert bilingual(err.value.message)


def test_plan_list():
    plans = helpers.call_action("dgplan_plan_list", context=as_user(None))
    by_code = {p["code"]: p for p in plans}
    assert by_code["dgdp-2023-2027"]["active"] is True
    assert by_code["dgdp-2023-2027"]["source"] == "bundled"
    assert by_code["dgdp-2023-2027"]["goals"] == ["G1", "G2", "G3", "G4"]
    assert by_code["dgdp-2020-2022"]["active"] is False
    assert by_code["dgdp-2020-2022"]["period"]["start_be"] == 2563
    assert [p["code"] for p in plans] == ["dgdp-2020-2022", "dgdp-2023-2027"]


def test_plan_loaded_into_system_info_is_active():
    text = DEFAULT_PLAN_FILE.read_text(encoding="utf-8").replace(
        "code: dgdp-2023-2027", "code: dgdp-test-edition", 1)
    plan_store.store_plan_text(text)
    plans = {p["code"]: p for p in helpers.call_action("dgplan_plan_list")}
    assert plans["dgdp-test-edition"]["active"] is True
    assert plans["dgdp-test-edition"]["source"] == "system_info"
    assert helpers.call_action("dgplan_plan_show")["code"] == "dgdp-test-edition"


# ------------------------------------------------------------------ goal / strategy


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("anonymous", ["plan-budget", "plan-elderly"]),
        ("other", ["plan-budget", "plan-elderly"]),
        ("owner", ["plan-budget", "plan-elderly", "plan-secret"]),
    ],
)
def test_goal_show_lists_only_visible_datasets(world, who, expected):
    user = None if who == "anonymous" else world[who]
    goal = helpers.call_action("dgplan_goal_show", context=as_user(user), id="G1")
    assert goal["code"] == "G1"
    assert goal["name"]["en"] == "Responsive Government"
    assert [s["code"] for s in goal["strategies"]] == ["S1"]
    assert goal["plan"]["code"] == "dgdp-2023-2027"
    assert goal["dataset_count"] == len(expected)
    assert _names(goal["datasets"]) == expected


def test_goal_show_pages(world):
    first = helpers.call_action("dgplan_goal_show", context=as_user(world["owner"]), id="g1", rows=2)
    rest = helpers.call_action("dgplan_goal_show", context=as_user(world["owner"]), id="G1", rows=2, start=2)
    assert first["dataset_count"] == rest["dataset_count"] == 3
    assert len(first["datasets"]) == 2 and len(rest["datasets"]) == 1
    assert not set(_names(first["datasets"])) & set(_names(rest["datasets"]))


def test_strategy_show(world):
    strategy = helpers.call_action("dgplan_strategy_show", context=as_user(None), id="S3")
    assert strategy["number"] == 3  # participation and open government data, as the source article numbers it
    assert strategy["number_final"] == 4
    assert [g["code"] for g in strategy["goals"]] == ["G3"]
    assert _names(strategy["datasets"]) == ["plan-budget"]
    hidden = helpers.call_action("dgplan_strategy_show", context=as_user(world["other"]), id="S4")
    assert hidden["dataset_count"] == 0 and hidden["datasets"] == []
    seen = helpers.call_action("dgplan_strategy_show", context=as_user(world["owner"]), id="S4")
    assert _names(seen["datasets"]) == ["plan-secret"]


@pytest.mark.parametrize("action", ["dgplan_goal_show", "dgplan_strategy_show"])
def test_unknown_code_is_not_found(action):
    with pytest.raises(NotFound) as err:
        helpers.call_action(action, context=as_user(None), id="X9")
    assert bilingual(err.value.message)
    assert "X9" in err.value.message


@pytest.mark.parametrize("action", ["dgplan_goal_show", "dgplan_strategy_show"])
def test_missing_or_bad_parameters(action):
    with pytest.raises(ValidationError) as err:
        helpers.call_action(action, context=as_user(None))
    assert bilingual(err.value.error_dict["id"][0])
    with pytest.raises(ValidationError) as err:
        helpers.call_action(action, context=as_user(None), id="G1", rows="many")
    assert bilingual(err.value.error_dict["rows"][0])


def test_unknown_code_over_http_is_404_json(app):
    response = app.get("/api/3/action/dgplan_goal_show", query_string={"id": "G9"}, status=404)
    assert response.json["success"] is False
    assert "G9" in response.json["error"]["message"]


# ------------------------------------------------------------------ suggestions


def test_tag_suggest_anonymous():
    result = helpers.call_action("dgplan_tag_suggest", context=as_user(None),
                                 title="จำนวนผู้สูงอายุที่ได้รับเบี้ยยังชีพ", notes="รายจังหวัด")
    assert result["plan"] == "dgdp-2023-2027"
    assert result["goals"][0]["code"] == "G1"
    assert result["strategies"][0]["code"] == "S1"
    assert "ผู้สูงอายุ" in result["goals"][0]["matched"]
    assert result["goals"][0]["name"]["en"] == "Responsive Government"


def test_tag_suggest_limit_and_errors():
    result = helpers.call_action("dgplan_tag_suggest", notes="hospital export budget integration", limit=1)
    assert len(result["goals"]) == 1
    with pytest.raises(ValidationError) as err:
        helpers.call_action("dgplan_tag_suggest", context=as_user(None), title=" ")
    assert bilingual(err.value.error_dict["title"][0])
    with pytest.raises(ValidationError) as err:
        helpers.call_action("dgplan_tag_suggest", title="x", limit=0)
    assert bilingual(err.value.error_dict["limit"][0])


def test_tag_suggest_never_uses_datasets(world):
    # The secret dataset's title words do not leak into suggestions for anyone.
    result = helpers.call_action("dgplan_tag_suggest", context=as_user(None), title="ทะเบียนลับเฉพาะ")
    assert all("ลับ" not in word for s in result["goals"] for word in s["matched"])


def test_actions_are_documented():
    for action in ("dgplan_plan_list", "dgplan_plan_show", "dgplan_goal_show", "dgplan_strategy_show",
                   "dgplan_tag_suggest"):
        doc = helpers.call_action("help_show", name=action)
        assert ":returns:" in doc or ":param" in doc

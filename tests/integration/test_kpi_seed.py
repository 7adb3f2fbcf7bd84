"""The seed command publishes the plan's KPIs and budgets, and running it twice changes nothing."""
from __future__ import annotations

from ckan.tests import helpers

from ckanext.dgplan.store.seed import PROJECT_NAME, dgplan_seed_load

from .kpi_support import Upload, kpi_dataset, kpi_marks, roles  # noqa: F401

pytestmark = kpi_marks


def test_seed_publishes_egdi_series_and_budgets():
    counts = dgplan_seed_load()
    assert counts["datasets_created"] == 5  # four KPIs of the plan + the budget programme
    kpi = helpers.call_action("dgplan_kpi_show", {"user": "", "ignore_auth": False}, id="KPI-EGDI-RANK")
    assert kpi["dataset"]["organization"]["name"] == "dga"
    by_year = {r["fiscal_year_be"]: r for r in kpi["series"]}
    assert by_year[2553]["value"] == 76 and by_year[2567]["value"] == 52
    assert by_year[2570]["target"] == 40 and by_year[2570]["value"] is None
    assert by_year[2570]["certainty"] == "reported"  # the top-40 target is reported, not primary
    assert "github.com/UNU-EGOV/datasets" in by_year[2553]["source"]
    assert kpi["status"]["status"] == "off_track"  # worked example of plan/status.py

    projects = helpers.call_action("dgplan_project_list", {"user": "", "ignore_auth": False})
    budget = {r["fiscal_year_be"]: r for r in projects[0]["budgets"]}
    assert projects[0]["name"] == PROJECT_NAME
    assert budget[2567]["budget_baht"] == 5_523_911_000 and budget[2567]["certainty"] == "confirmed"
    assert budget[2568]["certainty"] == "reported"


def test_seed_twice_is_a_no_op():
    dgplan_seed_load()
    again = dgplan_seed_load()
    assert again == {"datasets_created": 0, "rows_written": 0}


def test_seed_leaves_an_agency_dataset_of_the_same_kpi_alone(roles):
    own = kpi_dataset(roles["other"], name="egdi-by-agency")
    helpers.call_action("dgplan_kpi_import", {"user": roles["other_editor"]["name"], "ignore_auth": False},
                        upload=Upload(b"kpi_code,fiscal_year_be,value\nKPI-EGDI-RANK,2567,50\n", "own.csv"))
    counts = dgplan_seed_load()
    assert counts["datasets_created"] == 4  # the other three KPIs and the budget programme
    kpi = helpers.call_action("dgplan_kpi_show", {"user": "", "ignore_auth": False}, id="KPI-EGDI-RANK")
    assert kpi["dataset"]["name"] == own["name"]
    assert [(r["fiscal_year_be"], r["value"]) for r in kpi["series"]] == [(2567, 50)]

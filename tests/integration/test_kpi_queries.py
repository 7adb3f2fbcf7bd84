"""The KPI and project lists read every DataStore table in a constant number of SQL statements,
and give the same values as one ``datastore_search`` per table did; ``unit`` and ``target_text``
have the ``{th, en}`` shape of ``dgplan_plan_show`` in every KPI action."""
from __future__ import annotations

import re
from typing import Any, Callable

from ckan.tests import helpers
from sqlalchemy import event
from sqlalchemy.engine import Engine

from .kpi_support import Upload, kpi_dataset, kpi_marks, project_dataset, roles  # noqa: F401

pytestmark = kpi_marks

RANK = "kpi_code,fiscal_year_be,value,target\nKPI-EGDI-RANK,2565,55,\nKPI-EGDI-RANK,2567,52.50,45\n"
MORE = ("kpi_code,fiscal_year_be,period,value\nKPI-EGDI-SCORE,2567,year,0.8351\nKPI-EGDI-SCORE,2568,Q1,0.84\n"
        "KPI-IMD-GOV-EFF,2566,year,25\n")


def _as(user: str) -> dict:
    return {"user": user, "ignore_auth": False}


def _datastore_statements(call: Callable[[], Any]) -> tuple[Any, list[str]]:
    """``call()``'s result and the SQL statements it sent to the DataStore database."""
    seen: list[str] = []

    def note(conn, cursor, statement, parameters, context, executemany) -> None:
        if (conn.engine.url.database or "").startswith("datastore"):
            seen.append(statement)

    event.listen(Engine, "before_cursor_execute", note)
    try:
        return call(), seen
    finally:
        event.remove(Engine, "before_cursor_execute", note)


def _import(user: str, text: str, action: str = "dgplan_kpi_import") -> None:
    helpers.call_action(action, _as(user), upload=Upload(text.encode("utf-8"), "rows.csv"))


def test_lists_read_tables_in_constant_statements_with_the_same_rows(roles):
    admin = roles["sysadmin"]["name"]
    kpi_dataset(roles["dga"], dgplan_target_text="ไม่ต่ำกว่าอันดับที่ 40")
    _import(admin, RANK)
    project_dataset(roles["dga"], "proj-a")
    _import(admin, "project,fiscal_year_be,budget_baht\nproj-a,2567,1500000.50\n", "dgplan_project_import")

    def reads() -> dict[str, tuple[Any, list[str]]]:
        return {action: _datastore_statements(lambda a=action: helpers.call_action(a, _as(admin)))
                for action in ("dgplan_kpi_list", "dgplan_coverage_show", "dgplan_project_list")}

    few = reads()
    kpi_dataset(roles["dga"], "KPI-EGDI-SCORE", dgplan_unit="ดัชนี 0-1")
    kpi_dataset(roles["dga"], "KPI-IMD-GOV-EFF", private=True, dgplan_unit="อันดับ")
    _import(admin, MORE)
    for name in ("proj-b", "proj-c"):
        project_dataset(roles["dga"], name)
    _import(admin, "project,fiscal_year_be,budget_baht\nproj-b,2567,10\nproj-c,2566,20\nproj-c,2567,30\n",
            "dgplan_project_import")
    many = reads()

    assert len(few["dgplan_kpi_list"][0]) == 1 and len(many["dgplan_kpi_list"][0]) == 3
    assert len(few["dgplan_project_list"][0]) == 1 and len(many["dgplan_project_list"][0]) == 3
    for action in few:
        assert few[action][1], action  # the tables are read from the DataStore database
        assert len(many[action][1]) == len(few[action][1]), (action, many[action][1])

    # The same KPI dicts as dgplan_kpi_show builds from datastore_search, table by table.
    for listed in many["dgplan_kpi_list"][0]:
        shown = helpers.call_action("dgplan_kpi_show", _as(admin), id=listed["code"])
        assert shown.pop("series") and shown == listed
    rank = next(k for k in many["dgplan_kpi_list"][0] if k["code"] == "KPI-EGDI-RANK")
    # datastore_search's format: YYYY-MM-DDTHH:MM:SS, and .mmm on CKAN 2.12 (ckan.datastore.ms_in_timestamp)
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{3})?", rank["last_updated"] or "")
    coverage = {k["code"]: k for k in many["dgplan_coverage_show"][0]["kpis"]}
    assert coverage["KPI-EGDI-SCORE"]["latest_year_be"] == 2568 and coverage["KPI-IMD-GOV-EFF"]["has_data"]
    budgets = {p["name"]: p for p in many["dgplan_project_list"][0]}
    assert [r["budget_baht"] for r in budgets["proj-c"]["budgets"]] == [20, 30]
    stored = helpers.call_action("datastore_search", _as(admin), resource_id=budgets["proj-a"]["resource_id"])
    assert budgets["proj-a"]["budgets"] == [{k: v for k, v in r.items() if k != "_id"} for r in stored["records"]]


def test_unit_and_target_text_have_the_plan_shape(roles):
    admin = roles["sysadmin"]["name"]
    kpi_dataset(roles["dga"], dgplan_unit="อันดับ (จาก 193 ประเทศ)", dgplan_target_text="ไม่ต่ำกว่าอันดับที่ 40")
    kpi_dataset(roles["dga"], "KPI-EGDI-SCORE", dgplan_unit="ดัชนี 0-1")
    plan = {k["code"]: k for k in helpers.call_action("dgplan_plan_show", _as(admin))["kpis"]}
    shown = helpers.call_action("dgplan_kpi_show", _as(admin), id="KPI-EGDI-RANK")
    assert shown["unit"] == plan["KPI-EGDI-RANK"]["unit"] == {"th": "อันดับ (จาก 193 ประเทศ)",
                                                              "en": "rank (of 193 countries)"}
    assert shown["target_text"] == {"th": "ไม่ต่ำกว่าอันดับที่ 40", "en": plan["KPI-EGDI-RANK"]["target_text"]["en"]}
    assert set(shown["target_text"]) == set(plan["KPI-EGDI-RANK"]["target_text"]) == {"th", "en"}
    listed = {k["code"]: k for k in helpers.call_action("dgplan_kpi_list", _as(admin))}
    assert listed["KPI-EGDI-SCORE"]["unit"] == {"th": "ดัชนี 0-1", "en": "index 0-1"}
    assert listed["KPI-EGDI-SCORE"]["target_text"] is None  # the dataset states no wording
    home = {k["code"]: k for k in helpers.call_action("dgplan_home_show", _as(admin))["kpis"]}
    assert home["KPI-EGDI-RANK"]["unit"] == shown["unit"]

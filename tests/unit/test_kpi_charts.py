"""SVG charts, staleness and the budget summary (pure helpers of ckanext.dgplan.kpi)."""
from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from ckanext.dgplan.kpi.budget import budget_summary
from ckanext.dgplan.kpi.charts import bar_chart_svg, line_chart_svg
from ckanext.dgplan.kpi.coverage import frequency_code, is_stale
from ckanext.dgplan.plan.model import Baseline, Kpi, LocalText, Target
from ckanext.dgplan.plan.status import kpi_status

NS = "{http://www.w3.org/2000/svg}"


def test_line_chart_is_valid_accessible_svg():
    svg = line_chart_svg([2565, 2567, 2570], [55, 52, None], [None, None, 40], title="EGDI <rank> & co",
                         desc="d", invert=True)
    root = ET.fromstring(svg)
    assert root.get("role") == "img" and root.find(f"{NS}title").text == "EGDI <rank> & co"
    circles = root.findall(f".//{NS}circle")
    assert len(circles) == 3  # two values + legend
    # Inverted axis: the better (smaller) rank 52 is drawn above 55.
    assert float(circles[1].get("cy")) < float(circles[0].get("cy"))


def test_empty_charts():
    assert ET.fromstring(line_chart_svg([], [], [], title="x")).find(f"{NS}text").text == "–"
    assert ET.fromstring(bar_chart_svg([], [], title="x")) is not None


def test_bar_chart():
    root = ET.fromstring(bar_chart_svg(["2567", "2568"], [("S1", [5e9, None]), ("-", [1e9, 8e9])],
                                       title="b", scale=1e6))
    assert len(root.findall(f".//{NS}rect")) == 3 + 2  # bars + legend


@pytest.mark.parametrize("latest, frequency, current, stale", [
    (2567, "biennial (UN survey years)", 2570, False),
    (2567, "biennial", 2571, True),
    (2568, "annual", 2570, False),
    (2567, "annual", 2570, True),
    (None, "annual", 2570, None),
    (2567, "irregular", 2590, None),
])
def test_staleness(latest, frequency, current, stale):
    assert is_stale(latest, frequency, current) is stale


def test_frequency_code():
    assert frequency_code("biennial (UN survey years 2565)") == "biennial" and frequency_code("รายปี") == "annual"
    assert frequency_code("whenever") is None and frequency_code(None) is None


def test_budget_summary_counts_multi_strategy_projects_once_in_totals():
    summary = budget_summary([
        {"name": "a", "strategies": ["S1", "S2"], "rows": [{"fiscal_year_be": 2567, "budget_baht": 100.0}]},
        {"name": "b", "strategies": [], "rows": [{"fiscal_year_be": 2567, "budget_baht": 50, "certainty": "reported"},
                                                  {"fiscal_year_be": 2568, "budget_baht": None}]},
    ])
    cells = {(c["strategy"], c["fiscal_year_be"]): (c["budget_baht"], c["reported"]) for c in summary["cells"]}
    assert cells == {("S1", 2567): (100, False), ("S2", 2567): (100, False), ("", 2567): (50, True)}
    assert summary["totals"] == [{"fiscal_year_be": 2567, "budget_baht": 150.0, "projects": 2, "reported": True}]
    assert budget_summary([]) == {"fiscal_years": [], "strategies": [], "cells": [], "totals": [], "skipped": []}


def _kpi(direction="higher", baseline=(2565, 50.0), target=(2570, 100.0)):
    return Kpi(code="K", name=LocalText("k", "k"), unit=LocalText("u"), direction=direction,
               baseline=Baseline(*baseline) if baseline else None,
               targets=(Target(*target),) if target else ())


@pytest.mark.parametrize("kpi, observations, status", [
    (_kpi(), [(2567, 100)], "achieved"),
    (_kpi(), [(2567, 66)], "on_track"),          # needs +14.9 %/yr, has +14.9 %/yr
    (_kpi(), [(2567, 58)], "needs_attention"),   # about half the pace needed
    (_kpi(), [(2567, 49)], "off_track"),         # moving away from the target
    (_kpi(), [], "no_data"),
    (_kpi("lower", (2565, 55), (2570, 40)), [(2567, 52)], "off_track"),  # EGDI rank worked example
    (_kpi("lower", (2565, 55), (2570, 40)), [(2569, 40)], "achieved"),
])
def test_status_on_constructed_cases(kpi, observations, status):
    assert kpi_status(kpi, observations).status == status

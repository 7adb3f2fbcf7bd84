"""Issue 16, field slice: the pure parts: exact budget sums, refused figures, nesting without recursion."""
from __future__ import annotations

import json
import math

from ckanext.dgplan.kpi.budget import budget_amount, budget_summary, budget_total
from ckanext.dgplan.logic.validators.limits import dgplan_nesting_too_deep

MAX = 10_000_000_000_000


def _project(name, *rows, strategies=("S1",)):
    return {"name": name, "strategies": list(strategies),
            "rows": [{"fiscal_year_be": y, "budget_baht": v} for y, v in rows]}


def test_overflowing_figures_are_skipped_and_listed():
    summary = budget_summary([_project("a", (2567, 1e308)), _project("b", (2567, 1.7e308)),
                              _project("c", (2567, 5)), _project("d", (2568, float("nan"))),
                              _project("e", (2568, float("inf"))), _project("f", (2568, -1))], MAX)
    assert summary["cells"] == [{"strategy": "S1", "fiscal_year_be": 2567, "budget_baht": 5, "projects": 1,
                                 "reported": False}]
    assert [s["budget_baht"] for s in summary["skipped"]] == ["1E+308", "1.7E+308", "NaN", "Infinity", "-1"]
    json.dumps(summary, allow_nan=False)  # JSON-compliant: no NaN or Infinity anywhere


def test_sums_are_exact():
    summary = budget_summary([_project("a", (2567, 0.1)), _project("b", (2567, 0.2))], MAX)
    assert summary["totals"][0]["budget_baht"] == 0.3
    assert budget_total([{"budget_baht": 0.1}, {"budget_baht": "0.2"}, {"budget_baht": 1e308}], MAX) == 0.3
    assert budget_total([{"budget_baht": 1e308}], MAX) is None


def test_sum_of_many_maximal_figures_stays_finite():
    projects = [_project(f"p{i}", (2567, MAX)) for i in range(1000)]
    total = budget_summary(projects, MAX)["totals"][0]["budget_baht"]
    assert total == 1000 * MAX and math.isfinite(float(total))


def test_budget_amount():
    assert budget_amount("1234.50", MAX) == budget_amount(1234.5, MAX)
    assert budget_amount(MAX + 1, MAX) is None and budget_amount(True, MAX) is None
    assert budget_amount("abc", MAX) is None and budget_amount("", MAX) is None


def test_nesting_checked_without_recursion():
    deep: list = []
    for _ in range(100_000):
        deep = [deep]
    assert dgplan_nesting_too_deep(deep, 5)
    assert dgplan_nesting_too_deep("[" * 100_000 + "]" * 100_000, 5)
    assert not dgplan_nesting_too_deep('["G1", "G2"]', 5)
    assert not dgplan_nesting_too_deep('["[[[[[[[[["]', 2)  # brackets inside a string do not count
    assert not dgplan_nesting_too_deep([{"year_be": 2570, "value": 40}], 2)
    assert dgplan_nesting_too_deep([[[]]], 2)

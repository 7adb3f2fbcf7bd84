"""The plan's open-data quality indicator: pure checks and scores (no CKAN imports).

* :mod:`.checks` every check of one dataset, each problem with a stable code, Thai/English label
  and fix hint; :func:`.checks.evaluate` runs them and scores the dataset 0-100;
* :mod:`.summary` agency and portal summaries, and the KPI value (share of compliant open datasets);
* :mod:`.links` link checks with timeouts, a per-host rate limit and a total budget (background
  jobs only, never in a page request).

The method, weights included, is the docstring of :mod:`.checks`; the site shows it at
``/plan/quality/method``.
"""
from __future__ import annotations

from ckanext.dgplan.quality.checks import (
    DIMENSIONS,
    PROBLEMS,
    WEIGHTS,
    Problem,
    ProblemType,
    Result,
    Settings,
    evaluate,
)
from ckanext.dgplan.quality.summary import summarize

__all__ = ["DIMENSIONS", "PROBLEMS", "WEIGHTS", "Problem", "ProblemType", "Result", "Settings", "evaluate",
           "summarize"]

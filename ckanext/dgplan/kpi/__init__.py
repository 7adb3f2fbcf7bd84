"""KPI values and project budgets as tables: pure helpers (no CKAN imports).

* :mod:`.table`    column definitions of the DataStore tables, file reading (CSV in UTF-8,
  UTF-8 with BOM or cp874/TIS-620; XLSX), row validation with bilingual row/column errors,
  and the comparison that makes a re-import a no-op;
* :mod:`.export`   CSV (UTF-8 with BOM), XLSX and JSON downloads with formula escaping;
* :mod:`.charts`   server-rendered SVG charts;
* :mod:`.coverage` whether a KPI's data is stale against its update frequency;
* :mod:`.budget`   budget summary by strategy and fiscal year (pandas).
"""
from __future__ import annotations

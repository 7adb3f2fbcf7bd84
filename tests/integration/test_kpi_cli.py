"""`ckan dgplan import kpis|projects FILE` and `ckan dgplan seed load` (groups of cli_kpi.py)."""
from __future__ import annotations

from pathlib import Path

from ckan.tests import helpers

from ckanext.dgplan.cli.kpi import import_group, seed_group

from .kpi_support import kpi_dataset, kpi_marks, roles  # noqa: F401

pytestmark = kpi_marks
DATA = Path(__file__).resolve().parent.parent / "data"


def test_import_kpis_command(cli, roles):
    kpi_dataset(roles["dga"])
    result = cli.invoke(import_group, ["kpis", str(DATA / "kpi_values_cp874.csv")])
    assert result.exit_code == 0, result.output
    assert "2 rows: 2 new" in result.output
    result = cli.invoke(import_group, ["kpis", str(DATA / "kpi_values_cp874.csv")])
    assert "0 new, 0 changed, 2 unchanged" in result.output
    bad = cli.invoke(import_group, ["kpis", str(DATA / "kpi_values_1000_one_bad.csv")])
    assert bad.exit_code == 1 and "Row 738, column value" in bad.output
    refused = cli.invoke(import_group, ["kpis", "--user", roles["other_editor"]["name"],
                                        str(DATA / "kpi_values_cp874.csv")])
    assert refused.exit_code == 1 and "you may not change KPI" in refused.output


def test_seed_command(cli):
    result = cli.invoke(seed_group, ["load"])
    assert result.exit_code == 0, result.output
    assert "5 datasets created" in result.output  # four KPIs of the plan + the budget programme
    assert helpers.call_action("dgplan_kpi_show", {"user": "", "ignore_auth": False}, id="KPI-EGDI-SCORE")["has_data"]

"""`ckan dgplan plan load|show|reset` against the real database and search index."""
from __future__ import annotations

import inspect
from pathlib import Path

import pytest
from ckan.cli.cli import ckan
from ckan.tests import factories, helpers
from click.testing import CliRunner

from ckanext.dgplan.cli.plan import plan as plan_group
from ckanext.dgplan.plan import DEFAULT_PLAN_FILE
from ckanext.dgplan.store import plan as plan_store

from .plan_helpers import create_dataset

pytestmark = [
    pytest.mark.ckan_config("ckan.plugins", "dgplan scheming_datasets"),
    pytest.mark.usefixtures("clean_db", "clean_index", "with_plugins"),
]

BUNDLED = DEFAULT_PLAN_FILE.read_text(encoding="utf-8")
G4_BLOCK_START = "  - code: G4\n"


# click 8.2 (CKAN 2.12) always keeps stderr apart and dropped mix_stderr; 8.1 (CKAN 2.11) mixes by default.
_RUNNER_ARGS = {"mix_stderr": False} if "mix_stderr" in inspect.signature(CliRunner).parameters else {}


def _run(*args: str):
    return CliRunner(**_RUNNER_ARGS).invoke(plan_group, list(args), catch_exceptions=False)


def _write(tmp_path: Path, text: str, name: str = "plan.yaml") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def _with_goal_g5() -> str:
    return BUNDLED.replace("code: dgdp-2023-2027", "code: dgdp-2023-2027-rev", 1).replace(
        "\n# Strategy codes follow",
        "  - code: G5\n    name: {th: เป้าหมายทดสอบ, en: Test goal}\n    source: seed-article\n"
        "\n# Strategy codes follow", 1)


def _without_g4() -> str:
    """The bundled plan with goal G4 removed (strategy S4 then names no goal)."""
    start = BUNDLED.index(G4_BLOCK_START)
    end = BUNDLED.index("\n# Strategy codes follow")
    text = BUNDLED[:start] + BUNDLED[end:]
    return text.replace("    goals: [G4]\n", "    goals: []\n", 1)


def test_invalid_file_lists_every_error_with_its_path(tmp_path):
    bad = BUNDLED.replace("code: G2\n", "code: g2\n", 1).replace("goals: [G1]", "goals: [G9]", 1)
    result = _run("load", _write(tmp_path, bad))
    assert result.exit_code == 1
    assert "goals[1].code" in result.stderr
    assert 'strategies[0].goals[0]: unknown goal code "G9"' in result.stderr
    assert "ไม่พบรหัสเป้าหมาย" in result.stderr
    assert plan_store.stored_plan_text() is None


def test_load_show_and_idempotence(tmp_path):
    path = _write(tmp_path, _with_goal_g5())
    result = _run("load", path)
    assert result.exit_code == 0, result.stderr
    assert "loaded plan dgdp-2023-2027-rev" in result.stdout
    assert plan_store.active().source == "system_info"

    shown = _run("show")
    assert "dgdp-2023-2027-rev" in shown.stdout
    assert "source: system_info" in shown.stdout
    assert "G5" in shown.stdout and "เป้าหมายทดสอบ" in shown.stdout and "Test goal" in shown.stdout

    again = _run("load", path)
    assert again.exit_code == 0
    assert "unchanged" in again.stdout

    # The new code is usable at once by the actions and the validators.
    assert helpers.call_action("dgplan_goal_show", id="G5")["name"]["en"] == "Test goal"
    pkg = create_dataset(factories.Organization(), dgplan_goals=["G5"])
    assert pkg["dgplan_goals"] == ["G5"]


def test_refuses_to_orphan_codes_in_use(tmp_path):
    org = factories.Organization()
    create_dataset(org, name="uses-g4", dgplan_goals=["G4"])
    create_dataset(org, name="uses-g4-private", dgplan_goals=["G1", "G4"], private=True)
    path = _write(tmp_path, _without_g4())

    result = _run("load", path)
    assert result.exit_code == 1
    assert "goal G4: 2 dataset(s)" in result.stderr  # the private one is counted too
    assert plan_store.stored_plan_text() is None

    forced = _run("load", path, "--force")
    assert forced.exit_code == 0
    assert "WARNING" in forced.stderr and "goal G4: 2 dataset(s)" in forced.stderr
    assert plan_store.active_plan().goal("G4") is None


def test_unused_codes_may_be_dropped(tmp_path):
    create_dataset(factories.Organization(), dgplan_goals=["G1"])
    result = _run("load", _write(tmp_path, _without_g4()))
    assert result.exit_code == 0, result.stderr


def test_reset(tmp_path):
    assert "no plan was loaded" in _run("reset").stdout
    _run("load", _write(tmp_path, _with_goal_g5()))
    create_dataset(factories.Organization(), dgplan_goals=["G5"])
    refused = _run("reset")
    assert refused.exit_code == 1 and "goal G5: 1 dataset(s)" in refused.stderr
    assert _run("reset", "--force").exit_code == 0
    assert plan_store.active().source == "bundled"
    assert plan_store.active_plan().code == "dgdp-2023-2027"


def test_config_file_wins(tmp_path, ckan_config, monkeypatch):
    path = _write(tmp_path, _with_goal_g5(), "configured.yaml")
    monkeypatch.setitem(ckan_config, "ckanext.dgplan.plan_file", path)
    assert plan_store.active().source == "config"
    assert plan_store.active_plan().goal("G5") is not None
    result = _run("load", _write(tmp_path, BUNDLED.replace("version: \"1.1\"", "version: \"1.2\"", 1)))
    assert "takes precedence" in result.stderr


def test_registered_under_ckan_dgplan(cli):
    result = cli.invoke(ckan, ["dgplan", "plan", "--help"])
    assert result.exit_code == 0, result.output
    for command in ("load", "show", "reset", "migrate"):
        assert command in result.output


# -- `plan migrate`: datasets tagged before the strategies were renumbered ---------------------


def _strategy_names(pkg_name: str) -> list[str]:
    return helpers.call_action("package_show", id=pkg_name)["dgplan_strategies"]


def test_migrate_keeps_the_meaning_of_old_strategy_codes():
    """Up to plan file 1.0, S4 meant participation and open government data (now S3) and S1
    meant integration (now S4); a dataset tagged then shows under the same strategy after
    ``plan migrate``, on its page, in search and on the strategy's own page."""
    from .kpi_support import project_dataset

    org = factories.Organization()
    create_dataset(org, name="open-data-old", dgplan_goals=["G3"], dgplan_strategies=["S4"])
    create_dataset(org, name="agile-old", dgplan_goals=["G4", "G1"], dgplan_strategies=["S1", "S2"], private=True)
    create_dataset(org, name="untagged", dgplan_goals=["G2"])
    project_dataset(org, "proj-old", dgplan_strategies=["S3"])

    dry = _run("migrate", "--dry-run")
    assert dry.exit_code == 0, dry.stderr
    assert "would change 3 dataset(s)" in dry.stdout
    assert _strategy_names("open-data-old") == ["S4"]  # nothing written

    result = _run("migrate")
    assert result.exit_code == 0, result.stderr
    assert "S4→S3" in result.stdout and "changed 3 dataset(s)" in result.stdout
    assert _strategy_names("open-data-old") == ["S3"]
    assert _strategy_names("agile-old") == ["S1", "S4"]  # services and integration, in plan order
    assert _strategy_names("proj-old") == ["S2"]  # business
    assert not helpers.call_action("package_show", id="untagged").get("dgplan_strategies")

    # The search index follows: S3 (participation) finds the open-data dataset only.
    found = helpers.call_action("package_search", fq="dgplan_strategies:S3", include_private=True)
    assert [p["name"] for p in found["results"]] == ["open-data-old"]
    strategy = helpers.call_action("dgplan_strategy_show", id="S3")
    assert strategy["name"]["th"] == "ส่งเสริมการมีส่วนร่วมของประชาชน และเปิดเผยข้อมูลเปิดภาครัฐ"
    assert [d["name"] for d in strategy["datasets"]] == ["open-data-old"]

    # Recorded once: running it again changes nothing (the mapping is a permutation).
    again = _run("migrate")
    assert "unchanged" in again.stdout
    assert _strategy_names("open-data-old") == ["S3"]


def test_migrate_on_a_new_site_only_records_the_change():
    """On a site with no tagged dataset the change is recorded at once, so datasets tagged
    afterwards with the new codes are never renumbered."""
    assert plan_store.pending_code_changes()
    assert "changed 0 dataset(s)" in _run("migrate").stdout
    assert plan_store.pending_code_changes() == []
    create_dataset(factories.Organization(), name="new-s3", dgplan_goals=["G3"], dgplan_strategies=["S3"])
    assert "unchanged" in _run("migrate").stdout
    assert _strategy_names("new-s3") == ["S3"]

"""The plan presets (schemas/dgplan_plan_presets.yaml) and their use by the dataset schema (no CKAN needed)."""
from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
PRESETS_FILE = ROOT / "schemas" / "dgplan_plan_presets.yaml"
SCHEMA_FILE = ROOT / "schemas" / "dgplan_dataset.yaml"
PACKAGE = ROOT / "ckanext" / "dgplan"


def _all(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "__all__" for t in node.targets):
            return set(ast.literal_eval(node.value))
    raise AssertionError(f"no __all__ in {path}")


@pytest.fixture(scope="module")
def presets() -> dict:
    with PRESETS_FILE.open(encoding="utf-8") as f:
        data = yaml.safe_load(f)
    assert data["scheming_presets_version"] == 1
    return {p["preset_name"]: p["values"] for p in data["presets"]}


def test_three_presets(presets):
    assert set(presets) == {"dgplan_goals", "dgplan_strategies", "dgplan_kpis"}


def test_labels_and_help_are_bilingual(presets):
    for name, values in presets.items():
        for key in ("label", "help_text"):
            assert set(values[key]) == {"th", "en"}, name
            assert re.search("[ก-๙]", values[key]["th"]), name


def test_validators_and_helpers_exist(presets):
    validators = _all(PACKAGE / "logic" / "validators" / "plan.py")
    helpers = _all(PACKAGE / "helpers" / "plan.py")
    for name, values in presets.items():
        ours = [v for v in values["validators"].split() if v.startswith("dgplan_")]
        assert ours and set(ours) <= validators, name
        assert values["validators"].split()[0] == "ignore_missing", name
        assert values["output_validators"] == "scheming_multiple_choice_output", name
        assert values["choices_helper"] in helpers, name
        for key in ("form_snippet", "display_snippet"):
            snippet = PACKAGE / "templates" / "scheming" / f"{key.split('_')[0]}_snippets" / values[key]
            assert snippet.is_file(), snippet


def test_dataset_schema_uses_the_presets(presets):
    with SCHEMA_FILE.open(encoding="utf-8") as f:
        fields = {f["field_name"]: f for f in yaml.safe_load(f)["dataset_fields"]}
    for name in presets:
        assert fields[name]["preset"] == name

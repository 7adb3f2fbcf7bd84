"""The demo loader: real records through the real API and schema, idempotent, with their plan labels."""
from __future__ import annotations

import json

import pytest
from ckan import model
from ckan.tests import helpers

from ckanext.dgplan.store import demo as demo

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index", "with_plugins")


def test_demo_load_is_idempotent_and_searchable():
    first = demo.dgplan_load_demo(limit=20)
    assert first["created"] == 20 and first["failed"] == 0
    assert first["organizations"] >= 1
    again = demo.dgplan_load_demo(limit=20)
    assert again == {"created": 0, "skipped": 20, "failed": 0, "organizations": 0}

    record = json.loads(demo.CORPUS.read_text(encoding="utf-8").splitlines()[0])
    pkg = helpers.call_action("package_show", id=record["id"].lower())
    assert pkg["title"] == record["title"]
    assert pkg["organization"]["title"] == record["organization"]
    assert {t["name"] for t in pkg["tags"]} <= set(record["tags"])
    # Stored as codes although the loader sent GD Catalog's Thai strings.
    assert pkg["data_category"] == "public"
    # Found by a word inside its Thai title.
    assert helpers.call_action("package_search", q="โรงเรียน", fq=f"name:{pkg['name']}")["count"] == 1


def test_labelled_records_carry_their_plan_codes():
    demo.dgplan_load_demo(limit=12)
    pkg = helpers.call_action("package_show", id="suvarnabhumi-airport-rial-link-sarl")
    label = next(rec for rec in demo.dgplan_demo_records(demo.PLAN_LABELS)
                 if rec["id"] == "suvarnabhumi-airport-rial-link-sarl")
    assert pkg["dgplan_goals"] == label["goals"]
    assert pkg["dgplan_strategies"] == label["strategies"]
    assert model.Package.get("suvarnabhumi-airport-rial-link-sarl") is not None

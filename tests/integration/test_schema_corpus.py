"""The schema against real data.go.th metadata (the repository's copy of the corpus)."""
from __future__ import annotations

import json
import re

import pytest
from ckan.tests import factories, helpers

from ckanext.dgplan.store import demo as demo
from ckanext.dgplan.thai.tags import normalize_tag
from tests.integration.plan_helpers import dataset_data

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index", "with_plugins")

RECORDS = [json.loads(line) for line in demo.CORPUS.read_text(encoding="utf-8").splitlines() if line.strip()]


def _base(org, user, **extra):
    return helpers.call_action("package_create", context={"user": user["name"]}, **dataset_data(org, **extra))


@pytest.fixture
def owner():
    user = factories.Sysadmin()
    return factories.Organization(user=user), user


def test_every_real_corpus_tag_is_accepted(owner):
    org, user = owner
    tags = sorted({t for rec in RECORDS for t in rec["tags"] if "\ufffd" not in t})
    assert len(tags) == 851
    stored: set[str] = set()
    for start in range(0, len(tags), 100):
        chunk = tags[start:start + 100]
        pkg = _base(org, user, title=f"ชุดคำสำคัญ {start}", tags=[{"name": t} for t in chunk])
        stored |= {t["name"] for t in pkg["tags"]}
    assert stored == {normalize_tag(t) for t in tags}


def test_slugs_from_real_thai_titles(owner):
    org, user = owner
    titles = [rec["title"] for rec in RECORDS if re.search("[\u0e01-\u0e5b]", rec["title"])][:6]
    names = []
    for title in titles:
        pkg = _base(org, user, title=title, tag_string="ทดสอบ")
        assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", pkg["name"]), pkg["name"]
        assert 2 <= len(pkg["name"]) <= 100 and pkg["name"] != "dataset"
        names.append(pkg["name"])
    twin = _base(org, user, title=titles[0], tag_string="ทดสอบ")
    assert twin["name"] != names[0] and twin["name"].startswith(names[0][:90])
    assert len(set(names)) == len(names)

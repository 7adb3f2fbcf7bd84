"""The plan as a SKOS concept scheme (plan/skos.py): JSON-LD and Turtle written by hand."""
from __future__ import annotations

import json
import re

import pytest

from ckanext.dgplan.plan import default_plan
from ckanext.dgplan.plan.skos import dumps_jsonld, to_jsonld, to_turtle

SCHEME = "http://example.org/plan"


def concept_url(kind: str, code: str) -> str:
    if kind in ("goal", "strategy"):
        return f"{SCHEME}/{kind}/{code}"
    return f"{SCHEME}#{code}"


@pytest.fixture(scope="module")
def graph():
    return {node["@id"]: node for node in to_jsonld(default_plan(), SCHEME, concept_url)["@graph"]}


def test_scheme_and_top_concepts(graph):
    scheme = graph[SCHEME]
    assert scheme["@type"] == "skos:ConceptScheme"
    assert scheme["notation"] == "dgdp-2023-2027"
    assert scheme["prefLabel"]["th"].startswith("แผนพัฒนารัฐบาลดิจิทัล")
    assert scheme["hasTopConcept"] == [f"{SCHEME}/goal/G{i}" for i in range(1, 5)]


def test_goal_strategy_hierarchy(graph):
    g1 = graph[f"{SCHEME}/goal/G1"]
    s2 = graph[f"{SCHEME}/strategy/S1"]
    assert g1["topConceptOf"] == SCHEME
    assert g1["narrower"] == [f"{SCHEME}/strategy/S1"]
    assert s2["broader"] == [f"{SCHEME}/goal/G1"]
    assert g1["prefLabel"] == {"th": "การให้บริการที่ตอบสนองประชาชนและลดความเหลื่อมล้ำ",
                               "en": "Responsive Government"}
    assert g1["definition"]["en"].startswith("Services that respond")


def test_strategy_labels_use_the_published_wording(graph):
    s1 = graph[f"{SCHEME}/strategy/S4"]
    assert s1["prefLabel"]["th"].startswith("ยกระดับการเปลี่ยนผ่านดิจิทัลภาครัฐ")
    assert s1["altLabel"]["th"].startswith("บูรณาการข้อมูล")
    # S1's published wording is truncated in the source, so the draft wording is the label.
    assert "altLabel" not in graph[f"{SCHEME}/strategy/S1"]


def test_kpis_are_concepts(graph):
    kpi = graph[f"{SCHEME}#KPI-EGDI-RANK"]
    assert kpi["@type"] == "skos:Concept"
    assert kpi["inScheme"] == SCHEME
    assert "related" not in kpi  # a plan-level KPI


def test_jsonld_is_valid_json_with_context():
    doc = json.loads(dumps_jsonld(default_plan(), SCHEME, concept_url))
    assert doc["@context"]["skos"] == "http://www.w3.org/2004/02/skos/core#"
    assert doc["@context"]["prefLabel"]["@container"] == "@language"
    assert "ภาครัฐที่ปรับตัวทันการณ์" in dumps_jsonld(default_plan(), SCHEME, concept_url)


def test_turtle_shape():
    ttl = to_turtle(default_plan(), SCHEME, concept_url)
    assert ttl.startswith("@prefix skos: <http://www.w3.org/2004/02/skos/core#> .")
    assert f"<{SCHEME}/goal/G1>\n    a skos:Concept ;" in ttl
    assert '"Responsive Government"@en' in ttl
    assert f"skos:broader <{SCHEME}/goal/G1>" in ttl
    # Every subject block ends with " ." and every statement is separated by " ;".
    blocks = [b for b in ttl.split("\n\n") if b.strip() and not b.startswith("@prefix")]
    assert len(blocks) == 1 + 4 + 4 + 4  # scheme, goals, strategies, KPIs
    for block in blocks:
        assert block.rstrip().endswith(" .")


def test_turtle_escapes_literals_and_iris():
    plan = default_plan()
    ttl = to_turtle(plan, 'http://example.org/a b"c', concept_url)
    assert "<http://example.org/a%20b%22c>" in ttl
    # No raw newline or unescaped quote can appear inside a literal.
    for literal in re.findall(r'"((?:[^"\\]|\\.)*)"', ttl):
        assert "\n" not in literal

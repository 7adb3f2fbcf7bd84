"""A plan as a SKOS concept scheme, in JSON-LD and Turtle, written without an RDF library.

Pure Python: the caller passes the URLs (the CKAN glue builds them from ``ckan.site_url``).

* The plan is a ``skos:ConceptScheme`` (also ``dcterms:title``, ``dcterms:temporal`` as text).
* Goals are top concepts (``skos:topConceptOf``); strategies are ``skos:narrower`` of the goals
  they serve (and ``skos:broader`` from the strategy); sub-strategies are narrower than their
  strategy; KPIs are concepts ``skos:related`` to their goals and strategies.
* Each concept has ``skos:notation`` (its code), ``skos:prefLabel`` and ``skos:definition`` in
  Thai and English (``@th``/``@en``) and, for strategies with a published wording,
  ``skos:altLabel`` for the other wording.

Concept IRIs are given by ``concept_url(kind, code)`` (``kind`` is ``goal``, ``strategy``,
``sub_strategy`` or ``kpi``) so that they can be the portal's own pages.
"""
from __future__ import annotations

import json
from typing import Any, Callable, Iterable, Optional

from .model import LocalText, Plan

__all__ = ["CONTEXT", "dumps_jsonld", "to_jsonld", "to_turtle"]

SKOS = "http://www.w3.org/2004/02/skos/core#"
DCT = "http://purl.org/dc/terms/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"

#: JSON-LD context used by :func:`to_jsonld`.
CONTEXT: dict[str, Any] = {
    "skos": SKOS,
    "dct": DCT,
    "inScheme": {"@id": "skos:inScheme", "@type": "@id"},
    "topConceptOf": {"@id": "skos:topConceptOf", "@type": "@id"},
    "hasTopConcept": {"@id": "skos:hasTopConcept", "@type": "@id"},
    "broader": {"@id": "skos:broader", "@type": "@id"},
    "narrower": {"@id": "skos:narrower", "@type": "@id"},
    "related": {"@id": "skos:related", "@type": "@id"},
    "notation": "skos:notation",
    "prefLabel": {"@id": "skos:prefLabel", "@container": "@language"},
    "altLabel": {"@id": "skos:altLabel", "@container": "@language"},
    "definition": {"@id": "skos:definition", "@container": "@language"},
    "title": {"@id": "dct:title", "@container": "@language"},
    "temporal": "dct:temporal",
}

ConceptUrl = Callable[[str, str], str]


def _lang_map(text: Optional[LocalText]) -> dict[str, str]:
    if not text:
        return {}
    return {lang: value for lang, value in (("th", text.th), ("en", text.en)) if value}


def _triples(plan: Plan, scheme_url: str, concept_url: ConceptUrl) -> list[dict[str, Any]]:
    """Nodes of the graph as plain dicts (JSON-LD compacted with :data:`CONTEXT`)."""
    goal_url = {g.code: concept_url("goal", g.code) for g in plan.goals}
    strategy_url = {s.code: concept_url("strategy", s.code) for s in plan.strategies}
    nodes: list[dict[str, Any]] = []

    scheme: dict[str, Any] = {
        "@id": scheme_url,
        "@type": "skos:ConceptScheme",
        "notation": plan.code,
        "prefLabel": _lang_map(plan.name),
        "title": _lang_map(plan.name),
        "definition": _lang_map(plan.vision),
        "temporal": f"{plan.period.start_ce}/{plan.period.end_ce}",
        "hasTopConcept": [goal_url[g.code] for g in plan.goals],
    }
    nodes.append(scheme)

    for goal in plan.goals:
        narrower = [strategy_url[s.code] for s in plan.strategies_for_goal(goal.code)]
        nodes.append(_concept(goal_url[goal.code], goal.code, goal.name, goal.description, scheme_url,
                              top=True, narrower=narrower,
                              related=[concept_url("kpi", k.code) for k in plan.kpis if goal.code in k.goals]))
    for strategy in plan.strategies:
        label = LocalText(th=strategy.label("th"), en=strategy.label("en"))
        alt = LocalText(
            th=strategy.name.th if strategy.name.th != label.th else None,
            en=strategy.name.en if strategy.name.en != label.en else None,
        )
        nodes.append(_concept(
            strategy_url[strategy.code], strategy.code, label, strategy.description, scheme_url,
            alt=alt,
            broader=[goal_url[c] for c in strategy.goals if c in goal_url],
            narrower=[concept_url("sub_strategy", sub.code) for sub in strategy.sub_strategies],
            related=[concept_url("kpi", k.code) for k in plan.kpis_for_strategy(strategy.code)],
        ))
        for sub in strategy.sub_strategies:
            nodes.append(_concept(concept_url("sub_strategy", sub.code), sub.code, sub.name, sub.description,
                                  scheme_url, broader=[strategy_url[strategy.code]]))
    for kpi in plan.kpis:
        related = [goal_url[c] for c in kpi.goals if c in goal_url]
        related += [strategy_url[c] for c in kpi.strategies if c in strategy_url]
        nodes.append(_concept(concept_url("kpi", kpi.code), kpi.code, kpi.name, kpi.description, scheme_url,
                              related=related))
    return nodes


def _concept(url: str, code: str, label: LocalText, definition: Optional[LocalText], scheme_url: str, *,
             top: bool = False, alt: Optional[LocalText] = None, broader: Iterable[str] = (),
             narrower: Iterable[str] = (), related: Iterable[str] = ()) -> dict[str, Any]:
    node: dict[str, Any] = {
        "@id": url,
        "@type": "skos:Concept",
        "notation": code,
        "prefLabel": _lang_map(label),
        "inScheme": scheme_url,
    }
    if top:
        node["topConceptOf"] = scheme_url
    for key, value in (("altLabel", _lang_map(alt)), ("definition", _lang_map(definition)),
                       ("broader", list(broader)), ("narrower", list(narrower)),
                       ("related", list(related))):
        if value:
            node[key] = value
    return node


def to_jsonld(plan: Plan, scheme_url: str, concept_url: ConceptUrl) -> dict[str, Any]:
    """The plan as a JSON-LD document (``@context`` + ``@graph``)."""
    return {"@context": CONTEXT, "@graph": _triples(plan, scheme_url, concept_url)}


# ------------------------------------------------------------------------------------------
# Turtle
# ------------------------------------------------------------------------------------------

_PREDICATES = {
    "notation": "skos:notation",
    "prefLabel": "skos:prefLabel",
    "altLabel": "skos:altLabel",
    "definition": "skos:definition",
    "title": "dct:title",
    "temporal": "dct:temporal",
    "inScheme": "skos:inScheme",
    "topConceptOf": "skos:topConceptOf",
    "hasTopConcept": "skos:hasTopConcept",
    "broader": "skos:broader",
    "narrower": "skos:narrower",
    "related": "skos:related",
}
_IRI_KEYS = {"inScheme", "topConceptOf", "hasTopConcept", "broader", "narrower", "related"}
_LANG_KEYS = {"prefLabel", "altLabel", "definition", "title"}
_STRING_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}
# Characters that may not appear raw inside an IRIREF (Turtle grammar [18]).
_IRI_FORBIDDEN = set('<>"{}|^`\\') | {chr(c) for c in range(0x21)}


def _literal(value: str) -> str:
    return '"' + "".join(_STRING_ESCAPES.get(ch, ch) for ch in value) + '"'


def _iri(value: str) -> str:
    return "<" + "".join(f"%{ord(ch):02X}" if ch in _IRI_FORBIDDEN else ch for ch in value) + ">"


def to_turtle(plan: Plan, scheme_url: str, concept_url: ConceptUrl) -> str:
    """The plan as Turtle (UTF-8 text), the same graph as :func:`to_jsonld`."""
    lines = [f"@prefix skos: <{SKOS}> .", f"@prefix dct: <{DCT}> .", ""]
    for node in _triples(plan, scheme_url, concept_url):
        parts = [f"a {node['@type']}"]
        for key, predicate in _PREDICATES.items():
            value = node.get(key)
            if not value:
                continue
            if key in _LANG_KEYS:
                objects = [f"{_literal(text)}@{lang}" for lang, text in value.items()]
            elif key in _IRI_KEYS:
                objects = [_iri(v) for v in (value if isinstance(value, list) else [value])]
            else:
                objects = [_literal(str(value))]
            parts.append(f"{predicate} " + " ,\n        ".join(objects))
        lines.append(_iri(node["@id"]) + "\n    " + " ;\n    ".join(parts) + " .\n")
    return "\n".join(lines)


def dumps_jsonld(plan: Plan, scheme_url: str, concept_url: ConceptUrl) -> str:
    """:func:`to_jsonld` serialized (UTF-8 friendly, not ASCII-escaped)."""
    return json.dumps(to_jsonld(plan, scheme_url, concept_url), ensure_ascii=False, indent=2)

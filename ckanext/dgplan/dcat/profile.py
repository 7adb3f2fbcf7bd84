"""The ``gdc`` RDF profile: GD Catalog datasets as DCAT-AP 3, and back.

It extends ckanext-dcat's DCAT-AP 3 profile (``euro_dcat_ap_3``): the dataset is first translated
into the keys that profile understands (``title_translated``, ``temporal_start``, ``spatial_bbox``,
...; the tables are in :mod:`ckanext.dgplan.gdc_dcat`), so most DCAT-AP 3 triples come from
ckanext-dcat's own code. Frequency, access rights, languages, themes, the distributions' formats, media
types and licences, and the dates are written here with the same triples ckanext-dcat writes for
them, more cheaply: IRIs made once per graph (ckanext-dcat quotes each IRI again for every dataset and
distribution), their classes stated once per graph, CKAN's timestamps read without dateutil. Then the
GD Catalog fields that have no DCAT term are added under the project namespace.
Parsing reverses both steps; a frequency or licence IRI no table knows is kept as GD Catalog's "other"
with the IRI as its text. Configure it alone::

    ckanext.dcat.rdf.profiles = gdc

(listing ``euro_dcat_ap_3`` as well would write every DCAT-AP triple twice, once without language tags).
"""
from __future__ import annotations

import datetime
import functools
import logging
import re
import weakref
from typing import Any, Optional

import ckan.plugins.toolkit as tk
from ckanext.dcat.profiles import DCAT, DCT, FOAF, RDF, RDFS, SKOS, VCARD
from ckanext.dcat.profiles.base import CleanedURIRef, URIRefOrLiteral
from ckanext.dcat.profiles.euro_dcat_ap_3 import EuropeanDCATAP3Profile
from ckanext.dcat.utils import catalog_uri, resource_uri
from rdflib import BNode, Literal, URIRef

from ckanext.dgplan import gdc_dcat as terms

log = logging.getLogger(__name__)

LANG = "th"
# Extras that ckanext-dcat's parser fills from terms this profile reads itself.
_CONSUMED_EXTRAS = {"temporal_start", "temporal_end", "spatial_bbox", "spatial_uri", "spatial_text",
                    "spatial", "theme", "language", "frequency", "access_rights", "contact_name",
                    "contact_email", "contact_uri", "publisher_name", "publisher_uri", "publisher_email",
                    "publisher_url", "publisher_type", "publisher_identifier", "issued", "modified"}
_KEPT_EXTRAS = {"uri", "guid", "identifier"}
_CORE_KEYS = {"tags", "extras", "resources", "type", "version"}


def _schema_fields(dataset_type: Optional[str]) -> tuple[dict[str, dict[str, Any]], dict[str, dict[str, Any]]]:
    """The dataset and resource fields of a scheming dataset type, by name."""
    from ckanext.scheming.helpers import scheming_get_dataset_schema

    schema = scheming_get_dataset_schema(dataset_type or "dataset") or {}
    return ({f["field_name"]: f for f in schema.get("dataset_fields", [])},
            {f["field_name"]: f for f in schema.get("resource_fields", [])})


def _is_multiple(field: dict[str, Any]) -> bool:
    return "multiple" in (field.get("preset") or "") or field.get("field_name") in ("dgplan_goals",
                                                                                     "dgplan_strategies",
                                                                                     "dgplan_kpis")


def _ordered(field: dict[str, Any], values: list[str]) -> list[str]:
    """RDF has no order: the schema's choice order (as the form stores them), else sorted."""
    order = [c.get("value") for c in field.get("choices") or []]
    return sorted(set(values), key=lambda v: (order.index(v) if v in order else len(order), v))


def _values(value: Any) -> list[str]:
    if value is None or value == "":
        return []
    if isinstance(value, (list, tuple)):
        return [str(v) for v in value if v not in (None, "")]
    return [str(value)]


def _license_iri(license_id: Any) -> Optional[str]:
    if not license_id:
        return None
    from ckan import model

    license = model.Package.get_license_register().get(license_id)
    url = getattr(license, "url", None) if license else None
    return url or None


def _concept_url(kind: str, code: str) -> str:
    # The same IRIs as /plan.ttl (views/plan.py, _concept_url).
    return tk.url_for(f"dgplan.{kind}", code=code, qualified=True)


@functools.lru_cache(maxsize=512)
def _gdc_predicate(name: str) -> URIRef:
    return URIRef(terms.gdc_term(name))


class _GraphState:
    """What the datasets of one serialization share: a catalogue page writes up to a hundred into one
    graph, with a new profile object per dataset, so lookups that do not depend on the dataset (plan
    names, concept IRIs, licence IRIs, schema fields) are made once per graph instead of per dataset."""

    def __init__(self, g: Any) -> None:
        from ckanext.dgplan.store import plan as plan_store

        site = catalog_uri().rstrip("/")
        # rdflib's Turtle writer looks an IRI's prefix up again at every occurrence when no prefix
        # covers it (the failed lookup is not cached): with the datasets' own namespace and the
        # vocabularies below bound, each IRI is looked up once per page. Same triples, shorter Turtle.
        for prefix, namespace in (("gdc", terms.GDC_NS), ("dataset", f"{site}/dataset/"),
                                  ("agency", f"{site}/organization/"), ("goal", f"{site}/plan/goal/"),
                                  ("strategy", f"{site}/plan/strategy/"), ("freq", terms.FREQUENCY),
                                  ("access", terms.ACCESS_RIGHT), ("eulang", terms.LANGUAGE),
                                  ("filetype", terms.FILE_TYPE)):
            g.bind(prefix, namespace)
        plan = plan_store.active_plan()
        self.names: dict[tuple[str, str], tuple[Optional[str], Optional[str]]] = {
            ("goal", x.code): (x.name.th, x.name.en) for x in plan.goals}
        self.names.update({("strategy", x.code): (x.label("th"), x.label("en")) for x in plan.strategies})
        self.visited: set[Any] = set()  # shared nodes (publishers, licences) whose objects are typed
        self.labelled: set[Any] = set()  # concepts given their skos:prefLabel in this graph
        self.typed: set[tuple[Any, Any]] = set()  # (object, class) already stated in this graph
        self.licence_types: set[Any] = set()  # distribution licences given their dct:type
        self._concepts: dict[tuple[str, str], str] = {}
        self._licences: dict[Any, Optional[str]] = {}
        self._fields: dict[Optional[str], tuple[list[str], list[str]]] = {}
        self._literals: dict[str, Literal] = {}
        self._uris: dict[str, URIRef] = {}
        self._terms: dict[str, Any] = {}

    def term(self, iri: str) -> Any:
        """``URIRefOrLiteral(iri)``, what ckanext-dcat makes of a distribution's format, media type or
        licence, made once per graph (it quotes the IRI character by character every time)."""
        found = self._terms.get(iri)
        if found is None:
            found = self._terms[iri] = URIRefOrLiteral(iri)
        return found

    def uri(self, iri: str) -> URIRef:
        found = self._uris.get(iri)
        if found is None:
            found = self._uris[iri] = URIRef(iri)
        return found

    def literal(self, value: str) -> Literal:
        """A plain literal; codes such as ``public`` recur in every dataset and are made once."""
        found = self._literals.get(value)
        if found is None:
            found = self._literals[value] = Literal(value)
        return found

    def concept_url(self, kind: str, code: str) -> str:
        key = (kind, code)
        if key not in self._concepts:
            self._concepts[key] = _concept_url(kind, code)
        return self._concepts[key]

    def license_iri(self, license_id: Any) -> Optional[str]:
        if license_id not in self._licences:
            self._licences[license_id] = _license_iri(license_id)
        return self._licences[license_id]

    def own_fields(self, dataset_type: Optional[str]) -> tuple[list[str], list[str]]:
        """The dataset and resource fields written under the project namespace."""
        if dataset_type not in self._fields:
            fields, resource_fields = _schema_fields(dataset_type)
            self._fields[dataset_type] = ([n for n in fields if n not in terms.DCAT_FIELDS],
                                          [n for n in resource_fields if n not in terms.RESOURCE_DCAT_FIELDS])
        return self._fields[dataset_type]


_STATES: weakref.WeakKeyDictionary[Any, _GraphState] = weakref.WeakKeyDictionary()


def _state(g: Any) -> _GraphState:
    state = _STATES.get(g)
    if state is None:
        state = _STATES[g] = _GraphState(g)
    return state


def _themes(pkg: dict[str, Any], concept_url: Any) -> list[str]:
    return ([concept_url("goal", c) for c in _values(pkg.get("dgplan_goals"))]
            + [concept_url("strategy", c) for c in _values(pkg.get("dgplan_strategies"))])


def _add_codes(new: list[tuple[Any, Any, Any]], dataset_ref: Any, pkg: dict[str, Any],
               state: _GraphState) -> list[Any]:
    """Frequency, access rights, languages and themes: the triples ckanext-dcat writes for these keys
    (with the class it states, and the themes' ``skos:Concept``), from IRIs made once per graph rather
    than quoted again per dataset; the themes."""
    frequency = terms.frequency_iri(pkg.get("update_frequency_unit"), pkg.get("update_frequency_interval"))
    access = terms.access_right_iri(pkg.get("data_category"), pkg.get("data_classification"))
    themes = [state.uri(iri) for iri in _themes(pkg, state.concept_url)]
    for predicate, cls, iris in (
        (_DCT_FREQUENCY, _DCT_FREQUENCY_CLASS, [frequency] if frequency else []),
        (_DCT_ACCESS_RIGHTS, _DCT_RIGHTS_STATEMENT, [access] if access else []),
        (_DCT_LANGUAGE, _DCT_LINGUISTIC_SYSTEM, terms.language_iris(_values(pkg.get("data_language")))),
    ):
        for iri in iris:
            ref = state.uri(iri)
            new.append((dataset_ref, predicate, ref))
            _add_class(new, ref, cls, state.typed)
    for ref in themes:
        new.append((dataset_ref, _DCAT_THEME, ref))
        _add_class(new, ref, _SKOS_CONCEPT, state.typed)
    return themes


def _add_class(new: list[tuple[Any, Any, Any]], node: Any, cls: Any, typed: set[tuple[Any, Any]]) -> None:
    """``node a cls``, once per graph for a shared node (a blank node is one dataset's own)."""
    if (node, cls) not in typed:
        new.append((node, _RDF_TYPE, cls))
        if not isinstance(node, BNode):
            typed.add((node, cls))


# CKAN's own timestamps (metadata_created, a resource's created, ...): ``datetime.isoformat()``.
_ISO_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{6})?")


def _date_literal(value: Any) -> Optional[Literal]:
    """The ``xsd:dateTime`` ckanext-dcat writes for a CKAN timestamp (the isoformat of the date dateutil
    reads from it: the same date for these values, without dateutil's parser, the largest part of its
    cost; rdflib writes a datetime as its isoformat, without parsing the text back); ``None`` for any
    other value, which is left to ckanext-dcat's ``_add_date_triple``."""
    if isinstance(value, str) and _ISO_DATETIME.fullmatch(value):
        return Literal(datetime.datetime.fromisoformat(value))
    return None


# With a graph state, graph_from_dataset writes these itself (the triples ckanext-dcat would write).
_DATE_KEYS = ("issued", "metadata_created", "modified", "metadata_modified")
_RESOURCE_DATE_KEYS = ("issued", "created", "modified", "metadata_modified")


def for_dcat(pkg: dict[str, Any], state: Optional[_GraphState] = None) -> dict[str, Any]:
    """A copy of a dataset with the keys ckanext-dcat's DCAT-AP 3 profile writes.

    With a graph state, the keys that :meth:`GdcProfile.graph_from_dataset` writes itself are left out:
    frequency, access rights, languages and themes, the dates, and each distribution's mapped format,
    media type and licence."""
    out = dict(pkg)
    if pkg.get("title"):
        out["title_translated"] = {LANG: pkg["title"]}
    if pkg.get("notes"):
        out["notes_translated"] = {LANG: pkg["notes"]}
    tags = [t["name"] for t in pkg.get("tags") or [] if t.get("name")]
    out["tags_translated"] = {LANG: tags} if tags else {}
    if state is None:
        out["frequency"] = terms.frequency_iri(pkg.get("update_frequency_unit"), pkg.get("update_frequency_interval"))
        out["access_rights"] = terms.access_right_iri(pkg.get("data_category"), pkg.get("data_classification"))
        out["language"] = terms.language_iris(_values(pkg.get("data_language")))
        out["theme"] = _themes(pkg, _concept_url)
    else:
        for key in _DATE_KEYS:
            out.pop(key, None)
    out["temporal_start"] = terms.be_year_start(pkg.get("first_year_of_data"))
    out["temporal_end"] = terms.be_year_end(pkg.get("last_year_of_data"))
    out["spatial_bbox"] = terms.bbox_wkt(pkg)
    if pkg.get("geo_coverage") == "country":
        out["spatial_uri"] = terms.COUNTRY_THA
    licence = state.license_iri(pkg.get("license_id")) if state else _license_iri(pkg.get("license_id"))
    resources = []
    for res in pkg.get("resources") or []:
        res = dict(res)
        file_type, media = terms.format_terms(res.get("format"))
        if state is None:
            if file_type:
                res["format"], res["mimetype"] = file_type, media
            if licence:
                res["license"] = licence
        else:
            if file_type:
                res.pop("format", None)
                res.pop("mimetype", None)
            if licence:
                res.pop("license", None)
            for key in _RESOURCE_DATE_KEYS:
                res.pop(key, None)
        resources.append(res)
    out["resources"] = resources
    for key in ("extras",):
        out.pop(key, None)
    return out


# rdflib resolves ``DCT.type`` and the like through __getattr__ at every use: the terms are kept.
_RDF_TYPE, _DCT_TYPE, _DCT_LICENSE, _DCT_FORMAT = RDF.type, DCT.type, DCT.license, DCT["format"]
_DCT_PUBLISHER, _FOAF_NAME = DCT.publisher, FOAF.name
_DCAT_THEME, _DCAT_DISTRIBUTION, _DCAT_MEDIA_TYPE = DCAT.theme, DCAT.distribution, DCAT.mediaType
_DCT_FREQUENCY, _DCT_FREQUENCY_CLASS = DCT.accrualPeriodicity, DCT.Frequency
_DCT_ACCESS_RIGHTS, _DCT_RIGHTS_STATEMENT = DCT.accessRights, DCT.RightsStatement
_DCT_LANGUAGE, _DCT_LINGUISTIC_SYSTEM = DCT.language, DCT.LinguisticSystem
_DCT_LICENSE_DOCUMENT, _DCT_MEDIA_TYPE, _DCT_MEDIA_TYPE_OR_EXTENT = (DCT.LicenseDocument, DCT.MediaType,
                                                                    DCT.MediaTypeOrExtent)
_SKOS_CONCEPT = SKOS.Concept
# ckanext-dcat gives every distribution licence this dct:type (its "TODO: add an actual field").
_UNKNOWN_IPR = URIRef("http://purl.org/adms/licencetype/UnknownIPR")
_DATASET_DATES = ((DCT.issued, "issued", "metadata_created"), (DCT.modified, "modified", "metadata_modified"))
_RESOURCE_DATES = ((DCT.issued, "issued", "created"), (DCT.modified, "modified", "metadata_modified"))

# DCAT-AP 3's shapes check the class of these objects (sh:class, no inference): it is stated. The
# predicates are looked up where ckanext-dcat writes them: contact points and themes on the dataset,
# access and download URLs on distributions, dct:type on any of the dataset's nodes.
_DATASET_CLASSES = {DCAT.contactPoint: VCARD.Kind, _DCAT_THEME: _SKOS_CONCEPT, _DCT_TYPE: _SKOS_CONCEPT}
_DISTRIBUTION_CLASSES = {DCAT.accessURL: RDFS.Resource, DCAT.downloadURL: RDFS.Resource,
                         _DCT_TYPE: _SKOS_CONCEPT}
_AGENT_PREDICATES = frozenset((DCT.publisher, DCAT.contactPoint, DCT.creator, _DCT_LICENSE))
_DISTRIBUTION_SHARED = frozenset((_DCT_LICENSE,))


class _Found:
    """What :func:`_type_objects` found among the nodes ckanext-dcat wrote for a dataset."""

    def __init__(self, typed: set[tuple[Any, Any]]) -> None:
        self.typed = typed
        self.new: list[tuple[Any, Any, Any]] = []  # the class statements, added with the profile's triples
        self.themes: list[Any] = []
        self.kinds: list[Any] = []  # dct:type concepts, labelled
        self.publishers: list[Any] = []
        self.others: list[Any] = []  # publishers, contact points, creators, licences

    def node(self, g: Any, node: Any, classes: dict[Any, Any], shared: frozenset[Any]) -> list[Any]:
        """The classes of one node's objects (``classes``, by predicate); the objects of ``shared``
        predicates are kept for :meth:`kind`; its distributions."""
        distributions = []
        for predicate, obj in g.predicate_objects(node):
            if isinstance(obj, Literal):
                continue
            if predicate == _DCAT_DISTRIBUTION:
                distributions.append(obj)
                continue
            if predicate in shared:
                self.others.append(obj)
                if predicate == _DCT_PUBLISHER:
                    self.publishers.append(obj)
            cls = classes.get(predicate)
            if cls is not None:
                _add_class(self.new, obj, cls, self.typed)
                if predicate == _DCT_TYPE:
                    if isinstance(obj, URIRef):
                        self.kinds.append(obj)
                elif predicate == _DCAT_THEME:
                    self.themes.append(obj)
        return distributions

    def kind(self, g: Any, node: Any) -> bool:
        """The ``dct:type`` concepts of a shared node; whether it had one."""
        had = False
        for obj in g.objects(node, _DCT_TYPE):
            if isinstance(obj, Literal):
                continue
            _add_class(self.new, obj, _SKOS_CONCEPT, self.typed)
            if isinstance(obj, URIRef):
                self.kinds.append(obj)
                had = True
        return had


def _type_objects(g: Any, dataset_ref: Any, typed: set[tuple[Any, Any]], visited: set[Any]) -> _Found:
    """State the classes of the objects of the dataset and of the nodes hanging from it (distributions
    and their licences, publisher, contact points, creators, licences) that ckanext-dcat wrote; its
    themes, ``dct:type`` concepts and publishers.

    Only this dataset's nodes are visited: in a catalogue page the graph holds every dataset before
    it, and scanning all of it per dataset made /catalog.ttl quadratic in the page size. Each node's
    triples are read once (not once per predicate looked for), before the profile adds its own (whose
    classes it states as it writes them).
    """
    found = _Found(typed)
    distributions = found.node(g, dataset_ref, _DATASET_CLASSES, _AGENT_PREDICATES)
    for distribution in distributions:
        found.node(g, distribution, _DISTRIBUTION_CLASSES, _DISTRIBUTION_SHARED)
    seen = {dataset_ref, *distributions}
    for node in found.others:
        # Publishers and licences are shared by many datasets of a page: once one has its dct:type
        # (the organization's, the licence type every distribution licence gets), it is done.
        if node in seen or node in visited:
            continue
        seen.add(node)
        if found.kind(g, node) and not isinstance(node, BNode):
            visited.add(node)
    return found


class GdcProfile(EuropeanDCATAP3Profile):
    """DCAT-AP 3 with GD Catalog's fields (Thai language tags, EU vocabularies, plan themes)."""

    # ------------------------------------------------------------ writing

    def graph_from_dataset(self, dataset_dict: dict[str, Any], dataset_ref: Any) -> None:
        g = self.g
        state = _state(g)
        super().graph_from_dataset(for_dcat(dataset_dict, state), dataset_ref)
        found = _type_objects(g, dataset_ref, state.typed, state.visited)
        new = found.new
        themes = found.themes + _add_codes(new, dataset_ref, dataset_dict, state)
        licence = state.license_iri(dataset_dict.get("license_id"))
        if licence:
            ref = state.uri(licence)
            new.append((dataset_ref, _DCT_LICENSE, ref))
            _add_class(new, ref, _DCT_LICENSE_DOCUMENT, state.typed)
        # for_dcat left the extras out: only the dataset's own keys, as ckanext-dcat read them.
        self._add_dates(new, dataset_ref, dataset_dict.get, _DATASET_DATES)
        own_fields, own_resource_fields = state.own_fields(dataset_dict.get("type"))
        for name in own_fields:
            for value in _values(dataset_dict.get(name)):
                new.append((dataset_ref, _gdc_predicate(name), state.literal(value)))
        for res in dataset_dict.get("resources") or []:
            distribution = CleanedURIRef(resource_uri(res))  # the node ckanext-dcat made for it
            self._add_distribution_terms(new, distribution, res, licence, state, found.kinds)
            self._add_dates(new, distribution, functools.partial(self._get_dict_value, res), _RESOURCE_DATES)
            for name in own_resource_fields:
                for value in _values(res.get(name)):
                    new.append((distribution, _gdc_predicate(name), state.literal(value)))
        g.addN((s, p, o, g) for s, p, o in new)
        for publisher in found.publishers:
            for name in list(g.objects(publisher, _FOAF_NAME)):
                if isinstance(name, Literal) and not name.language:
                    g.remove((publisher, _FOAF_NAME, name))
                    g.add((publisher, _FOAF_NAME, Literal(str(name), lang=LANG)))
        self._label_concepts(themes, found.kinds, state)

    def _add_dates(self, new: list[tuple[Any, Any, Any]], subject: Any, get: Any,
                   items: tuple[tuple[Any, str, str], ...]) -> None:
        """``dct:issued`` and ``dct:modified`` (the key, else CKAN's timestamp), as ckanext-dcat writes them."""
        for predicate, key, fallback in items:
            value = get(key) or get(fallback)
            if not value:
                continue
            literal = _date_literal(value)
            if literal is None:
                self._add_date_triple(subject, predicate, value)
            else:
                new.append((subject, predicate, literal))

    @staticmethod
    def _add_distribution_terms(new: list[tuple[Any, Any, Any]], distribution: Any, res: dict[str, Any],
                                licence: Optional[str], state: _GraphState, kinds: list[Any]) -> None:
        """The triples ckanext-dcat writes for a distribution's format, media type and licence (for_dcat
        left them out), with each class and licence type stated once per graph instead of per
        distribution; the licence type is a ``dct:type`` concept (``kinds``), as _type_objects finds
        on the licences ckanext-dcat writes."""
        file_type, media = terms.format_terms(res.get("format"))
        if file_type:
            for predicate, cls, iri in ((_DCAT_MEDIA_TYPE, _DCT_MEDIA_TYPE, media),
                                        (_DCT_FORMAT, _DCT_MEDIA_TYPE_OR_EXTENT, file_type)):
                if iri:
                    node = state.term(iri)
                    new.append((distribution, predicate, node))
                    if isinstance(node, URIRef):
                        _add_class(new, node, cls, state.typed)
        if licence:
            node = state.term(licence)
            new.append((distribution, _DCT_LICENSE, node))
            if isinstance(node, URIRef):
                _add_class(new, node, _DCT_LICENSE_DOCUMENT, state.typed)
            if node not in state.licence_types:
                state.licence_types.add(node)
                new.append((node, _DCT_TYPE, _UNKNOWN_IPR))
                if isinstance(node, URIRef):
                    _add_class(new, _UNKNOWN_IPR, _SKOS_CONCEPT, state.typed)
                    kinds.append(_UNKNOWN_IPR)
                    state.visited.add(node)

    def _label_concepts(self, themes: list[Any], kinds: list[Any], state: _GraphState) -> None:
        """skos:prefLabel on the themes (the plan's names, as /plan.ttl gives them) and licence types."""
        g = self.g
        for theme in themes:
            if theme in state.labelled:
                continue
            state.labelled.add(theme)
            found = terms.plan_theme_code(theme)
            for lang, text in zip(("th", "en"), state.names.get(found, (None, None)) if found else (None, None),
                                  strict=True):
                if text:
                    g.add((theme, SKOS.prefLabel, Literal(text, lang=lang)))
            if g.value(theme, SKOS.prefLabel) is None:
                g.add((theme, SKOS.prefLabel, Literal(str(theme))))
        for kind in kinds:
            if kind not in state.labelled:
                state.labelled.add(kind)
                if g.value(kind, SKOS.prefLabel) is None:
                    g.add((kind, SKOS.prefLabel, Literal(str(kind).rsplit("/", 1)[-1], lang="en")))

    # ------------------------------------------------------------ reading

    def _gdc_values(self, subject: Any) -> dict[str, list[str]]:
        found: dict[str, list[str]] = {}
        for predicate, value in self.g.predicate_objects(subject):
            name = terms.gdc_field(predicate)
            if name:
                found.setdefault(name, []).append(str(value))
        return found

    def _lang_value(self, subject: Any, predicate: Any) -> Optional[str]:
        values = list(self.g.objects(subject, predicate))
        for value in values:
            if isinstance(value, Literal) and value.language == LANG:
                return str(value)
        return str(values[0]) if values else None

    def parse_dataset(self, dataset_dict: dict[str, Any], dataset_ref: Any) -> dict[str, Any]:
        dataset_dict = super().parse_dataset(dataset_dict, dataset_ref)
        extras = {e["key"]: e["value"] for e in dataset_dict.get("extras", [])}
        dataset_dict["extras"] = [e for e in dataset_dict.get("extras", []) if e["key"] in _KEPT_EXTRAS]
        for key in ("title", "notes"):
            value = self._lang_value(dataset_ref, DCT.title if key == "title" else DCT.description)
            if value:
                dataset_dict[key] = value
        for key in ("title_translated", "notes_translated", "language", "theme", "frequency", "access_rights"):
            dataset_dict.pop(key, None)

        fields, resource_fields = _schema_fields(dataset_dict.get("type"))
        for name, values in self._gdc_values(dataset_ref).items():
            field = fields.get(name)
            if field is None:
                continue
            dataset_dict[name] = _ordered(field, values) if _is_multiple(field) else values[0]
        self._parse_codes(dataset_dict, dataset_ref, fields)
        self._parse_licence(dataset_dict, dataset_ref)
        self._parse_themes(dataset_dict, dataset_ref)
        self._parse_coverage(dataset_dict, extras)
        self._parse_contact(dataset_dict, dataset_ref)
        self._parse_distributions(dataset_dict, dataset_ref, resource_fields)
        # ckanext-dcat's scheming support adds keys (contact, publisher, ...) this schema has no field for.
        for key in list(dataset_dict):
            if key not in fields and key not in _CORE_KEYS:
                del dataset_dict[key]
        return dataset_dict

    def _parse_codes(self, dataset_dict: dict[str, Any], dataset_ref: Any, fields: dict[str, Any]) -> None:
        """Frequency, data category and languages from their DCAT vocabularies (GD Catalog values win)."""
        if "update_frequency_unit" not in dataset_dict:
            iri = self._object_value(dataset_ref, DCT.accrualPeriodicity)
            freq = terms.frequency_from_iri(iri)
            if freq:
                dataset_dict["update_frequency_unit"] = freq[0]
                if freq[1] is not None:
                    dataset_dict["update_frequency_interval"] = str(freq[1])
            elif iri:
                dataset_dict["update_frequency_unit"] = terms.OTHER_FREQUENCY
                dataset_dict.setdefault("update_frequency_unit_other", str(iri))
        if "data_category" not in dataset_dict:
            for right in self.g.objects(dataset_ref, DCT.accessRights):
                category = terms.category_from_access_right(right)
                if category:
                    dataset_dict["data_category"] = category
        languages = terms.languages_from_iris(self.g.objects(dataset_ref, DCT.language))
        if languages:
            dataset_dict["data_language"] = _ordered(fields.get("data_language") or {}, languages)

    def _parse_licence(self, dataset_dict: dict[str, Any], dataset_ref: Any) -> None:
        """The licence from the register when ckanext-dcat found none on the distributions: the
        dataset's own ``dct:license`` (this profile writes it there too), else GD Catalog's "other"
        licence with the IRI as its text."""
        if dataset_dict.get("license_id"):
            return
        iris = [str(o) for o in self.g.objects(dataset_ref, DCT.license)]
        iris += [str(o) for d in self._distributions(dataset_ref) for o in self.g.objects(d, DCT.license)]
        if not iris:
            return
        from ckan import model

        by_url = {lic.url: lic.id for lic in model.Package.get_license_register().values() if lic.url}
        known = next((by_url[iri] for iri in iris if iri in by_url), None)
        if known:
            dataset_dict["license_id"] = known
        else:
            dataset_dict["license_id"] = terms.OTHER_LICENCE
            dataset_dict.setdefault("license_id_other", iris[0])

    def _parse_themes(self, dataset_dict: dict[str, Any], dataset_ref: Any) -> None:
        """The plan's goal and strategy codes from ``dcat:theme`` concepts."""
        goals: list[str] = []
        strategies: list[str] = []
        for theme in self.g.objects(dataset_ref, DCAT.theme):
            found = terms.plan_theme_code(theme)
            if found:
                (goals if found[0] == "goal" else strategies).append(found[1])
        if goals:
            dataset_dict["dgplan_goals"] = sorted(set(goals))
        if strategies:
            dataset_dict["dgplan_strategies"] = sorted(set(strategies))

    @staticmethod
    def _parse_coverage(dataset_dict: dict[str, Any], extras: dict[str, Any]) -> None:
        """Years of data (BE) from the temporal extent and the bounding box from the spatial one."""
        for key, convert in (("first_year_of_data", extras.get("temporal_start")),
                             ("last_year_of_data", extras.get("temporal_end"))):
            year = terms.be_year_from_date(convert)
            if year and key not in dataset_dict:
                dataset_dict[key] = year
        dataset_dict.update({k: v for k, v in terms.bbox_from_wkt(extras.get("spatial_bbox")).items()
                             if k not in dataset_dict})

    def _parse_contact(self, dataset_dict: dict[str, Any], dataset_ref: Any) -> None:
        contacts = self._contact_details(dataset_ref, DCAT.contactPoint)
        if contacts:
            if contacts[0].get("name"):
                dataset_dict.setdefault("maintainer", contacts[0]["name"])
            email = (contacts[0].get("email") or "").replace("mailto:", "")
            if email:
                dataset_dict.setdefault("maintainer_email", email)

    def _parse_distributions(
        self, dataset_dict: dict[str, Any], dataset_ref: Any, resource_fields: dict[str, Any]
    ) -> None:
        by_uri = {str(d): d for d in self._distributions(dataset_ref)}
        for res in dataset_dict.get("resources", []):
            distribution = by_uri.get(res.get("uri") or "")
            if distribution is None:
                continue
            fmt = terms.format_from_iri(self._object_value(distribution, DCT["format"]))
            if fmt:
                res["format"] = fmt
            res.pop("mimetype", None)
            res.pop("license", None)
            for name, values in self._gdc_values(distribution).items():
                field = resource_fields.get(name)
                if field is not None:
                    res[name] = _ordered(field, values) if _is_multiple(field) else values[0]

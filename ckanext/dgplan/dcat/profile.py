"""The ``gdc`` RDF profile: GD Catalog datasets as DCAT-AP 3, and back.

It extends ckanext-dcat's DCAT-AP 3 profile (``euro_dcat_ap_3``): the dataset is first translated
into the keys that profile understands (``title_translated``, ``frequency``, ``access_rights``,
``temporal_start``, ``spatial_bbox``, ``theme``, ...; the tables are in :mod:`ckanext.dgplan.gdc_dcat`),
so the DCAT-AP 3 triples come from ckanext-dcat's own code; then the GD Catalog fields that have no
DCAT term are added under the project namespace. Parsing reverses both steps. Configure it alone::

    ckanext.dcat.rdf.profiles = gdc

(listing ``euro_dcat_ap_3`` as well would write every DCAT-AP triple twice, once without language tags).
"""
from __future__ import annotations

import logging
from typing import Any, Optional

import ckan.plugins.toolkit as tk
from ckanext.dcat.profiles import DCAT, DCT, FOAF, RDF, RDFS, SKOS, VCARD
from ckanext.dcat.profiles.euro_dcat_ap_3 import EuropeanDCATAP3Profile
from ckanext.dcat.utils import resource_uri
from rdflib import Literal, URIRef

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


def for_dcat(pkg: dict[str, Any]) -> dict[str, Any]:
    """A copy of a dataset with the keys ckanext-dcat's DCAT-AP 3 profile writes."""
    out = dict(pkg)
    if pkg.get("title"):
        out["title_translated"] = {LANG: pkg["title"]}
    if pkg.get("notes"):
        out["notes_translated"] = {LANG: pkg["notes"]}
    tags = [t["name"] for t in pkg.get("tags") or [] if t.get("name")]
    out["tags_translated"] = {LANG: tags} if tags else {}
    out["frequency"] = terms.frequency_iri(pkg.get("update_frequency_unit"), pkg.get("update_frequency_interval"))
    out["access_rights"] = terms.access_right_iri(pkg.get("data_category"), pkg.get("data_classification"))
    out["language"] = terms.language_iris(_values(pkg.get("data_language")))
    out["theme"] = ([_concept_url("goal", c) for c in _values(pkg.get("dgplan_goals"))]
                    + [_concept_url("strategy", c) for c in _values(pkg.get("dgplan_strategies"))])
    out["temporal_start"] = terms.be_year_start(pkg.get("first_year_of_data"))
    out["temporal_end"] = terms.be_year_end(pkg.get("last_year_of_data"))
    out["spatial_bbox"] = terms.bbox_wkt(pkg)
    if pkg.get("geo_coverage") == "country":
        out["spatial_uri"] = terms.COUNTRY_THA
    licence = _license_iri(pkg.get("license_id"))
    resources = []
    for res in pkg.get("resources") or []:
        res = dict(res)
        file_type, media = terms.format_terms(res.get("format"))
        if file_type:
            res["format"], res["mimetype"] = file_type, media
        if licence:
            res["license"] = licence
        resources.append(res)
    out["resources"] = resources
    for key in ("extras",):
        out.pop(key, None)
    return out


def _own_nodes(g: Any, dataset_ref: Any) -> list[Any]:
    """The dataset and the nodes hanging from it (distributions, publisher, contact points, licences)."""
    nodes = [dataset_ref]
    for predicate in (DCAT.distribution, DCT.publisher, DCAT.contactPoint, DCT.creator, DCT.license):
        nodes.extend(o for o in g.objects(dataset_ref, predicate) if not isinstance(o, Literal))
    for distribution in list(g.objects(dataset_ref, DCAT.distribution)):
        nodes.extend(o for o in g.objects(distribution, DCT.license) if not isinstance(o, Literal))
    return list(dict.fromkeys(nodes))


def _type_objects(g: Any, nodes: list[Any]) -> None:
    for predicate, cls in ((DCAT.contactPoint, VCARD.Kind), (DCAT.theme, SKOS.Concept),
                           (DCAT.accessURL, RDFS.Resource), (DCAT.downloadURL, RDFS.Resource),
                           (DCT.type, SKOS.Concept)):
        for node in nodes:
            for obj in list(g.objects(node, predicate)):
                if not isinstance(obj, Literal):
                    g.add((obj, RDF.type, cls))


class GdcProfile(EuropeanDCATAP3Profile):
    """DCAT-AP 3 with GD Catalog's fields (Thai language tags, EU vocabularies, plan themes)."""

    # ------------------------------------------------------------ writing

    def graph_from_dataset(self, dataset_dict: dict[str, Any], dataset_ref: Any) -> None:
        super().graph_from_dataset(for_dcat(dataset_dict), dataset_ref)
        g = self.g
        g.bind("gdc", terms.GDC_NS)
        licence = _license_iri(dataset_dict.get("license_id"))
        if licence:
            g.add((dataset_ref, DCT.license, URIRef(licence)))
            g.add((URIRef(licence), RDF.type, DCT.LicenseDocument))
        for publisher in g.objects(dataset_ref, DCT.publisher):
            for name in list(g.objects(publisher, FOAF.name)):
                if isinstance(name, Literal) and not name.language:
                    g.remove((publisher, FOAF.name, name))
                    g.add((publisher, FOAF.name, Literal(str(name), lang=LANG)))

        # DCAT-AP 3's shapes check the class of these objects (sh:class, no inference): state it.
        # Only this dataset's nodes are visited: in a catalogue page the graph holds every dataset
        # before it, and scanning all of it per dataset made /catalog.ttl quadratic in the page size.
        nodes = _own_nodes(g, dataset_ref)
        _type_objects(g, nodes)

        self._label_concepts(dataset_ref, nodes)

        fields, resource_fields = _schema_fields(dataset_dict.get("type"))
        for name in fields:
            if name in terms.DCAT_FIELDS:
                continue
            for value in _values(dataset_dict.get(name)):
                g.add((dataset_ref, URIRef(terms.gdc_term(name)), Literal(value)))
        for res in dataset_dict.get("resources") or []:
            distribution = URIRef(resource_uri(res))
            for name in resource_fields:
                if name in terms.RESOURCE_DCAT_FIELDS:
                    continue
                for value in _values(res.get(name)):
                    g.add((distribution, URIRef(terms.gdc_term(name)), Literal(value)))

    def _label_concepts(self, dataset_ref: Any, nodes: list[Any]) -> None:
        """skos:prefLabel on the themes (the plan's names, as /plan.ttl gives them) and licence types."""
        from ckanext.dgplan.store import plan as plan_store

        plan = plan_store.active_plan()
        names = {("goal", x.code): (x.name.th, x.name.en) for x in plan.goals}
        names.update({("strategy", x.code): (x.label("th"), x.label("en")) for x in plan.strategies})
        g = self.g
        for theme in g.objects(dataset_ref, DCAT.theme):
            found = terms.plan_theme_code(theme)
            for lang, text in zip(("th", "en"), names.get(found, (None, None)) if found else (None, None), strict=True):
                if text:
                    g.add((theme, SKOS.prefLabel, Literal(text, lang=lang)))
            if not list(g.objects(theme, SKOS.prefLabel)):
                g.add((theme, SKOS.prefLabel, Literal(str(theme))))
        for kind in [k for node in nodes for k in g.objects(node, DCT.type)]:
            if isinstance(kind, URIRef) and not list(g.objects(kind, SKOS.prefLabel)):
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
            freq = terms.frequency_from_iri(self._object_value(dataset_ref, DCT.accrualPeriodicity))
            if freq:
                dataset_dict["update_frequency_unit"] = freq[0]
                if freq[1] is not None:
                    dataset_dict["update_frequency_interval"] = str(freq[1])
        if "data_category" not in dataset_dict:
            for right in self.g.objects(dataset_ref, DCT.accessRights):
                category = terms.category_from_access_right(right)
                if category:
                    dataset_dict["data_category"] = category
        languages = terms.languages_from_iris(self.g.objects(dataset_ref, DCT.language))
        if languages:
            dataset_dict["data_language"] = _ordered(fields.get("data_language") or {}, languages)

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

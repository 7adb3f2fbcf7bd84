"""Issue 20: GD Catalog datasets as DCAT-AP 3 with the ``gdc`` profile (ckanext-dcat), through the real stack."""
from __future__ import annotations

from typing import Any

import pytest
from ckan.tests import factories, helpers
from ckanext.dcat.processors import RDFParser, RDFSerializer
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF, SKOS, XSD

pytestmark = [
    pytest.mark.ckan_config("ckan.plugins", "dgplan scheming_datasets dcat"),
    pytest.mark.ckan_config("ckanext.dcat.rdf.profiles", "gdc"),
    pytest.mark.usefixtures("clean_db", "clean_index", "with_plugins"),
]

VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")
GDC = Namespace("https://w3id.org/ckanext-dgplan/gdc#")
EU = "http://publications.europa.eu/resource/authority/"

# The GD Catalog fields the round trip compares (id, name, owner and timestamps are the harvester's).
COMPARED = [
    "title", "notes", "data_type", "allow_harvest", "maintainer", "maintainer_email", "objective",
    "update_frequency_unit", "update_frequency_interval", "geo_coverage", "data_source", "data_format",
    "data_category", "data_classification", "license_id", "data_language", "last_updated_date",
    "first_year_of_data", "last_year_of_data", "disaggregate", "unit_of_measure", "official_statistics",
    "dgplan_goals", "dgplan_strategies", "west_bound_longitude", "east_bound_longitude",
    "north_bound_latitude", "south_bound_latitude", "url",
]
RESOURCE_COMPARED = ["name", "description", "url", "format", "resource_first_year_of_data",
                     "resource_last_updated_date", "resource_disaggregate", "resource_official_statistics"]


def _dataset(org: dict[str, Any], **extra: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "title": "สถิติประชากรรายจังหวัด",
        "owner_org": org["id"],
        "data_type": "ข้อมูลสถิติ",
        "allow_harvest": "ยินยอม",
        "maintainer": "กลุ่มงานสถิติ",
        "maintainer_email": "stat@example.go.th",
        "tag_string": "ประชากร, สถิติ",
        "notes": "จำนวนประชากรแยกตามจังหวัด",
        "objective": ["ยุทธศาสตร์ชาติ", "พันธกิจหน่วยงาน"],
        "update_frequency_unit": "เดือน",
        "update_frequency_interval": "3",
        "geo_coverage": "ประเทศ",
        "data_source": "สำนักงานสถิติแห่งชาติ",
        "data_format": ["CSV", "XLS/XLSX"],
        "data_category": "ข้อมูลสาธารณะ",
        "data_classification": "ชั้นเผยแพร่ภายในองค์กร",
        "license_id": "Creative Commons Attributions",
        "data_language": ["th", "en"],
        "last_updated_date": "1 ต.ค. 2566",
        "first_year_of_data": "2560",
        "last_year_of_data": "2566",
        "disaggregate": ["เพศ", "อายุ/กลุ่มอายุ"],
        "unit_of_measure": "คน",
        "official_statistics": "ใช่",
        "dgplan_goals": ["G1"],
        "dgplan_strategies": ["S1", "S3"],
        "west_bound_longitude": "97.34", "east_bound_longitude": "105.64",
        "north_bound_latitude": "20.46", "south_bound_latitude": "5.61",
        "url": "https://stat.example.go.th/population",
        "resources": [{
            "name": "ประชากรปี 2566", "description": "ไฟล์ CSV", "url": "https://stat.example.go.th/pop.csv",
            "format": "CSV", "resource_first_year_of_data": "2566", "resource_last_updated_date": "2566-10-01",
            "resource_disaggregate": ["เพศ"], "resource_official_statistics": "ใช่",
        }],
    }
    data.update(extra)
    return data


@pytest.fixture
def org() -> dict[str, Any]:
    return factories.Organization(title="สำนักงานสถิติแห่งชาติ")


@pytest.fixture
def pkg(org) -> dict[str, Any]:
    created = helpers.call_action("package_create", **_dataset(org))
    return helpers.call_action("package_show", id=created["id"])


def _graph(body: str, fmt: str = "turtle") -> Graph:
    return Graph().parse(data=body, format=fmt)


def test_dataset_turtle_maps_gd_catalog_fields(app, pkg):
    res = app.get(f"/dataset/{pkg['name']}.ttl", status=200)
    assert res.headers["Content-Type"].startswith("text/turtle")
    g = _graph(res.body)
    ds = next(g.subjects(RDF.type, DCAT.Dataset))

    assert (ds, DCTERMS.title, Literal("สถิติประชากรรายจังหวัด", lang="th")) in g
    assert (ds, DCTERMS.description, Literal("จำนวนประชากรแยกตามจังหวัด", lang="th")) in g
    assert set(g.objects(ds, DCAT.keyword)) == {Literal("ประชากร", lang="th"), Literal("สถิติ", lang="th")}
    # every 3 months: QUARTERLY in the EU vocabulary, the exact unit and interval under gdc:
    assert (ds, DCTERMS.accrualPeriodicity, URIRef(EU + "frequency/QUARTERLY")) in g
    assert (ds, GDC.update_frequency_interval, Literal("3")) in g
    # public data, classified internal: the stricter one
    assert (ds, DCTERMS.accessRights, URIRef(EU + "access-right/NON_PUBLIC")) in g
    assert set(g.objects(ds, DCTERMS.language)) == {URIRef(EU + "language/THA"), URIRef(EU + "language/ENG")}
    assert (ds, DCTERMS.license, URIRef("http://www.opendefinition.org/licenses/cc-by")) in g

    publisher = g.value(ds, DCTERMS.publisher)
    assert (publisher, FOAF.name, Literal("สำนักงานสถิติแห่งชาติ", lang="th")) in g
    contact = g.value(ds, DCAT.contactPoint)
    assert (contact, RDF.type, VCARD.Organization) in g
    assert str(g.value(contact, VCARD.fn)) == "กลุ่มงานสถิติ"
    assert g.value(contact, VCARD.hasEmail) == URIRef("mailto:stat@example.go.th")

    period = g.value(ds, DCTERMS.temporal)
    assert g.value(period, DCAT.startDate) == Literal("2017-01-01", datatype=XSD.date)
    assert g.value(period, DCAT.endDate) == Literal("2023-12-31", datatype=XSD.date)
    spatial = set(g.objects(ds, DCTERMS.spatial))
    assert URIRef(EU + "country/THA") in spatial
    bbox = [str(b) for s in spatial for b in g.objects(s, DCAT.bbox)]
    assert bbox and "97.34 5.61" in bbox[0]

    dist = g.value(ds, DCAT.distribution)
    assert (dist, DCTERMS["format"], URIRef(EU + "file-type/CSV")) in g
    assert (dist, DCAT.mediaType, URIRef("https://www.iana.org/assignments/media-types/text/csv")) in g
    assert (dist, GDC.resource_official_statistics, Literal("True")) in g


def test_profile_writes_the_triples_ckanext_dcat_writes_for_the_translated_dataset(pkg):
    """Frequency, access rights, languages, themes, the dates and the distributions' formats, media types
    and licences are written by the profile itself (more cheaply than ckanext-dcat): every triple
    ckanext-dcat's DCAT-AP 3 profile writes from the dataset as translated for it (``for_dcat`` without
    a graph, which gives it those keys) is in the gdc graph, but for the publisher's name, which gdc
    tags Thai."""
    from ckanext.dcat.profiles.euro_dcat_ap_3 import EuropeanDCATAP3Profile
    from ckanext.dcat.utils import dataset_uri

    from ckanext.dgplan.dcat.profile import for_dcat

    ref = URIRef(dataset_uri(pkg))
    reference = Graph()
    EuropeanDCATAP3Profile(reference).graph_from_dataset(for_dcat(pkg), ref)
    serializer = RDFSerializer(profiles=["gdc"])
    serializer.graph_from_dataset(pkg)
    g = serializer.g
    publisher = g.value(ref, DCTERMS.publisher)
    # Blank nodes (contact point, period, place) are made again by each graph: named nodes are compared.
    named = [t for t in reference if not any(isinstance(n, BNode) for n in t)
             and not (t[0] == publisher and t[1] == FOAF.name)]
    assert [t for t in named if t not in g] == []
    dist = g.value(ref, DCAT.distribution)
    written = {(s, p) for s, p, _o in named}
    for subject, predicate in ((ref, DCTERMS.issued), (ref, DCTERMS.modified), (ref, DCTERMS.accrualPeriodicity),
                               (ref, DCAT.theme), (dist, DCTERMS.issued), (dist, DCTERMS.license),
                               (dist, DCTERMS["format"]), (dist, DCAT.mediaType)):
        assert (subject, predicate) in written, predicate
    assert g.value(ref, DCTERMS.modified).datatype == XSD.dateTime


def test_themes_are_the_plan_concepts_of_plan_ttl(app, pkg):
    g = _graph(app.get(f"/dataset/{pkg['name']}.ttl", status=200).body)
    ds = next(g.subjects(RDF.type, DCAT.Dataset))
    themes = set(g.objects(ds, DCAT.theme))
    assert len(themes) == 3
    plan = _graph(app.get("/plan.ttl", status=200).body)
    for theme in themes:
        assert (theme, RDF.type, SKOS.Concept) in plan, theme
    notations = {str(plan.value(t, SKOS.notation)) for t in themes}
    assert notations == {"G1", "S1", "S3"}


def test_round_trip_gives_back_the_same_dataset(pkg):
    serializer = RDFSerializer(profiles=["gdc"])
    turtle = serializer.serialize_dataset(pkg, _format="turtle")
    parser = RDFParser(profiles=["gdc"])
    parser.parse(turtle, _format="turtle")
    parsed = list(parser.datasets())
    assert len(parsed) == 1
    back = parsed[0]
    for field in COMPARED:
        assert back.get(field) == pkg.get(field), field
    assert sorted(t["name"] for t in back["tags"]) == sorted(t["name"] for t in pkg["tags"])
    assert len(back["resources"]) == 1
    for field in RESOURCE_COMPARED:
        assert back["resources"][0].get(field) == pkg["resources"][0].get(field), field


def test_parsed_dataset_is_accepted_by_package_create(org, pkg):
    """What the profile reads back is a valid GD Catalog dataset on another portal."""
    parser = RDFParser(profiles=["gdc"])
    parser.parse(RDFSerializer(profiles=["gdc"]).serialize_dataset(pkg, _format="turtle"), _format="turtle")
    back = next(iter(parser.datasets()))
    other = factories.Organization()
    copy = helpers.call_action("package_create", name="copy-of-population", owner_org=other["id"],
                               **{k: v for k, v in back.items() if k not in ("owner_org", "name", "extras")})
    for field in COMPARED:
        assert copy.get(field) == pkg.get(field), field


def test_foreign_dcat_falls_back_on_dcat_terms():
    """DCAT from a portal without the gdc terms: frequency and access rights read from EU IRIs."""
    turtle = f"""
    @prefix dcat: <http://www.w3.org/ns/dcat#> . @prefix dct: <http://purl.org/dc/terms/> .
    <https://other.example/dataset/1> a dcat:Dataset ; dct:title "Population"@en, "ประชากร"@th ;
      dct:accrualPeriodicity <{EU}frequency/BIMONTHLY> ; dct:accessRights <{EU}access-right/PUBLIC> ;
      dct:temporal [ a dct:PeriodOfTime ; dcat:startDate "2020-03-01"^^<http://www.w3.org/2001/XMLSchema#date> ] ;
      dcat:theme <https://other.example/plan/strategy/S2> .
    """
    parser = RDFParser(profiles=["gdc"])
    parser.parse(turtle, _format="turtle")
    back = next(iter(parser.datasets()))
    assert back["title"] == "ประชากร"
    assert (back["update_frequency_unit"], back["update_frequency_interval"]) == ("month", "2")
    assert back["data_category"] == "public"
    assert back["first_year_of_data"] == "2563"
    assert back["dgplan_strategies"] == ["S2"]


@pytest.mark.parametrize("ext,mime,fmt", [("ttl", "text/turtle", "turtle"),
                                          ("jsonld", "application/ld+json", "json-ld"),
                                          ("rdf", "application/rdf+xml", "xml")])
def test_catalog_endpoints_never_show_private_datasets(app, org, pkg, ext, mime, fmt):
    private = helpers.call_action("package_create", **_dataset(org, name="private-population",
                                                                 title="ข้อมูลลับเฉพาะหน่วยงาน", private=True))
    res = app.get(f"/catalog.{ext}", status=200)
    assert res.headers["Content-Type"].startswith(mime)
    g = _graph(res.body, fmt)
    titles = {str(t) for t in g.objects(None, DCTERMS.title)}
    assert "สถิติประชากรรายจังหวัด" in titles
    assert "ข้อมูลลับเฉพาะหน่วยงาน" not in titles
    assert private["id"] not in res.body
    assert app.get(f"/dataset/{private['name']}.{ext}").status_code in (403, 404)
    # Its editor's token does not put it into the public catalogue either.
    user = factories.User()
    helpers.call_action("member_create", id=org["id"], object=user["name"], object_type="user",
                        capacity="editor")
    token = factories.APIToken(user=user["name"])["token"]
    assert "ข้อมูลลับเฉพาะหน่วยงาน" not in app.get(f"/catalog.{ext}", headers={"Authorization": token}).body

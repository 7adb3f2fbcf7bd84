"""Issue 20: a central catalogue harvests an agency portal (two CKAN sites, two databases, two Solr cores).

The agency portal runs in its own gunicorn (harvest_support.SourcePortal); this test process is the
central catalogue and runs ckanext-harvest's gather, fetch and import stages synchronously (as its
consumers would from the Redis queues).
"""
from __future__ import annotations

import json
import time
from typing import Any

import pytest
import requests
from ckan.plugins import toolkit as tk
from ckan.tests import factories, helpers
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF

from ckanext.dgplan.gdc_dcat import GDC_NS
from tests.integration.harvest_support import FakeSource, SourcePortal

pytestmark = [pytest.mark.usefixtures("clean_db", "clean_index", "with_plugins")]

# GD Catalog fields compared between source and copy (ids, owner and timestamps are each portal's own).
COMPARED = [
    "name", "title", "notes", "data_type", "allow_harvest", "maintainer", "maintainer_email", "objective",
    "update_frequency_unit", "update_frequency_interval", "geo_coverage", "data_source", "data_format",
    "data_category", "data_classification", "license_id", "data_language", "first_year_of_data",
    "last_year_of_data", "unit_of_measure", "official_statistics", "dgplan_goals", "dgplan_strategies",
    "url", "tags",
]


@pytest.fixture(scope="module")
def source() -> Any:
    portal = SourcePortal(tk.config)
    yield portal
    portal.stop()


@pytest.fixture
def fake() -> Any:
    server = FakeSource()
    yield server
    server.stop()


def _dataset(name: str, org: str, allow: str, **extra: Any) -> dict[str, Any]:
    data = {
        "name": name, "title": f"สถิติประชากร {name}", "owner_org": org, "data_type": "ข้อมูลสถิติ",
        "allow_harvest": allow, "maintainer": "กลุ่มงานสถิติ", "maintainer_email": "stat@example.go.th",
        "tag_string": "ประชากร, สถิติ", "notes": "จำนวนประชากรแยกตามจังหวัด",
        "objective": ["ยุทธศาสตร์ชาติ"], "update_frequency_unit": "ปี", "update_frequency_interval": "1",
        "geo_coverage": "ประเทศ", "data_source": "สำนักงานสถิติแห่งชาติ", "data_format": ["CSV"],
        "data_category": "ข้อมูลสาธารณะ", "license_id": "Creative Commons Attributions",
        "data_language": ["th"], "first_year_of_data": "2560", "last_year_of_data": "2566",
        "unit_of_measure": "คน", "official_statistics": "ใช่", "dgplan_goals": ["G1"],
        "dgplan_strategies": ["S1"], "url": "https://stat.example.go.th/population",
        "resources": [{"name": "ประชากร", "url": "https://stat.example.go.th/pop.csv", "format": "CSV"}],
    }
    data.update(extra)
    return data


# The source's datasets as _seed made them, kept while no test has changed them (seeding is the
# slowest step of these tests: purges and four package_create calls on the source portal).
_SEEDED: dict[str, Any] = {}


def _seed(source: SourcePortal, changes: bool = False) -> dict[str, str]:
    """Allowed, refused and private datasets of one organization on the source; their ids. Made
    again only when a test said it ``changes`` them."""
    if _SEEDED.get("url") == source.url and not _SEEDED.get("changed"):
        _SEEDED["changed"] = changes
        return dict(_SEEDED["ids"])
    for found in source.call("package_search", q="*:*", include_private=True, rows=100)["results"]:
        source.call("dataset_purge", id=found["id"])
    org = source.call("organization_list")
    org_id = org[0] if org else source.call("organization_create", name="nso", title="สำนักงานสถิติ")["name"]
    ids = {}
    for name, allow, private in (("pop-a", "ยินยอม", False), ("pop-b", "ยินยอม", False),
                                 ("pop-refused", "ไม่ยินยอม", False), ("pop-private", "ยินยอม", True)):
        ids[name] = source.call("package_create", **_dataset(name, org_id, allow, private=private))["id"]
    _SEEDED.update(url=source.url, ids=dict(ids), changed=changes)
    return ids


def _harvest(source_id: str) -> dict[str, Any]:
    """One harvest job run through gather, fetch and import; the job's report."""
    from ckanext.harvest import queue
    from ckanext.harvest.model import HarvestJob
    from ckanext.harvest.tests.lib import run_harvest_job

    admin = factories.Sysadmin()
    context = {"user": admin["name"]}
    job = HarvestJob.get(helpers.call_action("harvest_job_create", context, source_id=source_id, run=False)["id"])
    # The type from the source's table: on CKAN 2.12, harvest_source_show read from the index after
    # a job has no source_type (ckanext-harvest 1.6.3's harvest_source_reindex indexes the dict it
    # read with validate=False as the validated one).
    run_harvest_job(job, queue.get_harvester(job.source.type))
    return helpers.call_action("harvest_job_report", context, id=job.id)


def _source(kind: str, url: str, config: dict[str, Any] | None = None) -> dict[str, Any]:
    org = factories.Organization(name="central", title="ศูนย์กลางข้อมูล")
    admin = factories.Sysadmin()
    return helpers.call_action(
        "harvest_source_create", {"user": admin["name"]}, name=f"agency-{kind}", title="หน่วยงาน", url=url,
        source_type=kind, owner_org=org["id"], config=json.dumps(config or {}))


def _gdc(data: dict[str, Any]) -> dict[str, Any]:
    out = {k: data.get(k) for k in COMPARED}
    out["tags"] = sorted(t["name"] for t in data.get("tags") or [])
    out["resources"] = [{k: r.get(k) for k in ("name", "url", "format")} for r in data.get("resources") or []]
    return out


def _copy_show(name: str) -> dict[str, Any]:
    return helpers.call_action("dgplan_gdc_dataset_show", {"ignore_auth": True}, id=name)


def test_ckan_harvest_copies_allowed_datasets_and_follows_updates_and_deletions(source: SourcePortal) -> None:
    _seed(source, changes=True)
    harvest_source = _source("dgplan_ckan", source.url)

    report = _harvest(harvest_source["id"])
    found = helpers.call_action("package_search", {"ignore_auth": True}, q="*:*", include_private=True)
    assert sorted(p["name"] for p in found["results"]) == ["pop-a", "pop-b"], report
    for name in ("pop-a", "pop-b"):
        assert _gdc(_copy_show(name)) == _gdc(source.call("dgplan_gdc_dataset_show", id=name))
    # The central catalogue's plan facets count harvested datasets.
    facets = helpers.call_action("package_search", {"ignore_auth": True}, q="*:*",
                                 **{"facet.field": ["dgplan_goals"]})["facets"]
    assert facets.get("dgplan_goals", {}).get("G1") == 2

    source.call("package_patch", id="pop-a", title="สถิติประชากร ปรับปรุงแล้ว")
    source.call("package_delete", id="pop-b")
    source.call("package_patch", id="pop-refused", allow_harvest="ยินยอม")
    _harvest(harvest_source["id"])
    found = helpers.call_action("package_search", {"ignore_auth": True}, q="*:*", include_private=True)
    assert sorted(p["name"] for p in found["results"]) == ["pop-a", "pop-refused"]
    assert _copy_show("pop-a")["title"] == "สถิติประชากร ปรับปรุงแล้ว"
    assert _gdc(_copy_show("pop-refused")) == _gdc(source.call("dgplan_gdc_dataset_show", id="pop-refused"))


def test_dcat_harvest_with_gdc_profile_from_catalog_ttl(source: SourcePortal) -> None:
    _seed(source, changes=True)
    harvest_source = _source("dcat_rdf", f"{source.url}/catalog.ttl",
                             {"rdf_format": "text/turtle", "profiles": "gdc"})

    report = _harvest(harvest_source["id"])
    found = helpers.call_action("package_search", {"ignore_auth": True}, q="*:*", include_private=True)
    titles = sorted(p["title"] for p in found["results"])
    assert titles == ["สถิติประชากร pop-a", "สถิติประชากร pop-b"], report
    copy = next(p for p in found["results"] if p["title"].endswith("pop-a"))
    want = _gdc(source.call("dgplan_gdc_dataset_show", id="pop-a"))
    got = _gdc(_copy_show(copy["name"]))
    want.pop("name"), got.pop("name")  # the DCAT harvester names datasets from their titles
    assert got == want

    source.call("package_delete", id="pop-b")
    _harvest(harvest_source["id"])
    found = helpers.call_action("package_search", {"ignore_auth": True}, q="*:*", include_private=True)
    assert [p["title"] for p in found["results"]] == ["สถิติประชากร pop-a"]


# ------------------------------------------------------------ bad input

def _messages(report: dict[str, Any]) -> str:
    return json.dumps(report, ensure_ascii=False)


def _bilingual(text: str) -> bool:
    return any("\u0e00" <= ch <= "\u0e7f" for ch in text) and " / " in text


def test_broken_rdf_is_reported_and_changes_nothing(source: SourcePortal, fake: FakeSource) -> None:
    _seed(source)
    harvest_source = _source("dcat_rdf", f"{fake.url}/catalog.ttl", {"rdf_format": "text/turtle", "profiles": "gdc"})
    good = requests.get(f"{source.url}/catalog.ttl", timeout=60).content.decode("utf-8")
    fake.files["/catalog.ttl"] = (200, "text/turtle; charset=utf-8", good)
    first = _harvest(harvest_source["id"])
    before = helpers.call_action("package_search", {"ignore_auth": True}, q="*:*")["results"]
    assert len(before) == 2, _messages(first)

    fake.files["/catalog.ttl"] = (200, "text/turtle; charset=utf-8", good[: len(good) // 2] + " <broken")
    report = _harvest(harvest_source["id"])
    assert "ไฟล์ RDF ของแหล่งอ่านไม่ได้" in _messages(report) and "could not be parsed" in _messages(report)
    after = helpers.call_action("package_search", {"ignore_auth": True}, q="*:*")["results"]
    assert sorted((p["id"], p["metadata_modified"]) for p in after) == sorted(
        (p["id"], p["metadata_modified"]) for p in before)


def test_refused_tag_and_500_are_reported_and_the_copy_kept(source: SourcePortal, fake: FakeSource) -> None:
    ids = _seed(source)
    fake.datasets = [source.call("package_show", id=ids["pop-a"]), source.call("package_show", id=ids["pop-b"])]
    harvest_source = _source("dgplan_ckan", fake.url)
    _harvest(harvest_source["id"])
    kept = _copy_show("pop-a")

    changed = dict(fake.datasets[0], title="ชื่อใหม่", tags=[{"name": "-"}],
                   metadata_modified="2099-01-01T00:00:00")
    fake.datasets = [changed, fake.datasets[1]]
    report = _harvest(harvest_source["id"])
    objects = report.get("object_errors") or {}
    errors = [e["message"] for o in objects.values() for e in o["errors"]]
    text = _messages(report)
    assert "นำเข้าชุดข้อมูลไม่สำเร็จ" in text and "has no letter or digit" in text, text
    assert all(_bilingual(m) for m in errors)
    assert _copy_show("pop-a") == kept

    fake.search_status = 500
    report = _harvest(harvest_source["id"])
    assert "รวบรวมรายการชุดข้อมูลจากแหล่งไม่สำเร็จ" in _messages(report)
    found = helpers.call_action("package_search", {"ignore_auth": True}, q="*:*")["results"]
    assert sorted(p["name"] for p in found) == ["pop-a", "pop-b"]
    assert _copy_show("pop-a") == kept


def test_same_dataset_from_two_sources_is_refused_the_second_time(source: SourcePortal) -> None:
    _seed(source)
    first = _source("dgplan_ckan", source.url)
    _harvest(first["id"])
    kept = _copy_show("pop-a")
    admin = factories.Sysadmin()
    # The same portal under another address: ckanext-harvest refuses a second source with the same URL.
    second = helpers.call_action(
        "harvest_source_create", {"user": admin["name"]}, name="agency-mirror", title="กระจก",
        url=source.url.replace("127.0.0.1", "localhost"), source_type="dgplan_ckan",
        owner_org=factories.Organization()["id"], config="{}")
    report = _harvest(second["id"])
    assert "ถูกเก็บเกี่ยวจากแหล่งอื่นแล้ว" in _messages(report) and "already harvested" in _messages(report)
    assert _copy_show("pop-a") == kept


def test_unknown_frequency_and_licence_are_kept_as_other_and_reported(source: SourcePortal, fake: FakeSource) -> None:
    ids = _seed(source)
    turtle = requests.get(f"{source.url}/catalog.ttl", timeout=60).content.decode("utf-8")
    graph = Graph().parse(data=turtle, format="turtle")
    # pop-a as an agency system might publish it: no gdc: frequency, and a frequency and a licence
    # that neither the EU vocabulary nor CKAN's licence register knows.
    pop_a = URIRef(f"{source.url}/dataset/{ids['pop-a']}")
    frequency, licence = "http://example.go.th/frequency/after-each-census", "http://example.go.th/licence/agency-terms"
    for field in ("update_frequency_unit", "update_frequency_interval"):
        graph.remove((pop_a, URIRef(GDC_NS + field), None))
    graph.set((pop_a, DCTERMS.accrualPeriodicity, URIRef(frequency)))
    for node in [pop_a, *graph.objects(pop_a, DCAT.distribution)]:
        graph.set((node, DCTERMS.license, URIRef(licence)))
    fake.files["/catalog.ttl"] = (200, "text/turtle; charset=utf-8", graph.serialize(format="turtle"))
    harvest_source = _source("dcat_rdf", f"{fake.url}/catalog.ttl", {"rdf_format": "text/turtle", "profiles": "gdc"})

    report = _harvest(harvest_source["id"])
    text = _messages(report)
    found = {p["title"]: p for p in helpers.call_action(
        "package_search", {"ignore_auth": True}, q="*:*", include_private=True)["results"]}
    assert sorted(found) == ["สถิติประชากร pop-a", "สถิติประชากร pop-b"], text
    copy = found["สถิติประชากร pop-a"]
    assert (copy["update_frequency_unit"], copy["update_frequency_unit_other"]) == ("other", frequency)
    assert (copy["license_id"], copy["license_id_other"]) == ("other-open", licence)
    assert f"ไม่รู้จักความถี่ของการปรับปรุงข้อมูล {frequency}" in text and f"unknown update frequency {frequency}" in text
    assert f"ไม่รู้จักสัญญาอนุญาต {licence}" in text and f"unknown licence {licence}" in text
    want = _gdc(source.call("dgplan_gdc_dataset_show", id="pop-b"))
    got = _gdc(_copy_show(found["สถิติประชากร pop-b"]["name"]))
    want.pop("name"), got.pop("name")
    assert got == want


def test_source_that_stops_answering_mid_listing_keeps_what_it_got_and_the_next_run_picks_up(
        source: SourcePortal, fake: FakeSource) -> None:
    ids = _seed(source)
    fake.pages = [[source.call("package_show", id=ids["pop-a"])], [source.call("package_show", id=ids["pop-b"])]]
    fake.stall = True
    harvest_source = _source("dgplan_ckan", fake.url, {"timeout": 1})

    report = _harvest(harvest_source["id"])
    text = _messages(report)
    assert "แหล่งหยุดตอบหลังส่งรายการชุดข้อมูลมา 1 ชุด" in text and "stopped answering after listing 1" in text, text
    found = helpers.call_action("package_search", {"ignore_auth": True}, q="*:*")["results"]
    assert [p["name"] for p in found] == ["pop-a"]

    fake.stall = False
    _harvest(harvest_source["id"])
    found = helpers.call_action("package_search", {"ignore_auth": True}, q="*:*")["results"]
    assert sorted(p["name"] for p in found) == ["pop-a", "pop-b"]


# ------------------------------------------------------------ a paged DCAT feed cut short

HYDRA = Namespace("http://www.w3.org/ns/hydra/core#")
DCAT_CONFIG = {"rdf_format": "text/turtle", "profiles": "gdc"}


def _paged_feed(source: SourcePortal, fake: FakeSource, ids: dict[str, str],
                titles: dict[str, str] | None = None) -> tuple[str, str]:
    """The source's catalogue as a feed of two pages (pop-a on /catalog.ttl, whose hydra:next is
    /catalog-2.ttl with pop-b), with the ``titles`` given by name; the two Turtle texts."""
    graph = Graph().parse(data=requests.get(f"{source.url}/catalog.ttl", timeout=60).content.decode("utf-8"),
                          format="turtle")
    # The source's own paging (one page of two datasets) is replaced by the test's.
    for triple in [t for t in graph if str(t[1]).startswith(str(HYDRA)) or str(t[2]).startswith(str(HYDRA))]:
        graph.remove(triple)
    nodes = {name: URIRef(f"{source.url}/dataset/{ids[name]}") for name in ("pop-a", "pop-b")}
    for name, title in (titles or {}).items():
        language = next(iter(graph.objects(nodes[name], DCTERMS.title))).language  # type: ignore[attr-defined]
        graph.set((nodes[name], DCTERMS.title, Literal(title, lang=language)))
    pages = []
    for shown, hidden, following in (("pop-a", "pop-b", f"{fake.url}/catalog-2.ttl"), ("pop-b", "pop-a", None)):
        page = Graph()
        for triple in graph:
            page.add(triple)
        # The parser lists a node as a dataset by its type: without it, the other page's dataset is not on this one.
        page.remove((nodes[hidden], RDF.type, DCAT.Dataset))
        if following:
            view = URIRef(f"{fake.url}/catalog.ttl")
            page.add((view, RDF.type, HYDRA.PagedCollection))
            page.add((view, HYDRA.next, URIRef(following)))
        assert nodes[shown] in set(page.subjects(RDF.type, DCAT.Dataset))
        pages.append(page.serialize(format="turtle"))
    fake.files["/catalog.ttl"] = (200, "text/turtle; charset=utf-8", pages[0])
    fake.files["/catalog-2.ttl"] = (200, "text/turtle; charset=utf-8", pages[1])
    return pages[0], pages[1]


def _copies() -> dict[str, dict[str, Any]]:
    found = helpers.call_action("package_search", {"ignore_auth": True}, q="*:*", include_private=True)
    return {p["title"]: p for p in found["results"]}


def _gather_errors(report: dict[str, Any]) -> list[str]:
    return [e["message"] for e in report.get("gather_errors") or []]


def _jobs_finished(source_id: str) -> list[str]:
    return [j["status"] for j in helpers.call_action("harvest_job_list", {"ignore_auth": True}, source_id=source_id)]


def test_dcat_feed_whose_second_page_answers_500_keeps_the_first_deletes_nothing_and_the_next_run_picks_up(
        source: SourcePortal, fake: FakeSource) -> None:
    ids = _seed(source)
    _paged_feed(source, fake, ids)
    harvest_source = _source("dgplan_dcat", f"{fake.url}/catalog.ttl", DCAT_CONFIG)
    first = _harvest(harvest_source["id"])
    before = _copies()
    assert sorted(before) == ["สถิติประชากร pop-a", "สถิติประชากร pop-b"], _messages(first)

    # Page 1 changed, page 2 answers 500: page 1's change is imported, pop-b (not seen) is not deleted.
    _paged_feed(source, fake, ids, {"pop-a": "สถิติประชากร pop-a ฉบับปรับปรุง"})
    fake.files["/catalog-2.ttl"] = (500, "text/html", "<html><body>Internal Server Error</body></html>")
    report = _harvest(harvest_source["id"])
    text = _messages(report)
    assert "แหล่งหยุดตอบหลังส่งรายการชุดข้อมูลมา 1 ชุด" in text and "stopped answering after listing 1" in text, text
    assert "หน้า 2 ตอบด้วยรหัสข้อผิดพลาด 500" in text and "page 2 answered 500" in text, text
    assert "catalog-2.ttl" in text
    assert _gather_errors(report) and all(_bilingual(m) for m in _gather_errors(report))
    after = _copies()
    assert sorted(after) == ["สถิติประชากร pop-a ฉบับปรับปรุง", "สถิติประชากร pop-b"], text
    kept = before["สถิติประชากร pop-b"]
    assert (after["สถิติประชากร pop-b"]["id"], after["สถิติประชากร pop-b"]["metadata_modified"]) == (
        kept["id"], kept["metadata_modified"])
    assert after["สถิติประชากร pop-a ฉบับปรับปรุง"]["id"] == before["สถิติประชากร pop-a"]["id"]
    assert set(_jobs_finished(harvest_source["id"])) == {"Finished"}

    # The source fixed (and pop-b changed meanwhile): the next run reads page 2 again.
    _paged_feed(source, fake, ids, {"pop-a": "สถิติประชากร pop-a ฉบับปรับปรุง", "pop-b": "สถิติประชากร pop-b ฉบับปรับปรุง"})
    report = _harvest(harvest_source["id"])
    assert not _gather_errors(report), _messages(report)
    assert sorted(_copies()) == ["สถิติประชากร pop-a ฉบับปรับปรุง", "สถิติประชากร pop-b ฉบับปรับปรุง"]
    assert _copies()["สถิติประชากร pop-b ฉบับปรับปรุง"]["id"] == kept["id"]

    # The first page failing: nothing listed, so nothing imported or deleted.
    fixed = _copies()
    fake.files["/catalog.ttl"] = (500, "text/html", "<html><body>Internal Server Error</body></html>")
    report = _harvest(harvest_source["id"])
    text = _messages(report)
    assert "แหล่งตอบด้วยรหัสข้อผิดพลาด 500" in text and "The source answered 500" in text, text
    assert all(_bilingual(m) for m in _gather_errors(report))
    assert {t: p["metadata_modified"] for t, p in _copies().items()} == {
        t: p["metadata_modified"] for t, p in fixed.items()}


def test_dcat_feed_that_stalls_times_out_keeps_the_pages_read_and_the_next_run_picks_up(
        source: SourcePortal, fake: FakeSource) -> None:
    ids = _seed(source)
    _paged_feed(source, fake, ids)
    fake.stalled.add("/catalog-2.ttl")  # no answer for 60 s: far longer than the source's 2 s
    harvest_source = _source("dgplan_dcat", f"{fake.url}/catalog.ttl", {**DCAT_CONFIG, "timeout": 2})

    started = time.monotonic()
    report = _harvest(harvest_source["id"])
    elapsed = time.monotonic() - started
    text = _messages(report)
    assert elapsed < 30, (elapsed, text)
    assert "หน้า 2 ไม่ตอบภายใน 2 วินาที" in text and "page 2 did not answer within 2 seconds" in text, text
    assert "แหล่งหยุดตอบหลังส่งรายการชุดข้อมูลมา 1 ชุด" in text and "stopped answering after listing 1" in text, text
    assert all(_bilingual(m) for m in _gather_errors(report))
    assert sorted(_copies()) == ["สถิติประชากร pop-a"], text
    assert set(_jobs_finished(harvest_source["id"])) == {"Finished"}

    fake.stalled.clear()
    report = _harvest(harvest_source["id"])
    assert not _gather_errors(report), _messages(report)
    assert sorted(_copies()) == ["สถิติประชากร pop-a", "สถิติประชากร pop-b"]


def test_dcat_source_timeout_must_be_seconds_above_zero() -> None:
    with pytest.raises(tk.ValidationError) as err:
        _source("dgplan_dcat", "http://127.0.0.1:9/catalog.ttl", {**DCAT_CONFIG, "timeout": 0})
    text = json.dumps(err.value.error_dict, ensure_ascii=False)
    assert "timeout ต้องเป็นจำนวนวินาทีที่มากกว่า 0" in text and "timeout must be a number of seconds above 0" in text

"""The open-data quality indicator against the real stack: checks on stored datasets, privacy,
the actions' auth, the refresh job on the jobs queue, the Solr facet, link checks, the KPI series
after two runs, and the pages (agency page, badge, method)."""
from __future__ import annotations

import datetime as dt
import http.server
import re
from pathlib import Path
from typing import Any

import pytest
from ckan.lib import jobs
from ckan.tests import factories, helpers

from ckanext.dgplan import messages
from ckanext.dgplan.cli import dgplan as dgplan_cli
from ckanext.dgplan.helpers.quality import CHECKS, TEXTS
from tests.local_http import local_server

from .kpi_support import SCHEMAS

pytestmark = [
    pytest.mark.ckan_config("scheming.dataset_schemas", SCHEMAS),
    pytest.mark.ckan_config("ckan.plugins", "dgplan scheming_datasets datastore activity"),
    pytest.mark.ckan_config("ckanext.dgplan.quality.link_allow_private", "true"),
    pytest.mark.ckan_config("ckanext.dgplan.quality.link_host_interval", "0"),
    pytest.mark.ckan_config("ckanext.dgplan.quality.link_timeout", "2"),
    pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index", "clean_datastore", "clean_queues"),
]

ROOT = Path(__file__).resolve().parents[2]
QUEUE = "dgplan_quality"  # ckanext.dgplan.quality.queue's default
THAI = re.compile("[\u0e00-\u0e7f]")
LONG = "จำนวนโรงเรียนในสังกัดสำนักงานคณะกรรมการการศึกษาขั้นพื้นฐาน แยกตามจังหวัด ขนาดโรงเรียน และปีการศึกษา"


def _as(user: str) -> dict:
    return {"user": user, "ignore_auth": False}


class _Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        self.send_response(404 if self.path.startswith("/missing") else 200)
        self.end_headers()
        self.wfile.write(b"a,b\n1,2\n")


@pytest.fixture(scope="module")
def server():
    with local_server(_Handler) as url:
        yield url


def _dataset(org: dict, sysadmin: str, name: str, server: str, **extra: Any) -> dict:
    data: dict[str, Any] = {
        "name": name, "title": f"ชุดข้อมูล {name}", "owner_org": org["id"], "data_type": "record",
        "maintainer": "กลุ่มงานสถิติ", "maintainer_email": "stat@moe.go.th", "tag_string": "สถิติ",
        "notes": LONG, "objective": ["public_service"], "update_frequency_unit": "year", "geo_coverage": "province",
        "data_source": "สพฐ.", "data_format": ["csv"], "data_category": "public", "license_id": "cc-by",
        "last_updated_date": (dt.date.today() - dt.timedelta(days=30)).isoformat(),
        "resources": [{"name": "ตาราง", "url": f"{server}/a.json", "format": "JSON"}],
    }
    data.update(extra)
    return helpers.call_action("package_create", {"user": sysadmin}, **data)


@pytest.fixture
def catalogue(server):
    sysadmin = factories.Sysadmin()["name"]
    admin, editor, outsider = factories.User(), factories.User(), factories.User()
    org = factories.Organization(name="moe", users=[{"name": admin["name"], "capacity": "admin"},
                                                    {"name": editor["name"], "capacity": "editor"}])
    other = factories.Organization(name="other-agency", users=[{"name": outsider["name"], "capacity": "admin"}])
    old = (dt.date.today() - dt.timedelta(days=120)).isoformat()
    made = {
        "good": _dataset(org, sysadmin, "good", server),
        "bad-meta": _dataset(org, sysadmin, "bad-meta", server, tag_string="", maintainer_email="opendata@example.org",
                             notes="โรงเรียน"),
        "closed": _dataset(org, sysadmin, "closed", server, license_id="other-closed", license_id_other="ห้ามเผยแพร่ต่อ",
                           resources=[{"name": "รายงาน", "url": f"{server}/a.pdf", "format": "PDF"}]),
        "late": _dataset(org, sysadmin, "late", server, update_frequency_unit="month", last_updated_date=old),
        "undated": _dataset(org, sysadmin, "undated", server, last_updated_date=""),
        "tables": _dataset(org, sysadmin, "tables", server, resources=[
            {"name": "ไม่มีลิงก์", "url": "", "format": "CSV"},
            {"name": "ตาราง", "url": f"{server}/table.csv", "format": "CSV"},
            {"name": "หาย", "url": f"{server}/missing.csv", "format": "CSV"}]),
        "secret": _dataset(org, sysadmin, "secret", server, private=True, tag_string=""),
        "elsewhere": _dataset(other, sysadmin, "elsewhere", server),
    }
    return {"sysadmin": sysadmin, "admin": admin["name"], "editor": editor["name"], "outsider": outsider["name"],
            "org": org, "other": other, "made": made, "server": server}


def _refresh(user: str, **kw: Any) -> dict:
    return helpers.call_action("dgplan_quality_refresh", _as(user), wait=True, **kw)


def _codes(show: dict) -> dict[str, list[str]]:
    return {d["name"]: [p["code"] for p in d["problems"]] for d in show["datasets"]}


def test_each_check_on_stored_datasets(catalogue):
    _refresh(catalogue["sysadmin"])
    show = helpers.call_action("dgplan_quality_show", _as(catalogue["sysadmin"]), organization="moe")
    codes = _codes(show)
    assert codes["good"] == []
    assert set(codes["bad-meta"]) == {"mandatory_missing", "email_implausible", "description_short"}
    assert set(codes["closed"]) == {"licence_not_open", "no_machine_readable"}
    assert codes["late"] == ["overdue"]
    assert codes["undated"] == ["last_updated_missing"]
    assert set(codes["tables"]) == {"resource_url_missing", "datastore_not_loaded"}
    good = next(d for d in show["datasets"] if d["name"] == "good")
    assert good["score"] == 100 and good["compliant"]
    # worst first, with labels in both languages
    assert show["datasets"][0]["score"] <= show["datasets"][-1]["score"]
    late = next(d for d in show["datasets"] if d["name"] == "late")["problems"][0]
    assert late["label"]["th"] and late["label"]["en"] == "Update overdue" and late["detail"]["days_overdue"] > 0
    summary = show["summary"]
    assert summary["datasets"] == 7 and summary["compliant"] == 4  # good, late, undated, tables (secret lacks tags)
    one = helpers.call_action("dgplan_quality_show", _as(""), id="bad-meta")
    assert one["score"] < 100 and {p["code"] for p in one["problems"]} >= {"email_implausible"}


def test_private_datasets_never_leak(catalogue):
    _refresh(catalogue["sysadmin"])
    anon = helpers.call_action("dgplan_quality_show", _as(""), organization="moe")
    assert "secret" not in _codes(anon) and anon["summary"]["datasets"] == 6
    outsider = helpers.call_action("dgplan_quality_show", _as(catalogue["outsider"]), organization="moe")
    assert "secret" not in _codes(outsider)
    member = helpers.call_action("dgplan_quality_show", _as(catalogue["editor"]), organization="moe")
    assert "secret" in _codes(member)
    with pytest.raises(helpers.logic.NotAuthorized):
        helpers.call_action("dgplan_quality_show", _as(""), id="secret")
    portal = helpers.call_action("dgplan_quality_show", _as(""))
    assert portal["summary"]["datasets"] == 7  # six of moe, one elsewhere
    assert {a["name"]: a["datasets"] for a in portal["agencies"]} == {"moe": 6, "other-agency": 1}
    # the KPI series counts public datasets only, whoever asks
    assert portal["trend"][-1]["datasets"] == 7


def test_refresh_auth(catalogue):
    # One catalogue for every case: the roles are what differs, not the data.
    for who, org, allowed in [
        ("", "moe", False), ("editor", "moe", False), ("outsider", "moe", False), ("admin", "moe", True),
        ("admin", None, False), ("outsider", "other-agency", True), ("sysadmin", None, True),
    ]:
        user = catalogue[who] if who else ""
        data = {"organization": org} if org else {}
        if allowed:
            assert helpers.call_action("dgplan_quality_refresh", _as(user), **data)["queued"], (who, org)
        else:
            with pytest.raises(helpers.logic.NotAuthorized):
                helpers.call_action("dgplan_quality_refresh", _as(user), **data)
    jobs.get_queue(QUEUE).empty()  # not run here: no job of this test may reach another test's worker


def test_refresh_job_on_the_queue_and_link_checks(catalogue, cli):
    # The quality jobs have a queue of their own: a long run never holds up xloader or the search
    # retries on CKAN's default queue (one worker on it held a served portal's for over 6 minutes).
    queued = helpers.call_action("dgplan_quality_refresh", _as(catalogue["admin"]), organization="moe", links=True)
    assert queued["queued"] and queued["queue"] == QUEUE
    assert jobs.get_queue().count == 0
    assert [j.func_name.rsplit(".", 1)[-1] for j in jobs.get_queue(QUEUE).jobs] == [
        "dgplan_quality_links_job", "dgplan_quality_refresh_job"]
    # the worker `make serve` starts for that queue
    assert "dgplan worker --quality" in (ROOT / "stack" / "dgplan.sh").read_text()
    result = cli.invoke(dgplan_cli, ["worker", "--quality", "--burst"])
    assert result.exit_code == 0, result.output
    assert jobs.get_queue(QUEUE).count == 0
    show = helpers.call_action("dgplan_quality_show", _as(catalogue["admin"]), organization="moe")
    assert show["not_checked"] == 0
    tables = next(d for d in show["datasets"] if d["name"] == "tables")
    problems = {p["code"]: p for p in tables["problems"]}
    assert problems["link_broken"]["detail"]["urls"] == [f"{catalogue['server']}/missing.csv"]
    # the organization's refresh left the other agency alone
    portal = helpers.call_action("dgplan_quality_show", _as(catalogue["sysadmin"]))
    assert portal["not_checked"] == 1


def test_daily_run_is_scheduled_on_the_quality_queue():
    from rq.registry import ScheduledJobRegistry

    from ckanext.dgplan.store.quality import DAILY_JOB_ID, dgplan_quality_ensure_schedule

    quality, default = (ScheduledJobRegistry(queue=jobs.get_queue(q)) for q in (QUEUE, "default"))
    try:
        assert dgplan_quality_ensure_schedule()
        assert DAILY_JOB_ID in quality.get_job_ids() and DAILY_JOB_ID not in default.get_job_ids()
        assert not dgplan_quality_ensure_schedule()  # one chain only
    finally:
        quality.remove(DAILY_JOB_ID, delete_job=True)


def test_problem_facet_in_search(catalogue):
    found = helpers.call_action("package_search", fq="vocab_dgplan_quality:overdue")
    assert [d["name"] for d in found["results"]] == ["late"]
    clean = helpers.call_action("package_search", fq="vocab_dgplan_quality:none", rows=20)
    assert {d["name"] for d in clean["results"]} == {"good", "elsewhere"}
    # an edit is indexed with its new problems at once
    helpers.call_action("package_patch", {"user": catalogue["sysadmin"]}, id="late",
                        last_updated_date=dt.date.today().isoformat())
    assert helpers.call_action("package_search", fq="vocab_dgplan_quality:overdue")["count"] == 0


def test_kpi_series_after_two_runs(catalogue):
    first = _refresh(catalogue["sysadmin"])
    helpers.call_action("package_patch", {"user": catalogue["sysadmin"]}, id="bad-meta", tag_string="สถิติ",
                        maintainer_email="stat@moe.go.th", notes=LONG)
    second = _refresh(catalogue["sysadmin"])
    assert first["kpi"]["share"] == round(100 * 5 / 7, 1) and second["kpi"]["share"] == round(100 * 6 / 7, 1)
    kpi = helpers.call_action("dgplan_kpi_show", _as(""), id="KPI-OPEN-DATA-QUALITY")
    assert [r["value"] for r in kpi["series"] if r["period"] == "year"] == [second["kpi"]["share"]]
    trend = helpers.call_action("dgplan_quality_show", _as(""), organization="moe")["trend"]
    assert [r["share"] for r in trend] == [round(100 * 4 / 6, 1), round(100 * 5 / 6, 1)]
    portal = helpers.call_action("dgplan_quality_show", _as(""))["trend"]
    assert len(portal) == 2


def test_pages(app, catalogue):
    _refresh(catalogue["sysadmin"])
    page = app.get("/plan/quality/moe")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "/dataset/edit/bad-meta" in html and "secret" not in html
    assert "คุณภาพข้อมูลเปิดของหน่วยงาน" in html
    english = app.get("/en/plan/quality/moe").get_data(as_text=True)
    assert "What to fix" in english and "Contact e-mail not plausible" in english
    # The pages' texts are gettext msgids: an English page has none of their Thai translations (they
    # were Thai/English pairs), a Thai page has them (the method's paragraphs were a Thai and an
    # English copy in the template).
    thai = {m: messages.dgplan_message_texts(m)[0] for m in [*TEXTS.values(), *CHECKS.values()]}
    assert all(THAI.search(t) for t in thai.values())
    for url in ("/en/plan/quality", "/en/plan/quality/method"):
        html = app.get(url).get_data(as_text=True)
        assert [m for m, t in thai.items() if t in html] == [], url
    assert "days overdue" in english and "เลยกำหนด" not in english
    method = app.get("/plan/quality/method").get_data(as_text=True)
    assert thai[TEXTS["method_stars_text"]] in method and TEXTS["method_stars_text"] not in method
    badge = app.get("/dataset/bad-meta").get_data(as_text=True)
    assert "dgplan-quality-badge" in badge and "อีเมลผู้ติดต่อใช้ไม่ได้" in badge
    assert app.get("/plan/quality/method").status_code == 200
    assert app.get("/plan/quality").status_code == 200
    assert app.get("/plan/kpi/KPI-OPEN-DATA-QUALITY").status_code == 200
    assert app.get("/plan/quality/no-such-agency").status_code == 404

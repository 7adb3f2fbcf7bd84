"""The quality checks (ckanext/dgplan/quality/): each check, the score, bad input, link checks."""
from __future__ import annotations

import datetime as dt
import http.server
import time
from pathlib import Path

import pytest
import yaml

from ckanext.dgplan.quality import PROBLEMS, WEIGHTS, evaluate, summarize
from ckanext.dgplan.quality.checks import MANDATORY, format_stars, frequency_days, parse_date
from ckanext.dgplan.quality.links import LinkSettings, check_url, check_urls
from tests.local_http import local_server

TODAY = dt.date(2026, 12, 6)
REGISTER = [
    {"id": "cc-by", "title": "Creative Commons Attribution", "od_conformance": "approved"},
    {"id": "other-closed", "title": "Other (Not Open)", "od_conformance": "not reviewed"},
    {"id": "odc-by", "title": "ODC-By", "is_okd_compliant": True},
]


def good(**changes):
    pkg = {
        "name": "ds", "title": "จำนวนโรงเรียน", "owner_org": "org-id", "data_type": "record",
        "maintainer": "กองสถิติ", "maintainer_email": "stat@moe.go.th", "tags": [{"name": "โรงเรียน"}],
        "notes": "จำนวนโรงเรียนในสังกัดสำนักงานคณะกรรมการการศึกษาขั้นพื้นฐาน แยกตามจังหวัดและขนาดโรงเรียน รายปีการศึกษา",
        "objective": ["public_service"], "update_frequency_unit": "year", "update_frequency_interval": "1",
        "geo_coverage": "province", "data_source": "สพฐ.", "data_format": ["csv"], "data_category": "public",
        "license_id": "cc-by", "last_updated_date": "2026-06-01",
        "resources": [{"id": "r1", "url": "https://data.example.go.th/schools.csv", "format": "CSV",
                       "datastore_active": True}],
    }
    pkg.update(changes)
    return pkg


def codes(pkg, **kw):
    return evaluate(pkg, REGISTER, today=TODAY, **kw).codes


def test_weights_add_up_to_100_and_every_code_is_labelled():
    assert sum(w for _d, w in WEIGHTS.values()) == 100
    for p in PROBLEMS.values():
        assert p.label_th and p.label_en and p.hint_th and p.hint_en


def test_mandatory_items_follow_the_schema():
    schema = yaml.safe_load((Path(__file__).parents[2] / "schemas" / "dgplan_dataset.yaml").read_text("utf-8"))
    required = {f["field_name"] for f in schema["dataset_fields"] if f.get("required")}
    required = {"tags" if f == "tag_string" else f for f in required} - {"title", "name"}
    assert required == set(MANDATORY) - {"owner_org"}


def test_a_good_dataset_scores_100_and_is_compliant():
    result = evaluate(good(), REGISTER, today=TODAY)
    assert result.problems == [] and result.score == 100 and result.compliant and result.stars == 3


def test_missing_mandatory_items_are_named():
    result = evaluate(good(tags=[], data_source="", objective="[]"), REGISTER, today=TODAY)
    problem = result.problems[0]
    assert problem.code == "mandatory_missing"
    assert set(problem.detail["fields"]) == {"tags", "data_source", "objective"}
    assert not result.compliant and result.score < 100


@pytest.mark.parametrize("email", ["opendata@example.org", "not an email", "test@moe.go.th", "a@b", "x@localhost"])
def test_implausible_email(email):
    assert "email_implausible" in codes(good(maintainer_email=email))


def test_description_too_short_or_only_the_title():
    assert "description_short" in codes(good(notes="ข้อมูล"))
    assert "description_short" in codes(good(notes="จำนวนโรงเรียน"))
    assert "description_short" not in codes(good())


def test_licences_unknown_and_not_open():
    assert "licence_unknown" in codes(good(license_id="made-up"))
    assert "licence_unknown" in codes(good(license_id=None))
    assert "licence_not_open" in codes(good(license_id="other-closed"))
    assert "licence_unknown" not in codes(good(license_id="odc-by"))
    assert evaluate(good(license_id="other-closed"), REGISTER, today=TODAY).stars == 0


def test_formats_and_stars():
    pdf = [{"url": "https://x.go.th/a.pdf", "format": "PDF"}]
    assert "no_machine_readable" in codes(good(resources=pdf))
    xls = [{"url": "https://x.go.th/a.xlsx", "format": "XLSX", "datastore_active": True}]
    assert "proprietary_format_only" in codes(good(resources=xls))
    assert evaluate(good(resources=xls), REGISTER, today=TODAY).stars == 2
    rdf = [{"url": "https://x.go.th/a.ttl", "format": ""}]
    assert evaluate(good(resources=rdf), REGISTER, today=TODAY).stars == 4
    assert format_stars("GEOJSON") == 3 and format_stars("JPG") == 1


def test_overdue_says_by_how_much():
    result = evaluate(good(update_frequency_unit="month", last_updated_date="2026-09-01"), REGISTER, today=TODAY)
    overdue = [p for p in result.problems if p.code == "overdue"][0]
    assert overdue.detail["days_overdue"] == (TODAY - dt.date(2026, 10, 1)).days
    assert "overdue" not in codes(good(update_frequency_unit="year", last_updated_date="2025-10-01"))
    # twice a year: due after half a year
    assert "overdue" in codes(good(update_frequency_unit="year", update_frequency_interval="2",
                                   last_updated_date="2026-01-01"))


@pytest.mark.parametrize("value,code", [
    (None, "last_updated_missing"), ("", "last_updated_missing"), ("yesterday", "last_updated_malformed"),
    ("2026-13-45", "last_updated_malformed"), ("2029-01-01", "last_updated_future"), (12345, "last_updated_malformed"),
])
def test_bad_dates(value, code):
    assert code in codes(good(last_updated_date=value))


def test_buddhist_era_dates_are_read():
    assert parse_date("2569-06-01") == dt.date(2026, 6, 1)
    assert "overdue" not in codes(good(last_updated_date="2569-06-01"))


@pytest.mark.parametrize("unit,interval,code", [
    (None, None, "frequency_missing"), ("unknown", None, "frequency_missing"),
    ("fortnightly", None, "frequency_malformed"), ("month", "abc", "frequency_malformed"),
    ("month", "0", "frequency_malformed"), ("month", "-2", "frequency_malformed"),
    ("month", "nan", "frequency_malformed"), (["year"], None, "frequency_malformed"),
])
def test_bad_frequencies(unit, interval, code):
    assert code in codes(good(update_frequency_unit=unit, update_frequency_interval=interval))


def test_no_update_expected_leaves_timeliness_out():
    result = evaluate(good(update_frequency_unit="no_update", last_updated_date=None), REGISTER, today=TODAY)
    assert result.points["timeliness"] is None and result.score == 100
    assert frequency_days("week") == (7.0, None)


def test_resources_without_urls_and_without_datastore():
    result = evaluate(good(resources=[{"id": "r1", "format": "CSV", "url": ""},
                                      {"id": "r2", "format": "CSV", "url": "https://x.go.th/b.csv"}]),
                      REGISTER, today=TODAY)
    assert {"resource_url_missing", "datastore_not_loaded"} <= set(result.codes)
    assert "no_resources" in codes(good(resources=[]))
    assert "no_resources" in codes(good(resources=None))


def test_link_outcomes_become_problems():
    url = "https://data.example.go.th/schools.csv"
    assert "link_broken" in codes(good(), links={url: "link_broken"})
    assert "link_redirect_loop" in codes(good(), links={url: "link_redirect_loop"})
    assert codes(good(), links={url: "ok"}) == []


@pytest.mark.parametrize("pkg", [{}, {"resources": "nonsense"}, {"resources": [None, 3, "x"]},
                                 {"tags": "not a list", "notes": 42, "title": None}, None, "x"])
def test_garbage_gives_problems_not_exceptions(pkg):
    result = evaluate(pkg, REGISTER, today=TODAY)
    assert result.problems and 0 <= result.score <= 100


def test_summary_orders_worst_problems_first():
    rows = [{"score": 100, "compliant": True, "codes": []},
            {"score": 40, "compliant": False, "codes": ["overdue", "mandatory_missing"]},
            {"score": 60, "compliant": False, "codes": ["overdue"]}]
    summary = summarize(rows)
    assert summary["datasets"] == 3 and summary["compliant"] == 1 and summary["share"] == 33.3
    assert [p["code"] for p in summary["problems"]] == ["overdue", "mandatory_missing"]
    assert summarize([])["share"] is None


# ---------------------------------------------------------------------------------- link checks


class _Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):
        if self.path.split("?")[0] == "/ok":
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"a,b\n1,2\n")
        elif self.path == "/missing":
            self.send_response(404)
            self.end_headers()
        elif self.path.startswith("/loop"):
            self.send_response(302)
            self.send_header("Location", "/loop" + str(int(self.path[5:] or 0) + 1))
            self.end_headers()
        elif self.path == "/huge":
            self.send_response(200)
            self.send_header("Content-Length", str(5 * 1024 ** 3))
            self.end_headers()
            try:
                for _ in range(1000):
                    self.wfile.write(b"x" * 65536)
            except OSError:
                pass
        elif self.path == "/slow":
            time.sleep(3)
            self.send_response(200)
            self.end_headers()


@pytest.fixture(scope="module")
def server():
    with local_server(_Handler) as url:
        yield url


LOCAL = LinkSettings(timeout=1.0, per_host_interval=0.0, budget=10, allow_private=True)


def test_link_outcomes(server):
    assert check_url(server + "/ok", LOCAL) == "ok"
    assert check_url(server + "/missing", LOCAL) == "link_broken"
    assert check_url(server + "/loop", LOCAL) == "link_redirect_loop"
    assert check_url(server + "/huge", LOCAL) == "ok"
    assert check_url(server + "/slow", LOCAL) == "link_timeout"
    assert check_url("ftp://x/y", LOCAL) == "link_bad_url"
    assert check_url("not a url", LOCAL) == "link_bad_url"
    assert check_url("http://127.0.0.1:9/", LOCAL) == "link_unreachable"
    assert check_url(server + "/ok", LinkSettings(timeout=1.0)) == "link_private_address"


def test_link_budget_and_host_pacing(server):
    # One host, 0.2 s between its requests, 1 s in all: at most six of the fifty URLs are requested.
    urls = [f"{server}/ok?{i}" for i in range(50)]
    results = check_urls(urls, LinkSettings(timeout=1.0, per_host_interval=0.2, budget=1.0, allow_private=True))
    assert 1 <= len(results) <= 6 and set(results.values()) == {"ok"}

"""The portal a citizen meets (issue 19): home page, About, the plan in the menu, the compact dataset
page, search results with agency/year/formats, Thai labels for codes, Buddhist-era dates on Thai pages,
the status method page and one status per KPI. Real CKAN, PostgreSQL, Solr and DataStore."""
from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from ckan.tests import helpers

from .kpi_support import Upload, kpi_app, kpi_dataset, kpi_marks, roles  # noqa: F401
from .plan_helpers import dataset_data

pytestmark = kpi_marks

THIS_YEAR_BE = str(__import__("datetime").date.today().year + 543)


@pytest.fixture
def site(roles, kpi_app):
    helpers.call_action("package_create", {"user": roles["sysadmin"]["name"]}, **dataset_data(
        roles["dga"], name="elderly-by-province", dgplan_goals=["G1"], dgplan_strategies=["S1"]))
    kpi_dataset(roles["dga"], dgplan_strategies=["S1"])
    admin = {"user": roles["sysadmin"]["name"], "ignore_auth": False}
    rows = b"kpi_code,fiscal_year_be,value,certainty\nKPI-EGDI-RANK,2567,52,confirmed\n"
    helpers.call_action("dgplan_kpi_import", admin, upload=Upload(rows, "v.csv"))
    return {"app": kpi_app, **roles}


def test_home_page_is_the_portal_not_ckans_placeholder(site):
    body = site["app"].get("/").body
    for placeholder in ("Welcome to CKAN", "ยินดีต้อนรับสู่ CKAN", "placeholder-420x220", "Popular tags",
                        "E.g. environment", "Search data"):
        assert placeholder not in body
    assert 'action="/dataset/"' in body and 'name="q"' in body and "ค้นหาชุดข้อมูล" in body
    # Example queries from ckanext.dgplan.home.example_queries, each a link to the search page.
    assert re.search(r'href="/dataset/\?q=[^"]+"', body)
    # Goal and strategy tiles link to their pages; S1's tile carries its KPI's status colour.
    assert 'href="/plan/goal/G1"' in body and 'href="/plan/strategy/S1"' in body
    assert re.search(r'dgplan-tile-off-track">\s*<a href="/plan/strategy/S1"', body)
    # The KPI tile: latest value, its year, the status the KPI page shows.
    assert 'href="/plan/kpi/KPI-EGDI-RANK"' in body and "<strong>52</strong>" in body
    assert "ไม่เป็นไปตามแผน" in body
    # Latest datasets with agency; counts.
    assert "สถิติผู้สูงอายุรายจังหวัด" in body and "ชุดข้อมูลล่าสุด" in body
    assert "หน่วยงาน" in body


def test_home_show_action_counts_what_the_caller_may_see(site):
    result = helpers.call_action("dgplan_home_show", {"user": ""})
    assert result["counts"]["kpis"] == 1 and result["counts"]["goals"] == 4
    s1 = next(s for s in result["strategies"] if s["code"] == "S1")
    assert s1["rollup"]["worst"] == "off_track" and s1["dataset_count"] >= 1
    assert [k["latest_value"] for k in result["kpis"]] == [52.0]
    assert result["latest"][0]["organization"]["name"] == "dga"


@pytest.mark.ckan_config("ckanext.dgplan.home.example_queries", "ผู้สูงอายุ")
def test_home_example_query_finds_a_dataset(site):
    app = site["app"]
    example = "/dataset/?q=" + quote("ผู้สูงอายุ")
    assert f'href="{example}"' in app.get("/").body
    assert "elderly-by-province" in app.get("/dataset/", params={"q": "ผู้สูงอายุ"}).body


def test_plan_in_the_main_menu_and_about_page(site):
    app = site["app"]
    body = app.get("/dataset/").body
    nav = body[body.index("main-navigation-toggle"):]
    assert 'href="/plan"' in nav[:3000] and "แผน" in nav[:3000]
    about = app.get("/about").body
    assert "CKAN is the world" not in about and "GD Catalog" in about and "พอร์ทัลนี้" in about
    assert "This portal publishes" in app.get("/en/about").body


@pytest.mark.ckan_config("ckan.site_about", "ข้อความเกี่ยวกับที่ผู้ดูแลตั้งไว้")
def test_about_text_comes_from_ckans_option(site):
    about = site["app"].get("/about").body
    assert "ข้อความเกี่ยวกับที่ผู้ดูแลตั้งไว้" in about and "GD Catalog" not in about


def test_compact_dataset_page(site):
    body = site["app"].get("/dataset/elderly-by-province").body
    facts = body[body.index("dgplan-dataset-facts"):]
    facts = facts[:facts.index("</dl>")]
    for label in ("หน่วยงาน", "สร้าง", "ปรับปรุงล่าสุด", "ความถี่ในการปรับปรุงข้อมูล", "สัญญาอนุญาต"):
        assert label in facts, label
    assert "ทุก 1 ปี" in facts and THIS_YEAR_BE in facts
    # Geospatial fields do not apply to a statistical dataset; empty fields are not listed.
    assert "ชุดข้อมูลภูมิศาสตร์" not in body and "ลองจิจูด" not in body
    assert body.count('<th scope="row" class="dataset-label">') < 20
    assert "ข้อมูลทั่วไป" in body
    # CKAN's own dates in the Buddhist era on a Thai page, never "ค.ศ.".
    assert "ค.ศ." not in body


def test_search_results_show_agency_year_and_formats(site):
    body = site["app"].get("/dataset/").body
    meta = re.search(r'<p class="dgplan-search-meta">(.*?)</p>', body, re.S).group(1)
    assert site["dga"]["title"] in meta and THIS_YEAR_BE in meta


def test_kpi_pages_label_codes_and_link_the_chart(site):
    app = site["app"]
    kpi = app.get("/plan/kpi/KPI-EGDI-RANK").body
    for code in (">biennial<", ">year<", ">confirmed<", ">reported<"):
        assert code not in kpi
    assert "ทุก 2 ปี" in kpi and "ยืนยันจากแหล่งต้นทาง" in kpi and 'href="/plan/status-method"' in kpi
    assert "ค่าน้อยดีกว่า" in kpi  # the reversed axis said in words, not only in the SVG's <desc>
    dataset = app.get("/dataset/kpi-egdi-rank").body
    assert "{&#39;2570&#39;" not in dataset and "{'2570'" not in dataset
    assert "40 (พ.ศ. 2570)" in dataset and 'href="/plan/kpi/KPI-EGDI-RANK"' in dataset
    coverage = app.get("/plan/coverage").body
    assert ">biennial<" not in coverage and ">Yes<" not in coverage and ">No<" not in coverage
    assert "ใช่" in coverage


def test_plan_kpi_table_shows_the_kpi_dataset_and_its_status(site):
    body = site["app"].get("/plan").body
    row = body[body.index('<tr id="KPI-EGDI-RANK">'):]
    row = row[:row.index("</tr>")]
    assert "ไม่เป็นไปตามแผน" in row and 'href="/dgplan-kpi/kpi-egdi-rank"' in row
    assert "0 ชุดข้อมูล" not in row


def test_status_method_page_in_thai_and_english(site):
    app = site["app"]
    th = app.get("/plan/status-method").body
    assert "วิธีกำหนดสถานะความก้าวหน้า" in th and "0.45" in th and "ร้อยละ 95" in th
    en = app.get("/en/plan/status-method").body
    assert "How the progress status is decided" in en and "at least 95%" in en


@pytest.fixture
def plan_level(roles, kpi_app):
    """Two KPI datasets attached to no goal or strategy, as the bundled plan's KPIs are: one off
    track, one with a value for its baseline year only (too few to assess), plus a dataset of S1."""
    helpers.call_action("package_create", {"user": roles["sysadmin"]["name"]}, **dataset_data(
        roles["dga"], name="elderly-by-province", dgplan_goals=["G1"], dgplan_strategies=["S1"]))
    kpi_dataset(roles["dga"])
    kpi_dataset(roles["dga"], code="KPI-IMD-GOV-EFF", dgplan_baseline_year="2567", dgplan_baseline_value="23",
                dgplan_targets="2570: 20", dgplan_frequency="annual")
    admin = {"user": roles["sysadmin"]["name"], "ignore_auth": False}
    rows = (b"kpi_code,fiscal_year_be,value,certainty\nKPI-EGDI-RANK,2567,52,confirmed\n"
            b"KPI-IMD-GOV-EFF,2567,23,confirmed\n")
    helpers.call_action("dgplan_kpi_import", admin, upload=Upload(rows, "v.csv"))
    return {"app": kpi_app, **roles}


def _tile(body: str, href: str) -> str:
    start = body.rindex('<li class="dgplan-tile', 0, body.index(f'<a href="{href}"'))
    return body[start:body.index("</li>", start)]


def test_goal_and_strategy_tiles_roll_up_the_plan_level_kpis(plan_level):
    """The bundled plan attaches its KPIs to the plan, none to a goal or strategy: the tiles said
    "no data" beside KPI tiles with statuses. They now take the plan-level KPIs, and say so."""
    result = helpers.call_action("dgplan_home_show", {"user": ""})
    for item in result["goals"] + result["strategies"]:
        assert item["rollup"]["scope"] == "plan" and item["rollup"]["worst"] == "off_track", item
        assert item["rollup"]["kpis"] == ["KPI-EGDI-RANK", "KPI-IMD-GOV-EFF"]
    body = plan_level["app"].get("/").body
    for href in ("/plan/goal/G1", "/plan/goal/G4", "/plan/strategy/S1", "/plan/strategy/S3"):
        tile = _tile(body, href)
        assert "dgplan-tile-off-track" in tile and "ไม่เป็นไปตามแผน" in tile, tile
        assert "ตามตัวชี้วัดระดับแผน" in tile and ">ไม่มีข้อมูล<" not in tile, tile
    # The goal page lists the same KPIs with the same statuses.
    goal = plan_level["app"].get("/plan/goal/G2").body
    assert "ส่วนนี้ของแผนไม่มีตัวชี้วัดของตนเอง" in goal
    assert 'href="/plan/kpi/KPI-EGDI-RANK"' in goal and "ไม่เป็นไปตามแผน" in goal
    en = plan_level["app"].get("/en/").body
    assert "By the plan-level KPIs" in en


def test_plan_dataset_counts_include_kpi_datasets(plan_level):
    counts = helpers.call_action("dgplan_plan_show", {"user": ""})["dataset_counts"]
    assert counts["kpis"]["KPI-EGDI-RANK"] == 1 and counts["kpis"]["KPI-IMD-GOV-EFF"] == 1
    app = plan_level["app"]
    body = app.get("/plan").body
    row = body[body.index('<tr id="KPI-EGDI-RANK">'):]
    row = row[:row.index("</tr>")]
    assert "1 ชุดข้อมูล" in row and "0 ชุดข้อมูล" not in row and 'href="/dgplan-kpi/kpi-egdi-rank"' in row
    # The count's link finds the KPI dataset it counted.
    assert "kpi-egdi-rank" in app.get("/dataset/", params={"dgplan_kpis": "KPI-EGDI-RANK"}).body


def test_one_status_per_kpi_on_every_page(plan_level):
    """A KPI with a value for its baseline year only: "not enough data to assess" on the plan,
    the KPI list, its page and the home page (tile and roll-up text); coverage says it has data."""
    app = plan_level["app"]
    short = "ข้อมูลยังไม่พอประเมิน"
    plan = app.get("/plan").body
    row = plan[plan.index('<tr id="KPI-IMD-GOV-EFF">'):]
    assert short in row[:row.index("</tr>")]
    assert short in app.get("/plan/kpi/KPI-IMD-GOV-EFF").body
    listing = app.get("/plan/kpi").body
    assert short in listing[listing.index("KPI-IMD-GOV-EFF"):]
    home = app.get("/").body
    kpi_tile = _tile(home, "/plan/kpi/KPI-IMD-GOV-EFF")
    assert short in kpi_tile and ">ไม่มีข้อมูล<" not in kpi_tile
    assert f"{short} 1" in _tile(home, "/plan/goal/G1") and "ไม่มีข้อมูล" not in _tile(home, "/plan/goal/G1")
    coverage = app.get("/plan/coverage").body
    cov = coverage[coverage.index('href="/plan/kpi/KPI-IMD-GOV-EFF"'):]
    assert "<td>ใช่</td>" in cov[:cov.index("</tr>")]


def test_thai_activity_types_licence_and_footer(site):
    app = site["app"]
    activity = app.get("/dataset/activity/elderly-by-province").body
    assert "ชุดข้อมูลใหม่" in activity and "New Package" not in activity and "Changed Package" not in activity
    helpers.call_action("package_create", {"user": site["sysadmin"]["name"]}, **dataset_data(
        site["dga"], name="no-licence", license_id="notspecified"))
    body = app.get("/dataset/no-licence").body
    assert "ไม่ระบุสัญญาอนุญาต" in body
    assert "License not specified" not in body and "Powered by" not in body and "CKAN Association" not in body
    assert 'alt="Open Data"' not in body and 'aria-label="Account"' not in body
    home = app.get("/").body
    assert "ชุดข้อมูลที่มีทรัพยากรมากที่สุด" in home and "ผู้เข้าชมมากที่สุด" not in home

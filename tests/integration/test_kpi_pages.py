"""KPI pages in Thai (default locale) and English, downloads with formula escaping, private KPIs."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from ckan.tests import helpers
from openpyxl import load_workbook

from .kpi_support import Upload, kpi_app, kpi_dataset, kpi_marks, project_dataset, roles, token  # noqa: F401

pytestmark = kpi_marks
DATA = Path(__file__).resolve().parent.parent / "data"


@pytest.fixture
def site(roles, kpi_app):
    kpi_dataset(roles["dga"])
    kpi_dataset(roles["dga"], "KPI-EGDI-SCORE", private=True, dgplan_direction="higher", dgplan_unit="ดัชนี")
    project_dataset(roles["dga"], "proj-a")
    admin = {"user": roles["sysadmin"]["name"], "ignore_auth": False}
    helpers.call_action("dgplan_kpi_import", admin,
                        upload=Upload((DATA / "kpi_values_formula.csv").read_bytes(), "f.csv"))
    helpers.call_action("dgplan_kpi_import", admin,
                        upload=Upload(b"kpi_code,fiscal_year_be,value\nKPI-EGDI-SCORE,2567,0.8\n", "s.csv"))
    helpers.call_action("dgplan_project_import", admin,
                        upload=Upload(b"project,fiscal_year_be,budget_baht\nproj-a,2567,5000000\n", "p.csv"))
    return {"app": kpi_app, **roles}


def test_kpi_page_thai_and_english(site):
    app = site["app"]
    th = app.get("/plan/kpi/KPI-EGDI-RANK").body
    assert "ค่าของตัวชี้วัดและค่าเป้าหมายรายปีงบประมาณ" in th  # translated heading
    assert "ไม่เป็นไปตามแผน" in th or "ไม่มีข้อมูล" in th or "ต้องเร่งรัด" in th
    assert "<svg" in th and 'role="img"' in th and "<table" in th
    en = app.get("/en/plan/kpi/KPI-EGDI-RANK").body
    assert "Values and targets by fiscal year" in en and "Reported value" in en
    # The note that looks like a formula is shown as text (escaped HTML), not as markup.
    assert "=HYPERLINK(&#34;http://evil.example&#34;" in en or "=HYPERLINK(&quot;http://evil.example&quot;" in en


def test_list_coverage_and_import_pages(site):
    app = site["app"]
    for url, th_text, en_text in [
        ("/plan/kpi", "ตัวชี้วัดของแผน", "Plan KPIs"),
        ("/plan/coverage", "ความครอบคลุมของข้อมูล", "Data coverage"),
    ]:
        assert th_text in app.get(url).body
        assert en_text in app.get("/en" + url).body
    body = app.get("/plan/kpi").body
    assert "KPI-EGDI-SCORE" not in body  # private: not listed for anonymous users
    assert "งบประมาณตามยุทธศาสตร์และปีงบประมาณ" in body  # budget chart and table
    assert "KPI-EGDI-SCORE" in app.get("/plan/kpi", headers=token(site["dga_editor"])).body
    app.get("/plan/import", status=403)
    page = app.get("/en/plan/import", headers=token(site["dga_editor"])).body
    assert "Import KPI values or budgets" in page
    assert "นำเข้าค่าตัวชี้วัดหรืองบประมาณ" in app.get("/plan/import", headers=token(site["dga_editor"])).body


def test_upload_page_imports_and_reports_errors(site):
    app = site["app"]
    headers = token(site["dga_editor"])
    ok = app.post("/en/plan/import", headers=headers, data={
        "kind": "kpis", "upload": (io.BytesIO(b"kpi_code,fiscal_year_be,value\nKPI-EGDI-RANK,2569,45\n"), "v.csv")})
    assert "new rows: 1" in ok.body
    bad = app.post("/en/plan/import", headers=headers, data={
        "kind": "kpis", "upload": (io.BytesIO(b"kpi_code,fiscal_year_be,value\nKPI-EGDI-RANK,2569,abc\n"), "v.csv")})
    # the English page in English only (issue 17)
    assert "Row 2, column value" in bad.body and "แถว 2 คอลัมน์ value" not in bad.body
    other = app.post("/en/plan/import", headers=token(site["other_editor"]), data={
        "kind": "kpis", "upload": (io.BytesIO(b"kpi_code,fiscal_year_be,value\nKPI-EGDI-RANK,2569,1\n"), "v.csv")})
    assert "you may not change KPI KPI-EGDI-RANK" in other.body


def test_downloads_escape_formulas(site):
    app = site["app"]
    raw = app.get("/plan/kpi/KPI-EGDI-RANK.csv")
    assert raw.headers["Content-Type"].startswith("text/csv")
    data = raw.get_data()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    notes = {r["fiscal_year_be"]: r for r in rows}
    assert notes["2565"]["note"].startswith("'=HYPERLINK")
    assert notes["2565"]["source"].startswith("'+cmd")
    assert notes["2567"]["note"] == "'@SUM(1+1)" and notes["2567"]["source"] == "'-2+3"
    assert notes["2565"]["value"] == "55"

    book = load_workbook(io.BytesIO(app.get("/plan/kpi/KPI-EGDI-RANK.xlsx").get_data()))
    sheet = book.active
    header = [c.value for c in sheet[1]]
    cells = [dict(zip(header, [c.value for c in row], strict=True)) for row in sheet.iter_rows(min_row=2)]
    assert all(not str(c["note"]).startswith("=") for c in cells)
    assert {c.data_type for row in sheet.iter_rows(min_row=2) for c in row} <= {"s", "n"}  # no formulas

    payload = json.loads(app.get("/plan/kpi/KPI-EGDI-RANK.json").get_data())
    assert payload["code"] == "KPI-EGDI-RANK" and len(payload["series"]) == 2


def test_private_kpi_invisible_everywhere(site):
    app = site["app"]
    for suffix in ("", ".csv", ".json", ".xlsx"):
        app.get(f"/plan/kpi/KPI-EGDI-SCORE{suffix}", status=404)
        app.get(f"/plan/kpi/KPI-EGDI-SCORE{suffix}", headers=token(site["other_editor"]), status=404)
    assert app.get("/plan/kpi/KPI-EGDI-SCORE.csv", headers=token(site["dga_editor"])).status_code == 200
    coverage = app.get("/plan/coverage.csv").get_data().decode("utf-8-sig")
    line = next(row for row in csv.DictReader(io.StringIO(coverage)) if row["code"] == "KPI-EGDI-SCORE")
    assert line["dataset"] == "" and line["has_data"] == "False"


def test_scheming_pages_of_both_types(site):
    app = site["app"]
    headers = token(site["sysadmin"])
    body = app.get("/dgplan-kpi/kpi-egdi-rank").body
    assert "KPI-EGDI-RANK" in body
    assert "ค่ายิ่งต่ำยิ่งดี" in body  # choice label in Thai
    assert "Lower is better" in app.get("/en/dgplan-kpi/kpi-egdi-rank").body
    assert "proj-a" in app.get("/dgplan-project/proj-a").body
    form = app.get("/dgplan-kpi/new", headers=headers).body
    assert 'name="dgplan_kpi_code"' in form and 'name="dgplan_goals"' in form
    assert 'name="dgplan_fiscal_years"' in app.get("/dgplan-project/new", headers=headers).body
    activity = app.get("/dataset/activity/kpi-egdi-rank", headers=headers).body
    assert "kpi-egdi-rank" in activity


def test_snippets_for_the_plan_pages(site):
    """The snippets the plan's own pages include: KPI statuses of a goal, budget by strategy."""
    import ckan.plugins.toolkit as tk

    with site["app"].flask_app.test_request_context("/"):
        statuses = tk.render_snippet("dgplan/kpi/snippets/strategy_kpis.html", {"goal": "G1"})
        assert "dgplan-kpi-status" in statuses
        statuses = tk.render_snippet("dgplan/kpi/snippets/strategy_kpis.html", {"strategy": "S4"})
        assert "dgplan-kpi-status" in statuses
        budget = tk.render_snippet("dgplan/kpi/snippets/budget.html", {})
        assert "<svg" in budget and "ไม่ระบุยุทธศาสตร์" not in budget and "S4" in budget

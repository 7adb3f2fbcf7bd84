"""Citizen journey (anonymous): find a dataset in Thai, download it, read the plan and a KPI."""
from __future__ import annotations

import csv
import io
import re
from typing import Any

import pytest

from .conftest import (
    PRIVATE_TITLE,
    PUBLIC_CSV,
    PUBLIC_KPI,
    PUBLIC_KPI_ROWS,
    PUBLIC_TITLE,
    SEARCH_WORD,
    Steps,
    download,
    switch_language,
)

pytestmark = pytest.mark.browser

OTHER_TITLE = "ความเร็วอินเทอร์เน็ตเฉลี่ยของหน่วยงานภาครัฐ"


def test_citizen_finds_and_downloads_a_dataset(portal: dict[str, Any], page: Any) -> None:
    steps = Steps(page, "citizen-dataset")
    page.goto("/dataset/")
    page.fill("#field-giant-search", SEARCH_WORD)
    page.press("#field-giant-search", "Enter")
    page.wait_for_load_state()
    results = page.locator(".dataset-list")
    results.get_by_text(PUBLIC_TITLE).wait_for()
    assert results.get_by_text(OTHER_TITLE).is_visible()
    assert PRIVATE_TITLE not in page.content()
    steps.shot("search in Thai")

    # Narrow by the strategy facet: only S1's dataset stays.
    page.locator("a[href*='dgplan_strategies=S1']").first.click()
    # CKAN 2.12's facet links are htmx-boosted (no page load): the address changes once the
    # fetched page is swapped in.
    page.wait_for_url(re.compile("dgplan_strategies=S1"))
    results.get_by_text(PUBLIC_TITLE).wait_for()
    assert results.get_by_text(OTHER_TITLE).count() == 0
    steps.shot("strategy facet")

    results.get_by_text(PUBLIC_TITLE).click()
    page.wait_for_url("**/dataset/broadband-households-by-province")
    assert page.locator("h1").first.inner_text().strip().startswith(PUBLIC_TITLE[:20])
    steps.shot("dataset page")

    page.get_by_text("ครัวเรือนรายจังหวัด").first.click()
    page.wait_for_url("**/resource/**")
    steps.shot("resource page")
    link = page.locator("a[href*='/download/households.csv']").first
    assert download(page, link) == PUBLIC_CSV

    # The interface in English, then back in Thai.
    page.goto("/dataset/broadband-households-by-province")
    switch_language(page, "en")
    assert "/en/" in page.url
    page.get_by_text("Dataset type").first.wait_for()
    assert page.get_by_text("Statistical data").first.is_visible()
    steps.shot("english")
    switch_language(page, "th")
    assert "/en/" not in page.url
    page.get_by_text("ประเภทชุดข้อมูล").first.wait_for()
    assert page.get_by_text("ข้อมูลสถิติ").first.is_visible()
    steps.shot("thai again")
    print(f"citizen journey (dataset): {steps.done():.1f} s")


def test_citizen_reads_the_plan_and_a_strategy(portal: dict[str, Any], page: Any) -> None:
    steps = Steps(page, "citizen-plan")
    page.goto("/plan")
    page.locator("h1", has_text="แผนพัฒนารัฐบาลดิจิทัล").first.wait_for()
    steps.shot("plan")
    page.locator("a[href$='/plan/strategy/S1']").first.click()
    page.wait_for_url("**/plan/strategy/S1")
    page.get_by_text(PUBLIC_TITLE).first.wait_for()
    assert PRIVATE_TITLE not in page.content()
    steps.shot("strategy S1")
    print(f"citizen journey (plan): {steps.done():.1f} s")


def test_citizen_reads_a_kpi_and_downloads_its_series(portal: dict[str, Any], page: Any) -> None:
    from openpyxl import load_workbook

    steps = Steps(page, "citizen-kpi")
    resp = page.goto(f"/plan/kpi/{PUBLIC_KPI}")
    assert resp.status == 200, f"/plan/kpi/{PUBLIC_KPI}: HTTP {resp.status}"
    assert page.locator("figure svg").first.is_visible(), "the KPI chart is missing"
    table = page.locator("table", has=page.locator("caption"))
    for year, value, target in PUBLIC_KPI_ROWS:
        row = table.locator("tbody tr", has=page.locator("th", has_text=year))
        assert row.count() == 1, f"no table row for {year}"
        cells = row.first.inner_text()
        assert value in cells and (not target or target in cells), cells
    steps.shot("kpi page")

    expected = {(y, float(v)) for y, v, _ in PUBLIC_KPI_ROWS}
    body = download(page, page.locator(f"a[href$='{PUBLIC_KPI}.csv']").first)
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
    assert {(r["fiscal_year_be"], float(r["value"])) for r in rows if r["value"]} == expected
    assert {r["target"] for r in rows if r["fiscal_year_be"] == "2567"} == {"45"} or \
        {float(r["target"]) for r in rows if r["fiscal_year_be"] == "2567"} == {45.0}

    body = download(page, page.locator(f"a[href$='{PUBLIC_KPI}.xlsx']").first)
    assert body[:2] == b"PK"
    sheet = load_workbook(io.BytesIO(body), read_only=True).active
    values = list(sheet.iter_rows(values_only=True))
    header = [str(h) for h in values[0]]
    got = {(str(r[header.index("fiscal_year_be")]), float(r[header.index("value")]))
           for r in values[1:] if r[header.index("value")] not in (None, "")}
    assert got == expected
    steps.shot("kpi downloads")
    print(f"citizen journey (KPI): {steps.done():.1f} s")

"""The portal a citizen meets (issue 19) in Chromium: no sideways scroll at 390 px, chart text at
least 12 px on a desktop and 10 px on a phone, Thai strings and Buddhist-era dates on Thai pages."""
from __future__ import annotations

from typing import Any

import pytest

from .conftest import BASE, PUBLIC_KPI

pytestmark = pytest.mark.browser

PAGES = ["/", "/dataset/", "/dataset/broadband-households-by-province", "/plan", "/plan/goal/G1",
         "/plan/strategy/S2", f"/plan/kpi/{PUBLIC_KPI}", "/plan/coverage", "/plan/status-method"]

_CHART_TEXT = """() => Array.from(document.querySelectorAll('svg.dgplan-chart')).map(svg => {
    const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    return Math.min(...Array.from(svg.querySelectorAll('text'))
        .map(t => parseFloat(getComputedStyle(t).fontSize) * scale)); })"""


# Latin words (codes split at hyphens) in table cells that the browser broke across two lines.
_BROKEN_WORDS = """() => { const bad = [];
  for (const cell of document.querySelectorAll('.dgplan-table-wrap th, .dgplan-table-wrap td')) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT); let node;
    while ((node = walker.nextNode())) {
      for (const m of node.data.matchAll(/[A-Za-z0-9().,]+/g)) {
        const range = document.createRange();
        range.setStart(node, m.index); range.setEnd(node, m.index + m[0].length);
        if (range.getClientRects().length > 1) bad.push(m[0]);
      } } }
  return bad; }"""


@pytest.fixture
def phone(browser: Any) -> Any:
    ctx = browser.new_context(base_url=BASE, locale="th-TH", viewport={"width": 390, "height": 844},
                              device_scale_factor=2, is_mobile=True, has_touch=True)
    try:
        yield ctx.new_page()
    finally:
        ctx.close()


@pytest.mark.parametrize("url", PAGES)
def test_no_sideways_scroll_on_a_390px_phone(portal: dict[str, Any], phone: Any, url: str) -> None:
    resp = phone.goto(url)
    assert resp.status == 200
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"{url} is {width} px wide on a 390 px phone"


@pytest.mark.parametrize("url", [f"/plan/kpi/{PUBLIC_KPI}"])  # the browser portal has no budget chart
def test_chart_text_is_readable(portal: dict[str, Any], page: Any, phone: Any, url: str) -> None:
    page.goto(url)
    desktop = page.evaluate(_CHART_TEXT)
    phone.goto(url)
    small = phone.evaluate(_CHART_TEXT)
    assert desktop and small
    assert min(desktop) >= 12, desktop
    assert min(small) >= 10, small


def test_thai_pages_speak_thai_and_count_in_the_buddhist_era(portal: dict[str, Any], page: Any) -> None:
    for url in ("/", "/dataset/broadband-households-by-province", f"/plan/kpi/{PUBLIC_KPI}", "/plan/coverage"):
        page.goto(url)
        text = page.inner_text("body")
        for english in ("Welcome to CKAN", "Search data", "License not specified", "This dataset has no data",
                        "Follow", "Data API", "biennial", "confirmed", "Yes", "ค.ศ.", "Powered by",
                        "CKAN Association"):
            assert english not in text, f"{english!r} on {url}"
    # Activity types in the filter, as CKAN prints them raw ("Changed Package") on Thai pages too.
    page.goto("/dataset/activity/broadband-households-by-province")
    options = page.locator("#activity_types_filter_select option").all_inner_texts()
    assert "ชุดข้อมูลใหม่" in [o.strip() for o in options], options
    assert not [o for o in options if "Package" in o or "Resource View" in o], options
    page.goto("/dataset/broadband-households-by-province")
    import datetime
    assert str(datetime.date.today().year + 543) in page.inner_text(".dgplan-dataset-facts")
    page.goto("/")
    assert page.locator("nav a[href='/plan']").count() >= 1


@pytest.mark.parametrize("url", ["/en/plan", "/en/plan/strategy/S1", f"/en/plan/kpi/{PUBLIC_KPI}", "/en/plan/coverage"])
def test_table_cells_keep_whole_words(portal: dict[str, Any], page: Any, phone: Any, url: str) -> None:
    """Tables scroll inside their box, so no column is squeezed to one letter per line
    ("Baselin/e", "Fisc/al ye/ar") at 1280 px or on a phone."""
    for tab in (page, phone):
        tab.goto(url)
        assert tab.evaluate(_BROKEN_WORDS) == [], url

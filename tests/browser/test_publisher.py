"""Publisher journey (Thai UI): an agency editor creates a dataset through the form, then imports KPI values."""
from __future__ import annotations

import re
from typing import Any

import pytest

from .conftest import PUBLISHER_KPI, Api, Steps, kpi_csv, login

pytestmark = pytest.mark.browser

TITLE = "สถิติการใช้บริการภาครัฐผ่านระบบดิจิทัลของประชาชนรายจังหวัด"
NOTES = "จำนวนครั้งที่ประชาชนใช้บริการภาครัฐผ่านช่องทางดิจิทัล จำแนกรายจังหวัด เพื่อติดตามการเปลี่ยนผ่านสู่รัฐบาลดิจิทัล"
TAGS = ["บริการภาครัฐ", "ข้อมูลสถิติ"]
CSV_BYTES = ("จังหวัด,จำนวนครั้ง,หมายเหตุ\n"
             "กรุงเทพมหานคร,1250000,รวมทุกช่องทาง\n"
             "ขอนแก่น,315000,ข้อมูลเบื้องต้น\n").encode("utf-8")


def field_group(page: Any, field_id: str) -> Any:
    """The form group (label, input, error) of a field."""
    return page.locator(f"#{field_id}").locator("xpath=ancestor::div[contains(@class,'form-group')][1]")


def add_tags(page: Any, tags: list[str]) -> None:
    """Type tags into the select2 tag box the way a publisher does: word, comma, next word."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    box = page.locator("#s2id_field-tag_string input.select2-input")
    if box.count():
        try:
            box.click()
            for tag in tags:
                box.type(tag)
                page.locator(".select2-drop-active .select2-highlighted").wait_for(timeout=5_000)
                box.press("Enter")
            page.keyboard.press("Escape")
        except PlaywrightTimeout:
            pass
        value = page.locator("#field-tag_string").input_value()
        if all(t in value for t in tags):
            return
    page.locator("#field-tag_string").evaluate("(el, v) => { el.value = v; }", ",".join(tags))


def test_publisher_creates_a_dataset_through_the_form(portal: dict[str, Any], page: Any) -> None:
    steps = Steps(page, "publisher-dataset")
    login(page, "dga_editor")
    page.goto("/dataset/new")
    steps.shot("empty form")

    page.select_option("#field-data_type", "statistical")
    page.fill("#field-title", TITLE)
    page.fill("#field-notes", NOTES)
    add_tags(page, TAGS)
    page.fill("#field-maintainer_email", "stat@dga.or.th")
    page.check("input[name='objective'][value='public_service']")
    page.select_option("#field-update_frequency_unit", "year")
    page.select_option("#field-geo_coverage", "province")
    page.fill("#field-data_source", "สำนักงานพัฒนารัฐบาลดิจิทัล")
    page.check("input[name='data_format'][value='csv']")
    page.select_option("#field-data_category", "public")
    page.select_option("#field-license_id", "cc-by", force=True)
    page.fill("#field-data_release_calendar", "1 ต.ค. 2566")

    # Plan goals: accept one suggestion; strategy S1 picked in the list.
    suggest = page.locator("[data-dgplan-suggest-run]")
    accepted = None
    if suggest.count():
        suggest.click()
        accept = page.locator("[data-dgplan-accept]").first
        accept.wait_for()
        accepted = accept.locator("xpath=ancestor::li[1]").get_attribute("data-code")
        accept.click()
        steps.shot("suggestion accepted")
    goals = page.locator("#field-dgplan_goals option:checked").evaluate_all("els => els.map(e => e.value)")
    if not goals:
        page.select_option("#field-dgplan_goals", "G1", force=True)
        goals = ["G1"]
    page.locator("#field-dgplan_strategies").evaluate(
        "el => { el.querySelector('option[value=S1]').selected = true; el.dispatchEvent(new Event('change')); }")
    strategies = page.locator("#field-dgplan_strategies option:checked").evaluate_all("els => els.map(e => e.value)")
    assert "S1" in strategies

    # First submit without the contact person: a Thai error next to that field.
    page.locator("button[name='save']").last.click()
    page.wait_for_load_state()
    group = field_group(page, "field-maintainer")
    error = group.locator(".error-block, .invalid-feedback").first
    error.wait_for()
    assert re.search("[\u0e01-\u0e5b]", error.inner_text()), error.inner_text()
    steps.shot("error in thai")

    page.fill("#field-maintainer", "กลุ่มงานสถิติดิจิทัล")
    # The values typed before stay in the form after the error.
    assert page.locator("#field-data_release_calendar").input_value()
    page.locator("button[name='save']").last.click()
    page.wait_for_url("**/resource/new")
    slug = re.search(r"/dataset/([^/]+)/resource/new", page.url).group(1)
    assert re.fullmatch(r"[a-z0-9][a-z0-9-]{2,}", slug) and not re.fullmatch(r"[0-9a-f-]{36}", slug), slug
    steps.shot("resource form")

    page.set_input_files("#field-resource-upload", files=[
        {"name": "egov-services.csv", "mimeType": "text/csv", "buffer": CSV_BYTES}])
    page.fill("#field-name", "จำนวนครั้งการใช้บริการรายจังหวัด")
    page.locator("button[name='save'][value='go-metadata']").click()
    page.wait_for_url(f"**/dataset/{slug}")
    steps.shot("dataset page")

    body = page.locator("body")
    for text in ("ประเภทชุดข้อมูล", "ข้อมูลสถิติ", "1 ตุลาคม 2566", "จำนวนครั้งการใช้บริการรายจังหวัด", *TAGS):
        assert body.get_by_text(text).count() > 0, f"{text!r} is not on the dataset page"
    for code in (*goals, "S1"):
        found = page.locator("a", has_text=re.compile(rf"^\s*{code}\s")).count()
        assert found > 0, f"{code} is not on the dataset page"
    if accepted:
        assert accepted in goals or accepted in strategies

    # The uploaded file comes back byte for byte.
    resource = page.context.request.get(
        f"/api/3/action/package_show?id={slug}").json()["result"]["resources"][0]
    assert page.context.request.get(resource["url"]).body() == CSV_BYTES
    print(f"publisher journey (dataset): {steps.done():.1f} s")


def test_publisher_imports_kpi_values(portal: dict[str, Any], page: Any) -> None:
    steps = Steps(page, "publisher-kpi-import")
    login(page, "dga_editor")
    resp = page.goto("/plan/import")
    assert resp.status == 200, f"/plan/import: HTTP {resp.status}"
    steps.shot("import page")

    bad = kpi_csv(PUBLISHER_KPI, [("2565", "0.7", ""), ("2566", "เจ็ดสิบ", ""), ("2567", "0.75", "0.8")])
    page.select_option("#field-kind", "kpis")
    page.set_input_files("#field-upload", files=[{"name": "egdi-score.csv", "mimeType": "text/csv", "buffer": bad}])
    page.locator("form.dgplan-import-form button[type=submit]").click()
    page.wait_for_load_state()
    alert = page.locator(".alert-danger")
    alert.wait_for()
    message = alert.inner_text()
    # Row 3 of the spreadsheet (the header is row 1), column "value".
    assert re.search(r"(แถว|Row) 3\b", message) and "value" in message, message
    steps.shot("bad row")
    api = Api(portal["token"])
    assert api("dgplan_kpi_show", id=PUBLISHER_KPI)["series"] == [] or all(
        r.get("value") in (None, "") for r in api("dgplan_kpi_show", id=PUBLISHER_KPI)["series"])

    good = kpi_csv(PUBLISHER_KPI, [("2565", "0.7", ""), ("2566", "0.72", ""), ("2567", "0.75", "0.8")])
    page.set_input_files("#field-upload", files=[{"name": "egdi-score.csv", "mimeType": "text/csv", "buffer": good}])
    page.locator("form.dgplan-import-form button[type=submit]").click()
    page.wait_for_load_state()
    page.locator(".alert-success").wait_for()
    assert "3" in page.locator(".alert-success").inner_text()
    steps.shot("good file")
    values = {(str(r["fiscal_year_be"]), float(r["value"])) for r in api("dgplan_kpi_show", id=PUBLISHER_KPI)["series"]
              if r.get("value") not in (None, "")}
    assert values == {("2565", 0.7), ("2566", 0.72), ("2567", 0.75)}
    print(f"publisher journey (KPI import): {steps.done():.1f} s")

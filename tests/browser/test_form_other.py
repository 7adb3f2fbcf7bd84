"""An "other, please specify" field appears only while "other" is chosen, and is required then."""
from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from .conftest import login

pytestmark = pytest.mark.browser


def test_other_text_follows_its_choice(portal: dict[str, Any], page: Any) -> None:
    login(page, "dga_editor")
    page.goto("/dataset/new")
    # expect() waits for CKAN's JS modules, which start after the page has loaded.
    data_type_other = page.locator("#field-data_type_other")
    objective_other = page.locator("#field-objective_other")
    expect(data_type_other).to_be_hidden()
    expect(objective_other).to_be_hidden()

    page.select_option("#field-data_type", "other")
    expect(data_type_other).to_be_visible()
    page.select_option("#field-data_type", "statistical")
    expect(data_type_other).to_be_hidden()

    # Checkboxes: shown while the "other" objective is ticked.
    page.check("input[name='objective'][value='other']")
    expect(objective_other).to_be_visible()
    page.uncheck("input[name='objective'][value='other']")
    expect(objective_other).to_be_hidden()

    # Submitting "other" without its text brings the field back with the error next to it.
    page.select_option("#field-data_type", "other")
    page.fill("#field-title", "ชุดข้อมูลประเภทอื่น")
    page.locator("button[name='save']").last.click()
    page.wait_for_load_state()
    group = data_type_other.locator("xpath=ancestor::div[contains(@class,'form-group')][1]")
    error = group.locator(".error-block, .invalid-feedback").first
    error.wait_for()
    expect(data_type_other).to_be_visible()
    assert "อื่น" in error.inner_text(), error.inner_text()

"""An "other, please specify" field appears only while "other" is chosen, and is required then."""
from __future__ import annotations

from typing import Any

import pytest

from .conftest import login

pytestmark = pytest.mark.browser


def test_other_text_follows_its_choice(portal: dict[str, Any], page: Any) -> None:
    login(page, "dga_editor")
    page.goto("/dataset/new")
    data_type_other = page.locator("#field-data_type_other")
    objective_other = page.locator("#field-objective_other")
    assert not data_type_other.is_visible()
    assert not objective_other.is_visible()

    page.select_option("#field-data_type", "other")
    assert data_type_other.is_visible()
    page.select_option("#field-data_type", "statistical")
    assert not data_type_other.is_visible()

    # Checkboxes: shown while the "other" objective is ticked.
    page.check("input[name='objective'][value='other']")
    assert objective_other.is_visible()
    page.uncheck("input[name='objective'][value='other']")
    assert not objective_other.is_visible()

    # Submitting "other" without its text brings the field back with the error next to it.
    page.select_option("#field-data_type", "other")
    page.fill("#field-title", "ชุดข้อมูลประเภทอื่น")
    page.locator("button[name='save']").last.click()
    page.wait_for_load_state()
    group = data_type_other.locator("xpath=ancestor::div[contains(@class,'form-group')][1]")
    error = group.locator(".error-block, .invalid-feedback").first
    error.wait_for()
    assert data_type_other.is_visible()
    assert "อื่น" in error.inner_text(), error.inner_text()

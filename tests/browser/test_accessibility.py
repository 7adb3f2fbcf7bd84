"""Accessibility: axe-core on the dataset form, the dataset page, /plan and a KPI page; labelled fields."""
from __future__ import annotations

from typing import Any

import pytest

from .conftest import PUBLIC_KPI, axe_check, login

pytestmark = pytest.mark.browser

PAGES = {
    "dataset-form": "/dataset/new",
    "dataset-page": "/dataset/broadband-households-by-province",
    "plan": "/plan",
    "kpi-page": f"/plan/kpi/{PUBLIC_KPI}",
    "home": "/",
    "search": "/dataset/",
    "coverage": "/plan/coverage",
    "status-method": "/plan/status-method",
}


@pytest.mark.parametrize("label", list(PAGES))
def test_no_serious_or_critical_axe_violations(portal: dict[str, Any], page: Any, label: str) -> None:
    if label == "dataset-form":
        login(page, "dga_editor")
    resp = page.goto(PAGES[label])
    assert resp.status == 200, f"{PAGES[label]}: HTTP {resp.status}"
    page.wait_for_load_state("networkidle")
    violations = axe_check(page, label)
    assert not violations, "\n".join(f"{v['impact']} {v['id']}: {v['help']} at {v['nodes']}" for v in violations)


def test_every_field_of_the_dataset_form_has_a_label(portal: dict[str, Any], page: Any) -> None:
    login(page, "dga_editor")
    page.goto("/dataset/new")
    page.wait_for_load_state("networkidle")
    unlabelled = page.evaluate("""() => Array.from(document.querySelectorAll(
            'form#dataset-edit input, form#dataset-edit select, form#dataset-edit textarea'))
        .filter(el => !['hidden', 'submit', 'button', 'reset'].includes(el.type))
        .filter(el => !(el.labels && el.labels.length) && !el.getAttribute('aria-label')
                      && !el.getAttribute('aria-labelledby') && !el.closest('label'))
        .map(el => el.name || el.id || el.outerHTML.slice(0, 80))""")
    assert unlabelled == []

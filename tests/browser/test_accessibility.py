"""Accessibility: axe-core on the dataset form, the dataset page, /plan and a KPI page; labelled fields."""
from __future__ import annotations

from typing import Any

import ckan
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


# Markup of CKAN 2.12.0's own templates and scripts that axe refuses there (2.11.6 passes the same
# pages): facet links whose aria-label leaves out the visible count (snippets/facet_list.html), the
# resource link labelled "Navigate to resource: ..." (package/snippets/resource_item.html), the
# header's avatar and dashboard links labelled "View profile"/"Dashboard" beside other visible text
# (header.html), and select2 4's unlabelled multiple-choice box. Strict, so a fixed CKAN is noticed.
_CKAN_2120_MARKUP = {
    "dataset-form": "CKAN 2.12.0: header avatar and dashboard links' aria-label (label-content-name-mismatch), "
                    "select2 4 multiple box without a name (aria-input-field-name)",
    "dataset-page": "CKAN 2.12.0: resource_item.html's 'Navigate to resource' aria-label (label-content-name-mismatch)",
    "search": "CKAN 2.12.0: facet_list.html's aria-label without the visible count (label-content-name-mismatch)",
}


def _axe_param(label: str) -> Any:
    if label not in _CKAN_2120_MARKUP:
        return label
    return pytest.param(label, marks=pytest.mark.xfail(ckan.__version__ == "2.12.0", strict=True,
                                                       reason=_CKAN_2120_MARKUP[label]))


@pytest.mark.parametrize("label", [_axe_param(label) for label in PAGES])
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

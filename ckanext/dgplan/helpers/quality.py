"""Template helpers of the quality pages and the dataset badge.

The pages' texts are English msgids (:data:`TEXTS`, :data:`CHECKS`) translated through gettext,
Thai in ``i18n/th/LC_MESSAGES/ckanext-dgplan.po``, so a page is written in its language only, like
the rest of the portal. Problem labels and hints, dimensions and GD Catalog item names come from
the pure package :mod:`ckanext.dgplan.quality` with their Thai and English texts (the API returns
both) and are chosen from by the page's language.
"""
from __future__ import annotations

from typing import Any, Optional

import ckan.plugins.toolkit as tk
from markupsafe import Markup

from ckanext.dgplan.helpers.plan import dgplan_lang
from ckanext.dgplan.kpi import charts
from ckanext.dgplan.messages import N_
from ckanext.dgplan.quality import DIMENSIONS, PROBLEMS, WEIGHTS
from ckanext.dgplan.quality.checks import MANDATORY, Settings
from ckanext.dgplan.quality.summary import KPI_CODE

__all__ = [
    "dgplan_quality_badge",
    "dgplan_quality_detail",
    "dgplan_quality_dimensions",
    "dgplan_quality_kpi_code",
    "dgplan_quality_problem_types",
    "dgplan_quality_text",
    "dgplan_quality_trend_chart",
    "dgplan_quality_weights",
]

#: The pages' texts: English msgids, Thai in the extension's catalog; written in the page's language.
TEXTS: dict[str, str] = {
    "title": N_("Open-data quality"),
    "portal_title": N_("Open-data quality of the portal"),
    "agency_title": N_("Open-data quality of the agency"),
    "score": N_("Quality score"),
    "score_of": N_("Mean score (of 100)"),
    "datasets": N_("Datasets"),
    "compliant": N_("Meet the GD Catalog standard"),
    "share": N_("Share meeting the standard"),
    "not_checked": N_("Not checked yet"),
    "trend": N_("Trend (public datasets)"),
    "run": N_("Run"),
    "run_at": N_("Checked at"),
    "problems": N_("Problems, most frequent first"),
    "problem": N_("Problem"),
    "count": N_("Datasets"),
    "how_to_fix": N_("How to fix"),
    "what_to_fix": N_("What to fix (lowest scores first)"),
    "edit": N_("Edit"),
    "dataset": N_("Dataset"),
    "none": N_("No problem found"),
    "agencies": N_("Agencies"),
    "agency": N_("Agency"),
    "method": N_("How the open-data quality indicator is computed"),
    "method_link": N_("Method"),
    "kpi_link": N_("The plan's KPI"),
    "stars": N_("Openness stars"),
    "badge": N_("Data quality"),
    "private": N_("Private"),
    "no_runs": N_("No run yet"),
    "filter": N_("Find datasets with this problem"),
    "dimension": N_("Dimension"),
    "check": N_("Check"),
    "weight": N_("Weight"),
    "days_overdue": N_("%(days)s days overdue"),
    "fields": N_("Missing"),
    "refresh_note": N_("Results are refreshed daily by a background job; agency admins can refresh through the "
                       "dgplan_quality_refresh API action"),
    "privacy_note": N_("The KPI and the trend count public datasets only"),
    # the method page
    "method_intro": N_("The portal checks every dataset of its own catalogue daily (a background job) and scores "
                       "it 0–100 with the weights in the table. A check that does not apply (data not updated "
                       "after collection, a dataset without tables) is left out, and the score is taken over the "
                       "weights that remain."),
    "method_kpi": N_("KPI %(code)s"),
    "method_kpi_text": N_("the share of public datasets meeting the GD Catalog standard: every mandatory item "
                          "filled, a plausible contact e-mail, a description of at least %(chars)s characters and "
                          "an open licence; for the portal and for each agency, written to the DataStore after "
                          "each run. Private datasets are never counted."),
    "method_timeliness": N_("Timeliness"),
    "method_timeliness_text": N_("an update is due one period after the last updated date (twice a year = every "
                                 "half year) and overdue after a grace of %(grace)s of the period (at least "
                                 "%(days)s days); the problem says by how many days."),
    "method_stars": N_("Stars (Tim Berners-Lee)"),
    "method_stars_text": N_("1 open licence, any format (PDF, images); 2 machine-readable but proprietary (XLS); "
                            "3 open formats (CSV, JSON, XML, GeoJSON); 4 RDF. Five stars cannot be read from "
                            "metadata."),
    "method_links": N_("Links"),
    "method_links_text": N_("checked in a background job only, never during a page request: with a timeout, a "
                            "gap between requests to one host, at most 4 KB read, and a total time budget."),
}

#: The method table's checks (``WEIGHTS``' keys), as :data:`TEXTS`.
CHECKS: dict[str, str] = {
    "mandatory": N_("GD Catalog mandatory items filled (in proportion)"),
    "email": N_("Contact e-mail plausible"),
    "description": N_("Description long enough to say what the data is"),
    "licence": N_("An open licence from CKAN's register"),
    "format": N_("Machine-readable formats: 3+ stars full, 2 stars half"),
    "timeliness": N_("Updated within the declared frequency plus grace"),
    "links": N_("Every resource has a link that answers"),
    "datastore": N_("Tables (CSV, XLS, XLSX, TSV) loaded in the DataStore"),
}


def dgplan_quality_text(key: str, **params: Any) -> str:
    """A text of the quality pages in the page's language; ``params`` fill its ``%(name)s`` placeholders."""
    text = tk._(TEXTS[key])
    return text % params if params else text


def dgplan_quality_kpi_code() -> str:
    return KPI_CODE


def dgplan_quality_dimensions() -> dict[str, tuple[str, str]]:
    return DIMENSIONS


def dgplan_quality_weights() -> list[dict[str, Any]]:
    """The method's table: dimension, check, weight (for the method page)."""
    lang = dgplan_lang()
    return [{"check": check, "dimension": DIMENSIONS[dim][0 if lang == "th" else 1],
             "label": tk._(CHECKS[check]), "weight": weight}
            for check, (dim, weight) in WEIGHTS.items()]


def dgplan_quality_problem_types() -> list[dict[str, Any]]:
    lang = dgplan_lang()
    return [{"code": p.code, "dimension": DIMENSIONS[p.dimension][0 if lang == "th" else 1],
             "label": p.label_th if lang == "th" else p.label_en,
             "hint": p.hint_th if lang == "th" else p.hint_en} for p in PROBLEMS.values()]


def dgplan_quality_detail(problem: dict[str, Any]) -> str:
    """A short text of a problem's detail: the missing items, the days overdue, the formats."""
    lang = dgplan_lang()
    detail = problem.get("detail") or {}
    if problem.get("code") == "overdue" and "days_overdue" in detail:
        return dgplan_quality_text("days_overdue", days=detail["days_overdue"])
    if detail.get("fields"):
        names = [MANDATORY.get(f, (f, f))[0 if lang == "th" else 1] for f in detail["fields"]]
        return f"{dgplan_quality_text('fields')}: {', '.join(names)}"
    if detail.get("formats"):
        return ", ".join(detail["formats"])
    if "chars" in detail:
        return f"{detail['chars']} / {detail.get('min', Settings().min_description_chars)}"
    if detail.get("count"):
        return str(detail["count"])
    return ""


def dgplan_quality_badge(pkg: dict[str, Any]) -> Optional[dict[str, Any]]:
    """``dgplan_quality_show`` of one dataset for its page, or ``None`` (not a plain dataset, or an error)."""
    if not pkg or pkg.get("type", "dataset") != "dataset":
        return None
    try:
        return tk.get_action("dgplan_quality_show")({}, {"id": pkg["id"]})
    except (tk.ObjectNotFound, tk.NotAuthorized, tk.ValidationError):
        return None


def dgplan_quality_trend_chart(trend: list[dict[str, Any]], title: str) -> Markup:
    """SVG line of the share meeting the standard, run by run."""
    runs = list(range(1, len(trend) + 1))
    svg = charts.line_chart_svg(
        runs, [float(r["share"]) if r.get("share") is not None else None for r in trend], [None] * len(runs),
        title=title, desc=dgplan_quality_text("trend"), value_label=dgplan_quality_text("share"), target_label="",
        x_title=dgplan_quality_text("run"), y_title="%", chart_id="chart-quality-trend")
    return Markup(svg)  # noqa: S704 - built by charts.py, which escapes every text it writes

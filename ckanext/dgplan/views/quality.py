"""Pages of the open-data quality indicator.

=============================== ==========================================================
``/plan/quality``               the portal: share meeting the standard, agencies, trend
``/plan/quality/method``        how scores and the KPI are computed (weights, stars, grace)
``/plan/quality/<organization>`` an agency: score, trend, worst problems first, what to fix
=============================== ==========================================================

Every page calls ``dgplan_quality_show`` as the current user: a visitor sees public datasets
only, an agency's members also its private ones.
"""
from __future__ import annotations

import ckan.plugins.toolkit as tk
from flask import Blueprint

from ckanext.dgplan.quality.checks import Settings
from ckanext.dgplan.views.pages import call_action_or_abort

__all__ = ["dgplan_quality"]

dgplan_quality = Blueprint("dgplan_quality", __name__)


def portal_page() -> str:
    quality = call_action_or_abort("dgplan_quality_show", {})
    return tk.render("dgplan/quality/portal.html", extra_vars={"quality": quality})


def agency_page(organization: str) -> str:
    quality = call_action_or_abort("dgplan_quality_show", {"organization": organization})
    return tk.render("dgplan/quality/agency.html", extra_vars={"quality": quality})


def method_page() -> str:
    return tk.render("dgplan/quality/method.html", extra_vars={"settings": Settings()})


dgplan_quality.add_url_rule("/plan/quality", view_func=portal_page, endpoint="portal")
dgplan_quality.add_url_rule("/plan/quality/method", view_func=method_page, endpoint="method")
dgplan_quality.add_url_rule("/plan/quality/<organization>", view_func=agency_page, endpoint="agency")

"""Blueprints of ckanext-dgplan, one module per feature (blanket registers those in ``__all__``).

Pages call actions and render what API users get; request checks that run before CKAN's own views
are in :mod:`ckanext.dgplan.views.middleware`.
"""
from __future__ import annotations

from ckanext.dgplan.views.kpi import dgplan_kpi
from ckanext.dgplan.views.plan import dgplan
from ckanext.dgplan.views.quality import dgplan_quality

__all__ = ["dgplan", "dgplan_kpi", "dgplan_quality"]

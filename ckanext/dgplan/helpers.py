"""Template helpers of ckanext-dgplan, gathered from the feature modules (blanket reads ``__all__``)."""
from __future__ import annotations

from ckanext.dgplan.helpers_gdc import *  # noqa: F401,F403
from ckanext.dgplan.helpers_plan import *  # noqa: F401,F403
from ckanext.dgplan.helpers_kpi import *  # noqa: F401,F403
from ckanext.dgplan.helpers_search import *  # noqa: F401,F403
from ckanext.dgplan import helpers_gdc, helpers_kpi, helpers_plan, helpers_search

__all__ = [*helpers_gdc.__all__, *helpers_plan.__all__, *helpers_kpi.__all__, *helpers_search.__all__]

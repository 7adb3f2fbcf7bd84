"""Template helpers of ckanext-dgplan, gathered from the feature modules (blanket reads ``__all__``)."""
from __future__ import annotations

from ckanext.dgplan.helpers.gdc import *  # noqa: F401,F403
from ckanext.dgplan.helpers.plan import *  # noqa: F401,F403
from ckanext.dgplan.helpers.kpi import *  # noqa: F401,F403
from ckanext.dgplan.helpers.search import *  # noqa: F401,F403
from ckanext.dgplan.helpers import gdc as helpers_gdc
from ckanext.dgplan.helpers import kpi as helpers_kpi
from ckanext.dgplan.helpers import plan as helpers_plan
from ckanext.dgplan.helpers import search as helpers_search

__all__ = [*helpers_gdc.__all__, *helpers_plan.__all__, *helpers_kpi.__all__, *helpers_search.__all__]

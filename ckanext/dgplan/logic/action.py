"""Action of ckanext-dgplan, gathered from the feature modules and registered by blanket from ``__all__``."""
from __future__ import annotations

from ckanext.dgplan.logic.action_gdc import *  # noqa: F401,F403
from ckanext.dgplan.logic.action_plan import *  # noqa: F401,F403
from ckanext.dgplan.logic.action_kpi import *  # noqa: F401,F403
from ckanext.dgplan.logic.action_search import *  # noqa: F401,F403
from ckanext.dgplan.logic.action_tags import *  # noqa: F401,F403
from ckanext.dgplan.logic import action_gdc, action_kpi, action_plan, action_search, action_tags

__all__ = [*action_gdc.__all__, *action_plan.__all__, *action_kpi.__all__, *action_search.__all__,
           *action_tags.__all__]

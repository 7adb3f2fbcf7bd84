"""Action of ckanext-dgplan, gathered from the feature modules and registered by blanket from ``__all__``."""
from __future__ import annotations

from ckanext.dgplan.logic.action import deferred as action_deferred
from ckanext.dgplan.logic.action import gdc as action_gdc
from ckanext.dgplan.logic.action import home as action_home
from ckanext.dgplan.logic.action import kpi as action_kpi
from ckanext.dgplan.logic.action import plan as action_plan
from ckanext.dgplan.logic.action import quality as action_quality
from ckanext.dgplan.logic.action import search as action_search
from ckanext.dgplan.logic.action import tags as action_tags
from ckanext.dgplan.logic.action.deferred import *  # noqa: F403
from ckanext.dgplan.logic.action.gdc import *  # noqa: F403
from ckanext.dgplan.logic.action.home import *  # noqa: F403
from ckanext.dgplan.logic.action.kpi import *  # noqa: F403
from ckanext.dgplan.logic.action.plan import *  # noqa: F403
from ckanext.dgplan.logic.action.quality import *  # noqa: F403
from ckanext.dgplan.logic.action.search import *  # noqa: F403
from ckanext.dgplan.logic.action.tags import *  # noqa: F403

__all__ = [*action_gdc.__all__, *action_plan.__all__, *action_kpi.__all__, *action_home.__all__,
           *action_search.__all__, *action_tags.__all__, *action_deferred.__all__, *action_quality.__all__]

"""Auth of ckanext-dgplan, gathered from the feature modules and registered by blanket from ``__all__``."""
from __future__ import annotations

from ckanext.dgplan.logic.auth_gdc import *  # noqa: F401,F403
from ckanext.dgplan.logic.auth_plan import *  # noqa: F401,F403
from ckanext.dgplan.logic.auth_kpi import *  # noqa: F401,F403
from ckanext.dgplan.logic import auth_gdc, auth_kpi, auth_plan

__all__ = [*auth_gdc.__all__, *auth_plan.__all__, *auth_kpi.__all__]

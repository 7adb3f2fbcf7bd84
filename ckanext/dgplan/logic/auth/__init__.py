"""Auth of ckanext-dgplan, gathered from the feature modules and registered by blanket from ``__all__``."""
from __future__ import annotations

from ckanext.dgplan.logic.auth import gdc as auth_gdc
from ckanext.dgplan.logic.auth import home as auth_home
from ckanext.dgplan.logic.auth import kpi as auth_kpi
from ckanext.dgplan.logic.auth import plan as auth_plan
from ckanext.dgplan.logic.auth import quality as auth_quality
from ckanext.dgplan.logic.auth.gdc import *  # noqa: F403
from ckanext.dgplan.logic.auth.home import *  # noqa: F403
from ckanext.dgplan.logic.auth.kpi import *  # noqa: F403
from ckanext.dgplan.logic.auth.plan import *  # noqa: F403
from ckanext.dgplan.logic.auth.quality import *  # noqa: F403

__all__ = [*auth_gdc.__all__, *auth_plan.__all__, *auth_kpi.__all__, *auth_home.__all__, *auth_quality.__all__]

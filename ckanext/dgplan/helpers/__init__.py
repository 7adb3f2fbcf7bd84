"""Template helpers of ckanext-dgplan, gathered from the feature modules (blanket reads ``__all__``)."""
from __future__ import annotations

from ckanext.dgplan.helpers import dataset as helpers_dataset
from ckanext.dgplan.helpers import dates as helpers_dates
from ckanext.dgplan.helpers import gdc as helpers_gdc
from ckanext.dgplan.helpers import home as helpers_home
from ckanext.dgplan.helpers import kpi as helpers_kpi
from ckanext.dgplan.helpers import plan as helpers_plan
from ckanext.dgplan.helpers import quality as helpers_quality
from ckanext.dgplan.helpers import search as helpers_search
from ckanext.dgplan.helpers.dataset import *  # noqa: F403
from ckanext.dgplan.helpers.dates import *  # noqa: F403
from ckanext.dgplan.helpers.gdc import *  # noqa: F403
from ckanext.dgplan.helpers.home import *  # noqa: F403
from ckanext.dgplan.helpers.kpi import *  # noqa: F403
from ckanext.dgplan.helpers.plan import *  # noqa: F403
from ckanext.dgplan.helpers.quality import *  # noqa: F403
from ckanext.dgplan.helpers.search import *  # noqa: F403

__all__ = [*helpers_gdc.__all__, *helpers_plan.__all__, *helpers_kpi.__all__, *helpers_search.__all__,
           *helpers_home.__all__, *helpers_dataset.__all__,
           *helpers_dates.__all__, *helpers_quality.__all__]

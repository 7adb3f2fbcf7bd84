"""Validators of ckanext-dgplan, gathered from the feature modules and registered by blanket from ``__all__``."""
from __future__ import annotations

from ckanext.dgplan.logic.validators_gdc import *  # noqa: F401,F403
from ckanext.dgplan.logic.validators_plan import *  # noqa: F401,F403
from ckanext.dgplan.logic import validators_gdc, validators_plan

__all__ = [*validators_gdc.__all__, *validators_plan.__all__]

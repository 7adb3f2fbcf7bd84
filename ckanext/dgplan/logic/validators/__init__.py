"""Validators of ckanext-dgplan, gathered from the feature modules and registered by blanket from ``__all__``."""
from __future__ import annotations

from ckanext.dgplan.logic.validators import gdc as validators_gdc
from ckanext.dgplan.logic.validators import kpi as validators_kpi
from ckanext.dgplan.logic.validators import limits as validators_limits
from ckanext.dgplan.logic.validators import plan as validators_plan
from ckanext.dgplan.logic.validators.gdc import *  # noqa: F403
from ckanext.dgplan.logic.validators.kpi import *  # noqa: F403
from ckanext.dgplan.logic.validators.limits import *  # noqa: F403
from ckanext.dgplan.logic.validators.plan import *  # noqa: F403

# CKAN's default_tags_schema looks tag_name_validator up by name, and its regex rejects Thai vowel and
# tone marks (ckan/ckan#2780); overriding it through IValidators is the maintainers' advice, and makes
# the `tags` list (web form, package_update, resource_create on a tagged dataset) follow the Thai rule.
tag_name_validator = validators_gdc.dgplan_tag_name
# ... and tag_length_validator (minimum 2, English only) too, so `tags` and `tag_string` follow ONE rule:
# dgplan_tag_name checks the length (ckanext.dgplan.tags.max_chars) with the rest of it.
tag_length_validator = validators_gdc.dgplan_tag_length

__all__ = [*validators_gdc.__all__, *validators_plan.__all__, *validators_kpi.__all__,
           *validators_limits.__all__, "tag_name_validator", "tag_length_validator"]

"""The ``dgplan_harvest`` and ``dgplan_dcat_harvester`` plugins: harvesting between GD Catalog portals
(issue 20).

``dgplan_harvest``, loaded with ckanext-harvest's ``harvest`` plugin (and ckanext-dcat's
``dcat_rdf_harvester``), registers what :mod:`ckanext.dgplan.harvest` holds: the ``dgplan_ckan``
harvester, the DCAT catalogue's filter (only datasets allowed for harvest) and the DCAT RDF
harvester's checks and timeout. ``dgplan_dcat_harvester`` registers the ``dgplan_dcat`` harvester
(ckanext-dcat's, keeping the pages of a feed it read when a later page fails).
"""
from __future__ import annotations

from typing import Any, TypeVar

import ckan.plugins as p
from ckanext.dcat.interfaces import IDCATRDFHarvester
from ckanext.harvest.interfaces import IHarvester

from ckanext.dgplan.harvest import dcat
from ckanext.dgplan.harvest.ckan import DgplanCkanHarvester
from ckanext.dgplan.harvest.common import DEFAULT_TIMEOUT, dgplan_source_timeout

_Plugin = TypeVar("_Plugin")


def _own_instance(cls: type[_Plugin]) -> _Plugin:
    # SingletonPlugin keeps its instance in a class attribute, which a subclass inherits from the
    # harvester it extends: with ckan_harvester (or dcat_rdf_harvester) loaded first, the subclass
    # would be that instance.
    if "_instance" not in cls.__dict__:
        setattr(cls, "_instance", object.__new__(cls))  # noqa: B010
    instance: _Plugin = cls.__dict__["_instance"]
    return instance


class DgplanHarvestPlugin(DgplanCkanHarvester):
    """The ``dgplan_ckan`` harvester, the DCAT catalogue's harvest filter and the DCAT harvester's check."""

    # A subclass does not inherit its parent's interface declarations: IHarvester is declared again.
    p.implements(IHarvester)
    p.implements(p.IActions)
    p.implements(IDCATRDFHarvester, inherit=True)

    # The timeout of the DCAT source being downloaded (set before each download).
    _dcat_timeout: Any = DEFAULT_TIMEOUT

    def __new__(cls, *_args: Any, **_kwargs: Any) -> DgplanHarvestPlugin:
        return _own_instance(cls)

    # IActions

    def get_actions(self) -> dict[str, Any]:
        return dcat.dgplan_catalog_actions()

    # IDCATRDFHarvester

    def before_download(self, url: str, harvest_job: Any) -> tuple[str, list[str]]:
        self._dcat_timeout = dgplan_source_timeout(harvest_job.source.config)
        return url, []

    def update_session(self, session: Any) -> Any:
        return dcat.dgplan_session_with_timeout(session, self._dcat_timeout)

    def after_download(self, content: Any, harvest_job: Any) -> tuple[Any, list[str]]:
        return dcat.dgplan_after_download(content, harvest_job)

    def before_create(self, harvest_object: Any, dataset_dict: dict[str, Any], temp_dict: dict[str, Any]) -> None:
        dcat.dgplan_allowed_or_cleared(harvest_object, dataset_dict)

    def before_update(self, harvest_object: Any, dataset_dict: dict[str, Any], temp_dict: dict[str, Any]) -> None:
        dcat.dgplan_allowed_or_cleared(harvest_object, dataset_dict)

    def after_create(self, harvest_object: Any, dataset_dict: dict[str, Any], temp_dict: dict[str, Any]) -> None:
        dcat.dgplan_report_unknown_terms(harvest_object, dataset_dict)

    def after_update(self, harvest_object: Any, dataset_dict: dict[str, Any], temp_dict: dict[str, Any]) -> None:
        dcat.dgplan_report_unknown_terms(harvest_object, dataset_dict)


class DgplanDcatHarvestPlugin(dcat.DgplanDcatHarvester):
    """The ``dgplan_dcat`` harvester (its hooks' checks come from ``dgplan_harvest``, loaded with it)."""

    p.implements(IHarvester)

    def __new__(cls, *_args: Any, **_kwargs: Any) -> DgplanDcatHarvestPlugin:
        return _own_instance(cls)

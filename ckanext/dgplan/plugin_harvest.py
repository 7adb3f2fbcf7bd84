"""The ``dgplan_harvest`` plugin: harvesting between GD Catalog portals (issue 20).

Loaded with ckanext-harvest's ``harvest`` plugin (and ckanext-dcat's ``dcat_rdf_harvester``), it
registers what :mod:`ckanext.dgplan.harvest` holds: the ``dgplan_ckan`` harvester, the DCAT
catalogue's filter (only datasets allowed for harvest) and the DCAT RDF harvester's checks.
"""
from __future__ import annotations

from typing import Any

import ckan.plugins as p
from ckanext.dcat.interfaces import IDCATRDFHarvester
from ckanext.harvest.interfaces import IHarvester

from ckanext.dgplan.harvest import dcat
from ckanext.dgplan.harvest.ckan import DgplanCkanHarvester


class DgplanHarvestPlugin(DgplanCkanHarvester):
    """The ``dgplan_ckan`` harvester, the DCAT catalogue's harvest filter and the DCAT harvester's check."""

    # A subclass does not inherit its parent's interface declarations: IHarvester is declared again.
    p.implements(IHarvester)
    p.implements(p.IActions)
    p.implements(IDCATRDFHarvester, inherit=True)

    def __new__(cls, *_args: Any, **_kwargs: Any) -> DgplanHarvestPlugin:
        # SingletonPlugin keeps its instance in a class attribute, which this subclass would inherit
        # from CKANHarvester: with ckan_harvester loaded first, this plugin would be that instance.
        if "_instance" not in cls.__dict__:
            setattr(cls, "_instance", object.__new__(cls))  # noqa: B010
        instance: DgplanHarvestPlugin = cls.__dict__["_instance"]
        return instance

    # IActions

    def get_actions(self) -> dict[str, Any]:
        return dcat.dgplan_catalog_actions()

    # IDCATRDFHarvester

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

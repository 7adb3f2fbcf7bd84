"""The dgplan_xloader plugin: Thai tables through ckanext-xloader (load after ``xloader``).

A plugin of its own because it imports ckanext-xloader, which the main ``dgplan`` plugin does not
need; the behaviour lives in :mod:`ckanext.dgplan.store.xloader`.
"""
from __future__ import annotations

from typing import Any

import ckan.plugins as p
import ckan.plugins.toolkit as tk
from ckanext.datastore.interfaces import IDatastore
from ckanext.xloader.interfaces import IXloader

from ckanext.dgplan.store import tablesearch, xloader, xloader_types


class DgplanXloaderPlugin(p.SingletonPlugin):
    p.implements(p.IConfigurer)
    p.implements(p.IConfigurable)
    p.implements(p.ITemplateHelpers)
    p.implements(IXloader, inherit=True)
    p.implements(IDatastore, inherit=True)

    # IConfigurer: the resource page's loading status (a directory of its own, used only with xloader).
    # Not inside templates/, nor named templates*: CKAN names a template by the first search directory
    # whose path is a string prefix of its file,
    # so {% ckan_extends %} looked for "dgplan_xloader/package/..." (a 500).

    def update_config(self, config: Any) -> None:
        tk.add_template_directory(config, "xloader_templates")

    # ITemplateHelpers

    def get_helpers(self) -> dict[str, Any]:
        return {"dgplan_table_status": xloader.dgplan_table_status}

    # IConfigurable

    def configure(self, config: Any) -> None:
        xloader.dgplan_install_xloader_hooks()
        xloader_types.dgplan_install_type_conversion()

    # IXloader

    def can_upload(self, resource_id: str) -> bool:
        return xloader.dgplan_can_upload(resource_id)

    def datastore_before_update(
        self, resource_id: str, existing_fields: Any, new_headers: list[dict[str, Any]]
    ) -> None:
        xloader.dgplan_label_columns(new_headers)
        xloader_types.dgplan_remember_types(resource_id, new_headers)

    # IDatastore

    def datastore_search(self, context: Any, data_dict: dict[str, Any], fields_types: dict[str, str],
                         query_dict: dict[str, Any]) -> dict[str, Any]:
        return tablesearch.dgplan_thai_search(context, data_dict, query_dict)

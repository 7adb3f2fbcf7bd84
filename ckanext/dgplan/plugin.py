"""The dgplan plugin: interface registration only; behaviour lives in the modules it names."""
from __future__ import annotations

from typing import Any

import ckan.plugins as p
import ckan.plugins.toolkit as tk
from ckan.lib.plugins import DefaultTranslation

from ckanext.dgplan.search import dataset as search
from ckanext.dgplan.search import deferred as deferred_index
from ckanext.dgplan.search import plan as plan_search
from ckanext.dgplan.search import quality as quality_search
from ckanext.dgplan.views import middleware, outage


@tk.blanket.actions
@tk.blanket.auth_functions
@tk.blanket.validators
@tk.blanket.helpers
@tk.blanket.blueprints
@tk.blanket.cli
@tk.blanket.config_declarations
class DgplanPlugin(DefaultTranslation, p.SingletonPlugin):
    p.implements(p.IConfigurer)
    p.implements(p.IConfigurable)
    p.implements(p.ITranslation)
    p.implements(p.IPackageController, inherit=True)
    p.implements(p.IFacets, inherit=True)
    p.implements(p.IMiddleware, inherit=True)

    # IConfigurer

    def update_config(self, config: Any) -> None:
        tk.add_template_directory(config, "templates")
        tk.add_resource("assets", "dgplan")

    # IConfigurable

    def configure(self, config: Any) -> None:
        deferred_index.dgplan_install_deferred_index()

    # ITranslation: DefaultTranslation finds ckanext/dgplan/i18n (shipped from the repository's i18n/).

    def i18n_domain(self) -> str:
        return "ckanext-dgplan"

    # IMiddleware

    def make_middleware(self, app: Any, config: Any) -> Any:
        return outage.dgplan_install_outage_answers(middleware.dgplan_install_request_checks(app))

    # IPackageController

    def before_dataset_index(self, pkg_dict: dict[str, Any]) -> dict[str, Any]:
        pkg_dict = quality_search.dgplan_index_quality(search.dgplan_compact_stored_json(pkg_dict))
        return plan_search.dgplan_index_plan_fields(search.dgplan_index_dataset(pkg_dict))

    def before_dataset_search(self, search_params: dict[str, Any]) -> dict[str, Any]:
        search_params = plan_search.dgplan_plan_search_params(search.dgplan_prepare_search(search_params))
        return search.dgplan_skip_unasked_facets(search_params)

    def after_dataset_search(self, search_results: dict[str, Any], search_params: dict[str, Any]) -> dict[str, Any]:
        search_results = plan_search.dgplan_plan_search_results(search_results)
        return quality_search.dgplan_quality_search_results(search_results)

    # IFacets

    def dataset_facets(self, facets_dict: dict[str, Any], package_type: str) -> dict[str, Any]:
        return quality_search.dgplan_quality_facets(plan_search.dgplan_dataset_facets(facets_dict, package_type),
                                                    package_type)

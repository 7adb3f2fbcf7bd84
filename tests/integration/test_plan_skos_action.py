"""The SKOS copies of the plan come from an action (dgplan_plan_skos_show), the same for API and pages."""
from __future__ import annotations

import ckan.plugins.toolkit as tk
import pytest
from ckan.tests import helpers

pytestmark = [
    pytest.mark.ckan_config("ckan.plugins", "dgplan scheming_datasets"),
    pytest.mark.usefixtures("clean_db", "with_plugins", "with_request_context"),
]


def test_skos_action_gives_jsonld_and_turtle():
    doc = helpers.call_action("dgplan_plan_skos_show")
    nodes = {node["@id"]: node for node in doc["@graph"]}
    assert nodes["http://test.ckan.net/plan"]["@type"] == "skos:ConceptScheme"
    turtle = helpers.call_action("dgplan_plan_skos_show", format="turtle")
    assert "<http://test.ckan.net/plan/goal/G1>\n    a skos:Concept ;" in turtle


def test_skos_action_refuses_an_unknown_format():
    with pytest.raises(tk.ValidationError) as err:
        helpers.call_action("dgplan_plan_skos_show", format="rdfxml")
    assert "format" in err.value.error_dict


def test_plan_ttl_page_is_the_action_output(app):
    body = app.get("/plan.ttl", status=200).body
    assert body == helpers.call_action("dgplan_plan_skos_show", format="turtle")

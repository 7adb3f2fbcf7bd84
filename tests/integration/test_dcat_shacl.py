"""Issue 20: the gdc profile's DCAT-AP 3 passes the DCAT-AP 3 SHACL shapes (pySHACL, no violations)."""
from __future__ import annotations

from pathlib import Path

import pytest
from ckan.tests import factories, helpers
from ckanext.dcat.processors import RDFSerializer
from pyshacl import validate
from rdflib import Graph

from tests.integration.test_dcat import _dataset

pytestmark = [
    pytest.mark.ckan_config("ckan.plugins", "dgplan scheming_datasets dcat"),
    pytest.mark.ckan_config("ckanext.dcat.rdf.profiles", "gdc"),
    pytest.mark.usefixtures("clean_db", "clean_index", "with_plugins"),
]

SHAPES = Path(__file__).resolve().parents[1] / "data" / "shacl" / "dcat-ap_3_shacl_shapes.ttl"


def test_gdc_dcat_has_no_shacl_violations():
    org = factories.Organization(title="สำนักงานสถิติแห่งชาติ")
    full = helpers.call_action("package_create", **_dataset(org))
    minimal = helpers.call_action("package_create", **_dataset(
        org, name="minimal", resources=[], dgplan_goals=[], dgplan_strategies=[], tag_string=""))
    serializer = RDFSerializer(profiles=["gdc"])
    for pkg in (full, minimal):
        serializer.graph_from_dataset(helpers.call_action("package_show", id=pkg["id"]))
    conforms, _report, text = validate(serializer.g, shacl_graph=Graph().parse(SHAPES, format="turtle"))
    assert conforms, text

"""The parts under the extension are real: PostgreSQL, Solr, the DataStore, the Thai locale."""
from __future__ import annotations

import pytest
from ckan.tests import factories, helpers


@pytest.mark.usefixtures("with_plugins")
def test_status_show_lists_dgplan():
    status = helpers.call_action("status_show")
    assert "dgplan" in status["extensions"]
    assert status["ckan_version"].startswith("2.11")


@pytest.mark.ckan_config("ckan.plugins", "dgplan datastore")
@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
def test_dataset_created_by_api_is_found_in_solr():
    org = factories.Organization()
    helpers.call_action(
        "package_create",
        name="solr-probe",
        title="Solr probe dataset",
        notes="zebra quokka",
        owner_org=org["id"],
    )
    result = helpers.call_action("package_search", q="quokka")
    assert result["count"] == 1
    assert result["results"][0]["name"] == "solr-probe"
    assert helpers.call_action("package_search", q="wombat")["count"] == 0


@pytest.mark.ckan_config("ckan.plugins", "dgplan datastore")
@pytest.mark.usefixtures("with_plugins", "clean_datastore")
def test_datastore_table_created_and_queried():
    org = factories.Organization()
    dataset = helpers.call_action(
        "package_create", name="ds-probe", title="DataStore probe", owner_org=org["id"])
    created = helpers.call_action(
        "datastore_create",
        resource={"package_id": dataset["id"], "name": "ข้อมูล"},
        fields=[{"id": "ปี", "type": "int"}, {"id": "ค่า", "type": "numeric"}],
        records=[{"ปี": 2566, "ค่า": 1.5}, {"ปี": 2567, "ค่า": 2.5}],
        force=True,
    )
    found = helpers.call_action(
        "datastore_search", resource_id=created["resource_id"], filters={"ปี": 2567})
    assert found["total"] == 1
    assert float(found["records"][0]["ค่า"]) == 2.5


@pytest.mark.usefixtures("with_plugins")
def test_page_renders_in_thai_by_default(app):
    response = app.get("/dataset/")
    assert response.status_code == 200
    assert 'lang="th"' in response.body
    assert "ชุดข้อมูล" in response.body


@pytest.mark.usefixtures("with_plugins")
def test_english_is_offered(app):
    response = app.get("/en/dataset/")
    assert response.status_code == 200
    assert 'lang="en"' in response.body
    assert "Datasets" in response.body

"""Which Solr errors mean "not reachable now" (the dataset is kept and queued) and which mean "Solr
refused this document" (the save fails as in CKAN). The texts are the ones CKAN and pysolr raised in
this project's runs against a real Solr and a real SolrCloud with a node killed."""
from __future__ import annotations

import pytest
from ckan.lib.search.common import SearchIndexError

from ckanext.dgplan.search.deferred import dgplan_solr_unreachable

PREFIX = "Solr returned an error: Solr responded with an error (HTTP 500): [Reason: "


@pytest.mark.parametrize("text", [
    "Failed to connect to server at http://127.0.0.1:8983/solr/ckan/update",
    "Connection to server 'http://127.0.0.1:8983/solr/ckan/update' timed out",
    "Solr responded with an error (HTTP 503): [Reason: None]",
    PREFIX + "java.net.ConnectException: Connection refused]",
    PREFIX + "Async exception during distributed update: java.nio.channels.ClosedChannelException]",
    PREFIX + "No registered leader was found after waiting for 4000ms , collection: ckan slice: shard1]",
])
def test_an_unreachable_cluster_is_deferred(text):
    err = SearchIndexError("Unable to add package to search index: " + text)
    assert dgplan_solr_unreachable(err)


@pytest.mark.parametrize("text", [
    "Solr responded with an error (HTTP 400): [Reason: ERROR: [doc=x] unknown field 'nope']",
    PREFIX + "java.lang.NullPointerException]",
])
def test_a_refused_document_is_not_deferred(text):
    assert not dgplan_solr_unreachable(SearchIndexError(text))


def test_the_cause_chain_is_read():
    try:
        try:
            raise OSError("Failed to connect to server")
        except OSError as inner:
            raise SearchIndexError("Unable to add package to search index") from inner
    except SearchIndexError as err:
        assert dgplan_solr_unreachable(err)

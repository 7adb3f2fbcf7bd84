"""Issue 22, SolrCloud through a crash: a real cluster of its own (ZooKeeper, two Solr nodes, a
collection of 2 shards x 2 replicas, the nginx entry; stack/solrcloud.sh on free loopback ports)
started once for this module, with CKAN pointed at it. One node is killed (SIGKILL) while CKAN
searches, and while CKAN indexes: no request fails, and once the node has rejoined every replica
holds every dataset. About a minute of the suite's time, most of it the JVMs starting."""
from __future__ import annotations

import time
from typing import Iterator

import pytest
from ckan.lib import search
from ckan.tests import factories, helpers

from tests.integration.faults_support import SolrCloud, one_job_cycle, solr_cloud_for_ckan
from tests.integration.plan_helpers import bilingual, dataset_data

pytestmark = [
    pytest.mark.usefixtures("clean_db", "clean_queues", "with_plugins", "with_test_worker"),
    pytest.mark.ckan_config("ckanext.dgplan.search.retry_intervals", "1"),
]
API = "/api/3/action/"


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SolrCloud]:
    cloud = SolrCloud(str(tmp_path_factory.mktemp("solrcloud")))
    try:
        cloud.run("start")
        yield cloud
    finally:
        cloud.run("stop")


@pytest.fixture
def cloud(cluster: SolrCloud) -> Iterator[SolrCloud]:
    with solr_cloud_for_ckan(cluster):
        search.clear_all()
        yield cluster


@pytest.fixture
def publisher():
    user = factories.SysadminWithToken()
    return user, factories.Organization(user=user)


def every_replica_holds(cloud: SolrCloud, total: int) -> dict[str, list[int]]:
    """Replica counts once both replicas of each shard agree and the shards add up to ``total``
    (a recovered replica opens its searcher at the next soft commit: 1 s); the last seen if not in 30 s."""
    deadline = time.monotonic() + 30
    while True:
        counts = cloud.replica_counts()
        if (all(len(set(c)) == 1 for c in counts.values()) and sum(c[0] for c in counts.values()) == total) \
                or time.monotonic() > deadline:
            return counts
        time.sleep(0.5)


def test_searching_while_a_solr_node_is_killed_no_query_fails(app, cloud, publisher):
    user, org = publisher
    for i in range(12):
        helpers.call_action("package_create", {"user": user["name"]}, **dataset_data(org, name=f"cloud-search-{i}"))
    assert helpers.call_action("package_search", q="name:cloud-search-*", rows=0)["count"] == 12
    cloud.kill(2)
    try:
        # Both shards have a replica on the dead node, which ZooKeeper still lists for up to 10 s:
        # each query goes to the other replica (Solr) and to the other node (the nginx entry).
        for i in range(40):
            res = app.get(API + "package_search", query_string={"q": "name:cloud-search-*", "rows": 0, "start": i % 3})
            assert res.status_code == 200, res.body
            assert res.json["result"]["count"] == 12
        assert app.get("/dataset/", query_string={"q": "cloud"}).status_code == 200
    finally:
        cloud.rejoin(2)
    counts = every_replica_holds(cloud, 12)
    assert all(len(set(c)) == 1 for c in counts.values()) and sum(c[0] for c in counts.values()) == 12, counts


def test_indexing_while_a_solr_node_is_killed_loses_no_dataset(app, cloud, publisher):
    user, org = publisher

    def publish(i: int) -> dict:
        res = app.post(API + "package_create", headers={"Authorization": user["token"]},
                       json=dataset_data(org, name=f"cloud-index-{i}"))
        assert res.status_code == 200, res.body
        return res.json["result"]

    for i in range(5):
        publish(i)
    cloud.kill(1)  # node 1 held the first replica created of each shard: the leaders
    try:
        told = [r for r in (publish(i) for i in range(5, 20)) if "dgplan_index_notice" in r]
        # Until the dead node's ZooKeeper session expires, a shard's update may answer 500 with
        # a ConnectException: those datasets are saved and their indexing queued (with the notice).
        assert all(bilingual(r["dgplan_index_notice"]) for r in told)
    finally:
        cloud.rejoin(1)
    jobs_left = len(told)
    if jobs_left:
        one_job_cycle()
        one_job_cycle()
    assert helpers.call_action("package_search", q="name:cloud-index-*", rows=0)["count"] == 20
    counts = every_replica_holds(cloud, 20)
    assert all(len(set(c)) == 1 for c in counts.values()) and sum(c[0] for c in counts.values()) == 20, counts

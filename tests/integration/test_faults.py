"""Issue 22, nothing lost when a service is down: real Solr, PostgreSQL and Redis; Solr (or Redis)
is made unreachable for one test only, by closing a relay in front of the shared test service
(tests/integration/faults_support.py); jobs run in-process, as CKAN's own job tests do."""
from __future__ import annotations

import pytest
from ckan.lib import jobs
from ckan.logic import ValidationError
from ckan.tests import factories, helpers
from rq.registry import ScheduledJobRegistry

from tests.integration.faults_support import one_job_cycle, redis_behind_relay, solr_behind_relay
from tests.integration.kpi_support import SCHEMAS as KPI_SCHEMAS
from tests.integration.plan_helpers import bilingual, dataset_data

pytestmark = [
    pytest.mark.usefixtures("clean_db", "clean_index", "clean_queues", "with_plugins", "with_test_worker"),
    # One second between attempts keeps the test short; the scheduler cycle below waits for it.
    pytest.mark.ckan_config("ckanext.dgplan.search.retry_intervals", "1"),
]
API = "/api/3/action/"


@pytest.fixture
def solr():
    with solr_behind_relay() as relay:
        yield relay


@pytest.fixture
def publisher():
    user = factories.SysadminWithToken()
    org = factories.Organization(user=user)
    return user, org


def found(name: str) -> int:
    return helpers.call_action("package_search", q=f"name:{name}")["count"]


def test_dataset_published_while_solr_is_down_is_kept_and_found_after_one_job_cycle(app, solr, publisher):
    user, org = publisher
    solr.close()
    res = app.post(API + "package_create", headers={"Authorization": user["token"]},
                   json=dataset_data(org, name="saved-while-solr-down"))
    assert res.status_code == 200, res.body
    result = res.json["result"]
    assert bilingual(result["dgplan_index_notice"])
    # Kept in PostgreSQL.
    assert helpers.call_action("package_show", id="saved-while-solr-down")["title"] == result["title"]
    queued = jobs.get_queue().job_ids
    assert len(queued) == 1

    # The job runs while Solr is still down: it fails, and RQ keeps it for a retry after back-off.
    # (By id: rq 2 keeps the ids of earlier tests' deleted jobs in the registry until it cleans up.)
    jobs.Worker().work(burst=True)
    registry = ScheduledJobRegistry(queue=jobs.get_queue())
    assert queued[0] in registry.get_job_ids()

    solr.open()
    assert found("saved-while-solr-down") == 0
    one_job_cycle()
    assert found("saved-while-solr-down") == 1
    assert queued[0] not in registry.get_job_ids()


def test_update_while_solr_is_down_reaches_search_after_one_job_cycle(app, solr, publisher):
    user, org = publisher
    pkg = helpers.call_action("package_create", {"user": user["name"]},
                              **dataset_data(org, name="changed-while-solr-down"))
    solr.close()
    res = app.post(API + "package_patch", headers={"Authorization": user["token"]},
                   json={"id": pkg["id"], "title": "ชื่อใหม่ระหว่างระบบค้นหาหยุด"})
    assert res.status_code == 200, res.body
    assert bilingual(res.json["result"]["dgplan_index_notice"])
    solr.open()
    one_job_cycle()
    hit = helpers.call_action("package_search", q="name:changed-while-solr-down")["results"][0]
    assert hit["title"] == "ชื่อใหม่ระหว่างระบบค้นหาหยุด"


def test_a_dataset_solr_refuses_is_still_an_error(app, publisher):
    """Only an unreachable Solr defers indexing: with Solr up, a normal save answers no notice."""
    user, org = publisher
    res = app.post(API + "package_create", headers={"Authorization": user["token"]},
                   json=dataset_data(org, name="indexed-at-once"))
    assert "dgplan_index_notice" not in res.json["result"]
    assert found("indexed-at-once") == 1
    assert jobs.get_queue().count == 0


# ------------------------------------------------------------------ searching while Solr is down


def test_package_search_answers_503_in_thai_and_english_while_solr_is_down(app, solr):
    solr.close()
    res = app.get(API + "package_search", query_string={"q": "สถิติ"})
    assert res.status_code == 503
    assert res.headers["Retry-After"]
    error = res.json["error"]
    assert error["__type"] == "Search Unavailable"
    assert bilingual(error["message"])
    solr.open()
    assert app.get(API + "package_search", query_string={"q": "สถิติ"}).status_code == 200


def test_search_page_answers_503_with_a_clear_message_while_solr_is_down(app, solr):
    solr.close()
    res = app.get("/dataset/", query_string={"q": "สถิติ"})
    assert res.status_code == 503
    # Each page in its own language (issue 17): the Thai page in Thai, the English one in English.
    assert "ระบบค้นหาไม่พร้อมใช้งานชั่วคราว" in res.body
    assert "Search is unavailable for the moment" not in res.body
    res = app.get("/en/dataset/", query_string={"q": "สถิติ"})
    assert res.status_code == 503
    assert "Search is unavailable for the moment" in res.body and "ระบบค้นหาไม่พร้อมใช้งาน" not in res.body


def test_kpi_action_and_page_work_from_postgresql_while_solr_is_down(app, solr, publisher):
    from tests.integration.kpi_support import kpi_dataset

    _user, org = publisher
    kpi_dataset(org, code="KPI-EGDI-RANK")
    solr.close()
    kpi = helpers.call_action("dgplan_kpi_show", id="KPI-EGDI-RANK")
    assert kpi["code"] == "KPI-EGDI-RANK"
    res = app.get("/plan/kpi/KPI-EGDI-RANK")
    assert res.status_code == 200
    assert "KPI-EGDI-RANK" in res.body


# ------------------------------------------------------------------ PostgreSQL restarted


def test_portal_recovers_when_postgresql_drops_its_connections(app, publisher):
    """What a PostgreSQL restart does to the portal: every pooled connection is cut by the server.
    The next request still succeeds (pool_pre_ping), without restarting CKAN."""
    import sqlalchemy as sa
    from ckan import model
    from ckan.common import config

    _user, org = publisher
    assert app.get(API + "organization_show", query_string={"id": org["name"]}).status_code == 200
    model.Session.remove()
    admin = sa.create_engine(config["sqlalchemy.url"], poolclass=sa.pool.NullPool)
    with admin.connect() as conn:
        cut = conn.execute(sa.text(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()")).scalar()
    admin.dispose()
    assert cut >= 1
    res = app.get(API + "organization_show", query_string={"id": org["name"]})
    assert res.status_code == 200


# ------------------------------------------------------------------ Redis down during a KPI import


@pytest.mark.ckan_config("scheming.dataset_schemas", KPI_SCHEMAS)
@pytest.mark.ckan_config("ckan.plugins", "dgplan scheming_datasets datastore activity")
@pytest.mark.usefixtures("clean_datastore")
def test_kpi_import_while_redis_is_down_is_refused_whole_and_taken_once_redis_is_back(publisher):
    from pathlib import Path

    from tests.integration.kpi_support import Upload, kpi_dataset

    user, org = publisher
    pkg = kpi_dataset(org, code="KPI-EGDI-RANK")
    data = (Path(__file__).resolve().parent.parent / "data" / "kpi_values_1000.csv").read_bytes()

    def kpi_import() -> dict:
        return helpers.call_action("dgplan_kpi_import", {"user": user["name"], "ignore_auth": False},
                                   upload=Upload(data, "kpi_values_1000.csv"))

    def written() -> tuple[int, list, int]:
        stored = helpers.call_action("package_show", id=pkg["id"])
        activities = [a for a in helpers.call_action("package_activity_list", id=pkg["id"])
                      if (a.get("data") or {}).get("dgplan_import")]
        series = helpers.call_action("dgplan_kpi_show", id="KPI-EGDI-RANK")["series"]
        return len(series), stored["resources"], len(activities)

    with redis_behind_relay() as redis:
        redis.close()
        with pytest.raises(ValidationError) as err:
            kpi_import()
        message = err.value.error_dict["upload"][0]
        assert bilingual(message)
        assert "Redis" in message and "Nothing was imported" in message
        assert written() == (0, [], 0)  # no table, no resource, no activity
        redis.open()
        assert kpi_import()["inserted"] == 1000
    count, resources, activities = written()
    assert (count, len(resources), activities) == (1000, 1, 1)

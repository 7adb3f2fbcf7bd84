"""Running ckanext-xloader's real job against the test stack.

xloader's job downloads the resource over HTTP from ``ckan.site_url`` and reports back by POSTing to
the ``xloader_hook`` action there. The tests have no server on ``http://test.ckan.net``, so requests to
that address are handed to the CKAN test app itself (the same Flask app, PostgreSQL and Solr; the
download is CKAN's resource download view reading the uploaded file). The job is queued by
``xloader_submit`` exactly as in production and run by CKAN's own RQ worker in burst mode, without a
fork (``with_test_worker``) so that the routing applies inside the job.
"""
from __future__ import annotations

import io
from typing import Any
from urllib.parse import urlsplit

import ckan.plugins.toolkit as tk
import pytest
import requests
from ckan.lib import jobs as ckan_jobs
from ckan.tests import factories, helpers
from requests.structures import CaseInsensitiveDict


class _AppAdapter(requests.adapters.BaseAdapter):
    """A requests transport that answers from the CKAN test app instead of the network."""

    def __init__(self, app: Any) -> None:
        super().__init__()
        self.app = app

    def send(self, request: requests.PreparedRequest, stream: bool = False, timeout: Any = None,
             verify: Any = True, cert: Any = None, proxies: Any = None) -> requests.Response:
        url = urlsplit(request.url)
        res = self.app.test_client().open(url.path, method=request.method, query_string=url.query,
                                          headers=dict(request.headers), data=request.body)
        response = requests.Response()
        response.status_code = res.status_code
        response.headers = CaseInsensitiveDict(res.headers)
        response.raw = io.BytesIO(res.get_data())
        response.url = request.url
        response.request = request
        response.reason = res.status
        return response

    def close(self) -> None:
        pass


@pytest.fixture
def xloader_env(app, monkeypatch, ckan_config, with_test_worker) -> dict[str, Any]:
    """A sysadmin whose token xloader uses, and HTTP to the site answered by the test app."""
    sysadmin = factories.SysadminWithToken()
    monkeypatch.setitem(ckan_config, "ckanext.xloader.api_token", sysadmin["token"])
    # test.ini names the default port; `make test` on other ports (DGPLAN_PG_PORT) passes the
    # database through CKAN_SQLALCHEMY_URL, which CKAN reads for sqlalchemy.url but xloader does not.
    monkeypatch.setitem(ckan_config, "ckanext.xloader.jobs_db.uri", tk.config["sqlalchemy.url"])
    site = tk.config["ckan.site_url"].rstrip("/")
    adapter = _AppAdapter(app)
    original = requests.Session.get_adapter

    def get_adapter(self: requests.Session, url: str) -> requests.adapters.BaseAdapter:
        return adapter if url.startswith(site + "/") else original(self, url)

    monkeypatch.setattr(requests.Session, "get_adapter", get_adapter)
    return {"sysadmin": sysadmin, "app": app}


def run_jobs() -> None:
    """CKAN's jobs worker on the default queue until it is empty (``ckan jobs worker --burst``)."""
    ckan_jobs.Worker(["default"]).work(burst=True)


def upload_table(create_with_upload: Any, data: bytes, filename: str, fmt: str = "CSV", **extra: Any) -> dict:
    """A resource created with an uploaded file (xloader queues its job on creation); jobs run."""
    dataset = factories.Dataset(owner_org=factories.Organization()["id"])
    resource = create_with_upload(data, filename, url="http://data", package_id=dataset["id"], format=fmt, **extra)
    run_jobs()
    return resource


def xloader_status(resource_id: str) -> dict:
    return helpers.call_action("xloader_status", resource_id=resource_id)


def assert_refused(app: Any, resource_id: str, data: bytes, th: str, en: str) -> None:
    """A refused upload: status ``error`` naming the problem in Thai and English, no DataStore table,
    and the uploaded file still downloads byte for byte."""
    status = xloader_status(resource_id)
    assert status["status"] == "error"
    assert th in str(status["error"]) and en in str(status["error"])
    shown = helpers.call_action("resource_show", id=resource_id)
    assert not shown.get("datastore_active")
    assert app.get(urlsplit(shown["url"]).path, status=200).get_data() == data


def search(resource_id: str, **kwargs: Any) -> dict:
    return helpers.call_action("datastore_search", resource_id=resource_id, **kwargs)


def columns(resource_id: str) -> list[str]:
    info = helpers.call_action("datastore_info", id=resource_id)
    return [f["id"] for f in info["fields"] if f["id"] != "_id"]

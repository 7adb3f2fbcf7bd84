"""Issue 22, several CKAN app servers: two gunicorn processes behind nginx (stack/appservers.sh, on free
loopback ports, serving test.ini) on the one PostgreSQL, Redis, Solr and storage path of the tests.
A session begun on one server is honoured by the other, a file uploaded through one is served by the
other, and the balancer sends requests to both."""
from __future__ import annotations

import os
import socket
import subprocess
from pathlib import Path
from typing import Iterator
from urllib.parse import urlsplit

import pytest
import requests
from ckan.tests import factories, helpers

from tests.integration.plan_helpers import dataset_data

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.usefixtures("clean_db", "clean_queues", "with_plugins")


def _free_base() -> int:
    """A port with the next two free as well (the balancer, then app servers 1 and 2)."""
    for _ in range(50):
        probe = socket.socket()
        probe.bind(("127.0.0.1", 0))
        base = probe.getsockname()[1]
        probe.close()
        if base + 2 >= 65535:
            continue
        taken = False
        for port in (base, base + 1, base + 2):
            with socket.socket() as s:
                taken = taken or s.connect_ex(("127.0.0.1", port)) == 0
        if not taken:
            return base
    raise RuntimeError("no three free ports in a row")


class Servers:
    def __init__(self, var: Path) -> None:
        self.var = var
        self.base = _free_base()
        self.env = {**os.environ, "DGPLAN_VAR": str(var), "DGPLAN_CKAN_PORT": str(self.base),
                    "DGPLAN_APP_SERVERS": "2", "DGPLAN_WORKERS": "1", "CKAN_INI": str(ROOT / "test.ini")}

    def run(self, command: str) -> None:
        done = subprocess.run([str(ROOT / "stack" / "appservers.sh"), command], env=self.env,
                              capture_output=True, text=True, timeout=300)
        if done.returncode:
            raise RuntimeError(f"appservers.sh {command} failed:\n{done.stdout}\n{done.stderr}")

    def url(self, which: int, path: str) -> str:
        """``which``: 0 the balancer, 1 or 2 an app server."""
        return f"http://127.0.0.1:{self.base + which}{path}"


@pytest.fixture(scope="module")
def servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Servers]:
    servers = Servers(tmp_path_factory.mktemp("appservers"))
    try:
        servers.run("start")
        yield servers
    finally:
        servers.run("stop")


def test_a_login_on_one_app_server_is_honoured_by_the_other(servers):
    user = factories.User(password="correct-horse-battery-staple")
    browser = requests.Session()
    assert browser.get(servers.url(2, "/dashboard/datasets"), allow_redirects=False).status_code in (302, 403)
    login = browser.post(servers.url(1, "/user/login"), allow_redirects=False,
                         data={"login": user["name"], "password": "correct-horse-battery-staple"})
    assert login.status_code == 302, login.text[:500]
    # The session is a cookie signed with the shared SECRET_KEY: the other server reads it as its own.
    page = browser.get(servers.url(2, "/dashboard/datasets"), allow_redirects=False)
    assert page.status_code == 200
    assert user["name"] in page.text


def test_a_file_uploaded_through_one_app_server_is_served_by_the_other(servers):
    sysadmin = factories.SysadminWithToken()
    org = factories.Organization(user=sysadmin)
    pkg = helpers.call_action("package_create", {"user": sysadmin["name"]},
                              **dataset_data(org, name="uploaded-on-one-server"))
    content = "จังหวัด,จำนวน\nเชียงใหม่,12\n".encode()
    res = requests.post(servers.url(1, "/api/3/action/resource_create"), headers={"Authorization": sysadmin["token"]},
                        data={"package_id": pkg["id"], "name": "ตาราง", "format": "CSV"},
                        files={"upload": ("table.csv", content, "text/csv")}, timeout=60)
    assert res.status_code == 200, res.text[:500]
    path = urlsplit(res.json()["result"]["url"]).path
    download = requests.get(servers.url(2, path), timeout=60)
    assert download.status_code == 200
    assert download.content == content


def test_the_balancer_sends_requests_to_both_app_servers(servers):
    for _ in range(8):
        assert requests.get(servers.url(0, "/api/3/action/status_show"), timeout=60).status_code == 200
    for i in (1, 2):
        log = (servers.var / "log" / f"access-{i}.log").read_text()
        assert "status_show" in log, f"app server {i} got no request"

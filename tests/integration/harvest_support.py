"""The harvest test's second portal: its own database and Solr core, served by its own gunicorn.

The test process is the central catalogue (test.ini's ckan_test database and core); the agency portal
is test.ini again with CKAN's environment overrides pointing at ``ckan_harvest_test`` (database and
Solr core, made by stack/postgres.sh and stack/solr.sh), on a free port. Run as a script, this module
prepares that portal's database and prints a sysadmin's API token.
"""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import requests

ROOT = Path(__file__).resolve().parents[2]
VENV = Path(sys.executable).parent
SOURCE_DB = "ckan_harvest_test"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def source_env(config: Any, port: int) -> dict[str, str]:
    """The environment that turns test.ini into the agency portal's configuration."""
    db = config["sqlalchemy.url"].rsplit("/", 1)[0] + "/" + SOURCE_DB
    solr = config["solr_url"].rstrip("/").rsplit("/", 1)[0] + "/" + SOURCE_DB
    redis = config["ckan.redis.url"].rsplit("/", 1)[0] + "/2"
    env = dict(os.environ)
    env.update({
        "CKAN_INI": str(ROOT / "test.ini"), "CKAN_SQLALCHEMY_URL": db, "CKAN_SOLR_URL": solr,
        "CKAN_REDIS_URL": redis, "CKAN_SITE_URL": f"http://127.0.0.1:{port}", "CKAN_SITE_ID": "dgplan_agency",
    })
    return env


class SourcePortal:
    """An agency portal on a free port; ``call`` runs its API actions as its sysadmin."""

    def __init__(self, config: Any) -> None:
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = source_env(config, self.port)
        log = open(ROOT / "var" / "log" / "harvest-source.log", "w", encoding="utf-8")
        self._log = log
        # One process migrates the database and makes the sysadmin: each start of CKAN costs seconds.
        # The database is kept between runs; the tests purge the datasets they made before.
        out = subprocess.run([str(VENV / "python"), __file__], env=self.env, check=True, cwd=ROOT,
                             stdout=subprocess.PIPE, stderr=log, text=True)
        self.token = out.stdout.strip().splitlines()[-1]
        self.proc = subprocess.Popen(
            [str(VENV / "gunicorn"), "--chdir", str(ROOT), "--workers", "1", "--timeout", "120",
             "--bind", f"127.0.0.1:{self.port}", "stack.wsgi:application"],
            env=self.env, stdout=log, stderr=log, cwd=ROOT)
        deadline = time.time() + 120
        while time.time() < deadline:
            try:
                if requests.get(f"{self.url}/api/3/action/status_show", timeout=5).ok:
                    return
            except requests.RequestException:
                pass
            if self.proc.poll() is not None:
                break
            time.sleep(1)
        self.stop()
        raise RuntimeError("the source portal did not start (see var/log/harvest-source.log)")

    def call(self, action: str, **data: Any) -> Any:
        answer = requests.post(f"{self.url}/api/3/action/{action}", json=data,
                               headers={"Authorization": self.token}, timeout=60)
        body = answer.json()
        if not body.get("success"):
            raise AssertionError(f"{action} on the source: {body.get('error')}")
        return body["result"]

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self._log.close()


class FakeSource:
    """A source that answers what a test sets: ``files`` by path, and a CKAN ``package_search``
    giving ``datasets`` (an empty page after the first), or ``pages`` (one per ``start`` of 100),
    or ``search_status`` when it is not 200. With ``stall``, a request for a page after the first
    gets no answer (until ``stop``): a source that stops answering mid-harvest; a request for a path
    in ``stalled`` (a file, e.g. a DCAT feed's second page) gets none either."""

    def __init__(self) -> None:
        self.files: dict[str, tuple[int, str, str]] = {}
        self.datasets: list[dict[str, Any]] = []
        self.pages: list[list[dict[str, Any]]] | None = None
        self.search_status = 200
        self.stall = False
        self.stalled: set[str] = set()
        self._released = threading.Event()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *_args: Any) -> None:
                pass

            def do_HEAD(self) -> None:  # ckanext-dcat asks for the size first
                self.do_GET(body=False)

            def do_GET(self, body: bool = True) -> None:
                path, _, query = self.path.partition("?")
                if path.endswith("/action/package_search"):
                    params = parse_qs(query)
                    index = int(params.get("start", ["0"])[0]) // 100
                    pages = fake.pages if fake.pages is not None else [fake.datasets]
                    if "fl" in params:  # the dgplan_ckan harvester's list of every id
                        results = [d for page in pages for d in page] if index == 0 else []
                    elif index and fake.stall:
                        fake._released.wait(60)
                        return
                    else:
                        results = pages[index] if index < len(pages) else []
                    text = json.dumps({"success": True, "result": {"count": len(results), "results": results}})
                    status, kind = fake.search_status, "application/json"
                    if status != 200:
                        text, kind = "<html><body>Internal Server Error</body></html>", "text/html"
                elif path in fake.stalled:
                    fake._released.wait(60)
                    return
                else:
                    status, kind, text = fake.files.get(path, (404, "text/plain", "not found"))
                data = text.encode("utf-8")
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                if body:
                    self.wfile.write(data)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        self._released.set()
        self.server.shutdown()
        self.server.server_close()


def _prepare() -> None:
    """Migrate the source portal's database (as ``ckan db upgrade``), make its sysadmin, print a token."""
    from ckan.cli import CKANConfigLoader
    from ckan.cli.db import _migrate_plugins, _run_migrations
    from ckan.config.middleware import make_app

    app = make_app(CKANConfigLoader(os.environ["CKAN_INI"]).get_config())
    import ckan.plugins.toolkit as tk
    from ckan import model

    with app._wsgi_app.test_request_context():
        _run_migrations(None)
        _migrate_plugins(apply=True)
        site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
        user = model.User.get("agency_admin") or tk.get_action("user_create")(
            {"ignore_auth": True, "user": site_user["name"]},
            {"name": "agency_admin", "email": "agency@example.go.th", "password": "agency-pass-1234"})
        obj = model.User.get("agency_admin")
        obj.sysadmin = True
        model.Session.commit()
        token = tk.get_action("api_token_create")(
            {"ignore_auth": True, "user": obj.name}, {"user": obj.name, "name": "harvest-test"})["token"]
        del user
        print(token)


if __name__ == "__main__":
    _prepare()

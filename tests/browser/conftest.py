"""A real portal for the browser tests, its data, and a headless Chromium driven by Playwright.

The portal is gunicorn serving ``stack.wsgi`` with a small ini that extends test.ini (same
databases and Solr core, the KPI and project schemas added, ``ckan.site_url`` pointing at itself,
CSRF checks on as in the served portal).
The database is reset once, at the start of the browser tests, which run after all other tests
(see :func:`pytest_collection_modifyitems`); users and organizations are created in-process,
datasets and KPI values through the portal's API as a sysadmin, the way a harvester would.

Screenshots, the portal's log and ``durations.txt`` go to ``tests/browser/screenshots/`` (git-ignored).
axe-core comes from ``tests/browser/node_modules`` (``npm ci --prefix tests/browser``).
"""
from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any, Iterator, Optional

import pytest
import requests

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
SHOTS = HERE / "screenshots"
AXE_JS = HERE / "node_modules" / "axe-core" / "axe.min.js"
PORT = int(os.environ.get("DGPLAN_BROWSER_PORT", "5055"))
BASE = f"http://127.0.0.1:{PORT}"
CHROMIUM = os.environ.get("DGPLAN_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
PASSWORD = "Browser-Test-Passw0rd"
SCHEMAS = ("ckanext.dgplan:schemas/dgplan_dataset.yaml ckanext.dgplan:schemas/dgplan_kpi.yaml "
           "ckanext.dgplan:schemas/dgplan_project.yaml")

# The citizen's dataset: a long Thai title with the searched word inside it (no spaces around it).
SEARCH_WORD = "อินเทอร์เน็ต"
PUBLIC_TITLE = "สถิติจำนวนครัวเรือนที่เข้าถึงอินเทอร์เน็ตความเร็วสูงจำแนกรายจังหวัดปีงบประมาณ2566"
PUBLIC_CSV = ("จังหวัด,จำนวนครัวเรือน,ร้อยละ\n"
              "กรุงเทพมหานคร,2871234,91.5\n"
              "เชียงใหม่,512345,78.25\n"
              "นครราชสีมา,498877,70.1\n").encode("utf-8")
PRIVATE_TITLE = "ทะเบียนลับการใช้อินเทอร์เน็ตของเจ้าหน้าที่หน่วยความมั่นคงพิเศษ"
PRIVATE_CSV = "ชื่อ,เลขบัตร\nลับมาก,1234567890123\n".encode("utf-8")
PUBLIC_KPI = "KPI-EGDI-RANK"
PUBLIC_KPI_ROWS = [  # fiscal_year_be, value, target
    ("2563", "57", ""), ("2565", "55", ""), ("2567", "52", "45"),
]
PUBLISHER_KPI = "KPI-EGDI-SCORE"
PRIVATE_KPI = "KPI-IMD-GOV-EFF"
PRIVATE_KPI_VALUE = "87.25"

_DURATIONS: dict[str, float] = {}


# -- ordering and reporting -------------------------------------------------------------------

def pytest_collection_modifyitems(session: pytest.Session, config: pytest.Config,
                                  items: list[pytest.Item]) -> None:
    """Browser tests last: other tests' ``clean_db`` must not run between their set-up and them."""
    items.sort(key=lambda item: HERE in Path(str(item.fspath)).parents)


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if _DURATIONS:
        terminalreporter.section("browser journeys")
        for name, seconds in _DURATIONS.items():
            terminalreporter.write_line(f"{name}: {seconds:.1f} s")


def record_duration(name: str, seconds: float) -> None:
    _DURATIONS[name] = seconds
    SHOTS.mkdir(parents=True, exist_ok=True)
    lines = [f"{n}\t{s:.1f} s" for n, s in _DURATIONS.items()]
    (SHOTS / "durations.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")


# -- the portal -------------------------------------------------------------------------------

def _port_in_use(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def _ini(path: Path) -> Path:
    storage = os.environ.get("CKAN_STORAGE_PATH") or str(ROOT / "var" / "test-storage")
    path.write_text(
        "[DEFAULT]\ndebug = false\n\n"
        "[app:main]\n"
        f"use = config:{ROOT / 'test.ini'}\n"
        f"ckan.site_url = {BASE}\n"
        f"scheming.dataset_schemas = {SCHEMAS}\n"
        f"ckan.storage_path = {storage}\n"
        # CSRF checks on, extensions' forms included, as in the served portal (test.ini turns them off).
        "WTF_CSRF_ENABLED = true\n"
        "ckan.csrf_protection.ignore_extensions = false\n",
        encoding="utf-8")
    return path


def _wait_for_status(proc: subprocess.Popen, log: Path, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"the browser tests' portal exited with {proc.returncode}; see {log}")
        try:
            with urllib.request.urlopen(f"{BASE}/api/3/action/status_show", timeout=5) as resp:
                if resp.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.5)
    pytest.fail(f"the browser tests' portal did not answer on {BASE} within {timeout:.0f} s; see {log}")


def _reset_database() -> None:
    """What tests/conftest.py's clean_db, clean_index and clean_datastore do, once."""
    import ckan.plugins as plugins
    from ckan.cli.db import _run_migrations
    from ckan.lib import search
    from ckan.tests import helpers as test_helpers
    from ckanext.datastore.tests import helpers as ds_helpers

    test_helpers.reset_db()
    # The reset re-creates CKAN's core tables only; the portal indexes every dataset through
    # ckanext-harvest (its harvest_object table) and records activities, so both get theirs back.
    for name in ("activity", "harvest"):
        loaded = plugins.plugin_loaded(name)
        if not loaded:
            plugins.load(name)
        try:
            _run_migrations(name, "head", True)
        finally:
            if not loaded:
                plugins.unload(name)
    search.clear_all()
    engine = ds_helpers.db.get_write_engine()
    ds_helpers.rebuild_all_dbs(ds_helpers.orm.scoped_session(ds_helpers.orm.sessionmaker(bind=engine)))


class Api:
    """The portal's action API as one user (an API token)."""

    def __init__(self, token: str) -> None:
        self.headers = {"Authorization": token}

    def __call__(self, action: str, files: Optional[dict[str, Any]] = None, **data: Any) -> Any:
        url = f"{BASE}/api/3/action/{action}"
        if files:
            resp = requests.post(url, data=data, files=files, headers=self.headers, timeout=60)
        else:
            resp = requests.post(url, json=data, headers=self.headers, timeout=60)
        body = resp.json()
        if not body.get("success"):
            error = json.dumps(body.get("error"), ensure_ascii=False)
            raise AssertionError(f"{action} failed ({resp.status_code}): {error}")
        return body["result"]


def dataset_fields(org: str, **extra: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "owner_org": org, "data_type": "statistical", "maintainer": "กลุ่มงานสถิติ",
        "maintainer_email": "stat@example.go.th", "tag_string": "สถิติ,อินเทอร์เน็ต",
        "notes": "ข้อมูลตัวอย่างสำหรับการทดสอบด้วยเบราว์เซอร์", "objective": ["public_service"],
        "update_frequency_unit": "year", "geo_coverage": "province", "data_source": "สำนักงานสถิติแห่งชาติ",
        "data_format": ["csv"], "data_category": "public", "license_id": "cc-by",
    }
    data.update(extra)
    return data


def kpi_csv(code: str, rows: list[tuple[str, str, str]]) -> bytes:
    lines = ["kpi_code,fiscal_year_be,period,value,target,source"]
    lines += [f"{code},{year},year,{value},{target},UN E-Government Survey" for year, value, target in rows]
    return ("\n".join(lines) + "\n").encode("utf-8")


def _prepare(api: Api) -> dict[str, Any]:
    public = api("package_create", **dataset_fields(
        "dga", name="broadband-households-by-province", title=PUBLIC_TITLE,
        dgplan_goals=["G1"], dgplan_strategies=["S1"]))
    public_res = api("resource_create", package_id=public["id"], name="ครัวเรือนรายจังหวัด", format="CSV",
                     files={"upload": ("households.csv", PUBLIC_CSV, "text/csv")})
    other = api("package_create", **dataset_fields(
        "nso", name="internet-speed-government", title="ความเร็วอินเทอร์เน็ตเฉลี่ยของหน่วยงานภาครัฐ",
        dgplan_goals=["G2"], dgplan_strategies=["S2"]))
    private = api("package_create", **dataset_fields(
        "dga", name="secret-internet-register", title=PRIVATE_TITLE, private=True,
        dgplan_goals=["G4"], dgplan_strategies=["S3"]))
    private_res = api("resource_create", package_id=private["id"], name="ทะเบียนลับ", format="CSV",
                      files={"upload": ("secret.csv", PRIVATE_CSV, "text/csv")})

    def kpi(code: str, private: bool = False, **extra: Any) -> dict[str, Any]:
        fields = dict(dgplan_unit="อันดับ", dgplan_direction="lower", dgplan_baseline_year="2565",
                      dgplan_baseline_value="55", dgplan_targets="2570: 40")
        fields.update(extra)
        return api("package_create", type="dgplan-kpi", name=code.lower(), title=f"ตัวชี้วัด {code}",
                   owner_org="dga", dgplan_kpi_code=code, dgplan_frequency="biennial",
                   dgplan_strategies=["S1"], private=private, **fields)

    kpis = {PUBLIC_KPI: kpi(PUBLIC_KPI)}
    # The EGDI score is an index from 0 to 1 (the import checks values against the unit's range).
    kpis[PUBLISHER_KPI] = kpi(PUBLISHER_KPI, dgplan_unit="ดัชนี 0-1", dgplan_direction="higher",
                              dgplan_baseline_value="0.72", dgplan_targets="2570: 0.9")
    kpis[PRIVATE_KPI] = kpi(PRIVATE_KPI, private=True)
    api("dgplan_kpi_import", filename="egdi.csv",
        files={"upload": ("egdi.csv", kpi_csv(PUBLIC_KPI, PUBLIC_KPI_ROWS), "text/csv")})
    api("dgplan_kpi_import", filename="imd.csv",
        files={"upload": ("imd.csv", kpi_csv(PRIVATE_KPI, [("2566", PRIVATE_KPI_VALUE, "")]), "text/csv")})
    return {"public": public, "public_resource": public_res, "other": other, "private": private,
            "private_resource": private_res, "kpis": kpis}


@pytest.fixture(scope="package")
def portal(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """Reset the test database, create users and organizations, start gunicorn, create the data."""
    from ckan.tests import factories, helpers

    if _port_in_use(PORT):
        pytest.fail(f"port {PORT} is taken; the browser tests start their own portal there "
                    f"(set DGPLAN_BROWSER_PORT to use another free port)")
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (stack/install.sh does)")
    SHOTS.mkdir(parents=True, exist_ok=True)
    for old in SHOTS.glob("*.png"):
        old.unlink()

    _reset_database()
    sysadmin = factories.Sysadmin(name="browser_admin", password=PASSWORD)
    users = {name: factories.User(name=name, fullname=full, password=PASSWORD, email=f"{name}@example.go.th")
             for name, full in (("dga_editor", "บรรณาธิการ สพร."), ("nso_editor", "บรรณาธิการ สสช."))}
    factories.Organization(name="dga", title="สำนักงานพัฒนารัฐบาลดิจิทัล",
                           users=[{"name": "dga_editor", "capacity": "editor"}])
    factories.Organization(name="nso", title="สำนักงานสถิติแห่งชาติ",
                           users=[{"name": "nso_editor", "capacity": "editor"}])
    token = helpers.call_action("api_token_create", {"user": sysadmin["name"], "ignore_auth": True},
                                user=sysadmin["name"], name="browser-tests")["token"]

    ini = _ini(tmp_path_factory.mktemp("portal") / "browser.ini")
    env = dict(os.environ, CKAN_INI=str(ini), CKAN_SITE_URL=BASE)
    log = SHOTS / "portal.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            [str(Path(sys.executable).with_name("gunicorn")), "--workers", "2", "--timeout", "120",
             "--bind", f"127.0.0.1:{PORT}", "stack.wsgi:application"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        _wait_for_status(proc, log)
        data = _prepare(Api(token))
        yield {"base": BASE, "users": users, "sysadmin": sysadmin, "token": token, **data}
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()


# -- the browser ------------------------------------------------------------------------------

@pytest.fixture(scope="package")
def browser(portal: dict[str, Any]) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def context(browser: Any) -> Iterator[Any]:
    """A fresh browser profile (no cookies: anonymous until it logs in), Thai first."""
    ctx = browser.new_context(base_url=BASE, locale="th-TH", accept_downloads=True,
                              viewport={"width": 1280, "height": 900})
    ctx.set_default_timeout(20_000)
    try:
        yield ctx
    finally:
        ctx.close()


@pytest.fixture
def page(context: Any) -> Any:
    return context.new_page()


class Steps:
    """Numbered screenshots of one journey: ``<journey>-NN-<step>.png``."""

    def __init__(self, page: Any, journey: str) -> None:
        self.page, self.journey, self.n = page, journey, 0
        self.started = time.monotonic()

    def shot(self, step: str) -> None:
        self.n += 1
        name = re.sub(r"[^a-z0-9-]+", "-", step.lower()).strip("-")
        self.page.screenshot(path=str(SHOTS / f"{self.journey}-{self.n:02d}-{name}.png"), full_page=True)

    def done(self) -> float:
        seconds = time.monotonic() - self.started
        record_duration(self.journey, seconds)
        return seconds


def login(page: Any, user: str) -> None:
    page.goto("/user/login")
    page.fill("#field-login", user)
    page.fill("#field-password", PASSWORD)
    with page.expect_navigation():
        page.locator("form", has=page.locator("#field-password")).locator("button[type=submit]").click()
    assert "/user/login" not in page.url, f"login as {user} failed"


def axe_check(page: Any, label: str) -> list[dict[str, Any]]:
    """Run axe-core in the page; returns the serious and critical violations (with their nodes)."""
    if not AXE_JS.exists():
        pytest.fail(f"{AXE_JS} is missing: run `npm ci --prefix tests/browser` (stack/install.sh does)")
    page.add_script_tag(path=str(AXE_JS))
    result = page.evaluate("""async () => {
        const r = await axe.run(document, {resultTypes: ['violations']});
        return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 10)}));
    }""")
    (SHOTS / f"axe-{label}.json").write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
    return [v for v in result if v["impact"] in ("serious", "critical")]


def download(page: Any, link: Any) -> bytes:
    """Click a download link and return the file's bytes.

    A file the browser would show inline (no attachment header) starts no download; its bytes
    are then fetched with the page's cookies from the link's address, as "Save link as" would.
    """
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    href = link.get_attribute("href")
    url = page.url
    try:
        with page.expect_download(timeout=10_000) as info:
            link.click()
        return Path(info.value.path()).read_bytes()
    except PlaywrightTimeout:
        if page.url != url:
            page.go_back()
        resp = page.context.request.get(href)
        assert resp.ok, f"download of {href}: HTTP {resp.status}"
        return resp.body()


def switch_language(page: Any, lang: str) -> None:
    """Pick a language in the footer's selector (a select2 box that submits on change)."""
    select = page.locator("#field-lang-select")
    value = select.locator(f"option[lang='{lang}']").get_attribute("value")
    with page.expect_navigation():
        select.select_option(value=value, force=True)
    page.wait_for_load_state()

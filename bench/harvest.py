"""Harvesting rate vs creating the same datasets directly (issue 20: at least 0.5x).

The source is a running portal (``make serve`` loads the demo datasets; only those whose
``allow_harvest`` is yes are harvested). The copy is an empty portal made by this script from the
serve's ckan.ini on another database and Solr core of the same services (by default ``ckan_bench``
and ``bench_stock``, which stack/postgres.sh and stack/solr.sh create): its tables are dropped and
made again before each of the two runs.

1. harvest: a ``dgplan_ckan`` harvest source for the source portal, one job run end to end (gather:
   the source's package_search pages; fetch; import: package_create on the copy), as the consumers
   run it, timed from the job's creation to its last import;
2. baseline: the same datasets (as the source's package_search gives them, less ids) created on the
   emptied copy with ``package_create``, one by one, timed.

Usage (a portal must be running; its services are reused)::

    .venv/bin/python bench/harvest.py --ini var/ckan.ini --source http://127.0.0.1:5000 [--orgs a,b]

``--orgs`` limits both runs to some organizations of the source (names), to keep a run short.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import requests

ROOT = Path(__file__).resolve().parents[1]
VENV = Path(sys.executable).parent
PLUGINS = ("harvest", "ckan_harvester", "dgplan_harvest")


def copy_ini(ini: Path) -> Path:
    """The serve's ini with the harvest plugins loaded (a portal rendered before they were added)."""
    text = ini.read_text(encoding="utf-8")
    match = re.search(r"^ckan\.plugins\s*=.*(?:\n[ \t]+.*)*", text, re.M)
    if not match:
        raise SystemExit(f"no ckan.plugins in {ini}")
    have = match.group(0).split("=", 1)[1].split()
    line = "ckan.plugins = " + " ".join(have + [p for p in PLUGINS if p not in have])
    out = Path(tempfile.mkdtemp(prefix="dgplan-harvest-bench-")) / "ckan.ini"
    text = text[:match.start()] + line + text[match.end():]
    out.write_text(text.replace("%(here)s", str(ini.parent)), encoding="utf-8")
    return out


def empty_copy(ini: Path, env: dict[str, str]) -> None:
    for args in (["db", "clean", "--yes"], ["db", "upgrade"], ["search-index", "clear"]):
        subprocess.run([str(VENV / "ckan"), "-c", str(ini), *args], env=env, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def source_datasets(url: str, orgs: list[str]) -> list[dict[str, Any]]:
    fq = "+allow_harvest:True" + (" +organization:(" + " OR ".join(orgs) + ")" if orgs else "")
    found: list[dict[str, Any]] = []
    while True:
        answer = requests.get(f"{url}/api/3/action/package_search", timeout=300, params={
            "fq": fq, "rows": 1000, "start": len(found), "sort": "id asc"}).json()["result"]
        found.extend(answer["results"])
        if not answer["results"] or len(found) >= answer["count"]:
            return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--ini", default=str(ROOT / "var" / "ckan.ini"))
    parser.add_argument("--source", default="http://127.0.0.1:5000")
    parser.add_argument("--db", default="ckan_bench")
    parser.add_argument("--core", default="bench_stock")
    parser.add_argument("--orgs", default="")
    args = parser.parse_args()
    orgs = [o for o in args.orgs.split(",") if o]
    ini = copy_ini(Path(args.ini).resolve())

    from ckan.cli import CKANConfigLoader

    conf = CKANConfigLoader(str(ini)).get_config()
    env = dict(os.environ)
    env.update({
        "CKAN_SQLALCHEMY_URL": conf["sqlalchemy.url"].rsplit("/", 1)[0] + "/" + args.db,
        "CKAN_SOLR_URL": conf["solr_url"].rstrip("/").rsplit("/", 1)[0] + "/" + args.core,
        "CKAN_SITE_ID": "dgplan_harvest_bench",
    })
    os.environ.update(env)
    datasets = source_datasets(args.source.rstrip("/"), orgs)
    print(f"source: {len(datasets)} datasets allowed for harvest", flush=True)
    empty_copy(ini, env)

    from ckan.config.middleware import make_app

    app = make_app(CKANConfigLoader(str(ini)).get_config())
    import ckan.plugins.toolkit as tk
    from ckan import model
    from ckanext.harvest import queue
    from ckanext.harvest.model import HarvestJob
    from ckanext.harvest.tests.lib import run_harvest_job

    with app._wsgi_app.test_request_context():
        site = tk.get_action("get_site_user")({"ignore_auth": True}, {})["name"]
        ctx = lambda: {"user": site, "ignore_auth": True}  # noqa: E731
        org = tk.get_action("organization_create")(ctx(), {"name": "central", "title": "central"})
        config = {"organizations_filter_include": orgs} if orgs else {}
        source = tk.get_action("harvest_source_create")(ctx(), {
            "name": "agency", "title": "agency", "url": args.source, "source_type": "dgplan_ckan",
            "owner_org": org["id"], "config": json.dumps(config)})
        started = time.perf_counter()
        job = tk.get_action("harvest_job_create")(ctx(), {"source_id": source["id"], "run": False})
        results = run_harvest_job(HarvestJob.get(job["id"]), queue.get_harvester("dgplan_ckan"))
        harvest_s = time.perf_counter() - started
        harvested = sum(1 for r in results.values() if r.get("state") == "COMPLETE")
        errors = [e for r in results.values() for e in r.get("errors") or []]
        print(f"harvest: {harvested} datasets in {harvest_s:.1f} s ({harvested / harvest_s:.2f}/s), "
              f"{len(errors)} object errors", flush=True)
        for err in errors[:5]:
            print("  ", getattr(err, "message", err))
        model.Session.remove()
        model.meta.engine.dispose()

    empty_copy(ini, env)
    with app._wsgi_app.test_request_context():
        site = tk.get_action("get_site_user")({"ignore_auth": True}, {})["name"]
        org = tk.get_action("organization_create")(ctx(), {"name": "central", "title": "central"})
        started = time.perf_counter()
        created = 0
        for data in datasets:
            data = {k: v for k, v in data.items() if k not in ("id", "organization", "owner_org", "groups")}
            data["resources"] = [{k: v for k, v in r.items() if k not in ("id", "package_id")}
                                 for r in data.get("resources") or []]
            try:
                tk.get_action("package_create")(ctx(), {**data, "owner_org": org["id"]})
                created += 1
            except tk.ValidationError as err:
                print("  package_create refused:", err.error_summary)
        create_s = time.perf_counter() - started
    print(f"package_create: {created} datasets in {create_s:.1f} s ({created / create_s:.2f}/s)")
    ratio = (harvested / harvest_s) / (created / create_s) if created and harvest_s else 0.0
    print(f"ratio harvest rate / package_create rate: {ratio:.2f}x (target >= 0.5x): "
          f"{'OK' if ratio >= 0.5 else 'UNDER'}")
    return 0 if ratio >= 0.5 else 1


if __name__ == "__main__":
    sys.exit(main())

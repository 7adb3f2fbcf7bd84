"""Open-data quality benchmarks (issue 21): a full refresh against a plain scan, and link checks.

Usage (from the repository root, services up; DGPLAN_*_PORT as for the stack you run against):
    .venv/bin/python bench/quality_refresh.py [--scale 40000] [--rounds 3] [--links 10000]
        [--link-budget 60]

1. Refresh. The datasets of the running demo portal (``make serve``: the 1,246 data.go.th records,
   read with ``package_search`` from ``DGPLAN_CKAN_PORT``) are replicated to ``--scale`` documents
   with distinct ids in the Solr core ``bench_dgplan`` (the results go to the database
   ``ckan_bench``): each is indexed once through CKAN's own indexer (every plugin's
   ``before_dataset_index``), and its Solr document is copied with new ids, so
   ``package_search`` returns what a catalogue of that size returns (no database rows are made for
   the copies, as in bench/thai_search.py). Then, in alternating rounds, the time of one plain paged
   ``package_search`` scan of the whole catalogue (1,000 a page, as the job pages) and the time of
   ``dgplan_quality_refresh_job`` (the same scan, every dataset scored, the results stored; link
   checks and the KPI write left out) are measured; the medians and their ratio are printed.
   After that one real dataset is edited, and the next job run must show its new score.

2. Links. ``--links`` resource URLs spread over 20 local hosts (127.0.0.1 ... 127.0.0.20) whose
   server answers slowly (5 s), never answers, answers 200, 404, or redirects for ever, checked with
   the link job's settings (timeout 2 s, 0.2 s between requests to one host, 8 at a time) within
   ``--link-budget`` seconds; prints the wall time against the budget, the outcomes, and the
   portal's page latency (``DGPLAN_CKAN_PORT``'s ``/dataset/``) before and during the run.
"""
from __future__ import annotations

import argparse
import copy
import http.server
import os
import socket
import statistics
import sys
import threading
import time
import urllib.request
from json import load as json_load
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_common import ckan_app, solr_docs, write_ini  # beside this script

_PRESETS = ("ckanext.scheming:presets.json ckanext.dgplan:schemas/dgplan_presets.yaml "
            "ckanext.dgplan:schemas/dgplan_plan_presets.yaml")
_SCHEMING = f"""scheming.dataset_schemas = ckanext.dgplan:schemas/dgplan_dataset.yaml
scheming.presets = {_PRESETS}
scheming.dataset_fallback = false
ckan.locales_offered = th en
"""


def _portal_datasets(port: str) -> list[dict]:
    """Every dataset of the running demo portal (``package_search`` over HTTP, full dicts)."""
    out: list[dict] = []
    start = 0
    while True:
        url = (f"http://127.0.0.1:{port}/api/3/action/package_search?fq=%2Bdataset_type:dataset"
               f"&rows=1000&start={start}&sort=name%20asc")
        with urllib.request.urlopen(url, timeout=120) as response:
            result = json_load(response)["result"]
        out.extend(result["results"])
        start += 1000
        if start >= result["count"]:
            return out


def _replicate(base_dicts: list[dict], scale: int) -> int:
    """Index every base dataset once, then its Solr document copied to ``scale`` documents in all."""
    import uuid

    from ckan.lib import search
    from ckan.lib.search.common import make_connection

    captured = solr_docs(copy.deepcopy(pkg) for pkg in base_dicts)
    # The API's dicts carry scheming's list fields at the top level, where CKAN's own indexer meets them
    # as extras (already joined); lists go to Solr only for its multi-valued fields.
    multi = _multi_valued()
    for doc in captured:
        for key, value in list(doc.items()):
            if isinstance(value, list) and not multi(key):
                doc[key] = " ".join(str(v) for v in value)
    search.clear_all()
    conn = make_connection()
    batch: list[dict] = []
    for i in range(scale):
        base = captured[i % len(captured)]
        new_id = str(uuid.uuid5(uuid.NAMESPACE_URL, f"dgplan-quality-bench-{i}"))
        doc = {k: (v.replace(base["id"], new_id) if isinstance(v, str) and k in ("validated_data_dict", "data_dict")
                   else v) for k, v in base.items()}
        doc.update({"id": new_id, "index_id": new_id, "name": f"q{i:05d}"})
        batch.append(doc)
        if len(batch) == 2000:
            conn.add(batch, commit=False)
            batch = []
    if batch:
        conn.add(batch, commit=False)
    conn.commit(waitSearcher=True)
    return len(captured)


def _multi_valued():
    import fnmatch
    import re

    import ckan

    schema = (Path(ckan.__file__).parent / "config" / "solr" / "schema.xml").read_text(encoding="utf-8")
    names = re.findall(r'<(?:field|dynamicField) name="([^"]+)"[^>]*multiValued="true"', schema)
    return lambda key: any(fnmatch.fnmatchcase(key, n) for n in names)


def _scan() -> int:
    from ckanext.dgplan.store import quality as quality_store

    context = quality_store._site_context()
    return sum(1 for _ in quality_store.scan(context))


def bench_refresh(args: argparse.Namespace) -> None:
    app = ckan_app(write_ini("quality", "bench_dgplan", "dgplan scheming_datasets", _SCHEMING))
    with app._wsgi_app.test_request_context():
        from ckan import model
        from ckan.tests import helpers

        from ckanext.dgplan.store import quality as quality_store

        model.repo.init_db()  # CKAN's tables in ckan_bench when no benchmark made them yet
        base_dicts = _portal_datasets(os.environ.get("DGPLAN_CKAN_PORT", "5000"))
        started = time.perf_counter()
        base = _replicate(base_dicts, args.scale)
        print(f"catalogue: {args.scale} documents in bench_dgplan ({base} demo datasets replicated; "
              f"{time.perf_counter() - started:.0f} s)")
        assert _scan() == args.scale, "bench_dgplan holds other documents"
        scans, refreshes = [], []
        for _ in range(args.rounds):
            started = time.perf_counter()
            n = _scan()
            scans.append(time.perf_counter() - started)
            started = time.perf_counter()
            summary = quality_store.dgplan_quality_refresh_job(write_kpi=False)
            refreshes.append(time.perf_counter() - started)
            assert n == summary["datasets"] == args.scale, (n, summary)
        scan_s, refresh_s = statistics.median(scans), statistics.median(refreshes)
        print(f"plain paged package_search scan: median {scan_s:.1f} s ({', '.join(f'{s:.1f}' for s in scans)})")
        print(f"full quality refresh:            median {refresh_s:.1f} s ({', '.join(f'{s:.1f}' for s in refreshes)})")
        print(f"ratio refresh/scan at {args.scale} datasets: {refresh_s / scan_s:.2f}x (target <= 3x)")
        portal = helpers.call_action("dgplan_quality_show", {"ignore_auth": True})
        print(f"portal summary: {portal['summary']['datasets']} datasets, {portal['summary']['compliant']} compliant "
              f"({portal['summary']['share']} %), mean score {portal['summary']['score']}; most frequent problems: "
              + ", ".join(f"{p['code']} {p['count']}" for p in portal['summary']['problems'][:5]))
        # One edit, one job cycle: the stored score follows (a real dataset, saved in ckan_bench).
        site = quality_store._site_context()
        if not model.Group.get("bench-quality"):
            helpers.call_action("organization_create", dict(site), name="bench-quality", title="Bench quality")
        model.Session.commit()
        pkg = model.Package.get("bench-quality-edit")
        if pkg is None:
            data = {k: v for k, v in base_dicts[0].items() if k not in ("id", "name", "organization", "owner_org",
                                                                       "resources", "tags", "groups")}
            data.update({"name": "bench-quality-edit", "owner_org": "bench-quality",
                         "tags": [{"name": t["name"]} for t in base_dicts[0].get("tags") or []],
                         "resources": [{k: r.get(k) for k in ("name", "url", "format")}
                                       for r in base_dicts[0].get("resources") or []]})
            pkg_id = helpers.call_action("package_create", dict(site), **data)["id"]
        else:
            pkg_id = pkg.id
        helpers.call_action("package_patch", dict(site), id=pkg_id, maintainer_email="opendata@moe.go.th")
        quality_store.dgplan_quality_refresh_job(write_kpi=False)
        before = quality_store.results_for([pkg_id])[pkg_id]
        helpers.call_action("package_patch", dict(site), id=pkg_id, maintainer_email="opendata@example.org")
        quality_store.dgplan_quality_refresh_job(write_kpi=False)
        after = quality_store.results_for([pkg_id])[pkg_id]
        print(f"edit (contact e-mail set to a placeholder): score {before['score']} -> {after['score']} after one "
              f"job cycle; problems {before['codes']} -> {after['codes']}")


# ------------------------------------------------------------------------------------ links


class _Slow(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):
        kind = self.path.split("/")[1] if "/" in self.path else ""
        if kind == "hang":
            time.sleep(3600)
            return
        if kind == "slow":
            time.sleep(5)
        if kind == "loop":
            self.send_response(302)
            self.send_header("Location", self.path + "x")
            self.end_headers()
            return
        self.send_response(404 if kind == "missing" else 200)
        self.end_headers()
        try:
            self.wfile.write(b"a,b\n1,2\n")
        except OSError:
            pass


def _page_latency(port: str, n: int = 10) -> float:
    times = []
    for _ in range(n):
        started = time.perf_counter()
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/dataset/", timeout=30) as response:
                response.read()
        except OSError:
            return float("nan")
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def bench_links(args: argparse.Namespace) -> None:
    from ckanext.dgplan.quality.links import LinkSettings, check_urls

    servers = []
    for host in range(1, 21):
        httpd = http.server.ThreadingHTTPServer((f"127.0.0.{host}", 0), _Slow)
        httpd.daemon_threads = True
        httpd.request_queue_size = 1024
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        servers.append(httpd)
    kinds = ["slow", "hang", "ok", "missing", "loop"]
    urls = [f"http://127.0.0.{s.server_address[0].split('.')[-1]}:{s.server_address[1]}/{kinds[i % 5]}/{i}"
            for i, s in ((i, servers[i % len(servers)]) for i in range(args.links))]
    settings = LinkSettings(timeout=2.0, per_host_interval=0.2, budget=args.link_budget, workers=8,
                            allow_private=True)
    port = os.environ.get("DGPLAN_CKAN_PORT", "5000")
    idle = _page_latency(port)
    during: list[float] = []
    done = threading.Event()

    def probe():
        while not done.is_set():
            during.append(_page_latency(port, 3))

    prober = threading.Thread(target=probe, daemon=True)
    started = time.perf_counter()
    prober.start()
    results = check_urls(urls, settings)
    wall = time.perf_counter() - started
    done.set()
    prober.join(timeout=60)
    counts: dict[str, int] = {}
    for outcome in results.values():
        counts[outcome] = counts.get(outcome, 0) + 1
    print(f"link check: {len(urls)} URLs on 20 hosts (slow 5 s, no answer, 200, 404, endless redirects); "
          f"timeout {settings.timeout} s, {settings.per_host_interval} s per host, {settings.workers} at a time")
    print(f"finished in {wall:.1f} s, budget {settings.budget:.0f} s ({wall / settings.budget:.2f} of it); "
          f"{len(results)} checked, {len(urls) - len(results)} left for the next run; outcomes {counts}")
    during_ms = statistics.median(during) if during else float("nan")
    print(f"portal page /dataset/ (port {port}) median latency: idle {idle:.0f} ms, during the link check "
          f"{during_ms:.0f} ms (ratio {during_ms / idle:.2f}x)")
    for httpd in servers:
        httpd.shutdown()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=int, default=40000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--links", type=int, default=10000)
    parser.add_argument("--link-budget", type=float, default=60.0)
    parser.add_argument("--skip-refresh", action="store_true")
    parser.add_argument("--skip-links", action="store_true")
    args = parser.parse_args()
    socket.setdefaulttimeout(None)
    if not args.skip_refresh:
        bench_refresh(args)
    if not args.skip_links:
        bench_links(args)
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

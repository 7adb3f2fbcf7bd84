"""Past one machine (issue 22): the single Solr core against the SolrCloud 2 x 2 collection, and one
CKAN app server against two behind nginx, measured in one run on this machine.

Runs against a portal served in cloud mode with two app servers, on ports of its own, e.g.::

    export DGPLAN_VAR=$PWD/var-cloud DGPLAN_PG_PORT=5492 DGPLAN_REDIS_PORT=6439 DGPLAN_SOLR_PORT=8995 \\
           DGPLAN_ZK_PORT=2191 DGPLAN_CKAN_PORT=5060 DGPLAN_SOLR_MODE=cloud DGPLAN_APP_SERVERS=2 \\
           DGPLAN_WORKERS=2 CKAN_INI=$DGPLAN_VAR/ckan.ini
    make serve
    .venv/bin/python bench/scale.py --datasets 200000

1. The portal's datasets as CKAN indexes them (CKAN's indexer run in-process) are replicated with distinct ids
   up to ``--datasets`` documents and sent to Solr in batches of 1,000 (as ``ckan search-index
   rebuild`` builds them, one commit at the end) from ``--senders`` threads (1 by default, as
   ``ckan search-index rebuild`` sends them): indexing time and documents per second.
2. Query p50/p95 *through CKAN*: Thai searches through ``package_search`` on the balancer, with
   that many documents in the index.
3. Memory: resident size of the Solr JVMs (and ZooKeeper) after the queries.
Steps 1-3 run on the SolrCloud collection, then the cloud is stopped and the single core started
on the same port (CKAN's solr_url does not change), then the cloud again at the end (its
collection keeps the bench documents until ``--cleanup``).
4. Throughput: mixed requests (Thai searches, search pages, dataset and plan pages) from
   ``--clients`` threads for ``--seconds`` each, to app server 1 directly and to the balancer.

The ratios printed (cloud / single, two / one) are what to read: on two shared cores absolute
numbers move with the load of the machine.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_common import ckan_app, solr_docs  # beside this script

ROOT = Path(__file__).resolve().parents[1]
VAR = Path(os.environ.get("DGPLAN_VAR", ROOT / "var"))
SOLR_PORT = int(os.environ.get("DGPLAN_SOLR_PORT", "8983"))
CKAN_PORT = int(os.environ.get("DGPLAN_CKAN_PORT", "5000"))
CORE = "ckan"
SOLR = f"http://127.0.0.1:{SOLR_PORT}/solr/{CORE}"
BATCH = 1000
QUERIES = ["สถิติ", "ประชากร", "งบประมาณ", "การศึกษา", "สาธารณสุข", "กรุงเทพมหานคร", "ท่องเที่ยว",
           "เกษตร", "รายงาน", "ข้อมูลเปิด", "ภาษี", "โรงเรียน", "น้ำ", "ถนน", "พลังงาน", "แรงงาน"]


def sh(*args: str) -> str:
    done = subprocess.run(args, cwd=ROOT, capture_output=True, text=True, env=os.environ, timeout=600)
    if done.returncode:
        sys.exit(f"{' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def demo_docs() -> list[dict[str, Any]]:
    """The Solr documents CKAN (with dgplan's Thai word segmentation, which goes into fields Solr does
    not store) makes of the portal's datasets: CKAN's indexer run in-process, its sending captured."""
    app = ckan_app(os.environ.get("CKAN_INI", str(ROOT / "ckan.ini")))
    with app._wsgi_app.test_request_context():
        import ckan.plugins.toolkit as tk

        ids = tk.get_action("package_list")({"ignore_auth": True}, {})
        # As CKAN indexes a dataset (lib/search/__init__.py): unvalidated, as stored.
        captured = solr_docs(tk.get_action("package_show")({"ignore_auth": True, "use_cache": False,
                                                            "validate": False}, {"id": name}) for name in ids)
    if not captured:
        sys.exit("no datasets in the portal: run `make serve` (it loads the demo) first")
    return captured


def bench_docs(base: list[dict[str, Any]], n: int):
    """``n`` copies of the demo documents with distinct ids, names and titles, in batches."""
    batch = []
    for i in range(n):
        d = dict(base[i % len(base)])
        d["id"] = f"bench-{i}"
        d["index_id"] = f"bench-{i}"
        d["name"] = f"bench-{i}-{d.get('name', '')}"[:100]
        d["title"] = f"{d.get('title', '')} #{i}"
        batch.append(d)
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def index(base: list[dict[str, Any]], n: int, senders: int) -> float:
    """Seconds to send ``n`` bench documents in batches from ``senders`` threads, then commit."""
    session = requests.Session()
    session.post(f"{SOLR}/update", params={"commit": "true"}, json={"delete": {"query": "index_id:bench-*"}},
                 timeout=600).raise_for_status()

    def send(batch: list[dict[str, Any]]) -> None:
        # On a loaded machine a node can drop a forwarded update (the leader then puts the replica into
        # recovery and answers 500); a client that resends the batch, as CKAN's deferred index does,
        # loses nothing. Resends are counted and printed with the result.
        for attempt in range(4):
            answer = requests.post(f"{SOLR}/update", json=batch, timeout=600)
            if answer.status_code < 500 or attempt == 3:
                answer.raise_for_status()
                return
            with lock:
                resent[0] += 1
            time.sleep(5)

    lock = threading.Lock()
    resent = [0]

    t0 = time.perf_counter()
    sent = 0
    with ThreadPoolExecutor(senders) as pool:
        pending: list[Future[None]] = []
        for batch in bench_docs(base, n):
            # Bounded: the 200,000 documents never sit in memory at once.
            if len(pending) >= 2 * senders:
                pending.pop(0).result()
            pending.append(pool.submit(send, batch))
            sent += len(batch)
            if sent % 20_000 == 0:
                took = time.perf_counter() - t0
                print(f"  {sent} sent in {took:.0f} s ({sent / took:.0f} docs/s), load {os.getloadavg()[0]:.1f}",
                      flush=True)
        for future in pending:
            future.result()
    session.post(f"{SOLR}/update", params={"commit": "true"}, json={}, timeout=600).raise_for_status()
    if resent[0]:
        print(f"  batches resent after a 5xx: {resent[0]}", flush=True)
    return time.perf_counter() - t0


def count() -> int:
    return requests.get(f"{SOLR}/select", params={"q": "*:*", "rows": 0, "wt": "json"},
                        timeout=60).json()["response"]["numFound"]


def query_times(rounds: int) -> tuple[float, float, int]:
    session = requests.Session()
    times = []
    found = 0
    url = f"http://127.0.0.1:{CKAN_PORT}/api/3/action/package_search"
    for _ in range(rounds):
        for q in QUERIES:
            t0 = time.perf_counter()
            res = session.get(url, params={"q": q, "rows": 20}, timeout=120)
            times.append(time.perf_counter() - t0)
            res.raise_for_status()
            found = max(found, res.json()["result"]["count"])
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95) - 1], found


def rss_mb(pid_files: list[str]) -> float:
    total = 0
    for name in pid_files:
        path = VAR / "run" / name
        if not path.exists():
            continue
        pid = path.read_text().strip()
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        total += int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmRSS:")))
    return total / 1024


def measure(label: str, base: list[dict[str, Any]], n: int, rounds: int, pids: list[str],
            senders: int) -> dict[str, Any]:
    seconds = index(base, n, senders)
    docs = count()
    p50, p95, found = query_times(rounds)
    row = {"setup": label, "docs": docs, "index_s": seconds, "docs_per_s": n / seconds, "p50_ms": p50 * 1000,
           "p95_ms": p95 * 1000, "largest_count": found, "rss_mb": rss_mb(pids),
           "load": round(os.getloadavg()[0], 1)}
    print(json.dumps(row, ensure_ascii=False), flush=True)
    return row


def throughput(port: int, clients: int, seconds: float, names: list[str]) -> dict[str, float]:
    urls = [f"/api/3/action/package_search?q={q}" for q in QUERIES[:6]] + \
           [f"/dataset/?q={q}" for q in QUERIES[6:10]] + [f"/dataset/{n}" for n in names[:6]] + \
           ["/plan", "/plan/kpi"]
    done: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def client(k: int) -> None:
        session = requests.Session()
        i = k
        while time.monotonic() < stop:
            t0 = time.perf_counter()
            try:
                ok = session.get(f"http://127.0.0.1:{port}{urls[i % len(urls)]}", timeout=60).status_code < 400
            except requests.RequestException:
                ok = False
            with lock:
                if ok:
                    done.append(time.perf_counter() - t0)
                else:
                    errors[0] += 1
            i += 1

    threads = [threading.Thread(target=client, args=(k,)) for k in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    done.sort()
    return {"rps": len(done) / seconds, "p95_ms": done[int(len(done) * 0.95) - 1] * 1000 if done else 0,
            "errors": errors[0]}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--datasets", type=int, default=200_000)
    ap.add_argument("--rounds", type=int, default=5, help="times each of the 16 Thai queries is sent")
    ap.add_argument("--clients", type=int, default=8)
    ap.add_argument("--senders", type=int, default=1,
                    help="threads sending batches to Solr at once (1, as `ckan search-index rebuild`)")
    ap.add_argument("--seconds", type=float, default=30)
    ap.add_argument("--skip-solr", action="store_true", help="only the app-server throughput")
    ap.add_argument("--cleanup", action="store_true", help="remove the bench documents at the end")
    args = ap.parse_args()

    base = demo_docs()
    names = [d["name"] for d in base if d.get("dataset_type", "dataset") == "dataset"]
    print(f"demo datasets in Solr: {len(base)}; bench documents: {args.datasets}", flush=True)
    rows = []
    if not args.skip_solr:
        cloud_pids = ["solr-node1.pid", "solr-node2.pid", "zookeeper.pid"]
        rows.append(measure("cloud 2x2 (2 nodes + ZooKeeper)", base, args.datasets, args.rounds, cloud_pids,
                            args.senders))
        sh("stack/solrcloud.sh", "stop")
        try:
            sh("stack/solr.sh", "start")
            # The single core starts empty: the portal's own documents first, so both answer the same.
            requests.post(f"{SOLR}/update", params={"commit": "true"}, json=base, timeout=600).raise_for_status()
            rows.append(measure("single core (1 JVM)", base, args.datasets, args.rounds, ["solr.pid"],
                                 args.senders))
        finally:
            sh("stack/solr.sh", "stop")
            sh("stack/solrcloud.sh", "start")
        cloud, single = rows
        print("\n| Solr | docs | index s | docs/s | query p50 ms | p95 ms | Solr RSS MB |")
        print("|---|---|---|---|---|---|---|")
        for r in rows:
            print(f"| {r['setup']} | {r['docs']} | {r['index_s']:.0f} | {r['docs_per_s']:.0f} | {r['p50_ms']:.0f} | "
                  f"{r['p95_ms']:.0f} | {r['rss_mb']:.0f} |")
        print(f"cloud / single: indexing time {cloud['index_s'] / single['index_s']:.2f}x, p50 "
              f"{cloud['p50_ms'] / single['p50_ms']:.2f}x, p95 {cloud['p95_ms'] / single['p95_ms']:.2f}x, "
              f"memory {cloud['rss_mb'] / single['rss_mb']:.2f}x", flush=True)
    one = throughput(CKAN_PORT + 1, args.clients, args.seconds, names)
    two = throughput(CKAN_PORT, args.clients, args.seconds, names)
    print("\n| app servers | clients | req/s | p95 ms | errors |\n|---|---|---|---|---|")
    for label, r in ((f"1 (direct, port {CKAN_PORT + 1})", one), (f"2 behind nginx (port {CKAN_PORT})", two)):
        print(f"| {label} | {args.clients} | {r['rps']:.1f} | {r['p95_ms']:.0f} | {r['errors']:.0f} |")
    print(f"two / one: throughput {two['rps'] / one['rps']:.2f}x, p95 {two['p95_ms'] / max(one['p95_ms'], 1e-9):.2f}x")
    if args.cleanup:
        requests.post(f"{SOLR}/update", params={"commit": "true"}, json={"delete": {"query": "index_id:bench-*"}},
                      timeout=600).raise_for_status()


if __name__ == "__main__":
    main()

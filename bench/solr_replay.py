"""Where a search's time goes inside Solr: CKAN's own requests, replayed with one thing changed.

Each system's worker (a real CKAN with that system's plugins, as in thai_search.py) runs every
benchmark query through ``package_search`` and records the Solr request CKAN sends. The parent
then sends those requests straight to Solr, as sent and in variants, each round on a new searcher
(see thai_search.fresh_searcher), systems taking turns, and prints per system and variant the HTTP
time (p50/p95), Solr's QTime and the answer's size:

  as_sent   the request as CKAN sent it
  id_only   fl=id: no stored JSON to read and send (what the stored documents cost)
  no_facet  facet=false: no set of all matches to collect for facet counting
  count     rows=0: matching and counting only

Run after `make bench BENCH_ARGS="--scale 40000"` to look at the cores as the benchmark left them:
    .venv/bin/python bench/solr_replay.py [--systems stock,dgplan] [--rounds 4]
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))
import thai_search  # the benchmark's systems, INI files and query parameters

VARIANTS = {
    "as_sent": {},
    "id_only": {"fl": "id"},
    "no_facet": {"facet": "false"},
    "count": {"rows": 0},
}


def worker_capture(system: str, queries: list[dict]) -> None:
    """Print, as one JSON list, the last Solr request of each query's package_search."""
    import pysolr
    from ckan.tests import helpers

    sent: list[dict] = []
    original = pysolr.Solr.search

    def recording(self, q, search_handler=None, **kwargs):
        sent.append({"q": q, **kwargs})
        return original(self, q, search_handler=search_handler, **kwargs)

    pysolr.Solr.search = recording
    app = thai_search._ckan_app(thai_search.write_ini(system))
    requests_sent = []
    with app._wsgi_app.test_request_context():
        for query in queries:
            sent.clear()
            helpers.call_action("package_search", context={"ignore_auth": True},
                                **thai_search.search_params(system, query["query"]))
            requests_sent.append(sent[-1])
    print(json.dumps(requests_sent, ensure_ascii=False, default=str))


def capture(system: str, args: argparse.Namespace) -> list[dict]:
    proc = subprocess.run([sys.executable, __file__, "--queries", args.queries, "--worker", system],
                          capture_output=True, text=True)
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr[-4000:])
        raise SystemExit(f"{system}: capture failed")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--queries", default=str(thai_search.ROOT / "bench" / "data" / "queries-dev.jsonl"))
    parser.add_argument("--systems", default="stock,dgplan")
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args()
    queries = [json.loads(line) for line in Path(args.queries).read_text(encoding="utf-8").splitlines()
               if line.strip()]
    if args.worker:
        worker_capture(args.worker, queries)
        return 0

    port = os.environ.get("DGPLAN_SOLR_PORT", "8983")
    systems = args.systems.split(",")
    sent = {system: capture(system, args) for system in systems}
    session = requests.Session()

    def core_url(system: str) -> str:
        return f"http://127.0.0.1:{port}/solr/{thai_search.SYSTEMS[system]['core']}"

    timed: dict[tuple[str, str], list[tuple[float, int, int]]] = {}
    for _ in range(args.rounds):
        for variant, change in VARIANTS.items():
            for system in systems:
                session.post(f"{core_url(system)}/update", params={"commit": "true", "waitSearcher": "true"},
                             json={"delete": {"id": "dgplan-bench-no-such-dataset"}}).raise_for_status()
                for params in sent[system]:
                    data = {**params, **change, "wt": "json"}
                    start = time.perf_counter()
                    answer = session.post(f"{core_url(system)}/select", data=data)
                    seconds = time.perf_counter() - start
                    answer.raise_for_status()
                    timed.setdefault((system, variant), []).append(
                        (seconds * 1000, answer.json()["responseHeader"]["QTime"], len(answer.content)))

    count_all = {"q": "*:*", "rows": 0}
    print(f"{len(queries)} queries x {args.rounds} rounds, each round on a new searcher; "
          f"documents in each core: " + ", ".join(
              f"{s} {session.get(f'{core_url(s)}/select', params=count_all).json()['response']['numFound']}"
              for s in systems))
    line = "{:<10} {:<9} {:>8} {:>8} {:>10} {:>9}"
    print(line.format("system", "variant", "p50 ms", "p95 ms", "QTime ms", "KB"))
    for system in systems:
        for variant in VARIANTS:
            rows = timed[(system, variant)]
            ms = [r[0] for r in rows]
            print(line.format(system, variant, f"{thai_search.percentile(ms, 0.5):.2f}",
                              f"{thai_search.percentile(ms, 0.95):.2f}",
                              f"{statistics.fmean(r[1] for r in rows):.2f}",
                              f"{statistics.fmean(r[2] for r in rows) / 1000:.1f}"))
    return 0


if __name__ == "__main__":
    sys.exit(main())

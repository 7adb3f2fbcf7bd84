"""Thai search benchmark: four systems, one corpus, one run (see bench/data/PROTOCOL.md).

Systems, each a real CKAN (in-process actions) against real PostgreSQL and Solr:
  stock     CKAN without ckanext-dgplan, CKAN's own schema.xml (core bench_stock)
  solr_thai CKAN without ckanext-dgplan, CKAN's schema with solr.ThaiTokenizerFactory (core bench_thai)
  wildcard  the existing Thai catalogue extension's rewrite: each whitespace token sent as *token* with
            edismax, on the stock index (core bench_stock)
  dgplan    CKAN with ckanext-dgplan's words + sub-word bigrams, stock schema (core bench_dgplan)

Usage (from the repository root, services up; `make bench` does both):
    .venv/bin/python bench/thai_search.py [--queries bench/data/queries-dev.jsonl] [--repeat 5]
        [--scale 40000] [--ref REV]

--ref REV adds the system dgplan_ref: ckanext-dgplan as of the git revision REV (exported with
`git archive`, imported ahead of the installed one) on its own core, bench_ref, so that a change is
measured side by side with what it changes, in the same run.

The corpus is loaded once into the database `ckan_bench` following the protocol (title and notes only,
neutral names r0001..., one neutral organization); each system then rebuilds its own Solr core from it
(indexing time) and answers every query (latency). Prints metrics per system, by category and by
lexical subset, and writes var/bench/thai_search.json. With --scale N, indexing and latency are
repeated at N documents with all systems running side by side, interleaved step by step.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_common  # beside this script: the bench INI files, CKAN in-process

ROOT = bench_common.ROOT
CORPUS = ROOT / "ckanext" / "dgplan" / "data" / "demo" / "corpus.jsonl"
VAR = bench_common.VAR

SYSTEMS = {
    "stock": {"core": "bench_stock", "plugins": "", "wildcard": False},
    "solr_thai": {"core": "bench_thai", "plugins": "", "wildcard": False},
    "wildcard": {"core": "bench_stock", "plugins": "", "wildcard": True},
    "dgplan": {"core": "bench_dgplan", "plugins": "dgplan", "wildcard": False},
}

def declared_mm() -> str:
    """The default of ckanext.dgplan.search.mm, which the dgplan system runs with (its INI leaves it unset)."""
    import yaml

    declaration = yaml.safe_load((ROOT / "ckanext" / "dgplan" / "config_declaration.yaml").read_text())
    return next(opt["default"] for group in declaration["groups"] for opt in group["options"]
                if opt["key"] == "ckanext.dgplan.search.mm")


REF_SYSTEM = "dgplan_ref"


def add_ref_system(rev: str) -> Path:
    """Export ckanext-dgplan at git revision ``rev`` and register it as the system :data:`REF_SYSTEM`."""
    sha = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--verify", f"{rev}^{{commit}}"],
                         capture_output=True, text=True, check=True).stdout.strip()
    tree = VAR / "ref" / sha
    if not (tree / "ckanext" / "dgplan" / "plugin.py").exists():
        tree.mkdir(parents=True, exist_ok=True)
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", sha, "ckanext"],
                                 capture_output=True, check=True).stdout
        subprocess.run(["tar", "-x", "-C", str(tree)], input=archive, check=True)
    SYSTEMS[REF_SYSTEM] = {"core": "bench_ref", "plugins": "dgplan", "wildcard": False,
                           "pythonpath": str(tree), "rev": sha[:10]}
    return tree


def require_ref_core() -> None:
    """Stop with a clear message if Solr has no bench_ref core (it appears when Solr starts)."""
    import requests

    port = os.environ.get("DGPLAN_SOLR_PORT", "8983")
    status = requests.get(f"http://127.0.0.1:{port}/solr/admin/cores",
                          params={"action": "STATUS", "core": "bench_ref", "wt": "json"}, timeout=30).json()
    if not status.get("status", {}).get("bench_ref"):
        raise SystemExit("Solr has no bench_ref core: restart it (stack/solr.sh restart) so that it is created")


def worker_env(system: str) -> dict | None:
    """The environment of a system's worker: the reference system imports its own ckanext-dgplan."""
    path = SYSTEMS[system].get("pythonpath")
    return {**os.environ, "PYTHONPATH": path} if path else None


def worker_argv(args: argparse.Namespace, mode: str, system: str) -> list[str]:
    """The command line of a worker process of ``system``, with this run's options."""
    return [sys.executable, __file__, "--queries", args.queries, "--repeat", str(args.repeat),
            "--scale", str(args.scale), *(["--ref", args.ref] if args.ref else []), "--worker", mode, system]


def write_ini(system: str) -> Path:
    spec = SYSTEMS[system]
    return bench_common.write_ini(system, spec["core"], spec["plugins"], "ckanext.dgplan.search.enabled = true")


# ---------------------------------------------------------------------------------------------------
# Worker side: runs inside one CKAN configuration.

def _ckan_app(ini: Path):
    return bench_common.ckan_app(ini)


def search_params(system: str, query: str) -> dict:
    """package_search parameters for one query; ties are broken by name (the protocol's "by id")."""
    params = {"q": query, "rows": 10, "sort": "score desc, name asc"}
    if SYSTEMS[system]["wildcard"]:
        # The existing Thai catalogue extension's rewrite: every whitespace token as *token*, edismax.
        params["q"] = " ".join(f"*{tok}*" for tok in query.split())
        params["defType"] = "edismax"
    return params


def settle() -> None:
    """Wait until Solr has opened the searcher on what was just indexed.

    CKAN commits without waiting for the new searcher, so the first queries timed after a rebuild
    would otherwise race Solr's own searcher switch; every system gets the same wait, untimed.
    """
    from ckan.lib.search.common import make_connection

    make_connection().commit(waitSearcher=True)


def fresh_searcher() -> None:
    """Make Solr open a new searcher, with empty caches, before a timed query round (untimed).

    Rounds repeat the same queries, and Solr answers a repeated query from its result cache; timing
    that would measure the cache, not the search. Any change to the index (here the delete of an id
    that does not exist, as happens whenever a publisher edits a dataset) makes the commit open a new
    searcher, and its caches start empty (``autowarmCount="0"`` in the cores' solrconfig.xml, as in
    Solr's default configset). A commit with no change keeps the old searcher and its caches.
    """
    from ckan.lib.search.common import make_connection

    make_connection().delete(id="dgplan-bench-no-such-dataset", commit=True, waitSearcher=True)


def worker_load(ini: Path) -> dict:
    """Load the corpus as r0001... datasets in one neutral organization (idempotent)."""
    import ckan.model as model
    from ckan.tests import helpers

    app = _ckan_app(ini)
    records = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines() if line.strip()]
    with app._wsgi_app.test_request_context():
        site_user = helpers.call_action("get_site_user")
        ctx = {"user": site_user["name"], "ignore_auth": True}
        if not model.Group.get("bench-org"):
            helpers.call_action("organization_create", context=dict(ctx), name="bench-org", title="Bench")
        existing = {name for (name,) in model.Session.query(model.Package.name).filter(
            model.Package.state == "active")}
        created = 0
        for i, rec in enumerate(records, start=1):
            name = f"r{i:04d}"
            if name in existing:
                continue
            helpers.call_action(
                "package_create", context=dict(ctx), name=name,
                title=rec["title"], notes=rec.get("notes") or "", owner_org="bench-org")
            created += 1
    return {"created": created, "total": len(records),
            "map": {f"r{i:04d}": rec["id"] for i, rec in enumerate(records, start=1)}}


def timed_round(system: str, queries: list[dict], context: dict | None = None) -> list[tuple[float, dict]]:
    """One package_search per query, in order, each timed: ``(seconds, result)``."""
    from ckan.tests import helpers

    timed = []
    for query in queries:
        params = search_params(system, query["query"])
        if context is not None:
            params["context"] = dict(context)
        t0 = time.perf_counter()
        out = helpers.call_action("package_search", **params)
        timed.append((time.perf_counter() - t0, out))
    return timed


def worker_run(ini: Path, system: str, queries: list[dict], repeat: int) -> dict:
    """Rebuild this system's index (timed), run every query once (the cold round, timed on its own),
    then `repeat` more times, each round on a new searcher (timed)."""
    from ckan.lib import search

    app = _ckan_app(ini)
    with app._wsgi_app.test_request_context():
        search.clear_all()
        start = time.perf_counter()
        search.rebuild(force=True, defer_commit=True, quiet=True)
        search.commit()
        index_seconds = time.perf_counter() - start
        settle()
        results: dict[str, list[str]] = {}
        cold = [seconds for seconds, _ in timed_round(system, queries)]
        latencies: list[float] = []
        for _ in range(repeat):
            fresh_searcher()
            for query, (seconds, out) in zip(queries, timed_round(system, queries), strict=True):
                latencies.append(seconds)
                results[query["qid"]] = [pkg["name"] for pkg in out["results"]]
    return {"index_seconds": index_seconds, "latencies": latencies, "cold_latencies": cold,
            "results": results}


def worker_scale(ini: Path, system: str, queries: list[dict], size: int) -> None:
    """Serve the scale test for one system, one step at a time, as the parent asks on stdin.

    The parent runs every system's worker at once and hands out the same steps to each in turn
    (index documents [start, end), commit, open a new searcher, one query), so that whatever else
    this machine does at the time is spread over all systems instead of landing on whichever ran
    last. Documents are the corpus replicated with distinct ids and go through CKAN's own indexer
    (PackageSearchIndex.index_package, the code path of `search-index rebuild`, including every
    plugin's before_dataset_index) without creating database rows; queries run as a sysadmin so that
    the permission filter is the same for all systems. Each answer is one line starting with ``@@``
    (CKAN may write other things to stdout).
    """
    import uuid

    from ckan import model
    from ckan.lib import search
    from ckan.lib.search.index import PackageSearchIndex
    from ckan.tests import helpers

    def answer(payload: dict) -> None:
        sys.stdout.write("@@" + json.dumps(payload) + "\n")
        sys.stdout.flush()

    app = _ckan_app(ini)
    with app._wsgi_app.test_request_context():
        base = [helpers.call_action("package_show", id=name) for (name,) in
                model.Session.query(model.Package.name).filter(model.Package.state == "active")
                .order_by(model.Package.name)]
        indexer = PackageSearchIndex()
        context = {"ignore_auth": True}
        answer({"ready": True})
        for line in sys.stdin:
            command, *args = line.split()
            if command == "clear":
                search.clear_all()
                answer({})
            elif command == "index":
                first, last = int(args[0]), int(args[1])
                start = time.perf_counter()
                for i in range(first, min(last, size)):
                    doc = dict(base[i % len(base)])
                    doc["id"] = str(uuid.uuid5(uuid.NAMESPACE_URL, f"dgplan-bench-{i}"))
                    doc["name"] = f"s{i:05d}"
                    indexer.index_package(doc, defer_commit=True)
                answer({"seconds": time.perf_counter() - start})
            elif command == "commit":
                start = time.perf_counter()
                search.commit()
                seconds = time.perf_counter() - start
                settle()
                answer({"seconds": seconds})
            elif command == "fresh":
                fresh_searcher()
                answer({})
            elif command == "query":
                [(seconds, out)] = timed_round(system, [queries[int(args[0])]], context)
                answer({"seconds": seconds, "page_size": len(out["results"])})
            else:
                return


class ScaleWorkers:
    """The scale-test workers of several systems, driven step by step in rotating order."""

    def __init__(self, systems: list[str], args: argparse.Namespace):
        self.procs = {}
        self.logs = []
        for system in systems:
            log = open(VAR / f"scale-{system}.log", "w", encoding="utf-8")
            self.logs.append(log)
            self.procs[system] = subprocess.Popen(
                worker_argv(args, "scale", system), stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log,
                text=True, env=worker_env(system))
        for system in systems:
            self._read(system)
        self.turn = 0

    def _read(self, system: str) -> dict:
        proc = self.procs[system]
        for line in proc.stdout:
            if line.startswith("@@"):
                return json.loads(line[2:])
        raise SystemExit(f"{system} scale worker stopped (exit {proc.wait()}); see {VAR}/scale-{system}.log")

    def step(self, command: str, systems: list[str]) -> dict[str, dict]:
        """Send ``command`` to each system in turn; the first system changes with every step."""
        order = systems[self.turn % len(systems):] + systems[:self.turn % len(systems)]
        self.turn += 1
        out = {}
        for system in order:
            self.procs[system].stdin.write(command + "\n")
            self.procs[system].stdin.flush()
            out[system] = self._read(system)
        return out

    def close(self) -> None:
        for proc in self.procs.values():
            proc.stdin.close()
            proc.wait()
        for log in self.logs:
            log.close()


def run_scale(systems: list[str], args: argparse.Namespace, n_queries: int, chunk: int = 1000) -> dict[str, dict]:
    """Index args.scale documents and time the n_queries queries for every system, interleaved (see
    worker_scale).

    Systems that search the same core (the wildcard rewrite searches stock's: it changes queries
    only) index it once, by the first of them listed, and share its index time.
    """
    indexer_of = {}
    for system in systems:
        indexer_of.setdefault(SYSTEMS[system]["core"], system)
    indexing = list(indexer_of.values())
    workers = ScaleWorkers(systems, args)
    try:
        workers.step("clear", indexing)
        seconds = dict.fromkeys(indexing, 0.0)
        for first in range(0, args.scale, chunk):
            for system, out in workers.step(f"index {first} {first + chunk}", indexing).items():
                seconds[system] += out["seconds"]
        for system, out in workers.step("commit", indexing).items():
            seconds[system] += out["seconds"]
        for system in systems:
            seconds.setdefault(system, seconds[indexer_of[SYSTEMS[system]["core"]]])
        # The first round after the commit is reported on its own (JVM and caches cold, as after a
        # restart); the timed rounds after it each start on a new searcher (see fresh_searcher).
        # Systems take turns query by query, so a pause of the machine lands on one query of one
        # system, not on a whole round of it.
        cold = {s: [] for s in systems}
        latencies = {s: [] for s in systems}
        page_sizes = {s: [] for s in systems}
        for round_no in range(args.repeat + 1):
            if round_no:
                workers.step("fresh", systems)
            for i in range(n_queries):
                for system, out in workers.step(f"query {i}", systems).items():
                    if round_no:
                        latencies[system].append(out["seconds"])
                        page_sizes[system].append(out["page_size"])
                    else:
                        cold[system].append(out["seconds"])
    finally:
        workers.close()
    return {s: {"index_seconds": seconds[s], "latencies": latencies[s], "cold_latencies": cold[s],
                "page_sizes": page_sizes[s]} for s in systems}


def print_page_cost(stock: dict, dgplan: dict, n_queries: int) -> None:
    """Split the scale latencies by what each answer held.

    Stock CKAN finds nothing for most Thai queries, and an empty answer is cheaper to fetch and
    decode than a page of ten datasets whatever the search method; comparing the queries on which
    both systems return a full page shows what the search itself costs.
    """
    def per_query(r: dict) -> list[tuple[float, int]]:
        return [(statistics.median(r["latencies"][q::n_queries]), r["page_sizes"][q])
                for q in range(n_queries)]

    st, dg = per_query(stock), per_query(dgplan)
    empty = [seconds for seconds, size in st if size == 0]
    stock_full = [seconds for seconds, size in st if size >= 10]
    full = [i for i in range(n_queries) if st[i][1] >= 10 and dg[i][1] >= 10]
    if empty:
        print(f"stock's empty answers (n={len(empty)}): median {statistics.median(empty) * 1000:.1f} ms; "
              f"its full pages (n={len(stock_full)}): median "
              f"{statistics.median(stock_full or [0]) * 1000:.1f} ms")
    if full:
        ratios = sorted(dg[i][0] / st[i][0] for i in full)
        print(f"queries where stock and dgplan both return a full page (n={len(full)}): dgplan/stock "
              f"per-query median latency ratio, median {statistics.median(ratios):.2f}x, "
              f"highest {ratios[-1]:.2f}x")


# ---------------------------------------------------------------------------------------------------
# Metrics.

def metrics(ranked: list[str], relevant: set[str]) -> dict[str, float]:
    top = ranked[:10]
    hits = [1 if doc in relevant else 0 for doc in top]
    mrr = next((1.0 / (i + 1) for i, h in enumerate(hits) if h), 0.0)
    dcg = sum(h / math.log2(i + 2) for i, h in enumerate(hits))
    ideal = sum(1 / math.log2(i + 2) for i in range(min(len(relevant), 10)))
    n_hits = sum(hits)
    return {
        "mrr": mrr,
        "ndcg": dcg / ideal if ideal else 0.0,
        "recall": n_hits / len(relevant) if relevant else 0.0,
        "capped_recall": n_hits / min(len(relevant), 10) if relevant else 0.0,
    }


def summarize(per_query: dict[str, dict[str, float]], qids: list[str]) -> dict[str, float]:
    if not qids:
        return {}
    keys = ("mrr", "ndcg", "recall", "capped_recall")
    return {k: statistics.fmean(per_query[q][k] for q in qids) for k in keys} | {"n": len(qids)}


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * p
    lo, hi = math.floor(k), math.ceil(k)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def run_as_worker(args: argparse.Namespace, queries: list[dict]) -> int:
    """One system's part, in its own process (``--worker MODE SYSTEM``): JSON on the last line."""
    mode, system = args.worker
    ini = write_ini(system)
    if mode == "load":
        out = worker_load(ini)
    elif mode == "scale":
        worker_scale(ini, system, queries, args.scale)
        return 0
    else:
        out = worker_run(ini, system, queries, args.repeat)
    print(json.dumps(out))
    return 0


def system_report(out: dict, queries: list[dict], name_to_id: dict) -> dict:
    """Quality and speed of one system's run, strict and lenient, overall and by query group."""
    strict, lenient = {}, {}
    for q in queries:
        ranked = [name_to_id.get(n, n) for n in out["results"][q["qid"]]]
        rel = set(q["relevant_ids"])
        strict[q["qid"]] = metrics(ranked, rel)
        lenient[q["qid"]] = metrics(ranked, rel | set(q.get("also_relevant_by_title_substring") or []))
    qids = [q["qid"] for q in queries]
    groups = {}
    for field in ("category", "lexical_subset"):
        for value in sorted({q[field] for q in queries}):
            groups[f"{field}={value}"] = summarize(strict, [q["qid"] for q in queries if q[field] == value])
    return {
        "strict": summarize(strict, qids),
        "lenient": summarize(lenient, qids),
        "groups": groups,
        "index_seconds": out["index_seconds"],
        "latency_p50_ms": percentile(out["latencies"], 0.5) * 1000,
        "latency_p95_ms": percentile(out["latencies"], 0.95) * 1000,
        "cold_latency_p95_ms": percentile(out["cold_latencies"], 0.95) * 1000,
        "per_query": strict,
    }


def print_quality(report: dict, systems: list[str]) -> None:
    line = "{:<10} {:>7} {:>7} {:>7} {:>7} | {:>7} {:>7} | {:>8} {:>8} {:>8}"
    print(line.format("system", "MRR@10", "nDCG@10", "R@10", "capR@10", "L-nDCG", "L-capR",
                      "p50 ms", "p95 ms", "index s"))
    for system in systems:
        r = report["systems"][system]
        s, lenient = r["strict"], r["lenient"]
        print(line.format(system, f"{s['mrr']:.3f}", f"{s['ndcg']:.3f}", f"{s['recall']:.3f}",
                          f"{s['capped_recall']:.3f}", f"{lenient['ndcg']:.3f}", f"{lenient['capped_recall']:.3f}",
                          f"{r['latency_p50_ms']:.1f}", f"{r['latency_p95_ms']:.1f}", f"{r['index_seconds']:.1f}"))
    print("\nnDCG@10 by group (strict):")
    group_names = list(report["systems"][systems[0]]["groups"])
    print("{:<34}".format("group") + "".join(f"{s:>11}" for s in systems))
    for g in group_names:
        n = report["systems"][systems[0]]["groups"][g]["n"]
        print("{:<34}".format(f"{g} (n={n})") + "".join(
            f"{report['systems'][s]['groups'][g]['ndcg']:>11.3f}" for s in systems))
    if "stock" in report["systems"] and "dgplan" in report["systems"]:
        base, ours = report["systems"]["stock"], report["systems"]["dgplan"]
        print(f"\nratios dgplan/stock: latency p50 {ours['latency_p50_ms'] / base['latency_p50_ms']:.2f}x, "
              f"indexing {ours['index_seconds'] / base['index_seconds']:.2f}x")
    if "wildcard" in report["systems"] and "dgplan" in report["systems"]:
        wc, ours = report["systems"]["wildcard"], report["systems"]["dgplan"]
        print(f"ratios dgplan/wildcard: latency p50 {ours['latency_p50_ms'] / wc['latency_p50_ms']:.2f}x, "
              f"p95 {ours['latency_p95_ms'] / wc['latency_p95_ms']:.2f}x")


def scale_report(args: argparse.Namespace, systems: list[str], queries: list[dict], report: dict) -> None:
    # "results" is the mean page size: a page of 10 datasets costs more to fetch and decode than
    # an empty one, whatever the search method.
    print(f"\nAt {args.scale} documents (corpus replicated with distinct ids; systems interleaved in "
          f"steps of 1000 documents and of one query; wildcard searches stock's index):")
    print("{:<10} {:>8} {:>8} {:>9} {:>8}".format("system", "p50 ms", "p95 ms", "index s", "results"))
    scaled = run_scale(systems, args, len(queries))
    for system in systems:
        r = scaled[system]
        print("{:<10} {:>8.1f} {:>8.1f} {:>9.1f} {:>8.1f}".format(
            system, percentile(r["latencies"], 0.5) * 1000, percentile(r["latencies"], 0.95) * 1000,
            r["index_seconds"], sum(r["page_sizes"]) / max(len(r["page_sizes"]), 1)))
    report["scale"] = {s: {"index_seconds": r["index_seconds"],
                           "latency_p50_ms": percentile(r["latencies"], 0.5) * 1000,
                           "latency_p95_ms": percentile(r["latencies"], 0.95) * 1000,
                           "latencies_ms": [round(x * 1000, 2) for x in r["latencies"]],
                           "cold_latencies_ms": [round(x * 1000, 2) for x in r["cold_latencies"]]}
                       for s, r in scaled.items()}
    if "stock" in scaled and "dgplan" in scaled:
        st, dg = report["scale"]["stock"], report["scale"]["dgplan"]
        print(f"ratios dgplan/stock at {args.scale}: p95 {dg['latency_p95_ms'] / st['latency_p95_ms']:.2f}x, "
              f"reindex {dg['index_seconds'] / st['index_seconds']:.2f}x")
    if REF_SYSTEM in scaled and "dgplan" in scaled:
        ref, dg = report["scale"][REF_SYSTEM], report["scale"]["dgplan"]
        print(f"ratios dgplan/{REF_SYSTEM} ({SYSTEMS[REF_SYSTEM]['rev']}) at {args.scale}: "
              f"p50 {dg['latency_p50_ms'] / ref['latency_p50_ms']:.2f}x, "
              f"p95 {dg['latency_p95_ms'] / ref['latency_p95_ms']:.2f}x, "
              f"reindex {dg['index_seconds'] / ref['index_seconds']:.2f}x")
        if "stock" in scaled:
            print(f"ratio {REF_SYSTEM}/stock at {args.scale}: "
                  f"p95 {ref['latency_p95_ms'] / report['scale']['stock']['latency_p95_ms']:.2f}x")
    print("first round after the commit (cold JVM and caches, as after a restart; not in p50/p95 "
          "above), p95 ms: " + ", ".join(
              f"{s} {percentile(scaled[s]['cold_latencies'], 0.95) * 1000:.1f}" for s in systems))
    if "stock" in scaled and "dgplan" in scaled:
        print_page_cost(scaled["stock"], scaled["dgplan"], len(queries))
    # A p95 over a few rounds of 41 queries is decided by a handful of calls: name them.
    print("slowest calls at scale (ms, round, query):")
    for system in systems:
        timed = [(ms, i // len(queries) + 1, queries[i % len(queries)]["query"])
                 for i, ms in enumerate(report["scale"][system]["latencies_ms"])]
        print(f"  {system:<10} " + "; ".join(f"{ms:.1f} r{rnd} {q[:16]}" for ms, rnd, q in
                                             sorted(timed, reverse=True)[:5]))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--queries", default=str(ROOT / "bench" / "data" / "queries-dev.jsonl"))
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--systems", default=",".join(SYSTEMS))
    parser.add_argument("--scale", type=int, default=0,
                        help="also time indexing and queries at this many documents (e.g. 40000)")
    parser.add_argument("--ref", help="also run ckanext-dgplan as of this git revision (system dgplan_ref)")
    parser.add_argument("--worker", nargs=2, metavar=("MODE", "SYSTEM"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.ref:
        add_ref_system(args.ref)
    queries = [json.loads(line) for line in Path(args.queries).read_text(encoding="utf-8").splitlines() if line.strip()]

    if args.worker:
        return run_as_worker(args, queries)

    def run_worker(mode: str, system: str) -> dict:
        proc = subprocess.run(worker_argv(args, mode, system), capture_output=True, text=True,
                              env=worker_env(system))
        if proc.returncode != 0:
            sys.stderr.write(proc.stderr[-4000:])
            raise SystemExit(f"{system} {mode} failed")
        return json.loads(proc.stdout.strip().splitlines()[-1])

    if args.ref:
        require_ref_core()
    write_ini("stock")
    ckan = str(Path(sys.executable).with_name("ckan"))
    subprocess.run([ckan, "-c", str(VAR / "stock.ini"), "db", "upgrade"], check=True, capture_output=True)
    loaded = run_worker("load", "stock")
    name_to_id = loaded["map"]
    print(f"corpus: {loaded['total']} records ({loaded['created']} newly loaded); queries: {len(queries)}")
    print(f"minimum-match: stock, solr_thai and wildcard use CKAN's default mm '2<-1 5<80%'; dgplan sends "
          f"plain Thai queries as edismax words OR bigrams with mm '{declared_mm()}' "
          f"(ckanext.dgplan.search.mm), words alone first when they fill a page "
          f"(ckanext.dgplan.search.words_first), anything else as stock")

    report: dict = {"systems": {}}
    systems = args.systems.split(",")
    if args.ref:
        systems.append(REF_SYSTEM)
        print(f"{REF_SYSTEM}: ckanext-dgplan at {SYSTEMS[REF_SYSTEM]['rev']} ({args.ref}), core bench_ref")
    for system in systems:
        report["systems"][system] = system_report(run_worker("run", system), queries, name_to_id)

    print_quality(report, systems)
    if args.scale:
        scale_report(args, systems, queries, report)
    VAR.mkdir(parents=True, exist_ok=True)
    (VAR / "thai_search.json").write_text(json.dumps(report, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""``datastore_search`` with a Thai ``q`` against an English ``q`` on a 1,000,000-row table.

The table is built from real Thai text: each row has the title of one record of the demo corpus
(``ckanext/dgplan/data/demo/corpus.jsonl``: data.go.th dataset records, see its SOURCE.md), the start
of another record's description, a third record's organization, and four English words drawn from
the corpus's own English words, each as often as the corpus uses it. It is loaded with xloader's
loader (the COPY path of its job, with the ``dgplan_xloader`` plugin) and indexed as the job does
(``dgplan_index_thai_table``).

Queries: Thai words cut from the corpus titles with dgplan's segmenter (so most sit inside a run of
Thai, where PostgreSQL's parser sees no word), and English words of the English column, both drawn
uniformly from their vocabulary in one run. Each is asked ``--repeat`` times through the
``datastore_search`` action (100 rows and the total, as the API answers by default); p50/p95 of each
set and the ratio Thai p95 / English p95 (target <= 3) are printed, and the same for queries that
match about as many rows. Recall: for every Thai word, the rows whose cells contain it (counted in
Python on the generated rows) against the rows ``datastore_search`` returns (all ids when at most
``--ids`` rows match, else the total); target 1.0.

It needs a running stack with ``datastore xloader dgplan_xloader``; it writes one organization and one
dataset (its table deleted and the dataset purged at the end). Use a serve instance of your own (not
the shared test stack: the load holds the machine for minutes)::

    .venv/bin/python bench/datastore_thai_q.py --ini var-serve-x/ckan.ini [--rows 1000000] [--keep]

``--keep`` leaves the table in place and ``--resource-id`` reuses it (only the Thai index is rebuilt),
to compare index expressions without loading a million rows again.
"""
from __future__ import annotations

import argparse
import json
import logging
import random
import re
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
CORPUS = ROOT / "ckanext" / "dgplan" / "data" / "demo" / "corpus.jsonl"
HEADER = ["ลำดับ", "ชื่อชุดข้อมูล", "รายละเอียด", "หน่วยงาน", "english"]
# Markup and URL pieces, not English words.
NOT_WORDS = {"nbsp", "http", "https", "www", "php", "html", "ndash", "amp", "quot", "aspx", "htm"}


def corpus() -> list[dict]:
    with open(CORPUS, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


def build_rows(records: list[dict], rows: int) -> tuple[list[tuple[str, str, str, str]], list[str]]:
    counts = Counter(w.lower() for r in records for w in re.findall(r"[A-Za-z]{3,}", r["title"] + " " + r["notes"]))
    english = sorted(set(counts) - NOT_WORDS)
    # Drawn as often as the corpus uses them, so that English words are as unevenly common as the
    # Thai text of the other columns (a few in many rows, most in few).
    weights = [counts[w] for w in english]
    rnd = random.Random(18)
    titles = [r["title"].replace(",", " ").replace('"', " ") for r in records]
    notes = [" ".join(r["notes"].split())[:120].replace(",", " ").replace('"', " ") for r in records]
    orgs = [(r.get("organization") or "").replace(",", " ") for r in records]
    out = []
    n = len(records)
    for _ in range(rows):
        out.append((titles[rnd.randrange(n)], notes[rnd.randrange(n)], orgs[rnd.randrange(n)],
                    " ".join(rnd.choices(english, weights, k=4))))
    return out, english


def thai_words(records: list[dict], count: int) -> list[str]:
    from ckanext.dgplan.thai.segment import segment

    vocab = sorted({w for r in records for w in segment(r["title"])
                    if len(w) >= 3 and re.fullmatch("[\u0e01-\u0e4e]+", w)})
    return random.Random(5).sample(vocab, count)


def table_resource(helpers: Any, ctx: dict, resource_id: str | None) -> tuple[str, str]:
    """The resource of the table (a kept one, or a new dataset's) and its dataset's id."""
    if resource_id:
        return resource_id, helpers.call_action("resource_show", context=dict(ctx), id=resource_id)["package_id"]
    org = helpers.call_action("organization_create", context=dict(ctx), name=f"bench-thai-q-{int(time.time())}")
    pkg = helpers.call_action("package_create", context=dict(ctx), owner_org=org["id"], name=org["name"])
    res = helpers.call_action("resource_create", context=dict(ctx), package_id=pkg["id"],
                              url="http://bench/thai.csv", format="NONE")
    return res["id"], pkg["id"]


def recall_of(helpers: Any, rid: str, table: list, words: list[str], ids_limit: int) -> tuple[list, list]:
    """Recall of Thai words inside cells: the rows that contain each word against the rows found."""
    recalls, misses = [], []
    for word in words:
        truth = {i for i, row in enumerate(table, 1) if any(word in cell for cell in row[:3])}
        if len(truth) <= ids_limit:
            got = helpers.call_action("datastore_search", resource_id=rid, q=word, limit=max(1, len(truth)) + 1,
                                      fields="_id")
            ids = {r["_id"] for r in got["records"]}
            recall = len(truth & ids) / len(truth) if truth else 1.0
            extra = len(ids - truth)
        else:
            total = helpers.call_action("datastore_search", resource_id=rid, q=word, limit=0)["total"]
            recall = min(total, len(truth)) / len(truth)
            extra = max(0, total - len(truth))
        recalls.append(recall)
        if recall < 1.0 or extra:
            misses.append((word, len(truth), recall, extra))
    return recalls, misses


def drop_thai_index(resource_id: str) -> None:
    import sqlalchemy as sa
    from ckanext.datastore.backend.postgres import get_write_engine

    from ckanext.dgplan.store.tablesearch import thai_index_name

    with get_write_engine().begin() as conn:
        conn.execute(sa.text(f'DROP INDEX IF EXISTS "{thai_index_name(resource_id)}"'))


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(pct / 100 * (len(ordered) - 1))))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--ini", required=True)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--words", type=int, default=40, help="query words per language")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--ids", type=int, default=30000, help="compare id sets up to this many matches")
    parser.add_argument("--keep", action="store_true", help="keep the table (and print its resource id)")
    parser.add_argument("--resource-id", help="a table kept by an earlier run with the same --rows: "
                        "only its Thai index is rebuilt, then the queries run")
    args = parser.parse_args()

    from ckan.cli import CKANConfigLoader
    from ckan.config.middleware import make_app

    config = CKANConfigLoader(args.ini).get_config()
    config["ckan.plugins"] = "datastore xloader dgplan_xloader"
    app = make_app(config)
    from ckan.tests import helpers
    from ckanext.xloader import loader

    from ckanext.dgplan.store.tablesearch import dgplan_index_thai_table

    records = corpus()
    table, english = build_rows(records, args.rows)
    th_queries = thai_words(records, args.words)
    en_queries = random.Random(7).sample(english, args.words)

    with app._wsgi_app.test_request_context(), tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "thai.csv"
        with open(path, "w", encoding="utf-8", newline="") as fh:
            fh.write(",".join(HEADER) + "\r\n")
            for i, row in enumerate(table, 1):
                fh.write(f"{i},{','.join(row)}\r\n")
        user = helpers.call_action("get_site_user")
        ctx = {"user": user["name"], "ignore_auth": True}
        rid, pkg_id = table_resource(helpers, ctx, args.resource_id)
        try:
            start = time.perf_counter()
            if args.resource_id:
                drop_thai_index(rid)
            else:
                fields = loader.load_csv(str(path), resource_id=rid, mimetype="text/csv",
                                         logger=logging.getLogger("bench"))
                loader.create_column_indexes(fields=fields, resource_id=rid, logger=logging.getLogger("bench"))
            loaded = time.perf_counter()
            assert dgplan_index_thai_table(rid)
            indexed = time.perf_counter()
            print(f"{args.rows} rows from {CORPUS.name} ({path.stat().st_size / 1e6:.0f} MB CSV): "
                  f"xloader load + its indexes {loaded - start:.0f} s, Thai trigram index {indexed - loaded:.0f} s")

            def timed(q: str) -> tuple[float, dict]:
                t0 = time.perf_counter()
                result = helpers.call_action("datastore_search", resource_id=rid, q=q, limit=100)
                return time.perf_counter() - t0, result

            times: dict[str, list[float]] = {"th": [], "en": []}
            totals: dict[str, list[int]] = {"th": [], "en": []}
            for q in th_queries[:3] + en_queries[:3]:
                timed(q)  # warm the caches for both sets alike
            for _ in range(args.repeat):
                for lang, queries in (("th", th_queries), ("en", en_queries)):
                    for q in queries:
                        seconds, result = timed(q)
                        times[lang].append(seconds)
                        totals[lang].append(result["total"])

            recalls, misses = recall_of(helpers, rid, table, th_queries, args.ids)
            stock = helpers.call_action("datastore_search", resource_id=rid, limit=0,
                                        q=th_queries[0] + "x")  # a word found nowhere: the plain path still answers
        finally:
            if args.keep:
                print(f"table kept: --resource-id {rid}")
            else:
                helpers.call_action("datastore_delete", context=dict(ctx), resource_id=rid, force=True)
                helpers.call_action("dataset_purge", context=dict(ctx), id=pkg_id)

    for lang, name in (("th", "Thai q"), ("en", "English q")):
        print(f"{name:10} {len(times[lang]):4} queries: p50 {statistics.median(times[lang]) * 1000:7.1f} ms  "
              f"p95 {percentile(times[lang], 95) * 1000:7.1f} ms  matches/query median "
              f"{statistics.median(totals[lang]):.0f} (max {max(totals[lang])})")
    ratio = percentile(times["th"], 95) / percentile(times["en"], 95)
    print(f"\np95 Thai q / p95 English q: {ratio:.2f}x (target <= 3)")
    # The same, for queries that match about as many rows (the work of counting them dominates).
    for low, high in ((0, 1_000), (1_000, 10_000), (10_000, 100_000), (100_000, args.rows + 1)):
        band = {lang: [t for t, n in zip(times[lang], totals[lang], strict=True) if low <= n < high] for lang in times}
        if band["th"] and band["en"]:
            print(f"  matching {low:>7}-{high - 1:<7} rows: p95 Thai {percentile(band['th'], 95) * 1000:7.1f} ms "
                  f"({len(band['th'])}), English {percentile(band['en'], 95) * 1000:7.1f} ms ({len(band['en'])}): "
                  f"{percentile(band['th'], 95) / percentile(band['en'], 95):.2f}x")
    print(f"recall of {len(th_queries)} Thai words inside cells: min {min(recalls):.3f}, "
          f"mean {statistics.mean(recalls):.3f} (target 1.0); rows found without the word: "
          f"{sum(m[3] for m in misses)}; unknown word total {stock['total']}")
    for word, n, recall, extra in misses:
        print(f"  {word}: {n} rows, recall {recall:.3f}, {extra} extra")
    return 0


if __name__ == "__main__":
    sys.exit(main())

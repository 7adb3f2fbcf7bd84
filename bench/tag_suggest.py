"""How often does the tag suggester propose the plan goal and strategy a person would choose?

Data: ``ckanext/dgplan/data/demo/plan-labels.jsonl``: 150 real data.go.th records (a seeded random sample of the
demo corpus with near-duplicate series removed), each labelled by hand with the goal(s) and
strategy(ies) of the Digital Government Development Plan 2566-2570 it mainly serves and a one-line
rationale (labelling guide: ``ckanext/dgplan/data/demo/plan-labels.md``). ``split``: ``dev`` (110 records, whose
errors were read to fix bugs of the matcher) and ``test`` (40 records labelled afterwards and
never used to change anything). Title and description come from
``ckanext/dgplan/data/demo/corpus.jsonl``; tags, organization and groups are NOT given to the
suggester (the form only has the title and description when it suggests).

A suggestion is correct when it is one of the labelled codes. Reported, for goals and strategies:

* top-1: the first suggestion is correct;
* top-3: one of the first three suggestions is correct;
* coverage: the suggester proposed anything at all;
* top-1|sugg: top-1 among the records that got a suggestion (what a publisher sees);
* baselines computed on the same labels: always suggesting the most frequent goal (top-1) and the
  three most frequent goals (top-3), which is what a constant suggestion would score.

Usage (pure Python, no services)::

    .venv/bin/python bench/tag_suggest.py [--plan FILE] [--labels FILE] [--show-errors]
"""
from __future__ import annotations

import argparse
import collections
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ckanext.dgplan.plan import default_plan, load_plan  # noqa: E402
from ckanext.dgplan.plan.suggest import suggest  # noqa: E402

CORPUS = ROOT / "ckanext" / "dgplan" / "data" / "demo" / "corpus.jsonl"
LABELS = ROOT / "ckanext" / "dgplan" / "data" / "demo" / "plan-labels.jsonl"


def _read_jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def _accuracy(ranked: list[list[str]], gold: list[set[str]], k: int) -> float:
    hits = sum(1 for codes, wanted in zip(ranked, gold, strict=True) if wanted.intersection(codes[:k]))
    return hits / len(gold) if gold else 0.0


def _constant_baseline(gold: list[set[str]], k: int) -> tuple[float, list[str]]:
    counts = collections.Counter(code for wanted in gold for code in wanted)
    best = [code for code, _ in counts.most_common(k)]
    return _accuracy([best] * len(gold), gold, k), best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--plan", help="plan YAML (default: the bundled 2566-2570 plan)")
    parser.add_argument("--labels", default=str(LABELS))
    parser.add_argument("--show-errors", action="store_true", help="list records whose top-1 goal is wrong")
    parser.add_argument("--split", help="only records of this split (dev or test)")
    args = parser.parse_args(argv)

    plan = load_plan(args.plan) if args.plan else default_plan()
    corpus = {rec["id"]: rec for rec in _read_jsonl(CORPUS)}
    labels = _read_jsonl(Path(args.labels))
    if args.split:
        labels = [lab for lab in labels if lab.get("split") == args.split]
    missing = [lab["id"] for lab in labels if lab["id"] not in corpus]
    if missing:
        print(f"labels not in the corpus: {missing}", file=sys.stderr)
        return 1

    rows = []
    errors = []
    started = time.perf_counter()
    for lab in labels:
        rec = corpus[lab["id"]]
        result = suggest(rec.get("title") or "", rec.get("notes") or "", plan, limit=None)
        rows.append((lab, {"goals": [s.code for s in result.goals],
                           "strategies": [s.code for s in result.strategies]}))
        top = result.goals[0] if result.goals else None
        if top is None or top.code not in lab["goals"]:
            errors.append((lab, top))
    elapsed = time.perf_counter() - started

    print(f"plan {plan.code}; {len(labels)} labelled records; {elapsed / len(labels) * 1000:.1f} ms per record")
    splits = sorted({lab.get("split", "all") for lab in labels})
    for split in [*splits, "all"] if len(splits) > 1 else splits:
        chosen = [(lab, got) for lab, got in rows if split == "all" or lab.get("split", "all") == split]
        n = len(chosen)
        print(f"\n[{split}] {n} records")
        print(f"{'':12} {'top-1':>7} {'top-3':>7} {'coverage':>9} {'top-1|sugg':>11} "
              f"{'const top-1':>12} {'const top-3':>12}")
        for kind in ("goals", "strategies"):
            ranked = [got[kind] for _, got in chosen]
            gold = [set(lab[kind]) for lab, _ in chosen]
            top1 = _accuracy(ranked, gold, 1)
            top3 = _accuracy(ranked, gold, 3)
            coverage = sum(1 for codes in ranked if codes) / n
            covered = [(codes, wanted) for codes, wanted in zip(ranked, gold, strict=True) if codes]
            top1_covered = _accuracy([c for c, _ in covered], [w for _, w in covered], 1)
            base1, best1 = _constant_baseline(gold, 1)
            base3, best3 = _constant_baseline(gold, 3)
            print(f"{kind:12} {top1:7.3f} {top3:7.3f} {coverage:9.3f} {top1_covered:11.3f} "
                  f"{base1:8.3f} ({best1[0]}) {base3:7.3f} ({','.join(best3)})")
    if args.show_errors:
        print("\nwrong or missing top-1 goal:")
        for lab, top in errors:
            got = f"{top.code} {list(top.matched)[:3]}" if top else "-"
            print(f"  {lab['id'][:40]:40} want {','.join(lab['goals']):6} got {got}  | {lab['title'][:60]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

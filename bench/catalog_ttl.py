"""How much slower is ``/catalog.ttl`` with the ``gdc`` profile than with ckanext-dcat's plain DCAT-AP 3?

Both are served by the same running portal (``make serve``, which loads the demo datasets): ckanext-dcat
reads the profile from the ``profiles`` query parameter, so the same pages of the same datasets are
written once by ``euro_dcat_ap_3`` (the baseline) and once by ``gdc`` (DCAT-AP 3 plus GD Catalog's
fields, ckanext/dgplan/dcat/profile.py). One round fetches every page of the catalogue (following
``hydra:next``) with each profile, the order alternating between rounds so that neither profile always
gets the warm caches; the medians of the rounds are compared. Target (issue 20): at most 1.3x.

Usage (a portal must be running)::

    .venv/bin/python bench/catalog_ttl.py [--url http://127.0.0.1:5000] [--rounds 3] [--token FILE]

``--token`` (default ``var/admin.token`` when present) sends a sysadmin's token, so that every public
dataset the demo loaded is in the catalogue whatever the portal's harvest filter exposes to others.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import requests
from rdflib import Graph
from rdflib.namespace import DCAT, RDF

ROOT = Path(__file__).resolve().parents[1]
HYDRA_NEXT = "http://www.w3.org/ns/hydra/core#next"
PROFILES = ("euro_dcat_ap_3", "gdc")


def fetch_catalog(session: requests.Session, url: str, profile: str) -> tuple[float, int, int, int]:
    """Every page of ``/catalog.ttl`` with one profile: (seconds, pages, datasets, bytes)."""
    page, pages, datasets, size, seconds = 1, 0, 0, 0, 0.0
    while True:
        started = time.perf_counter()
        answer = session.get(f"{url}/catalog.ttl", params={"profiles": profile, "page": page}, timeout=600)
        seconds += time.perf_counter() - started
        if answer.status_code == 404 and pages:
            break  # ckanext-dcat answers 404 past the last page
        answer.raise_for_status()
        pages += 1
        size += len(answer.content)
        graph = Graph().parse(data=answer.text, format="turtle")
        found = len(set(graph.subjects(RDF.type, DCAT.Dataset)))
        datasets += found
        if not found or not any(p for p in graph.predicates() if str(p) == HYDRA_NEXT):
            break
        page += 1
    # Only the requests are timed: the parsing checks the answers and is not the portal's time.
    return seconds, pages, datasets, size


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--url", default="http://127.0.0.1:5000")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--token", default=str(ROOT / "var" / "admin.token"))
    args = parser.parse_args()
    session = requests.Session()
    token = Path(args.token)
    if token.is_file() and token.read_text().strip():
        session.headers["Authorization"] = token.read_text().strip()
    url = args.url.rstrip("/")

    times: dict[str, list[float]] = {p: [] for p in PROFILES}
    shape: dict[str, tuple[int, int, int]] = {}
    for profile in PROFILES:  # warm-up round, not counted (first template and vocabulary loads)
        fetch_catalog(session, url, profile)
    for round_no in range(args.rounds):
        order = PROFILES if round_no % 2 == 0 else tuple(reversed(PROFILES))
        for profile in order:
            seconds, pages, datasets, size = fetch_catalog(session, url, profile)
            times[profile].append(seconds)
            shape[profile] = (pages, datasets, size)
            print(f"round {round_no + 1} {profile:15s} {seconds:7.2f} s  {pages} pages  {datasets} datasets  "
                  f"{size / 1e6:.1f} MB", flush=True)
    base = statistics.median(times["euro_dcat_ap_3"])
    gdc = statistics.median(times["gdc"])
    print(f"median euro_dcat_ap_3: {base:.2f} s  ({shape['euro_dcat_ap_3'][1]} datasets)")
    print(f"median gdc:            {gdc:.2f} s  ({shape['gdc'][1]} datasets)")
    ratio = gdc / base
    print(f"ratio gdc / euro_dcat_ap_3: {ratio:.2f}x (target <= 1.3x): {'OK' if ratio <= 1.3 else 'OVER'}")
    return 0 if ratio <= 1.3 else 1


if __name__ == "__main__":
    sys.exit(main())

"""Where ``/catalog.ttl`` spends its time with the ``gdc`` profile vs ckanext-dcat's ``euro_dcat_ap_3``.

The companion of bench/catalog_ttl.py, in one process instead of over HTTP: every page of the
catalogue is requested through CKAN's Flask app (the same view, action, search and serializer as a
real request), alternating the two profiles; the ratio of the medians and of the minima of the CPU
time is printed (CPU time, not wall time: on a loaded machine it is the steadier of the two). With
``--profile``, cProfile's functions by cumulative time are printed for each profile, to see what
the ``gdc`` profile adds.

Usage (the portal's services must be running, e.g. after ``make serve``)::

    .venv/bin/python bench/catalog_ttl_profile.py --ini var/ckan.ini [--rounds 6] [--profile]
"""
from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PROFILES = ("euro_dcat_ap_3", "gdc")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--ini", default=str(ROOT / "ckan.ini"))
    parser.add_argument("--token", default=None, help="a sysadmin's API token file (default: admin.token "
                        "next to the ini's var directory, if any)")
    parser.add_argument("--rounds", type=int, default=6)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()

    from ckan.cli import CKANConfigLoader
    from ckan.config.middleware import make_app

    app = make_app(CKANConfigLoader(args.ini).get_config())
    client = app._wsgi_app.test_client()
    token_file = Path(args.token) if args.token else Path(args.ini).parent / "admin.token"
    headers = {"Authorization": token_file.read_text().strip()} if token_file.is_file() else {}

    def catalogue(profile: str) -> int:
        page = 1
        while True:
            answer = client.get(f"/catalog.ttl?profiles={profile}&page={page}", headers=headers)
            if answer.status_code == 404 and page > 1:
                return page - 1
            assert answer.status_code == 200, (profile, page, answer.status_code)
            if b"hydra:next" not in answer.data and "hydra/core#next" not in answer.get_data(as_text=True):
                return page
            page += 1

    pages = {p: catalogue(p) for p in PROFILES}  # warm-up, not counted
    if args.profile:
        for profile in PROFILES:
            prof = cProfile.Profile()
            prof.enable()
            catalogue(profile)
            prof.disable()
            out = io.StringIO()
            stats = pstats.Stats(prof, stream=out)
            stats.sort_stats("cumulative").print_stats(40)
            print(f"== {profile}: {stats.total_tt:.2f} s (profiled)\n{out.getvalue()}")
        return 0
    times: dict[str, list[float]] = {p: [] for p in PROFILES}
    for round_no in range(args.rounds):
        for profile in PROFILES if round_no % 2 == 0 else tuple(reversed(PROFILES)):
            started = time.process_time()
            catalogue(profile)
            times[profile].append(time.process_time() - started)
    for profile in PROFILES:
        print(f"{profile:15s} {pages[profile]} pages  CPU s per round: "
              + " ".join(f"{t:.2f}" for t in times[profile]))
    median = statistics.median(times["gdc"]) / statistics.median(times["euro_dcat_ap_3"])
    least = min(times["gdc"]) / min(times["euro_dcat_ap_3"])
    print(f"ratio gdc / euro_dcat_ap_3: median {median:.2f}x, min {least:.2f}x (target <= 1.3x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

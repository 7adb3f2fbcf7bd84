"""Load rate of Thai CSV files into the DataStore: dgplan's path against plain ckanext-xloader.

One run, one machine, the real PostgreSQL of ``test.ini``. A Thai table (province, district, a
Thai text column, numbers, a BE date; rows built from the demo corpus's Thai words) is written as
UTF-8 and as cp874, then loaded with xloader's own loader (``ckanext.xloader.loader.load_csv``, the
COPY path its job takes: read and re-encode the file, create the table, COPY, full-text index):

* ``plain xloader utf-8``: plugins ``datastore xloader`` (stock detection and headers);
* ``dgplan utf-8``: plugins ``datastore xloader dgplan_xloader`` (whole-file encoding decision,
  Thai column names, labels);
* ``dgplan cp874``: the same table in cp874 (plain xloader would load it as mojibake).

Each load runs in a fresh process (the worker's work horse is one too), so its peak resident memory
(``ru_maxrss``) is the load's own; it is reported at ``--small`` and ``--rows`` rows to show whether
memory grows with the file. Ratios: rows/s of dgplan over plain on the same UTF-8 file (target
>= 0.9), cp874 time over UTF-8 time (target <= 1.1). Run under the test lock::

    flock var/test.lock .venv/bin/python bench/xloader_load.py [--rows 200000] [--small 20000]
"""
from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

PROVINCES = ["กรุงเทพมหานคร", "เชียงใหม่", "นครราชสีมา", "ขอนแก่น", "อุบลราชธานี", "สงขลา", "ภูเก็ต",
             "นครศรีธรรมราช", "อุดรธานี", "ชลบุรี", "พิษณุโลก", "สุราษฎร์ธานี"]
WORDS = ["โรงเรียน", "โรงพยาบาล", "ถนน", "งบประมาณ", "ประชากร", "การศึกษา", "สาธารณสุข", "เกษตรกร",
         "ข้าวหอมมะลิ", "น้ำประปา", "ไฟฟ้า", "ท่องเที่ยว", "ผู้สูงอายุ", "แรงงาน", "รายได้"]
HEADER = ["ลำดับ", "จังหวัด", "อำเภอ", "รายละเอียดโครงการ", "จำนวนผู้รับประโยชน์ (คน)", "งบประมาณ (บาท)",
          "วันที่เริ่มโครงการ"]


def write_table(path: Path, rows: int, encoding: str) -> None:
    rnd = random.Random(18)
    with open(path, "w", encoding=encoding, newline="") as fh:
        fh.write(",".join(HEADER) + "\r\n")
        for i in range(1, rows + 1):
            text = " ".join(rnd.choice(WORDS) for _ in range(4))
            fh.write(f"{i},{rnd.choice(PROVINCES)},อำเภอเมือง{rnd.choice(PROVINCES)},{text},"
                     f"{rnd.randint(10, 90000)},{rnd.randint(1000, 9_000_000)},{rnd.randint(1, 28)}/"
                     f"{rnd.randint(1, 12)}/2566\r\n")


def one_load(ini: str, plugins: str, path: str) -> dict:
    """In this (fresh) process: load ``path`` into a new resource's table; time and peak memory."""
    import logging

    from ckan.cli import CKANConfigLoader
    from ckan.config.middleware import make_app

    config = CKANConfigLoader(ini).get_config()
    config["ckan.plugins"] = plugins
    app = make_app(config)
    from ckan.tests import helpers
    from ckanext.xloader import loader

    with app._wsgi_app.test_request_context():
        user = helpers.call_action("get_site_user")
        ctx = {"user": user["name"], "ignore_auth": True}
        org = helpers.call_action("organization_show", context=dict(ctx), id="bench-xloader") \
            if _exists(ctx, "bench-xloader") else \
            helpers.call_action("organization_create", context=dict(ctx), name="bench-xloader")
        pkg = helpers.call_action("package_create", context=dict(ctx), owner_org=org["id"],
                                  name=f"bench-xloader-{int(time.time() * 1000)}")
        res = helpers.call_action("resource_create", context=dict(ctx), package_id=pkg["id"],
                                  url="http://bench/file.csv", format="NONE")
        logger = logging.getLogger("bench-xloader")
        start = time.perf_counter()
        fields = loader.load_csv(path, resource_id=res["id"], mimetype="text/csv", logger=logger)
        elapsed = time.perf_counter() - start
        first = helpers.call_action("datastore_search", resource_id=res["id"], limit=1, sort="_id")
        total = first["total"]
        sample = first["records"][0]
        helpers.call_action("dataset_purge", context=dict(ctx), id=pkg["id"])
    return {"seconds": elapsed, "rows": total, "columns": [f["id"] for f in fields],
            "province": sample.get("จังหวัด"), "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def _exists(ctx: dict, name: str) -> bool:
    from ckan.plugins import toolkit
    from ckan.tests import helpers
    try:
        helpers.call_action("organization_show", context=dict(ctx), id=name)
        return True
    except toolkit.ObjectNotFound:
        return False


def measure(ini: str, plugins: str, path: Path) -> dict:
    out = subprocess.run([sys.executable, __file__, "--one", plugins, str(path), "--ini", ini],
                         check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--small", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=3, help="loads per case; the median is reported")
    parser.add_argument("--ini", default=str(ROOT / "test.ini"))
    parser.add_argument("--one", nargs=2, metavar=("PLUGINS", "FILE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(one_load(args.ini, args.one[0], args.one[1]), ensure_ascii=False))
        return 0

    plain, dgplan = "datastore xloader", "datastore xloader dgplan_xloader"
    with tempfile.TemporaryDirectory() as tmp:
        results: dict[tuple[str, int], dict] = {}
        for rows in (args.small, args.rows):
            utf8, cp874 = Path(tmp) / f"t{rows}.csv", Path(tmp) / f"t{rows}-874.csv"
            write_table(utf8, rows, "utf-8")
            write_table(cp874, rows, "cp874")
            cases = [("plain xloader utf-8", plain, utf8), ("dgplan utf-8", dgplan, utf8),
                     ("dgplan cp874", dgplan, cp874)]
            runs: dict[str, list[dict]] = {name: [] for name, _, _ in cases}
            for _ in range(args.repeat):  # the cases take turns, so a slow moment hits all of them
                for name, plugins, path in cases:
                    runs[name].append(measure(args.ini, plugins, path))
            for name, _, path in cases:
                done = sorted(runs[name], key=lambda r: r["seconds"])
                median = done[len(done) // 2]
                median["mb"] = path.stat().st_size / 1e6
                median["peak_mb"] = max(r["maxrss_mb"] for r in done)
                results[(name, rows)] = median

        print(f"{'case':22} {'rows':>8} {'file MB':>8} {'seconds':>8} {'rows/s':>9} {'peak RSS MB':>11}  province")
        for (name, _rows), r in results.items():
            print(f"{name:22} {r['rows']:>8} {r['mb']:>8.1f} {r['seconds']:>8.2f} {r['rows'] / r['seconds']:>9.0f} "
                  f"{r['peak_mb']:>11.0f}  {r['province']}")
        big = {name: results[(name, args.rows)] for name in ("plain xloader utf-8", "dgplan utf-8", "dgplan cp874")}

        def rate(r: dict) -> float:
            return r["rows"] / r["seconds"]

        print(f"\nrows/s dgplan utf-8 / plain xloader utf-8 at {args.rows}: "
              f"{rate(big['dgplan utf-8']) / rate(big['plain xloader utf-8']):.2f}x (target >= 0.9)")
        print(f"time dgplan cp874 / dgplan utf-8 at {args.rows}: "
              f"{big['dgplan cp874']['seconds'] / big['dgplan utf-8']['seconds']:.2f}x (target <= 1.1)")
        for name in ("plain xloader utf-8", "dgplan utf-8", "dgplan cp874"):
            print(f"peak RSS {name}: {results[(name, args.small)]['peak_mb']:.0f} MB at {args.small} rows, "
                  f"{results[(name, args.rows)]['peak_mb']:.0f} MB at {args.rows} rows")
    return 0


if __name__ == "__main__":
    sys.exit(main())

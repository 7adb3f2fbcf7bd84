"""How fast is a KPI import compared with loading the same rows straight into the DataStore?

10,000 KPI value rows (3 KPIs of the plan x fiscal years x 19 periods) are written three ways in
one run, against the real PostgreSQL/Solr stack of ``test.ini``:

* ``dgplan import``: ``dgplan_import_kpis`` on a CSV file: pandas reads it, every row is
  validated (codes against the plan, Thai years and numbers), the stored rows are read and
  compared, the changed rows are upserted (one ``datastore_upsert`` per KPI) and an activity is
  recorded; the first run creates the tables.
* ``dgplan re-import``: the same file again (everything unchanged: nothing is written).
* ``dgplan import (changed)``: a file where every value differs (the update path: 10,000 rows
  upserted into existing tables).
* ``plain create+records``: ``datastore_create`` with fields, primary key and the already-parsed
  rows (bulk insert), one call per KPI, no validation.
* ``plain create+upsert``: ``datastore_create`` (fields + primary key) then ``datastore_upsert``
  (``method: upsert``) of the same rows, one call per KPI. ``vs plain`` compares with this one.

It purges the ``dgplan-kpi``/``dgplan-project`` datasets of the test database first (KPI datasets
are found by their code, so leftovers would be written to instead), so run it under the test lock::

    flock var/test.lock .venv/bin/python bench/kpi_import.py [--rows 10000] [--ini test.ini]
"""
from __future__ import annotations

import argparse
import csv
import io
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_common import fresh_kpi_datasets  # beside this script

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SCHEMAS = ("ckanext.dgplan:schemas/dgplan_dataset.yaml ckanext.dgplan:schemas/dgplan_kpi.yaml "
           "ckanext.dgplan:schemas/dgplan_project.yaml")
PERIODS = ["year", "H1", "H2", "Q1", "Q2", "Q3", "Q4"] + [f"M{m:02d}" for m in range(1, 13)]
CODES = ["KPI-EGDI-RANK", "KPI-EGDI-SCORE", "KPI-IMD-GOV-EFF"]


def make_rows(count: int) -> list[dict]:
    rows = []
    per_code = -(-count // len(CODES))
    for code in CODES:
        for i in range(per_code):
            if len(rows) == count:
                break
            year, period = 2400 + i // len(PERIODS), PERIODS[i % len(PERIODS)]
            rows.append({"kpi_code": code, "fiscal_year_be": year, "period": period,
                         "value": round(50 + (i % 37) * 0.5, 2), "target": None, "unit": "อันดับ",
                         "note": f"แถวที่ {i}", "source": "bench", "certainty": "confirmed"})
    return rows


def to_csv(rows: list[dict]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=["kpi_code", "fiscal_year_be", "period", "value", "note", "source"],
                            extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--ini", default=str(ROOT / "test.ini"))
    args = parser.parse_args()

    from ckan.cli import CKANConfigLoader
    from ckan.config.middleware import make_app

    config = CKANConfigLoader(args.ini).get_config()
    config["scheming.dataset_schemas"] = SCHEMAS
    config["ckan.plugins"] = "dgplan scheming_datasets datastore activity"
    config["ckanext.dgplan.import.max_size_mb"] = "100"
    config["ckanext.dgplan.import.max_rows"] = str(max(args.rows, 10_000))
    config["ckanext.dgplan.import.max_cells"] = str(max(args.rows, 10_000) * 10)
    app = make_app(config)

    from ckan.tests import helpers

    from ckanext.dgplan.kpi.table import KPI_FIELDS, KPI_KEY
    from ckanext.dgplan.store import imports as imports

    rows = make_rows(args.rows)
    data = to_csv(rows)
    with app._wsgi_app.test_request_context():
        site_user = helpers.call_action("get_site_user")
        ctx = {"user": site_user["name"], "ignore_auth": True}
        org = fresh_kpi_datasets(ctx, CODES, "อันดับ", "lower", purge_names=("bench-plain",))
        # A container for the plain tables (the lightest of our dataset types).
        plain = helpers.call_action("package_create", context=dict(ctx), type="dgplan-project", name="bench-plain",
                                    owner_org=org["id"], title="plain", dgplan_project_status="ongoing")

        start = time.perf_counter()
        first = imports.dgplan_import_kpis(dict(ctx), data, "bench.csv")
        t_import = time.perf_counter() - start
        start = time.perf_counter()
        again = imports.dgplan_import_kpis(dict(ctx), data, "bench.csv")
        t_again = time.perf_counter() - start
        assert first["inserted"] == args.rows and again["unchanged"] == args.rows, (first, again)
        changed_rows = [dict(r, value=r["value"] + 1) for r in rows]
        start = time.perf_counter()
        changed = imports.dgplan_import_kpis(dict(ctx), to_csv(changed_rows), "bench-changed.csv")
        t_changed = time.perf_counter() - start
        assert changed["updated"] == args.rows, changed

        def plain_load(suffix: str, upsert: bool) -> float:
            begin = time.perf_counter()
            for code in CODES:
                records = [dict(r, reported_by="bench", reported_at="2026-01-01T00:00:00")
                           for r in rows if r["kpi_code"] == code]
                created = helpers.call_action(
                    "datastore_create", context=dict(ctx), force=True,
                    resource={"package_id": plain["id"], "name": code + suffix},
                    fields=[{"id": f, "type": t} for f, t in KPI_FIELDS], primary_key=list(KPI_KEY),
                    records=[] if upsert else records)
                if upsert:
                    helpers.call_action("datastore_upsert", context=dict(ctx), resource_id=created["resource_id"],
                                        records=records, method="upsert", force=True)
            return time.perf_counter() - begin

        t_plain_insert = plain_load("-insert", upsert=False)
        t_plain = plain_load("-upsert", upsert=True)

    n = args.rows
    print(f"rows: {n:,} ({len(CODES)} KPIs), CSV {len(data):,} bytes")
    print(f"{'method':<26}{'seconds':>9}{'rows/s':>11}{'vs plain':>10}")
    for name, seconds in (("dgplan import (new)", t_import), ("dgplan re-import", t_again),
                          ("dgplan import (changed)", t_changed), ("plain create+records", t_plain_insert),
                          ("plain create+upsert", t_plain)):
        print(f"{name:<26}{seconds:>9.2f}{n / seconds:>11,.0f}{seconds / t_plain:>9.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

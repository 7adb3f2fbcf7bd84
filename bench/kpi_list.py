"""How long does ``dgplan_kpi_list`` take with all KPI tables read in one statement, against one
``datastore_search`` per KPI (what it did before), and how many DataStore statements does each send?

The plan ships 4 KPIs, so the bench writes a copy of the bundled plan with ``--kpis`` extra KPIs
(``KPI-BENCH-001``...) to a temporary file and points ``ckanext.dgplan.plan_file`` at it; each KPI
gets a ``dgplan-kpi`` dataset and ``--rows`` values. Both ways run in the same process on the same
data, against the real PostgreSQL/Solr stack of ``test.ini``; the "per table" way is the action
with ``store.kpi.stored_rows_of`` replaced by a loop of ``stored_rows`` (one ``datastore_search``
each), everything else equal. Projects (``dgplan_project_list``) are timed the same way.

It purges the ``dgplan-kpi``/``dgplan-project`` datasets of the test database first, so run it
under the test lock::

    flock var/test.lock .venv/bin/python bench/kpi_list.py [--kpis 100] [--rows 12] [--rounds 5]
"""
from __future__ import annotations

import argparse
import copy
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Callable

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_common import fresh_kpi_datasets  # beside this script

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SCHEMAS = ("ckanext.dgplan:schemas/dgplan_dataset.yaml ckanext.dgplan:schemas/dgplan_kpi.yaml "
           "ckanext.dgplan:schemas/dgplan_project.yaml")


def bench_plan(extra: int) -> str:
    """The bundled plan's YAML with ``extra`` more KPIs, copies of KPI-EGDI-SCORE."""
    import yaml

    from ckanext.dgplan.plan import DEFAULT_PLAN_FILE

    data = yaml.safe_load(DEFAULT_PLAN_FILE.read_text(encoding="utf-8"))
    data["code"] = data["code"] + "-bench"
    model = next(k for k in data["kpis"] if k["code"] == "KPI-EGDI-SCORE")
    for i in range(1, extra + 1):
        kpi = copy.deepcopy(model)
        kpi["code"] = f"KPI-BENCH-{i:03d}"
        kpi["name"] = {"th": f"ตัวชี้วัดทดสอบ {i}", "en": f"Bench KPI {i}"}
        data["kpis"].append(kpi)
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--kpis", type=int, default=100, help="KPI datasets (with tables) to list")
    parser.add_argument("--rows", type=int, default=12, help="values per KPI (fiscal years)")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--ini", default=str(ROOT / "test.ini"))
    args = parser.parse_args()

    from ckan.cli import CKANConfigLoader
    from ckan.config.middleware import make_app

    plan_file = tempfile.NamedTemporaryFile("w", suffix=".yaml", encoding="utf-8", delete=False)
    plan_file.write(bench_plan(args.kpis))
    plan_file.close()
    config = CKANConfigLoader(args.ini).get_config()
    config["scheming.dataset_schemas"] = SCHEMAS
    config["ckan.plugins"] = "dgplan scheming_datasets datastore activity"
    config["ckanext.dgplan.plan_file"] = plan_file.name
    app = make_app(config)

    from ckan.tests import helpers
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    from ckanext.dgplan.store import imports
    from ckanext.dgplan.store import kpi as kpi_store

    def per_table(resources: list[Any]) -> dict[str, list[dict[str, Any]]]:
        # Before: one datastore_search (stored_rows) per table, as the site user.
        return {r["id"]: kpi_store.stored_rows({"ignore_auth": True}, r) for r in resources
                if r is not None and r.get("datastore_active")}

    codes = [f"KPI-BENCH-{i:03d}" for i in range(1, args.kpis + 1)]
    with app._wsgi_app.test_request_context():
        site_user = helpers.call_action("get_site_user")
        ctx = {"user": site_user["name"], "ignore_auth": True}
        org = fresh_kpi_datasets(ctx, codes, "ดัชนี", "higher")
        lines = ["kpi_code,fiscal_year_be,value"] + [f"{code},{2560 + y},{0.5 + (i * y) % 50 / 100:.4f}"
                                                     for i, code in enumerate(codes) for y in range(args.rows)]
        imports.dgplan_import_kpis(dict(ctx), "\n".join(lines).encode("utf-8"), "bench.csv")
        for i in range(args.kpis):
            helpers.call_action("package_create", context=dict(ctx), type="dgplan-project", name=f"bench-proj-{i:03d}",
                                title=f"Project {i}", owner_org=org["id"], dgplan_project_status="ongoing")
        lines = ["project,fiscal_year_be,budget_baht"] + [
            f"bench-proj-{i:03d},{2566 + y},{1000 * (i + 1) + y}" for i in range(args.kpis) for y in range(3)]
        imports.dgplan_import_projects(dict(ctx), "\n".join(lines).encode("utf-8"), "bench-projects.csv")

        def measure(action: str) -> tuple[float, int, Any]:
            statements: list[str] = []

            def note(conn, cursor, statement, parameters, context, executemany) -> None:  # noqa: ARG001
                if (conn.engine.url.database or "").startswith("datastore"):
                    statements.append(statement)

            call: Callable[[], Any] = lambda: helpers.call_action(action, context=dict(ctx))  # noqa: E731
            result = call()  # warm-up (Solr caches, the parsed plan)
            times = []
            event.listen(Engine, "before_cursor_execute", note)
            for _ in range(args.rounds):
                begin = time.perf_counter()
                call()
                times.append(time.perf_counter() - begin)
            event.remove(Engine, "before_cursor_execute", note)
            return statistics.median(times), len(statements) // args.rounds, result

        results = {}
        for action in ("dgplan_kpi_list", "dgplan_project_list"):
            original = kpi_store.stored_rows_of
            kpi_store.stored_rows_of = per_table  # type: ignore[assignment]
            try:
                before = measure(action)
            finally:
                kpi_store.stored_rows_of = original
            after = measure(action)
            assert before[2] == after[2], f"{action}: the two ways disagree"
            results[action] = (before, after)
    Path(plan_file.name).unlink()

    print(f"{args.kpis} KPI datasets x {args.rows} values, {args.kpis} projects x 3 budget rows; "
          f"median of {args.rounds} calls as the site user")
    print(f"{'action':<22}{'per table s':>12}{'stmts':>7}{'one read s':>12}{'stmts':>7}{'speed-up':>10}")
    for action, ((t_before, n_before, _), (t_after, n_after, _)) in results.items():
        print(f"{action:<22}{t_before:>12.3f}{n_before:>7}{t_after:>12.3f}{n_after:>7}{t_before / t_after:>9.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

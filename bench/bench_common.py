"""What several benchmarks share: the CKAN configuration they run in-process, and CKAN's own Solr
documents of a set of datasets, to replicate a catalogue without making database rows.

Imported by the scripts beside it (``bench/`` is the first entry of ``sys.path`` when one runs).
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Iterable

ROOT = Path(__file__).resolve().parents[1]
#: Where benchmarks write their files (git-ignored), under the stack's DGPLAN_VAR.
VAR = Path(os.environ.get("DGPLAN_VAR", ROOT / "var")) / "bench"

_INI = """[app:main]
use = egg:ckan
ckan.site_url = http://127.0.0.1:5999
ckan.site_id = dgplan_bench
SECRET_KEY = bench
sqlalchemy.url = postgresql://{pg_user}:{pg_password}@127.0.0.1:{pg_port}/ckan_bench
solr_url = http://127.0.0.1:{solr_port}/solr/{core}
ckan.redis.url = redis://127.0.0.1:{redis_port}/2
ckan.plugins = {plugins}
ckan.locale_default = th
{extra}
[loggers]
keys = root
[handlers]
keys = console
[formatters]
keys = generic
[logger_root]
level = ERROR
handlers = console
[handler_console]
class = StreamHandler
args = (sys.stderr,)
level = NOTSET
formatter = generic
[formatter_generic]
format = %(levelname)s [%(name)s] %(message)s
"""


def write_ini(name: str, core: str, plugins: str, extra: str = "") -> Path:
    """``VAR/<name>.ini``: CKAN on the database ``ckan_bench`` and the Solr core ``core``.

    The services are the stack's (``DGPLAN_PG_PORT``, ``DGPLAN_SOLR_PORT``, ``DGPLAN_REDIS_PORT``
    and the PostgreSQL user, as for ``make serve``); Redis database 2 keeps the benchmark's jobs
    apart; errors only go to stderr. ``extra``: more ``[app:main]`` lines.
    """
    VAR.mkdir(parents=True, exist_ok=True)
    path = VAR / f"{name}.ini"
    path.write_text(_INI.format(
        pg_user=os.environ.get("DGPLAN_PG_USER", "ckan"),
        pg_password=os.environ.get("DGPLAN_PG_PASSWORD", "ckan_pass"),
        pg_port=os.environ.get("DGPLAN_PG_PORT", "5432"),
        solr_port=os.environ.get("DGPLAN_SOLR_PORT", "8983"),
        redis_port=os.environ.get("DGPLAN_REDIS_PORT", "6379"),
        core=core, plugins=plugins, extra=extra.strip() + "\n" if extra.strip() else ""))
    return path


def ckan_app(ini: Path | str) -> Any:
    """CKAN's WSGI app made from ``ini`` (in this process; run code under its request context)."""
    from ckan.cli import CKANConfigLoader
    from ckan.config.middleware import make_app

    return make_app(CKANConfigLoader(str(ini)).get_config())


def fresh_kpi_datasets(ctx: dict[str, Any], codes: Iterable[str], unit: str, direction: str,
                       purge_names: tuple[str, ...] = ()) -> dict[str, Any]:
    """One KPI dataset per code in the organization ``bench-kpi``, after purging every KPI and
    project dataset (and datasets named in ``purge_names``) left by earlier runs: KPI datasets are
    found by code, so leftovers would answer instead. Returns the organization. Call it inside the
    app's request context with a sysadmin ``ctx``.
    """
    import ckan.model as model
    from ckan.tests import helpers

    for pkg in model.Session.query(model.Package).filter(
            model.Package.type.in_(["dgplan-kpi", "dgplan-project"]) | model.Package.name.in_(purge_names)):
        helpers.call_action("dataset_purge", context=dict(ctx), id=pkg.id)
    if model.Group.get("bench-kpi") is None:
        helpers.call_action("organization_create", context=dict(ctx), name="bench-kpi", title="Bench")
    org = helpers.call_action("organization_show", context=dict(ctx), id="bench-kpi")
    for code in codes:
        helpers.call_action("package_create", context=dict(ctx), type="dgplan-kpi", name=code.lower(), title=code,
                            owner_org=org["id"], dgplan_kpi_code=code, dgplan_unit=unit, dgplan_direction=direction)
    return org


def solr_docs(datasets: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """The Solr documents CKAN's indexer makes of ``datasets`` (every plugin's
    ``before_dataset_index`` included), captured instead of sent, so that copies with new ids can
    be sent in bulk. Call it inside the app's context; ``datasets`` may be a generator.
    """
    from ckan.lib.search import index as search_index

    captured: list[dict[str, Any]] = []

    class Capture:
        def add(self, docs: list[dict[str, Any]], **_kw: Any) -> None:
            captured.extend(docs)

    real = search_index.make_connection
    search_index.make_connection = lambda *_a, **_k: Capture()  # type: ignore[assignment]
    try:
        indexer = search_index.PackageSearchIndex()
        for pkg in datasets:
            indexer.index_package(pkg, defer_commit=True)
    finally:
        search_index.make_connection = real  # type: ignore[assignment]
    return captured

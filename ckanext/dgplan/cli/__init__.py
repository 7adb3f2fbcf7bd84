"""`ckan dgplan ...` commands."""
from __future__ import annotations

import click

from ckanext.dgplan.cli import kpi as cli_kpi
from ckanext.dgplan.cli import plan as cli_plan

__all__ = ["dgplan"]


@click.group(short_help="ckanext-dgplan: plan data, Thai search and demo data")
def dgplan() -> None:
    """Commands of ckanext-dgplan."""


@dgplan.group("demo")
def demo() -> None:
    """Demo datasets (real data.go.th records) for trying the portal."""


@demo.command("load")
@click.option("--limit", type=int, default=None, help="Load only the first N records.")
def demo_load(limit: int | None) -> None:
    """Load the demo datasets under their agencies (idempotent)."""
    from ckanext.dgplan.store.demo import dgplan_load_demo

    counts = dgplan_load_demo(limit=limit)
    click.echo("demo data: {created} created, {skipped} already there, {failed} refused, "
               "{organizations} organizations created".format(**counts))


@dgplan.group("search")
def search_group() -> None:
    """Thai search index."""


@search_group.command("rebuild")
def search_rebuild() -> None:
    """Re-index every dataset with the current Thai segmentation (after upgrading the extension).

    The same as ``ckan search-index rebuild``, which keeps working: indexing always goes through
    the extension's before_dataset_index hook.
    """
    from ckan.lib import search

    search.rebuild(force=True, defer_commit=True)
    search.commit()
    click.echo("search index rebuilt")


@dgplan.command("worker")
@click.argument("queues", nargs=-1)
@click.option("--burst", is_flag=True, help="Stop when the queues are empty.")
@click.option("--quality", is_flag=True,
              help="Listen on the quality queue (ckanext.dgplan.quality.queue), besides QUEUES if given.")
def worker(queues: tuple[str, ...], burst: bool, quality: bool) -> None:
    """CKAN's jobs worker (`ckan jobs worker`) with RQ's scheduler, on QUEUES (default: `default`).

    The scheduler runs the retries that wait: a dataset saved while Solr was unreachable is
    re-indexed by a job retried with back-off (ckanext.dgplan.search.retry_intervals), and
    CKAN's own worker would leave those retries waiting for ever. A worker on the quality queue
    (`ckan dgplan worker --quality`, ckanext.dgplan.quality.queue) runs the open-data
    quality jobs and schedules the daily run when none is waiting; `make serve` starts one
    worker of each kind, so that a long quality run never holds up xloader or the retries.
    """
    from ckan.lib import jobs

    from ckanext.dgplan.config import dgplan_quality_queue
    from ckanext.dgplan.store.quality import dgplan_quality_ensure_schedule

    names = list(queues) or ([] if quality else [jobs.DEFAULT_QUEUE_NAME])
    if quality and dgplan_quality_queue() not in names:
        names.append(dgplan_quality_queue())
    if not burst and dgplan_quality_queue() in names:
        dgplan_quality_ensure_schedule()  # the daily quality run (ckanext.dgplan.quality.interval_hours)
    # RQ's scheduler moves a waiting job to its queue only in a worker listening on that queue.
    jobs.Worker(names).work(burst=burst, with_scheduler=True)


@dgplan.group("quality")
def quality_group() -> None:
    """The open-data quality indicator."""


@quality_group.command("refresh")
@click.option("--links", is_flag=True, help="Check resource links first (within the link budget).")
@click.option("--organization", default=None, help="Only this organization (name or id).")
def quality_refresh(links: bool, organization: str | None) -> None:
    """Score every dataset now, store the results and write the KPI series."""
    import ckan.plugins.toolkit as tk

    from ckanext.dgplan.store import quality as quality_store

    org_id = tk.get_action("organization_show")({"ignore_auth": True}, {"id": organization})["id"] \
        if organization else None
    if links:
        click.echo(f"links: {quality_store.dgplan_quality_links_job(org_id)}")
    click.echo(f"quality: {quality_store.dgplan_quality_refresh_job(org_id)}")


@dgplan.command("info")
def info() -> None:
    """Print the versions that this portal runs."""
    from importlib.metadata import version

    for dist in ("ckan", "ckanext-dgplan", "ckanext-scheming", "pythainlp"):
        try:
            click.echo(f"{dist} {version(dist)}")
        except Exception:  # noqa: BLE001 - a missing distribution is reported, not fatal
            click.echo(f"{dist} not installed")


dgplan.add_command(cli_plan.plan)
dgplan.add_command(cli_kpi.import_group)
dgplan.add_command(cli_kpi.seed_group)

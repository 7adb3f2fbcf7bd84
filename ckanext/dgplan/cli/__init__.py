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
def worker(queues: tuple[str, ...], burst: bool) -> None:
    """CKAN's jobs worker (`ckan jobs worker`) with RQ's scheduler.

    The scheduler runs the retries that wait: a dataset saved while Solr was unreachable is
    re-indexed by a job retried with back-off (ckanext.dgplan.search.retry_intervals), and
    CKAN's own worker would leave those retries waiting for ever. It also runs the daily
    open-data quality job, which this command schedules when none is waiting.
    """
    from ckan.lib import jobs

    from ckanext.dgplan.store.quality import dgplan_quality_ensure_schedule

    if not burst:
        dgplan_quality_ensure_schedule()  # the daily quality run (ckanext.dgplan.quality.interval_hours)
    jobs.Worker(list(queues) or None).work(burst=burst, with_scheduler=True)


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

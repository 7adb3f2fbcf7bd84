"""`ckan dgplan import ...` and `ckan dgplan seed ...` commands."""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Optional

import click

if TYPE_CHECKING:
    from ckan.types import Context

__all__ = ["import_group", "seed_group"]


def _context(user: Optional[str]) -> Context:
    import ckan.plugins.toolkit as tk

    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
    if user:
        return {"user": user}
    return {"user": site_user["name"], "ignore_auth": True}


def _run(kind: str, path: Path, user: Optional[str]) -> None:
    import ckan.plugins.toolkit as tk

    from ckanext.dgplan.store import imports as imports

    data = path.read_bytes()
    func = imports.dgplan_import_kpis if kind == "kpis" else imports.dgplan_import_projects
    try:
        summary = func(_context(user), data, path.name)
    except tk.ValidationError as err:
        for messages in err.error_dict.values():
            for message in messages if isinstance(messages, list) else [messages]:
                click.echo(message, err=True)
        raise click.exceptions.Exit(1) from err
    except tk.NotAuthorized as err:
        click.echo(str(err), err=True)
        raise click.exceptions.Exit(1) from err
    click.echo("{rows} rows: {inserted} new, {updated} changed, {unchanged} unchanged "
               "({rows} แถว: ใหม่ {inserted} เปลี่ยน {updated} เหมือนเดิม {unchanged})".format(**summary))


@click.group("import", short_help="Import KPI values or project budgets (CSV or XLSX), all or nothing")
def import_group() -> None:
    """Import files of KPI values or project budgets."""


@import_group.command("kpis")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--user", default=None, help="Import as this user (default: the site user).")
def import_kpis(file: Path, user: Optional[str]) -> None:
    """Import KPI values from FILE (columns kpi_code, fiscal_year_be, period, value, target, ...)."""
    _run("kpis", file, user)


@import_group.command("projects")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--user", default=None, help="Import as this user (default: the site user).")
def import_projects(file: Path, user: Optional[str]) -> None:
    """Import project budgets from FILE (columns project, fiscal_year_be, budget_baht, ...)."""
    _run("projects", file, user)


@click.group("seed", short_help="Publish the plan's KPIs and budgets as datasets (real data)")
def seed_group() -> None:
    """Seed datasets from the plan and its research notes."""


@seed_group.command("load")
def seed_load() -> None:
    """Create the KPI and project datasets under the plan's organization (idempotent)."""
    from ckanext.dgplan.store.seed import dgplan_seed_load

    counts = dgplan_seed_load()
    click.echo("seed: {datasets_created} datasets created, {rows_written} rows written".format(**counts))

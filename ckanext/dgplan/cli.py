"""`ckan dgplan ...` commands."""
from __future__ import annotations

import click

__all__ = ["dgplan"]


@click.group(short_help="ckanext-dgplan: plan data, Thai search and demo data")
def dgplan() -> None:
    """Commands of ckanext-dgplan."""


@dgplan.command("info")
def info() -> None:
    """Print the versions that this portal runs."""
    from importlib.metadata import version

    for dist in ("ckan", "ckanext-dgplan", "ckanext-scheming", "pythainlp"):
        try:
            click.echo(f"{dist} {version(dist)}")
        except Exception:  # noqa: BLE001 - a missing distribution is reported, not fatal
            click.echo(f"{dist} not installed")

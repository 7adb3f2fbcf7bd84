"""`ckan dgplan plan ...`: load, show, reset and migrate the active plan."""
from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any, Iterator, Optional

import click

__all__ = ["plan"]

_KIND_NAMES = {"goals": "goal", "strategies": "strategy", "kpis": "KPI"}


@contextlib.contextmanager
def _request_context() -> Iterator[None]:
    """A request context when run by `ckan` (actions and helpers expect one), else nothing."""
    ctx = click.get_current_context(silent=True)
    app = ctx.meta.get("flask_app") if ctx is not None else None
    if app is None:
        yield
        return
    with app.test_request_context():
        yield


def _tagged_counts() -> dict[str, dict[str, int]]:
    """Datasets per plan code, counting private and draft ones (run as the site user)."""
    import ckan.plugins.toolkit as tk

    from ckanext.dgplan.search import plan as plan_search

    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
    return plan_search.code_counts({"user": site_user["name"], "ignore_auth": True}, include_drafts=True)


def _orphans(old: Any, new: Any) -> dict[str, dict[str, int]]:
    """Codes still used by datasets (or dropped from the current plan) that ``new`` lacks, with counts."""
    from ckanext.dgplan.plan import diff_codes

    counts = _tagged_counts()
    removed = diff_codes(old, new) if old is not None else {kind: set() for kind in counts}
    new_codes = new.codes()
    orphans: dict[str, dict[str, int]] = {}
    for kind in counts:
        used = {code for code, n in counts[kind].items() if n > 0}
        codes = (removed.get(kind, set()) | used) - new_codes[kind]
        affected = {code: counts[kind].get(code, 0) for code in codes}
        affected = {code: n for code, n in affected.items() if n > 0}
        if affected:
            orphans[kind] = dict(sorted(affected.items()))
    return orphans


def _report_orphans(orphans: dict[str, dict[str, int]], force: bool) -> None:
    from ckanext.dgplan.search.plan import KIND_FIELDS

    lines = []
    for kind, codes in orphans.items():
        for code, count in codes.items():
            lines.append(f"  {_KIND_NAMES[kind]} {code}: {count} dataset(s) ({KIND_FIELDS[kind]})")
    if force:
        click.secho("WARNING: these codes are not in the new plan but datasets are still tagged with them "
                    "(คำเตือน: ชุดข้อมูลยังใช้รหัสที่ไม่มีในแผนใหม่):", fg="yellow", err=True)
    else:
        click.secho("Refusing to load: datasets are still tagged with codes the new plan does not have "
                    "(ไม่โหลดแผน: ชุดข้อมูลยังใช้รหัสที่ไม่มีในแผนใหม่):", fg="red", err=True)
    for line in lines:
        click.echo(line, err=True)
    if force:
        click.echo("Those datasets keep the codes, but editing them will fail until the codes are changed "
                   "(แก้ไขชุดข้อมูลเหล่านั้นไม่ได้จนกว่าจะเปลี่ยนรหัส).", err=True)
    else:
        click.echo("Retag those datasets first, or run again with --force "
                   "(แก้รหัสของชุดข้อมูลก่อน หรือใช้ --force).", err=True)


def _summary_lines(current: Any) -> list[str]:
    plan_obj = current.plan
    lines = [
        f"{plan_obj.code}  {plan_obj.name.th or ''}",
        f"    {plan_obj.name.en or ''}",
        f"period: B.E. {plan_obj.period.start_be}-{plan_obj.period.end_be} "
        f"({plan_obj.period.start_ce}-{plan_obj.period.end_ce}); status: {plan_obj.status or '-'}; "
        f"version: {plan_obj.version or '-'}",
        f"source: {current.source} ({current.origin})",
    ]
    sections = (("goals", plan_obj.goals), ("strategies", plan_obj.strategies), ("KPIs", plan_obj.kpis))
    for title, items in sections:
        lines.append(f"{title} ({len(items)}):")
        for item in items:
            lines.append(f"  {item.code:16} {item.label('th')}")
            lines.append(f"  {'':16} {item.label('en')}")
    return lines


def _apply_code_changes(dry_run: bool = False) -> None:
    """Apply the active plan's pending ``code_changes`` to the datasets and say what changed."""
    from ckanext.dgplan.store import plan as plan_store

    pending = plan_store.pending_code_changes()
    if not pending:
        click.echo("unchanged: no code change of the plan is pending (ไม่มีการเปลี่ยนรหัสที่ค้างอยู่)")
        return
    changed = plan_store.migrate_codes(dry_run=dry_run)
    for change in pending:
        pairs = ", ".join(f"{old}→{new}" for old, new in change.codes.items())
        click.echo(f"code change {change.id} ({change.kind}): {pairs}")
    for package_id, fields in sorted(changed.items()):
        for field_name, diff in fields.items():
            click.echo(f"  {package_id} {field_name}: {diff}")
    verb = "would change" if dry_run else "changed"
    click.secho(f"{verb} {len(changed)} dataset(s) (ชุดข้อมูลที่{'จะ' if dry_run else ''}เปลี่ยนรหัส)",
                fg="yellow" if dry_run else "green")


@click.group(short_help="The Digital Government Development Plan: load, show, reset, migrate")
def plan() -> None:
    """Manage the plan that datasets are tagged against."""


@plan.command("load")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Load even if datasets use codes the new plan lacks.")
def load(file: Path, force: bool) -> None:
    """Validate FILE (plan YAML) and make it the active plan for every server of this site."""
    from ckanext.dgplan import config as dgplan_config
    from ckanext.dgplan.plan import PlanValidationError, load_plan_text
    from ckanext.dgplan.store import plan as plan_store

    text = file.read_text(encoding="utf-8")
    try:
        new = load_plan_text(text, origin=str(file))
    except PlanValidationError as err:
        click.secho(f"{file}: {len(err.errors)} error(s), nothing loaded "
                    f"(พบข้อผิดพลาด {len(err.errors)} รายการ ไม่ได้โหลดแผน):", fg="red", err=True)
        for issue in err.errors:
            click.echo(f"  {issue}", err=True)
        raise click.exceptions.Exit(1) from None

    with _request_context():
        if plan_store.stored_plan_text() == text:
            click.echo(f"unchanged: plan {new.code} is already loaded (ไม่มีการเปลี่ยนแปลง)")
            return
        old: Optional[Any] = plan_store.active_plan()
        orphans = _orphans(old, new)
        if orphans:
            _report_orphans(orphans, force)
            if not force:
                raise click.exceptions.Exit(1)
        plan_store.store_plan_text(text)
        click.secho(f"loaded plan {new.code} from {file}: {len(new.goals)} goals, "
                    f"{len(new.strategies)} strategies, {len(new.kpis)} KPIs (โหลดแผนแล้ว)", fg="green")
        # A revision that renumbers codes must move the datasets along with it, in the same step.
        _apply_code_changes()
        if dgplan_config.dgplan_plan_file():
            click.secho(f"note: ckanext.dgplan.plan_file ({dgplan_config.dgplan_plan_file()}) is set and takes "
                        "precedence; unset it to use the loaded plan.", fg="yellow", err=True)


@plan.command("show")
def show() -> None:
    """Print the active plan: where it comes from, its codes and their Thai and English names."""
    from ckanext.dgplan.store import plan as plan_store

    with _request_context():
        for line in _summary_lines(plan_store.active()):
            click.echo(line)


@plan.command("reset")
@click.option("--force", is_flag=True, help="Reset even if datasets use codes the bundled plan lacks.")
def reset(force: bool) -> None:
    """Forget the loaded plan and go back to the bundled one."""
    from ckanext.dgplan.plan import default_plan
    from ckanext.dgplan.store import plan as plan_store

    with _request_context():
        if plan_store.stored_plan_text() is None:
            click.echo("unchanged: no plan was loaded (ไม่มีแผนที่โหลดไว้)")
            return
        orphans = _orphans(plan_store.active_plan(), default_plan())
        if orphans:
            _report_orphans(orphans, force)
            if not force:
                raise click.exceptions.Exit(1)
        plan_store.clear_stored_plan_text()
        click.secho(f"reset: the bundled plan {default_plan().code} is active again", fg="green")
        _apply_code_changes()


@plan.command("migrate")
@click.option("--dry-run", is_flag=True, help="List the datasets that would change; change nothing.")
def migrate(dry_run: bool) -> None:
    """Apply the plan's code changes (e.g. renumbered strategies) to every dataset, once.

    Run it after upgrading the extension: datasets tagged before a renumbering keep meaning the
    same strategy. Safe to re-run; each change is recorded and never applied twice.
    """
    with _request_context():
        _apply_code_changes(dry_run=dry_run)

"""Which plan is active, and where it is kept.

The active plan is, in this order:

1. the file named by ``ckanext.dgplan.plan_file`` when that option is set;
2. a plan loaded with ``ckan dgplan plan load FILE``, kept in CKAN's ``system_info`` table under
   :data:`SYSTEM_INFO_KEY` so that every web worker and every server sees it;
3. the bundled Digital Government Development Plan 2566-2570 (:func:`~.plan.default_plan`).

The YAML text is read on each request (one small query, memoised for the rest of the request) and
parsed plans are cached by the SHA-256 of the text, so a worker notices a newly loaded plan on its
next request without parsing anything twice.
"""
from __future__ import annotations

import functools
import hashlib
import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.model.system_info import SystemInfo

from ckanext.dgplan import config as dgplan_config
from ckanext.dgplan.messages import dgplan_message
from ckanext.dgplan.plan import (
    CodeChange,
    Plan,
    PlanValidationError,
    default_plan,
    load_bundled_plans,
    load_plan_text,
    renumber,
)
from ckanext.dgplan.store.extras import dgplan_datasets_with_field

log = logging.getLogger(__name__)

__all__ = [
    "CODE_CHANGES_KEY",
    "CODE_FIELDS",
    "SYSTEM_INFO_KEY",
    "ActivePlan",
    "active",
    "active_plan",
    "applied_code_changes",
    "available_plans",
    "clear_stored_plan_text",
    "get_plan",
    "migrate_codes",
    "parse_plan_text",
    "pending_code_changes",
    "store_plan_text",
    "stored_plan_text",
    "text_hash",
]

#: ``system_info`` key holding the YAML text of a plan loaded with the CLI.
SYSTEM_INFO_KEY = "dgplan.plan_yaml"
#: ``system_info`` key holding the ids of the plan's ``code_changes`` already applied to datasets.
CODE_CHANGES_KEY = "dgplan.code_changes_applied"
#: Dataset field that stores the codes of each kind (a JSON list in ``package_extra``).
CODE_FIELDS = {"goals": "dgplan_goals", "strategies": "dgplan_strategies", "kpis": "dgplan_kpis"}
_G_ATTR = "_dgplan_active_plan"


@dataclass(frozen=True)
class ActivePlan:
    """The active plan and where it came from.

    ``source`` is ``"config"`` (``ckanext.dgplan.plan_file``), ``"system_info"`` (loaded with the
    CLI) or ``"bundled"``; ``origin`` is the file path or the ``system_info`` key; ``sha256`` is the
    hash of the YAML text (``None`` for the bundled plan).
    """

    plan: Plan
    source: str
    origin: str
    sha256: Optional[str] = None


def text_hash(text: str) -> str:
    """SHA-256 of a plan's YAML text, the key of the parsed-plan cache."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@functools.lru_cache(maxsize=8)
def _parse_cached(digest: str, text: str, origin: str) -> Plan:  # noqa: ARG001 - digest is the cache key
    return load_plan_text(text, origin=origin)


def parse_plan_text(text: str, origin: str = "<string>") -> Plan:
    """Parse and validate plan YAML, cached by content; raises :class:`PlanValidationError`."""
    return _parse_cached(text_hash(text), text, origin)


def stored_plan_text() -> Optional[str]:
    """YAML text of the plan loaded with the CLI, or ``None``.

    Read without ``get_system_info``, which commits the session: this runs inside validators and
    actions whose transaction must stay open.
    """
    value = (
        model.Session.query(SystemInfo.value)
        .filter(SystemInfo.key == SYSTEM_INFO_KEY, SystemInfo.state == "active")
        .scalar()
    )
    return value or None


def store_plan_text(text: str) -> bool:
    """Validate ``text`` and make it the loaded plan; ``False`` when it was already stored."""
    parse_plan_text(text, origin=SYSTEM_INFO_KEY)
    changed = model.set_system_info(SYSTEM_INFO_KEY, text)
    _forget_request_plan()
    return changed


def clear_stored_plan_text() -> bool:
    """Forget the plan loaded with the CLI; ``False`` when there was none."""
    if stored_plan_text() is None:
        return False
    model.delete_system_info(SYSTEM_INFO_KEY)
    _forget_request_plan()
    return True


def _request_memo() -> Optional[object]:
    try:
        from flask import g, has_request_context
    except ImportError:  # pragma: no cover - Flask always ships with CKAN
        return None
    return g if has_request_context() else None


def _forget_request_plan() -> None:
    memo = _request_memo()
    if memo is not None and hasattr(memo, _G_ATTR):
        delattr(memo, _G_ATTR)


def _from_config() -> Optional[ActivePlan]:
    path = dgplan_config.dgplan_plan_file()
    if not path:
        return None
    try:
        text = Path(path).read_text(encoding="utf-8")
        return ActivePlan(parse_plan_text(text, origin=path), "config", path, text_hash(text))
    except (OSError, PlanValidationError) as err:
        log.error("ckanext.dgplan.plan_file %s cannot be used, falling back: %s", path, err)
        return None


def _from_system_info() -> Optional[ActivePlan]:
    text = stored_plan_text()
    if text is None:
        return None
    try:
        return ActivePlan(parse_plan_text(text, origin=SYSTEM_INFO_KEY), "system_info",
                          SYSTEM_INFO_KEY, text_hash(text))
    except PlanValidationError as err:
        log.error("The plan loaded with `ckan dgplan plan load` is no longer valid, falling back: %s", err)
        return None


def active() -> ActivePlan:
    """The active plan with its source (memoised for the current request)."""
    memo = _request_memo()
    if memo is not None:
        cached = getattr(memo, _G_ATTR, None)
        if cached is not None:
            return cached
    result = _from_config() or _from_system_info()
    if result is None:
        plan = default_plan()
        result = ActivePlan(plan, "bundled", str(plan.origin or ""))
    if memo is not None:
        setattr(memo, _G_ATTR, result)
    return result


def active_plan() -> Plan:
    """The plan datasets are tagged against (see the module docstring for the order)."""
    return active().plan


@functools.lru_cache(maxsize=1)
def _bundled() -> dict[str, Plan]:
    return load_bundled_plans()


def available_plans() -> dict[str, Plan]:
    """Bundled plans and the active plan, keyed by plan code (the active one wins a clash)."""
    plans = dict(_bundled())
    current = active_plan()
    plans[current.code] = current
    return plans


def get_plan(code: Optional[str] = None) -> Plan:
    """The plan with ``code`` (default: the active plan); raises ``tk.ObjectNotFound``."""
    if not code:
        return active_plan()
    plan = available_plans().get(code)
    if plan is None:
        raise tk.ObjectNotFound(dgplan_message("Plan \"%(code)s\" not found", code=code))
    return plan


def applied_code_changes() -> list[str]:
    """Ids of the ``code_changes`` already applied to this site's datasets."""
    value = (
        model.Session.query(SystemInfo.value)
        .filter(SystemInfo.key == CODE_CHANGES_KEY, SystemInfo.state == "active")
        .scalar()
    )
    try:
        applied = json.loads(value) if value else []
    except ValueError:
        applied = []
    return [str(item) for item in applied] if isinstance(applied, list) else []


def pending_code_changes(plan: Optional[Plan] = None) -> list[CodeChange]:
    """The ``code_changes`` of ``plan`` (default: the active plan) not yet applied here."""
    plan = plan or active_plan()
    done = set(applied_code_changes())
    return [change for change in plan.code_changes if change.id not in done]


def _stored_codes(value: Optional[str]) -> list[str]:
    # The validators store a JSON list; tolerate a bare or comma-separated code from older rows.
    if not value:
        return []
    try:
        parsed = json.loads(value)
    except ValueError:
        parsed = [part.strip() for part in value.split(",")]
    if isinstance(parsed, str):
        parsed = [parsed]
    return [str(code) for code in parsed if str(code).strip()] if isinstance(parsed, list) else []


def migrate_codes(plan: Optional[Plan] = None, dry_run: bool = False) -> dict[str, dict[str, str]]:
    """Apply the plan's pending ``code_changes`` to every dataset, once per site.

    Every dataset (any type, private, draft or deleted) whose stored codes a change names is
    rewritten so that it keeps meaning the same goal, strategy or KPI, then reindexed; the ids of
    the changes are recorded in ``system_info`` (:data:`CODE_CHANGES_KEY`) so that running it
    again changes nothing. A renumbering can be a permutation (S1→S4, S4→S3, ...), so the changes
    are applied to the codes as stored, in the order the plan lists them, never twice.

    Returns ``{dataset id: {field: "old JSON -> new JSON"}}`` of the datasets changed (or that
    would be, with ``dry_run``). Written straight to the stored extras rather than through
    ``package_patch``: the stored codes are valid in both numberings, and a data migration
    should not fail on an unrelated field that a newer schema would refuse.
    """
    plan = plan or active_plan()
    pending = pending_code_changes(plan)
    if not pending:
        return {}
    changed: dict[str, dict[str, str]] = {}
    fields = {CODE_FIELDS[change.kind] for change in pending if change.kind in CODE_FIELDS}
    # Package.extras, not model.PackageExtra: CKAN 2.12 drops that table (see store/extras.py).
    rows = [(package, key) for key in sorted(fields)
            for package in dgplan_datasets_with_field(key, deleted=True)]
    for package, key in rows:
        stored = package.extras[key]
        codes = _stored_codes(stored)
        new = list(codes)
        for change in pending:
            if CODE_FIELDS.get(change.kind) == key:
                new = renumber(new, change)
        if new == codes:
            continue
        kind = next(k for k, f in CODE_FIELDS.items() if f == key)
        items = plan.items(kind)
        order = {item.code: i for i, item in enumerate(items)}
        new.sort(key=lambda code: order.get(code, len(order)))
        value = json.dumps(new)
        changed.setdefault(package.id, {})[key] = f"{stored} -> {value}"
        if not dry_run:
            package.extras[key] = value
    if dry_run:
        model.Session.rollback()
        return changed
    done = applied_code_changes() + [change.id for change in pending]
    model.set_system_info(CODE_CHANGES_KEY, json.dumps(done))  # commits the rows above too
    from ckan.lib import search

    for package_id in changed:
        search.rebuild(package_id)
    _forget_request_plan()
    log.info("Applied plan code changes %s to %d dataset(s)", [c.id for c in pending], len(changed))
    return changed

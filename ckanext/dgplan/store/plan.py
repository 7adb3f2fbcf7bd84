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
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.model.system_info import SystemInfo

from ckanext.dgplan import config as dgplan_config
from ckanext.dgplan.plan import Plan, PlanValidationError, default_plan, load_bundled_plans, load_plan_text

log = logging.getLogger(__name__)

__all__ = [
    "SYSTEM_INFO_KEY",
    "ActivePlan",
    "active",
    "active_plan",
    "available_plans",
    "clear_stored_plan_text",
    "get_plan",
    "parse_plan_text",
    "store_plan_text",
    "stored_plan_text",
    "text_hash",
]

#: ``system_info`` key holding the YAML text of a plan loaded with the CLI.
SYSTEM_INFO_KEY = "dgplan.plan_yaml"
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
        raise tk.ObjectNotFound(
            f'ไม่พบแผน "{code}" / Plan "{code}" not found'
        )
    return plan

"""Datasets found by a stored field, the same way on CKAN 2.11 and 2.12.

Scheming stores the extension's dataset fields as package extras. CKAN 2.11 keeps those in the
``package_extra`` table (``model.PackageExtra``); 2.12 removes that table and keeps them in the
jsonb column ``package.extras``. ``model.Package.extras`` reads as a dict of strings on both, so
the query selects packages by type and state in SQL and compares the field in Python: callers
narrow by dataset type, which keeps the compared set small.
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import Optional

from ckan import model


def dgplan_datasets_with_field(key: str, value: Optional[str] = None, *,
                               types: Optional[Iterable[str]] = None,
                               deleted: bool = False) -> list[model.Package]:
    """Datasets (private and draft ones too) whose stored ``key`` is ``value``, or is set at all.

    :param types: only datasets of these types (all types when ``None``).
    :param deleted: also datasets in the ``deleted`` state.
    """
    query = model.Session.query(model.Package)
    if types is not None:
        query = query.filter(model.Package.type.in_(sorted(types)))
    if not deleted:
        query = query.filter(model.Package.state != model.State.DELETED)
    found = []
    for package in query.order_by(model.Package.id):
        stored = (package.extras or {}).get(key)
        if stored is not None and (value is None or stored == value):
            found.append(package)
    return found

"""Shared fixtures. CKAN's own fixtures (clean_db, with_plugins, app, ...) come from its pytest plugin."""
from __future__ import annotations

# The DataStore's fixture rebuilds its database; reused rather than re-implemented.
from ckanext.datastore.tests.conftest import clean_datastore  # noqa: F401

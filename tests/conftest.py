"""Shared fixtures. CKAN's own fixtures (clean_db, with_plugins, app, ...) come from its pytest plugin."""
from __future__ import annotations

import pytest

# The DataStore's fixture rebuilds its database; reused rather than re-implemented.
from ckanext.datastore.tests.conftest import clean_datastore  # noqa: F401


@pytest.fixture
def clean_db(reset_db, migrate_db_for):
    """CKAN's clean_db, plus the activity plugin's own migrations.

    CKAN's reset only re-creates the core tables; with the activity and harvest plugins enabled (as in
    test.ini) their migrations must run again, or recording an activity fails on a missing column.
    """
    import ckan.plugins as plugins

    reset_db()
    # Runs before with_plugins in most tests, so the plugin may not be loaded yet. ckanext-harvest's
    # tables too: with it in test.ini, indexing any dataset looks up its harvest object.
    for name in ("activity", "harvest"):
        loaded = plugins.plugin_loaded(name)
        if not loaded:
            plugins.load(name)
        try:
            migrate_db_for(name)
        finally:
            if not loaded:
                plugins.unload(name)

"""WSGI entry point for gunicorn: `gunicorn ... stack.wsgi:application` with CKAN_INI set."""
from __future__ import annotations

import os

from ckan.cli import CKANConfigLoader
from ckan.config.middleware import make_app

application = make_app(CKANConfigLoader(os.environ["CKAN_INI"]).get_config())

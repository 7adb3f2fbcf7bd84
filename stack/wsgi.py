"""WSGI entry point for gunicorn: `gunicorn ... stack.wsgi:application` with CKAN_INI set."""
from __future__ import annotations

import configparser
import logging.config
import os

from ckan.cli import CKANConfigLoader
from ckan.config.middleware import make_app


def dgplan_configure_logging(ini: str) -> None:
    """Apply the ini's logging sections, as `ckan` commands do (gunicorn does not read them).

    Without this, CKAN's loggers have no handler in a worker and a 500's traceback is lost.
    gunicorn's own loggers are left alone (``disable_existing_loggers=False``). An ini without
    logging sections (the browser tests' one, which extends test.ini) keeps Python's defaults.
    """
    parser = configparser.RawConfigParser(strict=False)
    parser.read(ini, encoding="utf-8")
    if parser.has_section("loggers"):
        logging.config.fileConfig(ini, disable_existing_loggers=False, encoding="utf-8")


dgplan_configure_logging(os.environ["CKAN_INI"])
application = make_app(CKANConfigLoader(os.environ["CKAN_INI"]).get_config())

"""WSGI entry point for gunicorn: `gunicorn ... stack.wsgi:application` with CKAN_INI set."""
from __future__ import annotations

import configparser
import logging.config
import os

from ckan.cli import CKANConfigLoader
from ckan.config.middleware import make_app
from ckan.types import Config


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


def dgplan_load_config(ini: str) -> Config:
    """CKAN's config from ``ini``, with the loggers that were enabled before still enabled.

    CKAN 2.12's loader applies the ini's logging sections itself with ``disable_existing_loggers``
    left on, which silences gunicorn's loggers (no access log, no worker errors); 2.11's does not.
    """
    manager = logging.Logger.manager
    enabled = [lg for lg in manager.loggerDict.values() if isinstance(lg, logging.Logger) and not lg.disabled]
    loaded = CKANConfigLoader(ini).get_config()
    for logger in enabled:
        logger.disabled = False
    return loaded


dgplan_configure_logging(os.environ["CKAN_INI"])
application = make_app(dgplan_load_config(os.environ["CKAN_INI"]))

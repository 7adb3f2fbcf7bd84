"""User-facing messages in the reader's language, through gettext.

A message is an English msgid with named placeholders, translated in the extension's catalog
(``i18n/th/LC_MESSAGES/ckanext-dgplan.po``)::

    dgplan_message("Must be a whole number from %(low)s to %(high)s", low=1, high=9)

Which language a message is written in (:func:`dgplan_message_langs`):

* a page: the page's language only (``/`` Thai, ``/en/`` English), as CKAN translates templates;
* an API call (``/api/...``): the URL's locale prefix first (``/th/api/3/...``, ``/en/api/3/...``,
  CKAN's own rule), else the request's ``Accept-Language`` (``th`` or ``en``), else both, Thai first
  (``"ไทย / English"``): a script that states no language gets what every API answer said before,
  and an English reader always finds the English half;
* outside a reader's request (``ckan`` commands, background jobs): both.

The pure packages (``thai/``, ``kpi/``, ``gdc.py``) import no CKAN: their errors carry ``th`` and
``en`` texts, which :func:`dgplan_pick` chooses from by the same rule; a placeholder's value may be
such an error (anything with ``th`` and ``en`` attributes) and is then written in each language.
"""
from __future__ import annotations

import functools
import os
from typing import Any, Optional

import ckan.plugins.toolkit as tk
import flask
import flask_babel
from babel.support import NullTranslations, Translations

__all__ = ["DOMAIN", "N_", "dgplan_message", "dgplan_message_langs", "dgplan_message_texts", "dgplan_pick"]

DOMAIN = "ckanext-dgplan"
_I18N_DIR = os.path.join(os.path.dirname(__file__), "i18n")
_LANGS = ("th", "en")
_JOIN = " / "


def N_(msgid: str) -> str:  # gettext's name for this, which Babel's extractor looks for
    """Mark ``msgid`` for the catalog where it is defined; it is translated where it is written."""
    return msgid


def _lang_of(locale: Optional[str]) -> str:
    return "th" if (locale or "").replace("-", "_").split("_")[0].lower() == "th" else "en"


def dgplan_message_langs() -> tuple[str, ...]:
    """The languages a message of this request is written in: ``("th",)``, ``("en",)`` or both."""
    if not flask.has_request_context():
        return _LANGS
    request = flask.request
    environ = request.environ
    if "CKAN_LANG" not in environ:
        # CKAN's own request context for commands and jobs (no reader's request reached handle_i18n)
        return _LANGS
    if not (request.path == "/api" or request.path.startswith("/api/")):
        return (_lang_of(environ["CKAN_LANG"]),)
    if environ.get("CKAN_LANG_IS_DEFAULT") is False:
        return (_lang_of(environ.get("CKAN_LANG")),)
    if request.headers.get("Accept-Language"):
        best = request.accept_languages.best_match(_LANGS)
        if best:
            return (best,)
    return _LANGS


@functools.lru_cache(maxsize=1)
def _thai_catalog() -> NullTranslations:
    # Outside a request Flask-Babel has no catalog to offer: read the extension's own.
    return Translations.load(_I18N_DIR, ["th"], DOMAIN)


def _translate(msgid: str, lang: str) -> str:
    if lang == "en":
        return msgid
    if flask.has_request_context():
        # CKAN's catalogs as the page uses them (a site's ckan.i18n_directory included), in Thai
        # even on an English page or API call that asked for both languages.
        with flask_babel.force_locale(lang):
            return tk._(msgid)
    return _thai_catalog().gettext(msgid)


def _write(msgid: str, lang: str, params: dict[str, Any]) -> str:
    text = _translate(msgid, lang)
    if not params:
        return text
    values = {key: getattr(value, lang) if hasattr(value, "th") and hasattr(value, "en") else value
              for key, value in params.items()}
    return text % values


def _join(texts: list[str]) -> str:
    unique = list(dict.fromkeys(texts))
    return _JOIN.join(unique)


def dgplan_message(msgid: str, **params: Any) -> str:
    """``msgid`` (English, with ``%(name)s`` placeholders) in this request's language(s).

    :param msgid: the English text, also the catalog key
    :param params: placeholder values; one with ``th`` and ``en`` attributes is written in each language
    """
    return _join([_write(msgid, lang, params) for lang in dgplan_message_langs()])


def dgplan_message_texts(msgid: str, **params: Any) -> tuple[str, str]:
    """``msgid`` as ``(Thai, English)``: for an error object that carries both (a ``RowError``)."""
    return _write(msgid, "th", params), _write(msgid, "en", params)


def dgplan_pick(th: str, en: str) -> str:
    """A Thai and an English text (a pure module's error) as this request's language(s) want it."""
    return _join([{"th": th, "en": en}[lang] for lang in dgplan_message_langs()])

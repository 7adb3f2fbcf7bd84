"""Request checks that run before CKAN's views see a request.

CKAN's API view (``ckan/views/api.py``, ``_get_request_data``) decodes the body with
``request.get_json()`` / ``json.loads`` and catches only ``ValueError``. A body of a few kilobytes
nested a few thousand levels deep (``{"title": [[[[...]]]]}``) makes the decoder raise
``RecursionError``, which escapes as a 500 with a traceback. The check below answers such bodies
with CKAN's own 400 shape instead, in Thai and English, before any action runs.

Agency scripts written for GD Catalog portals (CKAN 2.9 and older) send their key under
``X-CKAN-API-Key``; CKAN 2.10 removed legacy API keys and reads an API token from one header only,
``apitoken_header_name`` (default ``Authorization``, see ``ckan/views/__init__.py``,
``_get_user_for_apitoken``). :func:`dgplan_api_key_header` hands the old header's value to that one,
so CKAN's own code checks it: a valid token logs the script in, a bad or revoked one leaves the request
anonymous (403 on writes), exactly as under ``Authorization``.
"""
from __future__ import annotations

import json
from typing import Any, Optional

import ckan.plugins.toolkit as tk
from flask import Response, request

from ckanext.dgplan import config as dgplan_config
from ckanext.dgplan.messages import dgplan_message

# No body a client sends legitimately nests this deep; the decoder itself gives up near 1,000.
# Below this many brackets a body cannot be too deep, so ordinary requests are never decoded twice.
BODY_MAX_BRACKETS = 500


def dgplan_install_request_checks(app: Any) -> Any:
    """Register the checks on CKAN's Flask app (called from ``IMiddleware.make_middleware``)."""
    app.before_request(dgplan_refuse_deep_api_body)
    # Below Flask (WSGI environ), so the header is in place before flask-login's request loader runs.
    app.wsgi_app = dgplan_api_key_header(app.wsgi_app)
    return app


LEGACY_KEY_HEADER = "HTTP_X_CKAN_API_KEY"


def _environ_key(header: str) -> str:
    return "HTTP_" + header.upper().replace("-", "_")


def dgplan_api_key_header(wsgi_app: Any) -> Any:
    """WSGI wrapper: an API token sent as ``X-CKAN-API-Key`` is read as CKAN's token header.

    A request that also carries CKAN's own header keeps that one; the legacy header is then ignored.
    """
    def app(environ: dict[str, Any], start_response: Any) -> Any:
        legacy = environ.get(LEGACY_KEY_HEADER)
        if legacy:
            own = _environ_key(tk.config.get("apitoken_header_name") or "Authorization")
            if own != LEGACY_KEY_HEADER and not environ.get(own):
                environ[own] = legacy
        return wsgi_app(environ, start_response)

    return app


def _api_body() -> Optional[str]:
    """The JSON text CKAN's API view would decode from this request, if any."""
    if request.method not in ("POST", "PUT") or not request.path.startswith("/api/"):
        return None
    if request.mimetype == "multipart/form-data":
        return None
    if request.mimetype == "application/x-www-form-urlencoded":
        # CKAN decodes a form whose only key is JSON text (``{...}=1``) as that JSON.
        keys = list(request.form.keys())
        return keys[0] if len(keys) == 1 else None
    return request.get_data(cache=True, as_text=True)


def dgplan_refuse_deep_api_body() -> Optional[Response]:
    """Answer 400 for an API request body too deeply nested for CKAN to decode.

    Flask ``before_request`` hook: returns a response to stop the request, ``None`` to go on.
    """
    text = _api_body()
    if not text or text.count("[") + text.count("{") < BODY_MAX_BRACKETS:
        return None
    try:
        json.loads(text)
    except RecursionError:
        pass
    except ValueError:
        return None  # CKAN's own 400 for malformed JSON
    else:
        return None
    message = dgplan_message(
        "The JSON body is nested too deeply to read (dataset fields nest at most %(limit)s levels)",
        limit=dgplan_config.dgplan_json_max_depth())
    body = {"help": request.url, "success": False,
            "error": {"__type": "Bad request - JSON Error", "message": message}}
    return Response(json.dumps(body, ensure_ascii=False), status=400,
                    content_type="application/json;charset=utf-8")

"""Answers for a request whose search found Solr unreachable: 503 with a bilingual message.

Installed on CKAN's Flask app (IMiddleware). Only a request that failed (5xx) after a search found
Solr unreachable is changed: a page that handled the failure itself keeps its own answer.
"""
from __future__ import annotations

import json
from typing import Any

import ckan.plugins.toolkit as tk
from flask import Response, request

from ckanext.dgplan.messages import dgplan_pick
from ckanext.dgplan.search import outage

#: Seconds a client is asked to wait before trying again (Retry-After).
RETRY_AFTER = 60


def dgplan_install_outage_answers(app: Any) -> Any:
    """Register :func:`dgplan_search_unavailable_answer` after every request."""
    app.after_request(dgplan_search_unavailable_answer)
    return app


def dgplan_search_unavailable_answer(response: Response) -> Response:
    """Flask ``after_request`` hook: a failed request whose search found Solr down answers 503."""
    if response.status_code < 500 or not outage.dgplan_search_was_unavailable():
        return response
    message = dgplan_pick(*outage.SEARCH_UNAVAILABLE)
    if request.path.startswith("/api/"):
        body = {"help": request.url, "success": False,
                "error": {"__type": "Search Unavailable", "message": message}}
        answer = Response(json.dumps(body, ensure_ascii=False), status=503,
                          content_type="application/json;charset=utf-8")
    else:
        # CKAN's own error page, as its error handler renders it (ckan/config/middleware/flask_app.py).
        html = tk.render("error_document_template.html",
                         {"code": 503, "name": "Service Unavailable", "content": message})
        answer = Response(html, status=503, content_type="text/html; charset=utf-8")
    answer.headers["Retry-After"] = str(RETRY_AFTER)
    return answer

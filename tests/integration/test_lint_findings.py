"""Faults that `make lint` (mypy) found, each shown through the real stack."""
from __future__ import annotations

import json

import pytest

from tests.integration.plan_helpers import bilingual

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index", "with_plugins")

API = "/api/3/action/package_search"


@pytest.mark.parametrize("param", ["q", "fq"])
def test_local_parameters_are_refused_in_plain_words(app, param):
    # CKAN refuses "{!parser}" with "Local parameters are not supported in param 'q'"; the refusal
    # naming the parameter was built with `param` given twice (a TypeError, so a 500).
    query = {"q": "water", param: "{!lucene}title:water"}
    response = app.get(API, query_string=query, status=409)
    [message] = json.loads(response.body)["error"][param]
    assert bilingual(message) and "{!" in message and param in message.split(" / ")[1], message

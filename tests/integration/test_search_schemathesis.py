"""Schemathesis against /openapi.json: generated requests to every route never get a 5xx."""

from __future__ import annotations

import json
from urllib.parse import urlencode

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from newsdrop_local.gateway import http_api_event
from newsdrop_local.openapi import COMMITTED
from tests.helpers import context

pytest_plugins = ["tests.integration.search_corpus"]  # the archive and api fixtures
pytestmark = pytest.mark.opensearch

# The document the API serves (tests/unit/test_openapi.py keeps the committed copy current).
schema = schemathesis.openapi.from_dict(json.loads(COMMITTED.read_text()))  # valid and invalid requests alike


@schema.parametrize()
@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_generated_request_gets_a_server_error(case, api) -> None:
    # Given any request the schema allows (and many it does not), when the API answers it
    query = {name: value for name, value in (case.query or {}).items() if value is not None}
    target = case.formatted_path + (f"?{urlencode(query, doseq=True)}" if query else "")
    event = http_api_event("GET", target, {"host": "api.test"}, b"", "127.0.0.1")
    response = api.function.lambda_handler(event, context("SearchApiFunction"))
    # Then it is never a server error, and errors are JSON that names what was wrong
    assert response["statusCode"] < 500, (target, response["body"][:300])
    if response["statusCode"] == 400:
        assert json.loads(response["body"])["message"]

"""Schemathesis against /openapi.json: generated requests to every route never get a 5xx, alone or
chained along the document's links (next page by cursor, a hit's article, story and similar ones)."""

from __future__ import annotations

import json
from urllib.parse import urlencode

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from newsdrop_local.gateway import http_api_event
from newsdrop_local.openapi import COMMITTED
from tests.helpers import context

pytest_plugins = ["tests.integration.search_corpus"]  # the archive and api fixtures
pytestmark = pytest.mark.opensearch

# The document the API serves (tests/unit/test_openapi.py keeps the committed copy current).
schema = schemathesis.openapi.from_dict(json.loads(COMMITTED.read_text()))  # valid and invalid requests alike
# What every answer must be: no 5xx, and a status, content type and body the document declares. Not
# "schema-valid data is accepted": a made-up cursor is schema-valid and rightly refused.
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


def _answer(api, case: schemathesis.Case) -> tuple[str, dict]:
    """The request's target and the API's answer to it, through the event the local gateway builds."""
    query = {name: value for name, value in (case.query or {}).items() if value is not None}
    target = case.formatted_path + (f"?{urlencode(query, doseq=True)}" if query else "")
    event = http_api_event("GET", target, {"host": "api.test"}, b"", "127.0.0.1")
    return target, api.function.lambda_handler(event, context("SearchApiFunction"))


@schema.parametrize()
@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_generated_request_gets_a_server_error(case, api) -> None:
    # Given any request the schema allows (and many it does not), when the API answers it
    target, response = _answer(api, case)
    # Then it is never a server error, and errors are JSON that names what was wrong
    assert response["statusCode"] < 500, (target, response["body"][:300])
    if response["statusCode"] == 400:
        assert json.loads(response["body"])["message"]


def test_no_chain_of_requests_along_the_links_gets_a_server_error(api) -> None:
    # Given sequences of requests where each takes its values from an earlier answer
    # (a next page's cursor, a hit's id and story), as a client following the links does

    class FollowLinks(schema.as_state_machine()):
        def call(self, case: schemathesis.Case, **kwargs) -> schemathesis.Response:
            target, answer = _answer(api, case)
            return schemathesis.Response(
                status_code=answer["statusCode"],
                headers={name: [value] for name, value in answer.get("headers", {}).items()},
                content=answer["body"].encode(),
                request=requests.Request("GET", f"http://api.test{target}").prepare(),
                elapsed=0.0,
                verify=False,
            )

        def validate_response(self, response: schemathesis.Response, case: schemathesis.Case, **kwargs) -> None:
            case.validate_response(response, checks=CHECKS)

    # When the API answers each step, Then no answer is a server error, and every answer matches
    # the document (status codes, content types and bodies it declares)
    # (a server error only for real story ids, which only the links reach, fails it)
    FollowLinks.run(settings=settings(max_examples=30, stateful_step_count=6, deadline=None, database=None))

"""While OpenSearch is down, overloaded or hung, the API answers 503 with Retry-After in time:
never a hang, never a 500."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from collections.abc import Callable

import pytest

from newsdrop_local.fault_proxy import SwitchableProxy
from newsdrop_local.state import StackState

pytestmark = pytest.mark.opensearch

SEARCH_FUNCTION_TIMEOUT_S = 10  # template.yaml's SearchApiFunction Timeout
FAULTS: dict[str, Callable[[SwitchableProxy], None]] = {
    "down": SwitchableProxy.off,
    "answering 429": lambda proxy: proxy.answer(429),
    "answering 503": lambda proxy: proxy.answer(503),
    "hung": SwitchableProxy.stall,
}


@pytest.mark.parametrize("fault", FAULTS)
@pytest.mark.parametrize("path", ["/search?q=harbour+ferry&entity=Oslo", "/entities?prefix=Os", "/stats"])
def test_the_api_answers_503_with_retry_after_within_the_time_limit(
    stack: StackState, opensearch_proxy: SwitchableProxy, fault: str, path: str
) -> None:
    # Given OpenSearch is down, overloaded or hung for the search function
    FAULTS[fault](opensearch_proxy)
    try:
        # When a client searches
        started = time.monotonic()
        try:
            with urllib.request.urlopen(stack.api_url + path, timeout=30) as response:
                status, headers, body = response.status, response.headers, json.load(response)
        except urllib.error.HTTPError as error:
            status, headers, body = error.code, error.headers, json.load(error)
        elapsed_s = time.monotonic() - started
    finally:
        opensearch_proxy.on()
    # Then the answer is a 503 saying when to come back, before the function's timeout would be a 500
    assert status == 503, body
    assert int(headers["Retry-After"]) > 0
    assert "try again" in body["message"]
    assert elapsed_s < SEARCH_FUNCTION_TIMEOUT_S

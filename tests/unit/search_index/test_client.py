"""The OpenSearch client signs for the service it talks to: `es` for a domain, `aoss` for a collection."""

from __future__ import annotations

import pytest

from newsdrop.search_index.client import build_client
from newsdrop.settings import OpenSearchSettings


@pytest.mark.parametrize("service", ["es", "aoss"])
def test_sigv4_requests_are_signed_for_the_configured_service(service: str) -> None:
    settings = OpenSearchSettings(
        opensearch_url="https://example.eu-west-1.aoss.amazonaws.com",
        opensearch_auth="sigv4",
        opensearch_service=service,
    )
    auth = build_client(settings).transport.kwargs["http_auth"]
    assert auth.service == service


def test_without_sigv4_nothing_is_signed() -> None:
    settings = OpenSearchSettings(opensearch_url="http://127.0.0.1:9200", opensearch_auth="none")
    assert build_client(settings).transport.kwargs.get("http_auth") is None


def test_a_cluster_s_nodes_are_all_connected_to() -> None:
    # OPENSEARCH_URL listing three nodes: the client spreads requests over them and skips one that is down
    settings = OpenSearchSettings(opensearch_url="http://127.0.0.1:9201, http://127.0.0.1:9202,http://127.0.0.1:9203")
    pool = build_client(settings).transport.connection_pool
    assert sorted(connection.host for connection in pool.connections) == [
        "http://127.0.0.1:9201",
        "http://127.0.0.1:9202",
        "http://127.0.0.1:9203",
    ]

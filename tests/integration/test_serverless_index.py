"""OpenSearch Serverless (OPENSEARCH_SERVICE=aoss): the index as a collection takes it, on the real node."""

from __future__ import annotations

import uuid

import pytest
from opensearchpy import OpenSearch

from newsdrop.search_index.mapping import ensure_index
from newsdrop.search_index.reader import IndexReader

pytestmark = pytest.mark.opensearch


def test_a_collection_gets_the_index_under_the_alias_name_with_the_mappings_and_knn_alone(opensearch_url: str) -> None:
    client = OpenSearch(hosts=[opensearch_url])
    name = f"aoss-{uuid.uuid4().hex[:8]}"
    try:
        # When the index is ensured twice for a Serverless collection
        ensure_index(client, f"{name}-v1", name, serverless=True)
        ensure_index(client, f"{name}-v1", name, serverless=True)
        # Then one index carries the alias's name (collections take no alias swap) with the strict mapping,
        # and none of the shard settings a collection refuses
        assert client.indices.exists(index=name)
        assert not client.indices.exists(index=f"{name}-v1")
        assert client.indices.get_mapping(index=name)[name]["mappings"]["dynamic"] == "strict"
        index_settings = client.indices.get_settings(index=name)[name]["settings"]["index"]
        assert "auto_expand_replicas" not in index_settings
        assert index_settings["knn"] == "true"  # the vector field needs it
        # And health answers from the index, not the cluster health API a collection lacks
        reader = IndexReader(client, name, serverless=True)
        client.cluster.health = None  # type: ignore[method-assign]  # any call would fail
        assert reader.health() == "green"
    finally:
        OpenSearch(hosts=[opensearch_url]).indices.delete(index=name, ignore_unavailable=True)

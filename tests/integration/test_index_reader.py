"""Several searches in one request (msearch) answer as each would alone, on the real node."""

from __future__ import annotations

import uuid

import pytest
from opensearchpy import OpenSearch, TransportError

from newsdrop.search_index.mapping import ensure_index
from newsdrop.search_index.reader import IndexReader

pytestmark = pytest.mark.opensearch


@pytest.fixture
def reader(opensearch_url: str):
    client = OpenSearch(hosts=[opensearch_url])
    name = f"reader-{uuid.uuid4().hex[:8]}"
    ensure_index(client, f"{name}-v1", name)
    client.index(index=name, id="a", body={"title": "Harbour plan approved"}, refresh=True)
    yield IndexReader(client, name)
    client.indices.delete(index=f"{name}-v1", ignore_unavailable=True)


def test_answers_come_back_in_the_order_asked(reader: IndexReader) -> None:
    match = {"query": {"match": {"title": "harbour"}}}
    nothing = {"query": {"match": {"title": "volcano"}}}
    found, empty = reader.search_all([match, nothing])
    assert [hit["_id"] for hit in found["hits"]["hits"]] == ["a"]
    assert empty["hits"]["hits"] == []


def test_an_index_not_created_yet_reads_as_no_answer(opensearch_url: str) -> None:
    missing = IndexReader(OpenSearch(hosts=[opensearch_url]), f"missing-{uuid.uuid4().hex[:8]}")
    assert missing.search_all([{"query": {"match_all": {}}}]) == [None]


def test_a_refused_search_raises_with_its_status_instead_of_reading_as_empty(reader: IndexReader) -> None:
    refused = {"query": {"range": {"published": {"gte": "not a date"}}}}
    with pytest.raises(TransportError) as raised:
        reader.search_all([{"query": {"match_all": {}}}, refused])
    assert raised.value.status_code == 400

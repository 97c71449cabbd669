"""A new sentence model reaches every article through the re-index; the index names the model that made its vectors."""

from __future__ import annotations

import copy
import os

import numpy as np
import pytest
from opensearchpy import OpenSearch

from newsdrop.embedding import MODEL_NAME, embed
from newsdrop.models import ArticleContent, SourceRef, source_id
from newsdrop.pipeline.parse_stage import build_article
from newsdrop.pipeline.reindex import reindex
from newsdrop.search_index import mapping, vectors
from newsdrop.search_index.fields import VECTOR
from newsdrop.storage import ProcessedStore
from tests.conftest import PROCESSED_BUCKET, RAW_BUCKET
from tests.helpers import context, load_function, s3_event_batch

pytestmark = pytest.mark.opensearch
TITLES = ["Ferry services cut as the fjord freezes", "Council approves a new harbour wall", "Storm closes the port"]


def _stored_vectors(client: OpenSearch, index: str) -> dict[str, list[float]]:
    client.indices.refresh(index=index)
    hits = client.search(index=index, body={"size": 10, "_source": [VECTOR, "title"]})["hits"]["hits"]
    return {hit["_source"]["title"]: hit["_source"][VECTOR] for hit in hits}


def test_reindex_recomputes_every_vector_with_the_model_installed_now(
    buckets, search_index: OpenSearch, monkeypatch
) -> None:
    alias = os.environ["INDEX_ALIAS"]
    # Given articles the index function indexed, each with the installed model's vector of its text
    keys = []
    for number, title in enumerate(TITLES):
        content = ArticleContent(title=title, body=[f"{title}, officials said on Monday."], format="text")
        article = build_article(content, SourceRef(bucket=RAW_BUCKET, key=f"n/{number}.txt", etag="e", size=9), 0, 1.0)
        keys.append(ProcessedStore(PROCESSED_BUCKET).put_article(source_id(RAW_BUCKET, f"n/{number}.txt"), article))
    batch = s3_event_batch("index_object_created", [(PROCESSED_BUCKET, key, "ObjectCreated:Put") for key in keys])
    assert load_function("index").lambda_handler(batch, context("IndexFunction")) == {"batchItemFailures": []}
    first = _stored_vectors(search_index, alias)
    for title in TITLES:
        expected = embed([f"{title}\n{title}, officials said on Monday."])[0]
        assert np.allclose(first[title], expected, atol=1e-5)
    assert search_index.indices.get_mapping(index=alias)[f"{alias}-v1"]["mappings"]["_meta"] == {
        "embedding_model": MODEL_NAME
    }

    # When another model is installed (here: the same vectors negated) and the index is rebuilt
    def other_model(texts: list[str]) -> list[list[float]]:
        return [[-value for value in vector] for vector in embed(texts)]

    monkeypatch.setattr(vectors, "embed", other_model)
    changed = copy.deepcopy(mapping.INDEX_BODY)
    changed["mappings"]["_meta"] = {"embedding_model": "other-model"}
    monkeypatch.setattr(mapping, "INDEX_BODY", changed)
    report = reindex(search_index, ProcessedStore(PROCESSED_BUCKET), alias)
    try:
        # Then every article in the new version carries the new model's vector, and the index names that model
        assert report.loaded == len(TITLES)
        second = _stored_vectors(search_index, alias)
        assert second.keys() == first.keys()
        for title, vector in second.items():
            assert np.allclose(vector, -np.array(first[title]), atol=1e-5)
        meta = search_index.indices.get_mapping(index=alias)[report.new_index]["mappings"]["_meta"]
        assert meta == {"embedding_model": "other-model"}
    finally:
        search_index.indices.delete(index=report.new_index, ignore_unavailable=True)

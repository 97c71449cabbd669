"""Re-index with no downtime: a changed mapping, a new index version, searches and writes throughout."""

from __future__ import annotations

import copy
import json
import os
import threading
import time

import pytest
from opensearchpy import OpenSearch

from newsdrop.models import ArticleContent, SourceRef, source_id
from newsdrop.pipeline.parse_stage import build_article
from newsdrop.pipeline.reindex import ReindexReport, drop_old, reindex
from newsdrop.search_index import mapping
from newsdrop.storage import ProcessedStore
from tests.conftest import PROCESSED_BUCKET, RAW_BUCKET
from tests.helpers import context, http_get, load_function, s3_event_batch

pytestmark = pytest.mark.opensearch


def _store(key: str, title: str, dateline: str = "Bergen") -> str:
    content = ArticleContent(
        title=title, body=[f"{title}: the harbour council met on Monday."], dateline=dateline, format="text"
    )
    article = build_article(content, SourceRef(bucket=RAW_BUCKET, key=key, etag="e", size=100), 0, 1.0)
    return ProcessedStore(PROCESSED_BUCKET).put_article(source_id(RAW_BUCKET, key), article)


def _index(keys: list[str], event_name: str = "ObjectCreated:Put") -> None:
    batch = s3_event_batch("index_object_created", [(PROCESSED_BUCKET, key, event_name) for key in keys])
    assert load_function("index").lambda_handler(batch, context("IndexFunction")) == {"batchItemFailures": []}


def _remove(key: str) -> None:
    ProcessedStore(PROCESSED_BUCKET).delete(key)
    _index([key], "ObjectRemoved:Delete")


class Searcher(threading.Thread):
    """Searches everything through the search function, over and over, until told to stop."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.handler = load_function("search_api")
        self.answers: list[tuple[int, int | None]] = []  # (status, total)
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            response = self.handler.lambda_handler(http_get("/search", {"q": "*"}), context("SearchApiFunction"))
            self.answers.append((response["statusCode"], json.loads(response["body"]).get("total")))
            time.sleep(0.05)  # a user's pace, not a loop that starves the re-index of the GIL


def test_a_changed_mapping_is_reindexed_while_searches_and_writes_go_on(
    buckets, search_index: OpenSearch, monkeypatch
) -> None:
    alias = os.environ["INDEX_ALIAS"]  # this test's own, set by the search_index fixture
    # Given 120 indexed articles in the index's first version
    keys = [_store(f"news/{n}.txt", f"Ferry story {n}") for n in range(120)]
    _index(keys)
    search_index.indices.refresh(index=alias)
    # And a mapping that now also analyses datelines as text
    changed = copy.deepcopy(mapping.INDEX_BODY)
    changed["mappings"]["properties"]["dateline"] = {**mapping.KEYWORD, "fields": {"text": mapping.ENGLISH_TEXT}}
    monkeypatch.setattr(mapping, "INDEX_BODY", changed)
    searcher = Searcher()
    searcher.start()
    searcher_seen: dict[str, int] = {}  # searches answered by each phase

    # When it is re-indexed, while an upload and a removal land after the bulk load and again just before the swap
    def meanwhile(phase: str, report: ReindexReport) -> None:
        if phase in {"loaded", "caught-up"}:
            _index([_store(f"late/{phase}.txt", f"Late arrival {phase}", dateline="Tromso")])
            _remove(keys.pop())
        searcher_seen[phase] = len(searcher.answers)

    try:
        report = reindex(search_index, ProcessedStore(PROCESSED_BUCKET), alias, meanwhile)
        deadline = time.monotonic() + 30
        while len(searcher.answers) < searcher_seen["swapped"] + 3 and time.monotonic() < deadline:
            time.sleep(0.05)  # a few searches of the new version too
    finally:
        searcher.stop.set()
        searcher.join(timeout=30)
    try:
        # Then every search answered, none found fewer articles than were stored, before and after the swap
        assert searcher_seen["loaded"] > 0
        assert len(searcher.answers) >= searcher_seen["swapped"] + 3
        assert {status for status, _ in searcher.answers} == {200}
        assert min(total for _, total in searcher.answers) >= 118
        # And the alias now names the new version only; the old one is kept
        assert report.new_index == f"{alias}-v2"
        assert list(search_index.indices.get_alias(name=alias)) == [f"{alias}-v2"]
        assert search_index.indices.exists(index=f"{alias}-v1")
        # And the new index holds exactly what the processed bucket holds: nothing lost, nothing stale
        stored = {ProcessedStore.article_id_of(k) for k in ProcessedStore(PROCESSED_BUCKET).all_article_keys()}
        search_index.indices.refresh(index=f"{alias}-v2")
        hits = search_index.search(index=alias, body={"size": 500, "_source": False})["hits"]["hits"]
        assert {hit["_id"] for hit in hits} == stored
        assert len(stored) == 120
        # And the new mapping answers: datelines as text
        tromso = search_index.search(index=alias, body={"query": {"match": {"dateline.text": "tromso"}}})
        assert tromso["hits"]["total"]["value"] == 2
        # And --drop-old removes the old version
        assert drop_old(search_index, alias) == [f"{alias}-v1"]
        assert not search_index.indices.exists(index=f"{alias}-v1")
    finally:
        search_index.indices.delete(index=f"{alias}-v2", ignore_unavailable=True)

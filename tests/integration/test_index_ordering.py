"""Index writes in any order and from concurrent workers end at the newest state, on the real node.

A key goes through put v1, put v2, delete, put v3 (or put v1, v2, v3, then delete). Each state is
read by the index stage as an invocation would read it, and the writes reach OpenSearch in every
order, late, or from racing workers: the index must always end at the last state.
"""

from __future__ import annotations

import os
import random
import threading
import time
from itertools import permutations

import pytest
from opensearchpy import OpenSearch

from newsdrop.models import ArticleContent, SourceRef, source_id
from newsdrop.pipeline.index_stage import ObservedState, read_state, sync_articles, write_state
from newsdrop.pipeline.parse_stage import build_article
from newsdrop.search_index.mapping import DELETE_TOMBSTONE_KEPT, ensure_index
from newsdrop.storage import ProcessedStore
from tests.conftest import PROCESSED_BUCKET, RAW_BUCKET

pytestmark = pytest.mark.opensearch

DELETE = "delete"
LAST_IS_PUT = ["v1", "v2", DELETE, "v3"]
LAST_IS_DELETE = ["v1", "v2", "v3", DELETE]


def _apply(store: ProcessedStore, raw_key: str, act: str) -> str:
    """Put the article of `raw_key` at version `act` into the processed bucket, or delete it; its key."""
    origin = SourceRef(bucket=RAW_BUCKET, key=raw_key, etag=act, size=100)
    content = ArticleContent(title=f"Harbour council {act}", body=[f"The council met ({act})."], format="text")
    article = build_article(content, origin, 0, 1.0)
    key = store.article_key(source_id(RAW_BUCKET, raw_key), article.id)
    if act == DELETE:
        store.delete(key)
    else:
        store.put_article(source_id(RAW_BUCKET, raw_key), article)
    return key


def _indexed_title(client: OpenSearch, alias: str, key: str) -> str | None:
    doc_id = ProcessedStore.article_id_of(key)
    found = client.get(index=alias, id=doc_id, ignore=404)
    return found["_source"]["title"] if found.get("found") else None


def _expected(acts: list[str]) -> str | None:
    return None if acts[-1] == DELETE else f"Harbour council {acts[-1]}"


@pytest.fixture
def index(search_index: OpenSearch) -> tuple[OpenSearch, str]:
    """The articles index under the alias of this test's own, as the index function creates it."""
    alias = os.environ["INDEX_ALIAS"]  # set by `search_index`, which removes the index afterwards
    ensure_index(search_index, os.environ["INDEX_NAME"], alias)
    return search_index, alias


@pytest.mark.parametrize("acts", [LAST_IS_PUT, LAST_IS_DELETE], ids=["last-put", "last-delete"])
def test_writes_of_every_state_in_every_order_leave_the_last_state(buckets, index, acts: list[str]) -> None:
    client, alias = index
    store = ProcessedStore(PROCESSED_BUCKET)
    orders = list(permutations(range(len(acts))))
    # Given one key per order, each taken through the acts, with the index stage reading it after each
    reads: dict[str, list[ObservedState]] = {}
    for number in range(len(orders)):
        raw_key = f"story-{number}.txt"
        states = []
        for act in acts:
            key = _apply(store, raw_key, act)
            states.append(read_state([key], store))
        reads[key] = states
    # When the writes of those reads reach OpenSearch in every possible order
    for states, order in zip(reads.values(), orders, strict=True):
        for position in order:
            assert write_state(states[position], client, alias, store) == set()
    # Then every key's document is its last state: v3, or no document after a final delete
    client.indices.refresh(index=alias)
    assert {_indexed_title(client, alias, key) for key in reads} == {_expected(acts)}
    # And no stale write was taken for a bad document: version conflicts are not rejections
    assert not list(store.rejections())


def test_a_delete_tombstone_outlives_the_slowest_stale_write(index) -> None:
    client, alias = index
    settings = client.indices.get_settings(index=alias)
    (index_settings,) = [entry["settings"]["index"] for entry in settings.values()]
    assert index_settings["gc_deletes"] == DELETE_TOMBSTONE_KEPT
    minutes = int(DELETE_TOMBSTONE_KEPT.removesuffix("m"))
    assert minutes * 60 > 15 * 60  # longer than Lambda's longest timeout: no invocation outlasts it


def test_racing_workers_with_late_writes_leave_the_last_state(buckets, index) -> None:
    client, alias = index
    store = ProcessedStore(PROCESSED_BUCKET)
    rng = random.Random(11)
    events: list[str] = []
    reads = 0
    lock = threading.Condition()
    finished = False

    def worker() -> None:
        # An index invocation: takes an event, reads the key's state, and writes it a random while later
        nonlocal reads
        while True:
            with lock:
                lock.wait_for(lambda: events or finished)
                if not events:
                    return
                key = events.pop(rng.randrange(len(events)))  # SQS keeps no order
            state = read_state([key], store)
            with lock:
                reads += 1
                lock.notify_all()
            time.sleep(rng.uniform(0, 0.3))
            assert write_state(state, client, alias, store) == set()

    workers = [threading.Thread(target=worker) for _ in range(8)]
    for thread in workers:
        thread.start()
    # Given 16 keys, each taken through put v1, put v2, delete, put v3 (half end with a delete),
    # every change announced twice (S3 delivers at least once) and read by racing workers before
    # the next change, each writing what it read up to 0.3 s later
    final: dict[str, str | None] = {}
    announced = 0
    for number in range(16):
        acts = LAST_IS_PUT if number % 2 else LAST_IS_DELETE
        for act in acts:
            key = _apply(store, f"race-{number}.txt", act)
            with lock:
                events.extend([key, key])
                announced += 2
                lock.notify_all()
                lock.wait_for(lambda count=announced: reads == count)
        final[key] = _expected(acts)
    with lock:
        finished = True
        lock.notify_all()
    for thread in workers:
        thread.join()
    # Then, whatever order the writes landed in, every key's document is its last state
    client.indices.refresh(index=alias)
    assert {key: _indexed_title(client, alias, key) for key in final} == final
    # And a redelivery afterwards changes nothing
    assert sync_articles(list(final), store, client, alias) == set()
    client.indices.refresh(index=alias)
    assert {key: _indexed_title(client, alias, key) for key in final} == final


def test_a_batch_read_at_once_keeps_each_state_with_its_key(buckets) -> None:
    store = ProcessedStore(PROCESSED_BUCKET)
    # Given 30 processed articles, a third of them deleted since their notification was sent
    keys = {_apply(store, f"batch-{number}.txt", f"v{number}"): number for number in range(30)}
    gone = list(keys)[::3]
    for key in gone:
        store.delete(key)
    # When the index stage reads the whole batch, its GETs running at once
    state = read_state(list(keys), store)
    # Then each document is its own key's article, and each deleted key is a delete
    titles = {state.key_of[doc_id]: doc["title"] for doc_id, doc in state.upserts.items()}
    assert titles == {key: f"Harbour council v{number}" for key, number in keys.items() if key not in gone}
    assert sorted(state.deletes) == sorted(ProcessedStore.article_id_of(key) for key in gone)
    # And every key's state, deleted or not, carries its version
    assert set(state.versions) == {ProcessedStore.article_id_of(key) for key in keys}

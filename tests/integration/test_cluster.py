"""The index and search stages against a three-node OpenSearch cluster, one JVM per node.

Three shards with a replica each, so every node holds primaries and copies of others' primaries.
A node is killed (SIGKILL: a crash, no goodbye) while the index function works through a backlog;
what it did not acknowledge comes back as batch item failures, which SQS would deliver again, and
in the end every article is searchable exactly once through the two nodes left.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import threading
import time
import uuid
from collections.abc import Iterator
from types import ModuleType

import pytest
from aws_lambda_powertools.utilities.batch.exceptions import BatchProcessingError
from opensearchpy import OpenSearch

from newsdrop.models import ArticleContent, SourceRef, source_id
from newsdrop.pipeline.parse_stage import build_article
from newsdrop.search_index.client import hosts_of
from newsdrop.storage import ProcessedStore
from newsdrop_local.opensearch_node import OpenSearchCluster, OpenSearchNode
from tests.conftest import PROCESSED_BUCKET, RAW_BUCKET
from tests.helpers import REPO, context, http_get, load_function, s3_event_batch

pytestmark = pytest.mark.opensearch

NODES, SHARDS, REPLICAS = 3, 3, 1
ARTICLES = 120
BATCH = 10  # messages per invocation, as the index queue's event source hands them out
KILL_AFTER_BATCHES = 3
# Bodies of words drawn at random from these: no two articles alike enough to be copies of one story.
VOCABULARY = ["harbour", "council", "ferry", "budget", "storm", "fleet", "mayor", "bridge", "tunnel", "school", "river"]


@pytest.fixture(scope="module")
def cluster() -> Iterator[OpenSearchCluster]:
    """Three nodes of this module's own (every node data and cluster-manager eligible), started once."""
    name = f"test-cluster-{os.getpid()}"
    try:
        with OpenSearchCluster(NODES, name=name) as started:
            yield started
    finally:
        shutil.rmtree(REPO / ".local" / "opensearch" / name, ignore_errors=True)


def _store_articles(count: int) -> dict[str, tuple[str, str]]:
    """`count` distinct articles in the processed bucket: processed key -> (article id, its code phrase)."""
    words = random.Random(9)
    stored = {}
    for number in range(count):
        code = f"dispatch n{number:04d}"  # a quoted phrase finds exactly this article (no typo tolerance)
        body = [" ".join(words.choices(VOCABULARY, k=40)) + f" ({code})." for _ in range(2)]
        title = " ".join(words.sample(VOCABULARY, 5)).capitalize()
        content = ArticleContent(title=title, body=body, format="text")
        origin = SourceRef(bucket=RAW_BUCKET, key=f"cluster/{number}.txt", etag="e", size=len(body[0]))
        article = build_article(content, origin, 0, 1.0)
        key = ProcessedStore(PROCESSED_BUCKET).put_article(source_id(RAW_BUCKET, origin.key), article)
        stored[key] = (article.id, code)
    return stored


def _victim(client: OpenSearch, cluster: OpenSearchCluster, index: str) -> OpenSearchNode:
    """The node holding a primary of `index`: the elected cluster manager if it holds one."""
    primaries = {s["node"] for s in client.cat.shards(index=index, format="json") if s["prirep"] == "p"}
    manager = client.cat.cluster_manager(format="json")[0]["node"]
    return cluster.node(manager if manager in primaries else sorted(primaries)[0])


def _kill_during_a_bulk(victim: OpenSearchNode, client: OpenSearch, killed: list[str], patience_s: float = 30) -> None:
    """Kill `victim` the moment the cluster is executing a bulk request (or after `patience_s`); say which."""
    deadline = time.monotonic() + patience_s
    while time.monotonic() < deadline:
        running = client.tasks.list(actions="indices:data/write/bulk*")["nodes"]
        if any(node["tasks"] for node in running.values()):
            killed.append("during a bulk request")
            break
        time.sleep(0.005)
    else:
        killed.append("between bulk requests")
    victim.kill()


def _search(search_function: ModuleType, **query: str) -> dict:
    response = search_function.lambda_handler(http_get("/search", query), context("SearchApiFunction"))
    assert response["statusCode"] == 200, response["body"]
    return json.loads(response["body"])


def test_a_node_killed_while_ingesting_loses_no_article(cluster: OpenSearchCluster, buckets, monkeypatch) -> None:
    # Given a backlog of articles in the processed bucket, and the functions pointed at all three nodes
    alias = f"articles-{uuid.uuid4().hex[:8]}"
    for name, value in {
        "OPENSEARCH_URL": cluster.url,
        "INDEX_ALIAS": alias,
        "INDEX_NAME": f"{alias}-v1",
        "INDEX_SHARDS": str(SHARDS),
        "INDEX_REPLICAS": str(REPLICAS),
    }.items():
        monkeypatch.setenv(name, value)
    stored = _store_articles(ARTICLES)
    client = OpenSearch(hosts=hosts_of(cluster.url), max_retries=2)
    index_function = load_function("index")

    # When the index function takes the backlog in batches, failed messages coming again as SQS
    # redelivers them, and a node holding a primary is killed while a batch is being indexed
    pending = [list(stored)[start : start + BATCH] for start in range(0, ARTICLES, BATCH)]
    invocations, retried, killer, victim, killed = 0, 0, None, None, []
    while pending and invocations < 4 * ARTICLES // BATCH:
        keys = pending.pop(0)
        event = s3_event_batch("index_object_created", [(PROCESSED_BUCKET, key, "ObjectCreated:Put") for key in keys])
        try:
            answer = index_function.lambda_handler(event, context("IndexFunction"))
            failed_ids = {failure["itemIdentifier"] for failure in answer["batchItemFailures"]}
        except BatchProcessingError:  # every record failed: Lambda then returns the whole batch to the queue
            failed_ids = {record["messageId"] for record in event["Records"]}
        invocations += 1
        if failed := [
            key for key, record in zip(keys, event["Records"], strict=True) if record["messageId"] in failed_ids
        ]:
            pending.append(failed)
            retried += len(failed)
        if invocations == KILL_AFTER_BATCHES:
            settings = client.indices.get_settings(index=f"{alias}-v1")[f"{alias}-v1"]["settings"]["index"]
            assert (settings["number_of_shards"], settings["number_of_replicas"]) == (str(SHARDS), str(REPLICAS))
            client.cluster.health(index=alias, wait_for_status="green", params={"timeout": "60s"}, request_timeout=70)
            victim = _victim(client, cluster, f"{alias}-v1")
            killer = threading.Thread(target=_kill_during_a_bulk, args=(victim, client, killed))
            killer.start()
    assert killer is not None
    assert victim is not None
    killer.join()
    assert not pending, f"{sum(map(len, pending))} articles still not indexed after {invocations} invocations"
    assert invocations > KILL_AFTER_BATCHES + 1, "the node was killed after the ingest, not during it"

    # Then the two nodes left hold every article (the lost primaries' replicas took over) ...
    health = client.cluster.health(
        index=alias, wait_for_nodes=str(NODES - 1), params={"timeout": "60s"}, request_timeout=70
    )
    assert health["number_of_nodes"] == NODES - 1
    assert health["status"] in {"yellow", "green"}, health
    client.indices.refresh(index=alias)
    assert client.count(index=alias)["count"] == ARTICLES
    # ... and the search API, still given the dead node's URL too, finds each article exactly once
    search_function = load_function("search_api")
    assert _search(search_function, q="dispatch", collapse="false")["total"] == ARTICLES
    for article_id, code in stored.values():
        body = _search(search_function, q=f'"{code}"', collapse="false", mode="keyword")
        assert [hit["id"] for hit in body["hits"]] == [article_id], code
    print(f"\n{victim.node_name} killed {killed[0]}; {invocations} invocations, {retried} messages redelivered")

"""Fixtures every suite shares: one real OpenSearch node per run, moto, clean settings."""

from __future__ import annotations

import os
import shutil

# Powertools reads these when newsdrop.observability is first imported, before any fixture runs.
os.environ.setdefault("POWERTOOLS_METRICS_NAMESPACE", "newsdrop")
os.environ.setdefault("POWERTOOLS_TRACE_DISABLED", "true")
# As template.yaml's Globals: one BLAS thread, read when numpy is first imported.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
import uuid
from collections.abc import Iterator

import boto3
import pytest
from moto import mock_aws
from opensearchpy import OpenSearch

from newsdrop.search_index.client import get_client
from newsdrop.settings import clear_caches
from newsdrop.storage import queue_of, s3_client, sqs_client
from newsdrop_local.ports import free_port
from tests.helpers import REPO

RAW_BUCKET = "newsdrop-raw-123456789012-us-east-1"
PROCESSED_BUCKET = "newsdrop-processed-123456789012-us-east-1"
CURSOR_SECRET = "test-cursor-secret-of-this-run-only"


@pytest.fixture(scope="session")
def opensearch_url() -> Iterator[str]:
    """OPENSEARCH_URL when set, else one embedded node for the whole run.

    NEWSDROP_OPENSEARCH_NODES=3 makes it a cluster of three instead; tests reach it through its
    first node (INDEX_SHARDS and INDEX_REPLICAS, when set, lay out the indices the stages create).
    """
    if url := os.environ.get("OPENSEARCH_URL"):
        yield url
        return
    from newsdrop_local.opensearch_node import opensearch

    # A port and data folder of this run's own, so runs side by side (and `make up`) never collide.
    name = f"test-{os.getpid()}"
    nodes = int(os.environ.get("NEWSDROP_OPENSEARCH_NODES") or 1)
    try:
        with opensearch(port=free_port(), name=name, fresh=True, nodes=nodes) as url:
            yield url.split(",")[0]
    finally:
        shutil.rmtree(REPO / ".local" / "opensearch" / name, ignore_errors=True)


@pytest.fixture(autouse=True)
def clean_settings(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Each test sees its own environment: the cached settings and clients are rebuilt."""
    for name, value in {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "us-east-1",
        "RAW_BUCKET": RAW_BUCKET,
        "PROCESSED_BUCKET": PROCESSED_BUCKET,
        "CURSOR_SECRET": CURSOR_SECRET,
        "POWERTOOLS_SERVICE_NAME": "newsdrop-test",
    }.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("AWS_ENDPOINT_URL", raising=False)
    # queue_of remembers a queue's visibility per cold start: another test's queue of the same name differs.
    caches = (clear_caches, get_client.cache_clear, s3_client.cache_clear, sqs_client.cache_clear, queue_of.cache_clear)
    for clear in caches:
        clear()
    yield
    for clear in caches:
        clear()


@pytest.fixture
def buckets() -> Iterator[object]:
    """The raw and processed buckets, in moto, in this process."""
    with mock_aws():
        s3 = boto3.client("s3", region_name="us-east-1")
        for bucket in (RAW_BUCKET, PROCESSED_BUCKET):
            s3.create_bucket(Bucket=bucket)
            s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
        yield s3


@pytest.fixture
def search_index(opensearch_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[OpenSearch]:
    """A fresh index and alias of this test's own on the shared node; removed afterwards."""
    alias = f"articles-{uuid.uuid4().hex[:8]}"
    monkeypatch.setenv("OPENSEARCH_URL", opensearch_url)
    monkeypatch.setenv("INDEX_ALIAS", alias)
    monkeypatch.setenv("INDEX_NAME", f"{alias}-v1")
    client = OpenSearch(hosts=[opensearch_url])
    yield client
    client.indices.delete(index=f"{alias}-v1", ignore_unavailable=True)

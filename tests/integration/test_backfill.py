"""Backfill: files that were in the raw bucket before anything listened, sent through the parse stage."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import boto3
import pytest

from newsdrop.models import source_id
from newsdrop.pipeline.backfill import backfill
from newsdrop.settings import clear_caches
from newsdrop.storage import ProcessedStore
from tests.conftest import PROCESSED_BUCKET, RAW_BUCKET
from tests.helpers import context, drain_parse_queue, load_event, load_function

STORY = json.dumps(
    {
        "title": "Council approves harbour ferry timetable",
        "body": "The city council approved a new harbour ferry timetable on Monday, Mayor Anna Berg said.",
    }
)


@pytest.fixture
def queue(buckets) -> str:
    return boto3.client("sqs", region_name="us-east-1").create_queue(QueueName="newsdrop-parse")["QueueUrl"]


def _article_versions(key: str) -> dict[str, str]:
    """Each article's processed key -> its S3 version: a rewrite would show as a new version."""
    s3 = boto3.client("s3", region_name="us-east-1")
    keys = ProcessedStore(PROCESSED_BUCKET).article_keys(source_id(RAW_BUCKET, key))
    return {k: s3.head_object(Bucket=PROCESSED_BUCKET, Key=k)["VersionId"] for k in keys}


def test_old_files_are_parsed_once_and_a_second_run_adds_nothing(buckets, queue) -> None:
    # Given files that were in the raw bucket before any notification was set up
    for key in ("old/a b.json", "old/c.json", "other/d.json"):
        buckets.put_object(Bucket=RAW_BUCKET, Key=key, Body=STORY.encode())
    checkpoints: list[tuple[str, int]] = []
    # When those under old/ are backfilled
    sent = backfill(RAW_BUCKET, queue, prefix="old/", on_sent=lambda key, count: checkpoints.append((key, count)))
    drain_parse_queue(queue)
    # Then both became articles (a key with a space included), the other prefix did not
    assert sent == 2
    assert checkpoints == [("old/c.json", 2)]
    before = {key: _article_versions(key) for key in ("old/a b.json", "old/c.json")}
    assert all(len(versions) == 1 for versions in before.values())
    assert _article_versions("other/d.json") == {}
    # When it runs again from its checkpoint, nothing is sent
    assert backfill(RAW_BUCKET, queue, prefix="old/", after=checkpoints[-1][0]) == 0
    # And when it runs again from the start, the parse stage finds everything unchanged: nothing is rewritten
    assert backfill(RAW_BUCKET, queue, prefix="old/") == 2
    drain_parse_queue(queue)
    assert {key: _article_versions(key) for key in before} == before


def test_since_skips_objects_older_than_the_date(buckets, queue) -> None:
    buckets.put_object(Bucket=RAW_BUCKET, Key="old/e.json", Body=STORY.encode())
    tomorrow = datetime.now(UTC) + timedelta(days=1)
    assert backfill(RAW_BUCKET, queue, since=tomorrow) == 0
    assert backfill(RAW_BUCKET, queue, since=tomorrow - timedelta(days=2)) == 1


def test_s3_batch_operations_tasks_reach_the_parse_queue_and_a_vanished_key_is_no_failure(
    buckets, queue, monkeypatch
) -> None:
    # Given a file that was in the raw bucket before any notification, and a manifest that also
    # lists a key deleted since the listing
    buckets.put_object(Bucket=RAW_BUCKET, Key="old/harbour ferry.json", Body=STORY.encode())
    monkeypatch.setenv("PARSE_QUEUE_URL", queue)
    clear_caches()
    handler = load_function("backfill").lambda_handler
    # When S3 Batch Operations invokes the backfill function for each (one task per invocation)
    results = {}
    for key in ("old/harbour ferry.json", "old/gone.json"):
        event = load_event("backfill_batch_operation")
        event["tasks"][0].update(taskId=key, s3Key=key, s3Bucket=RAW_BUCKET)
        answer = handler(event, context("BackfillFunction"))
        assert answer["invocationId"] == event["invocationId"]
        (results[key],) = answer["results"]
    drain_parse_queue(queue)
    # Then both tasks succeeded, saying what happened, and the present file became an article
    assert results["old/harbour ferry.json"] == {
        "taskId": "old/harbour ferry.json",
        "resultCode": "Succeeded",
        "resultString": "queued",
    }
    assert results["old/gone.json"]["resultCode"] == "Succeeded"
    assert results["old/gone.json"]["resultString"].startswith("gone")
    assert len(_article_versions("old/harbour ferry.json")) == 1


def test_a_batch_operations_task_that_sqs_refuses_is_a_temporary_failure(buckets, monkeypatch) -> None:
    # Given a parse queue that does not exist
    buckets.put_object(Bucket=RAW_BUCKET, Key="old/c.json", Body=STORY.encode())
    monkeypatch.setenv("PARSE_QUEUE_URL", "https://sqs.us-east-1.amazonaws.com/123456789012/no-such-queue")
    clear_caches()
    event = load_event("backfill_batch_operation")
    event["tasks"][0].update(s3Key="old/c.json", s3Bucket=RAW_BUCKET)
    # When the function runs the task
    (result,) = load_function("backfill").lambda_handler(event, context("BackfillFunction"))["results"]
    # Then Batch Operations is told to retry it, with the reason
    assert result["resultCode"] == "TemporaryFailure"
    assert "queue" in result["resultString"].lower()

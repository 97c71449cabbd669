"""A file whose parse outlasts the queue's visibility timeout is not handed to a second consumer meanwhile."""

from __future__ import annotations

import threading
import time

import boto3
import pytest

from newsdrop.models import source_id
from newsdrop_local.pump import sqs_event
from tests.conftest import PROCESSED_BUCKET, RAW_BUCKET
from tests.helpers import context, load_function, s3_event_batch

VISIBILITY_S = 3  # long enough that a busy machine still hides the message before it comes back
PARSE_TIMEOUT_S = 9  # the slow file takes this long: three visibility timeouts


def test_a_slow_file_stays_hidden_from_other_consumers_until_parsed(buckets, monkeypatch: pytest.MonkeyPatch) -> None:
    # Given a queue whose messages come back after 3 s, and a file that takes 9 s to parse
    # (20 MB on one line, far longer to parse than that: the per-file time limit stops it, and it
    # becomes a rejection)
    monkeypatch.setenv("PARSE_TIMEOUT_S", str(PARSE_TIMEOUT_S))
    sqs = boto3.client("sqs", region_name="us-east-1")
    queue_url = sqs.create_queue(QueueName="newsdrop-parse", Attributes={"VisibilityTimeout": str(VISIBILITY_S)})[
        "QueueUrl"
    ]
    queue_arn = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    buckets.put_object(Bucket=RAW_BUCKET, Key="slow.txt", Body=b"word " * (4 * 1024 * 1024))
    notification = s3_event_batch("parse_object_created", [(RAW_BUCKET, "slow.txt", "ObjectCreated:Put")])
    sqs.send_message(QueueUrl=queue_url, MessageBody=notification["Records"][0]["body"])
    handler = load_function("parse")
    (message,) = sqs.receive_message(QueueUrl=queue_url, MaxNumberOfMessages=1)["Messages"]

    # When one consumer parses it (on the main thread, as Lambda runs handlers) while another polls
    seen_by_other: list[dict] = []
    parsing = threading.Event()
    parsing.set()

    def other_consumer() -> None:
        while parsing.is_set():
            seen_by_other.extend(sqs.receive_message(QueueUrl=queue_url, MaxNumberOfMessages=1).get("Messages", []))
            time.sleep(0.25)

    poller = threading.Thread(target=other_consumer)
    poller.start()
    started = time.monotonic()
    answer = handler.lambda_handler(sqs_event([message], queue_arn, "us-east-1"), context())
    took_s = time.monotonic() - started
    parsing.clear()
    poller.join()

    # Then the parse outlasted the visibility timeout, yet no other consumer got the message
    assert took_s > 2 * VISIBILITY_S
    assert seen_by_other == []
    # And the file ended as one rejection
    assert answer == {"batchItemFailures": []}
    rejection = buckets.get_object(Bucket=PROCESSED_BUCKET, Key=f"rejected/{source_id(RAW_BUCKET, 'slow.txt')}.json")
    assert b"took longer than the limit" in rejection["Body"].read()
    # And a message not deleted after the invocation comes back after the queue's own timeout
    time.sleep(VISIBILITY_S + 0.5)
    assert len(sqs.receive_message(QueueUrl=queue_url, MaxNumberOfMessages=1).get("Messages", [])) == 1

"""The local stack's moto server: queue attributes computed one at a time, receives and deletes that
stop early, all with moto's own results."""

from __future__ import annotations

import json

import boto3
import pytest
from botocore.exceptions import ClientError
from moto import mock_aws
from moto.core import DEFAULT_ACCOUNT_ID
from moto.sqs.models import Queue, sqs_backends

from newsdrop_local.moto_server import QUEUE_PATCHES, QueueAttributes


def test_queue_attributes_read_one_at_a_time_equal_motos_own() -> None:
    motos_own = Queue.attributes.fget  # this process never patches Queue
    with mock_aws():
        sqs = boto3.client("sqs", region_name="us-east-1")
        dead = sqs.create_queue(QueueName="dead")["QueueUrl"]
        dead_arn = sqs.get_queue_attributes(QueueUrl=dead, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        redrive = json.dumps({"deadLetterTargetArn": dead_arn, "maxReceiveCount": 5})
        plain = sqs.create_queue(QueueName="plain", Attributes={"RedrivePolicy": redrive})["QueueUrl"]
        fifo = sqs.create_queue(
            QueueName="ordered.fifo", Attributes={"FifoQueue": "true", "ContentBasedDeduplication": "true"}
        )["QueueUrl"]
        # Given queues with messages waiting, in flight (2) and delayed (1)
        for number in range(6):
            sqs.send_message(QueueUrl=plain, MessageBody=f"m{number}", DelaySeconds=60 if number == 5 else 0)
            sqs.send_message(QueueUrl=fifo, MessageBody=f"m{number}", MessageGroupId="g")
        sqs.receive_message(QueueUrl=plain, MaxNumberOfMessages=2)
        queues = sqs_backends[DEFAULT_ACCOUNT_ID]["us-east-1"].queues.values()
        # Then every attribute, read one at a time, is what moto computes all at once
        for queue in queues:
            assert dict(QueueAttributes(queue)) == motos_own(queue)
        plain_queue = next(queue for queue in queues if queue.name == "plain")
        counts = {
            name: QueueAttributes(plain_queue)[name]
            for name in (
                "ApproximateNumberOfMessages",
                "ApproximateNumberOfMessagesNotVisible",
                "ApproximateNumberOfMessagesDelayed",
            )
        }
        assert counts == {
            "ApproximateNumberOfMessages": 3,
            "ApproximateNumberOfMessagesNotVisible": 2,
            "ApproximateNumberOfMessagesDelayed": 1,
        }


def _receive_and_delete_story() -> list[object]:
    """What a client sees of a queue: receives, deletes (one twice, one never issued) and counts."""
    seen: list[object] = []
    with mock_aws():
        sqs = boto3.client("sqs", region_name="us-east-1")
        queue = sqs.create_queue(QueueName="work")["QueueUrl"]
        for number in range(30):
            sqs.send_message(QueueUrl=queue, MessageBody=f"m{number}", DelaySeconds=60 if number == 3 else 0)
        first = sqs.receive_message(QueueUrl=queue, MaxNumberOfMessages=10)["Messages"]
        second = sqs.receive_message(QueueUrl=queue, MaxNumberOfMessages=10, VisibilityTimeout=0)["Messages"]
        seen.append([message["Body"] for message in first + second])
        for message in first[::2]:
            sqs.delete_message(QueueUrl=queue, ReceiptHandle=message["ReceiptHandle"])
        sqs.delete_message(QueueUrl=queue, ReceiptHandle=first[0]["ReceiptHandle"])
        with pytest.raises(ClientError) as invalid:
            sqs.delete_message(QueueUrl=queue, ReceiptHandle="never-issued")
        seen.append(invalid.value.response["Error"]["Code"])
        attributes = sqs.get_queue_attributes(QueueUrl=queue, AttributeNames=["All"])["Attributes"]
        seen.append({name: value for name, value in attributes.items() if not name.endswith("Timestamp")})
        rest = sqs.receive_message(QueueUrl=queue, MaxNumberOfMessages=10)["Messages"]
        seen.append([message["Body"] for message in rest])
    return seen


def test_receives_and_deletes_that_stop_early_give_what_moto_gives(monkeypatch: pytest.MonkeyPatch) -> None:
    # Given what stock moto does with receives (one making its messages visible again at once),
    # deletes (one twice, one of a handle never issued) and a delayed message
    motos_own = _receive_and_delete_story()
    # When the same runs on the local stack's queues
    for name, replacement in QUEUE_PATCHES.items():
        monkeypatch.setattr(Queue, name, replacement)
    # Then a client sees the same: messages in the same order, the same error, the same counts
    local = _receive_and_delete_story()
    assert local == motos_own
    assert motos_own[0] == [f"m{number}" for number in range(21) if number != 3]
    assert motos_own[1] == "ReceiptHandleIsInvalid"
    counts = {
        name: motos_own[2][name] for name in ("ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible")
    }  # type: ignore[index]
    assert counts == {"ApproximateNumberOfMessages": "19", "ApproximateNumberOfMessagesNotVisible": "5"}

"""The local stack's moto server computes queue attributes one at a time, with moto's own values."""

from __future__ import annotations

import json

import boto3
from moto import mock_aws
from moto.core import DEFAULT_ACCOUNT_ID
from moto.sqs.models import Queue, sqs_backends

from newsdrop_local.moto_server import QueueAttributes


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

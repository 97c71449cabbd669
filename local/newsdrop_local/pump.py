"""The SQS event source mapping, locally: long-poll a queue, invoke the function, delete successes.

Same contract as Lambda: the event is a batch of SQS records; with ReportBatchItemFailures only
the messages the function does not name in `batchItemFailures` are deleted; if the invocation
fails as a whole, none are. What is not deleted comes back after the visibility timeout, and SQS
itself (moto) moves it to the dead-letter queue after `maxReceiveCount` receives.

A batch bigger than one receive (at most 10 messages) is gathered, as Lambda's pollers gather
one, from what is waiting in the queue: under load the function sees the template's `BatchSize`.
Unlike Lambda, the pump does not wait out `MaximumBatchingWindowInSeconds` for more to arrive,
which would add the window to every single upload locally.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from typing import Any

from newsdrop_local.workers import FunctionPool, FunctionWorker, InvocationError

log = logging.getLogger(__name__)

SQS_MAX_PER_CALL = 10  # messages one ReceiveMessage or DeleteMessageBatch takes at most


def sqs_event(messages: list[dict[str, Any]], queue_arn: str, region: str) -> dict[str, Any]:
    """The event Lambda hands a function for a batch received from `queue_arn`."""
    return {
        "Records": [
            {
                "messageId": message["MessageId"],
                "receiptHandle": message["ReceiptHandle"],
                "body": message["Body"],
                "attributes": message.get("Attributes", {}),
                "messageAttributes": message.get("MessageAttributes", {}),
                "md5OfBody": message.get("MD5OfBody") or hashlib.md5(message["Body"].encode()).hexdigest(),
                "eventSource": "aws:sqs",
                "eventSourceARN": queue_arn,
                "awsRegion": region,
            }
            for message in messages
        ]
    }


class QueuePump(threading.Thread):
    """One queue feeding one function, until `stop` is set."""

    def __init__(
        self,
        sqs: Any,
        queue_url: str,
        queue_arn: str,
        function: FunctionPool | FunctionWorker,
        batch_size: int,
        stop: threading.Event,
        region: str = "us-east-1",
    ) -> None:
        super().__init__(name=f"pump-{function.spec.name}", daemon=True)
        self.sqs, self.queue_url, self.queue_arn, self.region = sqs, queue_url, queue_arn, region
        self.function, self.batch_size, self.stop = function, batch_size, stop

    def run(self) -> None:
        while not self.stop.is_set():
            try:
                self.pump_once()
            except Exception:  # the pump outlives any one failure, as the event source mapping does
                log.exception("pump for %s failed; polling on", self.function.spec.name)
                self.stop.wait(1)

    def receive_batch(self, wait_s: int) -> list[dict[str, Any]]:
        """Up to `batch_size` messages: one long poll, then more receives while each comes back full."""
        messages: list[dict[str, Any]] = []
        while len(messages) < self.batch_size:
            wanted = min(self.batch_size - len(messages), SQS_MAX_PER_CALL)
            received = self.sqs.receive_message(
                QueueUrl=self.queue_url,
                MaxNumberOfMessages=wanted,
                WaitTimeSeconds=0 if messages else wait_s,
                MessageSystemAttributeNames=["All"],
                MessageAttributeNames=["All"],
            ).get("Messages", [])
            messages += received
            if len(received) < wanted:  # the queue has no more waiting
                break
        return messages

    def pump_once(self, wait_s: int = 1) -> int:
        """Receive one batch, invoke the function, delete what succeeded; return the batch size."""
        messages = self.receive_batch(wait_s)
        if not messages:
            return 0
        try:
            response = self.function.invoke(sqs_event(messages, self.queue_arn, self.region)) or {}
            failed = {item["itemIdentifier"] for item in response.get("batchItemFailures", [])}
        except InvocationError as exc:
            log.warning("%s failed on a batch of %d: %s", self.function.spec.name, len(messages), exc)
            failed = {message["MessageId"] for message in messages}
        done = [message for message in messages if message["MessageId"] not in failed]
        for first in range(0, len(done), SQS_MAX_PER_CALL):
            self.sqs.delete_message_batch(
                QueueUrl=self.queue_url,
                Entries=[
                    {"Id": str(i), "ReceiptHandle": m["ReceiptHandle"]}
                    for i, m in enumerate(done[first : first + SQS_MAX_PER_CALL])
                ],
            )
        return len(messages)

"""Where a running local stack can be reached: written by `newsdrop up`, read by the other commands."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import boto3
from pydantic import BaseModel, PrivateAttr

# NEWSDROP_STATE lets a second stack (the end-to-end tests') run beside `make up`.
STATE_FILE = Path(os.environ.get("NEWSDROP_STATE") or Path(__file__).resolve().parents[2] / ".local" / "stack.json")
VISIBLE, IN_FLIGHT = "ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"
LOCAL_CREDENTIALS = {"aws_access_key_id": "local", "aws_secret_access_key": "local", "region_name": "us-east-1"}


class StackState(BaseModel):
    aws_endpoint: str
    api_url: str
    opensearch_url: str
    index_alias: str
    raw_bucket: str
    processed_bucket: str
    queues: dict[str, str]  # name -> URL, dead-letter queues included
    dead_letter_queues: dict[str, str]  # dead-letter queue name -> the queue it serves
    # The running functions' worker pools by logical id: only in the process that runs the stack.
    _functions: dict[str, Any] = PrivateAttr(default_factory=dict)

    @property
    def functions(self) -> dict[str, Any]:
        return self._functions

    def save(self, path: Path = STATE_FILE) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(self.model_dump_json(indent=2))

    @classmethod
    def load(cls, path: Path = STATE_FILE) -> StackState:
        if not path.exists():
            sys.exit("newsdrop: no local stack is running (start it with `make up`)")
        return cls.model_validate_json(path.read_text())

    def s3(self) -> Any:
        return boto3.client("s3", endpoint_url=self.aws_endpoint, **LOCAL_CREDENTIALS)

    def sqs(self) -> Any:
        return boto3.client("sqs", endpoint_url=self.aws_endpoint, **LOCAL_CREDENTIALS)

    def queue_depths(self) -> dict[str, dict[str, int]]:
        """Messages waiting (`visible`) and being worked on (`in_flight`) in every queue."""
        return {name: self.queue_depth(name) for name in self.queues}

    def queue_depth(self, name: str) -> dict[str, int]:
        """Messages waiting (`visible`) and being worked on (`in_flight`) in one queue."""
        request = {"QueueUrl": self.queues[name], "AttributeNames": [VISIBLE, IN_FLIGHT]}
        attributes = self.sqs().get_queue_attributes(**request)["Attributes"]
        return {"visible": int(attributes[VISIBLE]), "in_flight": int(attributes[IN_FLIGHT])}

    def redrive(self, dead_letter_queue: str) -> int:
        """Move every message of a dead-letter queue back to its source queue; return how many.

        The local twin of SQS's DLQ redrive (`aws sqs start-message-move-task`) in AWS.
        """
        sqs, moved = self.sqs(), 0
        source = self.queues[self.dead_letter_queues[dead_letter_queue]]
        while messages := sqs.receive_message(
            QueueUrl=self.queues[dead_letter_queue], MaxNumberOfMessages=10, WaitTimeSeconds=0
        ).get("Messages", []):
            for message in messages:
                sqs.send_message(QueueUrl=source, MessageBody=message["Body"])
                sqs.delete_message(QueueUrl=self.queues[dead_letter_queue], ReceiptHandle=message["ReceiptHandle"])
            moved += len(messages)
        return moved

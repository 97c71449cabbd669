"""S3 notifications as they arrive in SQS message bodies."""

from __future__ import annotations

import json
from dataclasses import dataclass
from urllib.parse import unquote_plus

from aws_lambda_powertools.utilities.data_classes import S3Event


@dataclass(frozen=True)
class S3Change:
    bucket: str
    key: str
    event_name: str


def s3_changes(message_body: str) -> list[S3Change]:
    """The object changes an SQS message announces; none for S3's `s3:TestEvent`.

    Raises ValueError for a body that is not an S3 notification at all.
    """
    payload = json.loads(message_body)
    if not isinstance(payload, dict):
        raise ValueError("message body is not a JSON object")
    if payload.get("Event") == "s3:TestEvent" or "Records" not in payload:
        return []
    # S3 URL-encodes keys in notifications ("a b.txt" arrives as "a+b.txt").
    return [
        S3Change(record.s3.bucket.name, unquote_plus(record.s3.get_object.key), record.event_name)
        for record in S3Event(payload).records
    ]

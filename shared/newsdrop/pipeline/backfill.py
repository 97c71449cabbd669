"""Backfill: objects already in the raw bucket sent through the pipeline, as if just uploaded.

S3 notifies only new uploads, so a bucket that already holds files needs this once. Each object
becomes the S3 notification its upload would have sent, on the parse queue; the parse stage makes
it idempotent (an object parsed before, same ETag, is `unchanged`). Keys go in S3's listing order
and the last key sent is the checkpoint, so a stopped run resumes after it and a finished one
sends only what came since.

In AWS, for millions of objects, S3 Batch Operations lists the bucket (or reads its S3 Inventory)
and invokes the backfill function, which sends each key here with `queue_existing`.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import quote_plus

from botocore.client import BaseClient

from newsdrop import storage

BATCH = 10  # SQS's most per SendMessageBatch


@dataclass(frozen=True)
class RawObject:
    key: str
    size: int
    etag: str
    last_modified: datetime


def notification(bucket: str, item: RawObject) -> str:
    """The body S3 would have sent to the parse queue when this object was uploaded."""
    record = {
        "eventVersion": "2.1",
        "eventSource": "aws:s3",
        "eventTime": item.last_modified.isoformat(),
        "eventName": "ObjectCreated:Put",
        "s3": {
            "s3SchemaVersion": "1.0",
            "configurationId": "newsdrop-backfill",
            "bucket": {"name": bucket, "arn": f"arn:aws:s3:::{bucket}"},
            # S3 URL-encodes keys in notifications; events.s3_changes decodes them.
            "object": {"key": _quote(item.key), "size": item.size, "eTag": item.etag},
        },
    }
    return json.dumps({"Records": [record]})


def backfill(
    bucket: str,
    queue_url: str,
    *,
    prefix: str = "",
    since: datetime | None = None,
    after: str = "",
    rate_per_s: float = 50.0,
    on_sent: Callable[[str, int], None] = lambda key, sent: None,
    s3: BaseClient | None = None,
    sqs: BaseClient | None = None,
) -> int:
    """Send every object under `prefix` (modified at or after `since`, key after `after`); how many.

    At most `rate_per_s` messages a second, so a million old files do not swamp the parse queue's
    consumers; `on_sent(last key, count)` is the checkpoint and progress hook after each batch.
    `s3` and `sqs` are the function's cached clients unless given (the CLI passes the stack's).
    """
    sent = 0
    started = time.monotonic()
    batch: list[RawObject] = []
    for item in objects(bucket, prefix, since, after, s3):
        batch.append(item)
        if len(batch) == BATCH:
            sent = _send(bucket, queue_url, batch, sent, on_sent, sqs)
            batch = []
            _wait_for_rate(started, sent, rate_per_s)
    if batch:
        sent = _send(bucket, queue_url, batch, sent, on_sent, sqs)
    return sent


def queue_existing(
    bucket: str, keys: list[str], queue_url: str, s3: BaseClient | None = None, sqs: BaseClient | None = None
) -> dict[str, str]:
    """Send each key that still exists to the parse queue as its upload's notification; per key,
    what happened ("queued", or "gone" for a key deleted since it was listed: nothing to parse).

    For a backfill driven from outside (S3 Batch Operations over an inventory or a listing):
    S3 and SQS errors propagate, so the caller retries the keys.
    """
    outcome: dict[str, str] = {}
    found: list[RawObject] = []
    for key in keys:
        info = storage.head_object(bucket, key, s3)
        if info is None or info.last_modified is None:
            outcome[key] = "gone: deleted since it was listed, nothing to parse"
            continue
        found.append(RawObject(key, info.size, info.etag, info.last_modified))
        outcome[key] = "queued"
    for start in range(0, len(found), BATCH):
        storage.send_messages(queue_url, [notification(bucket, item) for item in found[start : start + BATCH]], sqs)
    return outcome


def objects(
    bucket: str, prefix: str = "", since: datetime | None = None, after: str = "", s3: BaseClient | None = None
) -> Iterator[RawObject]:
    """The bucket's objects in key order, filtered by prefix, modification time and a key to start after."""
    for entry in storage.list_objects(bucket, prefix, after, s3):
        if since is None or entry["LastModified"] >= since:
            yield RawObject(entry["Key"], entry["Size"], entry["ETag"].strip('"'), entry["LastModified"])


def _send(
    bucket: str,
    queue_url: str,
    batch: list[RawObject],
    sent: int,
    on_sent: Callable[[str, int], None],
    sqs: BaseClient | None,
) -> int:
    storage.send_messages(queue_url, [notification(bucket, item) for item in batch], sqs)
    sent += len(batch)
    on_sent(batch[-1].key, sent)
    return sent


def _wait_for_rate(started: float, sent: int, rate_per_s: float) -> None:
    ahead = sent / rate_per_s - (time.monotonic() - started)
    if ahead > 0:
        time.sleep(ahead)


def _quote(key: str) -> str:
    return quote_plus(key, safe="/")

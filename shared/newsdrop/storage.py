"""S3 access and the processed bucket's layout: the only module that touches boto3.

Processed bucket:
    articles/<source id>/<article id>.json   one Article each (indexing is notified of these)
    rejected/<id>.json                       one Rejection: a raw file (source id) that gave no
                                             article, or an article (article id) the index refused
    feeds/<source id>.json                   a multi-article file's plan: its work items and elements
    feeds/<source id>/<plan>/<item>-<n>-<a>.json  one finished work item: n elements gave a articles
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any, BinaryIO

import boto3
from botocore.client import BaseClient
from botocore.exceptions import ClientError

from newsdrop.models import Article, Rejection

ARTICLES_PREFIX = "articles/"
REJECTED_PREFIX = "rejected/"
FEEDS_PREFIX = "feeds/"
# GETs at once when a batch reads its articles; under botocore's 10 pooled connections per client.
PARALLEL_READS = 8
DELETE_OBJECTS_MAX = 1000  # keys one DeleteObjects request takes


@lru_cache(maxsize=1)
def s3_client() -> BaseClient:
    """One client per cold start; AWS_ENDPOINT_URL points it at moto locally."""
    return boto3.client("s3")


@dataclass(frozen=True)
class ObjectInfo:
    key: str
    size: int
    etag: str
    version_id: str | None
    last_modified: datetime | None = None

    @classmethod
    def of(cls, key: str, response: dict[str, Any]) -> ObjectInfo:
        """From a HeadObject or GetObject response; a ranged GET gives the whole size in Content-Range."""
        content_range = response.get("ContentRange")  # "bytes 0-1023/52000"
        size = int(content_range.rsplit("/", 1)[1]) if content_range else response["ContentLength"]
        etag = response["ETag"].strip('"')
        return cls(key, size, etag, response.get("VersionId"), response.get("LastModified"))


def head_object(bucket: str, key: str, s3: BaseClient | None = None) -> ObjectInfo | None:
    """The object's current metadata, or None when it no longer exists."""
    try:
        head = (s3 or s3_client()).head_object(Bucket=bucket, Key=key)
    except ClientError as exc:
        if exc.response["Error"]["Code"] in {"404", "NoSuchKey", "NotFound"}:
            return None
        raise
    return ObjectInfo.of(key, head)


def read_start(bucket: str, key: str, length: int, s3: BaseClient | None = None) -> tuple[ObjectInfo, bytes] | None:
    """The object's metadata and its first `length` bytes (all of a smaller object) in one request;
    None when it no longer exists."""
    client = s3 or s3_client()
    try:
        response = client.get_object(Bucket=bucket, Key=key, Range=f"bytes=0-{length - 1}")
    except ClientError as exc:
        code = exc.response["Error"]["Code"]
        if code in {"404", "NoSuchKey"}:
            return None
        if code not in {"416", "InvalidRange"}:
            raise
        info = head_object(bucket, key, client)  # an empty object has no byte 0 to ask for
        return None if info is None else (info, b"")
    with closing(response["Body"]) as body:
        head = body.read(length)  # `length` at most, should a server ignore the range
    return ObjectInfo.of(key, response), head


def open_object(bucket: str, key: str, version_id: str | None = None, s3: BaseClient | None = None) -> BinaryIO | None:
    """The object's body as a stream (a given version when known), or None when it no longer exists."""
    extra: dict[str, Any] = {"VersionId": version_id} if version_id else {}
    try:
        return (s3 or s3_client()).get_object(Bucket=bucket, Key=key, **extra)["Body"]
    except ClientError as exc:
        if exc.response["Error"]["Code"] in {"404", "NoSuchKey", "NoSuchVersion"}:
            return None
        raise


def read_range(
    bucket: str, key: str, start: int, end: int, etag: str | None, s3: BaseClient | None = None
) -> bytes | None:
    """Bytes [start, end) of the object, or None when it is gone or no longer has this etag."""
    extra: dict[str, Any] = {"IfMatch": f'"{etag}"'} if etag else {}
    try:
        body = (s3 or s3_client()).get_object(Bucket=bucket, Key=key, Range=f"bytes={start}-{end - 1}", **extra)["Body"]
    except ClientError as exc:
        if exc.response["Error"]["Code"] in {"404", "NoSuchKey", "412", "PreconditionFailed"}:
            return None
        raise
    return body.read()


def send_messages(queue_url: str, bodies: list[str], sqs: BaseClient | None = None, parallel: int = 1) -> None:
    """Send the bodies to the queue, ten to a request (`parallel` requests at once); raises when SQS refuses any."""
    client = sqs or sqs_client()

    def send(first: int) -> None:
        entries = [{"Id": str(n), "MessageBody": body} for n, body in enumerate(bodies[first : first + 10])]
        failed = client.send_message_batch(QueueUrl=queue_url, Entries=entries).get("Failed", [])
        if failed:
            raise RuntimeError(f"SQS refused {len(failed)} messages: {failed[0].get('Message')}")

    firsts = range(0, len(bodies), 10)
    if parallel <= 1:
        for first in firsts:
            send(first)
        return
    with ThreadPoolExecutor(parallel) as pool:
        list(pool.map(send, firsts))  # list(): the first refusal raises here


@lru_cache(maxsize=1)
def sqs_client() -> BaseClient:
    return boto3.client("sqs")


@lru_cache(maxsize=8)
def queue_of(queue_arn: str) -> tuple[str, int]:
    """The URL and visibility timeout (seconds) of the queue `queue_arn` names, asked once per cold start."""
    *_, account, name = queue_arn.split(":")
    url = sqs_client().get_queue_url(QueueName=name, QueueOwnerAWSAccountId=account)["QueueUrl"]
    attributes = sqs_client().get_queue_attributes(QueueUrl=url, AttributeNames=["VisibilityTimeout"])
    return url, int(attributes["Attributes"]["VisibilityTimeout"])


def extend_visibility(queue_url: str, receipt_handles: list[str], seconds: int) -> None:
    """Keep the received messages hidden for `seconds` more, ten to a request."""
    for first in range(0, len(receipt_handles), 10):
        entries = [
            {"Id": str(n), "ReceiptHandle": handle, "VisibilityTimeout": seconds}
            for n, handle in enumerate(receipt_handles[first : first + 10])
        ]
        sqs_client().change_message_visibility_batch(QueueUrl=queue_url, Entries=entries)


def read_object(bucket: str, key: str, version_id: str | None = None, s3: BaseClient | None = None) -> bytes | None:
    """The object's bytes, or None when it no longer exists."""
    body = open_object(bucket, key, version_id, s3)
    return None if body is None else body.read()


def list_keys(bucket: str, prefix: str = "", s3: BaseClient | None = None) -> Iterator[str]:
    paginator = (s3 or s3_client()).get_paginator("list_objects_v2")
    for page in paginator.paginate(Bucket=bucket, Prefix=prefix):
        for item in page.get("Contents", []):
            yield item["Key"]


def list_objects(bucket: str, prefix: str = "", after: str = "", s3: BaseClient | None = None) -> Iterator[dict]:
    """The objects' listing entries (Key, Size, ETag, LastModified) in key order, after the key `after`."""
    paginator = (s3 or s3_client()).get_paginator("list_objects_v2")
    extra: dict[str, Any] = {"StartAfter": after} if after else {}
    for page in paginator.paginate(Bucket=bucket, Prefix=prefix, **extra):
        yield from page.get("Contents", [])


def list_keys_since(bucket: str, prefix: str, since: datetime, s3: BaseClient | None = None) -> Iterator[str]:
    """Keys under `prefix` last written at or after `since`."""
    paginator = (s3 or s3_client()).get_paginator("list_objects_v2")
    for page in paginator.paginate(Bucket=bucket, Prefix=prefix):
        for item in page.get("Contents", []):
            if item["LastModified"] >= since:
                yield item["Key"]


def put_json(bucket: str, key: str, body: str, s3: BaseClient | None = None) -> None:
    (s3 or s3_client()).put_object(Bucket=bucket, Key=key, Body=body.encode(), ContentType="application/json")


def delete_object(bucket: str, key: str, s3: BaseClient | None = None) -> None:
    (s3 or s3_client()).delete_object(Bucket=bucket, Key=key)


def delete_objects(bucket: str, keys: Iterable[str], s3: BaseClient | None = None) -> None:
    """Delete the keys (absent ones are no error), a thousand to a request; raises when S3 refuses any.

    S3 notifies each deleted object as DeleteObject does."""
    keys = list(keys)
    for first in range(0, len(keys), DELETE_OBJECTS_MAX):
        chunk = [{"Key": key} for key in keys[first : first + DELETE_OBJECTS_MAX]]
        response = (s3 or s3_client()).delete_objects(Bucket=bucket, Delete={"Objects": chunk, "Quiet": True})
        if errors := response.get("Errors"):
            first_error = errors[0]
            raise RuntimeError(
                f"S3 refused to delete {len(errors)} objects, {first_error.get('Key')} first: "
                f"{first_error.get('Code')} {first_error.get('Message')}"
            )


class ProcessedStore:
    """Articles and rejections in the processed bucket, keyed by the raw object's source id.

    `s3` is the function's cached client unless given (the local CLI passes one for moto's server).
    """

    def __init__(self, bucket: str, s3: BaseClient | None = None) -> None:
        self.bucket = bucket
        self.s3 = s3

    @staticmethod
    def article_key(source: str, article_id: str) -> str:
        return f"{ARTICLES_PREFIX}{source}/{article_id}.json"

    @staticmethod
    def rejection_key(rejected_id: str) -> str:
        return f"{REJECTED_PREFIX}{rejected_id}.json"

    @staticmethod
    def article_id_of(key: str) -> str | None:
        """The article id an `articles/` key stands for, or None for any other key."""
        if not key.startswith(ARTICLES_PREFIX) or not key.endswith(".json"):
            return None
        return key.rsplit("/", 1)[-1].removesuffix(".json")

    def article_keys(self, source: str) -> set[str]:
        return set(list_keys(self.bucket, f"{ARTICLES_PREFIX}{source}/", self.s3))

    def all_article_keys(self) -> Iterator[str]:
        return list_keys(self.bucket, ARTICLES_PREFIX, self.s3)

    def article_keys_since(self, since: datetime) -> Iterator[str]:
        return list_keys_since(self.bucket, ARTICLES_PREFIX, since, self.s3)

    def put_article(self, source: str, article: Article) -> str:
        key = self.article_key(source, article.id)
        put_json(self.bucket, key, article.model_dump_json(), self.s3)
        return key

    def put_rejection(self, rejection: Rejection) -> None:
        put_json(self.bucket, self.rejection_key(rejection.id), rejection.model_dump_json(), self.s3)

    def rejection_ids(self, prefix: str) -> set[str]:
        """Ids of the rejections whose id starts with `prefix` (a file's articles: `<source id>-`)."""
        keys = list_keys(self.bucket, f"{REJECTED_PREFIX}{prefix}", self.s3)
        return {key.removeprefix(REJECTED_PREFIX).removesuffix(".json") for key in keys}

    def clear_rejections(self, ids: set[str]) -> None:
        self.delete_all(map(self.rejection_key, ids))

    def read_article(self, key: str) -> Article | None:
        data = read_object(self.bucket, key, s3=self.s3)
        return None if data is None else Article.model_validate_json(data)

    def read_articles(self, keys: list[str], parallel: int = PARALLEL_READS) -> list[Article | None]:
        """`read_article` of each key, in order, `parallel` GETs at once: a batch waits for S3 about
        once instead of once per article."""
        if parallel <= 1 or len(keys) <= 1:
            return [self.read_article(key) for key in keys]
        with ThreadPoolExecutor(min(parallel, len(keys))) as pool:
            return list(pool.map(self.read_article, keys))

    def rejections(self) -> Iterator[Rejection]:
        for key in list_keys(self.bucket, REJECTED_PREFIX, self.s3):
            data = read_object(self.bucket, key, s3=self.s3)
            if data is not None:
                yield Rejection.model_validate_json(data)

    def delete(self, key: str) -> None:
        delete_object(self.bucket, key, self.s3)

    def delete_all(self, keys: Iterable[str]) -> None:
        """Delete the keys in as few requests as S3 allows (articles: indexing hears of each)."""
        delete_objects(self.bucket, keys, self.s3)

    @staticmethod
    def feed_key(source: str) -> str:
        return f"{FEEDS_PREFIX}{source}.json"

    def read_json(self, key: str) -> bytes | None:
        return read_object(self.bucket, key, s3=self.s3)

    def put_raw_json(self, key: str, body: str) -> None:
        put_json(self.bucket, key, body, self.s3)

    def feed_keys(self) -> Iterator[str]:
        """The plan of every multi-article file (not their progress markers)."""
        return (key for key in list_keys(self.bucket, FEEDS_PREFIX, self.s3) if key.count("/") == 1)

    def feed_progress(self, source: str, plan: str) -> list[str]:
        """Names of the plan's progress markers, one per finished work item."""
        prefix = f"{FEEDS_PREFIX}{source}/{plan}/"
        return [key.removeprefix(prefix).removesuffix(".json") for key in list_keys(self.bucket, prefix, self.s3)]

    def mark_item_done(self, source: str, plan: str, name: str) -> None:
        put_json(self.bucket, f"{FEEDS_PREFIX}{source}/{plan}/{name}.json", "{}", self.s3)

    def put_feed_copy(self, source: str, name: str, stream: BinaryIO) -> str:
        """Store a stream (in parts: never whole in memory) beside a feed's plan; its key. `forget_feed`
        removes it with the plan."""
        key = f"{FEEDS_PREFIX}{source}/{name}"
        (self.s3 or s3_client()).upload_fileobj(stream, self.bucket, key)
        return key

    def forget_feed(self, source: str) -> None:
        """Remove a file's plan and progress (its articles are removed on their own)."""
        keys = list_keys(self.bucket, f"{FEEDS_PREFIX}{source}", self.s3)
        self.delete_all(
            key for key in keys if key == self.feed_key(source) or key.startswith(f"{FEEDS_PREFIX}{source}/")
        )

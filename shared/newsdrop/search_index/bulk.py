"""Bulk upserts and deletes, one result per article id, each ordered by an external version.

Index invocations run concurrently and SQS delivers in any order, so a write can reach OpenSearch
after a write of newer state. Every write therefore carries `version_type=external` with the
version of the state it reflects, and OpenSearch keeps whichever write reflects the newest state:
a stale write is refused with a 409, which is success here (the index holds newer state already).
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from opensearchpy import OpenSearch, helpers

# 429s are retried inside the call; retries x backoff stay well inside the index function's timeout.
BULK_RETRIES = 3
BULK_INITIAL_BACKOFF_S = 1
BULK_MAX_BACKOFF_S = 4


@dataclass(frozen=True)
class BulkFailure:
    reason: str
    permanent: bool  # the document itself is bad: retrying cannot help


def state_version() -> int:
    """The version of a processed object's state read right after this call: microseconds since the epoch.

    Why the time of the read and not the object's LastModified: a deleted object has no LastModified
    to read, and S3 gives LastModified in whole seconds, so two writes within a second would tie.
    A read that starts at t sees the state as of t or later; a read that sees an older state started
    before the change that superseded it completed, and the read that the change's own notification
    triggers starts after it. So the read of the newest state always carries the highest version.
    (Across machines this holds as far as their clocks agree: Lambda's are NTP-synced to well under
    a millisecond.)
    """
    return time.time_ns() // 1000


def bulk_write(
    client: OpenSearch,
    index: str,
    upserts: dict[str, dict[str, Any]],
    deletes: Iterable[str],
    versions: Mapping[str, int] | None = None,
) -> dict[str, BulkFailure]:
    """Index every document of `upserts` under its id and delete `deletes`; return the failures.

    `versions` holds each id's `state_version()`, taken before its state was read; without it,
    every write is versioned as of this call (for callers that have just built the documents).
    Deleting a document that is not there counts as success: the goal state holds. So does a write
    refused for a version conflict: a write of newer state got there first.
    """
    now = state_version()
    version_of = versions or {}

    def action(operation: str, doc_id: str) -> dict[str, Any]:
        versioned = {"version": version_of.get(doc_id, now), "version_type": "external"}
        return {"_op_type": operation, "_index": index, "_id": doc_id, **versioned}

    actions = [{**action("index", doc_id), "_source": doc} for doc_id, doc in upserts.items()]
    actions += [action("delete", doc_id) for doc_id in deletes]
    failures: dict[str, BulkFailure] = {}
    for ok, item in helpers.streaming_bulk(
        client,
        actions,
        raise_on_error=False,
        raise_on_exception=False,
        max_retries=BULK_RETRIES,
        initial_backoff=BULK_INITIAL_BACKOFF_S,
        max_backoff=BULK_MAX_BACKOFF_S,
    ):
        operation, result = next(iter(item.items()))
        status = result.get("status")
        if ok or status == 409 or (operation == "delete" and status == 404):
            continue
        permanent = isinstance(status, int) and 400 <= status < 500 and status != 429
        failures[result["_id"]] = BulkFailure(f"{status}: {result.get('error')}", permanent)
    return failures

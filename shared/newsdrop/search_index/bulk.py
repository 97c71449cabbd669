"""Bulk upserts and deletes, one result per article id."""

from __future__ import annotations

from collections.abc import Iterable
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


def bulk_write(
    client: OpenSearch, index: str, upserts: dict[str, dict[str, Any]], deletes: Iterable[str]
) -> dict[str, BulkFailure]:
    """Index every document of `upserts` under its id and delete `deletes`; return the failures.

    Deleting a document that is not there counts as success: the goal state holds.
    """
    actions: list[dict[str, Any]] = [
        {"_op_type": "index", "_index": index, "_id": doc_id, "_source": doc} for doc_id, doc in upserts.items()
    ]
    actions += [{"_op_type": "delete", "_index": index, "_id": doc_id} for doc_id in deletes]
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
        if ok or (operation == "delete" and status == 404):
            continue
        permanent = isinstance(status, int) and 400 <= status < 500 and status != 429
        failures[result["_id"]] = BulkFailure(f"{status}: {result.get('error')}", permanent)
    return failures

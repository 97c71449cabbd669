"""Index stage: make OpenSearch reflect the current state of processed `articles/` objects."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from aws_lambda_powertools.metrics import MetricUnit
from opensearchpy import OpenSearch

from newsdrop.models import Rejection, SourceRef
from newsdrop.observability import logger, metrics
from newsdrop.pipeline.batch import BatchOutcome
from newsdrop.pipeline.events import s3_changes
from newsdrop.search_index import fields as f
from newsdrop.search_index.bulk import bulk_write, state_version
from newsdrop.search_index.mapping import to_document
from newsdrop.search_index.reader import stored_fields
from newsdrop.search_index.vectors import add_vectors
from newsdrop.storage import ProcessedStore
from newsdrop.stories.assign import assign_stories


def sync_messages(bodies: Mapping[str, str], processed: ProcessedStore, client: OpenSearch, alias: str) -> BatchOutcome:
    """Sync every key the messages (id -> body) announce in one bulk request.

    A message then fails only if one of its keys did, or if it is not an S3 notification at all.
    """
    keys_of: dict[str, list[str]] = {}
    outcome = BatchOutcome()
    for message_id, body in bodies.items():
        try:
            keys_of[message_id] = [change.key for change in s3_changes(body)]
        except ValueError:
            outcome.failed[message_id] = "message body is not an S3 notification"
    all_keys = [key for keys in keys_of.values() for key in keys]
    retry = sync_articles(all_keys, processed, client, alias)
    outcome.synced = len(all_keys) - len(retry)
    for message_id, keys in keys_of.items():
        if failed := [key for key in keys if key in retry]:
            outcome.failed[message_id] = f"not indexed, will retry: {failed}"
    return outcome


def sync_articles(keys: Iterable[str], processed: ProcessedStore, client: OpenSearch, alias: str) -> set[str]:
    """Upsert the articles that exist, delete those that are gone; return the keys to retry."""
    state = read_state(keys, processed)
    keep_first_indexed_at(client, alias, state.upserts)
    add_vectors(state.upserts)  # the whole batch through the model at once
    assign_stories(client, alias, state.upserts)  # copies of one wire story share its story id
    return write_state(state, client, alias, processed)


def keep_first_indexed_at(client: OpenSearch, index: str, docs: dict[str, dict[str, Any]]) -> None:
    """An article written again (a redelivery, an edit, a re-index) keeps the time it first became
    searchable, so a cursor's later pages, which leave out what was indexed after page one, still
    hold it. Two first writes of one article racing each other may keep the later time."""
    for doc_id, held in stored_fields(client, index, list(docs), [f.INDEXED_AT]).items():
        if first := held.get(f.INDEXED_AT):
            docs[doc_id][f.INDEXED_AT] = first


@dataclass
class ObservedState:
    """What the processed bucket held for some keys when they were read, as index writes."""

    read_at: datetime
    key_of: dict[str, str] = field(default_factory=dict)  # article id -> processed key
    upserts: dict[str, dict[str, Any]] = field(default_factory=dict)
    deletes: list[str] = field(default_factory=list)
    versions: dict[str, int] = field(default_factory=dict)
    uploaded: dict[str, datetime | None] = field(default_factory=dict)


def read_state(keys: Iterable[str], processed: ProcessedStore) -> ObservedState:
    """Read each key's processed object: a document to upsert, or a delete where it is gone.

    Each is versioned by a moment before its read (`bulk.state_version`), so however late its
    write reaches OpenSearch, it cannot overwrite a write of a state read after it.
    """
    state = ObservedState(read_at=datetime.now(UTC))
    indexed_at = state.read_at.isoformat()
    for key in keys:
        doc_id = processed.article_id_of(key)
        if doc_id is None or doc_id in state.key_of:
            continue
        state.key_of[doc_id] = key
        state.versions[doc_id] = state_version()  # taken before the reads below start
    articles = processed.read_articles(list(state.key_of.values()))
    for doc_id, article in zip(state.key_of, articles, strict=True):
        if article is None:
            state.deletes.append(doc_id)
        else:
            state.upserts[doc_id] = to_document(article, indexed_at)
            state.uploaded[doc_id] = article.origin.last_modified
    return state


def write_state(state: ObservedState, client: OpenSearch, alias: str, processed: ProcessedStore) -> set[str]:
    """Write what `read_state` saw in one bulk request; return the keys to retry.

    A document OpenSearch refuses for what it is (a 4xx) becomes a Rejection instead of a retry.
    """
    failures = bulk_write(client, alias, state.upserts, state.deletes, state.versions)
    _record_metrics(failures.keys(), state.upserts, state.deletes, state.uploaded, state.read_at)
    retry: set[str] = set()
    for doc_id, failure in failures.items():
        if not (failure.permanent and doc_id in state.upserts):
            retry.add(state.key_of[doc_id])
            continue
        logger.warning("document refused", extra={"id": doc_id, "reason": failure.reason})
        origin = SourceRef.model_validate(state.upserts[doc_id]["origin"])
        processed.put_rejection(Rejection(id=doc_id, origin=origin, stage="index", reason=failure.reason))
    return retry


def _record_metrics(
    failed: Iterable[str],
    upserts: Mapping[str, object],
    deletes: list[str],
    uploaded: Mapping[str, datetime | None],
    now: datetime,
) -> None:
    """Articles indexed and deleted, and how long each took from upload to searchable."""
    failed = set(failed)
    indexed = [doc_id for doc_id in upserts if doc_id not in failed]
    metrics.add_metric(name="ArticlesIndexed", unit=MetricUnit.Count, value=len(indexed))
    metrics.add_metric(name="ArticlesDeleted", unit=MetricUnit.Count, value=len(set(deletes) - failed))
    for doc_id in indexed:
        if (upload := uploaded.get(doc_id)) is not None:
            lag_ms = (now - (upload if upload.tzinfo else upload.replace(tzinfo=UTC))).total_seconds() * 1000
            metrics.add_metric(name="UploadToSearchableLag", unit=MetricUnit.Milliseconds, value=lag_ms)
    if indexed:
        logger.info("indexed", extra={"article_ids": indexed})

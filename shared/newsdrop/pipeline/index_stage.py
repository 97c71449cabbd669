"""Index stage: make OpenSearch reflect the current state of processed `articles/` objects."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from opensearchpy import OpenSearch

from newsdrop.indexing.bulk import bulk_write
from newsdrop.indexing.mapping import to_document
from newsdrop.models import Rejection, SourceRef
from newsdrop.observability import logger
from newsdrop.storage import ProcessedStore


def sync_articles(keys: Iterable[str], processed: ProcessedStore, client: OpenSearch, alias: str) -> set[str]:
    """Upsert the articles that exist, delete those that are gone; return the keys to retry.

    A document OpenSearch refuses for what it is (a 4xx) becomes a Rejection instead of a retry.
    """
    key_of: dict[str, str] = {}
    upserts, deletes = {}, []
    indexed_at = datetime.now(UTC).isoformat()
    for key in keys:
        doc_id = processed.article_id_of(key)
        if doc_id is None or doc_id in key_of:
            continue
        key_of[doc_id] = key
        article = processed.read_article(key)
        if article is None:
            deletes.append(doc_id)
        else:
            upserts[doc_id] = to_document(article, indexed_at)
    failures = bulk_write(client, alias, upserts, deletes)
    retry: set[str] = set()
    for doc_id, failure in failures.items():
        if not (failure.permanent and doc_id in upserts):
            retry.add(key_of[doc_id])
            continue
        logger.warning("document refused", extra={"id": doc_id, "reason": failure.reason})
        origin = SourceRef.model_validate(upserts[doc_id]["origin"])
        processed.put_rejection(Rejection(id=doc_id, origin=origin, stage="index", reason=failure.reason))
    return retry

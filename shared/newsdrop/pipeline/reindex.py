"""Re-index with no downtime: a new index version built from the processed bucket, then the alias swapped.

The processed bucket is the source of truth, and the index stage writes whatever a processed
object holds now, so applying a key twice converges. A re-index therefore loads every article into
`<name>-v<N+1>` while the index stage keeps writing to the alias (the old index), catches up with
the keys written since it began, swaps the alias in one atomic request, and catches up once more
for what reached the old index meanwhile. Searches use the old index until the swap, the new after.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from itertools import islice

from opensearchpy import OpenSearch, helpers

from newsdrop.pipeline.index_stage import read_state
from newsdrop.search_index import fields as f
from newsdrop.search_index import mapping
from newsdrop.search_index.bulk import bulk_write, state_version
from newsdrop.search_index.reader import stored_fields
from newsdrop.search_index.vectors import add_vectors
from newsdrop.settings import DEFAULT_INDEX_REPLICAS, DEFAULT_INDEX_SHARDS
from newsdrop.storage import ProcessedStore
from newsdrop.stories.assign import assign_stories

BATCH = 500
# S3's LastModified (whole seconds) and this machine's clock may disagree a little: catch up from a
# bit earlier. Re-writing an article twice is harmless; missing one is not.
CLOCK_SKEW = timedelta(seconds=5)
_VERSION = re.compile(r"^(?P<name>.+)-v(?P<number>\d+)$")


@dataclass
class ReindexReport:
    old_index: str
    new_index: str
    loaded: int = 0
    caught_up: int = 0
    removed: int = 0
    failed: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0


class ReindexError(RuntimeError):
    """The alias is not in a state a re-index can start from (no index, or several behind it)."""


def current_index(client: OpenSearch, alias: str) -> str:
    """The one index behind the alias."""
    if not client.indices.exists_alias(name=alias):
        raise ReindexError(
            f"no alias {alias!r}: nothing has been indexed yet, or this is an OpenSearch Serverless collection"
            " (no aliases there, so no re-index without downtime)"
        )
    indices = sorted(client.indices.get_alias(name=alias))
    if len(indices) != 1:
        raise ReindexError(f"alias {alias!r} points at {indices}; expected one index")
    return indices[0]


def next_index(index: str) -> str:
    """`articles-v1` -> `articles-v2`; an unversioned `articles` -> `articles-v2`."""
    match = _VERSION.match(index)
    return f"{match['name']}-v{int(match['number']) + 1}" if match else f"{index}-v2"


def reindex(
    client: OpenSearch,
    processed: ProcessedStore,
    alias: str,
    on_phase: Callable[[str, ReindexReport], None] = lambda phase, report: None,
    *,
    shards: int = DEFAULT_INDEX_SHARDS,
    replicas: str = DEFAULT_INDEX_REPLICAS,
) -> ReindexReport:
    """Build the next index version from the processed bucket and swap the alias to it; keep the old one.

    The new version has `shards` primary shards with `replicas` copies each (a re-index is how an
    index gets more shards). `on_phase` hears `loaded`, `caught-up` and `swapped` (the CLI prints
    progress there).
    """
    started = time.monotonic()
    old = current_index(client, alias)
    report = ReindexReport(old, next_index(old))
    if client.indices.exists(index=report.new_index):
        raise ReindexError(f"{report.new_index} exists already (a re-index that stopped half-way?): delete it first")
    # The mapping as it is now.
    client.indices.create(index=report.new_index, body=mapping.index_body(shards, replicas))
    client.cluster.health(index=report.new_index, wait_for_status="yellow", request_timeout=60)
    since = datetime.now(UTC) - CLOCK_SKEW
    report.loaded = _write(client, report, processed, processed.all_article_keys())
    on_phase("loaded", report)
    since = _catch_up(client, processed, report, since)
    on_phase("caught-up", report)
    client.indices.update_aliases(
        body={
            "actions": [
                {"remove": {"index": old, "alias": alias}},
                {"add": {"index": report.new_index, "alias": alias, "is_write_index": True}},
            ]
        }
    )
    on_phase("swapped", report)
    _catch_up(client, processed, report, since)  # what the index stage wrote to the old index meanwhile
    report.seconds = round(time.monotonic() - started, 1)
    return report


def drop_old(client: OpenSearch, alias: str) -> list[str]:
    """Delete the earlier versions of the alias's index (those it no longer points at); their names."""
    current = current_index(client, alias)
    match = _VERSION.match(current)
    family = match["name"] if match else current
    versions = client.indices.get(index=f"{family}-v*", expand_wildcards="open,closed")
    stale = sorted(name for name in versions if name != current and name.rsplit("-v", 1)[0] == family)
    for name in stale:
        client.indices.delete(index=name)
    return stale


def _catch_up(client: OpenSearch, processed: ProcessedStore, report: ReindexReport, since: datetime) -> datetime:
    """Write the articles changed since `since`, delete what the bucket no longer holds; the next `since`."""
    next_since = datetime.now(UTC) - CLOCK_SKEW
    report.caught_up += _write(client, report, processed, processed.article_keys_since(since))
    listed = state_version()  # an article the index stage writes after the listing outranks its delete
    in_bucket = {processed.article_id_of(key) for key in processed.all_article_keys()}
    gone = [doc_id for doc_id in _ids(client, report.new_index) if doc_id not in in_bucket]
    failures = bulk_write(client, report.new_index, {}, gone, dict.fromkeys(gone, listed))
    report.failed.update({doc_id: failure.reason for doc_id, failure in failures.items()})
    report.removed += len(gone) - len(failures)
    client.indices.refresh(index=report.new_index)
    return next_since


def _write(client: OpenSearch, report: ReindexReport, processed: ProcessedStore, keys: Iterable[str]) -> int:
    """Index the articles of `keys` into the new index in batches; those gone are deleted. How many written."""
    written = 0
    for batch in _batches(keys):
        state = read_state(batch, processed)
        upserts, deletes, versions = state.upserts, state.deletes, state.versions
        add_vectors(upserts)  # with the model installed now: a new model re-embeds every article
        # Links to a story stay valid, and cursors of searches served before the swap still page:
        # grouping again would name each story after whichever copy loads first.
        held = stored_fields(client, report.old_index, list(upserts), [f.STORY_ID, f.INDEXED_AT])
        for doc_id, fields in held.items():
            upserts[doc_id].update(fields)
        carried = {doc_id for doc_id, fields in held.items() if f.STORY_ID in fields}
        # What the old index did not hold yet groups with what is loaded.
        assign_stories(client, report.new_index, {i: doc for i, doc in upserts.items() if i not in carried})
        failures = bulk_write(client, report.new_index, upserts, deletes, versions)
        client.indices.refresh(index=report.new_index)  # the next batch's copies find this one's
        report.failed.update({doc_id: failure.reason for doc_id, failure in failures.items()})
        written += len(upserts) - len(failures.keys() & upserts.keys())
    return written


def _ids(client: OpenSearch, index: str) -> Iterator[str]:
    client.indices.refresh(index=index)
    for hit in helpers.scan(client, index=index, query={"query": {"match_all": {}}, "_source": False}):
        yield hit["_id"]


def _batches(keys: Iterable[str]) -> Iterator[list[str]]:
    iterator = iter(keys)
    while batch := list(islice(iterator, BATCH)):
        yield batch

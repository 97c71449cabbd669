"""`newsdrop status`: what became of every upload — parsed, rejected with a reason, indexed, queued."""

from __future__ import annotations

from typing import Any

from opensearchpy import OpenSearch
from opensearchpy.exceptions import TransportError

from newsdrop.errors import SearchUnavailable
from newsdrop.models import source_id
from newsdrop.pipeline.feeds import feed_progress
from newsdrop.search_index.client import hosts_of
from newsdrop.search_index.reader import IndexReader
from newsdrop.storage import ProcessedStore, list_keys
from newsdrop_local.state import StackState


def collect_status(state: StackState, prefix: str = "") -> dict[str, Any]:
    """The whole stack's, or only what came of the raw objects under `prefix`."""
    s3 = state.s3()
    processed = ProcessedStore(state.processed_bucket, s3)
    raw_keys = list(list_keys(state.raw_bucket, prefix, s3=s3))
    if prefix:
        article_keys = [key for raw in raw_keys for key in processed.article_keys(source_id(state.raw_bucket, raw))]
    else:
        article_keys = list(processed.all_article_keys())
    article_ids = [processed.article_id_of(key) for key in article_keys]
    return {
        "raw_objects": len(raw_keys),
        "articles": len(article_keys),
        "rejected": [
            {"key": r.origin.key, "stage": r.stage, "reason": r.reason, "detected_type": r.detected_type}
            for r in processed.rejections()
            if r.origin.key.startswith(prefix)
        ],
        "indexed": _indexed(state, article_ids if prefix else None),
        "feeds": feed_progress(processed),
        "queues": state.queue_depths(),
        "dead_letter_queues": sorted(state.dead_letter_queues),
    }


def _indexed(state: StackState, ids: list[str | None] | None) -> int | str:
    """Documents in the index: all of them, or those among `ids`."""
    try:
        if ids is None:
            return IndexReader(OpenSearch(hosts=hosts_of(state.opensearch_url)), state.index_alias).count()
        if not ids:
            return 0
        body = {"query": {"ids": {"values": ids}}}
        return OpenSearch(hosts=hosts_of(state.opensearch_url)).count(index=state.index_alias, body=body)["count"]
    except (SearchUnavailable, TransportError) as exc:
        error = exc.__cause__ if isinstance(exc, SearchUnavailable) else exc
        return f"unknown (OpenSearch: {error.error if isinstance(error, TransportError) else error})"


def render_status(report: dict[str, Any]) -> str:
    lines = [
        f"raw objects        {report['raw_objects']}",
        f"articles parsed    {report['articles']}",
        f"documents indexed  {report['indexed']}",
        f"rejected           {len(report['rejected'])}",
    ]
    lines += [f"  {r['key']}  [{r['stage']}] {r['reason']}" for r in report["rejected"]]
    if report["feeds"]:
        lines.append("multi-article files (articles done / total, work items done / total)")
        lines += [
            f"  {f['key']}  {f['done']}/{f['total']} articles, {f['items_done']}/{f['items']} items"
            for f in report["feeds"]
        ]
    lines.append("queues             visible  in flight")
    lines += [f"  {name:<24} {q['visible']:>5}  {q['in_flight']:>5}" for name, q in report["queues"].items()]
    if any(report["queues"][name]["visible"] for name in report["dead_letter_queues"]):
        lines.append("messages wait in a dead-letter queue: fix the cause, then `newsdrop redrive`")
    return "\n".join(lines)

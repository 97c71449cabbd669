"""`newsdrop status`: what became of every upload — parsed, rejected with a reason, indexed, queued."""

from __future__ import annotations

from typing import Any

from opensearchpy import OpenSearch
from opensearchpy.exceptions import NotFoundError, TransportError

from newsdrop.models import Rejection
from newsdrop.storage import ARTICLES_PREFIX, REJECTED_PREFIX
from newsdrop_local.state import StackState


def collect_status(state: StackState) -> dict[str, Any]:
    s3 = state.s3()
    processed = _keys(s3, state.processed_bucket)
    rejections = [
        Rejection.model_validate_json(s3.get_object(Bucket=state.processed_bucket, Key=key)["Body"].read())
        for key in processed
        if key.startswith(REJECTED_PREFIX)
    ]
    return {
        "raw_objects": len(_keys(s3, state.raw_bucket)),
        "articles": sum(key.startswith(ARTICLES_PREFIX) for key in processed),
        "rejected": [
            {"key": r.origin.key, "stage": r.stage, "reason": r.reason, "detected_type": r.detected_type}
            for r in rejections
        ],
        "indexed": _indexed(state),
        "queues": state.queue_depths(),
        "dead_letter_queues": sorted(state.dead_letter_queues),
    }


def _keys(s3: Any, bucket: str) -> list[str]:
    pages = s3.get_paginator("list_objects_v2").paginate(Bucket=bucket)
    return [item["Key"] for page in pages for item in page.get("Contents", [])]


def _indexed(state: StackState) -> int | str:
    try:
        return OpenSearch(hosts=[state.opensearch_url]).count(index=state.index_alias)["count"]
    except NotFoundError:
        return 0
    except TransportError as exc:
        return f"unknown (OpenSearch: {exc.error})"


def render_status(report: dict[str, Any]) -> str:
    lines = [
        f"raw objects        {report['raw_objects']}",
        f"articles parsed    {report['articles']}",
        f"documents indexed  {report['indexed']}",
        f"rejected           {len(report['rejected'])}",
    ]
    lines += [f"  {r['key']}  [{r['stage']}] {r['reason']}" for r in report["rejected"]]
    lines.append("queues             visible  in flight")
    lines += [f"  {name:<24} {q['visible']:>5}  {q['in_flight']:>5}" for name, q in report["queues"].items()]
    if any(report["queues"][name]["visible"] for name in report["dead_letter_queues"]):
        lines.append("messages wait in a dead-letter queue: fix the cause, then `newsdrop redrive`")
    return "\n".join(lines)

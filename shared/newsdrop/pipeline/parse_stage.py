"""Parse stage: make the processed bucket reflect one raw object's current state."""

from __future__ import annotations

import hashlib
import io
import time
from collections.abc import Callable, Mapping
from contextlib import closing
from dataclasses import dataclass, field
from datetime import datetime
from typing import BinaryIO, Literal

from aws_lambda_powertools.metrics import MetricUnit, single_metric

from newsdrop import __version__, storage
from newsdrop.errors import RejectedInput
from newsdrop.models import Article, ArticleContent, Rejection, SourceRef, article_id, source_id
from newsdrop.observability import logger, metrics
from newsdrop.pipeline.batch import BatchOutcome
from newsdrop.pipeline.events import s3_changes
from newsdrop.pipeline.time_limit import ParseTimeout, time_limit, timeout_reason
from newsdrop.settings import ParseLimits
from newsdrop.storage import ProcessedStore

PARSER_VERSION = f"newsdrop/{__version__}"
# Around the parse itself, a file is read from and written to S3: a new file starts only when the
# invocation has its parse limit plus this much left, so no file is cut off by Lambda's timeout.
START_MARGIN_MS = 5_000
# Rejection reasons as a metric dimension: a few stable words instead of the free-text reason.
REASON_KINDS = (
    ("longer than the limit", "timeout"),
    ("over the limit", "too-large"),
    ("more than the limit", "too-large"),
    ("empty file", "empty"),
    ("no article text", "no-article"),
    ("unsupported", "unsupported"),
    ("undecodable", "undecodable"),
    ("parser error", "parser-error"),
)

Outcome = Literal["parsed", "unchanged", "rejected", "removed", "queued"]  # queued: a feed's work items


@dataclass
class ParseResult:
    outcome: Outcome
    articles: list[str] = field(default_factory=list)
    reason: str | None = None


def sync_messages(
    bodies: Mapping[str, str],
    processed: ProcessedStore,
    limits: ParseLimits,
    remaining_ms: Callable[[], int],
) -> BatchOutcome:
    """Sync every object the messages (id -> body) announce, while the invocation has time for one more.

    A message whose file cannot start in time, whose object S3 would not give (retried), or that
    is no S3 notification comes back in `failed`; SQS delivers it again.
    """
    outcome = BatchOutcome()
    needed_ms = round(limits.parse_timeout_s * 1000) + START_MARGIN_MS
    stopped: str | None = None
    # An object synced earlier in this batch is as new as any notification of it here: the batch
    # was received after they were all sent. Duplicates (S3 and SQS deliver at least once) cost nothing.
    synced: set[tuple[str, str]] = set()
    for message_id, body in bodies.items():
        if stopped is None and (left := remaining_ms()) < needed_ms:
            stopped = f"not started: {left} ms left, one file may take {needed_ms} ms"
        if stopped is not None:
            outcome.failed[message_id] = stopped
            continue
        if _ran_feed_message(message_id, body, processed, limits, remaining_ms, outcome):
            continue
        try:
            changes = s3_changes(body)
        except ValueError:
            outcome.failed[message_id] = "message body is not an S3 notification"
            continue
        try:
            for change in changes:
                if (change.bucket, change.key) in synced:
                    continue
                result = sync_raw_object(change.bucket, change.key, processed, limits, remaining_ms)
                synced.add((change.bucket, change.key))
                logger.info("parsed", extra={"key": change.key, "outcome": result.outcome, "articles": result.articles})
                _record_metrics(result)
        except Exception as exc:  # S3 unreachable or refusing: worth another delivery
            logger.exception("sync failed, will retry", extra={"message_id": message_id})
            outcome.failed[message_id] = f"{type(exc).__name__}: {exc}"
        else:
            outcome.synced += 1
    if outcome.failed:
        logger.info("messages to retry", extra={"failed": outcome.failed})
    return outcome


def _ran_feed_message(
    message_id: str,
    body: str,
    processed: ProcessedStore,
    limits: ParseLimits,
    remaining_ms: Callable[[], int],
    outcome: BatchOutcome,
) -> bool:
    """Run the message's work item or hand-out of a multi-article file, if it is one (else False)."""
    from newsdrop.pipeline import feeds  # feeds builds on this module

    try:
        message = feeds.feed_message(body)
        if message is None:
            return False
        if isinstance(message, feeds.HandOut):
            feeds.continue_hand_out(message, processed, limits, remaining_ms)
        else:
            feeds.run_item(message, processed, limits, remaining_ms)
    except Exception as exc:  # a malformed item, or S3/SQS refusing: worth another delivery
        logger.exception("work item failed, will retry", extra={"message_id": message_id})
        outcome.failed[message_id] = f"{type(exc).__name__}: {exc}"
    else:
        outcome.synced += 1
    return True


def reason_kind(reason: str) -> str:
    """A rejection reason as one of a few stable words (a metric dimension), `other` if none fits."""
    lowered = reason.lower()
    return next((kind for words, kind in REASON_KINDS if words in lowered), "other")


def _record_metrics(result: ParseResult) -> None:
    metrics.add_metric(name=f"Objects{result.outcome.capitalize()}", unit=MetricUnit.Count, value=1)
    if result.outcome == "parsed":
        metrics.add_metric(name="ArticlesParsed", unit=MetricUnit.Count, value=len(result.articles))
    elif result.outcome == "rejected":
        # Its own metric: a `reason` dimension on the shared Metrics would apply to every metric.
        with single_metric(
            name="FilesRejected", unit=MetricUnit.Count, value=1, default_dimensions=metrics.default_dimensions
        ) as metric:
            metric.add_dimension(name="reason", value=reason_kind(result.reason or ""))


def sync_raw_object(
    raw_bucket: str,
    key: str,
    processed: ProcessedStore,
    limits: ParseLimits,
    remaining_ms: Callable[[], int] | None = None,
) -> ParseResult:
    """Parse the object as it is now, or remove what it produced if it is gone.

    S3 and network errors propagate so the message is retried; anything about the file itself
    becomes a Rejection, because retrying a bad file cannot help. `remaining_ms`: the invocation's
    time left, which a multi-article file's planning keeps within (feeds.HandOut).
    """
    from newsdrop.parsing.containers import SNIFF_BYTES  # the parsers: only where parsing happens
    from newsdrop.pipeline.feeds import sync_feed  # feeds builds on this module

    source = source_id(raw_bucket, key)
    existing = processed.article_keys(source)
    start = storage.read_start(raw_bucket, key, SNIFF_BYTES)  # what kind of file, and all of most pages
    if start is None:
        _remove(processed, source, existing)
        processed.forget_feed(source)
        return ParseResult("removed")
    info, head = start
    origin = SourceRef(
        bucket=raw_bucket,
        key=key,
        version_id=info.version_id,
        etag=info.etag,
        size=info.size,
        last_modified=info.last_modified,
    )
    feed = sync_feed(origin, head, processed, limits, existing, remaining_ms)  # JSON Lines, JSON arrays, WARC
    if feed is not None:
        return feed
    if _already_parsed(processed, existing, origin):
        return ParseResult("unchanged", sorted(filter(None, map(processed.article_id_of, existing))))
    try:
        articles = _parse(origin, head, limits)
    except ParseTimeout:
        rejected = RejectedInput(timeout_reason(limits.parse_timeout_s), None)
    except RejectedInput as exc:
        rejected = exc
    else:
        written = {processed.put_article(source, article) for article in articles}
        _remove(processed, source, existing - written, {article.id for article in articles})
        return ParseResult("parsed", [article.id for article in articles])
    _remove(processed, source, existing)
    processed.put_rejection(
        Rejection(id=source, origin=origin, stage="parse", reason=rejected.reason, detected_type=rejected.detected_type)
    )
    logger.info("rejected", extra={"key": key, "reason": rejected.reason})
    return ParseResult("rejected", reason=rejected.reason)


def load_parsers(ner_model: str) -> None:
    """Import the parsers and load the NER model now, at cold start, so that a file's time limit
    covers its parsing only: loading them inside the first file's limit took over 20 s on a busy
    machine and rejected a good file as too slow to parse (the fault suite's worker-kill run)."""
    from newsdrop.parsing import parse_stream  # noqa: F401
    from newsdrop.parsing.entities import load_pipeline

    load_pipeline(ner_model)


def _parse(origin: SourceRef, head: bytes, limits: ParseLimits) -> list[Article]:
    """The file's articles; `head` is its first bytes, read already: all of it for most pages."""
    if origin.size is not None and origin.size > limits.max_object_bytes:
        raise RejectedInput(f"file is {origin.size} bytes, over the limit of {limits.max_object_bytes}", "too-large")
    whole = len(head) == origin.size
    body = io.BytesIO(head) if whole else storage.open_object(origin.bucket, origin.key, origin.version_id)
    if body is None:
        raise RejectedInput("the object vanished while it was being read", None)
    started = time.perf_counter()
    with closing(body), time_limit(limits.parse_timeout_s):
        contents = _extract(body, origin.key, limits, origin.last_modified)
    elapsed_ms = round((time.perf_counter() - started) * 1000, 1)
    origin = origin.model_copy(update={"articles_in_file": len(contents)})
    return [build_article(content, origin, position, elapsed_ms) for position, content in enumerate(contents)]


def _extract(body: BinaryIO, key: str, limits: ParseLimits, uploaded: datetime | None) -> list[ArticleContent]:
    """The file's articles; relative dates a page shows ("8 hours ago") count from its upload."""
    from newsdrop.parsing import parse_stream  # the NLP stack loads only where parsing happens

    try:
        return parse_stream(body, key, limits=limits, received_at=uploaded)
    except RejectedInput:
        raise
    except Exception as exc:  # a parser crash on one file must not retry forever
        logger.exception("parser failed", extra={"key": key})
        raise RejectedInput(f"parser error: {type(exc).__name__}: {exc}", None) from exc


def build_article(content: ArticleContent, origin: SourceRef, position: int, parse_ms: float) -> Article:
    """Give extracted content its identity: deterministic id, origin, hash, parser version."""
    located = origin.model_copy(update={"position": position})
    digest = hashlib.sha256(f"{content.title}\n{content.text}".encode()).hexdigest()
    return Article(
        **content.model_dump(),
        id=article_id(origin.bucket, origin.key, position),
        origin=located,
        word_count=len(content.text.split()),
        content_hash=digest,
        parser_version=PARSER_VERSION,
        timings_ms={"parse": parse_ms},
    )


def _already_parsed(processed: ProcessedStore, existing: set[str], origin: SourceRef) -> bool:
    """True when a redelivered event finds the same object version already parsed by this parser,
    all of it: an invocation that died half-way through writing a file's articles is redone."""
    if not existing:
        return False
    article = processed.read_article(min(existing))
    return (
        article is not None
        and len(existing) == article.origin.articles_in_file
        and article.origin.etag == origin.etag
        and article.origin.version_id == origin.version_id
        and article.parser_version == PARSER_VERSION
    )


def _remove(processed: ProcessedStore, source: str, keys: set[str], also_cleared: set[str] | None = None) -> None:
    """Delete articles (indexing hears of it) and the rejections of the source, of those articles and
    of the article ids `also_cleared` (articles just written), all in one request for a single file."""
    article_ids = set(filter(None, map(processed.article_id_of, keys)))
    rejections = {source, *article_ids, *(also_cleared or ())}
    processed.delete_all([*keys, *map(processed.rejection_key, rejections)])

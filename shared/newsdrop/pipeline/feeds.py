"""Multi-article files (JSON Lines, JSON arrays, WARC): planned once, parsed in bounded work items.

The parse stage, seeing such a file, streams it once to find its elements (no parsing), writes the
plan to the processed bucket and sends one work item per group of elements to the parse queue
(an invocation short of time leaves the rest of them to another, as a HandOut); each item reads
its own byte range and parses its elements one at a time, each under the parse
time limit, so no invocation does more than one item's work whatever the file's size. An element
that fails becomes a rejection with its position; the others are indexed. Article ids stay
`article_id(bucket, key, position)`, so a changed feed overwrites its articles in place.
"""

from __future__ import annotations

import io
import json
import time
import uuid
from array import array
from collections.abc import Callable, Iterable, Iterator
from contextlib import closing
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from itertools import islice

from pydantic import BaseModel, Field

from newsdrop import storage
from newsdrop.errors import RejectedInput
from newsdrop.models import ArticleContent, Rejection, SourceRef, article_id, source_id
from newsdrop.observability import logger
from newsdrop.parsing.containers import (
    ContainerKind,
    Inflated,
    Span,
    container_kind,
    element_article,
    element_spans,
    group_spans,
    gzipped_container_kind,
)
from newsdrop.pipeline.parse_stage import PARSER_VERSION, ParseResult, build_article
from newsdrop.pipeline.time_limit import ParseTimeout, time_limit
from newsdrop.settings import ParseLimits
from newsdrop.storage import ProcessedStore

# Besides an article's parse, an item writes to S3 and may hand its rest to the queue.
ARTICLE_MARGIN_MS = 3_000
# A 1 GB feed is some 74,000 work items: sent a thousand at a time, by threads.
SEND_CHUNK = 1_000
SEND_THREADS = 8
# An invocation hands out work items while it has more time than this left; the rest goes to the
# queue as a HandOut for another (sending 74,000 items took longer than the parse function's 120 s
# against the local stack's SQS).
HAND_OUT_MARGIN_MS = 15_000
_MESSAGE_KEY = "feed_item"
_HAND_OUT_KEY = "feed_hand_out"


class FeedPlan(BaseModel):
    """One version of a multi-article file, as planned: `newsdrop status` reads progress against it."""

    plan: str = Field(description="This planning's id; work items of an older plan are dropped")
    origin: SourceRef
    kind: ContainerKind
    elements: int = Field(description="Articles (elements) in the file, parsed or rejected")
    items: int
    complete: bool = Field(default=False, description="Every work item was handed out")
    handed_out: bool = Field(default=False, description="Items not yet sent wait on the queue as a HandOut")
    parser_version: str
    planned_at: datetime = Field(default_factory=lambda: datetime.now(UTC))


class WorkItem(BaseModel):
    """Consecutive elements of one file version: what one invocation parses."""

    plan: str
    origin: SourceRef
    kind: ContainerKind
    index: int
    elements: int = Field(description="Elements of the whole item (a continuation carries fewer spans)")
    first_position: int
    spans: list[tuple[int, int]]
    written_before: int = Field(default=0, description="Articles the item's earlier parts wrote")
    copy_key: str = Field(default="", description="A gzipped feed's inflated copy in the processed bucket")

    def message(self) -> str:
        return json.dumps({_MESSAGE_KEY: self.model_dump(mode="json")})


class HandOut(BaseModel):
    """The work items of a plan still to send, from `next_item` on: what an invocation that ran short
    of time while sending them leaves to another. The plan's element spans wait in `spans_key`."""

    plan: str
    origin: SourceRef
    next_item: int
    spans_key: str = ""
    copy_key: str = ""

    def message(self) -> str:
        return json.dumps({_HAND_OUT_KEY: self.model_dump(mode="json")})


def feed_message(message_body: str) -> WorkItem | HandOut | None:
    """The work item or hand-out a parse-queue message carries, or None for any other message (S3's).

    Raises ValueError for such a message that does not hold a valid one.
    """
    try:
        payload = json.loads(message_body)
    except ValueError:
        return None
    if not isinstance(payload, dict):
        return None
    if _MESSAGE_KEY in payload:
        return WorkItem.model_validate(payload[_MESSAGE_KEY])
    if _HAND_OUT_KEY in payload:
        return HandOut.model_validate(payload[_HAND_OUT_KEY])
    return None


def sync_feed(
    origin: SourceRef,
    head: bytes,
    processed: ProcessedStore,
    limits: ParseLimits,
    existing: set[str],
    remaining_ms: Callable[[], int] | None = None,
) -> ParseResult | None:
    """Plan a multi-article file and hand out its work items; None when the file is no such file.

    `head` is the object's first SNIFF_BYTES (all of a smaller one). `existing` are the file's
    article keys now: a redelivered event finds the version unchanged only when every item finished
    and wrote what it says it wrote. `remaining_ms`, the invocation's time left: handing out stops
    short of it (HandOut).
    """
    source = source_id(origin.bucket, origin.key)
    gzipped = gzipped_container_kind(head) if head else None
    kind = gzipped or (container_kind(head) if head else None)
    previous = read_plan(processed, source)
    if kind is None:
        if previous is not None:  # it was a feed: its plan and progress go, its articles the usual way
            processed.forget_feed(source)
        return None
    if previous is not None and _same_version(previous, origin) and _settled(processed, source, previous, existing):
        return ParseResult("unchanged", sorted(filter(None, map(processed.article_id_of, existing))))
    processed.forget_feed(source)  # the older version's plan, progress and copy; its items turn stale
    try:
        if origin.size is not None and origin.size > limits.max_feed_bytes:
            raise RejectedInput(
                f"multi-article file is {origin.size} bytes, over the limit of {limits.max_feed_bytes}", kind
            )
        data = _inflated_copy(processed, source, origin, limits) if gzipped else _Data(origin.bucket, origin.key)
        starts, ends = _scan(data, origin, kind, limits)
    except RejectedInput as exc:
        return _reject_file(processed, source, origin, exc)
    return _plan(processed, source, origin, kind, data, starts, ends, previous, limits, remaining_ms)


@dataclass(frozen=True)
class _Data:
    """Where a feed's element spans point: the raw object itself, or a gzipped feed's inflated copy."""

    bucket: str
    key: str
    copy: bool = False


def _inflated_copy(processed: ProcessedStore, source: str, origin: SourceRef, limits: ParseLimits) -> _Data:
    """A gzipped feed inflated once (streamed, at most MAX_FEED_BYTES) into the processed bucket."""
    body = storage.open_object(origin.bucket, origin.key, origin.version_id)
    if body is None:
        raise RejectedInput("the object vanished while it was being read", None)
    with closing(body):
        key = processed.put_feed_copy(
            source, f"inflated-{uuid.uuid4().hex[:12]}", Inflated(body, limits.max_feed_bytes)
        )
    return _Data(processed.bucket, key, copy=True)


def _scan(data: _Data, origin: SourceRef, kind: ContainerKind, limits: ParseLimits) -> tuple[array, array]:
    """Every element's span; 16 bytes per element, never the file's bytes."""
    body = storage.open_object(data.bucket, data.key, None if data.copy else origin.version_id)
    if body is None:
        raise RejectedInput("the object vanished while it was being read", None)
    starts, ends = array("q"), array("q")
    with closing(body):
        for span in element_spans(body, kind, limits.max_object_bytes):
            starts.append(span.start)
            ends.append(span.end)
    if not starts:
        raise RejectedInput("no article text found", kind)
    return starts, ends


def _plan(
    processed: ProcessedStore,
    source: str,
    origin: SourceRef,
    kind: ContainerKind,
    data: _Data,
    starts: array,
    ends: array,
    previous: FeedPlan | None,
    limits: ParseLimits,
    remaining_ms: Callable[[], int] | None,
) -> ParseResult:
    total = len(starts)
    origin = origin.model_copy(update={"articles_in_file": total})
    plan = FeedPlan(
        plan=uuid.uuid4().hex[:12],
        origin=origin,
        kind=kind,
        elements=total,
        items=sum(1 for _ in _groups(starts, ends, limits)),
        parser_version=PARSER_VERSION,
    )
    put_plan(processed, source, plan)
    processed.clear_rejections({source})  # an earlier version may have been rejected whole
    _remove_positions_from(processed, source, origin, total, previous)
    copy_key = data.key if data.copy else ""
    if limits.feed_queue_url and plan.items > 1:
        hand_out = HandOut(plan=plan.plan, origin=origin, next_item=0, copy_key=copy_key)
        _hand_out(plan, hand_out, processed, source, starts, ends, limits, remaining_ms)
        return ParseResult("queued")
    written: list[str] = []
    for item in _work_items(plan, _groups(starts, ends, limits), copy_key):
        written += run_item(item, processed, limits)
    put_plan(processed, source, plan.model_copy(update={"complete": True}))
    return ParseResult("parsed", written)


def continue_hand_out(
    hand_out: HandOut, processed: ProcessedStore, limits: ParseLimits, remaining_ms: Callable[[], int] | None = None
) -> None:
    """Send the rest of a plan's work items that another invocation had no time for; nothing when the
    file changed since (its plan is another)."""
    source = source_id(hand_out.origin.bucket, hand_out.origin.key)
    plan = read_plan(processed, source)
    spans = processed.read_json(hand_out.spans_key)
    if plan is None or plan.plan != hand_out.plan or spans is None:
        logger.info("stale hand-out dropped", extra={"key": hand_out.origin.key, "plan": hand_out.plan})
        return
    starts, ends = array("q"), array("q")
    starts.frombytes(spans[: len(spans) // 2])
    ends.frombytes(spans[len(spans) // 2 :])
    _hand_out(plan, hand_out, processed, source, starts, ends, limits, remaining_ms)


def _hand_out(
    plan: FeedPlan,
    hand_out: HandOut,
    processed: ProcessedStore,
    source: str,
    starts: array,
    ends: array,
    limits: ParseLimits,
    remaining_ms: Callable[[], int] | None,
) -> None:
    """Send the plan's work items from `hand_out.next_item` on, a chunk at a time; when time runs
    short before the last, store the spans (once) and queue the rest as a HandOut."""
    items = _work_items(plan, _groups(starts, ends, limits), hand_out.copy_key, hand_out.next_item)
    sent = hand_out.next_item
    while chunk := list(islice(items, SEND_CHUNK)):
        storage.send_messages(limits.feed_queue_url, [item.message() for item in chunk], parallel=SEND_THREADS)
        sent += len(chunk)
        if sent < plan.items and remaining_ms is not None and remaining_ms() < HAND_OUT_MARGIN_MS:
            spans_key = hand_out.spans_key or processed.put_feed_copy(
                source, f"spans-{plan.plan}", io.BytesIO(starts.tobytes() + ends.tobytes())
            )
            rest = hand_out.model_copy(update={"next_item": sent, "spans_key": spans_key})
            storage.send_messages(limits.feed_queue_url, [rest.message()])
            if not plan.handed_out:  # only once the HandOut is on the queue, which keeps it until it is done
                put_plan(processed, source, plan.model_copy(update={"handed_out": True}))
            logger.info("feed hand-out continues in another invocation", extra={"key": plan.origin.key, "at": sent})
            return
    put_plan(processed, source, plan.model_copy(update={"complete": True}))
    if hand_out.spans_key:
        processed.delete(hand_out.spans_key)
    logger.info("feed planned", extra={"key": plan.origin.key, "articles": plan.elements, "items": plan.items})


def _groups(starts: array, ends: array, limits: ParseLimits) -> Iterator[list[Span]]:
    """The elements' spans grouped into work items; made again when needed: a 1 GB feed's spans as
    objects take 150 MB."""
    spans = (Span(start, end) for start, end in zip(starts, ends, strict=True))
    return group_spans(spans, limits.feed_item_articles, limits.feed_item_bytes)


def _work_items(plan: FeedPlan, groups: Iterable[list[Span]], copy_key: str, first_item: int = 0) -> Iterator[WorkItem]:
    """The plan's work items from `first_item` on."""
    first = 0
    for index, group in enumerate(groups):
        if index >= first_item:
            yield WorkItem(
                plan=plan.plan,
                origin=plan.origin,
                kind=plan.kind,
                index=index,
                elements=len(group),
                first_position=first,
                spans=[(span.start, span.end) for span in group],
                copy_key=copy_key,
            )
        first += len(group)


def run_item(
    item: WorkItem, processed: ProcessedStore, limits: ParseLimits, remaining_ms: Callable[[], int] | None = None
) -> list[str]:
    """Parse the item's elements; ids of the articles written. A stale item (its file changed) does nothing.

    When the invocation is about to run out of time, the item's rest goes back to the queue as a
    new work item, so one item never needs more than the time it has.
    """
    source = source_id(item.origin.bucket, item.origin.key)
    plan = read_plan(processed, source)
    if plan is None or plan.plan != item.plan:
        logger.info("stale work item dropped", extra={"key": item.origin.key, "plan": item.plan})
        return []
    base = item.spans[0][0]
    oversized = item.spans[-1][1] - base > limits.max_object_bytes  # only ever a single element
    data = b"" if oversized else _read_item(item, processed, base)
    if data is None:
        logger.info("work item's file changed or vanished", extra={"key": item.origin.key})
        return []
    rejected = processed.rejection_ids(f"{source}-")  # one listing, not a delete per article written
    running_out = _clock(limits, remaining_ms)
    extracted: list[_Parsed] = []
    for offset, (start, end) in enumerate(item.spans):
        if offset and running_out(articles=2):  # this element, then the NER of the item so far
            break
        if oversized:
            extracted.append(
                _Parsed(reason=f"article is {end - start} bytes, over the limit of {limits.max_object_bytes}")
            )
        else:
            extracted.append(_extract_element(data[start - base : end - base], item.kind, limits))
    parsed = _with_entities(extracted, limits, running_out)
    written: list[str] = []
    for offset, outcome in enumerate(parsed):
        written += _store_element(processed, source, item.origin, item.first_position + offset, outcome, rejected)
    if len(parsed) < len(item.spans):
        position = item.first_position + len(parsed)
        rest = item.model_copy(
            update={
                "first_position": position,
                "spans": item.spans[len(parsed) :],
                "written_before": item.written_before + len(written),
            }
        )
        storage.send_messages(limits.feed_queue_url, [rest.message()])
        logger.info("work item continues in another invocation", extra={"key": item.origin.key, "at": position})
        return written
    done = ItemDone(item.index, item.elements, item.written_before + len(written))
    processed.mark_item_done(source, item.plan, done.name())
    return written


def _read_item(item: WorkItem, processed: ProcessedStore, base: int) -> bytes | None:
    """The item's bytes, from the raw object (None once it changed) or from its plan's inflated copy."""
    end = item.spans[-1][1]
    if item.copy_key:  # the copy is the plan's: a stale item was dropped above
        return storage.read_range(processed.bucket, item.copy_key, base, end, None, processed.s3)
    return storage.read_range(item.origin.bucket, item.origin.key, base, end, item.origin.etag)


def _clock(limits: ParseLimits, remaining_ms: Callable[[], int] | None) -> Callable[..., bool]:
    """`running_out(articles=n)`: True when the invocation has less time left than n articles' parse
    limits; always False where the rest of an item cannot go back to the queue."""

    def running_out(*, articles: int) -> bool:
        if not limits.feed_queue_url or remaining_ms is None:
            return False
        return remaining_ms() < articles * round(limits.parse_timeout_s * 1000) + ARTICLE_MARGIN_MS

    return running_out


@dataclass(frozen=True)
class _Parsed:
    """One element's outcome: an article, a rejection's reason, or neither (a WARC record that is no page)."""

    content: ArticleContent | None = None
    reason: str | None = None
    parse_ms: float = 0.0


def _extract_element(data: bytes, kind: ContainerKind, limits: ParseLimits) -> _Parsed:
    """The element's article with all but its entities, under the per-article time limit."""
    from newsdrop.parsing.enrich import derive_fields  # the NLP stack loads only where parsing happens

    def extract() -> ArticleContent | None:
        content = element_article(data, kind)
        return None if content is None else derive_fields(content)

    return _timed(extract, limits)


def _with_entities(extracted: list[_Parsed], limits: ParseLimits, running_out: Callable[..., bool]) -> list[_Parsed]:
    """The extracted articles with their entities, by one NER stream under the per-article limit.

    Should the stream pass the limit or fail (one pathological article, or many long ones), NER
    runs again article by article, each under the limit, so only the article at fault is rejected;
    then the list may come back shorter when the invocation runs out of time.
    """
    from newsdrop.parsing.enrich import add_entities

    contents = [outcome.content for outcome in extracted if outcome.content is not None]
    started = time.perf_counter()
    try:
        with time_limit(limits.parse_timeout_s):
            enriched = iter(add_entities(contents, limits.ner_model))
    except (ParseTimeout, Exception):  # every article is tried alone below
        logger.info("NER of the work item at once failed; article by article", exc_info=True)
    else:
        share_ms = 1000 * (time.perf_counter() - started) / max(len(contents), 1)
        return [_plus_entities(outcome, enriched, share_ms) for outcome in extracted]
    alone: list[_Parsed] = []
    for outcome in extracted:
        if alone and running_out(articles=1):
            break
        if outcome.content is None:
            alone.append(outcome)
            continue
        with_ner = _timed(lambda content=outcome.content: add_entities([content], limits.ner_model)[0], limits)
        alone.append(replace(with_ner, parse_ms=round(outcome.parse_ms + with_ner.parse_ms, 1)))
    return alone


def _plus_entities(outcome: _Parsed, enriched: Iterator[ArticleContent], share_ms: float) -> _Parsed:
    if outcome.content is None:
        return outcome
    return _Parsed(next(enriched), None, round(outcome.parse_ms + share_ms, 1))


def _timed(parse: Callable[[], ArticleContent | None], limits: ParseLimits) -> _Parsed:
    """Run one article's parse step under the time limit; any failure is that article's rejection."""
    started = time.perf_counter()
    try:
        with time_limit(limits.parse_timeout_s):
            content = parse()
    except ParseTimeout:
        return _Parsed(reason=f"parsing took longer than the limit of {limits.parse_timeout_s:g}s")
    except RejectedInput as exc:
        return _Parsed(reason=exc.reason)
    except Exception as exc:  # one article crashing its parser must not retry the whole item forever
        logger.exception("parser failed on one article")
        return _Parsed(reason=f"parser error: {type(exc).__name__}: {exc}")
    return _Parsed(content, None, round((time.perf_counter() - started) * 1000, 1))


def _store_element(
    processed: ProcessedStore,
    source: str,
    origin: SourceRef,
    position: int,
    parsed: _Parsed,
    rejected: set[str],
) -> list[str]:
    located = origin.model_copy(update={"position": position})
    identity = article_id(origin.bucket, origin.key, position)
    if parsed.content is not None:
        processed.put_article(source, build_article(parsed.content, origin, position, parsed.parse_ms))
        if identity in rejected:  # rejected before, by parse or index, and now an article
            processed.clear_rejections({identity})
        return [identity]
    processed.delete(processed.article_key(source, identity))  # what this position held before, if anything
    if parsed.reason is not None:
        processed.put_rejection(
            Rejection(
                id=identity,
                origin=located,
                stage="parse",
                reason=f"article {position + 1} of {origin.articles_in_file}: {parsed.reason}",
            )
        )
        logger.info("article rejected", extra={"key": origin.key, "position": position, "reason": parsed.reason})
    return []


def _reject_file(processed: ProcessedStore, source: str, origin: SourceRef, exc: RejectedInput) -> ParseResult:
    processed.delete_all(processed.article_keys(source))
    processed.forget_feed(source)
    processed.put_rejection(
        Rejection(id=source, origin=origin, stage="parse", reason=exc.reason, detected_type=exc.detected_type)
    )
    logger.info("rejected", extra={"key": origin.key, "reason": exc.reason})
    return ParseResult("rejected", reason=exc.reason)


def _remove_positions_from(
    processed: ProcessedStore, source: str, origin: SourceRef, total: int, previous: FeedPlan | None
) -> None:
    """Articles (and rejections) at positions the new version no longer has."""
    if previous is not None:
        gone = range(total, previous.elements)
    else:  # no plan: whatever the file gave before (one article, or a feed of an older parser)
        ids = filter(None, map(processed.article_id_of, processed.article_keys(source)))
        gone = sorted(int(i.rsplit("-", 1)[1]) for i in ids if int(i.rsplit("-", 1)[1]) >= total)
    identities = [article_id(origin.bucket, origin.key, position) for position in gone]
    processed.delete_all(
        [
            *(processed.article_key(source, identity) for identity in identities),
            *map(processed.rejection_key, identities),
        ]
    )


def _settled(processed: ProcessedStore, source: str, plan: FeedPlan, existing: set[str]) -> bool:
    """True when this version needs nothing more: its items are all on the queue, or the rest of them
    as a HandOut (SQS retries each until it is done), or, parsed in one invocation, every item
    finished and wrote what it says."""
    if not (plan.complete or plan.handed_out):
        return False
    if plan.items > 1:
        return True
    finished = [ItemDone.parse(name) for name in processed.feed_progress(source, plan.plan)]
    return len(finished) == plan.items and sum(done.articles for done in finished) == len(existing)


@dataclass(frozen=True)
class ItemDone:
    """A finished work item, as its progress marker's name says: `<item>-<elements>-<articles>`."""

    item: int
    elements: int
    articles: int

    @classmethod
    def parse(cls, name: str) -> ItemDone:
        item, elements, articles = map(int, name.split("-"))
        return cls(item, elements, articles)

    def name(self) -> str:
        return f"{self.item}-{self.elements}-{self.articles}"


def _same_version(plan: FeedPlan, origin: SourceRef) -> bool:
    return (
        plan.origin.etag == origin.etag
        and plan.origin.version_id == origin.version_id
        and plan.parser_version == PARSER_VERSION
    )


def read_plan(processed: ProcessedStore, source: str) -> FeedPlan | None:
    data = processed.read_json(processed.feed_key(source))
    return None if data is None else FeedPlan.model_validate_json(data)


def put_plan(processed: ProcessedStore, source: str, plan: FeedPlan) -> None:
    processed.put_raw_json(processed.feed_key(source), plan.model_dump_json())


def feed_progress(processed: ProcessedStore) -> list[dict[str, object]]:
    """Every multi-article file's progress: articles done (parsed or rejected) of its total."""
    report = []
    for key in processed.feed_keys():
        data = processed.read_json(key)
        if data is None:
            continue
        plan = FeedPlan.model_validate_json(data)
        source = key.removeprefix(storage.FEEDS_PREFIX).removesuffix(".json")
        finished = [ItemDone.parse(name) for name in processed.feed_progress(source, plan.plan)]
        done = sum(item.elements for item in finished)
        report.append(
            {
                "key": plan.origin.key,
                "done": done,
                "total": plan.elements,
                "items_done": len(finished),
                "items": plan.items,
            }
        )
    return sorted(report, key=lambda feed: str(feed["key"]))

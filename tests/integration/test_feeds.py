"""Multi-article files through the parse function: planned, fanned out as work items, parsed in parts.

S3 and SQS in moto; the parse queue is a real (moto) queue that the work items go to and that the
tests drain into the handler the way Lambda's event source would.
"""

from __future__ import annotations

import gzip
import json
from typing import Any

import boto3
import pytest

from newsdrop.models import Article, Rejection, source_id
from newsdrop.parsing import parse_file
from newsdrop.pipeline import feeds
from newsdrop.pipeline.feeds import feed_progress
from newsdrop.pipeline.parse_stage import sync_messages
from newsdrop.settings import clear_caches, get_parse_settings
from newsdrop.storage import ProcessedStore
from tests.builders import html_page, warc_archive
from tests.conftest import PROCESSED_BUCKET, RAW_BUCKET
from tests.helpers import context, drain_parse_queue, load_function, s3_event_batch

PARAGRAPH = "The harbour council in {town} approved a new ferry timetable on Monday, Mayor Anna Berg said."


def _story(number: int, town: str = "Bergen", **extra: Any) -> dict[str, Any]:
    return {"title": f"Ferry story {number}", "body": PARAGRAPH.format(town=town), **extra}


def _jsonl(stories: list[dict[str, Any]]) -> bytes:
    return "".join(json.dumps(story) + "\n" for story in stories).encode()


@pytest.fixture
def queue(buckets, monkeypatch: pytest.MonkeyPatch) -> str:
    """The parse queue, named to the function as FEED_QUEUE_URL; work items of four articles."""
    url = boto3.client("sqs", region_name="us-east-1").create_queue(QueueName="newsdrop-parse")["QueueUrl"]
    monkeypatch.setenv("FEED_QUEUE_URL", url)
    monkeypatch.setenv("FEED_ITEM_ARTICLES", "4")
    clear_caches()
    return url


def _notify(key: str, event_name: str = "ObjectCreated:Put") -> dict:
    batch = s3_event_batch("parse_object_created", [(RAW_BUCKET, key, event_name)])
    return load_function("parse").lambda_handler(batch, context("ParseFunction"))


def _articles(key: str) -> list[Article]:
    store = ProcessedStore(PROCESSED_BUCKET)
    articles = [store.read_article(k) for k in store.article_keys(source_id(RAW_BUCKET, key))]
    return sorted(articles, key=lambda article: article.origin.position)


def _rejections(key: str) -> list[Rejection]:
    rejections = [r for r in ProcessedStore(PROCESSED_BUCKET).rejections() if r.origin.key == key]
    return sorted(rejections, key=lambda rejection: rejection.origin.position)


def _progress(key: str) -> dict[str, object]:
    return next(feed for feed in feed_progress(ProcessedStore(PROCESSED_BUCKET)) if feed["key"] == key)


def test_a_json_lines_feed_fans_out_into_work_items_that_parse_it_all(buckets, queue) -> None:
    # Given a JSON Lines feed of ten articles (three work items of at most four)
    buckets.put_object(Bucket=RAW_BUCKET, Key="feeds/ten.jsonl", Body=_jsonl([_story(n) for n in range(10)]))
    # When the parse function hears of it
    assert _notify("feeds/ten.jsonl") == {"batchItemFailures": []}
    # Then nothing is parsed yet: three work items wait in the queue, and status shows 0 of 10
    assert _articles("feeds/ten.jsonl") == []
    assert _progress("feeds/ten.jsonl") == {
        "key": "feeds/ten.jsonl",
        "done": 0,
        "total": 10,
        "items_done": 0,
        "items": 3,
    }
    # And the same event delivered again (S3 delivers at least once) hands out nothing more
    assert _notify("feeds/ten.jsonl") == {"batchItemFailures": []}
    depth = boto3.client("sqs", region_name="us-east-1").get_queue_attributes(
        QueueUrl=queue, AttributeNames=["ApproximateNumberOfMessages"]
    )
    assert depth["Attributes"]["ApproximateNumberOfMessages"] == "3"
    # When the queue is drained into the function
    drain_parse_queue(queue)
    # Then every article is there, with ids by position, and status shows the feed done
    articles = _articles("feeds/ten.jsonl")
    assert [a.title for a in articles] == [f"Ferry story {n}" for n in range(10)]
    assert [a.id for a in articles] == [f"{source_id(RAW_BUCKET, 'feeds/ten.jsonl')}-{n}" for n in range(10)]
    assert {a.origin.articles_in_file for a in articles} == {10}
    assert any(e.text == "Anna Berg" for e in articles[7].entities)
    assert _progress("feeds/ten.jsonl")["done"] == 10
    # And the same event delivered again plans nothing new
    assert _notify("feeds/ten.jsonl") == {"batchItemFailures": []}
    assert drain_parse_queue(queue) == 0


def test_one_pathological_article_is_rejected_with_its_position_and_the_rest_is_parsed(
    buckets, queue, monkeypatch
) -> None:
    # Given a warm function (its NER model loaded) with a 2 s limit per article,
    buckets.put_object(Bucket=RAW_BUCKET, Key="warm.jsonl", Body=_jsonl([_story(0), _story(1)]))
    _notify("warm.jsonl")
    monkeypatch.setenv("PARSE_TIMEOUT_S", "2")
    clear_caches()
    # and a feed whose sixth article is 150,000 words that NER needs far longer than 2 s for
    stories = [_story(n) for n in range(8)]
    stories[5]["body"] = " ".join([PARAGRAPH.format(town="Oslo")] * 9000)
    buckets.put_object(Bucket=RAW_BUCKET, Key="feeds/slow.jsonl", Body=_jsonl(stories))
    # When the feed is parsed
    _notify("feeds/slow.jsonl")
    drain_parse_queue(queue)
    # Then that article is a rejection naming the limit and its position, and the seven others are articles
    (rejection,) = _rejections("feeds/slow.jsonl")
    assert rejection.reason == "article 6 of 8: parsing took longer than the limit of 2s"
    assert rejection.origin.position == 5
    assert rejection.id == f"{source_id(RAW_BUCKET, 'feeds/slow.jsonl')}-5"
    assert [a.origin.position for a in _articles("feeds/slow.jsonl")] == [0, 1, 2, 3, 4, 6, 7]
    assert _progress("feeds/slow.jsonl")["done"] == 8


def test_articles_parsed_together_in_a_work_item_name_the_entities_they_name_alone(buckets, queue) -> None:
    # Given stories of different lengths naming different people and places, one of them German
    people = ["Sergey Lavrov", "Angela Merkel", "John Kerry", "Ingrid Solberg", "Kenji Sato", "Maria Lopez"]
    towns = ["Moscow", "Berlin", "Boston", "Oslo", "Osaka", "Lisbon"]
    stories = [
        {
            "title": f"{person} visits {town}",
            "body": " ".join(
                f"{person} met officials of the United Nations in {town} on Tuesday, {people[n - 1]} said."
                for _ in range(n * 3 + 1)
            ),
        }
        for n, (person, town) in enumerate(zip(people, towns, strict=True))
    ]
    stories.insert(
        3,
        {
            "title": "Stadtrat beschliesst Strassenbahn",
            "body": "Der Stadtrat hat am Dienstag beschlossen, "
            "eine neue Strassenbahnlinie zum Flughafen zu bauen, sagte die Stadt.",
        },
    )
    buckets.put_object(Bucket=RAW_BUCKET, Key="feeds/people.jsonl", Body=_jsonl(stories))
    # When the feed is parsed in work items of four, NER running once per item
    _notify("feeds/people.jsonl")
    drain_parse_queue(queue)
    # Then every article has exactly the entities (and notes) it gets when parsed on its own
    articles = _articles("feeds/people.jsonl")
    assert len(articles) == len(stories)
    for article, story in zip(articles, stories, strict=True):
        (alone,) = parse_file(json.dumps(story).encode(), "story.json")
        assert article.entities == alone.entities
        assert article.notes == alone.notes
    assert {"Sergey Lavrov", "Moscow"} <= {entity.text for entity in articles[0].entities}
    assert articles[3].entities == []


def test_broken_and_empty_elements_are_rejections_with_positions(buckets, queue) -> None:
    feed = _jsonl([_story(0)]) + b'{"title": "cut off", "body": "\n' + _jsonl([{"title": "no body"}, _story(3)])
    buckets.put_object(Bucket=RAW_BUCKET, Key="feeds/mixed.jsonl", Body=feed)
    _notify("feeds/mixed.jsonl")
    drain_parse_queue(queue)
    assert [a.title for a in _articles("feeds/mixed.jsonl")] == ["Ferry story 0", "Ferry story 3"]
    reasons = [(r.origin.position, r.reason.split(":")[0]) for r in _rejections("feeds/mixed.jsonl")]
    assert reasons == [(1, "article 2 of 4"), (2, "article 3 of 4")]
    assert "not valid JSON" in _rejections("feeds/mixed.jsonl")[0].reason
    # And once the feed is fixed, its rejections give way to articles
    buckets.put_object(Bucket=RAW_BUCKET, Key="feeds/mixed.jsonl", Body=_jsonl([_story(n) for n in range(4)]))
    _notify("feeds/mixed.jsonl")
    drain_parse_queue(queue)
    assert _rejections("feeds/mixed.jsonl") == []
    assert [a.origin.position for a in _articles("feeds/mixed.jsonl")] == [0, 1, 2, 3]


def test_a_changed_feed_updates_its_articles_and_drops_those_it_no_longer_holds(buckets, queue) -> None:
    # Given a feed of six articles, parsed
    buckets.put_object(Bucket=RAW_BUCKET, Key="feeds/daily.jsonl", Body=_jsonl([_story(n) for n in range(6)]))
    _notify("feeds/daily.jsonl")
    drain_parse_queue(queue)
    # When it is replaced by three articles, the second of them changed
    changed = [_story(0), _story(1, town="Tromso", title="Ferry story 1, corrected"), _story(2)]
    buckets.put_object(Bucket=RAW_BUCKET, Key="feeds/daily.jsonl", Body=_jsonl(changed))
    _notify("feeds/daily.jsonl")
    drain_parse_queue(queue)
    # Then the processed bucket holds exactly the three, the changed one updated in place
    articles = _articles("feeds/daily.jsonl")
    assert [a.title for a in articles] == ["Ferry story 0", "Ferry story 1, corrected", "Ferry story 2"]
    assert "Tromso" in articles[1].text
    assert _progress("feeds/daily.jsonl")["total"] == 3
    # When the feed is removed
    buckets.delete_object(Bucket=RAW_BUCKET, Key="feeds/daily.jsonl")
    _notify("feeds/daily.jsonl", "ObjectRemoved:Delete")
    # Then its articles, and its progress, are gone
    assert _articles("feeds/daily.jsonl") == []
    assert not [f for f in feed_progress(ProcessedStore(PROCESSED_BUCKET)) if f["key"] == "feeds/daily.jsonl"]


def test_work_items_of_a_replaced_version_are_dropped_unparsed(buckets, queue) -> None:
    # Given a feed planned into work items that still wait in the queue
    buckets.put_object(Bucket=RAW_BUCKET, Key="feeds/fast.jsonl", Body=_jsonl([_story(n) for n in range(9)]))
    _notify("feeds/fast.jsonl")
    # When the file is replaced by a shorter one before they run, and its own event comes
    buckets.put_object(
        Bucket=RAW_BUCKET, Key="feeds/fast.jsonl", Body=_jsonl([_story(n, town="Oslo") for n in range(2)])
    )
    _notify("feeds/fast.jsonl")
    drain_parse_queue(queue)
    # Then only the new version's articles exist
    articles = _articles("feeds/fast.jsonl")
    assert [a.title for a in articles] == ["Ferry story 0", "Ferry story 1"]
    assert all("Oslo" in a.text for a in articles)


def test_an_item_short_of_time_hands_its_rest_to_the_queue(buckets, queue) -> None:
    # Given a feed whose work items wait in the queue
    buckets.put_object(Bucket=RAW_BUCKET, Key="feeds/late.jsonl", Body=_jsonl([_story(n) for n in range(8)]))
    _notify("feeds/late.jsonl")
    sqs = boto3.client("sqs", region_name="us-east-1")
    (message,) = sqs.receive_message(QueueUrl=queue, MaxNumberOfMessages=1)["Messages"]
    # When an invocation runs the first item with time for one article and not for a second
    clock = iter([60_000, 1_000])  # ms left: when the message is taken, and before its second article
    outcome = sync_messages(
        {"item": message["Body"]}, ProcessedStore(PROCESSED_BUCKET), get_parse_settings(), lambda: next(clock)
    )
    assert outcome.failed == {}
    sqs.delete_message(QueueUrl=queue, ReceiptHandle=message["ReceiptHandle"])
    # Then it parsed one article and queued the rest of its item; the queue finishes the feed
    assert len(_articles("feeds/late.jsonl")) == 1
    drain_parse_queue(queue)
    assert [a.origin.position for a in _articles("feeds/late.jsonl")] == list(range(8))
    assert _progress("feeds/late.jsonl") == {
        "key": "feeds/late.jsonl",
        "done": 8,
        "total": 8,
        "items_done": 2,
        "items": 2,
    }


def test_handing_out_work_items_short_of_time_leaves_the_rest_to_another_invocation_once(
    buckets, queue, monkeypatch
) -> None:
    # Given a feed of ten articles (three work items), sent one item at a time
    monkeypatch.setattr(feeds, "SEND_CHUNK", 1)
    buckets.put_object(Bucket=RAW_BUCKET, Key="feeds/big.jsonl", Body=_jsonl([_story(n) for n in range(10)]))
    notification = s3_event_batch("parse_object_created", [(RAW_BUCKET, "feeds/big.jsonl", "ObjectCreated:Put")])
    # When the invocation that plans it has time to start, then not enough to send more than one item
    clock = iter([60_000, 1_000])
    outcome = sync_messages(
        {"event": notification["Records"][0]["body"]},
        ProcessedStore(PROCESSED_BUCKET),
        get_parse_settings(),
        lambda: next(clock),
    )
    assert outcome.failed == {}
    # Then the plan counts all three items, and the queue holds one item and the rest to hand out
    assert _progress("feeds/big.jsonl")["items"] == 3
    bodies = [json.loads(m["Body"]) for m in _receive_all(queue)]
    assert sorted(next(iter(body)) for body in bodies) == ["feed_hand_out", "feed_item"]
    # When S3 delivers the same event again before the queue is drained
    again = sync_messages(
        {"again": notification["Records"][0]["body"]},
        ProcessedStore(PROCESSED_BUCKET),
        get_parse_settings(),
        lambda: 60_000,
    )
    assert again.failed == {}
    # Then the feed is not planned again: the queue holds the same two messages
    assert [json.loads(m["Body"]) for m in _receive_all(queue)] == bodies
    # When the queue is drained into the function
    drain_parse_queue(queue)
    # Then every article is there once, the feed is done, and the spans kept for the hand-out are gone
    assert [a.origin.position for a in _articles("feeds/big.jsonl")] == list(range(10))
    assert _progress("feeds/big.jsonl") == {
        "key": "feeds/big.jsonl",
        "done": 10,
        "total": 10,
        "items_done": 3,
        "items": 3,
    }
    listed = buckets.list_objects_v2(Bucket=PROCESSED_BUCKET, Prefix="feeds/").get("Contents", [])
    assert not [item["Key"] for item in listed if "spans" in item["Key"]]


def _receive_all(queue: str) -> list[dict[str, Any]]:
    """Every message in the queue, made visible again at once (the drain that follows takes them)."""
    sqs = boto3.client("sqs", region_name="us-east-1")
    messages = sqs.receive_message(QueueUrl=queue, MaxNumberOfMessages=10)["Messages"]
    for message in messages:
        sqs.change_message_visibility(QueueUrl=queue, ReceiptHandle=message["ReceiptHandle"], VisibilityTimeout=0)
    return messages


def test_a_json_array_and_a_warc_fan_out_too(buckets, queue) -> None:
    array = json.dumps([_story(n) for n in range(6)], indent=2).encode()
    page = html_page("Harbour ferry timetable {n}", [PARAGRAPH.format(town="Bergen") * 4] * 3)
    archive = warc_archive(
        [(f"https://news.example/{n}", "text/html", page.replace("{n}", str(n)).encode()) for n in range(6)], gzip=True
    )
    buckets.put_object(Bucket=RAW_BUCKET, Key="feeds/six.json", Body=array)
    buckets.put_object(Bucket=RAW_BUCKET, Key="crawls/six.warc.gz", Body=archive)
    _notify("feeds/six.json")
    _notify("crawls/six.warc.gz")
    assert _progress("feeds/six.json")["items"] == _progress("crawls/six.warc.gz")["items"] == 2
    drain_parse_queue(queue)
    assert [a.title for a in _articles("feeds/six.json")] == [f"Ferry story {n}" for n in range(6)]
    assert [a.title for a in _articles("crawls/six.warc.gz")] == [f"Harbour ferry timetable {n}" for n in range(6)]
    assert [a.url for a in _articles("crawls/six.warc.gz")][5] == "https://news.example/5"


def test_a_feed_has_its_own_size_limit(buckets, queue, monkeypatch) -> None:
    # Given an upload limit of 2,000 bytes and a feed limit of 20,000
    monkeypatch.setenv("MAX_OBJECT_BYTES", "2000")
    monkeypatch.setenv("MAX_FEED_BYTES", "20000")
    clear_caches()
    small_feed, big_feed = _jsonl([_story(n) for n in range(20)]), _jsonl([_story(n) for n in range(200)])
    assert 2000 < len(small_feed) < 20000 < len(big_feed)
    buckets.put_object(Bucket=RAW_BUCKET, Key="feeds/small.jsonl", Body=small_feed)
    buckets.put_object(Bucket=RAW_BUCKET, Key="feeds/big.jsonl", Body=big_feed)
    # When both are parsed
    _notify("feeds/small.jsonl")
    _notify("feeds/big.jsonl")
    drain_parse_queue(queue)
    # Then the feed over the upload limit but under the feed limit is parsed; the bigger one rejected
    assert len(_articles("feeds/small.jsonl")) == 20
    (rejection,) = _rejections("feeds/big.jsonl")
    assert rejection.reason == f"multi-article file is {len(big_feed)} bytes, over the limit of 20000"
    assert _articles("feeds/big.jsonl") == []


def test_a_gzipped_json_lines_feed_fans_out_from_an_inflated_copy_removed_with_the_feed(buckets, queue) -> None:
    # Given a gzipped JSON Lines feed of ten stories (work items of four)
    stories = [_story(n) for n in range(10)]
    buckets.put_object(Bucket=RAW_BUCKET, Key="feeds/ten.jsonl.gz", Body=gzip.compress(_jsonl(stories)))
    # When it is parsed
    _notify("feeds/ten.jsonl.gz")
    assert _progress("feeds/ten.jsonl.gz")["items"] == 3
    drain_parse_queue(queue)
    # Then its work items parsed every story from the inflated copy
    assert [a.title for a in _articles("feeds/ten.jsonl.gz")] == [f"Ferry story {n}" for n in range(10)]
    assert _progress("feeds/ten.jsonl.gz")["done"] == 10
    # And removing the feed removes its articles, its plan and the copy
    buckets.delete_object(Bucket=RAW_BUCKET, Key="feeds/ten.jsonl.gz")
    _notify("feeds/ten.jsonl.gz", "ObjectRemoved:Delete")
    assert _articles("feeds/ten.jsonl.gz") == []
    listed = buckets.list_objects_v2(Bucket=PROCESSED_BUCKET, Prefix="feeds/").get("Contents", [])
    assert listed == []


def test_a_gzipped_feed_that_inflates_past_the_feed_limit_is_rejected(buckets, queue, monkeypatch) -> None:
    # Given a feed limit of 20,000 bytes and a gzipped feed under it that inflates to far more
    monkeypatch.setenv("MAX_FEED_BYTES", "20000")
    clear_caches()
    feed = _jsonl([_story(n) for n in range(400)])
    packed = gzip.compress(feed)
    assert len(packed) < 20000 < len(feed)
    buckets.put_object(Bucket=RAW_BUCKET, Key="feeds/bomb.jsonl.gz", Body=packed)
    # When it is parsed
    _notify("feeds/bomb.jsonl.gz")
    # Then it is one rejection saying so, and nothing else is left behind
    (rejection,) = _rejections("feeds/bomb.jsonl.gz")
    assert rejection.reason == "multi-article file inflates to more than the limit of 20000 bytes"
    assert _articles("feeds/bomb.jsonl.gz") == []
    assert drain_parse_queue(queue) == 0

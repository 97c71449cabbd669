"""The parse function on real-shaped SQS events, with S3 in moto and the real parser."""

from __future__ import annotations

import json
import time
from datetime import timedelta

import pytest

from newsdrop import storage
from newsdrop.models import Article, Rejection, source_id
from newsdrop.parsing.entities import load_pipeline
from newsdrop.storage import ProcessedStore
from newsdrop_local.workers import LocalContext
from tests.conftest import PROCESSED_BUCKET, RAW_BUCKET
from tests.helpers import context, load_event, load_function, s3_event_batch

STORY = """Council approves harbour ferry timetable

BERGEN -- The city council approved a new harbour ferry timetable on Monday, adding early \
crossings for commuters and a late boat on Fridays, Mayor Anna Berg said.

Berg said the changes would start in March and cost less than the council had feared, because \
the ferry operator agreed to share the extra fuel costs.

"People asked for a boat that gets them to work before eight, and now they have one," she told \
reporters after the vote in Bergen.
"""


def _parse(changes: list[tuple[str, str]]) -> dict:
    batch = s3_event_batch("parse_object_created", [(RAW_BUCKET, key, name) for key, name in changes])
    return load_function("parse").lambda_handler(batch, context("ParseFunction"))


def _articles(buckets, key: str) -> list[Article]:
    store = ProcessedStore(PROCESSED_BUCKET)
    return [store.read_article(k) for k in sorted(store.article_keys(source_id(RAW_BUCKET, key)))]


def _rejection(buckets, key: str) -> Rejection | None:
    store = ProcessedStore(PROCESSED_BUCKET)
    rejections = [r for r in store.rejections() if r.origin.key == key]
    return rejections[0] if rejections else None


def test_an_uploaded_story_becomes_one_article_in_the_processed_bucket(buckets) -> None:
    # Given a page dump in the raw bucket
    buckets.put_object(Bucket=RAW_BUCKET, Key="inbox/ferry story.txt", Body=STORY.encode())
    # When the parse function gets its notification (keys arrive URL-encoded, as from S3)
    assert _parse([("inbox/ferry+story.txt", "ObjectCreated:Put")]) == {"batchItemFailures": []}
    # Then one article with a deterministic id, clean body and origin is in the processed bucket
    (article,) = _articles(buckets, "inbox/ferry story.txt")
    assert article.title == "Council approves harbour ferry timetable"
    assert article.body[0].startswith("The city council approved")
    assert article.dateline == "Bergen"
    assert article.id == f"{source_id(RAW_BUCKET, 'inbox/ferry story.txt')}-0"
    assert article.origin.key == "inbox/ferry story.txt"
    assert article.word_count > 50
    assert any(e.text == "Anna Berg" and e.type == "PERSON" for e in article.entities)


def test_a_relative_date_counts_from_the_upload_and_is_marked_approximate(buckets) -> None:
    # Given a page dump whose only date is "3 hours ago"
    dump = STORY.replace("\n\nBERGEN", "\n\n3 hours ago\n\nBERGEN", 1)
    buckets.put_object(Bucket=RAW_BUCKET, Key="ferry-relative.txt", Body=dump.encode())
    uploaded = buckets.head_object(Bucket=RAW_BUCKET, Key="ferry-relative.txt")["LastModified"]
    # When the parse function parses it
    assert _parse([("ferry-relative.txt", "ObjectCreated:Put")]) == {"batchItemFailures": []}
    # Then the article is dated three hours before the upload, says so, and keeps the upload time
    (article,) = _articles(buckets, "ferry-relative.txt")
    assert article.published_approximate is True
    assert article.published == uploaded - timedelta(hours=3)
    assert article.origin.last_modified == uploaded
    assert "hours ago" not in article.text


def test_a_redelivered_event_does_not_rewrite_the_article(buckets) -> None:
    buckets.put_object(Bucket=RAW_BUCKET, Key="story.txt", Body=STORY.encode())
    _parse([("story.txt", "ObjectCreated:Put")])
    key = next(iter(ProcessedStore(PROCESSED_BUCKET).article_keys(source_id(RAW_BUCKET, "story.txt"))))
    before = buckets.head_object(Bucket=PROCESSED_BUCKET, Key=key)["VersionId"]
    _parse([("story.txt", "ObjectCreated:Put")])
    assert buckets.head_object(Bucket=PROCESSED_BUCKET, Key=key)["VersionId"] == before


def test_a_replaced_file_replaces_its_article(buckets) -> None:
    buckets.put_object(Bucket=RAW_BUCKET, Key="story.txt", Body=STORY.encode())
    _parse([("story.txt", "ObjectCreated:Put")])
    buckets.put_object(Bucket=RAW_BUCKET, Key="story.txt", Body=STORY.replace("Berg said", "Haugen said").encode())
    _parse([("story.txt", "ObjectCreated:Put")])
    (article,) = _articles(buckets, "story.txt")
    assert "Haugen" in article.text


def test_a_deleted_file_takes_its_articles_and_rejections_with_it(buckets) -> None:
    buckets.put_object(Bucket=RAW_BUCKET, Key="story.txt", Body=STORY.encode())
    _parse([("story.txt", "ObjectCreated:Put")])
    buckets.delete_object(Bucket=RAW_BUCKET, Key="story.txt")
    assert _parse([("story.txt", "ObjectRemoved:DeleteMarkerCreated")]) == {"batchItemFailures": []}
    assert _articles(buckets, "story.txt") == []


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b"", "empty"),
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8, "png"),
        (b"\xff\xfe\x00\x00garbage\x00\x01\x02" * 50, "binary"),
    ],
)
def test_a_file_that_is_no_article_becomes_a_rejection_not_a_retry(buckets, body: bytes, reason: str) -> None:
    # Given a file that cannot be an article
    buckets.put_object(Bucket=RAW_BUCKET, Key="bad.txt", Body=body)
    # When it is parsed, the message succeeds (no retry can help)
    assert _parse([("bad.txt", "ObjectCreated:Put")]) == {"batchItemFailures": []}
    # Then a rejection with the reason stands where `newsdrop status` shows it, and no article
    rejection = _rejection(buckets, "bad.txt")
    assert rejection is not None
    assert rejection.stage == "parse"
    assert reason in (rejection.reason + " " + (rejection.detected_type or "")).lower()
    assert _articles(buckets, "bad.txt") == []


def test_a_file_over_the_size_limit_is_rejected_before_it_is_read(buckets, monkeypatch) -> None:
    monkeypatch.setenv("MAX_OBJECT_BYTES", "1000")
    buckets.put_object(Bucket=RAW_BUCKET, Key="big.txt", Body=STORY.encode() * 3)
    _parse([("big.txt", "ObjectCreated:Put")])
    rejection = _rejection(buckets, "big.txt")
    assert rejection is not None
    assert "over the limit of 1000" in rejection.reason


def test_a_fixed_file_clears_its_rejection(buckets) -> None:
    buckets.put_object(Bucket=RAW_BUCKET, Key="story.txt", Body=b"")
    _parse([("story.txt", "ObjectCreated:Put")])
    buckets.put_object(Bucket=RAW_BUCKET, Key="story.txt", Body=STORY.encode())
    _parse([("story.txt", "ObjectCreated:Put")])
    assert _rejection(buckets, "story.txt") is None
    assert len(_articles(buckets, "story.txt")) == 1


def test_s3_test_events_are_acknowledged_and_ignored(buckets) -> None:
    event = load_event("parse_s3_test_event")
    assert load_function("parse").lambda_handler(event, context("ParseFunction")) == {"batchItemFailures": []}


def test_a_message_that_is_no_s3_notification_fails_alone(buckets) -> None:
    buckets.put_object(Bucket=RAW_BUCKET, Key="story.txt", Body=STORY.encode())
    batch = s3_event_batch("parse_object_created", [(RAW_BUCKET, "story.txt", "ObjectCreated:Put")] * 2)
    batch["Records"][1]["body"] = "not json"
    response = load_function("parse").lambda_handler(batch, context("ParseFunction"))
    assert response == {"batchItemFailures": [{"itemIdentifier": "message-1"}]}
    assert len(_articles(buckets, "story.txt")) == 1


def test_the_event_in_events_folder_is_what_the_handler_accepts(buckets) -> None:
    event = load_event("parse_object_created")
    key = json.loads(event["Records"][0]["body"])["Records"][0]["s3"]["object"]["key"]
    buckets.put_object(Bucket=RAW_BUCKET, Key=key.replace("+", " "), Body=STORY.encode())
    assert load_function("parse").lambda_handler(event, context("ParseFunction")) == {"batchItemFailures": []}
    assert len(_articles(buckets, key.replace("+", " "))) == 1


def test_a_file_that_takes_too_long_to_parse_is_rejected_with_the_limit(buckets, monkeypatch) -> None:
    monkeypatch.setenv("PARSE_TIMEOUT_S", "0.001")
    buckets.put_object(Bucket=RAW_BUCKET, Key="slow.txt", Body=STORY.encode())
    assert _parse([("slow.txt", "ObjectCreated:Put")]) == {"batchItemFailures": []}
    rejection = _rejection(buckets, "slow.txt")
    assert rejection is not None
    assert "longer than the limit of 0.001s" in rejection.reason


def test_an_invocation_short_of_time_takes_no_new_file_and_returns_the_rest_to_the_queue(buckets) -> None:
    # Given two uploads, and an invocation that has used all but 24 s of its 120 s (one file may take 20 + 5)
    for key in ("late/a.txt", "late/b.txt"):
        buckets.put_object(Bucket=RAW_BUCKET, Key=key, Body=STORY.encode())
    batch = s3_event_batch(
        "parse_object_created", [(RAW_BUCKET, k, "ObjectCreated:Put") for k in ("late/a.txt", "late/b.txt")]
    )
    late = LocalContext("ParseFunction", 1536, 120, "late", started=time.monotonic() - 96)
    # When the parse function gets the batch
    answer = load_function("parse").lambda_handler(batch, late)
    # Then neither file was started, and both messages go back to the queue for another invocation
    assert answer == {"batchItemFailures": [{"itemIdentifier": "message-0"}, {"itemIdentifier": "message-1"}]}
    assert _articles(buckets, "late/a.txt") == _articles(buckets, "late/b.txt") == []


def test_a_rejected_file_counts_in_a_metric_with_its_reason_and_a_parsed_one_by_its_articles(buckets, capsys) -> None:
    # Given an empty upload and a story
    buckets.put_object(Bucket=RAW_BUCKET, Key="metrics/empty.txt", Body=b"")
    buckets.put_object(Bucket=RAW_BUCKET, Key="metrics/story.txt", Body=STORY.encode())
    capsys.readouterr()
    # When both are parsed
    _parse([("metrics/empty.txt", "ObjectCreated:Put"), ("metrics/story.txt", "ObjectCreated:Put")])
    # Then CloudWatch gets FilesRejected with the reason as a dimension, and ArticlesParsed
    metrics = [json.loads(line) for line in capsys.readouterr().out.splitlines() if '"_aws"' in line]
    rejected = [m for m in metrics if "FilesRejected" in m]
    assert [(m["FilesRejected"], m["reason"]) for m in rejected] == [([1.0], "empty")]
    assert [m["ArticlesParsed"] for m in metrics if "ArticlesParsed" in m] == [[1.0]]


def test_the_cold_start_loads_the_ner_model_so_no_file_pays_for_it_in_its_time_limit() -> None:
    # Given a process where the NER model is not loaded
    load_pipeline.cache_clear()
    # When the parse function starts cold
    load_function("parse")
    # Then the model is loaded before any file's parse time limit starts
    assert load_pipeline.cache_info().currsize == 1


def test_a_page_costs_one_request_to_the_raw_bucket_and_one_cleanup_request(buckets) -> None:
    # Given a page dump, rejected once before (its rejection must go when it parses)
    buckets.put_object(Bucket=RAW_BUCKET, Key="budget/story.txt", Body=b"")
    _parse([("budget/story.txt", "ObjectCreated:Put")])
    assert _rejection(buckets, "budget/story.txt") is not None
    buckets.put_object(Bucket=RAW_BUCKET, Key="budget/story.txt", Body=STORY.encode())
    calls: list[tuple[str, str]] = []
    storage.s3_client().meta.events.register(
        "provide-client-params.s3", lambda params, model, **_: calls.append((model.name, params.get("Bucket")))
    )
    # When it is parsed
    assert _parse([("budget/story.txt", "ObjectCreated:Put")]) == {"batchItemFailures": []}
    # Then one GET of the raw object told its version and gave its bytes (S3 bills per request), the
    # old rejection and any older articles went in one request, and the article is there
    assert [call for call in calls if call[1] == RAW_BUCKET] == [("GetObject", RAW_BUCKET)]
    assert [name for name, _ in calls if name.startswith("Delete")] == ["DeleteObjects"]
    assert _rejection(buckets, "budget/story.txt") is None
    assert len(_articles(buckets, "budget/story.txt")) == 1


def test_the_same_notification_five_times_in_a_batch_is_synced_once(buckets, capsys) -> None:
    # Given a story whose upload notification arrives five times in one batch (at-least-once delivery)
    buckets.put_object(Bucket=RAW_BUCKET, Key="again/story.txt", Body=STORY.encode())
    capsys.readouterr()
    # When the batch is handled
    assert _parse([("again/story.txt", "ObjectCreated:Put")] * 5) == {"batchItemFailures": []}
    # Then the story is parsed once, and the copies cost no further S3 reads ("unchanged" syncs)
    metrics = [json.loads(line) for line in capsys.readouterr().out.splitlines() if '"_aws"' in line]
    assert [m["ObjectsParsed"] for m in metrics if "ObjectsParsed" in m] == [[1.0]]
    assert not [m for m in metrics if "ObjectsUnchanged" in m]
    assert len(_articles(buckets, "again/story.txt")) == 1

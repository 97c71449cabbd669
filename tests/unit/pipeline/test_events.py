"""S3 notifications as SQS delivers them: which objects changed, with their keys as uploaded."""

from __future__ import annotations

import json

import pytest

from newsdrop.pipeline.events import S3Change, s3_changes
from tests.helpers import load_event


def notification(*records: tuple[str, str]) -> str:
    """An S3 notification body with one record per (event name, key as S3 encodes it)."""
    shape = json.loads(load_event("parse_object_created")["Records"][0]["body"])["Records"][0]
    items = []
    for event_name, key in records:
        record = json.loads(json.dumps(shape))
        record["eventName"] = event_name
        record["s3"]["object"]["key"] = key
        items.append(record)
    return json.dumps({"Records": items})


def test_the_sample_event_names_its_bucket_key_and_change() -> None:
    body = load_event("parse_object_created")["Records"][0]["body"]
    assert s3_changes(body) == [
        S3Change("newsdrop-raw-123456789012-us-east-1", "inbox/kerry in moscow.txt", "ObjectCreated:Put")
    ]


def test_a_removal_is_a_change_too() -> None:
    (change,) = s3_changes(load_event("parse_object_removed")["Records"][0]["body"])
    assert change.event_name.startswith("ObjectRemoved")


@pytest.mark.parametrize(
    ("encoded", "uploaded"),
    [
        ("kerry+in+moscow.txt", "kerry in moscow.txt"),  # S3 writes spaces as +
        ("caf%C3%A9.html", "café.html"),
        ("1%2B1%3D2.txt", "1+1=2.txt"),  # a real plus arrives as %2B
        ("100%25+sure.txt", "100% sure.txt"),
        ("folder/sub/plain.json", "folder/sub/plain.json"),
    ],
)
def test_keys_are_decoded_to_the_names_they_were_uploaded_with(encoded: str, uploaded: str) -> None:
    (change,) = s3_changes(notification(("ObjectCreated:Put", encoded)))
    assert change.key == uploaded


def test_every_record_of_a_message_is_a_change_in_order() -> None:
    body = notification(("ObjectCreated:Put", "a.txt"), ("ObjectRemoved:Delete", "b.txt"))
    assert [(change.event_name, change.key) for change in s3_changes(body)] == [
        ("ObjectCreated:Put", "a.txt"),
        ("ObjectRemoved:Delete", "b.txt"),
    ]


def test_s3s_test_event_announces_nothing() -> None:
    assert s3_changes(load_event("parse_s3_test_event")["Records"][0]["body"]) == []


def test_a_json_object_without_records_announces_nothing() -> None:
    assert s3_changes('{"Service": "Amazon S3"}') == []


@pytest.mark.parametrize("body", ["not json", "[1, 2]", '"a string"', ""])
def test_a_body_that_is_no_notification_is_an_error(body: str) -> None:
    with pytest.raises(ValueError):  # noqa: PT011 — the caller only tells ValueError apart
        s3_changes(body)

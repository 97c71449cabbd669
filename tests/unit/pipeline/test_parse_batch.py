"""The parse stage's batch: it takes a new file only while the invocation has time for one."""

from __future__ import annotations

import json

from newsdrop.pipeline.parse_stage import START_MARGIN_MS, reason_kind, sync_messages
from newsdrop.settings import ParseLimits
from newsdrop.storage import ProcessedStore
from tests.conftest import PROCESSED_BUCKET, RAW_BUCKET
from tests.helpers import s3_event_batch


def _bodies(keys: list[str]) -> dict[str, str]:
    batch = s3_event_batch("parse_object_removed", [(RAW_BUCKET, key, "ObjectRemoved:Delete") for key in keys])
    return {record["messageId"]: record["body"] for record in batch["Records"]}


def test_files_start_while_one_more_fits_and_the_rest_are_returned_untouched(buckets) -> None:
    # Given four messages and a clock: 60 s left, then exactly one file's worth, then less (and a
    # clock reading more later still stops nothing: once short, the invocation takes no new file)
    limits = ParseLimits(parse_timeout_s=20)
    one_file_ms = 20_000 + START_MARGIN_MS
    clock = iter([60_000, one_file_ms, one_file_ms - 1, 50_000])
    # When the stage syncs the batch
    outcome = sync_messages(
        _bodies(["a", "b", "c", "d"]), ProcessedStore(PROCESSED_BUCKET), limits, lambda: next(clock)
    )
    # Then the first two were synced, the third and every later one comes back, saying why
    assert outcome.synced == 2
    assert set(outcome.failed) == {"message-2", "message-3"}
    assert outcome.failed["message-2"].startswith(f"not started: {one_file_ms - 1} ms left")


def test_a_message_that_is_no_notification_fails_alone(buckets) -> None:
    bodies = {"bad": json.dumps(["not", "s3"]), **_bodies(["a"])}
    outcome = sync_messages(bodies, ProcessedStore(PROCESSED_BUCKET), ParseLimits(), lambda: 60_000)
    assert outcome.failed == {"bad": "message body is not an S3 notification"}
    assert outcome.synced == 1


def test_rejection_reasons_become_a_few_stable_metric_values() -> None:
    assert reason_kind("file is 30000000 bytes, over the limit of 26214400") == "too-large"
    assert reason_kind("parsing took longer than the limit of 20s") == "timeout"
    assert reason_kind("empty file") == "empty"
    assert reason_kind("no article text found in any WARC record") == "no-article"
    assert reason_kind("parser error: KeyError: 'x'") == "parser-error"
    assert reason_kind("something new") == "other"

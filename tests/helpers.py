"""Shared test helpers: load a function's handler as Lambda would, build its events."""

from __future__ import annotations

import json
from pathlib import Path
from types import ModuleType
from typing import Any

import boto3

from newsdrop_local.workers import LocalContext, load_module

REPO = Path(__file__).resolve().parent.parent
EVENTS = REPO / "events"


def load_function(name: str) -> ModuleType:
    """A fresh import of functions/<name>/app.py, as a cold start would do."""
    return load_module(REPO / "functions" / name, "app", f"fn_{name}_app")


def context(name: str = "test") -> LocalContext:
    return LocalContext(function_name=name, memory_limit_in_mb=512, timeout_s=30, aws_request_id="test-request")


def load_event(name: str) -> dict[str, Any]:
    return json.loads((EVENTS / f"{name}.json").read_text())


def s3_event_batch(template: str, changes: list[tuple[str, str, str]]) -> dict[str, Any]:
    """The SQS batch of `events/<template>.json`, one message per (bucket, key, event name)."""
    event = load_event(template)
    shape = event["Records"][0]
    records = []
    for number, (bucket, key, event_name) in enumerate(changes):
        notification = json.loads(shape["body"])
        s3_record = notification["Records"][0]
        s3_record["eventName"] = event_name
        s3_record["s3"]["bucket"].update(name=bucket, arn=f"arn:aws:s3:::{bucket}")
        s3_record["s3"]["object"]["key"] = key
        records.append({**shape, "messageId": f"message-{number}", "body": json.dumps(notification)})
    return {"Records": records}


def http_get(path: str, query: dict[str, str] | None = None) -> dict[str, Any]:
    """`events/search_api_health.json` turned into a GET of `path` with `query`."""
    event = load_event("search_api_health")
    event["rawPath"] = event["requestContext"]["http"]["path"] = path
    event["routeKey"] = event["requestContext"]["routeKey"] = "$default"
    event["rawQueryString"] = "&".join(f"{k}={v}" for k, v in (query or {}).items())
    if query:
        event["queryStringParameters"] = query
    return event


def drain_parse_queue(queue_url: str) -> int:
    """Feed the queue's messages to the handler, five a batch, until it is empty; the batches it took."""
    sqs, shape, handler = boto3.client("sqs", region_name="us-east-1"), load_event("parse_object_created"), None
    batches = 0
    while messages := sqs.receive_message(QueueUrl=queue_url, MaxNumberOfMessages=5).get("Messages"):
        handler = handler or load_function("parse")
        records = [{**shape["Records"][0], "messageId": m["MessageId"], "body": m["Body"]} for m in messages]
        answer = handler.lambda_handler({"Records": records}, LocalContext("ParseFunction", 1536, 120, "drain"))
        failed = {failure["itemIdentifier"] for failure in answer["batchItemFailures"]}
        for message in messages:  # as Lambda does: delete what succeeded, the rest comes again
            if message["MessageId"] in failed:
                sqs.change_message_visibility(
                    QueueUrl=queue_url, ReceiptHandle=message["ReceiptHandle"], VisibilityTimeout=0
                )
            else:
                sqs.delete_message(QueueUrl=queue_url, ReceiptHandle=message["ReceiptHandle"])
        batches += 1
    return batches

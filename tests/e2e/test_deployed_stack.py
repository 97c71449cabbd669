"""The deployed stack, driven as a user would: upload to the raw bucket, find the article over HTTP.

Runs only with AWS credentials and NEWSDROP_STACK_NAME (a stack deployed from template.yaml); with
ApiAuthorizer=JWT, NEWSDROP_API_TOKEN is the bearer token to send. Skipped, saying why, otherwise.
"""

from __future__ import annotations

import json
import os
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest

STACK = os.environ.get("NEWSDROP_STACK_NAME", "")


def _credentials() -> Any:
    return boto3.Session().get_credentials()


pytestmark = pytest.mark.skipif(
    not STACK or _credentials() is None,
    reason="no deployed stack to test: set NEWSDROP_STACK_NAME and AWS credentials (e.g. AWS_PROFILE)",
)


@pytest.fixture(scope="module")
def outputs() -> dict[str, str]:
    stack = boto3.client("cloudformation").describe_stacks(StackName=STACK)["Stacks"][0]
    return {output["OutputKey"]: output["OutputValue"] for output in stack.get("Outputs", [])}


def _get(outputs: dict[str, str], path: str, *, sign: bool = True) -> tuple[int, str]:
    url = outputs["ApiUrl"] + path
    headers: dict[str, str] = {}
    if sign and outputs["ApiAuthorizer"] == "IAM":
        request = AWSRequest(method="GET", url=url)
        SigV4Auth(_credentials(), "execute-api", boto3.Session().region_name).add_auth(request)
        headers = dict(request.headers)
    elif sign and outputs["ApiAuthorizer"] == "JWT":
        headers = {"Authorization": f"Bearer {os.environ['NEWSDROP_API_TOKEN']}"}
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


@pytest.fixture
def uploaded(outputs: dict[str, str]) -> Iterator[str]:
    """A story with a word of its own in the raw bucket; removed afterwards."""
    word = f"zq{uuid.uuid4().hex[:10]}"
    key = f"e2e/{word}.json"
    story = {
        "title": f"Harbour ferry {word} timetable approved",
        "text": f"The council approved the {word} plan. " * 20,
    }
    s3 = boto3.client("s3")
    s3.put_object(Bucket=outputs["RawBucketName"], Key=key, Body=json.dumps(story).encode())
    yield word
    s3.delete_object(Bucket=outputs["RawBucketName"], Key=key)


def test_an_upload_becomes_searchable_behind_the_authorizer(outputs: dict[str, str], uploaded: str) -> None:
    deadline = time.monotonic() + 300
    while True:
        status, body = _get(outputs, f"/search?q={uploaded}")
        if status == 200 and json.loads(body)["total"] == 1:
            break
        assert time.monotonic() < deadline, f"not searchable after 5 minutes: {status} {body[:200]}"
        time.sleep(10)
    assert uploaded in json.loads(body)["hits"][0]["title"]
    if outputs["ApiAuthorizer"] != "NONE":
        assert _get(outputs, f"/search?q={uploaded}", sign=False)[0] in (401, 403)


def test_the_web_page_is_open_at_the_root(outputs: dict[str, str]) -> None:
    status, body = _get(outputs, "/", sign=False)
    assert status == 200
    assert "<title>newsdrop search</title>" in body

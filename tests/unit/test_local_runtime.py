"""The local Lambda runtime keeps Lambda's contracts: partial batches, redrive, event shapes."""

from __future__ import annotations

import json
import os
import textwrap
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import boto3
import pytest
from moto import mock_aws

from newsdrop_local.gateway import http_api_event
from newsdrop_local.pump import QueuePump
from newsdrop_local.workers import FunctionPool, FunctionSpec, FunctionWorker, InvocationError

HANDLER = textwrap.dedent(
    """
    import os, time

    def lambda_handler(event, context):
        failures = []
        for record in event["Records"]:
            if record["body"] == "nap":
                time.sleep(1)
                return {"pid": os.getpid()}
            if record["body"] == "sleep":
                time.sleep(30)
            if record["body"] == "boom":
                raise RuntimeError("the whole batch fails")
            if record["body"].startswith("bad"):
                failures.append({"itemIdentifier": record["messageId"]})
        return {"batchItemFailures": failures, "env": os.environ["GREETING"]}
    """
)


def _spec(folder: Path) -> FunctionSpec:
    (folder / "app.py").write_text(HANDLER)
    return FunctionSpec("TestFunction", folder, "app.lambda_handler", {"GREETING": "hi"}, timeout_s=3)


@pytest.fixture
def worker(tmp_path: Path):
    worker = FunctionWorker(_spec(tmp_path), tmp_path)
    yield worker
    worker.stop()


def test_worker_runs_the_handler_in_its_own_environment(worker: FunctionWorker) -> None:
    # Given a function whose environment sets GREETING
    # When it is invoked
    response = worker.invoke({"Records": []})
    # Then it answers with what the handler returned, seeing its own variables
    assert response == {"batchItemFailures": [], "env": "hi"}


def test_the_worker_process_starts_with_its_environment_set(worker: FunctionWorker) -> None:
    # Given a started worker of a function whose environment sets GREETING
    pid = worker.invoke({"Records": [{"messageId": "1", "body": "nap"}]})["pid"]
    # Then the process began with it (as Lambda's runtime does): libraries loaded before the handler,
    # such as numpy's BLAS reading OPENBLAS_NUM_THREADS, see it too
    environ = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
    assert b"GREETING=hi" in environ
    # and the parent's own environment is as it was
    assert "GREETING" not in os.environ


def test_a_handler_over_its_timeout_is_killed_and_replaced(worker: FunctionWorker) -> None:
    with pytest.raises(InvocationError, match="timed out"):
        worker.invoke({"Records": [{"messageId": "1", "body": "sleep"}]})
    assert worker.invoke({"Records": []})["env"] == "hi"


def test_a_worker_killed_in_the_middle_of_an_invocation_fails_it_and_the_next_gets_a_new_process(
    worker: FunctionWorker,
) -> None:
    # Given a worker busy with an invocation
    first_pid = worker.invoke({"Records": [{"messageId": "1", "body": "nap"}]})["pid"]
    killer = threading.Timer(0.3, worker.kill)
    killer.start()
    # When its process is killed in the middle of it, the invocation fails as a crash
    with pytest.raises(InvocationError, match="crashed"):
        worker.invoke({"Records": [{"messageId": "2", "body": "nap"}]})
    # Then the next invocation runs in a fresh process
    assert worker.invoke({"Records": [{"messageId": "3", "body": "nap"}]})["pid"] != first_pid


@pytest.mark.parametrize(("size", "processes"), [(1, 1), (2, 2)])
def test_a_pool_runs_as_many_invocations_at_once_as_it_has_workers(tmp_path: Path, size: int, processes: int) -> None:
    # Given a pool of `size` workers of a function that naps for a second
    pool = FunctionPool(_spec(tmp_path), tmp_path, size)
    pool.start()
    try:
        # When two invocations arrive at once
        with ThreadPoolExecutor(2) as callers:
            answers = list(
                callers.map(pool.invoke, [{"Records": [{"messageId": str(n), "body": "nap"}]} for n in (1, 2)])
            )
        # Then each worker takes one: two processes answer in a pool of two, one (in turn) in a pool of one
        assert len({answer["pid"] for answer in answers}) == processes
    finally:
        pool.stop()


@pytest.fixture
def queues():
    with mock_aws():
        sqs = boto3.client("sqs", region_name="us-east-1")
        dlq = sqs.create_queue(QueueName="work-dlq")["QueueUrl"]
        dlq_arn = sqs.get_queue_attributes(QueueUrl=dlq, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        redrive = json.dumps({"deadLetterTargetArn": dlq_arn, "maxReceiveCount": 2})
        queue = sqs.create_queue(QueueName="work", Attributes={"VisibilityTimeout": "0", "RedrivePolicy": redrive})[
            "QueueUrl"
        ]
        yield sqs, queue, dlq


def _count(sqs, url: str) -> int:
    attributes = sqs.get_queue_attributes(
        QueueUrl=url, AttributeNames=["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"]
    )["Attributes"]
    return int(attributes["ApproximateNumberOfMessages"]) + int(attributes["ApproximateNumberOfMessagesNotVisible"])


def test_pump_deletes_successes_and_redrives_repeated_failures(worker: FunctionWorker, queues) -> None:
    # Given a queue with two good messages and one the function reports as failed
    sqs, queue, dlq = queues
    for body in ("good-1", "bad-1", "good-2"):
        sqs.send_message(QueueUrl=queue, MessageBody=body)
    pump = QueuePump(sqs, queue, "arn:aws:sqs:us-east-1:123456789012:work", worker, 10, threading.Event())
    # When the pump runs until the queue is empty
    for _ in range(6):
        pump.pump_once(wait_s=0)
    # Then the good ones are gone and the failing one sits in the dead-letter queue after 2 receives
    assert _count(sqs, queue) == 0
    dead = sqs.receive_message(QueueUrl=dlq, MaxNumberOfMessages=10)["Messages"]
    assert [message["Body"] for message in dead] == ["bad-1"]


def test_pump_keeps_the_whole_batch_when_the_invocation_fails(worker: FunctionWorker, queues) -> None:
    sqs, queue, _ = queues
    sqs.send_message(QueueUrl=queue, MessageBody="boom")
    sqs.send_message(QueueUrl=queue, MessageBody="good")
    pump = QueuePump(sqs, queue, "arn:aws:sqs:us-east-1:123456789012:work", worker, 10, threading.Event())
    assert pump.pump_once(wait_s=0) == 2
    assert _count(sqs, queue) == 2


def test_pump_gathers_the_batch_size_from_what_is_waiting(worker: FunctionWorker, queues) -> None:
    # Given 27 messages waiting and an event source mapping of BatchSize 25 (one receive gives 10)
    sqs, _, _ = queues
    queue = sqs.create_queue(QueueName="feed")["QueueUrl"]  # received messages stay hidden for 30 s
    for n in range(27):
        sqs.send_message(QueueUrl=queue, MessageBody=f"good-{n}")
    pump = QueuePump(sqs, queue, "arn:aws:sqs:us-east-1:123456789012:work", worker, 25, threading.Event())
    # Then the function gets them in batches of 25 and 2, and all are deleted
    assert [pump.pump_once(wait_s=0), pump.pump_once(wait_s=0)] == [25, 2]
    assert _count(sqs, queue) == 0


def test_gateway_event_has_the_http_api_2_shape() -> None:
    event = http_api_event("GET", "/search?q=Lavrov&source=a&source=b", {"Host": "x"}, b"", "127.0.0.1")
    assert event["version"] == "2.0"
    assert event["rawPath"] == "/search"
    assert event["queryStringParameters"] == {"q": "Lavrov", "source": "a,b"}
    assert event["requestContext"]["http"]["method"] == "GET"
    assert event["headers"] == {"host": "x"}


def test_a_worker_that_starts_later_gets_the_environment_it_was_made_in(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given a worker made while the host has no LATE variable, not yet started
    (tmp_path / "app.py").write_text(
        "import os\n\ndef lambda_handler(event, context):\n    return os.environ.get('LATE')\n"
    )
    late = FunctionWorker(FunctionSpec("LateFunction", tmp_path, "app.lambda_handler", {}, timeout_s=3), tmp_path)
    try:
        # When the host sets LATE and only then is the worker's first invocation (its cold start)
        monkeypatch.setenv("LATE", "set after the stack started")
        answer = late.invoke({})
    finally:
        late.stop()

    # Then the worker does not see it, as the pool's first worker did not, and the host still does
    assert answer is None
    assert os.environ["LATE"] == "set after the stack started"

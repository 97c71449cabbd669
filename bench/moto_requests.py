"""CPU per AWS request against moto's own server and the local stack's (newsdrop_local.moto_server), one run.

    .venv/bin/python bench/moto_requests.py [--calls 1000] [--rounds 3]

The pipeline's calls, each `--calls` times in a row against each server: S3 PutObject and GetObject
of a 3 KB JSON object (a processed article), SQS SendMessage, and ReceiveMessage with the
DeleteMessage of what it returned (an index batch's, one message). The servers: moto's own
(werkzeug's development server); the same with the local stack's queue patches, as the stack ran
it before it served moto with waitress; the local stack's. Printed per call: the server process's
CPU, this client's (boto3), and wall time, as the median of `--rounds` rounds that rotate which
server goes first; then the stack's server against the second as ratios.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import boto3
from ingest import cpu_seconds

from newsdrop_local.ports import free_port
from newsdrop_local.stack import moto_server

_PATCHED_WERKZEUG = (
    "from newsdrop_local.moto_server import patch_sqs_queues; patch_sqs_queues(); from moto.server import main; main()"
)
SERVERS = {  # how `python` starts each
    "moto's own server": ["-m", "moto.server"],
    "moto's own server, the stack's queue patches": ["-c", _PATCHED_WERKZEUG],
    "the local stack's server (waitress)": ["-m", "newsdrop_local.moto_server"],
}
ARTICLE = b'{"title": "Harbour plan", "body": ["' + b"x" * 3000 + b'"]}'
MESSAGE = "m" * 500  # about an S3 notification's size


def calls(endpoint: str) -> dict[str, Callable[[int], object]]:
    s3 = boto3.client("s3", endpoint_url=endpoint)
    sqs = boto3.client("sqs", endpoint_url=endpoint)
    s3.create_bucket(Bucket="bench-articles")
    queue = sqs.create_queue(QueueName="bench-queue")["QueueUrl"]

    def receive_and_delete(_: int) -> None:
        for message in sqs.receive_message(QueueUrl=queue, MaxNumberOfMessages=1).get("Messages", []):
            sqs.delete_message(QueueUrl=queue, ReceiptHandle=message["ReceiptHandle"])

    return {
        "S3 PutObject": lambda i: s3.put_object(Bucket="bench-articles", Key=f"articles/{i}.json", Body=ARTICLE),
        "S3 GetObject": lambda i: s3.get_object(Bucket="bench-articles", Key=f"articles/{i}.json")["Body"].read(),
        "SQS SendMessage": lambda _: sqs.send_message(QueueUrl=queue, MessageBody=MESSAGE),
        "SQS ReceiveMessage + DeleteMessage": receive_and_delete,
    }


def measure(start: list[str], port: int, log: Path, count: int) -> dict[str, tuple[float, float, float]]:
    """Per call and operation: server CPU ms, client CPU ms, wall ms."""
    figures = {}
    with moto_server(port, log, start=start) as pid:
        for label, call in calls(f"http://127.0.0.1:{port}").items():
            server, client, wall = cpu_seconds(pid), time.process_time(), time.perf_counter()
            for i in range(count):
                call(i)
            figures[label] = (
                (cpu_seconds(pid) - server) * 1000 / count,
                (time.process_time() - client) * 1000 / count,
                (time.perf_counter() - wall) * 1000 / count,
            )
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--calls", type=int, default=1000, help="calls of each operation per server and round")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    os.environ.update(AWS_ACCESS_KEY_ID="bench", AWS_SECRET_ACCESS_KEY="bench", AWS_DEFAULT_REGION="us-east-1")
    runs: dict[str, list[dict[str, tuple[float, float, float]]]] = {name: [] for name in SERVERS}
    names = list(SERVERS)
    with tempfile.TemporaryDirectory() as folder:
        for round_ in range(args.rounds):
            for name in names[round_ % len(names) :] + names[: round_ % len(names)]:
                runs[name].append(measure(SERVERS[name], free_port(), Path(folder) / "server.log", args.calls))
    medians = {
        name: {
            label: tuple(statistics.median(run[label][part] for run in rounds) for part in range(3))
            for label in rounds[0]
        }
        for name, rounds in runs.items()
    }
    print(f"ms per call, median of {args.rounds} rounds of {args.calls:,} calls each: server CPU / client CPU / wall")
    for name, figures in medians.items():
        print(f"{name}:")
        for label, (server, client, wall) in figures.items():
            print(f"  {label:<36} {server:5.2f} / {client:5.2f} / {wall:5.2f}")
    before, stack = medians[names[1]], medians[names[2]]
    print("the local stack's server against moto's own with the queue patches (server CPU, client CPU, wall):")
    for label in before:
        ratios = " ".join(f"{stack[label][part] / before[label][part]:4.2f}x" for part in range(3))
        print(f"  {label:<36} {ratios}")


if __name__ == "__main__":
    main()

"""The whole pipeline on one machine: moto, a real OpenSearch node, workers, pumps and the gateway.

Everything is provisioned from template.yaml, so the local stack cannot drift from what deploys.
"""

from __future__ import annotations

import json
import logging
import secrets
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

import boto3
from opensearchpy import OpenSearch

from newsdrop.search_index.client import hosts_of
from newsdrop_local import template
from newsdrop_local.gateway import Gateway
from newsdrop_local.pump import QueuePump
from newsdrop_local.state import LOCAL_CREDENTIALS, StackState
from newsdrop_local.workers import FunctionPool, FunctionSpec

log = logging.getLogger(__name__)

REPO = Path(__file__).resolve().parents[2]
LOG_DIR = REPO / ".local" / "logs"
LOCAL_ENVIRONMENT = {
    "AWS_ACCESS_KEY_ID": LOCAL_CREDENTIALS["aws_access_key_id"],
    "AWS_SECRET_ACCESS_KEY": LOCAL_CREDENTIALS["aws_secret_access_key"],
    "AWS_DEFAULT_REGION": LOCAL_CREDENTIALS["region_name"],
    "AWS_REGION": LOCAL_CREDENTIALS["region_name"],
    "POWERTOOLS_TRACE_DISABLED": "true",
    "POWERTOOLS_METRICS_DISABLED": "true",
}


@contextmanager
def local_stack(
    opensearch_url: str,
    *,
    aws_port: int = 5000,
    api_port: int = 3000,
    log_dir: Path = LOG_DIR,
    parameters: dict[str, str] | None = None,
    environment: dict[str, str] | None = None,
    visibility_timeout_s: int | None = None,
    concurrency: int = 1,
) -> Iterator[StackState]:
    """Run the stack until the block exits.

    `parameters` override the template's, `environment` the functions' variables (tests use a
    private index alias), and `visibility_timeout_s` the queues' (tests retry in seconds).
    `concurrency` is how many instances of each function may run at once, as Lambda scales out:
    a pool of that many workers per function, that many pumps per queue.
    """
    endpoint = f"http://127.0.0.1:{aws_port}"
    overrides = {
        "OpenSearchEndpoint": opensearch_url,
        "OpenSearchAuth": "none",
        **(parameters or {}),
    }
    resources = template.load(REPO / "template.yaml", overrides, sqs_endpoint=endpoint)
    log_dir.mkdir(parents=True, exist_ok=True)
    stop = threading.Event()
    with ExitStack() as cleanup:
        cleanup.enter_context(moto_server(aws_port, log_dir / "moto.log"))
        state = _provision(resources, endpoint, opensearch_url, f"http://127.0.0.1:{api_port}", visibility_timeout_s)
        if environment and "INDEX_ALIAS" in environment:
            state.index_alias = environment["INDEX_ALIAS"]
        pools = state.functions
        for spec in function_specs(resources, endpoint, environment or {}):
            pools[spec.name] = pool = FunctionPool(spec, log_dir, concurrency)
            pool.start()
            cleanup.callback(pool.stop)
        sqs = state.sqs()
        arns = {queue.name: queue.arn for queue in resources.queues}
        pumps = []
        for function in resources.functions:
            for source in function.sqs_sources:
                url, arn = state.queues[source.queue_name], arns[source.queue_name]
                pool = pools[function.logical_id]
                pumps += [QueuePump(sqs, url, arn, pool, source.batch_size, stop) for _ in range(pool.size)]
        for pump in pumps:
            pump.start()
        cleanup.callback(_stop_pumps, stop, pumps)
        gateway = Gateway("127.0.0.1", api_port, pools[resources.api_function])
        gateway.serve_in_background()
        cleanup.callback(gateway.server_close)
        cleanup.callback(gateway.shutdown)
        yield state


def function_specs(
    resources: template.LocalResources, aws_endpoint: str, environment: dict[str, str]
) -> list[FunctionSpec]:
    """Each function as the template declares it, its environment pointed at the local stack."""
    local = {**LOCAL_ENVIRONMENT, "AWS_ENDPOINT_URL": aws_endpoint, **environment}
    return [
        FunctionSpec(
            function.logical_id,
            REPO / function.code_uri,
            function.handler,
            {**function.environment, **local},
            function.timeout,
            function.memory_size,
        )
        for function in resources.functions
    ]


@contextmanager
def moto_server(
    port: int, log_path: Path, timeout_s: float = 30, start: Sequence[str] = ("-m", "newsdrop_local.moto_server")
) -> Iterator[int]:
    """moto's server in a process of its own (its pid): its state is apart from any `mock_aws` in this
    one. Its queues do not walk all their messages on every call (newsdrop_local.moto_server). `start`:
    what `python` is given before `-H HOST -p PORT` (bench/moto_requests.py starts moto's own server)."""
    with log_path.open("ab") as log:
        command = [sys.executable, *start, "-H", "127.0.0.1", "-p", str(port)]
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + timeout_s
        while not _answers(f"http://127.0.0.1:{port}/moto-api/"):
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"moto's server did not start on port {port}; see {log_path}")
            time.sleep(0.1)
        yield process.pid
    finally:
        process.terminate()
        process.wait(10)


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=1):
            return True
    except OSError:
        return False


def _stop_pumps(stop: threading.Event, pumps: list[QueuePump]) -> None:
    """Let each pump finish the batch in hand before the workers go away."""
    stop.set()
    for pump in pumps:
        pump.join(timeout=60)


def _provision(
    resources: template.LocalResources,
    endpoint: str,
    opensearch_url: str,
    api_url: str,
    visibility_timeout_s: int | None,
) -> StackState:
    """Create the template's queues (dead-letter queues first), buckets and notifications in moto."""
    bootstrap = StackState(
        aws_endpoint=endpoint,
        api_url=api_url,
        opensearch_url=opensearch_url,
        index_alias=resources.index_alias,
        raw_bucket=resources.raw_bucket,
        processed_bucket=resources.processed_bucket,
        queues={},
        dead_letter_queues={q.dead_letter_queue: q.name for q in resources.queues if q.dead_letter_queue},
    )
    s3, sqs = bootstrap.s3(), bootstrap.sqs()
    for secret in resources.secrets:  # generated here as Secrets Manager does at deploy: one per stack
        manager = boto3.client("secretsmanager", endpoint_url=endpoint, **LOCAL_CREDENTIALS)
        manager.create_secret(Name=secret.name, SecretString=secrets.token_urlsafe(secret.length)[: secret.length])
    arns = {queue.name: queue.arn for queue in resources.queues}
    for queue in sorted(resources.queues, key=lambda q: q.dead_letter_queue is not None):
        attributes = {
            "VisibilityTimeout": str(
                visibility_timeout_s if visibility_timeout_s is not None else queue.visibility_timeout
            ),
            "MessageRetentionPeriod": str(queue.message_retention),
        }
        if queue.dead_letter_queue:
            attributes["RedrivePolicy"] = json.dumps(
                {"deadLetterTargetArn": arns[queue.dead_letter_queue], "maxReceiveCount": queue.max_receive_count}
            )
        url = sqs.create_queue(QueueName=queue.name, Attributes=attributes)["QueueUrl"]
        bootstrap.queues[queue.name] = url
    for bucket in resources.buckets:
        # Unversioned, unlike the template's buckets: moto (5.2) sends no ObjectRemoved notification
        # when a delete only adds a delete marker, so deletions would never reach the pipeline.
        s3.create_bucket(Bucket=bucket.name)
        configurations = [_queue_configuration(n, arns[n.queue_name]) for n in bucket.notifications]
        s3.put_bucket_notification_configuration(
            Bucket=bucket.name, NotificationConfiguration={"QueueConfigurations": configurations}
        )
    return bootstrap


def _queue_configuration(notification: Any, queue_arn: str) -> dict[str, Any]:
    configuration: dict[str, Any] = {"QueueArn": queue_arn, "Events": notification.events}
    if notification.prefix:
        configuration["Filter"] = {"Key": {"FilterRules": [{"Name": "prefix", "Value": notification.prefix}]}}
    return configuration


def wait_until_settled(state: StackState, timeout_s: float = 120) -> bool:
    """Wait until the work queues are empty and the index refreshed: every upload is searchable,
    rejected or dead-lettered."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        depths = state.queue_depths()
        pending = sum(q["visible"] + q["in_flight"] for n, q in depths.items() if n not in state.dead_letter_queues)
        if pending == 0:
            # Make what was indexed searchable now rather than at the next refresh.
            OpenSearch(hosts=hosts_of(state.opensearch_url)).indices.refresh(
                index=state.index_alias, ignore_unavailable=True
            )
            return True
        time.sleep(0.5)
    return False

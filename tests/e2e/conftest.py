"""One local stack for the end-to-end tests, driven as a user drives it: CLI and HTTP."""

from __future__ import annotations

import json
import os
import subprocess
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest

from newsdrop_local.fault_proxy import SwitchableProxy
from newsdrop_local.ports import free_port
from newsdrop_local.stack import local_stack
from newsdrop_local.state import StackState
from tests.helpers import REPO

MAX_OBJECT_BYTES = 300_000  # small, so the size limit is cheap to cross


@pytest.fixture(scope="session")
def opensearch_proxy(opensearch_url: str) -> Iterator[SwitchableProxy]:
    """The functions reach OpenSearch through this, so a test can take it away for a while."""
    target = urlsplit(opensearch_url)
    proxy = SwitchableProxy(target.hostname or "127.0.0.1", target.port or 9200)
    proxy.on()
    yield proxy
    proxy.off()


@pytest.fixture(scope="session")
def aws_port() -> int:
    return free_port()


@pytest.fixture(scope="session")
def s3_proxy(aws_port: int) -> Iterator[SwitchableProxy]:
    """The functions reach moto's S3 through this (SQS directly), so a test can take S3 away."""
    proxy = SwitchableProxy("127.0.0.1", aws_port)
    proxy.on()
    yield proxy
    proxy.off()


@pytest.fixture(scope="session")
def stack(
    opensearch_proxy: SwitchableProxy,
    s3_proxy: SwitchableProxy,
    aws_port: int,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[StackState]:
    """Two instances of each function, as Lambda runs several: concurrent deliveries meet."""
    alias = f"e2e-{uuid.uuid4().hex[:8]}"
    state_file = tmp_path_factory.mktemp("stack") / "stack.json"
    with local_stack(
        opensearch_proxy.url,
        aws_port=aws_port,
        api_port=free_port(),
        log_dir=tmp_path_factory.mktemp("logs"),
        parameters={"MaxObjectBytes": str(MAX_OBJECT_BYTES)},
        environment={"INDEX_ALIAS": alias, "INDEX_NAME": f"{alias}-v1", "AWS_ENDPOINT_URL_S3": s3_proxy.url},
        visibility_timeout_s=2,
        concurrency=2,
    ) as state:
        state.save(state_file)
        os.environ["NEWSDROP_STATE"] = str(state_file)
        yield state
        os.environ.pop("NEWSDROP_STATE", None)


@pytest.fixture
def cli(stack: StackState) -> Callable[..., subprocess.CompletedProcess[str]]:
    """Run `.venv/bin/newsdrop ARGS` against the test stack, as a user would in a terminal."""

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        command = [str(REPO / ".venv" / "bin" / "newsdrop"), *args]
        return subprocess.run(command, capture_output=True, text=True, timeout=120, env=os.environ, check=False)

    return run


@pytest.fixture
def api(stack: StackState) -> Callable[..., tuple[int, Any]]:
    def get(path: str) -> tuple[int, Any]:
        try:
            with urllib.request.urlopen(stack.api_url + path, timeout=30) as response:
                return response.status, json.load(response)
        except urllib.error.HTTPError as error:
            return error.code, json.load(error)

    return get


def wait_for(condition: Callable[[], Any], timeout_s: float = 60, what: str = "condition") -> Any:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if result := condition():
            return result
        time.sleep(0.3)
    raise AssertionError(f"timed out after {timeout_s}s waiting for {what}")

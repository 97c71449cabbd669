"""The embedded node refuses a data folder that a running node holds, instead of wiping it from under it."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from newsdrop_local import opensearch_node
from newsdrop_local.opensearch_node import OpenSearchNode, OpenSearchNodeError
from newsdrop_local.ports import free_port

# What a running OpenSearch does to its node.lock: a POSIX record lock held for as long as it runs.
_HOLD_LOCK = (
    "import fcntl, sys, time\n"
    "lock = open(sys.argv[1], 'a')\n"
    "fcntl.lockf(lock, fcntl.LOCK_EX)\n"
    "print('locked', flush=True)\n"
    "time.sleep(60)\n"
)


class _Built(Exception):
    """Raised in place of building the node: the launch got past its checks."""


@pytest.fixture
def node_folder(tmp_path: Path) -> Path:
    """A node's data folder as a run left it: a lock file and an index file."""
    data = tmp_path / ".local" / "opensearch" / "bench" / "node_1" / "data" / "nodes" / "0"
    data.mkdir(parents=True)
    (data / "node.lock").touch()
    (data / "segments_1").write_text("an index file")
    return data


@pytest.fixture
def held(node_folder: Path) -> Iterator[None]:
    """Another process holds the folder's node lock, as the JVM of a node that is running does."""
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLD_LOCK, str(node_folder / "node.lock")], stdout=subprocess.PIPE, text=True
    )
    assert holder.stdout is not None
    assert holder.stdout.readline().strip() == "locked"
    yield
    holder.kill()
    holder.wait()


@pytest.fixture(autouse=True)
def no_build(monkeypatch: pytest.MonkeyPatch) -> None:
    """Building the node (Maven) stands for everything a launch does past its checks."""

    def build(_: Path) -> list[str]:
        raise _Built

    monkeypatch.setattr(opensearch_node, "ensure_built", build)


def _fresh_node(tmp_path: Path) -> OpenSearchNode:
    return OpenSearchNode(free_port(), name="bench", fresh=True, repo_root=tmp_path)


def test_a_fresh_node_of_a_running_nodes_name_is_refused_and_its_data_kept(
    tmp_path: Path, node_folder: Path, held: None
) -> None:
    with pytest.raises(OpenSearchNodeError, match="already running"):
        _fresh_node(tmp_path).launch()
    assert (node_folder / "segments_1").read_text() == "an index file"


def test_a_lock_file_left_by_a_node_that_ended_does_not_stop_the_next(tmp_path: Path, node_folder: Path) -> None:
    with pytest.raises(_Built):
        _fresh_node(tmp_path).launch()

"""The fault proxy forwards, refuses, answers errors or stalls, as the fault suite tells it."""

from __future__ import annotations

import os
import socket
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from newsdrop_local.fault_proxy import SwitchableProxy


class _Hello(BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        self.rfile.read(int(self.headers["Content-Length"]))
        self.send_response(200)
        self.send_header("Content-Length", "5")
        self.end_headers()
        self.wfile.write(b"hello")

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def proxy() -> Iterator[SwitchableProxy]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Hello)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    proxy = SwitchableProxy("127.0.0.1", server.server_address[1])
    proxy.on()
    yield proxy
    proxy.off()
    server.shutdown()


def _post(proxy: SwitchableProxy, timeout_s: float = 5) -> tuple[int, str, str | None]:
    request = urllib.request.Request(proxy.url + "/_bulk", data=b'{"index": {}}\n', method="POST")
    try:
        with urllib.request.urlopen(request, timeout=timeout_s) as response:
            return response.status, response.read().decode(), response.headers["Retry-After"]
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(), error.headers["Retry-After"]


def test_the_proxy_forwards_then_answers_429_then_forwards_again(proxy: SwitchableProxy) -> None:
    assert _post(proxy) == (200, "hello", None)
    proxy.answer(429)
    status, body, retry_after = _post(proxy)
    assert (status, retry_after) == (429, "1")
    assert "Too Many Requests" in body
    proxy.on()
    assert _post(proxy)[:2] == (200, "hello")


def test_off_refuses_and_stall_never_answers(proxy: SwitchableProxy) -> None:
    proxy.off()
    with pytest.raises(urllib.error.URLError, match="refused"):
        _post(proxy)
    proxy.stall()
    with pytest.raises((TimeoutError, socket.timeout)):
        _post(proxy, timeout_s=0.5)


@pytest.mark.parametrize("fail_with", [None, 429])
def test_connections_that_end_leave_no_socket_open(proxy: SwitchableProxy, fail_with: int | None) -> None:
    # Given a proxy forwarding (or answering errors) through a long run of short connections
    if fail_with:
        proxy.answer(fail_with)
    before = _open_descriptors()
    # When many clients connect, get their answer and hang up
    for _ in range(200):
        _post(proxy)
    # Then the proxy has closed its ends too: the process holds no more sockets than before
    # (a bench running every S3 call through it ran out of file descriptors)
    deadline = time.monotonic() + 5
    while _open_descriptors() > before + 5 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _open_descriptors() <= before + 5


def _open_descriptors() -> int:
    return len(os.listdir("/proc/self/fd"))

"""A TCP proxy on loopback that a test or bench turns into a fault: a service down, refusing,
answering errors (429, 503) or never answering, for a while.

The functions reach OpenSearch (or moto's S3) through it. Every change of mode cuts the open
connections, so pooled clients meet the new behaviour on their next request.
"""

from __future__ import annotations

import contextlib
import socket
import threading
from http import HTTPStatus
from typing import Literal

from newsdrop_local.ports import free_port

Mode = Literal["forward", "answer", "stall"]
MAX_HEADER_BYTES = 65536


class SwitchableProxy:
    """Forwards 127.0.0.1:<port> to `target` until told to fail; `on()` puts it back."""

    def __init__(self, target_host: str, target_port: int) -> None:
        self.target = (target_host, target_port)
        self._listener: socket.socket | None = None
        self._open: set[socket.socket] = set()
        self._lock = threading.Lock()
        self._mode: Mode = "forward"
        self._status = HTTPStatus.SERVICE_UNAVAILABLE
        self.port = free_port()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def on(self) -> None:
        """Forward every connection to the target."""
        self._switch("forward")

    def off(self) -> None:
        """Refuse new connections and cut the open ones: the service is down."""
        with self._lock:
            sockets, self._open = [self._listener, *self._open], set()
            self._listener = None
        _close_all(sockets)

    def answer(self, status: int) -> None:
        """Answer every HTTP request with `status` (429: overloaded, 503: unavailable), a JSON body
        and `Retry-After`, as an overloaded OpenSearch does."""
        self._status = HTTPStatus(status)
        self._switch("answer")

    def stall(self) -> None:
        """Accept connections and read requests, but never answer: a hung service."""
        self._switch("stall")

    def _switch(self, mode: Mode) -> None:
        with self._lock:
            self._mode = mode
            sockets, self._open = list(self._open), set()
            listening = self._listener is not None
        _close_all(sockets)
        if not listening:
            self._listen()

    def _listen(self) -> None:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(128)
        with self._lock:
            self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            with self._lock:
                mode = self._mode
                self._open.add(client)
            if mode == "forward":
                self._forward(client)
            else:
                threading.Thread(target=self._fail, args=(client, mode), daemon=True).start()

    def _forward(self, client: socket.socket) -> None:
        try:
            upstream = socket.create_connection(self.target)
        except OSError:
            self._drop([client])
            return
        with self._lock:
            self._open.add(upstream)
        threading.Thread(target=self._relay, args=(client, upstream), daemon=True).start()

    def _relay(self, client: socket.socket, upstream: socket.socket) -> None:
        """Copy both ways until both sides have finished, then close both: a long run through the
        proxy (every S3 call of a bench) must not keep a socket per connection it ever carried."""
        back = threading.Thread(target=_pipe, args=(upstream, client), daemon=True)
        back.start()
        _pipe(client, upstream)
        back.join()
        self._drop([client, upstream])

    def _drop(self, sockets: list[socket.socket]) -> None:
        with self._lock:
            self._open.difference_update(sockets)
        _close_all(sockets)

    def _fail(self, client: socket.socket, mode: Mode) -> None:
        """Read each request on the connection; answer it with the error status, or not at all."""
        body = f'{{"error":"{self._status.phrase} (fault injected)","status":{self._status.value}}}'.encode()
        reply = (
            f"HTTP/1.1 {self._status.value} {self._status.phrase}\r\ncontent-type: application/json\r\n"
            f"retry-after: 1\r\ncontent-length: {len(body)}\r\n\r\n"
        ).encode() + body
        with contextlib.suppress(OSError):
            while _read_request(client):
                if mode == "answer":
                    client.sendall(reply)
        self._drop([client])


def _read_request(client: socket.socket) -> bool:
    """Read one HTTP request (headers and a Content-Length body); False when the client has gone."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = client.recv(65536)
        if not chunk or len(data) > MAX_HEADER_BYTES:
            return False
        data += chunk
    head, _, rest = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    while len(rest) < length:
        chunk = client.recv(65536)
        if not chunk:
            return False
        rest += chunk
    return True


def _pipe(source: socket.socket, sink: socket.socket) -> None:
    with contextlib.suppress(OSError):
        while data := source.recv(65536):
            sink.sendall(data)
    with contextlib.suppress(OSError):
        sink.shutdown(socket.SHUT_WR)


def _close_all(sockets: list[socket.socket | None]) -> None:
    for sock in sockets:
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()

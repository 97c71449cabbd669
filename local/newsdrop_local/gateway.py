"""API Gateway (HTTP API, payload 2.0) locally: HTTP requests become events for one function."""

from __future__ import annotations

import base64
import logging
import threading
import time
import uuid
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from newsdrop_local.workers import FunctionPool, FunctionWorker, InvocationError

log = logging.getLogger(__name__)

MAX_BODY_BYTES = 1024 * 1024


def http_api_event(method: str, target: str, headers: dict[str, str], body: bytes, source_ip: str) -> dict:
    """The payload-2.0 event API Gateway sends for `method target` (target = path?query)."""
    url = urlsplit(target)
    query: dict[str, str] = {}
    for name, value in parse_qsl(url.query, keep_blank_values=True):
        query[name] = f"{query[name]},{value}" if name in query else value  # 2.0 joins repeats with commas
    lowered = {name.lower(): value for name, value in headers.items()}
    now = datetime.now(UTC)
    event: dict[str, Any] = {
        "version": "2.0",
        "routeKey": "$default",
        "rawPath": url.path,
        "rawQueryString": url.query,
        "headers": lowered,
        "requestContext": {
            "accountId": "123456789012",
            "apiId": "local",
            "domainName": lowered.get("host", "127.0.0.1"),
            "domainPrefix": "local",
            "http": {
                "method": method,
                "path": url.path,
                "protocol": "HTTP/1.1",
                "sourceIp": source_ip,
                "userAgent": lowered.get("user-agent", ""),
            },
            "requestId": str(uuid.uuid4()),
            "routeKey": "$default",
            "stage": "$default",
            "time": now.strftime("%d/%b/%Y:%H:%M:%S +0000"),
            "timeEpoch": int(now.timestamp() * 1000),
        },
        "isBase64Encoded": bool(body),
    }
    if query:
        event["queryStringParameters"] = query
    if body:
        event["body"] = base64.b64encode(body).decode()
    return event


class Gateway(ThreadingHTTPServer):
    """Serves every method and path by invoking `function` (one worker or a pool), as a `$default` route would."""

    daemon_threads = True
    request_queue_size = 128  # many clients at once wait for a worker, not for a place in the backlog

    def __init__(self, host: str, port: int, function: FunctionPool | FunctionWorker) -> None:
        self.function = function
        super().__init__((host, port), _RequestHandler)

    def serve_in_background(self) -> threading.Thread:
        thread = threading.Thread(target=self.serve_forever, name="gateway", daemon=True)
        thread.start()
        return thread


class _RequestHandler(BaseHTTPRequestHandler):
    server: Gateway

    def _forward(self) -> None:
        started = time.perf_counter()
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY_BYTES:
            self._reply(413, {"content-type": "application/json"}, b'{"message":"Request Entity Too Large"}')
            return
        body = self.rfile.read(length) if length else b""
        event = http_api_event(self.command, self.path, dict(self.headers), body, self.client_address[0])
        try:
            response = self.server.function.invoke(event)
        except InvocationError as exc:
            log.warning("search function failed: %s", exc)
            self._reply(500, {"content-type": "application/json"}, b'{"message":"Internal Server Error"}')
            return
        payload = response.get("body") or ""
        data = base64.b64decode(payload) if response.get("isBase64Encoded") else payload.encode()
        latency_ms = f"{(time.perf_counter() - started) * 1000:.1f}"
        headers = {**response.get("headers", {}), "x-local-gateway-ms": latency_ms}
        self._reply(response.get("statusCode", 200), headers, data, response.get("cookies", []))

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = do_HEAD = _forward

    def _reply(self, status: int, headers: dict[str, str], data: bytes, cookies: list[str] = ()) -> None:
        self.send_response(status)
        for name, value in headers.items():
            if name.lower() not in {"content-length", "connection"}:
                self.send_header(name, value)
        for cookie in cookies:
            self.send_header("Set-Cookie", cookie)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def log_message(self, format: str, *args: Any) -> None:
        log.info("%s %s", self.address_string(), format % args)

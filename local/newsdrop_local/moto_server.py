"""moto's server, with SQS queues that do not scan all their messages on every call.

In moto 5.2 a queue of a few thousand messages, which a feed's notifications make, costs each
message time in proportion to the queue's depth, three ways:
- `Queue.attributes` builds every attribute, three of them counts over all the messages, and it
  is read on each SendMessage, on each message a ReceiveMessage returns, and three times per name
  a GetQueueAttributes asks for;
- `Queue.messages`, which ReceiveMessage walks, is a list of every visible message, built in full
  even when the first ten are all it takes;
- DeleteMessage walks all the messages twice to find the one with the receipt handle.
In `bench/ingest.py` moto's server used half the stack's CPU on a 5,000-article feed. Here the
attributes are a mapping that computes the one asked for, the visible messages are found as they
are walked, and a delete stops at its message (received messages sit near the front of the
queue); names, values and behaviour are moto's own.

Per request, moto's own server (`moto_server`, werkzeug's development server) cost about twice the
CPU it does here (bench/moto_requests.py): werkzeug closes every connection, so each call opened a
new one and a thread to serve it, and logged a line; and moto listed its package's folders on disk
to route each request. Here waitress serves moto's application on kept-alive connections from a
pool of threads, and the folder names are read once. Waitress drops request headers whose names
hold an underscore (werkzeug's server does too; moto's request handler puts them back): S3 user
metadata such as `x-amz-meta-source_id` is lost here (the pipeline sets none). Run as
`python -m newsdrop_local.moto_server -H HOST -p PORT`.
"""

from __future__ import annotations

import argparse
import json
import os
from collections.abc import Iterator, Mapping
from typing import Any

import waitress
from moto import backends
from moto.core.utils import camelcase_to_underscores
from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app
from moto.sqs.exceptions import ReceiptHandleIsInvalid
from moto.sqs.models import Message, Queue
from waitress.channel import HTTPChannel
from waitress.parser import HTTPRequestParser


class QueueAttributes(Mapping[str, Any]):
    """`Queue.attributes` as moto builds it, one attribute at a time."""

    def __init__(self, queue: Queue) -> None:
        self.queue = queue

    def _names(self) -> list[str]:
        names = list(Queue.BASE_ATTRIBUTES)
        if self.queue.fifo_queue:
            names += Queue.FIFO_ATTRIBUTES
        if self.queue.kms_master_key_id:
            names += Queue.KMS_ATTRIBUTES
        return names

    def __getitem__(self, name: str) -> Any:
        if name not in self._names():
            raise KeyError(name)
        if name == "RedrivePolicy" and self.queue.redrive_policy:
            return json.dumps(self.queue.redrive_policy)
        value = getattr(self.queue, camelcase_to_underscores(name))
        return str(value).lower() if isinstance(value, bool) else value

    def __iter__(self) -> Iterator[str]:
        return iter(self._names())

    def __len__(self) -> int:
        return len(self._names())


class VisibleMessages:
    """`Queue.messages` (the visible, undelayed messages, oldest first), found as it is walked."""

    def __init__(self, queue: Queue) -> None:
        self.messages = queue._messages  # a delete replaces the list, so a walk sees one version

    def __iter__(self) -> Iterator[Message]:
        return (message for message in self.messages if message.visible and not message.delayed)

    def __bool__(self) -> bool:
        return any(True for _ in self)

    def __len__(self) -> int:
        return sum(1 for _ in self)


def delete_message(queue: Queue, receipt_handle: str) -> None:
    """`Queue.delete_message`, stopping at the message that holds the receipt handle."""
    if receipt_handle in queue.deleted_messages:
        return  # deleted already, which SQS accepts
    messages = queue._messages
    position = next((i for i, message in enumerate(messages) if message.had_receipt_handle(receipt_handle)), None)
    if position is None:
        raise ReceiptHandleIsInvalid()
    message = messages[position]
    queue._messages = messages[:position] + messages[position + 1 :]  # a new list: walks under way keep theirs
    queue.pending_messages.discard(message)
    queue.deleted_messages.update(message.all_receipt_handles)


# What the local stack's moto server replaces on moto's Queue (the tests apply the same).
QUEUE_PATCHES: dict[str, Any] = {
    "attributes": property(QueueAttributes),
    "messages": property(VisibleMessages),
    "delete_message": delete_message,
}


def patch_sqs_queues() -> None:
    for name, replacement in QUEUE_PATCHES.items():
        setattr(Queue, name, replacement)


# Each queue pump holds a thread for the second of its long poll (as many pumps per queue as workers
# per function: `newsdrop up --concurrency`); each boto3 client keeps up to 10 connections open.
SERVER_THREADS = 64
MAX_CONNECTIONS = 1000
MAX_BODY_BYTES = 5 * 1024**3  # S3's limit for one PutObject; waitress's own is 1 GB


class BodylessContinueParser(HTTPRequestParser):
    """Waitress 3.0.2's parser, except that a request with no body expects no `100 Continue`: waitress
    answers `Expect: 100-continue` on such a request and then waits for a body that never comes (its
    channel marks the request unfinished once the 100 is sent). botocore sends that header with every
    PutObject, so an empty file's upload hung."""

    def parse_header(self, header_plus: bytes) -> None:
        super().parse_header(header_plus)
        if self.body_rcv is None:
            self.expect_continue = False


def cache_module_names() -> None:
    """moto's router asks for the names of its package's folders on every request; they do not change."""
    names = tuple(backends.list_of_moto_modules())
    backends.list_of_moto_modules = lambda: names


def serve(host: str, port: int) -> None:
    """moto's application (as `moto_server` builds it) served by waitress until the process is stopped."""
    os.environ.setdefault("MOTO_PORT", str(port))  # as moto_server sets it: moto builds some URLs from it
    HTTPChannel.parser_class = BodylessContinueParser
    application = DomainDispatcherApplication(create_backend_app)
    waitress.serve(
        application,
        host=host,
        port=port,
        threads=SERVER_THREADS,
        connection_limit=MAX_CONNECTIONS,
        max_request_body_size=MAX_BODY_BYTES,
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="moto's server for the local stack")
    parser.add_argument("-H", "--host", default="127.0.0.1")
    parser.add_argument("-p", "--port", type=int, default=5000)
    arguments = parser.parse_args()
    patch_sqs_queues()
    cache_module_names()
    serve(arguments.host, arguments.port)

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
queue); names, values and behaviour are moto's own. Run as `python -m newsdrop_local.moto_server`
with moto.server's arguments.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from typing import Any

from moto.core.utils import camelcase_to_underscores
from moto.server import main
from moto.sqs.exceptions import ReceiptHandleIsInvalid
from moto.sqs.models import Message, Queue


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


if __name__ == "__main__":
    patch_sqs_queues()
    main()

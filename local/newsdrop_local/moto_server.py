"""moto's server, with an SQS queue's attributes computed when read instead of all on every read.

moto 5.2's `Queue.attributes` builds every attribute of the queue, three of them counts over all
its messages, and it is read on each SendMessage, on each message a ReceiveMessage returns, and
three times per name a GetQueueAttributes asks for. A queue of a few thousand messages, which a
feed's notifications make, then costs each message time in proportion to the queue's depth: in
`bench/ingest.py` moto's server used half the stack's CPU on a 5,000-article feed. Here the
attributes are a mapping that computes the one asked for, with the same names and values; the
queue's behaviour is moto's own. Run as `python -m newsdrop_local.moto_server` with moto.server's
arguments.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from typing import Any

from moto.core.utils import camelcase_to_underscores
from moto.server import main
from moto.sqs.models import Queue


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


def lazy_queue_attributes() -> None:
    Queue.attributes = property(QueueAttributes)  # type: ignore[assignment]


if __name__ == "__main__":
    lazy_queue_attributes()
    main()

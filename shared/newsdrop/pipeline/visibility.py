"""Keep a batch's messages hidden from other consumers for as long as the batch is worked on.

A message comes back to the queue when its visibility timeout runs out, whether or not its
receiver is done: a file whose parse outlasts the timeout would then be parsed a second time, at
the same time. In AWS the queue's timeout is six times the function's, so work ends first and
nothing happens here. Where it is shorter (the local stack's tests run with 2 s), the batch is
hidden for HIDDEN_S up front and renewed every RENEW_EVERY_S while it is worked on, then handed
back to the queue's own timeout for whatever is not deleted.

HIDDEN_S is long against the renewal period: a parser in C code holds the GIL for seconds, and a
renewal starved that long must not let the message reappear mid-parse. It is short against the
function's timeout: a killed invocation's messages come back within it, not minutes later.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from newsdrop import storage
from newsdrop.observability import logger

HIDDEN_S = 30
RENEW_EVERY_S = 5


@contextmanager
def hidden_while_working(queue_arn: str | None, receipt_handles: list[str]) -> Iterator[None]:
    """Keep the messages hidden until the block ends, when the queue's own timeout is short.

    Without a queue to ask (a test's hand-made event), the block runs as it is: at worst a message
    is delivered once more, which every stage takes in its stride.
    """
    try:
        queue_url, visibility_s = storage.queue_of(queue_arn) if queue_arn and receipt_handles else ("", 0)
        if visibility_s < HIDDEN_S:
            storage.extend_visibility(queue_url, receipt_handles, HIDDEN_S)
    except Exception:  # never cost the batch for it
        logger.warning("messages not kept hidden", extra={"queue_arn": queue_arn}, exc_info=True)
        queue_url, visibility_s = "", HIDDEN_S
    if not queue_url or visibility_s >= HIDDEN_S:
        yield
        return
    done = threading.Event()

    def renew() -> None:
        while not done.wait(RENEW_EVERY_S):
            try:
                storage.extend_visibility(queue_url, receipt_handles, HIDDEN_S)
            except Exception:  # the next renewal tries again
                logger.warning("visibility renewal failed", exc_info=True)

    renewer = threading.Thread(target=renew, name="visibility-renewal", daemon=True)
    renewer.start()
    try:
        yield
    finally:
        done.set()
        renewer.join()
        try:  # what is not deleted comes back after the queue's own timeout, as without this
            storage.extend_visibility(queue_url, receipt_handles, visibility_s)
        except Exception:
            logger.warning("visibility not handed back: the messages come back within HIDDEN_S", exc_info=True)

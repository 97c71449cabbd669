"""A wall-clock limit on work that cannot be told to stop (lxml, spaCy): SIGALRM interrupts it."""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType


class ParseTimeout(BaseException):
    """The time limit passed. A BaseException, so a library's `except Exception` cannot swallow it."""


def timeout_reason(seconds: float) -> str:
    """What a rejection says when parsing ran out of time."""
    return f"parsing took longer than the limit of {seconds:g}s"


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise ParseTimeout in the block after `seconds`; no limit off the main thread (no signals there).

    Lambda runs handlers on the main thread, and so do the local stack's function workers.
    """
    if seconds <= 0 or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(_signum: int, _frame: FrameType | None) -> None:
        raise ParseTimeout

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)

"""The per-file time limit interrupts work that never checks the clock."""

from __future__ import annotations

import threading
import time

import pytest

from newsdrop.pipeline.time_limit import ParseTimeout, time_limit


def _spin(seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        pass


def _swallowing_spin(seconds: float) -> None:
    """Work wrapped the way some libraries wrap theirs: every Exception swallowed."""
    try:
        _spin(seconds)
    except Exception:
        pytest.fail("the limit was caught as an ordinary exception")


def test_work_over_the_limit_is_interrupted_even_through_except_exception() -> None:
    started = time.monotonic()
    with pytest.raises(ParseTimeout), time_limit(0.2):
        _swallowing_spin(5)
    assert time.monotonic() - started < 2


def test_work_within_the_limit_is_untouched_and_the_timer_is_cleared() -> None:
    with time_limit(1):
        _spin(0.05)
    _spin(1.2)  # no stray alarm after the block


def test_off_the_main_thread_there_is_no_limit() -> None:
    errors: list[BaseException] = []

    def work() -> None:
        try:
            with time_limit(0.05):
                _spin(0.2)
        except BaseException as exc:
            errors.append(exc)

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    assert errors == []

"""Pacing: the window of requests in flight narrows after a 429 and widens again as answers
come back; a 429's wait pauses the whole client; Retry-After is read in both its forms."""

from __future__ import annotations

import threading
import time
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime

import pytest

from losant_contract.pacing import BACKOFF_MAX, Window, backoff, retry_after


def test_the_window_halves_after_a_429_and_grows_back_one_answer_at_a_time():
    window = Window(8)
    window.acquire()
    window.release(rate_limited=True)
    assert window.limit == 4
    window.acquire()
    window.release(rate_limited=True)
    assert window.limit == 2
    for _ in range(40):
        window.acquire()
        window.release(rate_limited=False)
    assert window.limit == 8  # never above its ceiling
    for _ in range(10):
        window.acquire()
        window.release(rate_limited=True)
    assert window.limit == 1  # never below one


def test_no_more_than_the_window_is_in_flight():
    window, most, lock = Window(3), [0], threading.Lock()

    def one() -> None:
        window.acquire()
        with lock:
            most[0] = max(most[0], window.in_flight)
        time.sleep(0.02)
        window.release(rate_limited=False)

    threads = [threading.Thread(target=one) for _ in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert most[0] == 3


def test_a_429s_wait_holds_every_request_of_the_client():
    window = Window(4)
    window.acquire()
    window.release(rate_limited=True, pause=0.3)
    started = time.monotonic()
    window.acquire()
    assert time.monotonic() - started >= 0.29


@pytest.mark.parametrize(
    "header, seconds",
    [("2", 2.0), ("0", 0.0), ("1.5", 1.5), ("-3", 0.0), (None, None), ("", None), ("soon", None)],
)
def test_retry_after_in_seconds(header, seconds):
    assert retry_after(header) == seconds


def test_retry_after_as_a_date():
    later = datetime.now(timezone.utc) + timedelta(seconds=30)
    assert 28 <= (retry_after(format_datetime(later, usegmt=True)) or 0) <= 30


def test_the_back_off_doubles_up_to_its_maximum():
    assert [backoff(n) for n in (1, 2, 3)] == [0.5, 1.0, 2.0] and backoff(30) == BACKOFF_MAX

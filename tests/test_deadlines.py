"""A request has one deadline, connect through last byte, and a stop breaks off every request.

The servers here are raw sockets on 127.0.0.1 that answer as slowly as a hostile or broken
platform does: a byte at a time, headers that never end, or nothing at all.
"""

from __future__ import annotations

import dataclasses
import threading
import time
from collections.abc import Callable, Iterator

import pytest

from scoring.sources.deadline import DEADLINES, DeadlinePassed, Deadlines
from scoring.sources.errors import SourceError, Unavailable
from scoring.sources.http import HttpClient, make_session
from tests.conftest import TEST_POLICY
from tests.fakes.slow import Behaviour, hang, slow_servers, trickle


@pytest.fixture
def slow_server() -> Iterator[Callable[[Behaviour], str]]:
    with slow_servers() as start:
        yield start


BODY = b"x" * 200
HEADERS = b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 200\r\n\r\n"
#: each byte comes well within the read timeout, so only an overall deadline ends the request
POLICY = dataclasses.replace(TEST_POLICY, read_timeout=1.0, deadline=1.5, retries=0)


def _client(policy: object = POLICY) -> HttpClient:
    assert isinstance(policy, type(POLICY))
    return HttpClient(make_session(policy), policy)


def _timed(call: Callable[[], object]) -> tuple[BaseException | None, float]:
    started = time.monotonic()
    try:
        call()
    except SourceError as exc:
        return exc, time.monotonic() - started
    return None, time.monotonic() - started


def test_a_body_trickling_a_byte_at_a_time_ends_at_the_deadline(
    slow_server: Callable[[Behaviour], str],
) -> None:
    """Before: 200 bytes at 0.1 s each held the request 20 s though every read came in time."""
    url = slow_server(lambda conn: (conn.sendall(HEADERS), trickle(BODY, 0.1)(conn)))
    error, took = _timed(lambda: _client().get(url))
    assert isinstance(error, Unavailable)
    assert "within 1.5 s" in str(error)
    assert 1.4 < took < 3.0


def test_headers_that_never_end_end_at_the_deadline(
    slow_server: Callable[[Behaviour], str],
) -> None:
    url = slow_server(trickle(b"HTTP/1.1 200 OK\r\n" + b"X-Pad: " + b"a" * 500, 0.1))
    error, took = _timed(lambda: _client().get(url))
    assert isinstance(error, Unavailable)
    assert took < 3.0


def test_retries_and_their_back_off_stay_within_the_deadline(
    slow_server: Callable[[Behaviour], str],
) -> None:
    """A 503 asking to retry after 1 s, three times: the waits would pass the deadline, so the
    request ends at it instead of sleeping on."""
    answer = b"HTTP/1.1 503 Busy\r\nRetry-After: 1\r\nContent-Length: 0\r\n\r\n"
    url = slow_server(lambda conn: conn.sendall(answer))
    policy = dataclasses.replace(POLICY, retries=3, max_retry_after=5.0)
    error, took = _timed(lambda: _client(policy).get(url))
    assert isinstance(error, Unavailable)
    assert took < 2.5


def test_a_fast_answer_is_not_affected(slow_server: Callable[[Behaviour], str]) -> None:
    url = slow_server(lambda conn: conn.sendall(HEADERS + BODY))
    assert _client().get(url).body == BODY


def test_a_stop_breaks_off_every_request_in_flight_at_once(
    slow_server: Callable[[Behaviour], str],
) -> None:
    """Requests to a server that never answers, with a long read timeout and deadline: a stop
    ends all of them within a fraction of a second, and refuses new ones."""
    url = slow_server(hang)
    patient = dataclasses.replace(POLICY, read_timeout=60.0, deadline=120.0)
    errors: list[BaseException | None] = []
    took: list[float] = []

    def call() -> None:
        error, seconds = _timed(lambda: _client(patient).get(url))
        errors.append(error)
        took.append(seconds)

    threads = [threading.Thread(target=call) for _ in range(5)]
    for thread in threads:
        thread.start()
    time.sleep(0.5)  # all five are waiting for an answer
    stopped_at = time.monotonic()
    try:
        DEADLINES.abandon()
        for thread in threads:
            thread.join(timeout=5)
        assert time.monotonic() - stopped_at < 1.0
        assert len(errors) == 5
        assert all(isinstance(e, Unavailable) and "stopping" in str(e) for e in errors)
        late, _ = _timed(lambda: _client(patient).get(url))
        assert isinstance(late, Unavailable)
    finally:
        DEADLINES.resume()


def test_a_pause_is_cut_short_by_a_stop() -> None:
    deadlines = Deadlines()
    threading.Timer(0.2, deadlines.abandon).start()
    started = time.monotonic()
    with pytest.raises(DeadlinePassed):
        deadlines.pause(10)
    assert time.monotonic() - started < 2

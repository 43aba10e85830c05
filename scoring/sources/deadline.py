"""An overall deadline for every request, connect through last byte, and a prompt stop.

A socket timeout bounds each wait for a byte, not the request: a server that trickles one
byte a second holds a worker thread forever. Here every request runs inside
:meth:`Deadlines.within`; the connections it opens register with it, and one watchdog thread
shuts down the socket of any request past its deadline, which wakes the blocked read at once.
At a stop, :meth:`Deadlines.abandon` does the same for every request in flight, refuses new
ones, and wakes every pause (throttle paces, retry back-offs), so no worker thread keeps the
process alive.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol


class DeadlinePassed(Exception):
    """A request ran past its deadline, or the process is stopping.

    Deliberately not an ``OSError``: urllib3 must not retry it.
    """

    def __init__(self, stopping: bool) -> None:
        super().__init__("stopping" if stopping else "deadline passed")
        self.stopping = stopping


class _HasSock(Protocol):
    sock: Any


@dataclass
class _Request:
    ends_at: float
    connections: list[_HasSock] = field(default_factory=list)
    expired: bool = False


def _break_off(connection: _HasSock) -> None:
    """Wake a thread blocked reading ``connection``: shut its socket down (the plain socket
    method: an SSL socket's own would drop its TLS state under the reading thread)."""
    sock = getattr(connection, "sock", None)
    if sock is None:
        return
    with contextlib.suppress(OSError):
        socket.socket.shutdown(sock, socket.SHUT_RDWR)


class Deadlines:
    """The requests in flight (one per worker thread) and their deadlines."""

    def __init__(self, *, every: float = 0.2, clock: Callable[[], float] = time.monotonic) -> None:
        self._every = every
        self._clock = clock
        self._requests: dict[int, _Request] = {}
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._watchdog: threading.Thread | None = None

    @property
    def stopping(self) -> bool:
        return self._stopping.is_set()

    @contextlib.contextmanager
    def within(self, seconds: float) -> Iterator[None]:
        """Run one request (with its redirects and retries) within ``seconds``.

        Raises :class:`DeadlinePassed` if it ran over, or when the process is stopping.
        """
        if self.stopping:
            raise DeadlinePassed(stopping=True)
        request = _Request(self._clock() + seconds)
        me = threading.get_ident()
        with self._lock:
            self._requests[me] = request
            self._start_watchdog()
        try:
            yield
        except Exception as exc:
            if request.expired or self.stopping:
                raise DeadlinePassed(stopping=self.stopping) from exc
            raise
        finally:
            with self._lock:
                self._requests.pop(me, None)
        if request.expired:  # broken off just as it finished: the answer may be cut short
            raise DeadlinePassed(stopping=self.stopping)

    def opened(self, connection: _HasSock) -> None:
        """A connection starts sending this thread's request (called by our connections)."""
        if self.stopping:
            raise DeadlinePassed(stopping=True)
        request = self._requests.get(threading.get_ident())
        if request is None:
            return
        with self._lock:
            if request.expired:
                raise DeadlinePassed(stopping=False)
            request.connections.append(connection)

    def pause(self, seconds: float) -> None:
        """Sleep in a worker thread: cut short by a stop, and never past the request's
        deadline (raises :class:`DeadlinePassed` instead of sleeping through it)."""
        request = self._requests.get(threading.get_ident())
        if request is not None and self._clock() + seconds > request.ends_at:
            raise DeadlinePassed(stopping=False)
        if self._stopping.wait(seconds):
            raise DeadlinePassed(stopping=True)

    def abandon(self) -> None:
        """The process is stopping: break off every request in flight and refuse new ones."""
        self._stopping.set()
        with self._lock:
            for request in self._requests.values():
                for connection in request.connections:
                    _break_off(connection)

    def resume(self) -> None:
        """Accept requests again (a process that stopped and starts anew; tests)."""
        self._stopping.clear()

    def _start_watchdog(self) -> None:
        if self._watchdog is None or not self._watchdog.is_alive():
            self._watchdog = threading.Thread(
                target=self._watch, name="request-deadlines", daemon=True
            )
            self._watchdog.start()

    def _watch(self) -> None:
        while True:
            time.sleep(self._every)
            now = self._clock()
            with self._lock:
                for request in self._requests.values():
                    if now >= request.ends_at and not request.expired:
                        request.expired = True
                        for connection in request.connections:
                            _break_off(connection)


#: The process's requests. Connections find it without being handed it (urllib3 builds them).
DEADLINES = Deadlines()

"""Raw socket servers on 127.0.0.1 that answer as slowly as a hostile or broken platform:
a byte at a time, headers that never end, or nothing at all."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

Behaviour = Callable[[socket.socket], None]


def _handle(conn: socket.socket, behaviour: Behaviour) -> None:
    try:
        conn.recv(65536)
        behaviour(conn)
    except OSError:
        pass
    finally:
        conn.close()


@contextmanager
def slow_servers() -> Iterator[Callable[[Behaviour], str]]:
    """Yields ``start(behaviour)``: a new server whose every connection is handled by
    ``behaviour``, returning its URL; all stop at the end of the block."""
    listeners: list[socket.socket] = []
    stop = threading.Event()

    def start(behaviour: Behaviour) -> str:
        listener = socket.socket()
        listener.bind(("127.0.0.1", 0))
        listener.listen(64)
        listener.settimeout(0.2)
        listeners.append(listener)

        def serve() -> None:
            while not stop.is_set():
                try:
                    conn, _ = listener.accept()
                except TimeoutError:
                    continue
                except OSError:
                    return
                threading.Thread(target=_handle, args=(conn, behaviour), daemon=True).start()

        threading.Thread(target=serve, daemon=True).start()
        return f"http://127.0.0.1:{listener.getsockname()[1]}/feed"

    try:
        yield start
    finally:
        stop.set()
        for listener in listeners:
            listener.close()


def trickle(data: bytes, every: float) -> Behaviour:
    """Send ``data`` one byte every ``every`` seconds."""

    def send(conn: socket.socket) -> None:
        for byte in data:
            conn.sendall(bytes([byte]))
            time.sleep(every)

    return send


def hang(conn: socket.socket) -> None:
    """Accept the request and never answer (for half a minute)."""
    time.sleep(30)

"""The fake platforms in their own process (so benchmarks measure only the bot's CPU).

Prints its base URL on the first line of stdout (with ``--servers N``: N URLs separated by
spaces, each server with its own port: to the bot, N Mastodon instances), the moment its
fixtures were recorded for on the second, then serves until killed. ``--latency LO:HI``
answers after a random wait in that range; ``--limits`` enforces the documented rate limits
(Mastodon 300 per 5 minutes per server, GitHub 60 an hour) with their headers and 429s.
Benchmarks start it with :func:`platform_server`.
"""

from __future__ import annotations

import argparse
import logging
import random
import ssl
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from pytest_httpserver import HTTPServer
from werkzeug.wrappers import Request, Response

from tests.fakes.platforms import FIXTURES_NOW, FakePlatforms


@contextmanager
def platform_server(*options: str) -> Iterator[tuple[str, datetime]]:
    """This module as a subprocess: (its base URL(s), the fixtures' moment) while it runs."""
    server = subprocess.Popen(
        [sys.executable, "-m", "bench.serve_platforms", *options],
        stdout=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).resolve().parent.parent,
    )
    try:
        assert server.stdout is not None
        url = server.stdout.readline().strip()
        yield url, datetime.fromisoformat(server.stdout.readline().strip())
    finally:
        server.kill()
        server.wait()


class Window:
    """A fixed rate-limit window: ``limit`` requests per ``seconds``."""

    def __init__(self, limit: int, seconds: float) -> None:
        self.limit, self.seconds = limit, seconds
        self.start, self.used = time.time(), 0
        self.refused = 0
        self.lock = threading.Lock()

    def take(self) -> tuple[bool, int, float]:
        """(allowed, remaining, reset epoch seconds)."""
        with self.lock:
            now = time.time()
            if now >= self.start + self.seconds:
                self.start, self.used = now, 0
            reset = self.start + self.seconds
            if self.used >= self.limit:
                self.refused += 1
                return False, 0, reset
            self.used += 1
            return True, self.limit - self.used, reset


def middleware(
    latency: tuple[float, float], limits: bool
) -> Callable[[Request, Callable[[], Response]], Response]:
    mastodon, github = Window(300, 300), Window(60, 3600)

    def around(request: Request, answer: Callable[[], Response]) -> Response:
        time.sleep(random.uniform(*latency))  # noqa: S311 (not cryptography)
        window = None
        if limits and request.path.startswith("/api/v1/"):
            window = mastodon
        elif limits and request.path.startswith(("/users/", "/user/")):
            window = github
        if window is None:
            return answer()
        allowed, remaining, reset = window.take()
        response = answer() if allowed else Response("{}", 429, mimetype="application/json")
        response.headers["X-RateLimit-Limit"] = str(window.limit)
        response.headers["X-RateLimit-Remaining"] = str(remaining)
        if window is mastodon:
            response.headers["X-RateLimit-Reset"] = datetime.fromtimestamp(reset, UTC).isoformat()
        else:
            response.headers["X-RateLimit-Reset"] = str(int(reset))
        return response

    return around


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--servers", type=int, default=1)
    parser.add_argument("--latency", default="0:0", help="LO:HI seconds before each answer")
    parser.add_argument("--limits", action="store_true", help="enforce documented rate limits")
    parser.add_argument("--tls", metavar="CERT:KEY", help="serve HTTPS with these PEM files")
    args = parser.parse_args(argv)
    context = None
    if args.tls:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(*args.tls.split(":"))
    low, high = (float(x) for x in args.latency.split(":"))
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    urls = []
    for _ in range(args.servers):
        server = HTTPServer(host="127.0.0.1", port=0, threaded=True, ssl_context=context)
        server.start()
        platforms = FakePlatforms(server, shift=None)
        if high > 0 or args.limits:
            platforms.middleware = middleware((low, high), args.limits)
        urls.append(platforms.url)
    print(" ".join(urls), flush=True)
    print(FIXTURES_NOW.isoformat(), flush=True)
    threading.Event().wait()


if __name__ == "__main__":
    sys.exit(main())

"""The fake platforms in their own process (so benchmarks measure only the bot's CPU).

Prints its base URL on the first line of stdout, the moment its fixtures were recorded for on
the second, then serves until killed. Benchmarks start it with :func:`platform_server`.
"""

from __future__ import annotations

import logging
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from pytest_httpserver import HTTPServer

from tests.fakes.platforms import FIXTURES_NOW, FakePlatforms


@contextmanager
def platform_server() -> Iterator[tuple[str, datetime]]:
    """This module as a subprocess: (its base URL, the fixtures' moment) while it runs."""
    server = subprocess.Popen(
        [sys.executable, "-m", "bench.serve_platforms"],
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


def main() -> None:
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    server.start()
    platforms = FakePlatforms(server, shift=None)
    print(platforms.url, flush=True)
    print(FIXTURES_NOW.isoformat(), flush=True)
    threading.Event().wait()


if __name__ == "__main__":
    sys.exit(main())

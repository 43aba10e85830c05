"""The fake platforms in their own process (so benchmarks measure only the bot's CPU).

Prints its base URL on the first line of stdout, then serves until killed.
"""

from __future__ import annotations

import logging
import sys
import threading

from pytest_httpserver import HTTPServer

from tests.fakes.platforms import FIXTURES_NOW, FakePlatforms


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

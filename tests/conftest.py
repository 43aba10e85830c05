"""Shared fixtures. Every test runs with the internet closed: only loopback may be reached."""

from __future__ import annotations

import ipaddress
import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings
from pytest_httpserver import HTTPServer
from sqlite_utils import Database

from scoring.sources import build_sources
from scoring.sources.base import Source, SourceConfig
from scoring.sources.http import HttpPolicy
from storage import open_db
from tests.examples import DEFAULT_EXAMPLES, choose_tier, examples
from tests.fakes.platforms import FIXTURES_NOW, FakePlatforms
from tests.fakes.telegram_server import FakeTelegram

# Shared, noisy machines: hypothesis judges properties, never timings. The whole suite (what
# CI runs) draws the same examples every run, so a change fails or passes on its own account
# and never on a draw's luck; the fast tier draws new ones every run and explores.
settings.register_profile("resonance", deadline=None, derandomize=True)
settings.load_profile("resonance")


def pytest_configure(config: pytest.Config) -> None:
    """The fast tier (``-m "not e2e"``) runs a share of each property test's examples, drawn
    anew each run (tests/examples.py); the whole suite, which CI runs, runs them all, drawn
    the same every run. A failing example either finds is kept in hypothesis' database and
    replayed first by both."""
    share = choose_tier(config.getoption("markexpr", None))
    if share < 1.0:
        settings.register_profile(
            "resonance-fast",
            deadline=None,
            derandomize=False,
            max_examples=examples(DEFAULT_EXAMPLES),
        )
        settings.load_profile("resonance-fast")


os.environ.setdefault("PTB_TIMEDELTA", "1")  # as bot/__main__ does: retry_after as timedelta

TOKEN = "123456789:AAHtestTOKENfor-the-fake-server_0123"
UNREACHABLE = "http://127.0.0.1:9"  # the discard port: nothing listens, connections are refused


class InternetAccessBlocked(RuntimeError):
    """A test tried to reach a host that is not on this machine."""


def _is_local(address: Any) -> bool:
    if not isinstance(address, tuple):
        return True  # AF_UNIX socket paths (the event loop's self-pipe)
    host = address[0]
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


@pytest.fixture(autouse=True)
def no_internet(monkeypatch: pytest.MonkeyPatch) -> None:
    """Refuse, loudly, every connection that would leave this machine."""
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex

    def connect(self: socket.socket, address: Any) -> None:
        if not _is_local(address):
            raise InternetAccessBlocked(f"test tried to reach {address!r}")
        real_connect(self, address)

    def connect_ex(self: socket.socket, address: Any) -> int:
        if not _is_local(address):
            raise InternetAccessBlocked(f"test tried to reach {address!r}")
        return real_connect_ex(self, address)

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", connect_ex)


@pytest.fixture(scope="session")
def make_httpserver() -> Iterator[HTTPServer]:
    """pytest-httpserver's server, answering each connection in its own thread as real
    platforms do (a browser's open connection must not hold up the bot's requests)."""
    server = HTTPServer(host="localhost", port=0, threaded=True)
    server.start()
    yield server
    server.clear()
    if server.is_running():
        server.stop()


@pytest.fixture
def fresh_db() -> Iterator[Database]:
    """An empty, migrated in-memory database."""
    db = open_db(":memory:")
    yield db
    db.close()


@pytest.fixture
def fake_telegram() -> Iterator[FakeTelegram]:
    """A fake Bot API server on 127.0.0.1 that accepts ``TOKEN``."""
    with FakeTelegram({TOKEN}) as server:
        yield server


def offline_env(tmp_path: Path, **overrides: str) -> dict[str, str]:
    """An environment for a bot subprocess in which every platform URL points nowhere."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(
            ("RESONANCE_", "TELEGRAM_", "GITHUB_", "REDDIT_", "YOUTUBE_", "X_", "STACKEXCHANGE_")
        )
    }
    env.update(
        {
            "RESONANCE_DB": str(tmp_path / "resonance.db"),
            "RESONANCE_LOG_LEVEL": "DEBUG",
            "RESONANCE_BLUESKY_API": UNREACHABLE,
            "RESONANCE_GITHUB_API": UNREACHABLE,
            "RESONANCE_HN_API": UNREACHABLE,
            "RESONANCE_HN_SEARCH_API": UNREACHABLE,
            "RESONANCE_STACKEXCHANGE_API": UNREACHABLE,
            "RESONANCE_REDDIT_API": UNREACHABLE,
            "RESONANCE_REDDIT_AUTH_API": UNREACHABLE,
            "RESONANCE_YOUTUBE_API": UNREACHABLE,
            "RESONANCE_GRAPH_API": UNREACHABLE,
            "RESONANCE_X_API": UNREACHABLE,
            "RESONANCE_THREADS_API": UNREACHABLE,
            "RESONANCE_THREADS_AUTH_API": UNREACHABLE,
            "TELEGRAM_API_BASE_URL": UNREACHABLE + "/bot",
            "PYTHONUNBUFFERED": "1",
        }
    )
    env.update(overrides)
    return env


#: Whether the running test may start the ``resonance`` process: None outside pytest (the
#: benchmarks), else whether the test is marked ``e2e``.
_may_start_process: dict[str, bool | None] = {"now": None}


@pytest.fixture(autouse=True)
def _e2e_marker_is_required_to_start_the_bot(request: pytest.FixtureRequest) -> Iterator[None]:
    """The fast tier (``-m "not e2e"``) stays fast: a test that starts the real process and is
    not marked ``e2e`` fails at once instead of slowing the edit-test loop unnoticed."""
    _may_start_process["now"] = request.node.get_closest_marker("e2e") is not None
    yield
    _may_start_process["now"] = None


def resonance_command() -> list[str]:
    """The installed ``resonance`` console script beside this interpreter."""
    if _may_start_process["now"] is False:
        raise RuntimeError("this test starts the resonance process: mark it @pytest.mark.e2e")
    script = Path(sys.executable).with_name("resonance")
    return [str(script)] if script.exists() else [sys.executable, "-m", "bot"]


def run_resonance(
    args: list[str], env: dict[str, str], cwd: Path, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    """Run ``resonance ARGS`` to completion."""
    return subprocess.run(
        [*resonance_command(), *args],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


#: The real policy with short waits: tests shorten the waits, never the checks.
TEST_POLICY = HttpPolicy(
    user_agent="Resonance/test",
    connect_timeout=1.0,
    read_timeout=1.0,
    max_bytes=256 * 1024,
    retries=2,
    backoff_factor=0.01,
    max_retry_after=2.0,
    max_pacing_delay=0.05,
)


@pytest.fixture
def platforms(httpserver: HTTPServer) -> FakePlatforms:
    """Mastodon, Bluesky, GitHub and a blog, served from recorded payloads on 127.0.0.1."""
    return FakePlatforms(httpserver)


@pytest.fixture
def live_platforms(httpserver: HTTPServer) -> FakePlatforms:
    """The same, with every timestamp moved so the recorded posts are recent on the real clock.

    For bot subprocesses, which read the real clock.
    """
    return FakePlatforms(httpserver, shift=datetime.now(UTC) - FIXTURES_NOW)


@pytest.fixture
def source_config(platforms: FakePlatforms) -> SourceConfig:
    """Sources pointed at the fake platforms, private addresses allowed (they are local)."""
    return SourceConfig(
        api_urls={
            "bluesky": platforms.url,
            "github": platforms.url,
            "hackernews": platforms.url + "/hn",
            "hackernews_search": platforms.url + "/algolia",
            "stackexchange": platforms.url + "/se",
            "reddit": platforms.url + "/reddit",
            "reddit_auth": platforms.url + "/reddit-auth",
            "youtube": platforms.url + "/youtube",
            "graph": platforms.url + "/graph",  # Facebook Pages and Instagram
        },
        keys={
            "YOUTUBE_API_KEY": FakePlatforms.YOUTUBE_KEY,
            "REDDIT_CLIENT_ID": "resonance-client",
            "REDDIT_CLIENT_SECRET": "resonance-secret",
        },
        allow_private_network=True,
        http=TEST_POLICY,
    )


@pytest.fixture
def sources(source_config: SourceConfig) -> dict[str, Source]:
    return build_sources(source_config)

"""Crashes: kill -9 in the middle of a digest broadcast or of a refresh, then restart."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from scoring.sources import build_sources
from scoring.sources.base import SourceConfig
from storage import notifications, open_db
from storage.channels import add_channel
from storage.schedule import set_next_refresh
from storage.users import register_user
from tests.conftest import TEST_POLICY, TOKEN, offline_env, resonance_command
from tests.fakes.platforms import FakePlatforms
from tests.fakes.telegram_server import FakeTelegram

pytestmark = pytest.mark.e2e  # each test starts the real resonance process

USERS = 90
TITLE = "Your week in resonance"
PAYLOAD = {
    "score": 40.0,
    "change": 0.5,
    "channels": [],
    "best_post": None,
    "tip": None,
    "history": [],
}


def _start(fake: FakeTelegram, tmp_path: Path, **extra: str) -> subprocess.Popen[bytes]:
    env = offline_env(
        tmp_path, TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_API_BASE_URL=fake.base_url, **extra
    )
    return subprocess.Popen(
        [*resonance_command(), "run"],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _due_users(tmp_path: Path, fake: FakeTelegram, platforms: FakePlatforms, users: int) -> None:
    """``users`` users, each with the fake Mastodon account and blog, all due for a refresh."""
    sources = build_sources(SourceConfig(allow_private_network=True, http=TEST_POLICY, api_urls={}))
    mastodon = sources["mastodon"].resolve(f"{platforms.url}/@alice")
    blog = sources["blog"].resolve(f"{platforms.url}/blog")
    db = open_db(tmp_path / "resonance.db")
    now = datetime.now(UTC)
    for user_id in range(1, users + 1):
        fake.add_private_chat(user_id)
        register_user(db, user_id=user_id, chat_id=user_id, first_name="U", language="en", now=now)
        add_channel(db, user_id, mastodon, now)
        add_channel(db, user_id, blog, now)
        set_next_refresh(db, user_id, now - timedelta(minutes=1))
    db.close()


def _digests(fake: FakeTelegram) -> Counter[int | None]:
    return Counter(c.chat_id for c in fake.calls_of("sendMessage") if TITLE in c.text)


def test_kill_9_mid_broadcast_loses_no_data_and_sends_nothing_twice(
    tmp_path: Path, fake_telegram: FakeTelegram
) -> None:
    db = open_db(tmp_path / "resonance.db")
    now = datetime.now(UTC)
    for user_id in range(1, USERS + 1):
        fake_telegram.add_private_chat(user_id)
        register_user(db, user_id=user_id, chat_id=user_id, first_name="U", language="en", now=now)
        notifications.claim(db, user_id, "digest", "2026-W48", PAYLOAD, now, now)
    db.close()

    process = _start(fake_telegram, tmp_path)
    deadline = time.monotonic() + 30
    while sum(_digests(fake_telegram).values()) < USERS // 3:
        assert time.monotonic() < deadline, "the broadcast did not start"
        time.sleep(0.02)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=10)

    check = sqlite3.connect(tmp_path / "resonance.db")
    assert check.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert check.execute("SELECT count(*) FROM users").fetchone()[0] == USERS
    statuses = Counter(r[0] for r in check.execute("SELECT status FROM notifications"))
    assert statuses["pending"] > 0, "killed mid-broadcast"
    check.close()

    process = _start(fake_telegram, tmp_path)
    try:
        deadline = time.monotonic() + 60
        while True:
            check = sqlite3.connect(tmp_path / "resonance.db")
            statuses = Counter(r[0] for r in check.execute("SELECT status FROM notifications"))
            check.close()
            if statuses["pending"] == 0 and statuses["sending"] == 0:
                break
            assert time.monotonic() < deadline, statuses
            time.sleep(0.2)
    finally:
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=30) == 0

    received = _digests(fake_telegram)
    assert max(received.values()) == 1, "nothing sent twice"
    in_doubt = statuses["unknown"]
    assert in_doubt <= 2, "only a message in flight at the kill can be in doubt"
    assert len(received) >= USERS - in_doubt, "every other digest arrived"
    assert statuses["sent"] + in_doubt == USERS


def test_kill_9_mid_refresh_leaves_every_channel_whole_and_the_next_start_reads_the_rest(
    tmp_path: Path, fake_telegram: FakeTelegram, live_platforms: FakePlatforms
) -> None:
    users = 30
    _due_users(tmp_path, fake_telegram, live_platforms, users)
    live_platforms.delay = 0.05  # every answer takes a moment: the refresh is caught mid-way
    env = {"RESONANCE_ALLOW_PRIVATE_NETWORK": "1", "RESONANCE_REFRESH_INTERVAL": "30s"}

    def read(query: str) -> list[tuple[Any, ...]]:
        check = sqlite3.connect(tmp_path / "resonance.db")
        try:
            return check.execute(query).fetchall()
        finally:
            check.close()

    process = _start(fake_telegram, tmp_path, **env)
    deadline = time.monotonic() + 30
    while read("SELECT count(*) FROM channels WHERE status = 'ok'")[0][0] < 10:
        assert time.monotonic() < deadline, "the refresh did not start"
        time.sleep(0.01)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=10)

    assert read("PRAGMA integrity_check") == [("ok",)]
    assert read("SELECT count(*) FROM users") == [(users,)]
    channels = read(
        "SELECT c.platform, c.status, count(p.id), "
        "(SELECT count(*) FROM snapshots s WHERE s.channel_id = c.id) "
        "FROM channels c LEFT JOIN posts p ON p.channel_id = c.id GROUP BY c.id"
    )
    assert len(channels) == 2 * users, "no channel lost"
    expected = {"mastodon": 5, "blog": 2}
    for platform, status, posts, snapshots in channels:
        if status == "ok":
            assert (posts, snapshots) == (expected[platform], 1), "a read channel is whole"
        else:
            assert (status, posts, snapshots) == ("pending", 0, 0), "an unread one is untouched"
    assert any(status != "ok" for _, status, _, _ in channels), "killed mid-refresh"

    live_platforms.delay = 0.0
    process = _start(fake_telegram, tmp_path, **env)
    try:
        deadline = time.monotonic() + 90
        while read("SELECT count(*) FROM channels WHERE status = 'ok'")[0][0] < 2 * users:
            assert time.monotonic() < deadline, "the rest was not read after the restart"
            time.sleep(0.2)
    finally:
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=30) == 0
    assert read("SELECT count(*) FROM posts") == [(users * 7,)], "nothing stored twice"
    assert read("SELECT count(DISTINCT user_id) FROM scores") == [(users,)]


def test_sigterm_while_platforms_hang_exits_0_within_seconds_and_saves_nothing_half(
    tmp_path: Path, fake_telegram: FakeTelegram, live_platforms: FakePlatforms
) -> None:
    """Before: with 60-second answers, SIGTERM had not ended the bot after 20 s (Docker kills
    after 10). Refreshes and a /link are waiting on the platforms when the signal comes."""
    users = 6
    _due_users(tmp_path, fake_telegram, live_platforms, users)
    live_platforms.delay = 60.0
    env = {"RESONANCE_ALLOW_PRIVATE_NETWORK": "1", "RESONANCE_REFRESH_INTERVAL": "30s"}
    process = _start(fake_telegram, tmp_path, **env)
    try:
        fake_telegram.wait_for(lambda c: c.method == "setMyCommands", timeout=30)
        fake_telegram.add_private_chat(99)
        fake_telegram.send_message(f"/link blog {live_platforms.url}/blog", user_id=99)
        deadline = time.monotonic() + 30
        while live_platforms.arrived < 1:  # the fake answers one at a time: the rest queue
            assert time.monotonic() < deadline, "the reads did not start"
            time.sleep(0.05)
        fake_telegram.wait_for(lambda c: c.method == "sendChatAction", timeout=10)  # /link
        time.sleep(0.5)
        stopped_at = time.monotonic()
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=15) == 0
        assert time.monotonic() - stopped_at < 10, "Docker would have killed it"
    finally:
        live_platforms.delay = 0.0
        if process.poll() is None:
            process.kill()
            process.wait()

    check = sqlite3.connect(tmp_path / "resonance.db")
    try:
        statuses = check.execute("SELECT status, count(*) FROM channels GROUP BY status").fetchall()
        saved = check.execute("SELECT count(*) FROM posts").fetchone()[0]
    finally:
        check.close()
    assert ("pending", 2 * users) in statuses, "no refresh was half saved or marked failed"
    assert saved == 0
    assert fake_telegram.pending_updates() <= 1, "the /link was confirmed, not handled twice"

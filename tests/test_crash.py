"""Crashes: kill -9 in the middle of a digest broadcast, then restart."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

from storage import notifications, open_db
from storage.users import register_user
from tests.conftest import TOKEN, offline_env, resonance_command
from tests.fakes.telegram_server import FakeTelegram

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


def _start(fake: FakeTelegram, tmp_path: Path) -> subprocess.Popen[bytes]:
    env = offline_env(tmp_path, TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_API_BASE_URL=fake.base_url)
    return subprocess.Popen(
        [*resonance_command(), "run"],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


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

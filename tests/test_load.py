"""Telegram faults and load through the real bot: dropped long-polling connections, and many
users at once. Every update is answered exactly once. (bench/load.py runs the full-size load.)"""

from __future__ import annotations

import time
from collections import Counter
from pathlib import Path

import pytest

from tests.bot_process import running_bot
from tests.fakes.telegram_server import FakeTelegram

pytestmark = pytest.mark.e2e  # each test starts the real resonance process


def _replies(fake: FakeTelegram, after: int) -> Counter[int | None]:
    return Counter(c.chat_id for c in fake.calls[after:] if c.method == "sendMessage")


def _wait_for_replies(fake: FakeTelegram, after: int, expected: int, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while sum(_replies(fake, after).values()) < expected:
        assert time.monotonic() < deadline, f"{sum(_replies(fake, after).values())}/{expected}"
        time.sleep(0.05)
    time.sleep(0.5)  # anything sent twice would arrive now


def test_dropped_polling_connections_lose_no_update(
    tmp_path: Path, fake_telegram: FakeTelegram
) -> None:
    with running_bot(fake_telegram, tmp_path):
        mark = fake_telegram.mark()
        fake_telegram.drop("getUpdates", 3)
        for user in range(1, 21):
            fake_telegram.send_message("/help", user_id=user)
        _wait_for_replies(fake_telegram, mark, 20, timeout=60)
        assert fake_telegram.drops["getUpdates"] == 0, "the connections were cut"
        replies = _replies(fake_telegram, mark)
        assert replies == Counter(range(1, 21)), "each update answered exactly once"
        assert fake_telegram.pending_updates() == 0


def test_many_users_sending_commands_at_once_are_all_answered_once(
    tmp_path: Path, fake_telegram: FakeTelegram
) -> None:
    users, commands = 100, ("/start", "/score", "/channels", "/tips", "/help")
    with running_bot(fake_telegram, tmp_path):
        mark = fake_telegram.mark()
        for command in commands:
            for user in range(1, users + 1):
                fake_telegram.send_message(command, user_id=user)
        _wait_for_replies(fake_telegram, mark, users * len(commands), timeout=120)
        replies = _replies(fake_telegram, mark)
        assert replies == Counter({user: len(commands) for user in range(1, users + 1)})

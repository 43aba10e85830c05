"""One way out to Telegram: replies under flood control and a 429 storm.

The fake Bot API enforces 30 messages a second and, on top, answers 20 sends in a row with
429 (retry_after 2). Forty users send /help at once through the real Application: every one
gets exactly one answer, and nothing reaches a chat before the retry_after it was given runs
out. (Measured before the lane: 25 of 40 never got a reply.)
"""

from __future__ import annotations

import asyncio
import itertools
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from telegram import Update

from bot.app import BotApplication, build_application, build_services
from bot.settings import load_settings
from storage import open_db
from tests.bot_process import running_bot
from tests.conftest import TOKEN
from tests.fakes.telegram_server import FakeTelegram
from tests.fakes.updates import text_update

USERS = range(7001, 7041)
_ids = itertools.count(1)


@pytest.fixture
def limited_telegram() -> Iterator[FakeTelegram]:
    with FakeTelegram({TOKEN}, messages_per_second=30) as server:
        yield server


@pytest.fixture
async def app(limited_telegram: FakeTelegram, tmp_path: Path) -> AsyncIterator[BotApplication]:
    settings = load_settings(
        {"TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_API_BASE_URL": limited_telegram.base_url}
    )
    db = open_db(tmp_path / "lane.db")
    application = build_application(build_services(settings, db))
    for user in USERS:
        limited_telegram.send_message("/start", user_id=user)  # the chats exist for the fake
    async with application:
        yield application
    db.close()


async def test_every_reply_arrives_once_and_none_before_its_retry_after(
    app: BotApplication, limited_telegram: FakeTelegram
) -> None:
    fake = limited_telegram
    fake.fail("sendMessage", 429, "Too Many Requests", retry_after=2, times=20)
    mark = fake.mark()
    updates = [Update.de_json(text_update(user, "/help"), app.bot) for user in USERS]
    await asyncio.wait_for(asyncio.gather(*(app.process_update(u) for u in updates)), 60)
    sent = [c for c in fake.calls[mark:] if c.method == "sendMessage"]
    per_chat = {user: [c for c in sent if c.chat_id == user] for user in USERS}
    assert {user: len(calls) for user, calls in per_chat.items()} == dict.fromkeys(USERS, 1)
    assert all("/link PLATFORM HANDLE-OR-URL" in calls[0].text for calls in per_chat.values())
    refused = [r for r in fake.refused if r[1] == "sendMessage"]
    assert refused, "the storm happened"
    for at, _method, params, retry_after in refused:
        chat = int(params["chat_id"])
        early = [c for c in per_chat[chat] if at < c.at < at + retry_after]
        assert early == [], "nothing reaches that chat before its retry_after runs out"


@pytest.mark.e2e
def test_the_running_bot_answers_every_user_once_under_a_429_storm(
    limited_telegram: FakeTelegram, tmp_path: Path
) -> None:
    """The same against the real ``resonance run`` process, polling the fake Bot API."""
    fake = limited_telegram
    with running_bot(fake, tmp_path):
        for user in USERS:
            fake.add_private_chat(user)
        fake.fail("sendMessage", 429, "Too Many Requests", retry_after=2, times=20)
        mark = fake.mark()
        for user in USERS:
            fake.send_message("/help", user_id=user)
        deadline = time.monotonic() + 60
        while True:
            sent = [c for c in fake.calls[mark:] if c.method == "sendMessage"]
            if {c.chat_id for c in sent} >= set(USERS) or time.monotonic() > deadline:
                break
            time.sleep(0.2)
        time.sleep(1)  # anything sent twice would come now
        sent = [c for c in fake.calls[mark:] if c.method == "sendMessage"]
    per_chat = {user: [c for c in sent if c.chat_id == user] for user in USERS}
    assert {user: len(calls) for user, calls in per_chat.items()} == dict.fromkeys(USERS, 1)
    refused = [r for r in fake.refused if r[1] == "sendMessage"]
    assert refused, "the storm happened"
    for at, _method, params, retry_after in refused:
        chat = int(params["chat_id"])
        early = [c for c in per_chat[chat] if at < c.at < at + retry_after]
        assert early == [], "nothing reaches that chat before its retry_after runs out"

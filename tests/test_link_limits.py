"""Fairness at /link: a user at the channel cap, or linking in a frenzy, costs the platforms
nothing more. The real Application in process, the fake Bot API and the fake platforms."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.app import BotApplication, build_application, build_services
from bot.services import services_of
from bot.settings import load_settings
from scoring.channel_data import Account
from storage import open_db
from storage.channels import MAX_CHANNELS_PER_USER, add_channel
from storage.users import register_user
from tests.conftest import TOKEN
from tests.fakes.platforms import FakePlatforms
from tests.fakes.telegram_server import FakeTelegram
from tests.fakes.updates import process, text_update

USER = 77


@pytest.fixture
async def app(
    fake_telegram: FakeTelegram, tmp_path: Path, platforms: FakePlatforms
) -> AsyncIterator[BotApplication]:
    environ = {
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_BASE_URL": fake_telegram.base_url,
        "RESONANCE_ALLOW_PRIVATE_NETWORK": "1",
        "RESONANCE_GITHUB_API": platforms.url,
    }
    db = open_db(tmp_path / "limits.db")
    application = build_application(build_services(load_settings(environ), db))
    fake_telegram.send_message("/start", user_id=USER)  # the chat exists for the fake
    async with application:
        yield application
    db.close()


async def _say(app: BotApplication, fake: FakeTelegram, text: str, language: str = "en") -> str:
    calls = await process(app, fake, text_update(USER, text, language=language))
    return calls[-1].text


async def test_a_user_at_the_cap_is_told_before_any_lookup(
    app: BotApplication, fake_telegram: FakeTelegram, platforms: FakePlatforms
) -> None:
    """Before: the account was looked up on the platform, then refused."""
    db = services_of(app).db
    now = datetime.now(UTC)
    register_user(db, user_id=USER, chat_id=USER, first_name="U", language="en", now=now)
    for i in range(MAX_CHANNELS_PER_USER):
        add_channel(db, USER, Account("hackernews", f"u{i}", f"u{i}", f"u{i}"), now)
    before = platforms.arrived
    answer = await _say(app, fake_telegram, "/link github jacquev6")
    assert "limit of linked channels" in answer
    assert platforms.arrived == before, "no request reached the platform"


async def test_linking_in_a_frenzy_is_slowed_politely(
    app: BotApplication, fake_telegram: FakeTelegram, platforms: FakePlatforms
) -> None:
    """Twenty /link attempts in a row (each a lookup on the platform): the first ten are
    looked up, the rest get a polite answer naming the wait, in the user's language, and cost
    the platform nothing."""
    answers = [
        await _say(app, fake_telegram, f"/link github nobody-{i}", language="de") for i in range(20)
    ]
    looked_up = [a for a in answers if "Bitte warte" not in a]
    assert len(looked_up) == 10
    slowed = answers[10:]
    assert all("Bitte warte" in a and "/link" in a for a in slowed)
    assert platforms.hits["/users/nobody-10"] == 0
    assert sum(platforms.hits[f"/users/nobody-{i}"] for i in range(10)) >= 10

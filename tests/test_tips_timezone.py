"""A tip that names an hour asks for the timezone once (issue 25, item 6).

"Wednesdays between 20:00 and 24:00 (your time)" was shown in UTC to a user who never set a
timezone. Now /tips says the hours are UTC and offers buttons guessed from the language Telegram
reports; a press stores the zone and redraws the tips in place, in that zone. Through the real
Application and the fake Bot API over HTTP.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.app import BotApplication
from scoring.channel_data import Account, ChannelData, Post, PostKind, Profile
from scoring.tips import HOUR_BLOCK
from storage import open_db
from storage.channels import add_channel
from storage.fetches import record_fetch
from storage.users import get_user, register_user, update_settings
from tests.fakes.telegram_server import Call, FakeTelegram
from tests.fakes.updates import application_on, button_update, process, text_update

EN, DE, SET = 7001, 7002, 7003
EVENING_UTC = 17  # the hour every strong post (talked about, not only liked) was made at, in UTC


def _seed(db_path: Path) -> None:
    db = open_db(db_path)
    now = datetime.now(UTC)
    day = (now - timedelta(days=1)).replace(hour=EVENING_UTC, minute=0, second=0, microsecond=0)
    evening = [
        Post(f"e{i}", day - timedelta(days=2 * i), PostKind.OWN, likes=18 + i % 5, replies=4)
        for i in range(12)
    ]
    morning = [
        Post(
            f"m{i}", day.replace(hour=7) - timedelta(days=2 * i + 1), PostKind.OWN, likes=4 + i % 3
        )
        for i in range(12)
    ]
    for user, language in ((EN, "en"), (DE, "de"), (SET, "en")):
        register_user(db, user_id=user, chat_id=user, first_name="T", language=language, now=now)
        account = Account("mastodon", f"acct-{user}", f"@t{user}@example.social", "T")
        channel = add_channel(db, user, account, now)
        record_fetch(db, channel.id, ChannelData(Profile(followers=300), (*evening, *morning)), now)
    update_settings(db, SET, now, timezone="Asia/Tokyo")
    db.close()


@pytest.fixture
async def app(fake_telegram: FakeTelegram, tmp_path: Path) -> AsyncIterator[BotApplication]:
    _seed(tmp_path / "tz.db")
    async with application_on(fake_telegram, tmp_path / "tz.db", chats=(EN, DE, SET)) as app:
        yield app


def _block(zone: str) -> str:
    """'FROM and TO' of the block holding 17:00 UTC, in ``zone`` today, as English writes
    hours ("6:00 PM and 12:00 AM", with CLDR's narrow no-break space)."""
    local = datetime.now(UTC).replace(hour=EVENING_UTC).astimezone(ZoneInfo(zone)).hour
    start = local // HOUR_BLOCK * HOUR_BLOCK

    def clock(hour: int) -> str:
        return f"{hour % 12 or 12}:00\u202f{'AM' if hour % 24 < 12 else 'PM'}"

    return f"{clock(start)} and {clock(start + HOUR_BLOCK)}"


async def _tips(app: BotApplication, fake: FakeTelegram, user: int, language: str) -> Call:
    calls = await process(app, fake, text_update(user, "/tips", language=language))
    return next(c for c in calls if c.method == "sendMessage")


async def test_an_hour_in_utc_asks_for_the_timezone_once_and_redraws_in_place(
    app: BotApplication, fake_telegram: FakeTelegram, tmp_path: Path
) -> None:
    shown = await _tips(app, fake_telegram, EN, "de-AT")
    assert f"between {_block('UTC')} (your time)" in shown.text
    assert "The hours above are in UTC" in shown.text
    labels = [b["text"] for b in shown.buttons]
    assert labels[:2] == ["Vienna", "Berlin"], "guessed from Telegram's language code"
    assert "UTC is right" in labels

    vienna = next(b for b in shown.buttons if b["text"] == "Vienna")
    calls = await process(
        app, fake_telegram, button_update(EN, vienna["callback_data"], shown.message)
    )
    redrawn = next(c for c in calls if c.method == "editMessageText")
    assert int(redrawn.params["message_id"]) == shown.message["message_id"], "edited in place"
    assert f"between {_block('Europe/Vienna')} (your time)" in redrawn.text
    assert "The hours above are in UTC" not in redrawn.text
    assert not any(b["text"] == "UTC is right" for b in redrawn.buttons)

    again = await _tips(app, fake_telegram, EN, "de-AT")
    assert "The hours above" not in again.text, "asked once"
    db = open_db(tmp_path / "tz.db")
    user = get_user(db, EN)
    db.close()
    assert user is not None
    assert (user.timezone, user.timezone_chosen) == ("Europe/Vienna", True)


async def test_utc_is_an_answer_and_a_chosen_zone_is_never_asked_about(
    app: BotApplication, fake_telegram: FakeTelegram
) -> None:
    chosen = await _tips(app, fake_telegram, SET, "en")
    assert f"between {_block('Asia/Tokyo')} (your time)" in chosen.text
    assert "The hours above" not in chosen.text

    shown = await _tips(app, fake_telegram, EN, "en-US")
    assert [b["text"] for b in shown.buttons][:1] == ["New York"]
    utc = next(b for b in shown.buttons if b["text"] == "UTC is right")
    calls = await process(
        app, fake_telegram, button_update(EN, utc["callback_data"], shown.message)
    )
    redrawn = next(c for c in calls if c.method == "editMessageText")
    assert f"between {_block('UTC')} (your time)" in redrawn.text
    assert "The hours above" not in redrawn.text


async def test_the_question_in_german_and_a_forged_zone_changes_nothing(
    app: BotApplication, fake_telegram: FakeTelegram, tmp_path: Path
) -> None:
    shown = await _tips(app, fake_telegram, DE, "de")
    assert "Die Uhrzeiten oben sind in UTC" in shown.text
    assert "UTC stimmt" in [b["text"] for b in shown.buttons]
    for forged in ("tips:z:999", "tips:z:-1", "tips:z:x", "tips:z:"):
        calls = await process(app, fake_telegram, button_update(DE, forged, shown.message))
        assert all("etwas schiefgegangen" not in c.text for c in calls)
    db = open_db(tmp_path / "tz.db")
    user = get_user(db, DE)
    db.close()
    assert user is not None
    assert (user.timezone, user.timezone_chosen) == ("UTC", False)

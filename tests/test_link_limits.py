"""Fairness at /link: a user at the channel cap, or linking in a frenzy, costs the platforms
nothing more. The real Application in process, the fake Bot API and the fake platforms."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import time
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.app import BotApplication
from bot.services import services_of
from bot.use_cases.reading import Reader, UserSlots
from bot.use_cases.refresh import refresh_user
from scoring.channel_data import Account
from scoring.sources import build_sources
from scoring.sources.base import SourceConfig
from storage import open_db
from storage.channels import MAX_CHANNELS_PER_USER, add_channel
from storage.users import register_user
from tests.bot_process import running_bot
from tests.conftest import TEST_POLICY
from tests.fakes.platforms import FakePlatforms
from tests.fakes.slow import slow_servers, trickle
from tests.fakes.telegram_server import FakeTelegram
from tests.fakes.updates import application_on, process, text_update

USER = 77


@pytest.fixture
async def app(
    fake_telegram: FakeTelegram, tmp_path: Path, platforms: FakePlatforms
) -> AsyncIterator[BotApplication]:
    environ = {
        "RESONANCE_ALLOW_PRIVATE_NETWORK": "1",
        "RESONANCE_GITHUB_API": platforms.url,
        "GITHUB_TOKEN": "ghp_test",  # 5,000 requests an hour: the share is not what binds
    }
    path = tmp_path / "limits.db"
    async with application_on(fake_telegram, path, environ, chats=[USER]) as app:
        yield app


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


@pytest.mark.e2e
def test_links_to_a_trickling_server_do_not_hold_up_another_users_link(
    tmp_path: Path, fake_telegram: FakeTelegram, live_platforms: FakePlatforms
) -> None:
    """Before: eight /links to a slow server made a ninth /link to a normal feed wait 29 s.
    Eight users link a feed that trickles a byte every half second (each read lasts until
    the 30-second deadline); a ninth user's /link is answered at once."""
    env = {"RESONANCE_ALLOW_PRIVATE_NETWORK": "1"}
    with slow_servers() as start, running_bot(fake_telegram, tmp_path, **env):
        slow = start(
            trickle(b"HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\n\r\n" + b"<" * 200, 0.5)
        )
        for user in range(1, 9):
            fake_telegram.add_private_chat(user)
            fake_telegram.send_message(f"/link blog {slow}", user_id=user)
        time.sleep(2)  # all eight are reading the slow server
        mark = fake_telegram.mark()
        asked = time.monotonic()
        fake_telegram.send_message(f"/link blog {live_platforms.url}/blog", user_id=USER)
        linked = fake_telegram.wait_for_reply(
            USER, mark, 30, methods=("editMessageText",), containing="Linked"
        )
        took = time.monotonic() - asked
    assert "Linked <b>" in linked.text
    assert "· Blog</b>" in linked.text
    assert took < 5, f"the ninth /link waited {took:.1f} s"


async def test_one_users_slow_channels_take_only_their_share_of_the_slots(
    tmp_path: Path, source_config: SourceConfig, platforms: FakePlatforms
) -> None:
    """A user with 20 blogs that trickle a byte every half second, refreshed beside a user
    with one normal blog, over 8 shared slots: without a per-user cap the 20 reads took every
    slot and the other refresh waited for the deadline; with it, 4 at most are in flight and
    the other refresh is done at once."""
    sources = build_sources(
        dataclasses.replace(source_config, http=dataclasses.replace(TEST_POLICY, deadline=4.0))
    )
    db = open_db(tmp_path / "share.db")
    now = datetime.now(UTC)
    reader = Reader(db, sources, asyncio.Semaphore(8), per_user=UserSlots(4))
    with slow_servers() as start:
        body = b"HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\n\r\n" + b"<" * 200
        for user_id in (1, 2):
            register_user(
                db, user_id=user_id, chat_id=user_id, first_name="U", language="en", now=now
            )
        for i in range(20):
            url = start(trickle(body, 0.5))
            add_channel(db, 1, Account("blog", url + f"?{i}", f"slow {i}", "Slow", url), now)
        add_channel(db, 2, sources["blog"].resolve(f"{platforms.url}/blog"), now)
        hostile = asyncio.create_task(refresh_user(db, reader, 1, now, force=True))
        await asyncio.sleep(0.5)  # the slow reads have taken what they may
        began = time.monotonic()
        outcome = await refresh_user(db, reader, 2, now, force=True)
        took = time.monotonic() - began
        hostile.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await hostile
    assert outcome is not None
    assert outcome.outcomes[0].error is None
    assert took < 2.0, f"the other user's refresh waited {took:.1f} s"
    db.close()

"""Refresh, alerts, digests and delivery with a controllable clock.

The real tick coroutine runs against the fake Bot API and the fake platforms over HTTP; only
the clock is ours to move (tests call ``run_tick`` instead of waiting on timers).
"""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlite_utils import Database
from telegram import Bot

from bot.delivery import Delivery, Sender
from bot.jobs import TICK_SECONDS, run_tick
from bot.services import Services
from bot.settings import load_settings
from bot.use_cases.reading import save_outcome
from bot.use_cases.refresh import refresh_user, rescore
from scoring.sources.base import Source
from storage import notifications, open_db
from storage.channels import add_channel
from storage.clock import from_db, to_db
from storage.users import get_user, register_user
from tests.conftest import TOKEN
from tests.fakes.platforms import FakePlatforms
from tests.fakes.telegram_server import FakeTelegram

STEP = timedelta(minutes=15)
DIGEST_TITLE = "<b>Your week in resonance</b>"


class Clock:
    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now


@dataclass
class World:
    services: Services
    sender: Sender
    clock: Clock
    fake: FakeTelegram
    platforms: FakePlatforms
    db: Database

    def add_user(
        self,
        user_id: int,
        *,
        timezone: str = "UTC",
        day: int = 0,
        hour: int = 9,
        quiet: tuple[int, int] | None = None,
        language: str = "en",
    ) -> None:
        self.fake.send_message("/start", user_id=user_id)  # Telegram now knows the chat
        register_user(
            self.db,
            user_id=user_id,
            chat_id=user_id,
            first_name=f"U{user_id}",
            language=language,
            now=self.clock(),
        )
        self.db.execute(
            "UPDATE users SET timezone = ?, digest_day = ?, digest_hour = ?, quiet_start = ?, "
            "quiet_end = ? WHERE id = ?",
            [
                timezone,
                day,
                hour,
                quiet[0] if quiet else None,
                quiet[1] if quiet else None,
                user_id,
            ],
        )

    async def link_mastodon(self, user_id: int) -> None:
        await self.link(user_id, "mastodon", f"{self.platforms.url}/@alice")

    async def link(self, user_id: int, platform: str, query: str) -> None:
        """What /link does: resolve, store, read, score, and measure alerts from here."""
        account = self.services.sources[platform].resolve(query)
        channel = add_channel(self.db, user_id, account, self.clock())
        now = self.clock()
        save_outcome(self.db, await self.services.reader.read(channel, now), now)
        rescore(self.db, user_id, now)

    async def run(self, until: datetime) -> None:
        while self.clock.now < until:
            self.clock.now += STEP
            await run_tick(self.services, self.sender)

    def digests(self, user_id: int) -> list[dict[str, str]]:
        rows = self.db.query(
            "SELECT period, status, sent_at FROM notifications WHERE user_id = ? AND kind = 'digest' "
            "ORDER BY id",
            [user_id],
        )
        return list(rows)

    def texts(self, user_id: int, needle: str) -> list[str]:
        return [t for t in self.fake.sent_texts(user_id) if needle in t]


@pytest.fixture
async def world(
    fake_telegram: FakeTelegram,
    platforms: FakePlatforms,
    sources: dict[str, Source],
    tmp_path: Path,
) -> AsyncIterator[World]:
    db = open_db(tmp_path / "resonance.db")
    clock = Clock(datetime(2026, 10, 21, 0, 0, tzinfo=UTC))
    settings = load_settings({"TELEGRAM_BOT_TOKEN": TOKEN, "RESONANCE_REFRESH_INTERVAL": "6h"})
    services = Services(settings=settings, db=db, sources=sources, now=clock)
    bot = Bot(TOKEN, base_url=fake_telegram.base_url)
    async with bot:
        yield World(services, Sender(bot), clock, fake_telegram, platforms, db)
    db.close()


async def test_two_weeks_give_one_digest_a_week_at_local_time_across_dst(world: World) -> None:
    """EU summer time ends on 25 October 2026, US on 1 November; Tokyo has none."""
    world.add_user(1, timezone="Europe/Berlin", day=0, hour=9)
    world.add_user(2, timezone="America/New_York", day=6, hour=9)
    world.add_user(3, timezone="Asia/Tokyo", day=4, hour=18)
    world.add_user(4)  # UTC, Monday 09:00: the defaults
    for user_id in (1, 2, 3, 4):
        await world.link_mastodon(user_id)

    await world.run(datetime(2026, 11, 4, 0, 0, tzinfo=UTC))

    expected = {
        1: ["2026-10-26T08:00", "2026-11-02T08:00"],
        2: ["2026-10-25T13:00", "2026-11-01T14:00"],
        3: ["2026-10-23T09:00", "2026-10-30T09:00"],
        4: ["2026-10-26T09:00", "2026-11-02T09:00"],
    }
    for user_id, slots in expected.items():
        digests = world.digests(user_id)
        assert [d["status"] for d in digests] == ["sent", "sent"], user_id
        for digest, slot in zip(digests, slots, strict=True):
            sent = from_db(digest["sent_at"])
            due = datetime.fromisoformat(slot + ":00+00:00")
            assert due <= sent <= due + STEP, (user_id, sent, due)
        assert len(world.texts(user_id, DIGEST_TITLE)) == 2
    # Each refresh asks for the newest statuses once; the daily deep read also for page two.
    # Four users, one account: 4 x (56 refreshes + 14 deep reads), and the reads when linking.
    requests = world.platforms.hits["/api/v1/accounts/109302/statuses"] - 4 * 2
    assert 4 * (56 + 14 - 3) <= requests <= 4 * (56 + 14 + 3), "every 6 h, none skipped or doubled"
    scores = world.db.execute("SELECT count(*) FROM scores WHERE user_id = 1").fetchone()[0]
    assert 14 <= scores <= 14 * 4 + 2, "nothing new keeps the score, recomputed at least daily"


async def test_a_digest_missed_while_down_is_sent_once_when_back_and_not_after_a_day(
    world: World,
) -> None:
    world.add_user(1)
    await world.link_mastodon(1)
    await world.run(datetime(2026, 10, 26, 8, 0, tzinfo=UTC))  # up until just before the slot
    world.clock.now = datetime(2026, 10, 26, 12, 0, tzinfo=UTC)  # down 08:00–12:00
    await world.run(datetime(2026, 10, 27, 0, 0, tzinfo=UTC))
    assert [d["period"] for d in world.digests(1)] == ["2026-W44"]
    assert len(world.texts(1, DIGEST_TITLE)) == 1

    world.clock.now = datetime(2026, 11, 3, 12, 0, tzinfo=UTC)  # down over the next slot for 27 h
    await world.run(datetime(2026, 11, 4, 0, 0, tzinfo=UTC))
    assert [d["period"] for d in world.digests(1)] == ["2026-W44"], (
        "too late: skipped, not sent late"
    )


async def test_a_restart_mid_digest_sends_nothing_twice(world: World) -> None:
    world.add_user(1)
    await world.link_mastodon(1)
    await world.run(datetime(2026, 10, 26, 8, 40, tzinfo=UTC))  # last tick at 08:45
    world.clock.now = datetime(2026, 10, 26, 9, 0, tzinfo=UTC)
    from bot.jobs import plan_digests

    assert plan_digests(world.services) == 1
    (pending,) = notifications.due(world.db, world.clock(), 10)
    assert notifications.start_sending(
        world.db, pending.id, world.clock()
    )  # ... and the process dies
    assert notifications.recover_interrupted(world.db) == 1  # the restart
    await world.run(datetime(2026, 10, 27, 0, 0, tzinfo=UTC))
    assert [d["status"] for d in world.digests(1)] == ["unknown"]
    assert world.texts(1, DIGEST_TITLE) == [], "at most once: never resent"
    assert plan_digests(world.services) == 0, "and never planned twice for the week"


async def test_429_storms_lose_nothing_and_send_nothing_twice(world: World) -> None:
    for user_id in range(1, 6):
        world.add_user(user_id)
        await world.link_mastodon(user_id)
    await world.run(datetime(2026, 10, 26, 8, 45, tzinfo=UTC))
    world.fake.fail("sendPhoto", 429, "Too Many Requests", retry_after=1, times=4)
    await world.run(datetime(2026, 10, 26, 9, 30, tzinfo=UTC))
    for user_id in range(1, 6):
        assert len(world.texts(user_id, DIGEST_TITLE)) == 1
        assert [d["status"] for d in world.digests(user_id)] == ["sent"]
    assert world.sender.rate_limited == 4
    photos = world.fake.calls_of("sendPhoto")
    assert len(photos) == 5, "each digest carries its small chart"
    assert all(next(iter(c.files.values())).startswith(b"\x89PNG") for c in photos)


async def test_5xx_and_dropped_connections_while_sending_lose_nothing_and_send_nothing_twice(
    world: World,
) -> None:
    for user_id in range(1, 5):
        world.add_user(user_id)
        await world.link_mastodon(user_id)
    await world.run(datetime(2026, 10, 26, 8, 45, tzinfo=UTC))
    world.fake.fail("sendPhoto", 502, "Bad Gateway", times=1)
    world.fake.drop("sendPhoto", 1)  # cut before Telegram handled it
    await world.run(datetime(2026, 10, 26, 9, 30, tzinfo=UTC))
    assert world.fake.drops["sendPhoto"] == 0
    for user_id in range(1, 5):
        assert len(world.texts(user_id, DIGEST_TITLE)) == 1
        assert [d["status"] for d in world.digests(user_id)] == ["sent"]


async def test_a_user_who_blocked_the_bot_is_deactivated(world: World) -> None:
    world.add_user(1)
    await world.link_mastodon(1)
    world.fake.block(1)
    await world.run(datetime(2026, 10, 26, 9, 15, tzinfo=UTC))
    user = get_user(world.db, 1)
    assert user is not None
    assert not user.active
    assert [d["status"] for d in world.digests(1)] == ["dropped"]
    hits = world.platforms.hits["/api/v1/accounts/109302/statuses"]
    await world.run(datetime(2026, 10, 27, 9, 15, tzinfo=UTC))
    assert world.platforms.hits["/api/v1/accounts/109302/statuses"] == hits, "no more refreshes"


async def test_a_jump_alerts_once_after_quiet_hours_and_at_most_once_a_day(world: World) -> None:
    world.add_user(1, timezone="Europe/Berlin", quiet=(22, 7))
    await world.link_mastodon(1)
    await world.run(datetime(2026, 10, 27, 20, 0, tzinfo=UTC))  # 21:00 in Berlin
    assert world.texts(1, "something notable") == []

    world.platforms.boost_mastodon(20)
    await world.run(datetime(2026, 10, 28, 5, 45, tzinfo=UTC))  # through the night: quiet
    assert world.texts(1, "something notable") == []
    (alert,) = world.db.query("SELECT * FROM notifications WHERE kind = 'alert'")
    assert alert["status"] == "pending"
    assert from_db(alert["deliver_after"]) == datetime(
        2026, 10, 28, 6, 0, tzinfo=UTC
    )  # 07:00 local

    await world.run(datetime(2026, 10, 28, 6, 30, tzinfo=UTC))
    (message,) = world.texts(1, "something notable")
    assert "Your score moved from" in message

    world.platforms.boost_mastodon(60)
    await world.run(datetime(2026, 10, 28, 20, 0, tzinfo=UTC))
    assert len(world.texts(1, "something notable")) == 1, "one alert a day, whatever happens"


async def test_linking_more_channels_moves_the_score_without_an_alert(world: World) -> None:
    world.add_user(1)
    await world.link_mastodon(1)
    await world.run(datetime(2026, 10, 21, 12, 0, tzinfo=UTC))
    first = world.db.execute("SELECT score FROM scores ORDER BY id DESC LIMIT 1").fetchone()[0]
    await world.link(1, "github", "jacquev6")
    await world.link(1, "bluesky", "alice.bsky.social")
    later = world.db.execute("SELECT score FROM scores ORDER BY id DESC LIMIT 1").fetchone()[0]
    assert later - first >= 5, "the user's own change moved the score past the alert threshold"
    await world.run(datetime(2026, 10, 23, 0, 0, tzinfo=UTC))
    assert world.texts(1, "something notable") == []
    assert world.db["notifications"].count == 0


async def test_an_outage_moves_no_score_and_sends_no_alert(world: World) -> None:
    world.add_user(1)
    await world.link_mastodon(1)
    await world.run(datetime(2026, 10, 22, 0, 0, tzinfo=UTC))
    before = world.db.execute("SELECT score FROM scores ORDER BY id DESC LIMIT 1").fetchone()[0]
    world.platforms.fail("/api/v1/accounts/109302/statuses", 503, times=10_000)
    await world.run(datetime(2026, 10, 22, 18, 0, tzinfo=UTC))
    scores = {
        row[0]
        for row in world.db.execute("SELECT score FROM scores WHERE computed_at > '2026-10-22'")
    }
    assert scores == {before}, "the last good data stands"
    status = world.db.execute("SELECT status FROM channels").fetchone()[0]
    assert status == "stale"
    assert world.db["notifications"].count == 0
    assert TICK_SECONDS <= 60


async def test_the_sender_forgets_chats_it_is_done_with(fake_telegram: FakeTelegram) -> None:
    async with Bot(TOKEN, base_url=fake_telegram.base_url) as bot:
        sender = Sender(bot, per_second=1000, per_chat_interval=0.001)
        for chat_id in range(1, 601):
            fake_telegram.add_private_chat(chat_id)
            assert await sender.send(chat_id, "hello") is Delivery.SENT
        assert sender.chats_tracked == 100, "the 500 before the last pass are forgotten"
        assert len(fake_telegram.calls_of("sendMessage")) == 600


async def test_one_refresh_happens_at_one_moment(world: World) -> None:
    """A clock that moves a second every time it is read: everything one refresh records (the
    channels' read times, the snapshot, the score) carries the same moment."""
    world.add_user(1)
    await world.link_mastodon(1)
    await world.link(1, "github", "jacquev6")
    start = world.clock.now + timedelta(hours=7)
    world.platforms.boost_mastodon(5)  # something new, so the refresh records a score
    ticking = Clock(start)

    def tick() -> datetime:
        moment = ticking.now
        ticking.now += timedelta(seconds=1)
        return moment

    services = dataclasses.replace(world.services, now=tick)
    refreshed = await refresh_user(services.db, services.reader, 1, services.now(), force=True)
    assert refreshed is not None
    moments = {
        *(r[0] for r in world.db.execute("SELECT last_attempt_at FROM channels")),
        *(
            r[0]
            for r in world.db.execute(
                "SELECT taken_at FROM snapshots WHERE taken_at > ?",
                [to_db(start - timedelta(hours=1))],
            )
        ),
        *(r[0] for r in world.db.execute("SELECT max(computed_at) FROM scores")),
    }
    assert moments == {to_db(start)}


async def test_one_refresh_reads_the_users_channels_once(world: World) -> None:
    """Counted by SQLite itself: the refresh lists the channels once, then keeps what each
    save returned (before: three times)."""
    world.add_user(1)
    await world.link_mastodon(1)
    await world.link(1, "github", "jacquev6")
    world.platforms.boost_mastodon(5)
    world.clock.now += timedelta(hours=7)
    statements: list[str] = []
    world.db.conn.set_trace_callback(statements.append)
    try:
        refreshed = await refresh_user(
            world.db, world.services.reader, 1, world.clock(), force=True
        )
        assert refreshed is not None
    finally:
        world.db.conn.set_trace_callback(None)
    listings = [
        s
        for s in statements
        if s.lstrip().upper().startswith("SELECT")
        and "FROM CHANNELS WHERE USER_ID" in " ".join(s.upper().split())
    ]
    assert len(listings) == 1, listings


async def test_an_alert_whose_numbers_no_longer_fit_is_sent_without_them_or_dropped(
    world: World,
) -> None:
    """A stored alert is read back by a later version (or a damaged row): a trigger whose
    numbers do not fit its words stopped the whole alert with a KeyError at every tick, and the
    row stayed due forever. Now that trigger says nothing; an alert with nothing left to say is
    dropped, and the messages after it are sent."""
    now = world.clock()
    for user in (501, 502, 503):
        world.add_user(user)
    broken = {"kind": "viral_post", "numbers": {"channel": "Alice"}}  # no value, no post
    move = {"kind": "score_move", "numbers": {"before": 30.0, "after": 35.2}}
    notifications.claim(world.db, 501, "alert", "a", {"triggers": [broken, move]}, now, now)
    notifications.claim(world.db, 502, "alert", "a", {"triggers": [broken]}, now, now)
    notifications.claim(world.db, 503, "alert", "a", {"triggers": [move]}, now, now)
    await run_tick(world.services, world.sender)
    assert world.texts(501, "Your score moved from 30.0 to <b>35.2</b>")
    assert not world.texts(501, "taking off")
    assert world.fake.sent_texts(502) == [], "nothing to say: dropped, not sent empty"
    assert world.texts(503, "Your score moved")
    statuses = {row["user_id"]: row["status"] for row in world.db.query(
        "SELECT user_id, status FROM notifications WHERE kind = 'alert'")}  # fmt: skip
    assert statuses == {501: "sent", 502: "dropped", 503: "sent"}


async def test_a_digest_turned_off_is_neither_planned_nor_sent_and_comes_back_when_on(
    world: World,
) -> None:
    """Every user got the weekly digest, with no way to say no to it short of /forget or
    blocking the bot: messages only to people who asked for them. One turned off before its
    slot gets nothing, not even a digest already planned; turned on again, the next week's
    comes at its hour."""
    from bot.jobs import plan_digests
    from bot.use_cases.settings import change_setting

    for user_id in (1, 2):
        world.add_user(user_id)
        await world.link_mastodon(user_id)
    await world.run(datetime(2026, 10, 26, 8, 45, tzinfo=UTC))
    off = change_setting(world.db, 1, world.clock(), "digest", False, ("en", "de"))
    assert off is not None
    assert not off.digest_enabled
    await world.run(datetime(2026, 10, 26, 12, 0, tzinfo=UTC))
    assert world.digests(1) == [], "off: not planned"
    assert [d["status"] for d in world.digests(2)] == ["sent"], "the others' as before"
    # planned while on, turned off before it went out: dropped, not sent
    world.clock.now = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
    change_setting(world.db, 1, world.clock(), "digest", True, ("en", "de"))
    assert plan_digests(world.services) == 2
    change_setting(world.db, 1, world.clock(), "digest", False, ("en", "de"))
    await world.run(datetime(2026, 11, 2, 12, 0, tzinfo=UTC))
    assert world.texts(1, DIGEST_TITLE) == []
    change_setting(world.db, 1, world.clock(), "digest", True, ("en", "de"))
    await world.run(datetime(2026, 11, 9, 12, 0, tzinfo=UTC))
    assert len(world.texts(1, DIGEST_TITLE)) == 1, "on again: the next week's, at its hour"
    assert len(world.texts(2, DIGEST_TITLE)) == 3

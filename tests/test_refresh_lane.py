"""The refresh lane follows the work, not a tick (issue 30).

Before, the lane started due users only when its job woke (once a second), so no more than
RESONANCE_FETCH_CONCURRENCY users a second could ever start, however fast each refresh was:
1,500 users due every 30 s got 32.00 a second. Now a finished refresh starts the next due user
at once, and users in flight are sized from the due rate and the refresh time. Real lane, real
SQLite, sources reaching the fake platforms over HTTP.
"""

from __future__ import annotations

import dataclasses
import math
from datetime import timedelta
from pathlib import Path

import pytest

from bot.app import build_services
from bot.jobs import AUTO_HEADROOM, AUTO_MIN_IN_FLIGHT, RefreshLane
from bot.services import Services
from bot.settings import MAX_FETCH_CONCURRENCY, load_settings
from storage import open_db
from storage.channels import add_channel
from storage.clock import to_db
from storage.schedule import set_next_refresh
from storage.users import register_user
from tests.conftest import FIXTURES_NOW
from tests.fakes.platforms import FakePlatforms


def _services(tmp_path: Path, platforms: FakePlatforms, users: int, **environ: str) -> Services:
    settings = load_settings(
        {
            "RESONANCE_ALLOW_PRIVATE_NETWORK": "1",
            "RESONANCE_BLUESKY_API": platforms.url,
            "RESONANCE_REFRESH_INTERVAL": "60s",
            **environ,
        }
    )
    db = open_db(tmp_path / "lane.db")
    services = build_services(settings, db)
    account = services.sources["bluesky"].resolve("alice.bsky.social")  # type: ignore[union-attr]
    with db.atomic():
        for user_id in range(1, users + 1):
            register_user(
                db,
                user_id=user_id,
                chat_id=user_id,
                first_name="U",
                language="en",
                now=FIXTURES_NOW,
            )
            add_channel(db, user_id, account, FIXTURES_NOW - timedelta(hours=1))
            set_next_refresh(db, user_id, FIXTURES_NOW - timedelta(seconds=1))
    return dataclasses.replace(services, now=lambda: FIXTURES_NOW)


async def test_a_finished_refresh_starts_the_next_due_user_without_waiting_for_a_tick(
    tmp_path: Path, platforms: FakePlatforms
) -> None:
    services = _services(tmp_path, platforms, 12, RESONANCE_FETCH_CONCURRENCY="3")
    lane = RefreshLane(services)
    assert lane.capacity == 3
    started = lane.pump()  # one look, as one tick of the job
    assert started == 3
    await lane.drain()
    assert lane.finished == 12, "every due user, three at a time, refilled as each finished"
    due = services.db.execute(
        "SELECT count(*) FROM users WHERE next_refresh_at <= ?", [to_db(FIXTURES_NOW)]
    ).fetchone()[0]
    assert due == 0
    services.db.close()


async def test_users_in_flight_follow_the_due_rate_and_the_refresh_time(
    tmp_path: Path, platforms: FakePlatforms
) -> None:
    services = _services(tmp_path, platforms, 300)  # 300 users every 60 s: 5 due a second
    lane = RefreshLane(services)
    assert lane.capacity == AUTO_MIN_IN_FLIGHT, "5 a second x 1 s x 2 is below the floor"
    lane.mean_seconds = 20.0  # refreshes became slow (a platform at its latency limit)
    assert lane.capacity == math.ceil(AUTO_HEADROOM * 5 * 20.0)  # 200 users in flight
    lane.mean_seconds = 1_000.0
    assert lane.capacity == MAX_FETCH_CONCURRENCY, "never beyond the request slots"
    await lane.stop()
    services.db.close()


@pytest.mark.parametrize("value", ["1", "64"])
async def test_a_set_concurrency_is_kept_whatever_the_rate(
    tmp_path: Path, platforms: FakePlatforms, value: str
) -> None:
    services = _services(tmp_path, platforms, 50, RESONANCE_FETCH_CONCURRENCY=value)
    lane = RefreshLane(services)
    lane.mean_seconds = 1_000.0
    assert lane.capacity == int(value)
    assert services.settings.request_slots == int(value)
    services.db.close()

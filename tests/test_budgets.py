"""Platform budgets: the plan stretches the channels a budget cannot cover, evenly, and the
real refresh lane then asks the platform for no more than it allows."""

from __future__ import annotations

import dataclasses
import itertools
import math
from collections import Counter
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.app import BotApplication, build_application, build_services
from bot.jobs import RefreshLane
from bot.services import Services, services_of
from bot.settings import load_settings
from bot.use_cases.budgets import allowances
from scoring.budgets import USABLE, Allowance, BudgetPlan, plan_budgets
from storage import open_db
from storage.channels import add_channel
from storage.schedule import set_next_refresh
from storage.users import register_user
from tests.conftest import TOKEN
from tests.fakes.platforms import FIXTURES_NOW, FakePlatforms
from tests.fakes.telegram_server import FakeTelegram
from tests.fakes.updates import process, text_update

SIX_HOURS = timedelta(hours=6)


def _plan(demand: dict[tuple[str, str | None], int], keys: set[str]) -> BudgetPlan:
    return plan_budgets(demand, allowances(keys), SIX_HOURS)


def test_github_at_100000_channels_stretches_to_its_budget_with_or_without_a_token() -> None:
    """5,000 requests an hour with a token: 100,000 channels every 6 h would need ~20,800."""
    with_token = _plan({("github", None): 100_000}, {"GITHUB_TOKEN"})
    line = with_token.lines[("github", None)]
    assert line.needed_per_hour == pytest.approx(100_000 * 1.25 / 6)
    assert line.usable_per_hour == 5000 * USABLE
    assert line.stretch == pytest.approx(20_833.3 / 4000, rel=1e-3)
    assert with_token.interval_of("github", "https://github.com/a") == SIX_HOURS * line.stretch
    without = _plan({("github", None): 100_000}, set())
    assert without.lines[("github", None)].stretch == pytest.approx(20_833.3 / 48, rel=1e-3)
    few = _plan({("github", None): 30}, set())  # 6.25 an hour: well inside 60
    assert few.stretch("github", "https://github.com/a") == 1.0


def test_mastodon_budgets_are_per_server() -> None:
    """300 requests per 5 minutes is each server's: 20,000 channels on one server stretch,
    the same spread over ten servers do not."""
    crowded = _plan({("mastodon", "big.example"): 20_000}, set())
    assert crowded.stretch("mastodon", "https://big.example/@a") == pytest.approx(
        20_000 * 1.25 / 6 / (3600 * USABLE)
    )
    assert crowded.stretch("mastodon", "https://small.example/@a") == 1.0
    spread = _plan({("mastodon", f"s{i}.example"): 2000 for i in range(10)}, set())
    assert not spread.stretched


def test_platforms_without_a_budget_are_never_stretched() -> None:
    plan = _plan({("blog", None): 10**6, ("bluesky", None): 10**6}, set())
    assert plan.stretch("blog", "https://example.org") == 1.0
    assert plan.reads_now(1, "blog", "https://example.org", 7)


@given(
    stretch=st.floats(min_value=1.0, max_value=60.0, allow_nan=False),
    channel=st.integers(min_value=0, max_value=10**9),
    start=st.integers(min_value=0, max_value=10**7),
)
def test_a_stretched_channel_is_read_evenly_on_one_refresh_in_stretch(
    stretch: float, channel: int, start: int
) -> None:
    """Over any run of refreshes, reads ≈ refreshes / stretch (within one), and never more
    than ceil(stretch) refreshes apart: evenly, not in bursts."""
    needed = 100.0 * stretch
    plan = plan_budgets({("p", None): 1}, {"p": Allowance(100.0 / USABLE, False, 1.0)}, SIX_HOURS)
    line = plan.lines[("p", None)]
    plan = dataclasses.replace(
        plan,
        lines={("p", None): dataclasses.replace(line, needed_per_hour=needed)},
    )
    assert plan.stretch("p", "") == pytest.approx(stretch)
    slots = range(start, start + 600)
    just_read = timedelta(0)
    reads = [slot for slot in slots if plan.reads_now(channel, "p", "", slot, just_read)]
    assert abs(len(reads) - 600 / stretch) <= 1
    gaps = [b - a for a, b in itertools.pairwise(reads)]
    assert all(gap <= math.ceil(stretch) for gap in gaps)


def test_a_budget_that_allows_nothing_reads_nothing() -> None:
    plan = plan_budgets({("p", None): 5}, {"p": Allowance(0.0, False, 1.0)}, SIX_HOURS)
    read = timedelta(0)
    assert not any(plan.reads_now(c, "p", "", s, read) for c in range(5) for s in range(50))
    assert plan.interval_of("p", "") == timedelta.max


def test_a_channel_never_read_or_long_unread_is_read_at_once_even_when_stretched() -> None:
    """A new channel, or one whose planned reads were missed (the bot was down), is read at
    its owner's next refresh: only the steady rhythm is stretched."""
    plan = _plan({("github", None): 100_000}, set())  # stretched ~434 times
    url = "https://github.com/a"
    stretch = plan.stretch("github", url)
    due = [s for s in range(1000) if plan.reads_now(7, "github", url, s, timedelta(hours=1))]
    assert len(due) <= 3
    assert all(plan.reads_now(7, "github", url, s, None) for s in range(10))
    overdue = SIX_HOURS * (stretch + 1)
    assert all(plan.reads_now(7, "github", url, s, overdue) for s in range(10))


USERS = 4


@pytest.fixture
async def app(
    fake_telegram: FakeTelegram, tmp_path: Path, platforms: FakePlatforms
) -> AsyncIterator[BotApplication]:
    """The bot with GitHub and no GITHUB_TOKEN (60 requests an hour), refreshing every 30 s:
    four GitHub channels would need 600 an hour."""
    environ = {
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_BASE_URL": fake_telegram.base_url,
        "RESONANCE_ALLOW_PRIVATE_NETWORK": "1",
        "RESONANCE_GITHUB_API": platforms.url,
        "RESONANCE_REFRESH_INTERVAL": "30s",
    }
    db = open_db(tmp_path / "budgets.db")
    services = build_services(load_settings(environ), db)
    account = services.sources["github"].resolve("jacquev6")  # type: ignore[union-attr]
    for user_id in range(1, USERS + 1):
        register_user(
            db, user_id=user_id, chat_id=user_id, first_name="U", language="de", now=FIXTURES_NOW
        )
        add_channel(db, user_id, account, FIXTURES_NOW)
        set_next_refresh(db, user_id, FIXTURES_NOW)
        fake_telegram.add_private_chat(user_id)
    clock = [FIXTURES_NOW]
    application = build_application(dataclasses.replace(services, now=lambda: clock[0]))
    application.bot_data["clock"] = clock
    async with application:
        yield application
    db.close()


async def test_the_lane_reads_a_stretched_platform_no_more_than_its_budget(
    app: BotApplication, fake_telegram: FakeTelegram, platforms: FakePlatforms
) -> None:
    services: Services = services_of(app)
    clock: list[datetime] = app.bot_data["clock"]
    lane = RefreshLane(services)
    reads: Counter[int] = Counter()
    slots = 100
    for _ in range(slots):
        before = services.db.execute("SELECT id, last_attempt_at FROM channels").fetchall()
        lane.pump()
        await lane.drain()
        after = dict(services.db.execute("SELECT id, last_attempt_at FROM channels").fetchall())
        reads.update(cid for cid, attempt in before if after[cid] != attempt)
        clock[0] += timedelta(seconds=30)
    stretch = (USERS * 1.25 * 120) / (60 * USABLE)  # 600 an hour needed, 48 usable
    assert len(reads) == USERS
    for count in reads.values():  # the first read at once (the channel was never read)
        assert abs(count - 1 - slots / stretch) <= 1
    hours = slots * 30 / 3600
    requests_per_hour = (sum(reads.values()) - USERS) * 1.25 / hours
    assert requests_per_hour <= 60 * USABLE * 1.1

    answer = await process(app, fake_telegram, text_update(1, "/channels", language="de"))
    assert "etwa alle 6 Minuten" in answer[-1].text
    assert "GitHub" in answer[-1].text


def test_channels_are_counted_per_budget(tmp_path: Path) -> None:
    from scoring.channel_data import Account
    from storage.channels import channels_per_budget
    from storage.users import deactivate_user

    db = open_db(tmp_path / "count.db")
    now = datetime(2026, 11, 1, tzinfo=UTC)
    for user_id in (1, 2, 3):
        register_user(db, user_id=user_id, chat_id=user_id, first_name="U", language="en", now=now)
    for user_id, url in [
        (1, "https://Big.example/@a"),
        (2, "https://big.example/@b"),
        (3, "https://other.example:8443/@c"),
    ]:
        account = Account("mastodon", f"id{user_id}", f"@u{user_id}", "U", url)
        add_channel(db, user_id, account, now)
        add_channel(db, user_id, Account("github", f"g{user_id}", "g", "g", ""), now)
    deactivate_user(db, 3, now)
    assert channels_per_budget(db, {"mastodon"}) == {
        ("mastodon", "big.example"): 2,
        ("github", None): 2,
    }

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
from hypothesis import example, given
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
    """5,000 requests an hour with a token: 100,000 channels every 6 h would need ~21,700 (a
    read costs 1.3: 1.25 for the user, repositories and events, 0.05 for new repositories'
    stargazers)."""
    with_token = _plan({("github", None): 100_000}, {"GITHUB_TOKEN"})
    line = with_token.lines[("github", None)]
    assert line.needed_per_hour == pytest.approx(100_000 * 1.3 / 6)
    assert line.usable_per_hour == 5000 * USABLE
    assert line.stretch == pytest.approx(21_666.7 / 4000, rel=1e-3)
    assert with_token.interval_of("github", "https://github.com/a") == SIX_HOURS * line.stretch
    without = _plan({("github", None): 100_000}, set())
    assert without.lines[("github", None)].stretch == pytest.approx(21_666.7 / 48, rel=1e-3)
    few = _plan({("github", None): 30}, set())  # 6.25 an hour: well inside 60
    assert few.stretch("github", "https://github.com/a") == 1.0


def test_mastodon_budgets_are_per_server() -> None:
    """300 requests per 5 minutes is each server's: 20,000 channels on one server stretch,
    the same spread over ten servers do not. A read costs 2.05 requests: 1.25 for the
    posts (a deep read a day), 0.8 for who liked and replied (bench/people_cost.py)."""
    crowded = _plan({("mastodon", "big.example"): 20_000}, set())
    assert crowded.stretch("mastodon", "https://big.example/@a") == pytest.approx(
        20_000 * 2.05 / 6 / (3600 * USABLE)
    )
    line = crowded.lines[("mastodon", "big.example")]
    assert line.people_per_hour == pytest.approx(20_000 * 0.8 / 6)
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


X = "https://x.com/a"
TOKEN_SET = {"X_BEARER_TOKEN"}


def _x_plan(channels: int, options: dict[str, str], interval: timedelta = SIX_HOURS) -> BudgetPlan:
    return plan_budgets({("x", None): channels}, allowances(TOKEN_SET, options), interval)


def test_the_x_monthly_cap_is_a_budget_and_reading_within_a_day_is_free() -> None:
    """Basic: 15,000 posts a month, a read asks one page of 100, X counts a post once a day.
    Three channels cost 300 posts a day of the 400 planned: read every 6 hours. Ten would
    cost 1,000 a day: each is read every 60 hours (10 x 100 x 30 / 60 h ≈ 12,000 a month)."""
    basic = {"RESONANCE_X_TIER": "basic"}
    few = _x_plan(3, basic)
    line = few.lines[("x", None)]
    assert line.unit == "posts", "of the two budgets, the monthly cap binds"
    assert few.interval_of("x", X) == SIX_HOURS
    assert line.needed_per_hour == pytest.approx(3 * 100 / 24)
    assert line.usable_per_hour == pytest.approx(15_000 / 720 * USABLE)
    ten = _x_plan(10, basic)
    assert ten.interval_of("x", X) == pytest.approx(timedelta(hours=60), abs=timedelta(seconds=1))
    pro = _x_plan(10, {"RESONANCE_X_TIER": "pro"})  # 1,000,000 a month, five pages a read
    assert pro.interval_of("x", X) == SIX_HOURS
    capped = _x_plan(10, {"RESONANCE_X_TIER": "pay-per-use", "RESONANCE_X_MONTHLY_POSTS": "50000"})
    assert capped.interval_of("x", X) == pytest.approx(
        timedelta(hours=90), abs=timedelta(seconds=1)
    )
    assert "x" not in allowances(set(), basic), "without the token X is read from archives"


@example(channels=53_334, tier="pro", cap="1", minutes=1)  # a stretch of 1.4e12
@given(
    channels=st.integers(min_value=1, max_value=200_000),
    tier=st.sampled_from(["free", "basic", "pro", "pay-per-use"]),
    cap=st.one_of(st.just(""), st.integers(min_value=0, max_value=10**8).map(str)),
    minutes=st.integers(min_value=1, max_value=7 * 24 * 60),
)
def test_planned_x_reads_never_spend_more_than_the_tier_allows(
    channels: int, tier: str, cap: str, minutes: int
) -> None:
    """Whatever the tier, cap, interval and number of channels: the planned reads spend at
    most the usable share of the monthly posts (a channel costs one read's pages once a day
    however often it is read) and of the timeline requests."""
    from scoring.sources.x import PAGE_SIZE, tier_of

    options = {"RESONANCE_X_TIER": tier, "RESONANCE_X_MONTHLY_POSTS": cap}
    interval = timedelta(minutes=minutes)
    plan = _x_plan(channels, options, interval)
    every = plan.interval_of("x", X)
    limits = tier_of(options)
    for since in (None, timedelta(0), interval, timedelta(days=400)):  # never raises
        plan.reads_now(channels, "x", X, minutes, since)
    if every == timedelta.max:  # a cap of next to nothing: never read
        assert limits.monthly_posts * USABLE < channels * PAGE_SIZE * limits.pages
        return
    reads_a_day = timedelta(days=1) / every
    posts_a_month = channels * PAGE_SIZE * limits.pages * min(1.0, reads_a_day) * 30
    assert posts_a_month <= limits.monthly_posts * USABLE * (1 + 1e-9)
    requests_an_hour = channels * 1.2 * (timedelta(hours=1) / every)
    assert requests_an_hour <= limits.requests * 4 * USABLE * (1 + 1e-9)
    assert every >= interval


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

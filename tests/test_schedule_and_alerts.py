"""Pure scheduling arithmetic (timezones, DST, quiet hours) and the alert decisions."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.views.push import render_alert
from scoring.alerts import AlertMemory, ChannelHealth, Trigger, TriggerKind, decide
from scoring.channel_data import Post, PostKind
from scoring.model import ChannelInput
from scoring.schedule import (
    digest_slot,
    in_quiet_hours,
    next_digest,
    next_refresh,
    quiet_hours_end,
    spread_offset,
    week_label,
)

BERLIN, NEW_YORK, TOKYO = (
    ZoneInfo("Europe/Berlin"),
    ZoneInfo("America/New_York"),
    ZoneInfo("Asia/Tokyo"),
)
NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


def test_digests_stay_at_local_nine_across_dst() -> None:
    """Berlin leaves summer time on 2026-10-25: Monday 09:00 is 07:00 UTC before, 08:00 after."""
    before = next_digest(0, 9, BERLIN, datetime(2026, 10, 15, tzinfo=UTC))
    after = next_digest(0, 9, BERLIN, before)
    assert before == datetime(2026, 10, 19, 7, 0, tzinfo=UTC)
    assert after == datetime(2026, 10, 26, 8, 0, tzinfo=UTC)
    sunday = next_digest(6, 9, NEW_YORK, datetime(2026, 10, 26, tzinfo=UTC))
    assert sunday == datetime(2026, 11, 1, 14, 0, tzinfo=UTC), "US DST ends that very morning"


def test_a_local_hour_skipped_by_dst_still_gets_its_digest() -> None:
    slot = next_digest(
        6, 2, BERLIN, datetime(2027, 3, 22, tzinfo=UTC)
    )  # 2027-03-28 02:00 does not exist
    assert slot.astimezone(BERLIN).date().isoformat() == "2027-03-28"


@given(
    st.integers(0, 6),
    st.integers(0, 23),
    st.sampled_from([BERLIN, NEW_YORK, TOKYO, ZoneInfo("UTC")]),
    st.integers(0, 3 * 365 * 24),
)
def test_next_digest_is_the_first_local_slot_after(
    day: int, hour: int, zone: ZoneInfo, hours: int
) -> None:
    after = datetime(2026, 1, 1, tzinfo=UTC) + timedelta(hours=hours)
    slot = next_digest(day, hour, zone, after)
    local = slot.astimezone(zone)
    assert slot > after
    assert slot - after <= timedelta(days=7, hours=1)
    assert local.weekday() == day
    assert digest_slot(day, hour, zone, slot) == slot
    assert week_label(slot, zone) != week_label(next_digest(day, hour, zone, slot), zone)


@pytest.mark.parametrize(
    ("start", "end", "hour", "quiet"),
    [
        (22, 7, 23, True),
        (22, 7, 3, True),
        (22, 7, 7, False),
        (22, 7, 12, False),
        (9, 17, 12, True),
        (9, 17, 17, False),
        (None, None, 3, False),
        (5, 5, 5, False),
    ],
)
def test_quiet_hours_may_wrap_midnight(
    start: int | None, end: int | None, hour: int, quiet: bool
) -> None:
    moment = datetime(2026, 11, 25, hour, 30, tzinfo=UTC)
    assert in_quiet_hours(start, end, ZoneInfo("UTC"), moment) is quiet


def test_quiet_hours_end_in_the_users_time() -> None:
    late = datetime(2026, 11, 25, 22, 30, tzinfo=UTC)  # 23:30 in Berlin
    assert quiet_hours_end(22, 7, BERLIN, late) == datetime(2026, 11, 26, 6, 0, tzinfo=UTC)
    noon = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
    assert quiet_hours_end(22, 7, BERLIN, noon) == noon


def test_refreshes_are_spread_evenly_and_resume_on_their_slot() -> None:
    interval = timedelta(hours=6)
    offsets = sorted(spread_offset(uid, interval).total_seconds() for uid in range(1, 1001))
    gaps = [b - a for a, b in itertools.pairwise(offsets)]
    assert max(gaps) < interval.total_seconds() / 100, "no burst: 1,000 users cover the interval"
    due = NOW
    assert next_refresh(due, NOW + timedelta(minutes=1), interval, 7) == NOW + interval
    after_outage = NOW + timedelta(days=2)
    resumed = next_refresh(due, after_outage, interval, 7)
    assert after_outage < resumed <= after_outage + interval


# -- alerts ----------------------------------------------------------------------------------------
def _channel(posts: list[Post], followers: int = 90) -> ChannelInput:
    return ChannelInput(1, "mastodon", "Alice", 1, followers, posts)


def _posts(values: list[int], days_ago: float = 1.0) -> list[Post]:
    return [
        Post(f"p{i}", NOW - timedelta(days=days_ago + i), PostKind.OWN, likes=v)
        for i, v in enumerate(values)
    ]


def _decide(state: dict, score: float, **kw):  # type: ignore[no-untyped-def]
    """``decide`` on a stored (JSON) memory, giving back the memory to store."""
    args = {
        "version": "1.0",
        "high_90d": None,
        "threshold": 5.0,
        "channels": [],
        "health": [],
        "now": NOW,
    }
    args.update(kw)
    triggers, memory = decide(AlertMemory.from_json(state), score=score, **args)
    return triggers, memory.to_json()


def test_the_first_score_is_a_baseline_not_an_alert() -> None:
    triggers, state = _decide({}, 40.0)
    assert triggers == []
    assert state["score"] == 40.0


def test_a_move_beyond_the_threshold_alerts_once() -> None:
    _, state = _decide({}, 40.0)
    small, state = _decide(state, 44.0)
    assert small == []
    big, state = _decide(state, 46.0, high_90d=45.0)
    assert {t.kind for t in big} == {"score_move", "new_high"}
    again, _ = _decide(state, 46.5, high_90d=46.0)
    assert [t.kind for t in again] == ["new_high"]


def test_a_formula_change_never_alerts() -> None:
    _, state = _decide({}, 40.0)
    triggers, state = _decide(state, 70.0, version="2.0", high_90d=None)
    assert triggers == []
    assert state["version"] == "2.0"


def test_a_post_far_above_the_usual_alerts_once() -> None:
    channel = _channel(_posts([60, 5, 6, 4, 5]))
    triggers, state = _decide({"score": 40.0, "version": "1.0"}, 40.0, channels=[channel])
    assert [t.kind for t in triggers] == ["viral_post"]
    assert triggers[0].numbers["value"] == 60
    again, _ = _decide(state, 40.0, channels=[channel])
    assert again == []


def test_follower_milestones_alert_when_crossed_not_at_first_sight() -> None:
    _, state = _decide({"score": 40.0, "version": "1.0"}, 40.0, channels=[_channel([], 240)])
    crossed, state = _decide(state, 40.0, channels=[_channel([], 260)])
    assert [(t.kind, t.numbers["followers"]) for t in crossed] == [("milestone", 250)]


def test_an_outage_alerts_only_after_a_day_and_only_once() -> None:
    hours = lambda h: [ChannelHealth(1, "Alice", "mastodon", NOW - timedelta(hours=h))]  # noqa: E731
    early, state = _decide({"score": 40.0, "version": "1.0"}, 40.0, health=hours(5))
    assert early == []
    late, state = _decide(state, 40.0, health=hours(30))
    assert [t.kind for t in late] == ["outage"]
    again, _ = _decide(state, 40.0, health=hours(40))
    assert again == []


@pytest.mark.parametrize(
    ("language", "viral", "milestone", "outage"),
    [
        ("en", "Your post on Alice · Mastodon is taking off", "Alice · Mastodon passed",
         "I could not read Alice · Mastodon for more than a day"),
        ("de", "Dein Beitrag auf Alice · Mastodon hebt ab", "Alice · Mastodon hat",
         "Ich konnte Alice · Mastodon seit mehr als einem Tag nicht lesen"),
    ],
)  # fmt: skip
def test_an_alert_names_each_channel_as_everywhere_else(
    language: str, viral: str, milestone: str, outage: str
) -> None:
    """Named "Alice · Mastodon", as /score and /channels name it: an alert said "Your post on Alice"
    and "Alice passed 250 followers" (whose Alice, on Mastodon or Bluesky?), and "I could not
    read Mastodon Alice"."""
    _, state = _decide({"score": 40.0, "version": "1.0"}, 40.0, channels=[_channel([], 240)])
    channel = _channel(_posts([60, 5, 6, 4, 5]), 260)
    health = [ChannelHealth(2, "Alice", "mastodon", NOW - timedelta(hours=30))]
    triggers, _ = _decide(state, 40.0, channels=[channel], health=health)
    assert sorted(t.kind for t in triggers) == ["milestone", "outage", "viral_post"]
    text = render_alert(language, {"triggers": [t.to_json() for t in triggers]})
    for said in (viral, milestone, outage):
        assert said in text
    older = {"kind": "milestone", "numbers": {"channel": "Alice", "followers": 250}}
    assert "Alice" in render_alert(language, {"triggers": [older]}), "stored before: its label"


@pytest.mark.parametrize(
    "stored",
    [
        {},
        {"score": 40.0, "version": "1.0", "posts": ["1:a"], "milestones": {"1": 100}},
        {"score": "forty", "posts": "not a list", "milestones": [1], "outages": {"x": 1}},
        None,
        [],
    ],
)
def test_the_alert_memory_reads_every_stored_row_and_writes_it_back(stored: object) -> None:
    memory = AlertMemory.from_json(stored)
    assert AlertMemory.from_json(memory.to_json()) == memory
    if isinstance(stored, dict) and stored.get("score") == 40.0:
        assert memory.posts == ("1:a",)
        assert memory.milestones == {"1": 100}


def test_a_rebase_makes_the_users_own_change_no_alert() -> None:
    """A newly linked channel with a post far above its usual and 260 followers: the rebase
    takes all of it as known, so the next decision has nothing to say."""
    channel = _channel(_posts([60, 5, 6, 4, 5]), followers=260)
    memory = AlertMemory(score=40.0, version="1.0", outages=(7,))
    rebased = memory.rebase(score=55.0, version="1.0", channels=[channel], now=NOW)
    assert rebased.outages == (7,), "outages are not the user's change"
    triggers, _ = decide(
        rebased,
        score=55.0,
        version="1.0",
        high_90d=None,
        threshold=5.0,
        channels=[channel],
        health=[],
        now=NOW,
    )
    assert triggers == []


def test_a_stored_trigger_of_an_unknown_kind_is_skipped() -> None:
    assert Trigger.from_json({"kind": "retired_kind", "numbers": {}}) is None
    kept = Trigger.from_json({"kind": "milestone", "numbers": {"followers": 100}})
    assert kept is not None
    assert kept.kind is TriggerKind.MILESTONE


def test_linking_a_channel_is_never_a_new_high_until_a_week_of_scores_follows() -> None:
    """The review linked X after other channels and was told of a "new 90-day high" within
    minutes: the rise was the channel being added. After a change of what counts, highs are
    measured from the change on, and only once a week of scores has followed it."""
    memory = AlertMemory(score=40.0, version="1.0").rebase(
        score=48.0, version="1.0", channels=[], now=NOW
    )
    assert memory.highs_since(NOW + timedelta(minutes=5)) == NOW
    soon, state = _decide(memory.to_json(), 49.0, high_90d=48.0, now=NOW + timedelta(minutes=5))
    assert soon == []
    later, _ = _decide(state, 52.0, high_90d=49.0, now=NOW + timedelta(days=8))
    assert [t.kind for t in later] == ["new_high"]

"""Tips: each kind appears only with data behind it, carries its numbers, ranked by impact."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from scoring.channel_data import Post, PostKind
from scoring.model import ChannelInput
from scoring.reference_profiles import Pattern, profile_channel
from scoring.tips import Tip, all_tips

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
BERLIN = ZoneInfo("Europe/Berlin")


def _tips(channels: list[ChannelInput], zone: ZoneInfo = BERLIN) -> dict[str, Tip]:
    """Every tip the data supports, whatever its impact (the detection under test)."""
    tips = all_tips(channels, NOW, zone, min_impact=float("-inf"))
    return {t.kind: t for t in tips}


def _own(i: int, days_ago: float, likes: int = 0, replies: int = 0, **extra: object) -> Post:
    return Post(
        f"p{i}", NOW - timedelta(days=days_ago), PostKind.OWN, likes=likes, replies=replies, **extra
    )  # type: ignore[arg-type]


def _channel(
    cid: int, posts: list[Post], followers: int = 500, weight: int = 1, **extra: object
) -> ChannelInput:
    return ChannelInput(cid, "mastodon", f"chan{cid}", weight, followers, posts, **extra)  # type: ignore[arg-type]


def test_no_data_no_tips() -> None:
    assert all_tips([], NOW, BERLIN) == []


def test_the_channel_that_earns_most_per_post() -> None:
    strong = _channel(1, [_own(i, i * 3, likes=50) for i in range(6)])
    weak = _channel(2, [_own(100 + i, i * 3, likes=5) for i in range(6)])
    tip = _tips([strong, weak])["best_channel"]
    assert tip.numbers["channel"] == "chan1"
    assert tip.numbers["per_post"] == 50.0
    assert tip.numbers["ratio"] == 10.0
    assert tip.impact > 0


def test_giving_too_little_and_answering_replies() -> None:
    posts = [_own(i, i * 2, likes=10, replies=4) for i in range(10)]
    tips = _tips([_channel(1, posts)])
    assert tips["give_more"].numbers["gives_30d"] == 0
    assert tips["reply_to_replies"].numbers["received"] == 4 * 10
    assert tips["reply_to_replies"].numbers["written"] == 0


def test_enough_giving_gets_no_giving_tip() -> None:
    posts = [_own(i, i * 2, likes=10) for i in range(10)]
    posts += [Post(f"g{i}", NOW - timedelta(days=i), PostKind.REPLY) for i in range(25)]
    assert "give_more" not in _tips([_channel(1, posts)])


def test_the_best_time_is_in_the_users_timezone() -> None:
    # Tuesdays 19:00 UTC = 20:00 in Berlin (winter): block 20-24. Those posts earn 60; others 5.
    tuesday = datetime(2026, 11, 24, 19, 0, tzinfo=UTC)
    good = [Post(f"t{i}", tuesday - timedelta(weeks=i), PostKind.OWN, likes=60) for i in range(3)]
    other = [_own(i, 1 + i * 4.3, likes=5) for i in range(9)]
    tip = _tips([_channel(1, good + other)])["best_time"]
    assert (tip.numbers["weekday"], tip.numbers["from_hour"], tip.numbers["to_hour"]) == (1, 20, 24)
    utc_tip = _tips([_channel(1, good + other)], ZoneInfo("UTC"))["best_time"]
    assert utc_tip.numbers["from_hour"] == 16


def test_a_channel_gone_quiet() -> None:
    quiet = _channel(1, [_own(i, 30 + i * 3, likes=20) for i in range(6)])
    tip = _tips([quiet])["quiet_channel"]
    assert tip.numbers["days"] == 30
    assert tip.numbers["channel"] == "chan1"


def test_media_and_questions() -> None:
    posts = [_own(i, i * 2, likes=40, has_media=True, excerpt="A chart") for i in range(4)]
    posts += [_own(10 + i, 1 + i * 2, likes=8, excerpt="What do you think?") for i in range(4)]
    tips = _tips([_channel(1, posts)])
    assert tips["media"].numbers["better"] == "with"
    assert (tips["media"].numbers["with_per_post"], tips["media"].numbers["without_per_post"]) == (
        40.0,
        8.0,
    )
    assert tips["questions"].numbers["better"] == "without"


def test_a_new_channel_needs_networking() -> None:
    new = _channel(
        1, [_own(i, i, likes=1) for i in range(3)], followers=12, linked_at=NOW - timedelta(days=5)
    )
    tip = _tips([new])["new_channel"]
    assert tip.numbers["followers"] == 12


def test_tips_are_ranked_by_impact_and_every_kind_exists() -> None:
    posts = [_own(i, i * 2, likes=10, replies=4) for i in range(10)]
    tips = all_tips([_channel(1, posts)], NOW, BERLIN)
    impacts = [t.impact for t in tips]
    assert impacts == sorted(impacts, reverse=True)
    assert all(impact >= 0.5 for impact in impacts), "no tip below half a point"
    kinds = {
        "best_channel",
        "give_more",
        "best_time",
        "quiet_channel",
        "media",
        "questions",
        "reply_to_replies",
        "new_channel",
        "focus",
    }
    assert len(kinds) >= 8


def test_no_tip_recommends_a_weight_and_ignored_channels_get_none() -> None:
    """Weights are relative: raising one is never advice to gain points."""
    strong = dataclasses.replace(
        profile_channel(Pattern(3000, 4, likes=40, replies=5, giving_per_week=10), NOW, 1), weight=0
    )
    assert _tips([strong]) == {}
    second = profile_channel(Pattern(800, 3, likes=30, replies=4, giving_per_week=5), NOW, 2)
    assert all(
        t.kind != "weight" for t in _tips([dataclasses.replace(strong, weight=1), second]).values()
    )


def test_a_blog_is_never_called_small_for_having_no_followers() -> None:
    blog = ChannelInput(
        1, "blog", "Notes", 1, 0, [_own(i, i * 7, replies=0) for i in range(4)], has_followers=False
    )
    assert "new_channel" not in _tips([blog])
    young = dataclasses.replace(blog, linked_at=NOW - timedelta(days=3))
    assert "followers" not in _tips([young])["new_channel"].numbers

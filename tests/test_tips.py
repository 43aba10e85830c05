"""Tips: each kind appears only with data behind it, on a channel where its action can be
seen, compared like with like, one tip per action, with its promise at a month and three."""

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


def _every(channels: list[ChannelInput], zone: ZoneInfo = BERLIN) -> list[Tip]:
    """Every tip the data supports, whatever its impact (the detection under test)."""
    return all_tips(channels, NOW, zone, min_impact=float("-inf"))


def _tips(channels: list[ChannelInput], zone: ZoneInfo = BERLIN) -> dict[str, Tip]:
    return {t.kind: t for t in _every(channels, zone)}


def _own(i: int, days_ago: float, likes: int = 0, replies: int = 0, **extra: object) -> Post:
    return Post(
        f"p{i}", NOW - timedelta(days=days_ago), PostKind.OWN, likes=likes, replies=replies, **extra
    )  # type: ignore[arg-type]


def _channel(
    cid: int,
    posts: list[Post],
    followers: int = 500,
    weight: int = 1,
    platform: str = "mastodon",
    **extra: object,
) -> ChannelInput:
    return ChannelInput(cid, platform, f"chan{cid}", weight, followers, posts, **extra)  # type: ignore[arg-type]


def test_no_data_no_tips() -> None:
    assert all_tips([], NOW, BERLIN) == []


def test_the_channel_that_earns_most_per_post_with_its_promise_at_two_horizons() -> None:
    strong = _channel(1, [_own(i, i * 3, likes=50 + i % 3) for i in range(8)])
    weak = _channel(2, [_own(100 + i, i * 3, likes=5 + i % 2) for i in range(8)])
    tip = _tips([strong, weak])["best_channel"]
    assert (tip.numbers["channel"], tip.numbers["posts"]) == ("chan1", 8)
    assert tip.numbers["per_post"] == 50.9
    assert tip.numbers["others_per_post"] == 5.5
    assert 0 < tip.numbers["soon"] <= tip.numbers["later"] == tip.impact


def test_too_few_posts_to_compare_channels_give_no_best_channel() -> None:
    strong = _channel(1, [_own(i, i * 3, likes=50) for i in range(3)])
    weak = _channel(2, [_own(100 + i, i * 3, likes=5) for i in range(3)])
    assert "best_channel" not in _tips([strong, weak])


def test_giving_and_answering_replies_are_one_action_so_one_tip() -> None:
    posts = [_own(i, i * 2, likes=10, replies=4) for i in range(10)]
    tips = _every([_channel(1, posts)])
    replying = [t for t in tips if t.kind in ("give_more", "reply_to_replies")]
    assert len(replying) == 1, "two tips asking to write replies on one channel are one tip"
    keys = [t.key for t in tips]
    assert len(keys) == len(set(keys)), "every tip shown is a different thing to do"


def test_enough_giving_gets_no_giving_tip() -> None:
    posts = [_own(i, i * 2, likes=10) for i in range(10)]
    posts += [Post(f"g{i}", NOW - timedelta(days=i), PostKind.REPLY) for i in range(25)]
    assert "give_more" not in _tips([_channel(1, posts)])


def test_the_giving_tip_says_its_30_days_in_all_beside_its_weekly_aim() -> None:
    """The tip "5 times a week (in the last 30 days: 4)" read as four a week: four in all."""
    from bot.views.tips import tip_text

    posts = [_own(i, i * 2, likes=10) for i in range(10)]
    posts += [Post(f"g{i}", NOW - timedelta(days=3 * i + 1), PostKind.REPLY) for i in range(4)]
    tip = _tips([_channel(1, posts)])["give_more"]
    assert tip.numbers["replies_30d"] == 4
    assert "(in the last 30 days: 4 in all)" in tip_text("en", tip, NOW)
    assert "(in den letzten 30 Tagen insgesamt 4-mal)" in tip_text("de", tip, NOW)


def test_giving_tips_only_where_the_source_records_replies() -> None:
    """Replies to others are not seen on a blog or an Instagram account: following a tip to
    write them there would change nothing."""
    posts = [_own(i, i * 2, likes=30, replies=6) for i in range(10)]
    unseen = [
        _channel(1, posts, platform="blog", records_giving=False),
        _channel(2, posts, platform="instagram", records_giving=False),
    ]
    giving = {"give_more", "reply_to_replies", "new_channel"}
    assert not giving & set(_tips(unseen))
    seen = _channel(3, [_own(50 + i, i * 3, likes=2) for i in range(8)])
    named = [t for t in _every([*unseen, seen]) if t.kind in giving]
    assert named
    assert all(t.numbers["channel"] == "chan3" for t in named)


def test_the_best_time_is_measured_within_a_channel_in_the_users_timezone() -> None:
    # 17:00 UTC is 18:00 in Berlin in winter: the evening block (18-24) there, the
    # afternoon (12-18) in UTC. Those posts earn about 60, the rest about 5.
    evening = [
        Post(f"t{i}", NOW.replace(hour=17) - timedelta(days=2 * i), PostKind.OWN, likes=58 + i % 5)
        for i in range(12)
    ]
    morning = [
        Post(
            f"m{i}", NOW.replace(hour=7) - timedelta(days=2 * i + 1), PostKind.OWN, likes=4 + i % 3
        )
        for i in range(12)
    ]
    tip = _tips([_channel(1, evening + morning)])["best_time"]
    assert (tip.numbers["from_hour"], tip.numbers["to_hour"]) == (18, 24)
    assert tip.numbers["posts"] == 12
    assert tip.numbers["sure"] == "very"
    utc_tip = _tips([_channel(1, evening + morning)], ZoneInfo("UTC"))["best_time"]
    assert utc_tip.numbers["from_hour"] == 12


def test_a_block_of_three_lucky_posts_is_noise_not_a_best_time() -> None:
    lucky = [Post(f"t{i}", NOW.replace(hour=20) - timedelta(weeks=i), PostKind.OWN, likes=60)
             for i in range(3)]  # fmt: skip
    other = [_own(i, 1 + i * 4.3, likes=5 + i % 4) for i in range(9)]
    assert "best_time" not in _tips([_channel(1, lucky + other)])


def test_a_channel_gone_quiet_by_its_own_rhythm() -> None:
    quiet = _channel(1, [_own(i, 30 + i * 3, likes=20) for i in range(6)])
    tip = _tips([quiet])["quiet_channel"]
    assert (tip.numbers["days"], tip.numbers["channel"]) == (30, "chan1")
    assert tip.numbers["later"] > 0


def test_an_infrequent_poster_who_never_stopped_is_not_quiet() -> None:
    monthly = _channel(1, [_own(i, 30 + i * 28, likes=20) for i in range(8)])
    assert "quiet_channel" not in _tips([monthly])


def test_media_and_questions_compare_posts_within_one_channel() -> None:
    # Channel 1 posts pictures and earns more; channel 2 posts plain text and earns less.
    # Pooled, pictures "win"; within each channel there is nothing to compare.
    pictures = _channel(1, [_own(i, i * 2, likes=40 + i % 3, has_media=True) for i in range(10)])
    plain = _channel(2, [_own(20 + i, 1 + i * 2, likes=8 + i % 3) for i in range(10)])
    assert "media" not in _tips([pictures, plain])

    mixed = [_own(i, i * 2, likes=40 + i % 4, has_media=True) for i in range(8)]
    mixed += [_own(10 + i, 1 + i * 2, likes=8 + i % 3, excerpt="Ideas?") for i in range(8)]
    tips = _tips([_channel(1, mixed)])
    effect = tips["media"].numbers
    assert effect["better"] == "with"
    assert (effect["with_posts"], effect["without_posts"]) == (8, 8)
    assert effect["with_per_post"] > 4 * effect["without_per_post"]
    assert tips["questions"].numbers["better"] == "without"


def test_a_small_difference_in_noisy_posts_is_no_tip() -> None:
    noisy = [_own(i, i, likes=(i * 37) % 50, has_media=i % 2 == 0) for i in range(30)]
    assert "media" not in _tips([_channel(1, noisy)])


def test_a_new_channel_needs_networking() -> None:
    new = _channel(
        1, [_own(i, i, likes=1) for i in range(3)], followers=12, linked_at=NOW - timedelta(days=5)
    )
    tip = _tips([new])["new_channel"]
    assert tip.numbers["followers"] == 12


def test_a_large_channel_is_never_called_new_or_small() -> None:
    big = _channel(1, [_own(i, i, likes=1) for i in range(8)], followers=4000)
    assert "new_channel" not in _tips([big])


def test_tips_are_ranked_by_what_they_give_in_three_months() -> None:
    posts = [_own(i, i * 2, likes=10, replies=4) for i in range(10)]
    tips = all_tips([_channel(1, posts)], NOW, BERLIN)
    impacts = [t.impact for t in tips]
    assert tips
    assert impacts == sorted(impacts, reverse=True)
    assert all(impact >= 0.5 for impact in impacts), "no tip below half a point"


def test_someone_with_posts_gets_at_least_one_tip() -> None:
    steady = [_own(i, i * 3.5, likes=6 + i % 3) for i in range(12)]
    steady += [Post(f"g{i}", NOW - timedelta(days=i), PostKind.REPLY) for i in range(25)]
    tips = all_tips([_channel(1, steady, followers=400)], NOW, BERLIN)
    assert tips, "a channel with posts gets at least one thing to do"


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

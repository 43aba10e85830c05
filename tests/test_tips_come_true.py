"""Every tip's claimed impact is what following it gives: checked against a simulation built
here, independently of scoring/tips.py, from the tip's own numbers, on generated users."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from scoring.channel_data import Post, PostKind
from scoring.model import ChannelInput, compute_score, is_post
from scoring.tips import Tip, all_tips

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
ZONE = ZoneInfo("Europe/Berlin")
SEEN: set[str] = set()


@st.composite
def channel(draw: st.DrawFn, cid: int) -> ChannelInput:
    """A channel with a habit: posts every few days (some with media, some questions, some
    at a better hour), maybe gone quiet, maybe giving a little."""
    every = draw(st.floats(1.0, 6.0))
    quiet = draw(st.sampled_from([0, 0, 25, 40]))
    likes = draw(st.integers(0, 300))
    replies = draw(st.integers(0, 40))
    media_factor = draw(st.sampled_from([1, 1, 2, 3]))
    posts = []
    day, i = quiet + 0.3, 0
    while day < 90:
        media = i % 2 == 0
        boost = media_factor if media else 1
        posts.append(
            Post(
                f"{cid}-p{i}", NOW - timedelta(days=day, hours=(i * 5) % 24), PostKind.OWN,
                likes=likes * boost, replies=replies, reshares=likes // 10,
                has_media=media, excerpt="Why?" if i % 3 == 0 else "Notes",
            )
        )  # fmt: skip
        day, i = day + every, i + 1
    gives = draw(st.integers(0, 20))
    posts += [
        Post(f"{cid}-g{k}", NOW - timedelta(days=k * 3.1 + 0.2), PostKind.REPLY)
        for k in range(gives)
    ]
    return ChannelInput(
        cid, draw(st.sampled_from(["mastodon", "bluesky", "blog"])), f"c{cid}", 1,
        draw(st.integers(0, 200_000)), posts,
        linked_at=NOW - timedelta(days=draw(st.integers(1, 400))),
    )  # fmt: skip


@st.composite
def users(draw: st.DrawFn) -> list[ChannelInput]:
    count = draw(st.integers(1, 3))
    chs = [draw(channel(cid)) for cid in range(1, count + 1)]
    return [dataclasses.replace(c, has_followers=c.platform != "blog") for c in chs]


def _weekly(per_week: float, start_day: float = 1.0) -> list[datetime]:
    """One moment every 7/per_week days from ``start_day`` back to day 90 (not how tips.py
    spreads them: the claim must hold for a habit, not for one exact schedule)."""
    step, day, moments = 7.0 / per_week, start_day, []
    while day < 90:
        moments.append(NOW - timedelta(days=day))
        day += step
    return moments


def follow(tip: Tip, chs: list[ChannelInput]) -> list[ChannelInput]:
    """What a user who follows ``tip`` to the letter has posted, built from its numbers."""
    n = tip.numbers
    out = []
    for c in chs:
        posts = list(c.posts)
        if (
            tip.kind in ("best_channel", "quiet_channel", "focus")
            and n["channel_id"] == c.channel_id
        ):
            own = [p for p in c.posts if is_post(p) and p.created_at >= NOW - timedelta(days=90)]
            like = own[0]
            per = len(own)
            posts += [
                dataclasses.replace(
                    like, post_id=f"follow{k}", created_at=moment,
                    likes=round(sum(p.likes for p in own) / per),
                    replies=round(sum(p.replies for p in own) / per),
                    reshares=round(sum(p.reshares for p in own) / per),
                    quotes=round(sum(p.quotes for p in own) / per),
                )
                for k, moment in enumerate(_weekly(1.0, 2.0))
            ]  # fmt: skip
        elif tip.kind in ("give_more", "reply_to_replies", "new_channel") and (
            n["channel_id"] == c.channel_id
        ):
            per_week = float(n.get("suggested_per_week", n.get("per_week", 0)))
            posts += [
                Post(f"gave{k}", moment, PostKind.REPLY)
                for k, moment in enumerate(_weekly(per_week, 0.7))
            ]
        elif tip.kind in ("best_time", "media", "questions"):
            ratio, every = float(n["boost_ratio"]), int(n["boost_every"])
            own = sorted((p for p in posts if is_post(p)), key=lambda p: (p.created_at, p.post_id))
            chosen = {p.post_id for p in own[::every]}
            posts = [
                dataclasses.replace(
                    p, likes=round(p.likes * ratio), replies=round(p.replies * ratio),
                    reshares=round(p.reshares * ratio), quotes=round(p.quotes * ratio),
                )
                if p.post_id in chosen
                else p
                for p in posts
            ]  # fmt: skip
        out.append(dataclasses.replace(c, posts=posts))
    return out


@settings(max_examples=60)
@given(users())
def test_every_tip_claims_what_following_it_gives(chs: list[ChannelInput]) -> None:
    before = compute_score(chs, NOW).value
    for tip in all_tips(chs, NOW, ZONE):
        SEEN.add(tip.kind)
        outcome = compute_score(follow(tip, chs), NOW).value - before
        assert tip.impact >= 0.5
        assert abs(tip.impact - outcome) <= max(0.5, 0.15 * abs(outcome)), (
            tip.kind,
            tip.impact,
            outcome,
        )


def test_the_generated_users_met_most_kinds_of_tip() -> None:
    """Run after the property above (file order): it must have exercised the tips it checks."""
    assert len(SEEN) >= 4, SEEN

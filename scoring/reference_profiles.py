"""Synthetic reference profiles: the calibration table of docs/scoring.md, as plain data.

Each profile describes a steady pattern over the last 90 days; ``profile_channel`` turns it
into posts. The tests assert each lands in its range; docs/scoring.md lists the results.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import datetime

from scoring.channel_data import Post, PostKind
from scoring.model import ChannelInput
from scoring.steady import steady_moments


@dataclass(frozen=True, slots=True)
class Pattern:
    """A steady way of posting: how often, what each post earns, how much one gives."""

    followers: int
    posts_per_week: float
    likes: int = 0
    reshares: int = 0
    replies: int = 0
    quotes: int = 0
    giving_per_week: float = 0.0
    giving_likes: int = 0  # likes each reply to others receives (formula 3.0: answered giving)


@dataclass(frozen=True, slots=True)
class ReferenceProfile:
    name: str
    description: str
    pattern: Pattern
    low: float
    high: float


REFERENCE_PROFILES: tuple[ReferenceProfile, ...] = (
    ReferenceProfile(
        "new", "a brand-new account: no followers, no posts yet", Pattern(0, 0), 1, 10
    ),
    ReferenceProfile(
        "dormant",
        "a dormant account: 500 followers, nothing posted in 90 days",
        Pattern(500, 0),
        1,
        10,
    ),
    ReferenceProfile(
        "hobbyist",
        "an active hobbyist: 40 followers, 2 posts a week with 3 likes and a reply, "
        "replies to others twice a week",
        Pattern(40, 2, likes=3, replies=1, giving_per_week=2),
        20,
        35,
    ),
    ReferenceProfile(
        "professional",
        "a professional: 3,000 engaged followers, 4 posts a week with 40 likes, 8 reshares, "
        "5 replies and a quote, replies to others 10 times a week (each liked once)",
        Pattern(
            3000, 4, likes=40, reshares=8, replies=5, quotes=1, giving_per_week=10, giving_likes=1
        ),
        45,
        65,
    ),
    ReferenceProfile(
        "creator",
        "a widely followed creator: 200,000 followers, a post a day with 2,000 likes, "
        "300 reshares, 150 replies and 30 quotes, replies to others 8 times a week (each liked "
        "5 times)",
        Pattern(
            200_000,
            7,
            likes=2000,
            reshares=300,
            replies=150,
            quotes=30,
            giving_per_week=8,
            giving_likes=5,
        ),
        70,
        85,
    ),
    ReferenceProfile(
        "top",
        "the top of a network: 3 million followers, two posts a day with 40,000 likes, "
        "8,000 reshares, 3,000 replies and 600 quotes, replies to others 25 times a week "
        "(each liked 20 times)",
        Pattern(
            3_000_000,
            14,
            likes=40_000,
            reshares=8000,
            replies=3000,
            quotes=600,
            giving_per_week=25,
            giving_likes=20,
        ),
        90,
        100,
    ),
)


def pattern_posts(pattern: Pattern, now: datetime, *, prefix: str = "") -> list[Post]:
    """The posts a steady ``pattern`` leaves over the 90 days before ``now``."""
    posts = [
        Post(
            post_id=f"{prefix}own-{i}", created_at=moment, kind=PostKind.OWN, likes=pattern.likes,
            reshares=pattern.reshares, replies=pattern.replies, quotes=pattern.quotes,
        )
        for i, moment in enumerate(steady_moments(pattern.posts_per_week, now))
    ]  # fmt: skip
    posts += [
        Post(
            post_id=f"{prefix}give-{i}",
            created_at=moment,
            kind=PostKind.REPLY,
            likes=pattern.giving_likes,
        )
        for i, moment in enumerate(steady_moments(pattern.giving_per_week, now))
    ]
    return posts


def profile_channel(
    pattern: Pattern, now: datetime, channel_id: int = 1, weight: int = 1
) -> ChannelInput:
    return ChannelInput(
        channel_id=channel_id,
        platform="mastodon",
        label=f"channel {channel_id}",
        weight=weight,
        followers=pattern.followers,
        posts=pattern_posts(pattern, now, prefix=f"{channel_id}-"),
    )


def standing(score: float) -> tuple[ReferenceProfile, ReferenceProfile | None]:
    """Where ``score`` stands among the reference profiles: the profile whose range holds it
    (and None), or the two it lies between."""
    ranked = [p for p in REFERENCE_PROFILES if p.name != "dormant"]
    for profile in ranked:
        if profile.low <= score <= profile.high:
            return profile, None
    for lower, higher in itertools.pairwise(ranked):
        if lower.high < score < higher.low:
            return lower, higher
    return ranked[-1], None

"""The Resonance score: pure functions from channel data and ``now`` to a 1–100 score.

The formula is published in docs/scoring.md; every constant below is named there. A change to
any of them is a new FORMULA_VERSION, stored with every score, and never rewrites old scores.

Per channel (last 90 days, each post weighted by its age, see ``age_weight``):

========================  =======  ============================================================
component                 points   from
========================  =======  ============================================================
interaction               0–50     weighted interaction received per week (log scale)
engagement                0–10     interaction per own post relative to the audience
reach                     0–15     followers (log scale)
activity                  0–10     own posts per week, with diminishing returns, counted only
                                   as far as the posts earn interaction
giving                    0–15     replies to, reshares and quotes of others' posts per week
========================  =======  ============================================================

Across channels: a channel's points are multiplied by its weight's factor; the best channel
counts fully and every other channel fills part of the gap to 100 in proportion to its points.
So adding a channel never lowers the score, a higher weight never lowers it, the score never
jumps when two channels trade places, and one channel alone stops at ``SINGLE_CHANNEL_CAP``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from scoring.channel_data import Post, PostKind

FORMULA_VERSION = "1.0"

WINDOW_DAYS = 90  # the window sources re-read; it carries about 97 % of the weight
HALF_LIFE_DAYS = 30.0
TAPER_START_DAYS = 60.0
TAPER_DAYS = 20.0  # after day 60 the weight falls by e every 20 days
HORIZON_DAYS = 400  # beyond this a post weighs under 1e-8: nothing

#: Weighted interaction: a reply is worth more than a like.
INTERACTION_WEIGHTS: Mapping[str, float] = {
    "replies": 4.0,
    "quotes": 3.0,
    "reshares": 2.0,
    "likes": 1.0,
}

INTERACTION_MAX = 50.0
INTERACTION_PER_DECADE = 9.0  # points per tenfold weekly interaction
ENGAGEMENT_MAX = 10.0
ENGAGEMENT_FULL_RATE = 0.2  # weighted interaction per post per follower for full points
ENGAGEMENT_MIN_AUDIENCE = 10
REACH_MAX = 15.0
REACH_FULL_DECADES = 6.5  # log10(followers + 1) for full points (about 3 million)
ACTIVITY_MAX = 10.0
ACTIVITY_POSTS_SCALE = 2.0  # posts per week at which activity reaches 63 %
ACTIVITY_FULL_INTERACTION = 10.0  # weighted interaction per post for activity to count fully
GIVING_MAX = 15.0
GIVING_SCALE = 6.0  # acts of giving per week at which giving reaches 63 %

SINGLE_CHANNEL_CAP = 92.0
#: A channel's points are multiplied by its weight's factor (0 = ignored), then capped.
WEIGHT_FACTOR: Mapping[int, float] = {1: 1.0, 2: 1.15, 3: 1.3}
#: How much of the remaining gap each channel other than the best fills, per point.
OTHER_CHANNEL_FILL = 0.35

COMPONENTS = ("interaction", "engagement", "reach", "activity", "giving")
_SECONDS_PER_DAY = 86_400.0


def age_weight(age_days: float) -> float:
    """How much a post of this age counts: halves every 30 days, then fades faster after 60.

    There is no day on which a post suddenly stops counting: its weight keeps falling by at
    most 5 % a day until it is negligible, so a viral post fades instead of dropping off a
    cliff. A post from the future (clock skew) counts as new.
    """
    age = max(0.0, age_days)
    if age <= TAPER_START_DAYS:
        return float(0.5 ** (age / HALF_LIFE_DAYS))
    if age <= HORIZON_DAYS:
        start = 0.5 ** (TAPER_START_DAYS / HALF_LIFE_DAYS)
        return float(start * math.exp(-(age - TAPER_START_DAYS) / TAPER_DAYS))
    return 0.0


def _effective_weeks() -> float:
    """The integral of age_weight in weeks: how many weeks the weighted window amounts to.

    A steady pattern of N posts a week gives a weighted sum of N x EFFECTIVE_WEEKS, so
    dividing by it turns weighted sums into per-week rates.
    """
    taper_start = 0.5 ** (TAPER_START_DAYS / HALF_LIFE_DAYS)
    head = HALF_LIFE_DAYS / math.log(2) * (1.0 - taper_start)
    tail = taper_start * TAPER_DAYS
    return float(head + tail) / 7.0


EFFECTIVE_WEEKS = _effective_weeks()


def weighted_interaction(post: Post) -> float:
    """Interaction received on one post, each kind weighted."""
    return (
        INTERACTION_WEIGHTS["replies"] * post.replies
        + INTERACTION_WEIGHTS["quotes"] * post.quotes
        + INTERACTION_WEIGHTS["reshares"] * post.reshares
        + INTERACTION_WEIGHTS["likes"] * post.likes
    )


def earns(post: Post) -> bool:
    """Whether the post's received interaction is the owner's: own posts and quotes.

    Reshares of others never are; replies to others are giving, and what they receive counts
    too (a good reply earns its likes), but only own posts and quotes count as posts.
    """
    return post.kind is not PostKind.RESHARE


def is_post(post: Post) -> bool:
    """Whether it counts as a post of one's own for activity and averages."""
    return post.kind in (PostKind.OWN, PostKind.QUOTE) and not post.in_thread


def is_giving(post: Post) -> bool:
    return post.kind in (PostKind.REPLY, PostKind.RESHARE, PostKind.QUOTE)


@dataclass(frozen=True, slots=True)
class ChannelInput:
    """What the model needs of one channel."""

    channel_id: int
    platform: str
    label: str
    weight: int
    followers: int
    posts: Sequence[Post]
    stale: bool = False  # shown in explanations; never changes the number
    linked_at: datetime | None = None  # for tips about new channels


@dataclass(frozen=True, slots=True)
class ChannelMetrics:
    """The measured quantities behind a channel's points, all over the weighted 90 days."""

    posts: int  # own posts in the window (thread continuations not counted)
    post_weight: float  # the same, each weighted by its age: how much evidence there is
    interaction_per_week: float
    interaction_per_post: float
    engagement_rate: float
    posts_per_week: float
    giving_per_week: float
    followers: int


@dataclass(frozen=True, slots=True)
class ChannelScore:
    """One channel's points, its components, and its share of the total."""

    channel_id: int
    platform: str
    label: str
    weight: int
    points: float  # the channel alone, 0..SINGLE_CHANNEL_CAP
    contribution: float  # its part of the user's score
    components: Mapping[str, float]  # its contribution, split by component
    metrics: ChannelMetrics
    stale: bool


@dataclass(frozen=True, slots=True)
class Score:
    """The user's score with everything needed to explain it."""

    value: float
    version: str
    channels: tuple[ChannelScore, ...] = field(default_factory=tuple)

    @property
    def components(self) -> dict[str, float]:
        """Each component summed over channels; they add up to the score (above the floor)."""
        return {name: sum(c.components[name] for c in self.channels) for name in COMPONENTS}


def _age_days(post: Post, now: datetime) -> float:
    return (now - post.created_at).total_seconds() / _SECONDS_PER_DAY


def channel_metrics(channel: ChannelInput, now: datetime) -> ChannelMetrics:
    """The weighted quantities of one channel at ``now``."""
    received = 0.0
    post_weight = 0.0
    giving_weight = 0.0
    posts = 0
    for post in channel.posts:
        age = _age_days(post, now)
        if age > HORIZON_DAYS:
            continue
        weight = age_weight(age)
        if earns(post):
            received += weight * weighted_interaction(post)
        if is_post(post):
            post_weight += weight
            posts += age <= WINDOW_DAYS
        if is_giving(post):
            giving_weight += weight
    followers = max(0, channel.followers)
    per_post = received / post_weight if post_weight > 0 else 0.0
    return ChannelMetrics(
        posts=posts,
        post_weight=post_weight,
        interaction_per_week=received / EFFECTIVE_WEEKS,
        interaction_per_post=per_post,
        engagement_rate=per_post / max(followers, ENGAGEMENT_MIN_AUDIENCE),
        posts_per_week=post_weight / EFFECTIVE_WEEKS,
        giving_per_week=giving_weight / EFFECTIVE_WEEKS,
        followers=followers,
    )


def channel_components(metrics: ChannelMetrics) -> dict[str, float]:
    """A channel's points per component (before the cap and before combining)."""
    interaction = min(
        INTERACTION_MAX, INTERACTION_PER_DECADE * math.log10(1.0 + metrics.interaction_per_week)
    )
    # Engagement is a ratio; it is trusted as far as there are recent posts behind it.
    evidence = 1.0 - math.exp(-metrics.post_weight)
    engagement = (
        ENGAGEMENT_MAX * min(1.0, metrics.engagement_rate / ENGAGEMENT_FULL_RATE) * evidence
    )
    reach = REACH_MAX * min(1.0, math.log10(1.0 + metrics.followers) / REACH_FULL_DECADES)
    earning = min(1.0, metrics.interaction_per_post / ACTIVITY_FULL_INTERACTION)
    activity = (
        ACTIVITY_MAX * (1.0 - math.exp(-metrics.posts_per_week / ACTIVITY_POSTS_SCALE)) * earning
    )
    giving = GIVING_MAX * (1.0 - math.exp(-metrics.giving_per_week / GIVING_SCALE))
    return {
        "interaction": interaction,
        "engagement": engagement,
        "reach": reach,
        "activity": activity,
        "giving": giving,
    }


def _combine(points: Sequence[float]) -> tuple[float, list[float]]:
    """(total, contribution of each) for channels' weighted points, best first.

    Symmetric at ties (the roles of two equal channels can swap without a jump), increasing
    in every channel's points, and never lowered by one more channel.
    """
    if not points:
        return 0.0, []
    best = points[0]
    fills = [-math.log(1.0 - OTHER_CHANNEL_FILL * p / 100.0) for p in points[1:]]
    gap = 100.0 - best
    filled = gap * (1.0 - math.exp(-sum(fills)))
    total_fill = sum(fills)
    rest = [filled * f / total_fill if total_fill > 0 else 0.0 for f in fills]
    return best + filled, [best, *rest]


def compute_score(channels: Sequence[ChannelInput], now: datetime) -> Score:
    """The score of a user with these channels at ``now``: deterministic, 1..100."""
    scored: list[tuple[ChannelInput, ChannelMetrics, dict[str, float], float]] = []
    for channel in channels:
        if channel.weight <= 0:
            continue
        metrics = channel_metrics(channel, now)
        components = channel_components(metrics)
        factor = WEIGHT_FACTOR[min(3, channel.weight)]
        points = min(SINGLE_CHANNEL_CAP, sum(components.values()) * factor)
        scored.append((channel, metrics, components, points))
    # Best first; ties broken by id so the result never depends on input order.
    scored.sort(key=lambda item: (-item[3], item[0].channel_id))
    total, contributions = _combine([points for _, _, _, points in scored])
    results = []
    for (channel, metrics, components, points), contribution in zip(
        scored, contributions, strict=True
    ):
        raw = sum(components.values())
        scale = contribution / raw if raw > 0 else 0.0
        results.append(
            ChannelScore(
                channel_id=channel.channel_id,
                platform=channel.platform,
                label=channel.label,
                weight=channel.weight,
                points=round(points, 2),
                contribution=contribution,
                components={name: value * scale for name, value in components.items()},
                metrics=metrics,
                stale=channel.stale,
            )
        )
    value = round(min(100.0, max(1.0, total)), 1)
    ignored = sorted((c for c in channels if c.weight <= 0), key=lambda c: c.channel_id)
    for channel in ignored:
        metrics = channel_metrics(channel, now)
        results.append(
            ChannelScore(
                channel_id=channel.channel_id,
                platform=channel.platform,
                label=channel.label,
                weight=0,
                points=round(min(SINGLE_CHANNEL_CAP, sum(channel_components(metrics).values())), 2),
                contribution=0.0,
                components=dict.fromkeys(COMPONENTS, 0.0),
                metrics=metrics,
                stale=channel.stale,
            )
        )
    return Score(value=value, version=FORMULA_VERSION, channels=tuple(results))

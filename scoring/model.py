"""The Resonance score: pure functions from channel data and ``now`` to a 1–100 score.

The formula is published in docs/scoring.md; every constant below is named there. A change to
any of them is a new FORMULA_VERSION, stored with every score, and never rewrites old scores.

Formula 2.0 pools what the channels measure instead of stacking each channel's points:

========================  =======  ============================================================
component                 points   from (pooled over channels, each scaled by its weight)
========================  =======  ============================================================
interaction               0–50     weighted interaction received per week (log scale)
engagement                0–10     the best channel's conversation per post (3.2: replies and
                                   quotes, and the first four likes), against its audience
                                   (or, without followers, on its own)
reach                     0–15     followers, each counted only as far as the channel's
                                   interaction shows they are there (log scale)
activity                  0–10     posts a week that earn interaction ("earning posts")
giving                    0–15     replies to, quotes and (capped) reshares of others; up to
                                   4 points alone, the rest as far as one also receives
========================  =======  ============================================================

Weights are relative: a channel counts ``weight / highest weight`` of its measures. So scaling
every weight changes nothing, one channel scores the same at any weight, a channel without
interaction adds (almost) nothing, and real interaction on several channels adds up.

Formula 3.x credits each post's interaction against the audience that can give it, clicks
against the post's conversation, and listed people as people (scoring/credit.py); on top:

* a post earns (activity) from its first like; giving opens with the first few interactions
  received; reach counts followers up to four per weighted interaction a week (3.6), plus 60;
* replies and quotes nobody answered count up to 1.5 giving units a week (spam is flat);
* a post two channels both return (the same blog linked twice) counts once;
* (3.2) engagement measures conversation: a post's replies and quotes as credited, and its
  first four likes, against the audience; and a post's likes are carried by its replies alone
  where the platform counts replies (not by the follower count, which can be bought);
* (3.3) a post is judged against the followers it had when posted (scoring/audience.py), so
  followers bought after it make none of its interaction more plausible;
* (3.4) where the platform lists the likers, likes from empty accounts (never posted, nobody
  follows them) count together as one person, and a post's unlisted likes at the listed share
  that is not empty, as far as the post's replies do not vouch for them (scoring/credit.py);
* (3.5) reach counts followers at most as many as the most-followed post that received anything
  was judged against (3.3's audience then), so followers gained after the posts open no reach
  until a post after them receives something;
* (3.6) reach counts four followers per weighted interaction a week (five before), so followers
  bought before a channel was linked open less reach than they cost its engagement's rate.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from scoring.duplicates import counted_once
from scoring.focus import FocusTopics
from scoring.metrics import ChannelInput, ChannelMetrics, channel_metrics, earns, is_giving, is_post

__all__ = [  # what the model's callers import from here; one channel's measures: scoring.metrics
    "COMPONENTS",
    "FORMULA_VERSION",
    "ChannelInput",
    "ChannelMetrics",
    "ChannelScore",
    "Score",
    "compute_score",
    "earns",
    "is_giving",
    "is_post",
    "pool",
]

FORMULA_VERSION = "3.6"

INTERACTION_MAX = 50.0
INTERACTION_PER_DECADE = 9.0  # points per tenfold weekly interaction
ENGAGEMENT_MAX = 10.0
REACH_MAX = 15.0
REACH_FULL_DECADES = 6.5  # log10(counted followers + 1) for full points (about 3 million)
ACTIVITY_MAX = 10.0
ACTIVITY_POSTS_SCALE = 2.0  # earning posts per week at which activity reaches 63 %
GIVING_MAX = 15.0
GIVING_ALONE_MAX = 4.0  # what giving is worth with nothing received
GIVING_SCALE = 6.0  # giving units per week at which giving reaches 63 %
GIVING_RECEIVED_SCALE = 2.0  # weighted interaction received a week at which giving opens 63 %
RESHARE_UNITS_CAP = 1.0  # reshares add at most this many giving units a week, all channels together
UNANSWERED_UNITS_CAP = 1.5  # giving units a week from replies and quotes nobody answered

COMPONENTS = ("interaction", "engagement", "reach", "activity", "giving")


@dataclass(frozen=True, slots=True)
class ChannelScore:
    """One channel's part of the score, split by component."""

    channel_id: int
    platform: str
    label: str
    weight: int
    points: float  # the channel scored alone, 1..100, for comparison
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
    mode: str = "all"  # "all" posts count, or only "focus" posts
    focus_share: float | None = None  # share of received interaction on focus posts

    @property
    def components(self) -> dict[str, float]:
        """Each component summed over channels; they add up to the score (above the floor)."""
        return {name: sum(c.components[name] for c in self.channels) for name in COMPONENTS}


def _split(total: float, parts: Sequence[float]) -> list[float]:
    whole = sum(parts)
    return [total * p / whole if whole > 0 else 0.0 for p in parts]


def pool(measured: Sequence[tuple[float, ChannelMetrics]]) -> dict[str, float]:
    """The component points of channels given as (relative weight, metrics), pooled."""
    interaction = sum(w * m.interaction_per_week for w, m in measured)
    followers = sum(w * m.counted_followers for w, m in measured)
    earning = sum(w * m.earning_posts_per_week for w, m in measured)
    reshares = min(RESHARE_UNITS_CAP, sum(w * m.reshare_units_per_week for w, m in measured))
    unanswered = min(
        UNANSWERED_UNITS_CAP, sum(w * m.unanswered_units_per_week for w, m in measured)
    )
    giving = sum(w * m.giving_units_per_week for w, m in measured) + reshares + unanswered
    engagement = max((w * m.engagement_level for w, m in measured), default=0.0)
    opened = 1.0 - math.exp(-interaction / GIVING_RECEIVED_SCALE)
    return {
        "interaction": min(INTERACTION_MAX, INTERACTION_PER_DECADE * math.log10(1.0 + interaction)),
        "engagement": ENGAGEMENT_MAX * engagement,
        "reach": REACH_MAX * min(1.0, math.log10(1.0 + followers) / REACH_FULL_DECADES),
        "activity": ACTIVITY_MAX * (1.0 - math.exp(-earning / ACTIVITY_POSTS_SCALE)),
        "giving": (GIVING_ALONE_MAX + (GIVING_MAX - GIVING_ALONE_MAX) * opened)
        * (1.0 - math.exp(-giving / GIVING_SCALE)),
    }


def _attribute(
    measured: Sequence[tuple[float, ChannelMetrics]], points: Mapping[str, float]
) -> list[dict[str, float]]:
    """Each channel's part of every component, in proportion to what it brought to the pool.

    Engagement is the best channel's, so it goes to that channel (the first at a tie).
    """
    reshare_total = sum(w * m.reshare_units_per_week for w, m in measured)
    reshare_scale = min(1.0, RESHARE_UNITS_CAP / reshare_total) if reshare_total > 0 else 0.0
    unanswered_total = sum(w * m.unanswered_units_per_week for w, m in measured)
    unanswered_scale = (
        min(1.0, UNANSWERED_UNITS_CAP / unanswered_total) if unanswered_total > 0 else 0.0
    )
    shares = {
        "interaction": _split(
            points["interaction"], [w * m.interaction_per_week for w, m in measured]
        ),
        "reach": _split(points["reach"], [w * m.counted_followers for w, m in measured]),
        "activity": _split(points["activity"], [w * m.earning_posts_per_week for w, m in measured]),
        "giving": _split(
            points["giving"],
            [
                w
                * (
                    m.giving_units_per_week
                    + m.reshare_units_per_week * reshare_scale
                    + m.unanswered_units_per_week * unanswered_scale
                )
                for w, m in measured
            ],
        ),
    }
    levels = [w * m.engagement_level for w, m in measured]
    best = levels.index(max(levels)) if levels and max(levels) > 0 else -1
    shares["engagement"] = [
        points["engagement"] if i == best else 0.0 for i in range(len(measured))
    ]
    return [{name: shares[name][i] for name in COMPONENTS} for i in range(len(measured))]


def _clamp(total: float) -> float:
    return round(min(100.0, max(1.0, total)), 1)


def compute_score(
    channels: Sequence[ChannelInput],
    now: datetime,
    *,
    focus: FocusTopics | None = None,
    focus_only: bool = False,
) -> Score:
    """The score of a user with these channels at ``now``: deterministic, 1..100.

    ``focus`` measures the share of interaction on the user's topics; ``focus_only`` makes
    only posts on those topics count (the "focus score").
    """
    only = focus_only and focus is not None and bool(focus)
    by_id = sorted(channels, key=lambda c: c.channel_id)  # never depends on input order
    # a post two channels return counts in the first that counts (weight 0 ones come last)
    once = {c.channel_id: c for c in counted_once(sorted(by_id, key=lambda c: c.weight <= 0))}
    ordered = [once[c.channel_id] for c in by_id]
    counting = [c for c in ordered if c.weight > 0]
    top = max((c.weight for c in counting), default=1)
    metrics = {c.channel_id: channel_metrics(c, now, focus, only) for c in ordered}
    measured = [(c.weight / top, metrics[c.channel_id]) for c in counting]
    points = pool(measured)
    parts = _attribute(measured, points)
    results = []
    for channel, components in zip(counting, parts, strict=True):
        m = metrics[channel.channel_id]
        results.append(
            ChannelScore(
                channel_id=channel.channel_id,
                platform=channel.platform,
                label=channel.label,
                weight=channel.weight,
                points=round(sum(pool([(1.0, m)]).values()), 2),
                contribution=sum(components.values()),
                components=components,
                metrics=m,
                stale=channel.stale,
            )
        )
    results.sort(key=lambda c: (-c.contribution, c.channel_id))
    for channel in (c for c in ordered if c.weight <= 0):
        m = metrics[channel.channel_id]
        results.append(
            ChannelScore(
                channel_id=channel.channel_id,
                platform=channel.platform,
                label=channel.label,
                weight=0,
                points=round(sum(pool([(1.0, m)]).values()), 2),
                contribution=0.0,
                components=dict.fromkeys(COMPONENTS, 0.0),
                metrics=m,
                stale=channel.stale,
            )
        )
    return Score(
        value=_clamp(sum(points.values())),
        version=FORMULA_VERSION,
        channels=tuple(results),
        mode="focus" if only else "all",
        focus_share=_focus_share(measured) if focus is not None and bool(focus) else None,
    )


def _focus_share(measured: Iterable[tuple[float, ChannelMetrics]]) -> float | None:
    total = focus = 0.0
    for w, m in measured:
        if m.focus_share is None:
            continue
        total += w * m.interaction_per_week
        focus += w * m.interaction_per_week * m.focus_share
    return focus / total if total > 0 else None

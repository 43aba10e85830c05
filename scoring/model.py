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
  received; reach counts followers up to five per weighted interaction a week, plus 60;
* replies and quotes nobody answered count up to 1.5 giving units a week (spam is flat);
* a post two channels both return (the same blog linked twice) counts once;
* (3.2) engagement measures conversation: a post's replies and quotes as credited, and its
  first four likes, against the audience; and a post's likes are carried by its replies alone
  where the platform counts replies (not by the follower count, which can be bought);
* (3.3) a post is judged against the followers it had when posted (scoring/audience.py), so
  followers bought after it make none of its interaction more plausible;
* (3.4) where the platform lists the likers, likes from empty accounts (never posted, nobody
  follows them) count together as one person, and a post's unlisted likes at the listed share
  that is not empty, as far as the post's replies do not vouch for them (scoring/credit.py).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import MISSING, dataclass, field, fields
from datetime import datetime
from typing import Any, NamedTuple

from scoring.ageing import EFFECTIVE_WEEKS, HORIZON_DAYS, WINDOW_DAYS, age_weight
from scoring.audience import FollowerHistory, audiences
from scoring.channel_data import Engagement, Post, PostKind
from scoring.credit import (
    count_people,
    credit_post,
    share_capped,
    weighted_interaction,
    weighted_parts,
)
from scoring.duplicates import counted_once
from scoring.focus import FocusTopics

FORMULA_VERSION = "3.4"

INTERACTION_MAX = 50.0
INTERACTION_PER_DECADE = 9.0  # points per tenfold weekly interaction
ENGAGEMENT_MAX = 10.0
ENGAGEMENT_FULL_RATE = 0.2  # weighted interaction per post per follower for full points
ENGAGEMENT_FULL_PER_POST = 20.0  # without followers: weighted interaction per post for full points
ENGAGEMENT_MIN_AUDIENCE = 100  # a rate is not measured on an audience of a few friends
VOLUME_DECADES = 1.5  # engagement is trusted fully from 10^1.5 (about 31) weighted a week
REACH_MAX = 15.0
REACH_FULL_DECADES = 6.5  # log10(counted followers + 1) for full points (about 3 million)
FOLLOWERS_PER_INTERACTION = 5.0  # followers counted per weighted interaction a week, at most
REACH_ALLOWANCE = 60.0  # ... plus these, once a channel receives one weighted interaction a week
ACTIVITY_MAX = 10.0
ACTIVITY_POSTS_SCALE = 2.0  # earning posts per week at which activity reaches 63 %
EARNING_POST = 1.0  # weighted interaction that makes one post an "earning post"
GIVING_MAX = 15.0
GIVING_ALONE_MAX = 4.0  # what giving is worth with nothing received
GIVING_SCALE = 6.0  # giving units per week at which giving reaches 63 %
GIVING_RECEIVED_SCALE = 2.0  # weighted interaction received a week at which giving opens 63 %
#: What one act of giving is worth, in giving units: effort counts.
GIVING_UNITS: Mapping[str, float] = {"reply": 1.0, "quote": 0.5, "reshare": 0.1}
REPLY_QUALITY_FULL = 5.0  # weighted interaction on a reply that doubles its worth
RESHARE_UNITS_CAP = 1.0  # reshares add at most this many giving units a week, all channels together
UNANSWERED_UNITS_CAP = 1.5  # giving units a week from replies and quotes nobody answered

COMPONENTS = ("interaction", "engagement", "reach", "activity", "giving")
_SECONDS_PER_DAY = 86_400.0


def earns(post: Post) -> bool:
    """Whether the post's received interaction is the owner's own work: own posts and quotes.

    Reshares of others never are; what a reply to others receives counts toward the quality
    of giving instead (see :func:`giving_units`), not toward the per-post average.
    """
    return post.kind in (PostKind.OWN, PostKind.QUOTE)


def is_post(post: Post) -> bool:
    """Whether it counts as a post of one's own for activity and averages."""
    return post.kind in (PostKind.OWN, PostKind.QUOTE) and not post.in_thread


def is_giving(post: Post) -> bool:
    return post.kind in (PostKind.REPLY, PostKind.RESHARE, PostKind.QUOTE)


def giving_units(post: Post) -> float:
    """How much one act of giving is worth (reshares before the weekly cap).

    A reply others answer or like is worth up to twice as much: the quality of giving.
    """
    if post.kind is PostKind.REPLY:
        return GIVING_UNITS["reply"] * (
            1.0 + min(1.0, weighted_interaction(post) / REPLY_QUALITY_FULL)
        )
    if post.kind is PostKind.QUOTE:
        return GIVING_UNITS["quote"]
    if post.kind is PostKind.RESHARE:
        return GIVING_UNITS["reshare"]
    return 0.0


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
    has_followers: bool = True  # False for platforms without a follower count (blogs, …)
    records_giving: bool = True  # False where reads see only the owner's own posts (tips)
    #: formula 3.0: the people the platform lists on the posts (empty where it lists none)
    engagements: Sequence[Engagement] = ()
    #: False where posts carry no reply counts (GitHub repositories, imported archives): their
    #: likes are judged against the followers alone (see scoring/credit.py)
    has_replies: bool = True
    #: its numbers are written by its owner (shown; never changes the number): they never
    #: rank on a group leaderboard
    self_written: bool = False
    #: formula 3.3: the follower counts stored over time, (taken at, followers) (empty: every
    #: post is judged against ``followers``; see scoring/audience.py)
    follower_history: FollowerHistory = ()


@dataclass(frozen=True, slots=True)
class ChannelMetrics:
    """The measured quantities behind a channel's part, all over the weighted 90 days.

    Fields added after formula 1.0 have defaults, so stored 1.0 breakdowns still parse.
    """

    posts: int  # own posts in the window (thread continuations not counted)
    post_weight: float  # the same, each weighted by its age: how much evidence there is
    interaction_per_week: float
    interaction_per_post: float
    engagement_rate: float
    posts_per_week: float
    giving_per_week: float  # acts of giving a week (replies, quotes, reshares of others)
    followers: int
    earning_posts_per_week: float = 0.0
    counted_followers: float = 0.0
    engagement_level: float = 0.0  # 0..1: this channel's engagement before its weight
    giving_units_per_week: float = 0.0  # before the reshare cap
    reshare_units_per_week: float = 0.0
    unanswered_units_per_week: float = 0.0  # formula 3.0: replies, quotes nobody answered
    raw_interaction_per_week: float = 0.0  # formula 3.0: before the audience's plausibility
    has_followers: bool = True
    focus_share: float | None = None  # share of received interaction on focus posts
    people: int = 0  # formula 3.0: distinct people the platform listed on the posts
    people_known: int = 0  # ... their likes and replies
    people_credit: float = 0.0  # ... what those count as people (a person's k-th: 1/k²)
    #: formula 3.2: what engagement measures, per post: replies and quotes as credited, and a
    #: post's first four likes
    conversation_per_post: float = 0.0
    #: formula 3.3: the fewest followers a post was judged against, where posts were judged
    #: against fewer than now (0: none was), and how much less a week they credited for it
    audience_then: int = 0
    audience_held_per_week: float = 0.0
    #: formula 3.4: likes and reshares by empty accounts among those listed on the window's
    #: posts, and how much less a week the posts credited for them
    empty_likes: int = 0
    empty_held_per_week: float = 0.0

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ChannelMetrics:
        """Metrics as stored (of any formula version): unknown keys ignored, new ones defaulted."""
        known = {f.name: f for f in fields(cls)}
        given = {k: v for k, v in data.items() if k in known}
        required = {name: 0 for name, f in known.items() if f.default is MISSING}
        return cls(**{**required, **given})


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


def _age_days(post: Post, now: datetime) -> float:
    return (now - post.created_at).total_seconds() / _SECONDS_PER_DAY


class _Earned(NamedTuple):
    """One post's received interaction in a channel's window, each amount times its age weight."""

    value: float  # credited
    raw: float  # as the platform counts it
    plausible: float  # what it could have credited in full
    conversation: float  # what engagement measures of it
    weight: float  # its age weight
    on_focus: bool
    own: bool  # a post of its own (not a thread continuation)


def _engagement_level(
    per_post: float, followers: int, has_followers: bool, post_weight: float, per_week: float
) -> tuple[float, float]:
    """(engagement rate, level 0..1) of one channel.

    The rate is conversation per post (credited replies and quotes, and a post's first four
    likes: formula 3.2) against the audience; a platform without followers is judged on it per post
    alone. The level is trusted as far as there are recent posts behind it and some
    conversation at all (full from about 31 weighted a week).
    """
    if has_followers:
        rate = per_post / max(followers, ENGAGEMENT_MIN_AUDIENCE)
        level = min(1.0, rate / ENGAGEMENT_FULL_RATE)
    else:
        rate = 0.0
        level = min(1.0, per_post / ENGAGEMENT_FULL_PER_POST)
    evidence = 1.0 - math.exp(-post_weight)
    volume = min(1.0, math.log10(1.0 + per_week) / VOLUME_DECADES)
    return rate, level * evidence * volume


def channel_metrics(
    channel: ChannelInput, now: datetime, focus: FocusTopics | None = None, focus_only: bool = False
) -> ChannelMetrics:
    """The weighted quantities of one channel at ``now``.

    With ``focus_only``, only own posts on the focus topics count as posts (giving still counts).
    """
    post_weight = 0.0
    giving_weight = giving = reshares = unanswered = 0.0
    posts = 0
    held = empty_held = 0.0
    lowest: int | None = None  # the fewest followers a post was judged against, below now
    window = [p for p in channel.posts if _age_days(p, now) <= HORIZON_DAYS]
    own_work = [p for p in window if earns(p)]
    people = count_people(own_work, channel.engagements) if channel.engagements else None
    earned: list[_Earned] = []
    # formula 3.3: the followers a post is judged against, those it had when posted
    judged = audiences(channel.follower_history if channel.has_followers else (), channel.followers)
    for post in channel.posts:
        age = _age_days(post, now)
        if age > HORIZON_DAYS:
            continue
        weight = age_weight(age)
        if is_giving(post):
            giving_weight += weight
            units = weight * giving_units(post)
            if post.kind is PostKind.RESHARE:
                reshares += units
            elif weighted_interaction(post) <= 0:  # a reply or quote nobody answered
                unanswered += units
            else:
                giving += units
        if not earns(post):
            continue
        on_focus = focus is not None and focus.matches(post)
        if focus_only and not on_focus:
            continue
        raw = weighted_interaction(post)
        counted = people.counted.get(post.post_id) if people else None
        then = judged(post.created_at)
        credit = credit_post(post, counted, then, channel.has_followers, channel.has_replies)
        if counted is not None and counted.has_empty:
            trusting = counted.trusting()
            unheld = credit_post(post, trusting, then, channel.has_followers, channel.has_replies)
            empty_held += weight * max(0.0, unheld.value - credit.value)
        if then < channel.followers and credit.value < sum(weighted_parts(post, counted)):
            full = credit_post(post, counted, channel.followers, True, channel.has_replies)
            held += weight * max(0.0, full.value - credit.value)
            lowest = then if lowest is None else min(lowest, then)
        earned.append(
            _Earned(weight * credit.value, weight * raw, weight * credit.plausible,
                    weight * credit.conversation, weight, on_focus, is_post(post))
        )  # fmt: skip
        if is_post(post):
            post_weight += weight
            posts += age <= WINDOW_DAYS
    capped = share_capped([e.value for e in earned], [min(e.value, e.plausible) for e in earned])
    received = sum(capped)
    earning = sum(  # each post earns as far as its own credited interaction goes
        min(e.weight, value / EARNING_POST)
        for value, e in zip(capped, earned, strict=True)
        if e.own
    )
    focus_received = sum(v for v, e in zip(capped, earned, strict=True) if e.on_focus)
    followers = max(0, channel.followers) if channel.has_followers else 0
    per_week = received / EFFECTIVE_WEEKS
    per_post = received / post_weight if post_weight > 0 else 0.0
    posts_per_week = post_weight / EFFECTIVE_WEEKS
    # no post carries more of the conversation than of the interaction it is part of
    conversation = sum(min(e.conversation, v) for v, e in zip(capped, earned, strict=True))
    talk_per_post = conversation / post_weight if post_weight > 0 else 0.0
    rate, level = _engagement_level(
        talk_per_post, followers, channel.has_followers, post_weight,
        conversation / EFFECTIVE_WEEKS,
    )  # fmt: skip
    audience = FOLLOWERS_PER_INTERACTION * per_week
    return ChannelMetrics(
        posts=posts,
        post_weight=post_weight,
        interaction_per_week=per_week,
        interaction_per_post=per_post,
        engagement_rate=rate,
        posts_per_week=posts_per_week,
        giving_per_week=giving_weight / EFFECTIVE_WEEKS,
        followers=followers,
        earning_posts_per_week=earning / EFFECTIVE_WEEKS,
        counted_followers=min(followers, audience + REACH_ALLOWANCE * min(1.0, per_week))
        if channel.has_followers
        else audience,
        engagement_level=level,
        giving_units_per_week=giving / EFFECTIVE_WEEKS,
        reshare_units_per_week=reshares / EFFECTIVE_WEEKS,
        unanswered_units_per_week=unanswered / EFFECTIVE_WEEKS,
        raw_interaction_per_week=sum(e.raw for e in earned) / EFFECTIVE_WEEKS,
        has_followers=channel.has_followers,
        focus_share=(focus_received / received if received > 0 else None)
        if focus is not None
        else None,
        people=people.people if people else 0,
        people_known=people.known if people else 0,
        people_credit=people.credit if people else 0.0,
        conversation_per_post=talk_per_post,
        audience_then=lowest or 0,
        empty_likes=people.empty if people else 0,
        empty_held_per_week=empty_held / EFFECTIVE_WEEKS,
        audience_held_per_week=held / EFFECTIVE_WEEKS,
    )


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

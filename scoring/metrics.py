"""One channel measured: the weighted quantities behind its part of the score.

What :func:`channel_metrics` measures of a channel over the last 90 days (each post weighted by
its age, scoring/ageing.py): the interaction its own posts received, as credited
(scoring/credit.py: against the audience each post had, scoring/audience.py, and as people), its
engagement, the followers its interaction shows are there, the posts that earn interaction, and
its giving. :mod:`scoring.model` pools these over a user's channels into the score. Pure; every
constant is named in docs/scoring.md.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import MISSING, dataclass, fields
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
from scoring.focus import FocusTopics

ENGAGEMENT_FULL_RATE = 0.2  # weighted interaction per post per follower for full points
ENGAGEMENT_FULL_PER_POST = 20.0  # without followers: weighted interaction per post for full points
ENGAGEMENT_MIN_AUDIENCE = 100  # a rate is not measured on an audience of a few friends
VOLUME_DECADES = 1.5  # engagement is trusted fully from 10^1.5 (about 31) weighted a week
#: followers counted per weighted interaction a week, at most (3.6; 5 in 3.0 to 3.5: an account
#: whose interaction showed more followers than it had could buy that many before linking, and
#: they opened more reach than they cost its engagement's rate: +0.7)
FOLLOWERS_PER_INTERACTION = 4.0
REACH_ALLOWANCE = 60.0  # ... plus these, once a channel receives one weighted interaction a week
EARNING_POST = 1.0  # weighted interaction that makes one post an "earning post"
#: What one act of giving is worth, in giving units: effort counts.
GIVING_UNITS: Mapping[str, float] = {"reply": 1.0, "quote": 0.5, "reshare": 0.1}
REPLY_QUALITY_FULL = 5.0  # weighted interaction on a reply that doubles its worth
_SECONDS_PER_DAY = 86_400.0
# the kinds as module constants: these tests run for every post of every score and what-if
_EARNING = (PostKind.OWN, PostKind.QUOTE)
_GIVING = (PostKind.REPLY, PostKind.RESHARE, PostKind.QUOTE)
_REPLY, _QUOTE, _RESHARE = PostKind.REPLY, PostKind.QUOTE, PostKind.RESHARE


def earns(post: Post) -> bool:
    """Whether the post's received interaction is the owner's own work: own posts and quotes.

    Reshares of others never are; what a reply to others receives counts toward the quality
    of giving instead (see :func:`giving_units`), not toward the per-post average.
    """
    return post.kind in _EARNING


def is_post(post: Post) -> bool:
    """Whether it counts as a post of one's own for activity and averages."""
    return post.kind in _EARNING and not post.in_thread


def is_giving(post: Post) -> bool:
    return post.kind in _GIVING


def giving_units(post: Post) -> float:
    """How much one act of giving is worth (reshares before the weekly cap).

    A reply others answer or like is worth up to twice as much: the quality of giving.
    """
    kind = post.kind
    if kind is _REPLY:
        return GIVING_UNITS["reply"] * (
            1.0 + min(1.0, weighted_interaction(post) / REPLY_QUALITY_FULL)
        )
    if kind is _QUOTE:
        return GIVING_UNITS["quote"]
    if kind is _RESHARE:
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
    account_id: str = ""  # its account on the platform: shown (its counts' words), never counted
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
    #: formula 3.5: where reach counted fewer followers than the interaction shows, because no
    #: post that received anything was made to more: the most one was (0: reach not held so)
    reach_then: int = 0

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ChannelMetrics:
        """Metrics as stored (of any formula version): unknown keys ignored, new ones defaulted."""
        known = {f.name: f for f in fields(cls)}
        given = {k: v for k, v in data.items() if k in known}
        required = {name: 0 for name, f in known.items() if f.default is MISSING}
        return cls(**{**required, **given})


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
    shown = 0  # formula 3.5: the most followers a post that received anything was made to
    # each post's age once: this loop runs for every channel of every score and what-if
    aged = [
        (p, age)
        for p in channel.posts
        if (age := (now - p.created_at).total_seconds() / _SECONDS_PER_DAY) <= HORIZON_DAYS
    ]
    people = None
    if channel.engagements:
        people = count_people([p for p, _ in aged if earns(p)], channel.engagements)
    earned: list[_Earned] = []
    # formula 3.3: the followers a post is judged against, those it had when posted
    judged = audiences(channel.follower_history if channel.has_followers else (), channel.followers)
    has_followers, has_replies, followers_now = (
        channel.has_followers, channel.has_replies, channel.followers
    )  # fmt: skip
    counted_by_post = people.counted if people else {}
    for post, age in aged:
        weight = age_weight(age)
        kind = post.kind
        if kind in _GIVING:
            giving_weight += weight
            if kind is _RESHARE:
                reshares += weight * GIVING_UNITS["reshare"]
            elif weighted_interaction(post) <= 0:  # a reply or quote nobody answered
                unanswered += weight * giving_units(post)
            else:
                giving += weight * giving_units(post)
        if kind not in _EARNING:
            continue
        on_focus = focus is not None and focus.matches(post)
        if focus_only and not on_focus:
            continue
        raw = weighted_interaction(post)
        counted = counted_by_post.get(post.post_id)
        then = judged(post.created_at)
        credit = credit_post(post, counted, then, has_followers, has_replies)
        value = credit.value
        if counted is not None and counted.has_empty:
            trusting = counted.trusting()
            unheld = credit_post(post, trusting, then, has_followers, has_replies)
            empty_held += weight * max(0.0, unheld.value - value)
        if then < followers_now and value < sum(weighted_parts(post, counted)):
            full = credit_post(post, counted, followers_now, True, has_replies)
            held += weight * max(0.0, full.value - value)
            lowest = then if lowest is None else min(lowest, then)
        if value > 0 and then > shown:
            shown = then
        own = not post.in_thread  # is_post: an earning kind, not a thread's continuation
        earned.append(
            _Earned(weight * value, weight * raw, weight * credit.plausible,
                    weight * credit.conversation, weight, on_focus, own)
        )  # fmt: skip
        if own:
            post_weight += weight
            posts += age <= WINDOW_DAYS
    capped = share_capped([e.value for e in earned], [min(e.value, e.plausible) for e in earned])
    received = earning = focus_received = conversation = raw_total = 0.0
    for value, e in zip(capped, earned, strict=True):  # one pass: sums in the posts' order
        received += value
        if e.own:  # each post earns as far as its own credited interaction goes
            earning += min(e.weight, value / EARNING_POST)
        if e.on_focus:
            focus_received += value
        # no post carries more of the conversation than of the interaction it is part of
        conversation += min(e.conversation, value)
        raw_total += e.raw
    followers = max(0, channel.followers) if channel.has_followers else 0
    per_week = received / EFFECTIVE_WEEKS
    per_post = received / post_weight if post_weight > 0 else 0.0
    posts_per_week = post_weight / EFFECTIVE_WEEKS
    talk_per_post = conversation / post_weight if post_weight > 0 else 0.0
    rate, level = _engagement_level(
        talk_per_post, followers, channel.has_followers, post_weight,
        conversation / EFFECTIVE_WEEKS,
    )  # fmt: skip
    audience = FOLLOWERS_PER_INTERACTION * per_week
    # the followers the interaction shows are there; 3.5: no more than a post was made to
    shows = min(followers, audience + REACH_ALLOWANCE * min(1.0, per_week))
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
        counted_followers=min(shown, shows) if channel.has_followers else audience,
        engagement_level=level,
        giving_units_per_week=giving / EFFECTIVE_WEEKS,
        reshare_units_per_week=reshares / EFFECTIVE_WEEKS,
        unanswered_units_per_week=unanswered / EFFECTIVE_WEEKS,
        raw_interaction_per_week=raw_total / EFFECTIVE_WEEKS,
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
        reach_then=shown if channel.has_followers and shown < shows else 0,
    )

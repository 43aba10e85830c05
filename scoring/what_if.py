"""Advice as a change to the future, so that the model itself prices it. Pure.

A user's channels are projected forward from today: each keeps its habit (posts a week, what
a post earns, replies to others a week, measured over the last 90 days), and the real history
ages as time passes. An :class:`Action` changes that future only: extra posts, extra replies
to others, or future posts that earn more (moved to a better hour, with a picture). What a
tip promises is the model's score with the action minus the score without it, at a stated
horizon (28 and 90 days): not a steady state the user would reach only after months.
"""

from __future__ import annotations

import dataclasses
import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from scoring.channel_data import Post, PostKind
from scoring.focus import FocusTopics
from scoring.model import ChannelInput, compute_score, is_giving, is_post

#: The horizons a tip's promise is stated at, in days: "after a month", "after three months".
HORIZONS = (28, 90)
#: The days of history a habit is measured over.
HABIT_DAYS = 90


@dataclass(frozen=True, slots=True)
class Habit:
    """What a channel does in a typical week, and what a typical own post earns."""

    posts_per_week: float
    likes: float
    reshares: float
    replies: float
    quotes: float
    replies_to_others_per_week: float
    reshares_per_week: float
    quotes_per_week: float


def _typical(values: Sequence[float]) -> float:
    """The mean, without the single largest value once there are five or more: one viral
    post is not what the next posts will earn."""
    ordered = sorted(values)
    if len(ordered) >= 5:
        ordered = ordered[:-1]
    return statistics.fmean(ordered) if ordered else 0.0


def habit(channel: ChannelInput, now: datetime, days: int = HABIT_DAYS) -> Habit:
    since = now - timedelta(days=days)
    recent = [p for p in channel.posts if since <= p.created_at <= now]
    own = [p for p in recent if is_post(p)]
    weeks = days / 7

    def per_week(kind: PostKind) -> float:
        return sum(1 for p in recent if p.kind is kind) / weeks

    return Habit(
        posts_per_week=len(own) / weeks,
        likes=_typical([p.likes for p in own]),
        reshares=_typical([p.reshares for p in own]),
        replies=_typical([p.replies for p in own]),
        quotes=_typical([p.quotes for p in own]),
        replies_to_others_per_week=per_week(PostKind.REPLY),
        reshares_per_week=per_week(PostKind.RESHARE),
        quotes_per_week=sum(1 for p in recent if p.kind is PostKind.QUOTE and is_giving(p)) / weeks,
    )


@dataclass(frozen=True, slots=True)
class Action:
    """A change to the future of one channel (``channel_id``):

    - ``posts_per_week`` more own posts, each earning ``likes`` … ``quotes``
      (with ``excerpt`` and ``hashtags``, so focus topics can match them);
    - ``replies_per_week`` more replies to others;
    - its future posts earning ``boost`` times what they would (a better hour, a picture).
    """

    channel_id: int
    posts_per_week: float = 0.0
    likes: float = 0.0
    reshares: float = 0.0
    replies: float = 0.0
    quotes: float = 0.0
    excerpt: str = ""
    hashtags: tuple[str, ...] = ()
    replies_per_week: float = 0.0
    boost: float = 1.0


def moments(per_week: float, start: datetime, days: float) -> list[datetime]:
    """Evenly spaced moments, ``per_week`` a week, over the ``days`` after ``start``."""
    if per_week <= 0:
        return []
    step = 7 / per_week
    count = int(days / step + 0.5)
    return [
        start + timedelta(days=step * (i + 0.5)) for i in range(count) if step * (i + 0.5) < days
    ]


def _counts(total: float, index: int) -> int:
    """The ``index``-th of a run of posts each earning ``total`` on average, as whole numbers
    whose running sum follows the average (0.4 a post: 0, 1, 0, 0, 1, …)."""
    return math.floor(total * (index + 1) + 0.5) - math.floor(total * index + 0.5)


def _future(
    channel: ChannelInput, now: datetime, days: float, base: Habit, action: Action | None
) -> ChannelInput:
    mine = action is not None and action.channel_id == channel.channel_id
    boost = action.boost if mine and action is not None else 1.0
    posts = list(channel.posts)
    for i, moment in enumerate(moments(base.posts_per_week, now, days)):
        posts.append(
            Post(
                f"future-{channel.channel_id}-{i}", moment, PostKind.OWN,
                likes=_counts(base.likes * boost, i), reshares=_counts(base.reshares * boost, i),
                replies=_counts(base.replies * boost, i), quotes=_counts(base.quotes * boost, i),
            )
        )  # fmt: skip
    advised = action.replies_per_week if mine and action is not None else 0.0
    gives = [
        (PostKind.REPLY, base.replies_to_others_per_week + advised),
        (PostKind.RESHARE, base.reshares_per_week),
    ]
    for kind, rate in gives:
        for i, moment in enumerate(moments(rate, now, days)):
            posts.append(Post(f"future-{kind.value}-{channel.channel_id}-{i}", moment, kind))
    if mine and action is not None and action.posts_per_week > 0:
        for i, moment in enumerate(moments(action.posts_per_week, now + timedelta(hours=5), days)):
            posts.append(
                Post(
                    f"advised-{channel.channel_id}-{i}", moment, PostKind.OWN,
                    likes=_counts(action.likes, i), reshares=_counts(action.reshares, i),
                    replies=_counts(action.replies, i), quotes=_counts(action.quotes, i),
                    excerpt=action.excerpt, hashtags=action.hashtags,
                )
            )  # fmt: skip
    return dataclasses.replace(channel, posts=posts)


def projected(
    channels: Sequence[ChannelInput],
    now: datetime,
    days: float,
    habits: dict[int, Habit],
    action: Action | None = None,
) -> list[ChannelInput]:
    """The channels ``days`` after ``now`` if every one keeps its habit (and ``action`` is
    followed from today on)."""
    return [
        _future(c, now, days, habits[c.channel_id], action) if c.channel_id in habits else c
        for c in channels
    ]


def gain(
    channels: Sequence[ChannelInput],
    now: datetime,
    habits: dict[int, Habit],
    action: Action,
    *,
    focus: FocusTopics | None = None,
    focus_only: bool = False,
) -> tuple[float, ...]:
    """What following ``action`` from today adds to the score at each of :data:`HORIZONS`."""
    found = []
    for days in HORIZONS:
        at = now + timedelta(days=days)
        kept = compute_score(
            projected(channels, now, days, habits), at, focus=focus, focus_only=focus_only
        )
        done = compute_score(
            projected(channels, now, days, habits, action), at, focus=focus, focus_only=focus_only
        )
        found.append(round(done.value - kept.value, 1))
    return tuple(found)

"""What every tip is made of: the :class:`Tip` itself, and the :class:`Context` each kind of
tip reads (the inputs, the moment, each channel's habit) with the model's what-if that puts the
numbers on it (:func:`scoring.what_if.gain`). Pure; the kinds are in :mod:`scoring.tips` and
:mod:`scoring.tips_measured`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from scoring.channel_data import Post
from scoring.credit import weighted_interaction
from scoring.focus import FocusTopics
from scoring.model import ChannelInput, is_post
from scoring.what_if import HABIT_DAYS, Action, Habit, gain


@dataclass(frozen=True, slots=True)
class Tip:
    """One piece of advice: its kind, its promise at three months (``impact``, by which tips
    are ranked), its numbers (the promise at a month is ``soon``), and its action."""

    kind: str
    impact: float
    numbers: Mapping[str, str | int | float] = field(default_factory=dict)
    action: Action | None = None

    @property
    def key(self) -> tuple[str, int]:
        """What the tip asks to do, and where: tips with one key are one tip."""
        action = self.action
        if action is None:
            return (self.kind, 0)
        if action.replies_per_week > 0:
            return ("reply", action.channel_id)
        if action.posts_per_week > 0:
            return ("post", action.channel_id)
        return (self.kind, action.channel_id)


def recent(posts: Sequence[Post], now: datetime, days: int) -> list[Post]:
    since = now - timedelta(days=days)
    return [p for p in posts if since <= p.created_at <= now + timedelta(days=1)]


@dataclass(frozen=True, slots=True)
class Context:
    """What every tip reads: the inputs, the moment, the focus, each channel's habit."""

    channels: Sequence[ChannelInput]
    now: datetime
    focus: FocusTopics | None
    focus_only: bool
    habits: dict[int, Habit]

    @property
    def counting(self) -> list[ChannelInput]:
        return [c for c in self.channels if c.weight > 0]

    def posts_of(self, channel: ChannelInput, days: int = HABIT_DAYS) -> list[Post]:
        return [p for p in recent(channel.posts, self.now, days) if is_post(p)]

    def tip(self, kind: str, action: Action, numbers: Mapping[str, str | int | float]) -> Tip:
        soon, later = gain(
            self.channels,
            self.now,
            self.habits,
            action,
            focus=self.focus,
            focus_only=self.focus_only,
        )
        return Tip(kind, later, {**numbers, "soon": soon, "later": later}, action)

    def giving_channels(self) -> list[ChannelInput]:
        return [c for c in self.counting if c.records_giving]

    def strongest(self, among: Sequence[ChannelInput]) -> ChannelInput:
        """The channel whose posts earn most interaction a week (the first at a tie)."""
        return max(
            among,
            key=lambda c: (sum(weighted_interaction(p) for p in self.posts_of(c)), -c.channel_id),
        )


def named(channel: ChannelInput) -> dict[str, str | int]:
    return {
        "channel": channel.label,
        "platform": channel.platform,
        "channel_id": channel.channel_id,
    }


def more_posts(ctx: Context, channel: ChannelInput, per_week: float = 1.0) -> Action:
    h = ctx.habits[channel.channel_id]
    return Action(
        channel.channel_id, per_week, h.likes, h.reshares, h.replies, h.quotes
    )  # fmt: skip

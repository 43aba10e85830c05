"""When to speak up: notable changes worth a message. Pure; state in, triggers and state out.

The state remembers what was already said (the score last alerted, posts and milestones
already celebrated, outages already reported), so a trigger is reported once. A fetch failure
never moves a score, and only scores of the same formula version are compared, so neither can
cause a score alert.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from scoring.channel_data import Post
from scoring.credit import weighted_interaction
from scoring.model import ChannelInput, is_post

MILESTONES = (
    50,
    100,
    250,
    500,
    1_000,
    2_500,
    5_000,
    10_000,
    25_000,
    50_000,
    100_000,
    250_000,
    500_000,
    1_000_000,
)
VIRAL_FACTOR = 2.0
MIN_POSTS_FOR_AVERAGE = 3
OUTAGE = timedelta(days=1)
REMEMBERED_POSTS = 200
#: A "new 90-day high" compares scores of the same channels: after the user linked or
#: unlinked one, the scores since then must cover this long before a high means anything.
HIGH_SETTLES_AFTER = timedelta(days=7)


class TriggerKind(StrEnum):
    SCORE_MOVE = "score_move"
    NEW_HIGH = "new_high"
    VIRAL_POST = "viral_post"
    MILESTONE = "milestone"
    OUTAGE = "outage"


@dataclass(frozen=True, slots=True)
class Trigger:
    kind: TriggerKind
    numbers: Mapping[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind.value, "numbers": dict(self.numbers)}

    @classmethod
    def from_json(cls, data: Any) -> Trigger | None:
        """A stored trigger, or None for one of a kind this version no longer knows."""
        if not isinstance(data, Mapping) or data.get("kind") not in set(TriggerKind):
            return None
        numbers = data.get("numbers")
        return cls(TriggerKind(data["kind"]), dict(numbers) if isinstance(numbers, Mapping) else {})


@dataclass(frozen=True, slots=True)
class AlertMemory:
    """What was already said: the score last alerted (of its formula version), posts already
    celebrated, each channel's last milestone, channels whose outage was reported."""

    score: float | None = None
    version: str | None = None
    posts: tuple[str, ...] = ()
    milestones: Mapping[str, int] = field(default_factory=dict)
    outages: tuple[int, ...] = ()
    #: when the user last changed what counts (a rebase): highs are measured from then on
    based_at: datetime | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "score": self.score,
            "version": self.version,
            "posts": list(self.posts),
            "milestones": dict(self.milestones),
            "outages": list(self.outages),
            "based_at": self.based_at.isoformat() if self.based_at else None,
        }

    def highs_since(self, now: datetime) -> datetime:
        """From when a "new 90-day high" is measured: 90 days, or since the last change."""
        window = now - timedelta(days=90)
        return max(window, self.based_at) if self.based_at else window

    @classmethod
    def from_json(cls, data: Any) -> AlertMemory:
        """The stored memory; whatever is missing or malformed starts afresh."""
        if not isinstance(data, Mapping):
            return cls()
        score, version = data.get("score"), data.get("version")
        posts, milestones, outages = data.get("posts"), data.get("milestones"), data.get("outages")
        based = data.get("based_at")
        try:
            based_at = datetime.fromisoformat(based) if isinstance(based, str) else None
        except ValueError:
            based_at = None
        return cls(
            score=float(score) if isinstance(score, int | float) else None,
            version=version if isinstance(version, str) else None,
            posts=tuple(str(p) for p in posts) if isinstance(posts, list) else (),
            milestones={str(k): int(v) for k, v in milestones.items() if isinstance(v, int)}
            if isinstance(milestones, Mapping)
            else {},
            outages=tuple(int(o) for o in outages if isinstance(o, int))
            if isinstance(outages, list)
            else (),
            based_at=based_at,
        )

    def rebase(
        self, *, score: float, version: str, channels: Sequence[ChannelInput], now: datetime
    ) -> AlertMemory:
        """After the user changed what counts (linked, unlinked, reweighted, refocused): the
        new score is the baseline, posts already far above the usual count as told, and each
        channel's milestone as reached, so the user's own change is never an alert. Outages
        are the channels' own business and stay as they are."""
        posts = list(self.posts)
        posts += [key for key, *_ in _viral(channels, now) if key not in posts]
        milestones = dict(self.milestones)
        for channel in channels:
            milestones.setdefault(str(channel.channel_id), _milestone(channel.followers))
        return dataclasses.replace(
            self,
            score=score,
            version=version,
            posts=tuple(posts[-REMEMBERED_POSTS:]),
            milestones=milestones,
            based_at=now,
        )


@dataclass(frozen=True, slots=True)
class ChannelHealth:
    channel_id: int
    label: str
    platform: str
    failing_since: datetime | None  # last success (or link time) when the channel is failing


def _milestone(followers: int) -> int:
    reached = [m for m in MILESTONES if followers >= m]
    return reached[-1] if reached else 0


def _viral(
    channels: Sequence[ChannelInput], now: datetime
) -> Iterator[tuple[str, ChannelInput, Post, float, float]]:
    """(key, channel, post, value, average) of each post of the last 30 days far above its
    channel's average."""
    since = now - timedelta(days=30)
    for channel in channels:
        if channel.weight <= 0:
            continue
        own = [p for p in channel.posts if is_post(p) and p.created_at >= since]
        if len(own) < MIN_POSTS_FOR_AVERAGE:
            continue
        average = sum(weighted_interaction(p) for p in own) / len(own)
        for post in own:
            value = weighted_interaction(post)
            if average > 0 and value > VIRAL_FACTOR * average:
                yield f"{channel.channel_id}:{post.post_id}", channel, post, value, average


def decide(
    memory: AlertMemory,
    *,
    score: float,
    version: str,
    high_90d: float | None,
    threshold: float,
    channels: Sequence[ChannelInput],
    health: Sequence[ChannelHealth],
    now: datetime,
) -> tuple[list[Trigger], AlertMemory]:
    """Triggers worth one message now, and the memory to keep once that message is sent."""
    triggers: list[Trigger] = []
    last, last_version = memory.score, memory.version
    new_score, new_version = last, last_version
    if last is None or last_version != version:
        new_score, new_version = score, version  # a baseline, never an alert
    elif abs(score - last) >= threshold:
        triggers.append(Trigger(TriggerKind.SCORE_MOVE, {"before": last, "after": score}))
        new_score = score
    settled = memory.based_at is None or now - memory.based_at >= HIGH_SETTLES_AFTER
    if (
        settled
        and high_90d is not None
        and last is not None
        and last_version == version
        and score > high_90d
    ):
        triggers.append(Trigger(TriggerKind.NEW_HIGH, {"score": score, "previous_high": high_90d}))

    posts = list(memory.posts)
    for key, channel, post, value, average in _viral(channels, now):
        if key in posts:
            continue
        posts.append(key)
        if post.created_at >= now - timedelta(days=7):
            numbers = {
                "channel": channel.label,
                "platform": channel.platform,
                "excerpt": post.excerpt,
                "url": post.url,
                "value": value,
                "average": round(average, 1),
            }
            triggers.append(Trigger(TriggerKind.VIRAL_POST, numbers))
    milestones = dict(memory.milestones)
    for channel in channels:
        if channel.weight <= 0:
            continue
        reached, key = _milestone(channel.followers), str(channel.channel_id)
        if key not in milestones:
            milestones[key] = reached  # first sight: a baseline
        elif reached > milestones[key]:
            milestones[key] = reached
            numbers = {"channel": channel.label, "platform": channel.platform, "followers": reached}
            triggers.append(Trigger(TriggerKind.MILESTONE, numbers))

    failing_now = set()
    for item in health:
        if item.failing_since is not None and now - item.failing_since > OUTAGE:
            failing_now.add(item.channel_id)
            if item.channel_id not in memory.outages:
                numbers = {
                    "channel": item.label,
                    "platform": item.platform,
                    "since": item.failing_since.isoformat(),
                }
                triggers.append(Trigger(TriggerKind.OUTAGE, numbers))
    if triggers:
        new_score, new_version = score, version  # the next move is measured from here
    return triggers, AlertMemory(
        score=new_score,
        version=new_version,
        posts=tuple(posts[-REMEMBERED_POSTS:]),
        milestones=milestones,
        outages=tuple(sorted(failing_now)),
        based_at=memory.based_at,
    )

"""When to speak up: notable changes worth a message. Pure; state in, triggers and state out.

The state remembers what was already said (the score last alerted, posts and milestones
already celebrated, outages already reported), so a trigger is reported once. A fetch failure
never moves a score, and only scores of the same formula version are compared, so neither can
cause a score alert.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from scoring.model import ChannelInput, is_post, weighted_interaction

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


@dataclass(frozen=True, slots=True)
class Trigger:
    kind: str  # score_move, new_high, viral_post, milestone, outage
    numbers: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ChannelHealth:
    channel_id: int
    label: str
    platform: str
    failing_since: datetime | None  # last success (or link time) when the channel is failing


def _milestone(followers: int) -> int:
    reached = [m for m in MILESTONES if followers >= m]
    return reached[-1] if reached else 0


def decide(
    *,
    state: Mapping[str, Any],
    score: float,
    version: str,
    high_90d: float | None,
    threshold: float,
    channels: Sequence[ChannelInput],
    health: Sequence[ChannelHealth],
    now: datetime,
) -> tuple[list[Trigger], dict[str, Any]]:
    """Triggers worth one message now, and the state to keep once that message is sent."""
    triggers: list[Trigger] = []
    new_state: dict[str, Any] = {
        "score": state.get("score"),
        "version": state.get("version"),
        "posts": list(state.get("posts", [])),
        "milestones": dict(state.get("milestones", {})),
        "outages": list(state.get("outages", [])),
    }
    last, last_version = state.get("score"), state.get("version")
    if last is None or last_version != version:
        new_state.update(score=score, version=version)  # a baseline, never an alert
    elif abs(score - float(last)) >= threshold:
        triggers.append(Trigger("score_move", {"before": float(last), "after": score}))
        new_state.update(score=score)
    if high_90d is not None and last is not None and last_version == version and score > high_90d:
        triggers.append(Trigger("new_high", {"score": score, "previous_high": high_90d}))

    since = now - timedelta(days=30)
    for channel in channels:
        if channel.weight <= 0:
            continue
        own = [p for p in channel.posts if is_post(p) and p.created_at >= since]
        if len(own) >= MIN_POSTS_FOR_AVERAGE:
            average = sum(weighted_interaction(p) for p in own) / len(own)
            for post in own:
                key = f"{channel.channel_id}:{post.post_id}"
                value = weighted_interaction(post)
                if key not in new_state["posts"] and average > 0 and value > VIRAL_FACTOR * average:
                    new_state["posts"].append(key)
                    if post.created_at >= now - timedelta(days=7):
                        triggers.append(
                            Trigger(
                                "viral_post",
                                {
                                    "channel": channel.label,
                                    "excerpt": post.excerpt,
                                    "url": post.url,
                                    "value": value,
                                    "average": round(average, 1),
                                },
                            )
                        )
        reached = _milestone(channel.followers)
        key = str(channel.channel_id)
        previous = int(new_state["milestones"].get(key, 0))
        if key not in new_state["milestones"]:
            new_state["milestones"][key] = reached  # first sight: a baseline
        elif reached > previous:
            new_state["milestones"][key] = reached
            triggers.append(Trigger("milestone", {"channel": channel.label, "followers": reached}))
    new_state["posts"] = new_state["posts"][-REMEMBERED_POSTS:]

    failing_now = set()
    for item in health:
        if item.failing_since is not None and now - item.failing_since > OUTAGE:
            failing_now.add(item.channel_id)
            if item.channel_id not in new_state["outages"]:
                triggers.append(
                    Trigger(
                        "outage",
                        {
                            "channel": item.label,
                            "platform": item.platform,
                            "since": item.failing_since.isoformat(),
                        },
                    )
                )
    new_state["outages"] = sorted(failing_now)
    if triggers:
        new_state.update(score=score, version=version)  # the next move is measured from here
    return triggers, new_state

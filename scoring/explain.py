"""Explanations: the ledger behind a score, the posts that moved it, the best posts. Pure."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from typing import Any

from scoring.channel_data import Post
from scoring.model import (
    ChannelInput,
    ChannelMetrics,
    ChannelScore,
    Score,
    age_weight,
    earns,
    weighted_interaction,
)


@dataclass(frozen=True, slots=True)
class RankedPost:
    """A post with the channel it belongs to and the number it is ranked by."""

    channel_label: str
    platform: str
    post: Post
    value: float


def _window(
    channels: Sequence[ChannelInput], now: datetime, days: int
) -> list[tuple[ChannelInput, Post]]:
    since = now - timedelta(days=days)
    return [
        (channel, post)
        for channel in channels
        if channel.weight > 0
        for post in channel.posts
        if since <= post.created_at and earns(post)
    ]


def top_posts(
    channels: Sequence[ChannelInput], now: datetime, days: int, limit: int = 5
) -> list[RankedPost]:
    """The posts of the last ``days`` with the most weighted interaction received."""
    ranked = [
        RankedPost(c.label, c.platform, p, weighted_interaction(p))
        for c, p in _window(channels, now, days)
        if weighted_interaction(p) > 0
    ]
    ranked.sort(key=lambda r: (-r.value, -r.post.created_at.timestamp(), r.post.post_id))
    return ranked[:limit]


def movers(
    channels: Sequence[ChannelInput], now: datetime, days: int, limit: int = 3
) -> list[RankedPost]:
    """The posts of the last ``days`` that weigh most in the score today (interaction x age)."""
    ranked = [
        RankedPost(
            c.label,
            c.platform,
            p,
            weighted_interaction(p) * age_weight((now - p.created_at).total_seconds() / 86400),
        )
        for c, p in _window(channels, now, days)
    ]
    ranked = [r for r in ranked if r.value > 0]
    ranked.sort(key=lambda r: (-r.value, r.post.post_id))
    return ranked[:limit]


def score_from_breakdown(data: dict[str, Any]) -> Score:
    """The :class:`Score` a stored breakdown describes (the inverse of :func:`breakdown`)."""
    return Score(
        value=float(data["value"]),
        version=str(data["version"]),
        channels=tuple(
            ChannelScore(
                channel_id=int(c["channel_id"]),
                platform=str(c["platform"]),
                label=str(c["label"]),
                weight=int(c["weight"]),
                points=float(c["points"]),
                contribution=float(c["contribution"]),
                components={k: float(v) for k, v in c["components"].items()},
                metrics=ChannelMetrics(**c["metrics"]),
                stale=bool(c["stale"]),
            )
            for c in data["channels"]
        ),
    )


def breakdown(score: Score) -> dict[str, Any]:
    """The score as plain JSON-ready data: what is stored with every score."""
    return {
        "value": score.value,
        "version": score.version,
        "components": {k: round(v, 3) for k, v in score.components.items()},
        "channels": [
            {
                "channel_id": c.channel_id,
                "platform": c.platform,
                "label": c.label,
                "weight": c.weight,
                "points": c.points,
                "contribution": round(c.contribution, 3),
                "components": {k: round(v, 3) for k, v in c.components.items()},
                "metrics": {
                    k: round(v, 4) if isinstance(v, float) else v
                    for k, v in asdict(c.metrics).items()
                },
                "stale": c.stale,
            }
            for c in score.channels
        ],
    }

"""Explanations: the ledger behind a score, the posts that moved it, the best posts. Pure."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from scoring.ageing import age_weight
from scoring.channel_data import Post, PostKind
from scoring.credit import weighted_interaction
from scoring.model import (
    COMPONENTS,
    ChannelInput,
    ChannelMetrics,
    ChannelScore,
    Score,
    earns,
)
from scoring.sources.manual import post_prefix, report_moment
from scoring.sources.registry import is_self_reported


@dataclass(frozen=True, slots=True)
class RankedPost:
    """A post with the channel it belongs to and the number it is ranked by."""

    channel_label: str
    platform: str
    post: Post
    value: float
    account_id: str = ""  # the channel's account on the platform (the words its counts are in)


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


def _posts(
    channels: Sequence[ChannelInput], now: datetime, days: int, reported: bool
) -> list[tuple[ChannelInput, Post]]:
    """:func:`_window`'s posts, a self-reported network's as one "post" a report (its week's
    counts, at the moment it was reported: ``post_id`` "report-SECONDS"), or left out: they
    are the owner's weekly numbers shared out, not posts anyone can open."""
    found = []
    weeks: dict[tuple[int, datetime], tuple[ChannelInput, list[Post]]] = {}
    for c, p in _window(channels, now, days):
        if not is_self_reported(c.platform):
            found.append((c, p))
        elif reported and (moment := report_moment(p.post_id)) is not None:
            weeks.setdefault((c.channel_id, moment), (c, []))[1].append(p)
    for (_, moment), (c, posts) in weeks.items():
        week = Post(
            post_prefix(moment).removesuffix("-"), moment, PostKind.OWN,
            likes=sum(p.likes for p in posts), replies=sum(p.replies for p in posts),
            reshares=sum(p.reshares for p in posts),
        )  # fmt: skip
        found.append((c, week))
    return found


def reported_nothing(channel: ChannelScore) -> bool:
    """Whether a self-reported channel has no numbers to count: no report in the window (its
    "0.0 points" would read as a week without interaction)."""
    metrics = channel.metrics
    return is_self_reported(channel.platform) and not (metrics.posts or metrics.followers)


def top_posts(
    channels: Sequence[ChannelInput],
    now: datetime,
    days: int,
    limit: int = 5,
    keep: Callable[[Post], bool] | None = None,
    *,
    reported: bool = False,
) -> list[RankedPost]:
    """The posts of the last ``days`` with the most weighted interaction received (of those
    ``keep`` accepts, e.g. the focus posts); with ``reported``, each report of a
    self-reported network as one (:func:`_posts`)."""
    ranked = [
        RankedPost(c.label, c.platform, p, weighted_interaction(p), c.account_id)
        for c, p in _posts(channels, now, days, reported)
        if weighted_interaction(p) > 0 and (keep is None or keep(p))
    ]
    ranked.sort(key=lambda r: (-r.value, -r.post.created_at.timestamp(), r.post.post_id))
    return ranked[:limit]


def movers(
    channels: Sequence[ChannelInput],
    now: datetime,
    days: int,
    limit: int = 3,
    *,
    reported: bool = True,
) -> list[RankedPost]:
    """The posts of the last ``days`` that weigh most in the score today (interaction x age),
    each report of a self-reported network as one (or, without ``reported``, left out)."""
    ranked = [
        RankedPost(
            c.label,
            c.platform,
            p,
            weighted_interaction(p) * age_weight((now - p.created_at).total_seconds() / 86400),
            c.account_id,
        )
        for c, p in _posts(channels, now, days, reported)
    ]
    ranked = [r for r in ranked if r.value > 0]
    ranked.sort(key=lambda r: (-r.value, r.post.post_id))
    return ranked[:limit]


def score_from_breakdown(data: Mapping[str, Any]) -> Score:
    """The :class:`Score` a stored breakdown describes (the inverse of :func:`breakdown`).

    Tolerant of the rows already stored by earlier versions: a missing field takes its
    default, a channel without an id or a contribution is left out.
    """
    channels = data.get("channels")
    return Score(
        value=float(data.get("value", 0.0)),
        version=str(data.get("version", "")),
        channels=tuple(
            ChannelScore(
                channel_id=int(c["channel_id"]),
                platform=str(c.get("platform", "")),
                label=str(c.get("label", "")),
                weight=int(c.get("weight", 1)),
                points=float(c.get("points", 0.0)),
                contribution=float(c["contribution"]),
                components={
                    name: float((c.get("components") or {}).get(name, 0.0)) for name in COMPONENTS
                },
                metrics=ChannelMetrics.from_json(c.get("metrics") or {}),
                stale=bool(c.get("stale", False)),
            )
            for c in (channels if isinstance(channels, list) else [])
            if isinstance(c, Mapping) and "channel_id" in c and "contribution" in c
        ),
        mode=str(data.get("mode", "all")),
        focus_share=None if data.get("focus_share") is None else float(data["focus_share"]),
    )


@dataclass(frozen=True, slots=True)
class ScoreRecord:
    """What is stored with every score: its breakdown, and for a score kept through an outage
    the moment of the last good data it was evaluated at (``data_at``)."""

    score: Score
    data_at: datetime | None = None

    def to_json(self) -> dict[str, Any]:
        data = breakdown(self.score)
        if self.data_at is not None:
            data["data_at"] = self.data_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        return data

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ScoreRecord:
        moment = data.get("data_at")
        return cls(
            score_from_breakdown(data),
            datetime.fromisoformat(moment) if isinstance(moment, str) else None,
        )


def breakdown(score: Score) -> dict[str, Any]:
    """The score as plain JSON-ready data: what is stored with every score."""
    return {
        "value": score.value,
        "version": score.version,
        "mode": score.mode,
        "focus_share": None if score.focus_share is None else round(score.focus_share, 4),
        "components": {k: round(v, 3) for k, v in score.components.items()},
        "channels": [
            {
                "channel_id": c.channel_id,
                "platform": c.platform,
                "label": c.label,
                "weight": c.weight,
                "points": c.points,
                "contribution": round(c.contribution, 6),
                "components": {k: round(v, 6) for k, v in c.components.items()},
                "metrics": {
                    k: round(v, 6) if isinstance(v, float) else v
                    for k, v in asdict(c.metrics).items()
                },
                "stale": c.stale,
            }
            for c in score.channels
        ],
    }


def largest_remainder(values: Sequence[float], total: float, places: int = 1) -> list[float]:
    """``values`` rounded to ``places`` decimals so that they add up exactly to ``total``.

    Each value is rounded down, then the units still missing go to the largest remainders
    (Hare's method), so the lines a user reads add up to the number shown. Values are scaled
    to ``total`` first, so a ledger below the floor of 1 still adds up.
    """
    unit = 10**places
    target = round(total * unit)
    whole = sum(values)
    scaled = [v * target / whole if whole > 0 else 0.0 for v in values]
    floors = [math.floor(v) for v in scaled]
    missing = target - sum(floors)
    order = sorted(range(len(values)), key=lambda i: (-(scaled[i] - floors[i]), i))
    for i in order[: max(0, missing)]:
        floors[i] += 1
    return [f / unit + 0.0 for f in floors]


@dataclass(frozen=True, slots=True)
class LedgerLine:
    """One channel's displayed part of the score, and its components, already rounded."""

    channel: ChannelScore
    contribution: float
    components: dict[str, float]


@dataclass(frozen=True, slots=True)
class Ledger:
    """What /why shows, in tenths: the channel lines and the floor add up to the score, and
    each channel's components add up to its line. ``floor`` is what the minimum score of 1
    adds when the channels bring less."""

    lines: tuple[LedgerLine, ...]
    floor: float


def ledger(score: Score) -> Ledger:
    counting = [c for c in score.channels if c.weight > 0 and c.contribution > 0]
    earned = min(score.value, round(sum(c.contribution for c in counting), 1))
    shown = largest_remainder([c.contribution for c in counting], earned)
    lines = []
    for channel, part in zip(counting, shown, strict=True):
        if part <= 0:
            continue
        parts = largest_remainder([channel.components[n] for n in COMPONENTS], part)
        lines.append(LedgerLine(channel, part, dict(zip(COMPONENTS, parts, strict=True))))
    return Ledger(tuple(lines), round(score.value - sum(shown), 1) + 0.0)

"""Computing a user's score from what is stored, and keeping the history of scores."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.charts import HistoryPoint
from bot.services import Services
from scoring.explain import breakdown
from scoring.model import HORIZON_DAYS, ChannelInput, Score, compute_score
from storage.channels import list_channels
from storage.scores import (
    StoredScore,
    latest_followers,
    posts_since,
    save_score,
    score_at,
    scores_since,
)


def channel_inputs(services: Services, user_id: int, now: datetime) -> list[ChannelInput]:
    """Every channel of the user as the model sees it: stored posts and latest followers."""
    since = now - timedelta(days=HORIZON_DAYS)
    db = services.db
    return [
        ChannelInput(
            channel_id=channel.id,
            platform=channel.platform,
            label=channel.label,
            weight=channel.weight,
            followers=latest_followers(db, channel.id),
            posts=posts_since(db, channel.id, since),
            stale=channel.status in ("stale", "error"),
            linked_at=channel.created_at,
        )
        for channel in list_channels(db, user_id)
    ]


@dataclass(frozen=True, slots=True)
class Current:
    """The score now, its inputs, and the scores 7 and 30 days ago to compare with."""

    score: Score
    inputs: list[ChannelInput]
    now: datetime
    week_ago: StoredScore | None
    month_ago: StoredScore | None

    def change(self, then: StoredScore | None) -> float | None:
        return None if then is None else round(self.score.value - then.value, 1)


def current_score(services: Services, user_id: int) -> Current:
    """Compute the score from stored data now (pure model, fast) with its comparisons."""
    now = services.now()
    inputs = channel_inputs(services, user_id, now)
    score = compute_score(inputs, now)
    return Current(
        score=score,
        inputs=inputs,
        now=now,
        week_ago=score_at(services.db, user_id, now - timedelta(days=7), score.version),
        month_ago=score_at(services.db, user_id, now - timedelta(days=30), score.version),
    )


def record_score(
    services: Services, user_id: int, inputs: list[ChannelInput] | None = None
) -> Score:
    """Compute and store the score (after a refresh or a weight change)."""
    now = services.now()
    score = compute_score(
        inputs if inputs is not None else channel_inputs(services, user_id, now), now
    )
    save_score(services.db, user_id, score.value, score.version, breakdown(score), now)
    return score


def history_points(services: Services, user_id: int, days: int = 90) -> list[HistoryPoint]:
    """Stored scores of the last ``days`` with each channel's contribution, for charts."""
    since = services.now() - timedelta(days=days)
    return [
        HistoryPoint(
            at=stored.computed_at,
            total=stored.value,
            channels={
                c["label"]: float(c["contribution"]) for c in stored.breakdown.get("channels", [])
            },
        )
        for stored in scores_since(services.db, user_id, since)
    ]

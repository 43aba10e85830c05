"""What goes into a weekly digest, gathered when it is planned (and kept with the message)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from bot.services import Services
from bot.use_cases.scores import current_score
from scoring.explain import top_posts
from scoring.model import Score
from storage.scores import scores_since
from storage.users import User

HISTORY_WEEKS = 8


def weekly_values(services: Services, user_id: int, now: datetime, like: Score) -> list[float]:
    """The last score of each of the past weeks, oldest first (weeks without a score skipped).

    Only scores comparable with ``like`` count: of its formula version and mode.
    """
    stored = scores_since(services.db, user_id, now - timedelta(weeks=HISTORY_WEEKS))
    values: dict[int, float] = {}
    for item in stored:
        if item.version != like.version or item.breakdown.get("mode", "all") != like.mode:
            continue
        week = int((now - item.computed_at).total_seconds() // (7 * 86400))
        values[week] = item.value  # later scores of the same week overwrite earlier ones
    return [values[week] for week in sorted(values, reverse=True)]


def digest_payload(services: Services, user: User) -> dict[str, Any] | None:
    """The digest's numbers, or None for a user with nothing to report (no channels)."""
    current = current_score(services, user.id)
    if not current.linked:
        return None
    score = current.score
    before = current.week_ago.breakdown if current.week_ago else None
    then = {c["channel_id"]: c["contribution"] for c in (before or {}).get("channels", [])}
    channels = [
        {
            "label": c.label,
            "platform": c.platform,
            "contribution": round(c.contribution, 1),
            "change": round(c.contribution - then[c.channel_id], 1)
            if c.channel_id in then
            else None,
            "stale": c.stale,
        }
        for c in score.channels
        if c.weight > 0
    ]
    best = top_posts(current.inputs, current.now, 7, 1)
    then_focus = (before or {}).get("focus_share")
    focus = (
        {
            "topics": ", ".join(current.options.focus.topics),
            "share": round(score.focus_share, 4),
            "change": None if then_focus is None else round(score.focus_share - then_focus, 4),
        }
        if score.focus_share is not None
        else None
    )
    tips = current.options.tips(current.inputs, current.now, user.zone)
    return {
        "score": score.value,
        "change": current.change(current.week_ago),
        "channels": channels,
        "best_post": {
            "excerpt": best[0].post.excerpt,
            "url": best[0].post.url,
            "platform": best[0].platform,
            "likes": best[0].post.likes,
            "reshares": best[0].post.reshares,
            "replies": best[0].post.replies,
        }
        if best
        else None,
        "tip": {"kind": tips[0].kind, "impact": tips[0].impact, "numbers": dict(tips[0].numbers)}
        if tips
        else None,
        "focus": focus,
        "history": [*weekly_values(services, user.id, current.now, score), score.value][
            -HISTORY_WEEKS:
        ],
    }

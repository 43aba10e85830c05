"""Steady patterns of posting: the moments a regular habit leaves over a window. Pure.

Used to turn a profile ("2 posts a week") or a piece of advice ("5 replies a week") into the
posts the model reads, so that what-if questions are answered by the model itself.
"""

from __future__ import annotations

from datetime import datetime, timedelta


def steady_moments(per_week: float, now: datetime, days: int = 90) -> list[datetime]:
    """Evenly spaced moments, ``per_week`` a week, over the ``days`` before ``now``."""
    if per_week <= 0 or 7 / per_week > days:
        return []
    step = timedelta(days=7 / per_week)
    moments, moment = [], now - step / 2
    while moment > now - timedelta(days=days):
        moments.append(moment)
        moment -= step
    return moments

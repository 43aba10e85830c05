"""Formula 3.3: a post is judged against the audience it had when it was posted.

A post's replies (and, where posts carry no reply counts, its likes) count in full up to what
its followers make plausible (:mod:`scoring.credit`). Followers who came after a post were not
its audience: bought ones least of all. So a post is judged against the followers the channel
had as its week began (the more of the counts at the end of each of the two weeks before: a
platform answering 0 once does not cut what a genuine post counts), never more than it has now
(a purge of bought followers lowers every post's). Followers gained during a week count from
the next week's posts on.

Weeks are the database's ('%Y-%W' in UTC: from Monday, the days of a year before its first
Monday a week of their own), and a week's last count is what storage/retention.py keeps of it
forever, so thinning old rows never changes a score. Without a history (a channel read once, a
reference profile, an export without snapshots) every post is judged against the followers
now, as in 3.2. Pure.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

#: (taken at, followers), in the order they were taken: the counts a channel's reads stored.
FollowerHistory = Sequence[tuple[datetime, int]]

#: How far before a post's week its audience is looked for (two weeks' ends).
LOOK_BACK = timedelta(days=15)


def week_start(moment: datetime) -> datetime:
    """The start of ``moment``'s week: Monday 00:00 UTC, or 1 January if that is later."""
    utc = moment.astimezone(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    return max(utc - timedelta(days=utc.weekday()), utc.replace(month=1, day=1))


def week_end(moment: datetime) -> datetime:
    """The start of the week after ``moment``'s."""
    start = week_start(moment)
    return min(
        start + timedelta(days=7 - start.weekday()),
        start.replace(year=start.year + 1, month=1, day=1),
    )


def audience_at(history: FollowerHistory, at: datetime, followers_now: int) -> int:
    """The followers a post made at ``at`` is judged against.

    The more of the last counts before its week began and before the week before began; for
    a post in or before the history's first week, that week's last count. Never more than
    ``followers_now``; ``followers_now`` without a history.
    """
    now = max(0, followers_now)
    if not history:
        return now
    times = [taken for taken, _ in history]
    start = week_start(at)
    before_start = bisect_left(times, start)
    if before_start == 0:  # the post is no later than the history's first week
        first_week = bisect_left(times, week_end(times[0]))
        return min(now, max(0, history[first_week - 1][1]))
    counts = [history[before_start - 1][1]]
    before_previous = bisect_left(times, week_start(start - timedelta(microseconds=1)))
    if before_previous > 0:
        counts.append(history[before_previous - 1][1])
    return min(now, max(0, max(counts)))

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
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, timedelta

#: (taken at, followers), in the order they were taken: the counts a channel's reads stored.
FollowerHistory = Sequence[tuple[datetime, int]]

#: How far before a post's week its audience is looked for (two weeks' ends).
LOOK_BACK = timedelta(days=15)

_SECONDS_PER_DAY = 86_400
_EPOCH = date(1970, 1, 1).toordinal()


def _week_start_day(day: int) -> int:
    """The first day (days since 1970-01-01, UTC) of ``day``'s week."""
    calendar = date.fromordinal(day + _EPOCH)
    return max(day - calendar.weekday(), date(calendar.year, 1, 1).toordinal() - _EPOCH)


def _day(moment: datetime) -> int:
    return int(moment.timestamp() // _SECONDS_PER_DAY)


def week_start(moment: datetime) -> datetime:
    """The start of ``moment``'s week: Monday 00:00 UTC, or 1 January if that is later."""
    return datetime.fromtimestamp(_week_start_day(_day(moment)) * _SECONDS_PER_DAY, UTC)


def week_end(moment: datetime) -> datetime:
    """The start of the week after ``moment``'s."""
    start = _week_start_day(_day(moment))
    end = start + 1
    while _week_start_day(end) == start:
        end += 1
    return datetime.fromtimestamp(end * _SECONDS_PER_DAY, UTC)


def audiences(history: FollowerHistory, followers_now: int) -> Callable[[datetime], int]:
    """For a channel, the followers a post made at a given moment is judged against.

    The more of the last counts before its week began and before the week before began; for
    a post in or before the history's first week, that week's last count. Never more than
    ``followers_now``; ``followers_now`` without a history. Posts of one week share the answer.
    """
    now = max(0, followers_now)
    if not history:
        return lambda at: now
    history = sorted(history, key=lambda row: row[0])  # stable: a moment's last stays last
    times = [taken.timestamp() for taken, _ in history]
    first_week = history[bisect_left(times, week_end(history[0][0]).timestamp()) - 1][1]
    by_week: dict[int, int] = {}

    def last_before(day: int) -> int:
        """How many counts were taken before the day began."""
        return bisect_left(times, day * _SECONDS_PER_DAY)

    def on(start: int) -> int:
        before_start = last_before(start)
        if before_start == 0:  # the post is no later than the history's first week
            return min(now, max(0, first_week))
        counts = [history[before_start - 1][1]]
        before_previous = last_before(_week_start_day(start - 1))
        if before_previous > 0:
            counts.append(history[before_previous - 1][1])
        return min(now, max(0, max(counts)))

    def at(moment: datetime) -> int:
        start = _week_start_day(_day(moment))
        if start not in by_week:
            by_week[start] = on(start)
        return by_week[start]

    return at


#: A follower jump worth telling the owner (/channels): this many more followers within
#: JUMP_WINDOW, and at least JUMP_SHARE more than the channel had before it.
JUMP_MIN = 100
JUMP_SHARE = 0.5
JUMP_WINDOW = timedelta(days=7)


def jumped(before: int | None, now: int | None) -> bool:
    """Whether the followers went from ``before`` to ``now`` in a jump: a bought audience, or a
    post that went viral. Either way the channel's earlier posts keep being judged against
    ``before`` (formula 3.3), which the owner should hear from us, not guess."""
    if before is None or now is None or before < 0:
        return False
    return now - before >= max(JUMP_MIN, JUMP_SHARE * before)

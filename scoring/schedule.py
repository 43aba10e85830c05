"""Pure time arithmetic for refreshes, digests and quiet hours (time is always passed in)."""

from __future__ import annotations

from datetime import datetime, timedelta, tzinfo

GOLDEN = 0.6180339887498949


def spread_offset(user_id: int, interval: timedelta) -> timedelta:
    """A stable offset within ``interval`` for this user: refreshes spread evenly, no burst."""
    fraction = (user_id * GOLDEN) % 1.0
    return timedelta(seconds=interval.total_seconds() * fraction)


def next_refresh(due: datetime, now: datetime, interval: timedelta, user_id: int) -> datetime:
    """When to refresh next after a refresh that was due at ``due`` and ran at ``now``.

    On schedule, exactly one interval later; after a long pause (the bot was down), back on
    the user's own slot within the next interval rather than everyone at once.
    """
    following = due + interval
    if following > now:
        return following
    start = now - timedelta(seconds=now.timestamp() % interval.total_seconds())
    slot = start + spread_offset(user_id, interval)
    return slot if slot > now else slot + interval


def digest_slot(day: int, hour: int, zone: tzinfo, at_or_before: datetime) -> datetime:
    """The latest local (weekday ``day``, ``hour``:00) at or before ``at_or_before``, in UTC.

    Computed in local wall time, so it stays at 09:00 across DST changes; an hour that does not
    exist on the day of a change (02:00–03:00 in spring) moves forward by the gap.
    """
    local = at_or_before.astimezone(zone)
    candidate_date = local.date() - timedelta(days=(local.weekday() - day) % 7)
    for weeks_back in (0, 1):
        date = candidate_date - timedelta(weeks=weeks_back)
        wall = datetime(date.year, date.month, date.day, hour, tzinfo=zone)
        moment = wall.astimezone(at_or_before.tzinfo)
        if moment <= at_or_before:
            return moment
    raise AssertionError("unreachable: a slot one week back is always earlier")


def next_digest(day: int, hour: int, zone: tzinfo, after: datetime) -> datetime:
    """The first local (weekday ``day``, ``hour``:00) strictly after ``after``."""
    slot = digest_slot(day, hour, zone, after)
    local_date = slot.astimezone(zone).date() + timedelta(weeks=1)
    wall = datetime(local_date.year, local_date.month, local_date.day, hour, tzinfo=zone)
    return wall.astimezone(after.tzinfo)


def week_label(slot: datetime, zone: tzinfo) -> str:
    """The ISO week of a digest slot in the user's time: ``2026-W48``; one digest per label."""
    year, week, _ = slot.astimezone(zone).isocalendar()
    return f"{year}-W{week:02d}"


def in_quiet_hours(start: int | None, end: int | None, zone: tzinfo, now: datetime) -> bool:
    """Whether ``now`` falls in the quiet hours [start, end) local time (may wrap midnight)."""
    if start is None or end is None or start == end:
        return False
    hour = now.astimezone(zone).hour
    return start <= hour < end if start < end else hour >= start or hour < end


def quiet_hours_end(start: int | None, end: int | None, zone: tzinfo, now: datetime) -> datetime:
    """When the current quiet hours end (``now`` if not in quiet hours)."""
    if not in_quiet_hours(start, end, zone, now):
        return now
    assert end is not None
    local = now.astimezone(zone)
    candidate = local.replace(hour=end, minute=0, second=0, microsecond=0)
    if candidate <= local:
        candidate += timedelta(days=1)
    return candidate.astimezone(now.tzinfo)

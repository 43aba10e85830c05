"""Engagements per day, as an imported export reports them (LinkedIn's ENGAGEMENT sheet).

A later export merges with the earlier ones: a day already stored keeps the larger count
(LinkedIn revises its numbers upward), and no day is lost.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from sqlite_utils import Database


@dataclass(frozen=True, slots=True)
class DailySeries:
    """One channel's engagements per day, oldest first."""

    channel_id: int
    days: tuple[tuple[date, int], ...]


def merge_days(db: Database, channel_id: int, days: Mapping[date, int]) -> None:
    """Store ``days`` for the channel; a day stored before keeps the larger count."""
    db.conn.executemany(
        "INSERT INTO engagement_days (channel_id, day, engagements) VALUES (?, ?, ?) "
        "ON CONFLICT (channel_id, day) DO UPDATE "
        "SET engagements = max(engagements, excluded.engagements)",
        [(channel_id, day.isoformat(), max(0, value)) for day, value in sorted(days.items())],
    )


def daily_engagements(db: Database, user_id: int, since: date) -> list[DailySeries]:
    """The user's channels' series from ``since`` on, each channel oldest day first."""
    rows = db.execute(
        "SELECT e.channel_id, e.day, e.engagements FROM engagement_days e "
        "JOIN channels c ON c.id = e.channel_id "
        "WHERE c.user_id = ? AND e.day >= ? ORDER BY e.channel_id, e.day",
        [user_id, since.isoformat()],
    ).fetchall()
    series: dict[int, list[tuple[date, int]]] = {}
    for channel_id, day, value in rows:
        series.setdefault(channel_id, []).append((date.fromisoformat(day), value))
    return [DailySeries(channel, tuple(days)) for channel, days in series.items()]


def forget_days_before(db: Database, low: int, high: int, until: date) -> int:
    """Drop the days before ``until`` of users ``low``..``high`` (retention)."""
    return db.execute(
        "DELETE FROM engagement_days WHERE day < ? AND channel_id IN "
        "(SELECT id FROM channels WHERE user_id BETWEEN ? AND ?)",
        [until.isoformat(), low, high],
    ).rowcount

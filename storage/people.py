"""The people on a user's posts (issue 28): who liked, who replied, whom the user answered.

A read that lists a post's people replaces what was stored for that post; the people the
user's replies answered accumulate. Rows go after :data:`PEOPLE_KEPT` and with the channel.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlite_utils import Database

from scoring.channel_data import Engagement, EngagementKind
from storage.clock import from_db, to_db

PEOPLE_KEPT = timedelta(days=90)


def save_people(
    db: Database,
    channel_id: int,
    engagements: Sequence[Engagement],
    posts_read: Sequence[str],
    now: datetime,
) -> None:
    """Store a read's people (inside the caller's transaction)."""
    if posts_read:
        db.conn.executemany(
            "DELETE FROM engagers WHERE channel_id = ? AND post_id = ? AND kind != 'answered'",
            [(channel_id, post_id) for post_id in posts_read],
        )
    since = now - PEOPLE_KEPT
    db.conn.executemany(
        "INSERT INTO engagers (channel_id, post_id, person_id, kind, handle, at, hollow) "
        "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (channel_id, post_id, person_id, kind) "
        "DO UPDATE SET handle = CASE WHEN excluded.handle != '' THEN excluded.handle "
        "ELSE engagers.handle END, hollow = excluded.hollow",
        [
            (channel_id, e.post_id, e.person_id, e.kind.value, e.handle, to_db(e.at), e.hollow)
            for e in engagements
            if e.at >= since
        ],
    )


def people_since(db: Database, channel_id: int, since: datetime) -> list[Engagement]:
    """The channel's stored people on posts made at or after ``since``, newest first."""
    rows = db.execute(
        "SELECT post_id, person_id, kind, handle, at, hollow FROM engagers "
        "WHERE channel_id = ? AND at >= ? ORDER BY at DESC, rowid",
        [channel_id, to_db(since)],
    ).fetchall()
    return [
        Engagement(post_id, person_id, EngagementKind(kind), handle, from_db(at), bool(hollow))
        for post_id, person_id, kind, handle, at, hollow in rows
    ]


def forget_people_before(db: Database, low: int, high: int, until: datetime) -> int:
    """Drop the people of users ``low``..``high`` on posts made before ``until`` (retention)."""
    return db.execute(
        "DELETE FROM engagers WHERE at < ? AND channel_id IN "
        "(SELECT id FROM channels WHERE user_id BETWEEN ? AND ?)",
        [to_db(until), low, high],
    ).rowcount

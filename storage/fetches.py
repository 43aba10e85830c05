"""What each read of a channel saves: new and changed posts, a profile snapshot, its status;
and the stored posts' counts a read compares with."""

from __future__ import annotations

import json
from collections.abc import Collection
from datetime import datetime, timedelta
from typing import Any

from sqlite_utils import Database

from scoring.channel_data import ChannelData, Post
from storage.channels import Channel, channel_of
from storage.clock import from_db, to_db
from storage.people import save_people


def _post_row(channel_id: int, post: Post, stamp: str) -> tuple[Any, ...]:
    return (
        channel_id,
        post.post_id,
        to_db(post.created_at),
        post.kind.value,
        post.likes,
        post.reshares,
        post.replies,
        post.quotes,
        post.url,
        post.excerpt,
        json.dumps(list(post.hashtags)),
        int(post.has_media),
        int(post.has_link),
        int(post.in_thread),
        stamp,
    )


_UPSERT_POST = """
INSERT INTO posts (channel_id, post_id, created_at, kind, likes, reshares, replies, quotes, url,
                   excerpt, hashtags, has_media, has_link, in_thread, updated_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (channel_id, post_id) DO UPDATE SET
    kind = excluded.kind, likes = excluded.likes, reshares = excluded.reshares,
    replies = excluded.replies, quotes = excluded.quotes, url = excluded.url,
    excerpt = excluded.excerpt, hashtags = excluded.hashtags, has_media = excluded.has_media,
    has_link = excluded.has_link, in_thread = excluded.in_thread,
    updated_at = excluded.updated_at
WHERE posts.likes IS NOT excluded.likes OR posts.reshares IS NOT excluded.reshares
   OR posts.replies IS NOT excluded.replies OR posts.quotes IS NOT excluded.quotes
   OR posts.kind IS NOT excluded.kind OR posts.excerpt IS NOT excluded.excerpt
"""


def record_fetch(db: Database, channel_id: int, data: ChannelData, now: datetime) -> Channel | None:
    """Save one successful fetch atomically: new and changed posts, a snapshot, status ok.

    A not-modified answer changes no posts and takes no snapshot; the channel is still ok.
    Returns the channel as now stored (None if it was unlinked meanwhile).
    """
    stamp = to_db(now)
    with db.atomic():
        if not data.not_modified:
            db.conn.executemany(_UPSERT_POST, [_post_row(channel_id, p, stamp) for p in data.posts])
            save_people(db, channel_id, data.engagements, data.people_read, now)
            _snapshot(db, channel_id, data, now)
        display = data.profile.display_name
        rows = db.query(
            "UPDATE channels SET status = 'ok', last_error = NULL, failures = 0, "
            "fetch_state = ?, last_attempt_at = ?, last_success_at = ?, "
            "display_name = CASE WHEN ? != '' THEN ? ELSE display_name END WHERE id = ? "
            "RETURNING *",
            [json.dumps(dict(data.fetch_state)), stamp, stamp, display, display, channel_id],
        )
        return next((channel_of(row) for row in rows), None)


SNAPSHOT_EVERY = timedelta(days=1)


def _snapshot(db: Database, channel_id: int, data: ChannelData, now: datetime) -> None:
    """Keep the profile counts: a row when they change, and at least one a day for charts."""
    profile = data.profile
    extra = json.dumps(dict(profile.extra), sort_keys=True)
    values = (profile.followers, profile.following, profile.posts_count, extra)
    last = db.execute(
        "SELECT taken_at, followers, following, posts_count, extra FROM snapshots "
        "WHERE channel_id = ? ORDER BY taken_at DESC, id DESC LIMIT 1",
        [channel_id],
    ).fetchone()
    if last is not None and tuple(last[1:]) == values and from_db(last[0]) > now - SNAPSHOT_EVERY:
        return
    db.execute(
        "INSERT INTO snapshots (channel_id, taken_at, followers, following, posts_count, extra) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        [channel_id, to_db(now), *values],
    )


def record_failure(
    db: Database, channel_id: int, reason: str, now: datetime, *, permanent: bool
) -> Channel | None:
    """Note a failed fetch. The stored posts stand: a channel read before is only stale.

    ``permanent`` (not found, forbidden) marks the channel as an error the user must fix.
    Returns the channel as now stored (None if it was unlinked meanwhile).
    """
    rows = db.query(
        "UPDATE channels SET "
        "status = CASE WHEN ? THEN 'error' WHEN last_success_at IS NULL THEN 'error' "
        "ELSE 'stale' END, last_error = ?, failures = failures + 1, last_attempt_at = ? "
        "WHERE id = ? RETURNING *",
        [int(permanent), reason[:300], to_db(now), channel_id],
    )
    return next((channel_of(row) for row in rows), None)


def count_posts(db: Database, channel_id: int) -> int:
    return int(
        db.execute("SELECT count(*) FROM posts WHERE channel_id = ?", [channel_id]).fetchone()[0]
    )


def drop_posts(db: Database, channel_id: int, id_prefix: str) -> int:
    """Delete the channel's posts whose id starts with ``id_prefix`` (a self-reported week
    reported again); returns how many went."""
    escaped = id_prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    cursor = db.execute(
        "DELETE FROM posts WHERE channel_id = ? AND post_id LIKE ? ESCAPE '\\'",
        [channel_id, escaped + "%"],
    )
    return int(cursor.rowcount)


def stored_counts(
    db: Database, channel_id: int, post_ids: Collection[str]
) -> dict[str, tuple[int, int, int]]:
    """(likes, replies, reshares) of the channel's stored posts among ``post_ids``."""
    found: dict[str, tuple[int, int, int]] = {}
    ids = list(post_ids)
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ", ".join("?" * len(chunk))
        for row in db.execute(
            f"SELECT post_id, likes, replies, reshares FROM posts "  # noqa: S608 (marks only)
            f"WHERE channel_id = ? AND post_id IN ({marks})",
            [channel_id, *chunk],
        ):
            found[str(row[0])] = (int(row[1]), int(row[2]), int(row[3]))
    return found

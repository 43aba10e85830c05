"""Scores over time. Rows are only ever added: a formula change never rewrites history."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlite_utils import Database

from scoring.channel_data import Post, PostKind
from storage.clock import from_db, to_db


@dataclass(frozen=True, slots=True)
class StoredScore:
    computed_at: datetime
    value: float
    version: str
    breakdown_json: str

    @property
    def breakdown(self) -> dict[str, Any]:
        """The stored breakdown, parsed when asked for (most readers want only the value)."""
        parsed: dict[str, Any] = json.loads(self.breakdown_json)
        return parsed


def save_score(
    db: Database, user_id: int, value: float, version: str, breakdown: dict[str, Any], now: datetime
) -> None:
    db.execute(
        "INSERT INTO scores (user_id, computed_at, score, formula_version, breakdown) "
        "VALUES (?, ?, ?, ?, ?)",
        [user_id, to_db(now), value, version, json.dumps(breakdown, separators=(",", ":"))],
    )


def _stored(row: dict[str, Any]) -> StoredScore:
    return StoredScore(
        computed_at=from_db(row["computed_at"]),
        value=row["score"],
        version=row["formula_version"],
        breakdown_json=row["breakdown"],
    )


#: Scores compare only within one formula version and one mode (all posts or focus posts):
#: a number from another formula or another mode is not "the same score, earlier".
_COMPARABLE = "formula_version = ? AND coalesce(json_extract(breakdown, '$.mode'), 'all') = ?"


def score_at(
    db: Database, user_id: int, moment: datetime, version: str, mode: str = "all"
) -> StoredScore | None:
    """The last score of ``version`` in ``mode`` computed at or before ``moment``."""
    rows = list(
        db.query(
            f"SELECT * FROM scores WHERE user_id = ? AND {_COMPARABLE} AND computed_at <= ? "  # noqa: S608 -- a constant
            "ORDER BY computed_at DESC, id DESC LIMIT 1",
            [user_id, version, mode, to_db(moment)],
        )
    )
    return _stored(rows[0]) if rows else None


def latest_score(db: Database, user_id: int) -> StoredScore | None:
    rows = list(
        db.query(
            "SELECT * FROM scores WHERE user_id = ? ORDER BY computed_at DESC, id DESC LIMIT 1",
            [user_id],
        )
    )
    return _stored(rows[0]) if rows else None


_POST_COLUMNS = (
    "post_id, created_at, kind, likes, reshares, replies, quotes, url, excerpt, hashtags, "
    "has_media, has_link, in_thread"
)
_KINDS = {kind.value: kind for kind in PostKind}


def _post(row: tuple[Any, ...]) -> Post:
    (
        post_id,
        created,
        kind,
        likes,
        reshares,
        replies,
        quotes,
        url,
        excerpt,
        hashtags,
        media,
        link,
        in_thread,
    ) = row
    return Post(
        post_id,
        from_db(created),
        _KINDS[kind],
        likes,
        reshares,
        replies,
        quotes,
        url,
        excerpt,
        tuple(json.loads(hashtags)) if hashtags not in ("", "[]") else (),
        bool(media),
        bool(link),
        bool(in_thread),
    )


def posts_since(db: Database, channel_id: int, since: datetime) -> list[Post]:
    """The channel's stored posts created at or after ``since``, newest first.

    Read as plain tuples (no per-row dicts): this runs for every /score.
    """
    cursor = db.execute(
        f"SELECT {_POST_COLUMNS} FROM posts WHERE channel_id = ? AND created_at >= ? "  # noqa: S608
        "ORDER BY created_at DESC",
        [channel_id, to_db(since)],
    )
    return [_post(row) for row in cursor.fetchall()]


def latest_followers(db: Database, channel_id: int) -> int:
    """Followers at the channel's latest snapshot (0 before the first read)."""
    row = db.execute(
        "SELECT followers FROM snapshots WHERE channel_id = ? "
        "ORDER BY taken_at DESC, id DESC LIMIT 1",
        [channel_id],
    ).fetchone()
    return int(row[0]) if row else 0


def follower_history(
    db: Database, channel_id: int, since: datetime, until: datetime
) -> list[tuple[datetime, int]]:
    """The channel's follower counts from the one in force at ``since`` to ``until``, in the
    order they were taken (formula 3.3: a post is judged against the followers it had)."""
    cursor = db.execute(
        "SELECT taken_at, followers FROM snapshots WHERE channel_id = ? AND taken_at <= ? "
        "AND taken_at >= coalesce((SELECT max(taken_at) FROM snapshots "
        "WHERE channel_id = ? AND taken_at <= ?), '') ORDER BY taken_at, id",
        [channel_id, to_db(until), channel_id, to_db(since)],
    )
    return [(from_db(taken), int(followers)) for taken, followers in cursor.fetchall()]


def followers_then_and_now(
    db: Database, user_id: int, then: datetime
) -> dict[int, tuple[int | None, int | None]]:
    """Each of the user's channels' followers at ``then`` (the last count taken by then) and
    now (the last count): None where no count was taken."""
    rows = db.execute(
        "SELECT c.id, "
        "(SELECT followers FROM snapshots WHERE channel_id = c.id AND taken_at <= ? "
        "ORDER BY taken_at DESC, id DESC LIMIT 1), "
        "(SELECT followers FROM snapshots WHERE channel_id = c.id "
        "ORDER BY taken_at DESC, id DESC LIMIT 1) "
        "FROM channels c WHERE c.user_id = ?",
        [to_db(then), user_id],
    ).fetchall()
    return {int(cid): (before, now) for cid, before, now in rows}


def highest_since(
    db: Database, user_id: int, since: datetime, before: datetime, version: str, mode: str = "all"
) -> float | None:
    """The highest score of ``version`` in ``mode`` computed in [since, before)."""
    row = db.execute(
        f"SELECT max(score) FROM scores WHERE user_id = ? AND {_COMPARABLE} "  # noqa: S608 -- a constant
        "AND computed_at >= ? AND computed_at < ?",
        [user_id, version, mode, to_db(since), to_db(before)],
    ).fetchone()
    return float(row[0]) if row and row[0] is not None else None


def scores_since(db: Database, user_id: int, since: datetime) -> list[StoredScore]:
    """Every stored score since ``since``, oldest first (for charts and digests)."""
    rows = db.query(
        "SELECT * FROM scores WHERE user_id = ? AND computed_at >= ? ORDER BY computed_at, id",
        [user_id, to_db(since)],
    )
    return [_stored(row) for row in rows]

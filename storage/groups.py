"""Group membership as the bot has seen it, and the opted-in members of a group."""

from __future__ import annotations

from datetime import datetime

from sqlite_utils import Database

from storage.clock import to_db
from storage.users import User, user_from_row


def record_member(db: Database, chat_id: int, user_id: int, now: datetime) -> None:
    """Remember that a (registered) user spoke in a group."""
    db.execute(
        "INSERT INTO group_members (chat_id, user_id, seen_at) "
        "SELECT ?, id, ? FROM users WHERE id = ? "
        "ON CONFLICT (chat_id, user_id) DO UPDATE SET seen_at = excluded.seen_at",
        [chat_id, to_db(now), user_id],
    )


def sharing_members(db: Database, chat_id: int) -> list[User]:
    """Members seen in the group who opted in with /share on, and are active."""
    rows = db.query(
        "SELECT u.* FROM users u JOIN group_members g ON g.user_id = u.id "
        "WHERE g.chat_id = ? AND u.share_in_groups = 1 AND u.active = 1 ORDER BY u.id",
        [chat_id],
    )
    return [user_from_row(row) for row in rows]


def forget_member(db: Database, chat_id: int, user_id: int) -> None:
    db.execute("DELETE FROM group_members WHERE chat_id = ? AND user_id = ?", [chat_id, user_id])

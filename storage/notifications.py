"""Every pushed message is a row first: claimed once per user, kind and period, then delivered.

Statuses: ``pending`` (waits for ``deliver_after``), ``sending`` (claimed by the sender),
``sent``, ``dropped`` (the user blocked us, or Telegram refused the message for good), and
``unknown`` (the process died while sending: Telegram may or may not have it, so it is never
sent again; at most once).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlite_utils import Database

from storage.clock import from_db, to_db


@dataclass(frozen=True, slots=True)
class Notification:
    id: int
    user_id: int
    kind: str
    period: str
    payload: dict[str, Any]
    deliver_after: datetime
    attempts: int
    status: str


def _notification(row: dict[str, Any]) -> Notification:
    return Notification(
        id=row["id"],
        user_id=row["user_id"],
        kind=row["kind"],
        period=row["period"],
        payload=json.loads(row["payload"] or "{}"),
        deliver_after=from_db(row["deliver_after"] or row["created_at"]),
        attempts=row["attempts"],
        status=row["status"],
    )


def claim(
    db: Database,
    user_id: int,
    kind: str,
    period: str,
    payload: dict[str, Any],
    deliver_after: datetime,
    now: datetime,
) -> int | None:
    """Record the message for (user, kind, period) unless one exists; its id, or None."""
    cursor = db.execute(
        "INSERT OR IGNORE INTO notifications (user_id, kind, period, created_at, payload, "
        "deliver_after, status) VALUES (?, ?, ?, ?, ?, ?, 'pending')",
        [user_id, kind, period, to_db(now), json.dumps(payload), to_db(deliver_after)],
    )
    return cursor.lastrowid if cursor.rowcount and cursor.lastrowid else None


def exists(db: Database, user_id: int, kind: str, period: str) -> bool:
    row = db.execute(
        "SELECT 1 FROM notifications WHERE user_id = ? AND kind = ? AND period = ?",
        [user_id, kind, period],
    ).fetchone()
    return row is not None


def due(db: Database, now: datetime, limit: int) -> list[Notification]:
    """Pending messages whose time has come, oldest first."""
    rows = db.query(
        "SELECT * FROM notifications WHERE status = 'pending' AND deliver_after <= ? "
        "ORDER BY deliver_after, id LIMIT ?",
        [to_db(now), limit],
    )
    return [_notification(row) for row in rows]


def start_sending(db: Database, notification_id: int, now: datetime) -> bool:
    """Claim a pending message for sending; False if someone else already did."""
    cursor = db.execute(
        "UPDATE notifications SET status = 'sending', attempted_at = ?, attempts = attempts + 1 "
        "WHERE id = ? AND status = 'pending'",
        [to_db(now), notification_id],
    )
    return cursor.rowcount == 1


def mark_sent(db: Database, notification_id: int, now: datetime) -> None:
    db.execute(
        "UPDATE notifications SET status = 'sent', sent_at = ? WHERE id = ?",
        [to_db(now), notification_id],
    )


def retry_later(db: Database, notification_id: int, when: datetime) -> None:
    """Telegram did not take it (a transient failure): try again at ``when``."""
    db.execute(
        "UPDATE notifications SET status = 'pending', deliver_after = ? WHERE id = ?",
        [to_db(when), notification_id],
    )


def drop(db: Database, notification_id: int) -> None:
    db.execute("UPDATE notifications SET status = 'dropped' WHERE id = ?", [notification_id])


def mark_unknown(db: Database, notification_id: int) -> None:
    """Telegram may or may not have it (the answer timed out): never sent again."""
    db.execute("UPDATE notifications SET status = 'unknown' WHERE id = ?", [notification_id])


def recover_interrupted(db: Database) -> int:
    """After a crash: messages caught mid-send are 'unknown' and never sent again."""
    cursor = db.execute("UPDATE notifications SET status = 'unknown' WHERE status = 'sending'")
    return cursor.rowcount

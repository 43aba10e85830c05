"""What the operator's status reads from the database: counts, freshness and errors."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlite_utils import Database

from storage.clock import from_db, to_db


@dataclass(frozen=True, slots=True)
class ErrorCount:
    code: str
    channels: int
    last_at: datetime | None


@dataclass(frozen=True, slots=True)
class StoredStatus:
    users: dict[str, int]  # active, inactive
    channels: dict[str, int]  # by status: ok, pending, stale, error
    lags: list[float]  # seconds each active user's last scheduled refresh started late
    due: int  # active users whose refresh is due now
    oldest_due: float | None  # seconds the most overdue of them has waited
    notifications: dict[str, int]  # by status: pending, sending, sent, dropped, unknown
    errors: list[ErrorCount]  # channels not read at their last attempt, by error code


def read_status(db: Database, now: datetime) -> StoredStatus:
    """Everything ``resonance status`` and the metrics report."""
    users = dict.fromkeys(("active", "inactive"), 0)
    for active, count in db.execute("SELECT active, count(*) FROM users GROUP BY active"):
        users["active" if active else "inactive"] = int(count)
    channels = dict.fromkeys(("ok", "pending", "stale", "error"), 0)
    for status, count in db.execute("SELECT status, count(*) FROM channels GROUP BY status"):
        channels[str(status)] = int(count)
    lags = [
        float(row[0])
        for row in db.execute(
            "SELECT last_refresh_lag FROM users "
            "WHERE active = 1 AND last_refresh_lag IS NOT NULL ORDER BY last_refresh_lag"
        )
    ]
    due, oldest = db.execute(
        "SELECT count(*), min(next_refresh_at) FROM users "
        "WHERE active = 1 AND next_refresh_at <= ?",
        [to_db(now)],
    ).fetchone()
    notifications = dict.fromkeys(("pending", "sending", "sent", "dropped", "unknown"), 0)
    for status, count in db.execute("SELECT status, count(*) FROM notifications GROUP BY status"):
        notifications[str(status)] = int(count)
    errors = [
        ErrorCount(str(code), int(count), from_db(last) if last else None)
        for code, count, last in db.execute(
            "SELECT last_error, count(*), max(last_attempt_at) FROM channels "
            "WHERE status IN ('stale', 'error') AND last_error IS NOT NULL "
            "GROUP BY last_error ORDER BY max(last_attempt_at) DESC"
        )
    ]
    oldest_due = (now - from_db(oldest)).total_seconds() if oldest else None
    return StoredStatus(users, channels, lags, int(due), oldest_due, notifications, errors)

"""The schedule lives here, in the users table: when each user is next refreshed and digested."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlite_utils import Database

from storage.clock import to_db
from storage.users import User, user_from_row


def _due(db: Database, column: str, now: datetime, limit: int) -> list[User]:
    """Active users whose ``column`` time has come (or was never set), most overdue first."""
    rows = db.query(
        f"SELECT * FROM users WHERE active = 1 AND ({column} IS NULL OR {column} <= ?) "  # noqa: S608
        f"ORDER BY {column} IS NOT NULL, {column} LIMIT ?",
        [to_db(now), limit],
    )
    return [user_from_row(row) for row in rows]


def due_for_refresh(db: Database, now: datetime, limit: int) -> list[User]:
    """Active users whose refresh is due (or never scheduled), most overdue first."""
    return _due(db, "next_refresh_at", now, limit)


def set_next_refresh(db: Database, user_id: int, when: datetime) -> None:
    db.execute("UPDATE users SET next_refresh_at = ? WHERE id = ?", [to_db(when), user_id])


def start_refresh(
    db: Database, user_id: int, now: datetime, due: datetime, following: datetime
) -> None:
    """A scheduled refresh starts: record how late it is and when the next one is due."""
    db.execute(
        "UPDATE users SET next_refresh_at = ?, last_refresh_at = ?, last_refresh_lag = ? "
        "WHERE id = ?",
        [to_db(following), to_db(now), max(0.0, (now - due).total_seconds()), user_id],
    )


def due_for_digest(db: Database, now: datetime, limit: int) -> list[User]:
    """Active users whose digest time has come, or who have none scheduled yet."""
    return _due(db, "next_digest_at", now, limit)


def set_next_digest(db: Database, user_id: int, when: datetime) -> None:
    db.execute("UPDATE users SET next_digest_at = ? WHERE id = ?", [to_db(when), user_id])


def set_manual_refresh(db: Database, user_id: int, now: datetime) -> None:
    db.execute("UPDATE users SET last_manual_refresh_at = ? WHERE id = ?", [to_db(now), user_id])


def alert_state(db: Database, user_id: int) -> dict[str, Any]:
    row = db.execute("SELECT alert_state FROM users WHERE id = ?", [user_id]).fetchone()
    return dict(json.loads(row[0])) if row and row[0] else {}


def set_alert_state(db: Database, user_id: int, state: dict[str, Any]) -> None:
    db.execute(
        "UPDATE users SET alert_state = ? WHERE id = ?",
        [json.dumps(state, sort_keys=True), user_id],
    )

"""Users: who started the bot, and their preferences."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlite_utils import Database

from scoring.channel_data import short_name
from storage.clock import from_db, to_db


@dataclass(frozen=True, slots=True)
class User:
    """A person who started the bot."""

    id: int
    chat_id: int
    first_name: str
    language: str
    timezone: str
    digest_day: int
    digest_hour: int
    alerts_enabled: bool
    alert_threshold: int
    quiet_start: int | None
    quiet_end: int | None
    share_in_groups: bool
    active: bool
    created_at: str
    next_refresh_at: datetime | None = None
    next_digest_at: datetime | None = None
    last_manual_refresh_at: datetime | None = None
    focus: tuple[str, ...] = ()  # professional topics: words, phrases, hashtags
    focus_only: bool = False  # the "focus score": only posts on the topics count
    reminders: bool = False  # the digest reminds of exports to send and numbers to report
    timezone_chosen: bool = False  # set (or confirmed) by the user, not the default
    digest_enabled: bool = True  # the weekly digest comes (off: none is planned or sent)

    @property
    def zone(self) -> ZoneInfo:
        """The user's timezone; UTC if the stored name is not (or no longer) a known zone."""
        try:
            return ZoneInfo(self.timezone)
        except (ZoneInfoNotFoundError, ValueError):
            return ZoneInfo("UTC")


def user_from_row(row: dict[str, Any]) -> User:
    """A users row as a :class:`User`."""
    return User(
        id=row["id"],
        chat_id=row["chat_id"],
        first_name=short_name(row["first_name"]),  # Telegram's, as any name shown
        language=row["language"],
        timezone=row["timezone"],
        digest_day=row["digest_day"],
        digest_hour=row["digest_hour"],
        alerts_enabled=bool(row["alerts_enabled"]),
        alert_threshold=row["alert_threshold"],
        quiet_start=row["quiet_start"],
        quiet_end=row["quiet_end"],
        share_in_groups=bool(row["share_in_groups"]),
        active=bool(row["active"]),
        created_at=row["created_at"],
        next_refresh_at=_moment(row.get("next_refresh_at")),
        next_digest_at=_moment(row.get("next_digest_at")),
        last_manual_refresh_at=_moment(row.get("last_manual_refresh_at")),
        focus=_topics(row.get("focus")),
        focus_only=bool(row.get("focus_only")),
        reminders=bool(row.get("reminders")),
        timezone_chosen=bool(row.get("timezone_chosen")),
        digest_enabled=bool(row.get("digest_enabled", 1)),
    )


def _topics(text: str | None) -> tuple[str, ...]:
    try:
        raw = json.loads(text or "[]")
    except ValueError:
        return ()
    return tuple(str(t) for t in raw) if isinstance(raw, list) else ()


def set_focus(db: Database, user_id: int, topics: Sequence[str]) -> None:
    """Store the user's focus topics (already cleaned and capped by the caller)."""
    db.execute(
        "UPDATE users SET focus = ? WHERE id = ?",
        [json.dumps(list(topics), ensure_ascii=False), user_id],
    )


def _moment(text: str | None) -> datetime | None:
    return from_db(text) if text else None


def get_user(db: Database, user_id: int) -> User | None:
    """The user with Telegram id ``user_id``, or None if they never started the bot."""
    rows = list(db.query("SELECT * FROM users WHERE id = ?", [user_id]))
    return user_from_row(rows[0]) if rows else None


def register_user(
    db: Database,
    *,
    user_id: int,
    chat_id: int,
    first_name: str,
    language: str,
    now: datetime,
) -> tuple[User, bool]:
    """Create the user, or reactivate and refresh them; returns (user, created).

    Idempotent: starting again never resets preferences. The language is taken from
    Telegram only the first time; afterwards it is the user's own choice in /settings.
    """
    stamp = to_db(now)
    first_name = short_name(first_name)
    with db.atomic():
        existing = get_user(db, user_id)
        if existing is None:
            db.execute(
                "INSERT INTO users (id, chat_id, first_name, language, created_at, updated_at) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                [user_id, chat_id, first_name, language, stamp, stamp],
            )
        else:
            db.execute(
                "UPDATE users SET chat_id = ?, first_name = ?, active = 1, updated_at = ? "
                "WHERE id = ?",
                [chat_id, first_name, stamp, user_id],
            )
        user = get_user(db, user_id)
    assert user is not None
    return user, existing is None


def active_user_count(db: Database) -> int:
    """Users the scheduler refreshes: the due rate is this over the interval."""
    return int(db.execute("SELECT count(*) FROM users WHERE active = 1").fetchone()[0])


def deactivate_user(db: Database, user_id: int, now: datetime) -> None:
    """Stop refreshing and messaging the user (they blocked the bot) until they /start again."""
    db.execute("UPDATE users SET active = 0, updated_at = ? WHERE id = ?", [to_db(now), user_id])


def reactivate_user(db: Database, user_id: int, now: datetime) -> None:
    """Refresh and message the user again (they unblocked the bot); no-op for a stranger."""
    db.execute("UPDATE users SET active = 1, updated_at = ? WHERE id = ?", [to_db(now), user_id])


#: Preferences a user may change in /settings, with the check each value must pass.
SETTABLE = {
    "language": lambda v: isinstance(v, str) and len(v) <= 8,
    "timezone": lambda v: isinstance(v, str) and len(v) <= 64,
    "digest_day": lambda v: isinstance(v, int) and 0 <= v <= 6,
    "digest_hour": lambda v: isinstance(v, int) and 0 <= v <= 23,
    "alerts_enabled": lambda v: v in (0, 1),
    "alert_threshold": lambda v: isinstance(v, int) and 1 <= v <= 100,
    "quiet_start": lambda v: v is None or (isinstance(v, int) and 0 <= v <= 23),
    "quiet_end": lambda v: v is None or (isinstance(v, int) and 0 <= v <= 23),
    "share_in_groups": lambda v: v in (0, 1),
    "focus_only": lambda v: v in (0, 1),
    "reminders": lambda v: v in (0, 1),
    "digest_enabled": lambda v: v in (0, 1),
}
_RESCHEDULES_DIGEST = {"timezone", "digest_day", "digest_hour"}


def update_settings(db: Database, user_id: int, now: datetime, **values: object) -> None:
    """Change preferences; a new digest day, hour or timezone reschedules the next digest."""
    for name, value in values.items():
        check = SETTABLE.get(name)
        if check is None or not check(value):
            raise ValueError(f"{name}={value!r} is not a valid setting")
    assignments = ", ".join(f"{name} = ?" for name in values)
    extra = ", next_digest_at = NULL" if _RESCHEDULES_DIGEST & set(values) else ""
    extra += ", timezone_chosen = 1" if "timezone" in values else ""
    db.execute(
        f"UPDATE users SET {assignments}{extra}, updated_at = ? WHERE id = ?",  # noqa: S608 -- names are whitelisted
        [*values.values(), to_db(now), user_id],
    )


def forget_user(db: Database, user_id: int) -> None:
    """Delete every row about the user: foreign keys cascade to all their data."""
    with db.atomic():
        db.execute("DELETE FROM users WHERE id = ?", [user_id])

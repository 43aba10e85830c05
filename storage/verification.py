"""Ownership proof for channels: a one-time code per channel, and who verified which account.

An account (platform and account id) is verified for at most one user at a time: a unique
index holds it, and unlinking or forgetting removes the channel row and its proof with it.
"""

from __future__ import annotations

import secrets
import sqlite3
from datetime import datetime

from sqlite_utils import Database

from storage.clock import to_db

CODE_PREFIX = "resonance-"


class VerifiedElsewhere(Exception):
    """Another user has verified this account; they must unlink it first."""


def new_code() -> str:
    """A short one-time code, unlike anything a profile would hold by chance."""
    return CODE_PREFIX + secrets.token_hex(4)


def issue_code(db: Database, channel_id: int) -> str:
    """The channel's pending code: the one already issued, else a new one."""
    row = db.execute("SELECT verify_code FROM channels WHERE id = ?", [channel_id]).fetchone()
    if row and row[0]:
        return str(row[0])
    code = new_code()
    db.execute("UPDATE channels SET verify_code = ? WHERE id = ?", [code, channel_id])
    return code


def verified_by_another(db: Database, platform: str, account_id: str, user_id: int) -> bool:
    row = db.execute(
        "SELECT 1 FROM channels WHERE platform = ? AND account_id = ? AND user_id != ? "
        "AND verified_at IS NOT NULL",
        [platform, account_id, user_id],
    ).fetchone()
    return row is not None


def mark_verified(db: Database, channel_id: int, now: datetime) -> None:
    """Verified: the code is spent (the owner may remove it from the profile).

    VerifiedElsewhere if another user verified the same account first.
    """
    try:
        with db.atomic():
            db.execute(
                "UPDATE channels SET verified_at = ?, verify_code = NULL WHERE id = ?",
                [to_db(now), channel_id],
            )
    except sqlite3.IntegrityError as exc:
        raise VerifiedElsewhere from exc


def pending_codes(db: Database, user_id: int) -> dict[int, str]:
    """Channel id -> code, for the user's channels waiting to be verified."""
    rows = db.execute(
        "SELECT id, verify_code FROM channels WHERE user_id = ? AND verify_code IS NOT NULL "
        "AND verified_at IS NULL",
        [user_id],
    )
    return {int(channel_id): str(code) for channel_id, code in rows.fetchall()}


def unverified_count(db: Database, user_id: int) -> int:
    """How many of the user's counting channels (weight above 0) are not verified."""
    row = db.execute(
        "SELECT count(*) FROM channels WHERE user_id = ? AND weight > 0 AND verified_at IS NULL",
        [user_id],
    ).fetchone()
    return int(row[0])

"""Channels: the accounts users link, their weights, tokens and origins.

What each read of a channel saves (posts, a profile snapshot, its status) is in
:mod:`storage.fetches`.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlite_utils import Database

from scoring.channel_data import Account, shown_name
from scoring.sources import registry
from storage.clock import from_db, to_db
from storage.vault import SealBroken

MAX_CHANNELS_PER_USER = 25
#: Where a channel's numbers come from (``channels.origin``).
READ, IMPORTED, REPORTED = "read", "imported", "reported"


class ChannelExists(Exception):
    """The user has already linked this account."""


class TooManyChannels(Exception):
    """The user has reached the per-user channel limit."""


@dataclass(frozen=True, slots=True)
class Channel:
    """A linked account and the state of reading it."""

    id: int
    user_id: int
    platform: str
    handle: str
    account_id: str
    display_name: str
    url: str
    weight: int
    status: str  # pending, ok, stale, error
    last_error: str | None
    fetch_state: dict[str, str]
    last_attempt_at: datetime | None
    last_success_at: datetime | None
    failures: int
    created_at: datetime
    verified_at: datetime | None = None  # the owner proved the account is theirs
    verify_code: str | None = None  # the code waiting on the profile, while not verified
    origin: str = READ  # where its numbers come from: READ, IMPORTED or REPORTED

    @property
    def read_by_refresh(self) -> bool:
        """Whether refreshes read it (not when its owner brings the numbers)."""
        return self.origin == READ

    @property
    def self_written(self) -> bool:
        """Whether the numbers read are its owner's word (a blog's comment counts, a server
        of one): they count for the owner, never on a group leaderboard."""
        return self.origin == READ and registry.self_written(self.platform, self.fetch_state)

    @property
    def ranks(self) -> bool:
        """Whether its numbers may rank on a group leaderboard: read from a platform that
        counts them (not imported, reported or self-written), and counting (weight above 0)."""
        return self.origin == READ and not self.self_written and self.weight > 0

    @property
    def label(self) -> str:
        """How the channel is named to its owner: display name, else handle (whatever an
        earlier version stored)."""
        return shown_name(self.display_name, self.handle)

    @property
    def account(self) -> Account:
        return Account(self.platform, self.account_id, self.handle, self.display_name, self.url)


def channel_of(row: dict[str, Any]) -> Channel:
    return Channel(
        id=row["id"],
        user_id=row["user_id"],
        platform=row["platform"],
        handle=row["handle"],
        account_id=row["account_id"],
        display_name=row["display_name"],
        url=row["url"],
        weight=row["weight"],
        status=row["status"],
        last_error=row["last_error"],
        fetch_state=json.loads(row["fetch_state"] or "{}"),
        last_attempt_at=from_db(row["last_attempt_at"]) if row["last_attempt_at"] else None,
        last_success_at=from_db(row["last_success_at"]) if row["last_success_at"] else None,
        failures=row["failures"],
        created_at=from_db(row["created_at"]),
        verified_at=from_db(row["verified_at"]) if row.get("verified_at") else None,
        verify_code=row.get("verify_code"),
        origin=row.get("origin") or READ,
    )


def list_channels(db: Database, user_id: int) -> list[Channel]:
    """The user's channels, oldest first."""
    rows = db.query("SELECT * FROM channels WHERE user_id = ? ORDER BY id", [user_id])
    return [channel_of(row) for row in rows]


def channel_count(db: Database, user_id: int) -> int:
    return int(
        db.execute("SELECT count(*) FROM channels WHERE user_id = ?", [user_id]).fetchone()[0]
    )


def has_channels(db: Database, user_id: int) -> bool:
    row = db.execute("SELECT 1 FROM channels WHERE user_id = ? LIMIT 1", [user_id]).fetchone()
    return row is not None


def get_channel(db: Database, user_id: int, channel_id: int) -> Channel | None:
    """The user's channel ``channel_id``; None if it is not theirs or does not exist."""
    rows = list(
        db.query("SELECT * FROM channels WHERE id = ? AND user_id = ?", [channel_id, user_id])
    )
    return channel_of(rows[0]) if rows else None


def stored_channel(db: Database, channel_id: int) -> Channel | None:
    """The channel ``channel_id`` as stored, whoever's it is (None if it is gone)."""
    rows = list(db.query("SELECT * FROM channels WHERE id = ?", [channel_id]))
    return channel_of(rows[0]) if rows else None


def find_channel(db: Database, user_id: int, platform: str, account_id: str) -> Channel | None:
    """The user's channel for that account, if linked."""
    rows = list(
        db.query(
            "SELECT * FROM channels WHERE user_id = ? AND platform = ? AND account_id = ?",
            [user_id, platform, account_id],
        )
    )
    return channel_of(rows[0]) if rows else None


def add_channel(
    db: Database,
    user_id: int,
    account: Account,
    now: datetime,
    *,
    credentials: bytes | None = None,
    origin: str = READ,
) -> Channel:
    """Link ``account`` to the user; ChannelExists if it already is, TooManyChannels at the cap.

    ``credentials`` is the user's access token, already encrypted (storage/vault.py);
    ``origin`` where its numbers will come from.
    """
    with db.atomic():
        if channel_count(db, user_id) >= MAX_CHANNELS_PER_USER:
            raise TooManyChannels
        try:
            cursor = db.execute(
                "INSERT INTO channels (user_id, platform, handle, account_id, display_name, url, "
                "created_at, credentials, origin) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    user_id,
                    account.platform,
                    account.handle,
                    account.account_id,
                    account.display_name,
                    account.url,
                    to_db(now),
                    credentials,
                    origin,
                ],
            )
        except sqlite3.IntegrityError as exc:
            raise ChannelExists from exc
    channel = get_channel(db, user_id, int(cursor.lastrowid or 0))
    assert channel is not None
    return channel


def replace_credentials(db: Database, channel_id: int, credentials: bytes) -> None:
    """A new (encrypted) token for a channel, after its old one stopped working."""
    db.execute(
        "UPDATE channels SET credentials = ?, failures = 0 WHERE id = ?", [credentials, channel_id]
    )


def sealed_credentials(db: Database, channel_id: int) -> bytes | None:
    """The channel's encrypted token, if it has one."""
    row = db.execute("SELECT credentials FROM channels WHERE id = ?", [channel_id]).fetchone()
    return bytes(row[0]) if row is not None and row[0] is not None else None


def remove_channel(db: Database, user_id: int, channel_id: int) -> bool:
    """Delete the channel with its posts and snapshots; False if it was not the user's."""
    cursor = db.execute("DELETE FROM channels WHERE id = ? AND user_id = ?", [channel_id, user_id])
    return cursor.rowcount > 0


def set_weight(db: Database, user_id: int, channel_id: int, weight: int) -> bool:
    """Set how much a channel counts (0..3); False if it was not the user's."""
    if not 0 <= weight <= 3:
        raise ValueError("weight must be 0, 1, 2 or 3")
    cursor = db.execute(
        "UPDATE channels SET weight = ? WHERE id = ? AND user_id = ?", [weight, channel_id, user_id]
    )
    return cursor.rowcount > 0


def reseal_credentials(db: Database, reseal: Callable[[bytes], bytes]) -> tuple[int, int]:
    """Every stored token encrypted again (key rotation), in one transaction: (re-sealed,
    unreadable). A token no key opens is left as it is; its channel asks to be linked again."""
    done = broken = 0
    with db.atomic():
        rows = db.execute("SELECT id, credentials FROM channels WHERE credentials IS NOT NULL")
        for channel_id, sealed in rows.fetchall():
            try:
                fresh = reseal(bytes(sealed))
            except SealBroken:
                broken += 1
                continue
            db.execute("UPDATE channels SET credentials = ? WHERE id = ?", [fresh, channel_id])
            done += 1
    return done, broken


def channels_per_budget(
    db: Database, per_host: Collection[str]
) -> dict[tuple[str, str | None], int]:
    """The channels of active users per platform, and per server for the platforms in
    ``per_host`` (the host of the channel's URL, as :func:`scoring.budgets.host_of` reads it)."""
    counts: dict[tuple[str, str | None], int] = {}
    rows = db.execute(
        "SELECT c.platform, count(*) FROM channels c JOIN users u ON u.id = c.user_id "
        "WHERE u.active = 1 AND c.origin = 'read' GROUP BY c.platform"
    ).fetchall()
    for platform, count in rows:
        if platform not in per_host:
            counts[(platform, None)] = int(count)
            continue
        hosts = db.execute(
            "WITH rest AS (SELECT substr(c.url, instr(c.url, '://') + 3) || '/' AS r "
            "FROM channels c JOIN users u ON u.id = c.user_id "
            "WHERE u.active = 1 AND c.origin = 'read' AND c.platform = ?) "
            "SELECT lower(substr(r, 1, instr(r, '/') - 1)) AS host, count(*) FROM rest "
            "GROUP BY host",
            [platform],
        ).fetchall()
        for host, host_count in hosts:
            counts[(platform, host)] = int(host_count)
    return counts


def channel_holding(
    db: Database, user_id: int, platform: str, post_ids: Collection[str], *, besides: int = 0
) -> Channel | None:
    """The user's channel on ``platform`` (other than ``besides``) that holds any of the posts
    ``post_ids`` (the newest 500 are compared): the same account, whichever way it came."""
    ids = list(post_ids)[:500]
    if not ids:
        return None
    marks = ", ".join("?" * len(ids))
    rows = list(
        db.query(
            f"SELECT c.* FROM channels c WHERE c.user_id = ? AND c.platform = ? "  # noqa: S608
            f"AND c.id != ? AND EXISTS (SELECT 1 FROM posts p WHERE p.channel_id = c.id "
            f"AND p.post_id IN ({marks})) ORDER BY c.id LIMIT 1",
            [user_id, platform, besides, *ids],
        )
    )
    return channel_of(rows[0]) if rows else None


def rename_account(db: Database, channel_id: int, account: Account) -> bool:
    """The channel now knows its account (an archive named it): its id, handle, name and
    address. False (nothing changed) if the user has linked that account already."""
    try:
        db.execute(
            "UPDATE channels SET account_id = ?, handle = ?, display_name = ?, url = ? "
            "WHERE id = ?",
            [account.account_id, account.handle, account.display_name, account.url, channel_id],
        )
    except sqlite3.IntegrityError:
        return False
    return True


def merge_channel(db: Database, source_id: int, target_id: int) -> None:
    """Move what ``source_id`` holds into ``target_id`` (one account that came twice), then
    remove ``source_id``: each post and day once, with the larger of its counts; the
    target's own profile snapshots stand."""
    with db.atomic():
        db.execute(
            "INSERT INTO posts (channel_id, post_id, created_at, kind, likes, reshares, replies, "
            "quotes, url, excerpt, hashtags, has_media, has_link, in_thread, updated_at) "
            "SELECT ?, post_id, created_at, kind, likes, reshares, replies, quotes, url, excerpt, "
            "hashtags, has_media, has_link, in_thread, updated_at FROM posts WHERE channel_id = ? "
            "ON CONFLICT (channel_id, post_id) DO UPDATE SET "
            "likes = max(posts.likes, excluded.likes), "
            "reshares = max(posts.reshares, excluded.reshares), "
            "replies = max(posts.replies, excluded.replies), "
            "quotes = max(posts.quotes, excluded.quotes)",
            [target_id, source_id],
        )
        db.execute(
            "INSERT INTO engagement_days (channel_id, day, engagements) "
            "SELECT ?, day, engagements FROM engagement_days WHERE channel_id = ? "
            "ON CONFLICT (channel_id, day) DO UPDATE "
            "SET engagements = max(engagement_days.engagements, excluded.engagements)",
            [target_id, source_id],
        )
        db.execute(
            "INSERT OR IGNORE INTO engagers "
            "(channel_id, post_id, person_id, kind, handle, at, hollow) "
            "SELECT ?, post_id, person_id, kind, handle, at, hollow FROM engagers "
            "WHERE channel_id = ?",
            [target_id, source_id],
        )
        db.execute("DELETE FROM channels WHERE id = ?", [source_id])


def set_origin(db: Database, channel_id: int, origin: str) -> None:
    db.execute("UPDATE channels SET origin = ? WHERE id = ?", [origin, channel_id])

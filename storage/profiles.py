"""Public profiles (issue 29): one per user who asked for it, at an unguessable slug."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlite_utils import Database

from storage.clock import from_db, to_db

#: 16 random bytes: 22 characters a slug, 2^128 of them; none can be guessed or enumerated.
SLUG_BYTES = 16


@dataclass(frozen=True, slots=True)
class Profile:
    user_id: int
    slug: str
    created_at: datetime
    findable: bool = False  # search engines may index it (no noindex)
    show_unverified: bool = False  # channels not verified, or self-written, shown (marked)


def _profile(row: dict[str, object]) -> Profile:
    return Profile(
        user_id=int(row["user_id"]),  # type: ignore[call-overload]
        slug=str(row["slug"]),
        created_at=from_db(str(row["created_at"])),
        findable=bool(row["findable"]),
        show_unverified=bool(row["show_unverified"]),
    )


def profile_of(db: Database, user_id: int) -> Profile | None:
    rows = list(db.query("SELECT * FROM profiles WHERE user_id = ?", [user_id]))
    return _profile(rows[0]) if rows else None


def profile_at(db: Database, slug: str) -> Profile | None:
    """The profile at ``slug`` (None for any other string, however long)."""
    if not slug or len(slug) > 64:
        return None
    rows = list(db.query("SELECT * FROM profiles WHERE slug = ?", [slug]))
    return _profile(rows[0]) if rows else None


def open_profile(db: Database, user_id: int, now: datetime, *, new_slug: bool = False) -> Profile:
    """The user's profile, made public now if it was not; ``new_slug`` issues a new address
    (the old one is gone at once)."""
    current = profile_of(db, user_id)
    slug = secrets.token_urlsafe(SLUG_BYTES)
    if current is None:
        db.execute(
            "INSERT INTO profiles (user_id, slug, created_at) VALUES (?, ?, ?)",
            [user_id, slug, to_db(now)],
        )
    elif new_slug:
        db.execute("UPDATE profiles SET slug = ? WHERE user_id = ?", [slug, user_id])
    profile = profile_of(db, user_id)
    assert profile is not None
    return profile


def close_profile(db: Database, user_id: int) -> bool:
    """The profile is gone at once; False if there was none."""
    return db.execute("DELETE FROM profiles WHERE user_id = ?", [user_id]).rowcount > 0


def set_profile_options(
    db: Database, user_id: int, *, findable: bool | None = None, show_unverified: bool | None = None
) -> None:
    if findable is not None:
        db.execute("UPDATE profiles SET findable = ? WHERE user_id = ?", [int(findable), user_id])
    if show_unverified is not None:
        db.execute(
            "UPDATE profiles SET show_unverified = ? WHERE user_id = ?",
            [int(show_unverified), user_id],
        )

"""Opening the database: one place that sets the pragmas and applies migrations."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlite_utils import Database

from storage.migrations import MIGRATIONS

BUSY_TIMEOUT_MS = 5_000


class NotUpgraded(Exception):
    """The database was written by an older version: the bot upgrades it when it starts."""


def open_read_only(path: str | Path) -> Database:
    """The database at ``path`` for reading only (``resonance status``, metrics): nothing is
    created or migrated, and nothing can be written. :class:`NotUpgraded` if migrations are
    pending (the reader would ask for columns the file does not have yet)."""
    conn = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    db = Database(conn)
    if MIGRATIONS.pending(db):
        db.close()
        raise NotUpgraded(str(path))
    return db


def open_db(path: str | Path, *, migrate: bool = True) -> Database:
    """Open (creating if needed) the database at ``path``, ready to use.

    WAL journal so readers never wait for the writer, a busy timeout instead of instant
    "database is locked" errors, foreign keys enforced (deleting a user deletes everything
    of theirs), deleted content overwritten rather than left in free pages, and every pending
    migration applied. ``":memory:"`` gives a throwaway
    database for tests.
    """
    memory = str(path) == ":memory:"
    if not memory:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    db = Database(memory=True) if memory else Database(path)
    db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    db.execute("PRAGMA foreign_keys = ON")
    db.execute("PRAGMA secure_delete = ON")  # deleted rows (tokens, /forget) are overwritten
    if not memory:
        db.enable_wal()
        db.execute("PRAGMA synchronous = NORMAL")
    if migrate:
        MIGRATIONS.apply(db)
    return db

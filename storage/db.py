"""Opening the database: one place that sets the pragmas and applies migrations."""

from __future__ import annotations

from pathlib import Path

from sqlite_utils import Database

from storage.migrations import MIGRATIONS

BUSY_TIMEOUT_MS = 5_000


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

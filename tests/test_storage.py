"""The database: migrations, users, and atomic writes."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlite_utils import Database

from storage import open_db
from storage.migrations import MIGRATIONS
from storage.users import deactivate_user, get_user, register_user, update_settings

NOW = datetime(2026, 11, 25, 18, 30, tzinfo=UTC)
TABLES = {"users", "channels", "posts", "snapshots", "scores", "notifications"}


def test_a_new_file_gets_every_table_wal_and_foreign_keys(tmp_path: Path) -> None:
    db = open_db(tmp_path / "sub" / "r.db")
    assert set(db.table_names()) >= TABLES
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.execute("PRAGMA busy_timeout").fetchone()[0] >= 1000
    db.close()


def test_migrations_apply_twice_cleanly(tmp_path: Path) -> None:
    """Opening an existing database re-applies nothing and changes nothing."""
    path = tmp_path / "r.db"
    db = open_db(path)
    register_user(db, user_id=1, chat_id=1, first_name="A", language="en", now=NOW)
    schema = db.execute("SELECT sql FROM sqlite_master ORDER BY name").fetchall()
    applied = [m.name for m in MIGRATIONS.applied(db)]
    db.close()

    again = open_db(path)
    assert again.execute("SELECT sql FROM sqlite_master ORDER BY name").fetchall() == schema
    assert [m.name for m in MIGRATIONS.applied(again)] == applied
    assert MIGRATIONS.pending(again) == []
    assert get_user(again, 1) is not None
    again.close()


def test_register_user_is_idempotent_and_keeps_preferences(fresh_db: Database) -> None:
    user, created = register_user(
        fresh_db, user_id=7, chat_id=7, first_name="Ann", language="de", now=NOW
    )
    assert created
    assert (user.language, user.timezone) == ("de", "UTC")
    assert (user.digest_day, user.digest_hour, user.alert_threshold) == (0, 9, 5)
    update_settings(fresh_db, 7, NOW, language="en")
    deactivate_user(fresh_db, 7, NOW)

    again, created = register_user(
        fresh_db, user_id=7, chat_id=7, first_name="Anna", language="de", now=NOW
    )
    assert not created
    assert again.language == "en", "a second /start must not override the user's own choice"
    assert again.first_name == "Anna"
    assert again.active, "starting again reactivates a user who had blocked the bot"
    assert fresh_db["users"].count == 1


def test_an_interrupted_write_leaves_nothing_half_done(fresh_db: Database) -> None:
    """A failure inside an atomic block rolls back every row it wrote."""
    register_user(fresh_db, user_id=1, chat_id=1, first_name="A", language="en", now=NOW)
    insert = (
        "INSERT INTO channels (user_id, platform, handle, account_id, created_at) "
        "VALUES (1, 'github', 'a', '1', 'x')"
    )

    def write_twice() -> None:
        with fresh_db.atomic():
            fresh_db.execute(insert)
            fresh_db.execute(insert)  # violates UNIQUE: the whole block is undone

    with pytest.raises(sqlite3.IntegrityError):
        write_twice()
    assert fresh_db["channels"].count == 0


def test_deleting_a_user_deletes_everything_of_theirs(fresh_db: Database) -> None:
    register_user(fresh_db, user_id=1, chat_id=1, first_name="A", language="en", now=NOW)
    fresh_db.execute(
        "INSERT INTO channels (id, user_id, platform, handle, account_id, created_at) "
        "VALUES (10, 1, 'github', 'a', '1', 'x')"
    )
    fresh_db.execute(
        "INSERT INTO posts (channel_id, post_id, created_at, kind, updated_at) "
        "VALUES (10, 'p', 'x', 'own', 'x')"
    )
    fresh_db.execute("DELETE FROM users WHERE id = 1")
    assert fresh_db["channels"].count == 0
    assert fresh_db["posts"].count == 0

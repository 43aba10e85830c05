"""The database: migrations, users, and atomic writes."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlite_utils import Database

from scoring.channel_data import Account, ChannelData, Post, PostKind, Profile
from storage import open_db
from storage.channels import add_channel
from storage.clock import to_db
from storage.engagement import merge_days
from storage.export import user_data
from storage.fetches import record_fetch
from storage.migrations import MIGRATIONS
from storage.notifications import claim, mark_sent
from storage.retention import KEEP_ALL, KEEP_DAILY, thin
from storage.scores import save_score, score_at
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
    merge_days(fresh_db, 10, {NOW.date(): 5})
    assert user_data(fresh_db, 1)["engagement_days"][0]["engagements"] == 5, "in /export"
    fresh_db.execute("DELETE FROM users WHERE id = 1")
    assert fresh_db["channels"].count == 0
    assert fresh_db["posts"].count == 0
    assert fresh_db["engagement_days"].count == 0


def _two_years_of_history(db: Database) -> None:
    """A user refreshed every 6 hours for two years: scores, daily snapshots, posts, messages."""
    register_user(db, user_id=1, chat_id=1, first_name="A", language="en", now=NOW)
    account = Account("mastodon", "1", "@a@x.example")
    channel = add_channel(db, 1, account, NOW - timedelta(days=730))
    for step in range(730 * 4):
        moment = NOW - timedelta(days=730) + timedelta(hours=6 * step)
        save_score(db, 1, 10 + step % 50, "1.0", {"step": step}, moment)
        if step % 4 == 0:
            db.execute(
                "INSERT INTO snapshots (channel_id, taken_at, followers, following, posts_count, "
                "extra) VALUES (?, ?, ?, 0, 0, '{}')",
                [channel.id, to_db(moment), step],
            )
        if step % 8 == 0:
            post = Post(f"p{step}", moment, PostKind.OWN, likes=step)
            record_fetch(db, channel.id, ChannelData(Profile(), (post,)), moment)
            merge_days(db, channel.id, {moment.date(): step})
    for week in range(100):
        moment = NOW - timedelta(weeks=week)
        notification = claim(db, 1, "digest", f"W{week}", {}, moment, moment)
        assert notification is not None
        if week:
            mark_sent(db, notification, moment)


def test_retention_thins_old_history_and_keeps_what_it_keeps_unchanged(tmp_path: Path) -> None:
    db = open_db(tmp_path / "r.db")
    _two_years_of_history(db)
    before = {row["id"]: row for row in db.query("SELECT * FROM scores")}
    compare = [score_at(db, 1, NOW - timedelta(days=d), "1.0") for d in (7, 30, 200, 600)]

    done = thin(db, NOW)

    kept = list(db.query("SELECT * FROM scores ORDER BY computed_at"))
    for row in kept:
        assert row == before[row["id"]], "a kept row is never rewritten"
    recent = [r for r in kept if r["computed_at"] >= to_db(NOW - KEEP_ALL)]
    daily = [r for r in kept if to_db(NOW - KEEP_DAILY) <= r["computed_at"] < to_db(NOW - KEEP_ALL)]
    weekly = [r for r in kept if r["computed_at"] < to_db(NOW - KEEP_DAILY)]
    assert len(recent) == 7 * 4, "every score of the last 7 days"
    assert 91 <= len(weekly) <= 94, "one a week before the last 90 days (two years here)"
    days = [r["computed_at"][:10] for r in daily]
    assert len(days) == len(set(days)), "one a day up to 90 days"
    assert set(days) >= {(NOW - timedelta(days=d)).date().isoformat() for d in range(8, 90)}
    for day in {r["computed_at"][:10] for r in daily}:  # the day's last score is the one kept
        last = max(
            (
                r
                for r in before.values()
                if r["computed_at"][:10] == day and r["computed_at"] < to_db(NOW - KEEP_ALL)
            ),
            key=lambda r: r["id"],
        )
        assert last["id"] in {r["id"] for r in daily}
    assert [score_at(db, 1, NOW - timedelta(days=d), "1.0") for d in (7, 30)] == compare[:2]
    assert done.scores == len(before) - len(kept)

    old_snapshots = db.execute(
        "SELECT count(*), count(DISTINCT substr(taken_at, 1, 10)) FROM snapshots WHERE taken_at < ?",
        [to_db(NOW - KEEP_ALL)],
    ).fetchone()
    assert old_snapshots[0] == old_snapshots[1] <= 83 + 94, "at most one a day, then a week"
    oldest_post = db.execute("SELECT min(created_at) FROM posts").fetchone()[0]
    assert oldest_post >= to_db(NOW - timedelta(days=180))
    oldest_day = db.execute("SELECT min(day) FROM engagement_days").fetchone()[0]
    assert oldest_day >= (NOW - timedelta(days=180)).date().isoformat()
    assert done.days > 0
    statuses = dict(db.execute("SELECT period, status FROM notifications"))
    assert "W99" not in statuses, "a sent digest from two years ago is gone"
    assert statuses["W0"] == "pending", "a pending message is never dropped"
    assert len(statuses) == 13, "the last 90 days: weeks 0 to 12"

    assert thin(db, NOW).total == 0, "a second pass finds nothing more"
    db.close()


@pytest.mark.parametrize(
    "excerpt",
    ['=HYPERLINK("http://evil.example","x")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "\t=1"],
)
def test_no_exported_cell_runs_as_a_formula(excerpt: str) -> None:
    """A reshared post's text is other people's: in a spreadsheet it must stay text."""
    import csv
    import io

    from storage.export import as_csv

    rows = [{"post_id": "1", "excerpt": excerpt, "likes": -1, "title": "fine = text"}]
    parsed = list(csv.DictReader(io.StringIO(as_csv(rows).decode("utf-8-sig"))))
    assert parsed[0]["excerpt"] == "'" + excerpt
    assert parsed[0]["likes"] == "-1", "numbers stay numbers"
    assert parsed[0]["title"] == "fine = text"


def test_stored_account_ids_take_one_spelling_and_one_owner(tmp_path: Path) -> None:
    """Channels stored before ids were normalised: each takes the one spelling, except where
    the same user holds both spellings (left for the user), and where two users verified one
    account under two spellings only the first verified keeps the proof."""
    db = Database(tmp_path / "old.db")
    MIGRATIONS.apply(db, stop_before="m009_one_spelling_per_account")
    for user in (1, 2):
        register_user(db, user_id=user, chat_id=user, first_name="A", language="en", now=NOW)
    rows = [
        (1, "mastodon", "7@https://Mastodon.Social", to_db(NOW)),
        (2, "mastodon", "7@https://mastodon.social.:443", to_db(NOW + timedelta(days=1))),
        (1, "blog", "https://Alice.Example/feed#top", None),
        (1, "blog", "https://alice.example/feed", None),
        (2, "github", "583231", None),
    ]
    for user, platform, account_id, verified in rows:
        db.execute(
            "INSERT INTO channels (user_id, platform, handle, account_id, created_at, verified_at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [user, platform, account_id, account_id, to_db(NOW), verified],
        )
    MIGRATIONS.apply(db)
    stored = db.execute(
        "SELECT user_id, platform, account_id, verified_at IS NOT NULL FROM channels ORDER BY id"
    ).fetchall()
    assert stored == [
        (1, "mastodon", "7@https://mastodon.social", 1),
        (2, "mastodon", "7@https://mastodon.social", 0),
        (1, "blog", "https://Alice.Example/feed#top", 0),
        (1, "blog", "https://alice.example/feed", 0),
        (2, "github", "583231", 0),
    ]


@pytest.mark.parametrize(
    ("given", "canonical"),
    [
        ("109302@https://Mastodon.Social", "109302@https://mastodon.social"),
        ("109302@https://mastodon.social.:443", "109302@https://mastodon.social"),
        ("109302@http://127.0.0.1:8099", "109302@http://127.0.0.1:8099"),
        ("https://Example.COM", "https://example.com/"),
        ("HTTPS://example.com:443/Blog/feed.xml#x", "https://example.com/Blog/feed.xml"),
        ("http://example.com:80/?feed=rss2", "http://example.com/?feed=rss2"),
        ("did:plc:abc", "did:plc:abc"),
        ("stackoverflow.com/22656", "stackoverflow.com/22656"),
    ],
)
def test_account_ids_have_one_spelling(given: str, canonical: str) -> None:
    from scoring.identity import normal_account_id

    assert normal_account_id(given) == canonical
    assert normal_account_id(canonical) == canonical


def test_an_export_is_sent_in_albums_of_ten_files_and_twenty_megabytes_at_most() -> None:
    """Telegram takes 2 to 10 documents an album; a heavy user's posts fill megabytes."""
    from bot.handlers.data import ALBUM_BYTES, albums

    small = [(f"f{i}.csv", b"x" * 10) for i in range(11)]
    assert [len(a) for a in albums(small)] == [10, 1]
    big = [("a.json", b"x" * (ALBUM_BYTES - 5)), ("b.csv", b"x" * 10), ("c.csv", b"x" * 3)]
    assert [[name for name, _ in a] for a in albums(big)] == [["a.json"], ["b.csv", "c.csv"]]
    assert [name for a in albums(small + big) for name, _ in a] == [n for n, _ in small + big]

"""The schema, as an ordered list of sqlite-utils migrations.

A migration, once released, is never edited: change the schema by adding a new one. Each runs
in a transaction together with the record that it ran, so a crash mid-migration leaves the
database as it was. Times are stored as UTC ISO-8601 text (``2026-11-25T18:30:00Z``), which
sorts and compares correctly as text.
"""

from __future__ import annotations

from sqlite_utils import Database, Migrations

from scoring.identity import normal_account_id

MIGRATIONS = Migrations("resonance")


@MIGRATIONS()
def m001_initial_schema(db: Database) -> None:
    """Users, channels, posts, snapshots, scores and the notifications log."""
    statements = [
        """
        CREATE TABLE users (
            id INTEGER PRIMARY KEY,               -- Telegram user id
            chat_id INTEGER NOT NULL,             -- private chat with the bot
            first_name TEXT NOT NULL DEFAULT '',
            language TEXT NOT NULL DEFAULT 'en',
            timezone TEXT NOT NULL DEFAULT 'UTC', -- IANA name
            digest_day INTEGER NOT NULL DEFAULT 0 CHECK (digest_day BETWEEN 0 AND 6), -- 0 = Monday
            digest_hour INTEGER NOT NULL DEFAULT 9 CHECK (digest_hour BETWEEN 0 AND 23),
            alerts_enabled INTEGER NOT NULL DEFAULT 1 CHECK (alerts_enabled IN (0, 1)),
            alert_threshold INTEGER NOT NULL DEFAULT 5 CHECK (alert_threshold BETWEEN 1 AND 100),
            quiet_start INTEGER CHECK (quiet_start BETWEEN 0 AND 23),  -- local hour, NULL = none
            quiet_end INTEGER CHECK (quiet_end BETWEEN 0 AND 23),
            share_in_groups INTEGER NOT NULL DEFAULT 0 CHECK (share_in_groups IN (0, 1)),
            active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )
        """,
        """
        CREATE TABLE channels (
            id INTEGER PRIMARY KEY,
            user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            platform TEXT NOT NULL,
            handle TEXT NOT NULL,                 -- as the user knows it: @alice@example.social
            account_id TEXT NOT NULL,             -- canonical, stable id on the platform
            display_name TEXT NOT NULL DEFAULT '',
            url TEXT NOT NULL DEFAULT '',
            weight INTEGER NOT NULL DEFAULT 1 CHECK (weight BETWEEN 0 AND 3),
            status TEXT NOT NULL DEFAULT 'pending'
                CHECK (status IN ('pending', 'ok', 'stale', 'error')),
            last_error TEXT,
            fetch_state TEXT NOT NULL DEFAULT '{}',  -- JSON: ETags, cursors, high-water marks
            credentials BLOB,                     -- encrypted; only token-based platforms
            last_attempt_at TEXT,
            last_success_at TEXT,
            failures INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL,
            UNIQUE (user_id, platform, account_id)
        )
        """,
        "CREATE INDEX idx_channels_user ON channels(user_id)",
        """
        CREATE TABLE posts (
            id INTEGER PRIMARY KEY,
            channel_id INTEGER NOT NULL REFERENCES channels(id) ON DELETE CASCADE,
            post_id TEXT NOT NULL,                -- the platform's id
            created_at TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('own', 'reply', 'reshare', 'quote')),
            likes INTEGER NOT NULL DEFAULT 0,
            reshares INTEGER NOT NULL DEFAULT 0,
            replies INTEGER NOT NULL DEFAULT 0,
            quotes INTEGER NOT NULL DEFAULT 0,
            url TEXT NOT NULL DEFAULT '',
            excerpt TEXT NOT NULL DEFAULT '',
            hashtags TEXT NOT NULL DEFAULT '[]',  -- JSON list
            has_media INTEGER NOT NULL DEFAULT 0,
            has_link INTEGER NOT NULL DEFAULT 0,
            in_thread INTEGER NOT NULL DEFAULT 0,  -- a self-reply continuing an own thread
            updated_at TEXT NOT NULL,
            UNIQUE (channel_id, post_id)
        )
        """,
        "CREATE INDEX idx_posts_channel_created ON posts(channel_id, created_at)",
        """
        CREATE TABLE snapshots (
            id INTEGER PRIMARY KEY,
            channel_id INTEGER NOT NULL REFERENCES channels(id) ON DELETE CASCADE,
            taken_at TEXT NOT NULL,
            followers INTEGER NOT NULL DEFAULT 0,
            following INTEGER NOT NULL DEFAULT 0,
            posts_count INTEGER NOT NULL DEFAULT 0,
            extra TEXT NOT NULL DEFAULT '{}'      -- JSON: platform-specific counts (karma, stars)
        )
        """,
        "CREATE INDEX idx_snapshots_channel_taken ON snapshots(channel_id, taken_at)",
        """
        CREATE TABLE scores (
            id INTEGER PRIMARY KEY,
            user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            computed_at TEXT NOT NULL,
            score REAL NOT NULL CHECK (score BETWEEN 1 AND 100),
            formula_version TEXT NOT NULL,
            breakdown TEXT NOT NULL DEFAULT '{}'  -- JSON
        )
        """,
        "CREATE INDEX idx_scores_user_computed ON scores(user_id, computed_at)",
        """
        CREATE TABLE notifications (
            id INTEGER PRIMARY KEY,
            user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            kind TEXT NOT NULL,                   -- digest, alert, ...
            period TEXT NOT NULL,                 -- 2026-W48 for a digest, 2026-11-25 for an alert
            created_at TEXT NOT NULL,
            sent_at TEXT,
            payload TEXT NOT NULL DEFAULT '{}',
            UNIQUE (user_id, kind, period)
        )
        """,
    ]
    for statement in statements:
        db.execute(statement)


@MIGRATIONS()
def m002_schedule_and_delivery(db: Database) -> None:
    """The schedule in the database, alert memory, and a delivery state for every message."""
    statements = [
        "ALTER TABLE users ADD COLUMN next_refresh_at TEXT",
        "ALTER TABLE users ADD COLUMN next_digest_at TEXT",
        "ALTER TABLE users ADD COLUMN last_manual_refresh_at TEXT",
        "ALTER TABLE users ADD COLUMN alert_state TEXT NOT NULL DEFAULT '{}'",
        "CREATE INDEX idx_users_next_refresh ON users(active, next_refresh_at)",
        "CREATE INDEX idx_users_next_digest ON users(active, next_digest_at)",
        "ALTER TABLE notifications ADD COLUMN deliver_after TEXT",
        "ALTER TABLE notifications ADD COLUMN attempted_at TEXT",
        "ALTER TABLE notifications ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0",
        "ALTER TABLE notifications ADD COLUMN status TEXT NOT NULL DEFAULT 'pending'",
        "CREATE INDEX idx_notifications_due ON notifications(status, deliver_after)",
    ]
    for statement in statements:
        db.execute(statement)


@MIGRATIONS()
def m003_group_members(db: Database) -> None:
    """Who has been seen in which group, for group leaderboards (opted-in members only)."""
    db.execute(
        """
        CREATE TABLE group_members (
            chat_id INTEGER NOT NULL,
            user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            seen_at TEXT NOT NULL,
            PRIMARY KEY (chat_id, user_id)
        )
        """
    )


@MIGRATIONS()
def m004_focus_topics(db: Database) -> None:
    """Focus topics (a JSON list of words and phrases) and whether only focus posts count."""
    db.execute("ALTER TABLE users ADD COLUMN focus TEXT NOT NULL DEFAULT '[]'")
    db.execute("ALTER TABLE users ADD COLUMN focus_only INTEGER NOT NULL DEFAULT 0")


@MIGRATIONS()
def m005_ownership_proof(db: Database) -> None:
    """Ownership proof: the one-time code a channel's owner puts on the profile, and when the
    channel was verified. One verified channel per account across all users."""
    db.execute("ALTER TABLE channels ADD COLUMN verify_code TEXT")
    db.execute("ALTER TABLE channels ADD COLUMN verified_at TEXT")
    db.execute(
        "CREATE UNIQUE INDEX idx_channels_verified_account ON channels(platform, account_id) "
        "WHERE verified_at IS NOT NULL"
    )


@MIGRATIONS()
def m006_refresh_lag(db: Database) -> None:
    """When each user's last scheduled refresh started, and how late it was (seconds past
    its due time): the operator's measure of freshness (`resonance status`)."""
    db.execute("ALTER TABLE users ADD COLUMN last_refresh_at TEXT")
    db.execute("ALTER TABLE users ADD COLUMN last_refresh_lag REAL")


@MIGRATIONS()
def m007_reminders(db: Database) -> None:
    """Whether the weekly digest reminds the user of exports to send and numbers to report."""
    db.execute("ALTER TABLE users ADD COLUMN reminders INTEGER NOT NULL DEFAULT 0")


@MIGRATIONS()
def m008_engagement_days(db: Database) -> None:
    """Engagements per day that an imported export reports (LinkedIn's ENGAGEMENT sheet),
    charted under the score in /history."""
    db.execute(
        """
        CREATE TABLE engagement_days (
            channel_id INTEGER NOT NULL REFERENCES channels(id) ON DELETE CASCADE,
            day TEXT NOT NULL,
            engagements INTEGER NOT NULL,
            PRIMARY KEY (channel_id, day)
        )
        """
    )


@MIGRATIONS()
def m009_one_spelling_per_account(db: Database) -> None:
    """Account ids in one spelling (host case, trailing dot, default port: scoring/identity.py),
    so the one-owner rule holds for accounts stored before. Where two of a user's channels
    name one account, the later keeps its spelling (it is merged by hand or unlinked); where
    two users verified one account under two spellings, the first verified keeps the proof."""
    rows = db.execute(
        "SELECT id, user_id, platform, account_id, verified_at FROM channels "
        "ORDER BY verified_at IS NULL, verified_at, id"
    ).fetchall()
    for channel_id, user_id, platform, account_id, verified_at in rows:
        canonical = normal_account_id(account_id)
        if canonical == account_id:
            continue
        same = db.execute(
            "SELECT 1 FROM channels WHERE user_id = ? AND platform = ? AND account_id = ?",
            [user_id, platform, canonical],
        ).fetchone()
        if same is not None:
            continue
        owned = db.execute(
            "SELECT 1 FROM channels WHERE platform = ? AND account_id = ? "
            "AND verified_at IS NOT NULL",
            [platform, canonical],
        ).fetchone()
        if verified_at is not None and owned is not None:
            db.execute("UPDATE channels SET verified_at = NULL WHERE id = ?", [channel_id])
        db.execute("UPDATE channels SET account_id = ? WHERE id = ?", [canonical, channel_id])


@MIGRATIONS()
def m010_channel_origin(db: Database) -> None:
    """Where a channel's numbers come from, as a property of the channel (not its platform):
    ``read`` from the platform by every refresh, ``imported`` from files its owner sends
    (an X archive, though X can be read too), ``reported`` by its owner (/report)."""
    db.execute(
        "ALTER TABLE channels ADD COLUMN origin TEXT NOT NULL DEFAULT 'read' "
        "CHECK (origin IN ('read', 'imported', 'reported'))"
    )
    db.execute("UPDATE channels SET origin = 'reported' WHERE platform = 'manual'")
    db.execute(
        "UPDATE channels SET origin = 'imported' WHERE platform = 'linkedin' "
        "OR (platform = 'x' AND fetch_state LIKE '%\"imported_at\"%')"
    )


@MIGRATIONS()
def m011_sign_ins(db: Database) -> None:
    """Sign-ins with the platforms: each one's single-use ticket (the Connect link in the
    chat) and state (the round trip through the provider, bound to the browser that started
    it), the accounts a connecting sign-in offers (their tokens sealed, kept an hour), and the
    apps registered with users' own servers (Mastodon)."""
    db.execute(
        """
        CREATE TABLE sign_ins (
            id INTEGER PRIMARY KEY,
            user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            provider TEXT NOT NULL,               -- meta, threads, github, mastodon
            channel_id INTEGER REFERENCES channels(id) ON DELETE CASCADE,  -- verify: which
            server TEXT NOT NULL DEFAULT '',      -- a user's own server (Mastodon)
            ticket TEXT NOT NULL UNIQUE,          -- in the Connect link: used once
            state TEXT UNIQUE,                    -- sent to the provider: used once
            browser TEXT,                         -- SHA-256 of the cookie that started it
            verifier BLOB,                        -- PKCE verifier, sealed
            created_at TEXT NOT NULL,
            started_at TEXT,
            finished_at TEXT
        )
        """
    )
    db.execute("CREATE INDEX idx_sign_ins_user ON sign_ins(user_id)")
    db.execute(
        """
        CREATE TABLE sign_in_offers (
            id INTEGER PRIMARY KEY,
            sign_in_id INTEGER NOT NULL REFERENCES sign_ins(id) ON DELETE CASCADE,
            user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            platform TEXT NOT NULL,
            ref TEXT NOT NULL,
            name TEXT NOT NULL DEFAULT '',
            credentials BLOB,                     -- the token that reads it, sealed
            linked_at TEXT
        )
        """
    )
    db.execute(
        """
        CREATE TABLE oauth_apps (
            server TEXT PRIMARY KEY,              -- an origin: https://mastodon.social
            redirect_uri TEXT NOT NULL,
            client_id TEXT NOT NULL,
            credentials BLOB NOT NULL,            -- the client secret, sealed
            created_at TEXT NOT NULL
        )
        """
    )


@MIGRATIONS()
def m012_timezone_chosen(db: Database) -> None:
    """Whether the user chose a timezone (tips that name an hour ask once until then); a
    timezone other than the default counts as chosen."""
    db.execute("ALTER TABLE users ADD COLUMN timezone_chosen INTEGER NOT NULL DEFAULT 0")
    db.execute("UPDATE users SET timezone_chosen = 1 WHERE timezone != 'UTC'")


@MIGRATIONS()
def m013_engagers(db: Database) -> None:
    """Who liked and replied to a user's recent posts, and whom the user's replies answered
    (issue 28): a person's id and handle on the platform, nothing they wrote; kept 90 days,
    gone with the channel."""
    db.execute(
        """
        CREATE TABLE engagers (
            channel_id INTEGER NOT NULL REFERENCES channels(id) ON DELETE CASCADE,
            post_id TEXT NOT NULL,                -- the user's post (for "answered": reply)
            person_id TEXT NOT NULL,              -- the person's id on the platform
            kind TEXT NOT NULL,                   -- like, reply, answered
            handle TEXT NOT NULL DEFAULT '',
            at TEXT NOT NULL,                     -- when the user's post was made
            UNIQUE (channel_id, post_id, person_id, kind)
        )
        """
    )
    db.execute("CREATE INDEX idx_engagers_channel_at ON engagers(channel_id, at)")


@MIGRATIONS()
def m014_public_profiles(db: Database) -> None:
    """A user's opt-in public profile (issue 29): its unguessable slug, whether search engines
    may index it, and whether channels not verified (or whose numbers are the owner's word)
    are shown; gone with the user."""
    db.execute(
        """
        CREATE TABLE profiles (
            user_id INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
            slug TEXT NOT NULL UNIQUE,
            created_at TEXT NOT NULL,
            findable INTEGER NOT NULL DEFAULT 0,
            show_unverified INTEGER NOT NULL DEFAULT 0
        )
        """
    )


@MIGRATIONS()
def m015_empty_likers(db: Database) -> None:
    """Formula 3.4 (issue 28): whether a liker's account was empty when read (it never posted
    and nobody follows it), the signature of bought likes; people stored before count as
    not empty until their post is read again."""
    db.execute("ALTER TABLE engagers ADD COLUMN hollow INTEGER NOT NULL DEFAULT 0")


@MIGRATIONS()
def m016_digest_switch(db: Database) -> None:
    """The weekly digest can be turned off (it came to everyone, with no way to say no): on
    for everyone until they turn it off."""
    db.execute("ALTER TABLE users ADD COLUMN digest_enabled INTEGER NOT NULL DEFAULT 1")

"""Sign-ins in flight: tickets, states, what they offer, and apps on users' own servers.

A ticket (the Connect link in the chat) and a state (the round trip through the provider)
are each used once: the row that spends one is updated only where it is still unspent, in
one statement, so two requests racing with the same value cannot both win.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlite_utils import Database

from storage.clock import from_db, to_db

#: How long a Connect link, and a started sign-in, stay good.
SIGN_IN_LIFETIME = timedelta(minutes=10)
#: How long the accounts a sign-in found wait to be picked.
OFFER_LIFETIME = timedelta(hours=1)


@dataclass(frozen=True, slots=True)
class SignIn:
    id: int
    user_id: int
    provider: str
    channel_id: int | None
    server: str
    created_at: datetime
    verifier: bytes | None  # sealed
    browser: str | None


@dataclass(frozen=True, slots=True)
class StoredOffer:
    id: int
    sign_in_id: int
    user_id: int
    platform: str
    ref: str
    name: str
    credentials: bytes | None  # sealed
    linked: bool


def _sign_in(row: tuple[object, ...]) -> SignIn:
    number, user, provider, channel, server, created, verifier, browser = row
    return SignIn(
        int(str(number)),
        int(str(user)),
        str(provider),
        int(str(channel)) if channel is not None else None,
        str(server),
        from_db(str(created)),
        bytes(verifier) if isinstance(verifier, bytes | bytearray | memoryview) else None,
        str(browser) if browser is not None else None,
    )


_COLUMNS = "id, user_id, provider, channel_id, server, created_at, verifier, browser"


def new_ticket(
    db: Database,
    user_id: int,
    provider: str,
    ticket: str,
    now: datetime,
    *,
    channel_id: int | None = None,
    server: str = "",
) -> None:
    db.execute(
        "INSERT INTO sign_ins (user_id, provider, channel_id, server, ticket, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        [user_id, provider, channel_id, server, ticket, to_db(now)],
    )


def spend_ticket(
    db: Database,
    ticket: str,
    provider: str,
    state: str,
    browser: str,
    verifier: bytes | None,
    now: datetime,
) -> SignIn | None:
    """Start the sign-in of ``ticket`` (once, within its lifetime): bind it to ``state`` and
    the browser; None if the ticket is unknown, spent, expired or for another provider."""
    rows = db.execute(
        f"UPDATE sign_ins SET state = ?, browser = ?, verifier = ?, started_at = ? "  # noqa: S608
        f"WHERE ticket = ? AND provider = ? AND started_at IS NULL AND created_at > ? "
        f"RETURNING {_COLUMNS}",
        [state, browser, verifier, to_db(now), ticket, provider, to_db(now - SIGN_IN_LIFETIME)],
    ).fetchall()
    return _sign_in(rows[0]) if rows else None


def spend_state(db: Database, state: str, provider: str, now: datetime) -> SignIn | None:
    """Finish the sign-in of ``state`` (once, within its lifetime); None if it is unknown,
    finished already, expired or for another provider."""
    rows = db.execute(
        f"UPDATE sign_ins SET finished_at = ? WHERE state = ? AND provider = ? "  # noqa: S608
        f"AND finished_at IS NULL AND started_at > ? RETURNING {_COLUMNS}",
        [to_db(now), state, provider, to_db(now - SIGN_IN_LIFETIME)],
    ).fetchall()
    return _sign_in(rows[0]) if rows else None


def state_owner(db: Database, state: str) -> int | None:
    """The user whose sign-in ``state`` is (spent or not), to tell them what happened."""
    row = db.execute("SELECT user_id FROM sign_ins WHERE state = ?", [state]).fetchone()
    return int(row[0]) if row else None


def add_offers(
    db: Database, sign_in: SignIn, offers: list[tuple[str, str, str, bytes | None]]
) -> list[StoredOffer]:
    """Keep what a sign-in found: (platform, ref, name, sealed token) each."""
    with db.atomic():
        for platform, ref, name, sealed in offers:
            db.execute(
                "INSERT INTO sign_in_offers (sign_in_id, user_id, platform, ref, name, "
                "credentials) VALUES (?, ?, ?, ?, ?, ?)",
                [sign_in.id, sign_in.user_id, platform, ref, name, sealed],
            )
    return offers_of(db, sign_in.user_id, sign_in.id)


_OFFER = (
    "SELECT o.id, o.sign_in_id, o.user_id, o.platform, o.ref, o.name, o.credentials, "
    "o.linked_at FROM sign_in_offers o JOIN sign_ins s ON s.id = o.sign_in_id "
)


def _offer(row: tuple[object, ...]) -> StoredOffer:
    number, sign_in, user, platform, ref, name, sealed, linked = row
    return StoredOffer(
        int(str(number)),
        int(str(sign_in)),
        int(str(user)),
        str(platform),
        str(ref),
        str(name),
        bytes(sealed) if isinstance(sealed, bytes | bytearray | memoryview) else None,
        linked is not None,
    )


def offers_of(db: Database, user_id: int, sign_in_id: int) -> list[StoredOffer]:
    rows = db.execute(
        _OFFER + "WHERE o.user_id = ? AND o.sign_in_id = ? ORDER BY o.id", [user_id, sign_in_id]
    ).fetchall()
    return [_offer(row) for row in rows]


def offer(db: Database, user_id: int, offer_id: int, now: datetime) -> StoredOffer | None:
    """The user's offer ``offer_id``, while it may still be picked."""
    row = db.execute(
        _OFFER + "WHERE o.id = ? AND o.user_id = ? AND s.finished_at > ?",
        [offer_id, user_id, to_db(now - OFFER_LIFETIME)],
    ).fetchone()
    return _offer(row) if row else None


def mark_linked(db: Database, offer_id: int, now: datetime) -> None:
    db.execute("UPDATE sign_in_offers SET linked_at = ? WHERE id = ?", [to_db(now), offer_id])


def forget_old(db: Database, now: datetime) -> int:
    """Drop sign-ins past any use, with the tokens their offers held."""
    return db.execute(
        "DELETE FROM sign_ins WHERE created_at < ?", [to_db(now - OFFER_LIFETIME * 2)]
    ).rowcount


def server_app(db: Database, server: str, redirect_uri: str) -> tuple[str, bytes] | None:
    """(client id, sealed secret) of our app on ``server`` for ``redirect_uri``, if any."""
    row = db.execute(
        "SELECT client_id, credentials FROM oauth_apps WHERE server = ? AND redirect_uri = ?",
        [server, redirect_uri],
    ).fetchone()
    return (str(row[0]), bytes(row[1])) if row else None


def keep_server_app(
    db: Database, server: str, redirect_uri: str, client_id: str, sealed: bytes, now: datetime
) -> None:
    db.execute(
        "INSERT INTO oauth_apps (server, redirect_uri, client_id, credentials, created_at) "
        "VALUES (?, ?, ?, ?, ?) ON CONFLICT (server) DO UPDATE SET "
        "redirect_uri = excluded.redirect_uri, client_id = excluded.client_id, "
        "credentials = excluded.credentials, created_at = excluded.created_at",
        [server, redirect_uri, client_id, sealed, to_db(now)],
    )

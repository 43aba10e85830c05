"""The rules of a sign-in, on the database alone: a ticket and a state are each good once,
for ten minutes, for their own provider; an offer stays an hour."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlite_utils import Database

from bot.use_cases.signing_in import browser_hash
from storage.signins import (
    add_offers,
    new_ticket,
    offer,
    spend_state,
    spend_ticket,
)
from storage.users import register_user

NOW = datetime(2026, 12, 5, 12, 0, tzinfo=UTC)


def _user(db: Database) -> None:
    register_user(db, user_id=1, chat_id=1, first_name="A", language="en", now=NOW)


def test_a_ticket_is_good_once_for_ten_minutes_and_its_provider(fresh_db: Database) -> None:
    _user(fresh_db)
    new_ticket(fresh_db, 1, "meta", "t1", NOW)
    new_ticket(fresh_db, 1, "meta", "t2", NOW)
    hashed = browser_hash("nonce")
    assert spend_ticket(fresh_db, "t1", "threads", "s0", hashed, None, NOW) is None, "another"
    assert spend_ticket(fresh_db, "t1", "meta", "s1", hashed, None, NOW) is not None
    assert spend_ticket(fresh_db, "t1", "meta", "s2", hashed, None, NOW) is None, "used"
    late = NOW + timedelta(minutes=10, seconds=1)
    assert spend_ticket(fresh_db, "t2", "meta", "s3", hashed, None, late) is None, "expired"


def test_a_state_is_finished_once_and_within_ten_minutes_of_its_start(
    fresh_db: Database,
) -> None:
    _user(fresh_db)
    for ticket, state in (("t1", "s1"), ("t2", "s2")):
        new_ticket(fresh_db, 1, "meta", ticket, NOW)
        spend_ticket(fresh_db, ticket, "meta", state, browser_hash("n"), None, NOW)
    assert spend_state(fresh_db, "s1", "mastodon", NOW) is None, "another provider's state"
    assert spend_state(fresh_db, "s1", "meta", NOW + timedelta(minutes=3)) is not None
    assert spend_state(fresh_db, "s1", "meta", NOW + timedelta(minutes=4)) is None, "replayed"
    assert spend_state(fresh_db, "s2", "meta", NOW + timedelta(minutes=11)) is None, "expired"
    assert spend_state(fresh_db, "unknown", "meta", NOW) is None


def test_what_a_sign_in_found_may_be_picked_for_an_hour_by_its_user_only(
    fresh_db: Database,
) -> None:
    _user(fresh_db)
    register_user(fresh_db, user_id=2, chat_id=2, first_name="M", language="en", now=NOW)
    new_ticket(fresh_db, 1, "meta", "t1", NOW)
    spend_ticket(fresh_db, "t1", "meta", "s1", browser_hash("n"), None, NOW)
    sign_in = spend_state(fresh_db, "s1", "meta", NOW)
    assert sign_in is not None
    [found] = add_offers(fresh_db, sign_in, [("facebook", "104", "Bakes", b"sealed")])
    assert offer(fresh_db, 1, found.id, NOW + timedelta(minutes=59)) is not None
    assert offer(fresh_db, 2, found.id, NOW) is None, "another user's"
    assert offer(fresh_db, 1, found.id, NOW + timedelta(minutes=61)) is None, "expired"

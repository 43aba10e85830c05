"""Self-reported channels (XING and any network without an API): /link manual, /report, the
refusals, and what the rest of the bot makes of them. The real Application in process."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.app import BotApplication
from bot.services import services_of
from bot.use_cases.digest import DigestPayload, digest_payload
from bot.use_cases.refresh import refresh_user
from bot.use_cases.scores import current_score
from bot.views.push import render_digest
from scoring.sources.manual import Report, ReportRefused, check_plausible, parse_report
from storage.users import get_user
from tests.fakes.telegram_server import FakeTelegram
from tests.fakes.updates import application_on, button_update, process, text_update

USER = 31


@pytest.fixture
async def app(fake_telegram: FakeTelegram, tmp_path: Path) -> AsyncIterator[BotApplication]:
    async with application_on(fake_telegram, tmp_path / "manual.db", chats=[USER]) as app:
        yield app


async def _say(app: BotApplication, fake: FakeTelegram, text: str, language: str = "en") -> str:
    calls = await process(app, fake, text_update(USER, text, language=language))
    return calls[-1].text


def _posts(app: BotApplication) -> int:
    return int(services_of(app).db.execute("SELECT count(*) FROM posts").fetchone()[0])


async def test_a_self_reported_channel_is_linked_reported_and_scored(
    app: BotApplication, fake_telegram: FakeTelegram
) -> None:
    linked = await _say(app, fake_telegram, "/link manual XING")
    assert "Added <b>XING</b> as a self-reported channel" in linked
    listed = await _say(app, fake_telegram, "/channels")
    assert "self-reported <b>XING</b>" in listed
    assert "no numbers reported yet" in listed

    done = await _say(
        app, fake_telegram, "/report XING followers 320 posts 3 reactions 45 comments 12"
    )
    assert "Recorded for <b>XING</b>, the last 7 days: 320 followers, 3 posts, 45 reactions" in done
    assert "Your score: <b>" in done
    assert _posts(app) == 3
    score = await _say(app, fake_telegram, "/score")
    assert "XING" in score
    why = await _say(app, fake_telegram, "/why")
    assert "XING (self-reported)" in why, "the ledger says whose numbers these are"

    again = await _say(
        app, fake_telegram, "/report XING followers 330 posts 4 reactions 50 comments 9"
    )
    assert "330 followers, 4 posts" in again
    assert _posts(app) == 4, "a report within the week replaces the last, nothing counted twice"
    listed = await _say(app, fake_telegram, "/channels")
    assert "numbers reported" in listed

    services = services_of(app)
    before = services.db.execute("SELECT last_attempt_at, status FROM channels").fetchall()
    await refresh_user(services.db, services.reader, USER, services.now(), force=True)
    after = services.db.execute("SELECT last_attempt_at, status FROM channels").fetchall()
    assert before == after, "a refresh never reads a self-reported channel"

    verify = await _say(app, fake_telegram, "/verify XING")
    assert "stays unverified" in verify


@pytest.mark.parametrize(
    ("command", "reason"),
    [
        ("/report XING followers -5 posts 1", "cannot be negative"),
        ("/report XING followers many posts 1", "is not a whole number"),
        ("/report XING fans 300 posts 1", "I do not know “fans”"),
        ("/report XING followers 900000000 posts 1", "more than I can believe"),
        ("/report XING reactions 40 comments 3", "need at least one post"),
        ("/report XING followers 320 posts", "Each word needs its number"),
        ("/report LinkedIn followers 320 posts 2", "no self-reported channel named LinkedIn"),
    ],
)
async def test_implausible_or_malformed_reports_are_refused_with_a_reason(
    app: BotApplication, fake_telegram: FakeTelegram, command: str, reason: str
) -> None:
    await _say(app, fake_telegram, "/link manual XING")
    answer = await _say(app, fake_telegram, command)
    assert reason in answer
    assert _posts(app) == 0, "a refused report changes nothing"


async def test_a_jump_of_100_times_within_a_week_is_refused_in_german(
    app: BotApplication, fake_telegram: FakeTelegram
) -> None:
    await _say(app, fake_telegram, "/link manual XING", language="de")
    await _say(app, fake_telegram, "/report XING Kontakte 320 Beiträge 2 Reaktionen 30", "de")
    answer = await _say(app, fake_telegram, "/report XING Kontakte 32000 Beiträge 2", "de")
    assert "320" in answer
    assert "32000" in answer
    assert "Tippfehler" in answer
    assert _posts(app) == 2


def test_a_report_of_a_later_fortnight_may_grow_a_lot() -> None:
    now = datetime(2026, 11, 30, tzinfo=UTC)
    last = (Report(followers=20, posts=1, reactions=10), now - timedelta(days=20))
    check_plausible(Report(followers=5000, posts=5, reactions=2000), last, now)


@given(st.lists(st.text(max_size=12), max_size=8))
def test_any_words_are_a_report_or_a_reason_never_a_crash(words: list[str]) -> None:
    try:
        report = parse_report(words)
    except ReportRefused as refused:
        report = None
        code = refused.code
    assert (report is None and code) or (report is not None and report.posts >= 0)


async def test_the_digest_reminds_only_those_who_asked_of_numbers_to_bring(
    app: BotApplication, fake_telegram: FakeTelegram
) -> None:
    await _say(app, fake_telegram, "/link manual XING")
    await _say(app, fake_telegram, "/report XING followers 320 posts 3 reactions 45 comments 12")
    services = services_of(app)
    user = get_user(services.db, USER)
    assert user is not None
    later = services.now() + timedelta(days=8)
    quiet = digest_payload(services.db, user, later)
    assert quiet is not None
    assert quiet.reminders == (), "no reminder without the opt-in"

    shown = (await process(app, fake_telegram, text_update(USER, "/settings")))[-1]
    assert "Reminders: off" in shown.text
    message = {"message_id": shown.result["message_id"], "chat": {"id": USER, "type": "private"},
               "date": 0, "text": shown.text}  # fmt: skip
    saved = (await process(app, fake_telegram, button_update(USER, "set:remind", message)))[-1]
    assert "Reminders: on" in saved.text
    user = get_user(services.db, USER)
    assert user is not None
    payload = digest_payload(services.db, user, later)
    assert payload is not None
    assert [(r.label, r.kind, r.days) for r in payload.reminders] == [("XING", "report", 8)]
    again = DigestPayload.from_json(payload.to_json())
    assert again.reminders == payload.reminders
    text = render_digest("de", again, later)
    assert "/report XING" in text
    fresh = digest_payload(services.db, user, services.now() + timedelta(days=2))
    assert fresh is not None
    assert fresh.reminders == (), "numbers reported this week: nothing to remind"


async def test_a_gamer_at_every_limit_scores_only_for_themselves(
    app: BotApplication, fake_telegram: FakeTelegram
) -> None:
    """The largest week a report accepts, twice over on two networks: it counts in the user's
    own score, but the channels stay unverified, so no leaderboard ranks that user."""
    for name in ("XING", "Meetup"):
        await _say(app, fake_telegram, f"/link manual {name}")
        done = await _say(
            app,
            fake_telegram,
            f"/report {name} followers 50000000 posts 500 reactions 5000000 comments 1000000",
        )
        assert "Recorded" in done
    services = services_of(app)
    current = current_score(services.db, USER, services.now())
    assert current.score.value <= 100
    assert current.unverified == 2, "listed apart, without a score, on every leaderboard"
    refused = await _say(app, fake_telegram, "/report XING followers 50000001 posts 1")
    assert "more than I can believe" in refused

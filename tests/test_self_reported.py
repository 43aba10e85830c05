"""Self-reported channels (XING and any network without an API): /link manual, /report, the
refusals, and what the rest of the bot makes of them. The real Application in process."""

from __future__ import annotations

import re
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
from tests.fakes.telegram_server import Call, FakeTelegram
from tests.fakes.updates import application_on, button_update, process, text_update

USER = 31


@pytest.fixture
async def app(fake_telegram: FakeTelegram, tmp_path: Path) -> AsyncIterator[BotApplication]:
    async with application_on(fake_telegram, tmp_path / "manual.db", chats=[USER]) as app:
        yield app


async def _say(app: BotApplication, fake: FakeTelegram, text: str, language: str = "en") -> str:
    calls = await process(app, fake, text_update(USER, text, language=language))
    return calls[-1].text


async def _xing_reported(app: BotApplication, fake: FakeTelegram, language: str = "en") -> None:
    """XING linked, and a week reported: 320 followers, 3 posts, 45 reactions, 12 comments."""
    await _say(app, fake, "/link manual XING", language)
    await _say(app, fake, "/report XING followers 320 posts 3 reactions 45 comments 12")


def _digest(app: BotApplication, days: int) -> tuple[DigestPayload, datetime]:
    """The digest planned ``days`` from now, and that moment."""
    services = services_of(app)
    user = get_user(services.db, USER)
    assert user is not None
    later = services.now() + timedelta(days=days)
    payload = digest_payload(services.db, user, later)
    assert payload is not None
    return payload, later


def _posts(app: BotApplication) -> int:
    return int(services_of(app).db.execute("SELECT count(*) FROM posts").fetchone()[0])


@pytest.mark.parametrize(
    ("typed", "named"),
    [("/link xing", "XING"), ("/link manual tiktok", "TikTok"), ("/link meetup", "Meetup"),
     ("/link manual threema channel", "Threema Channel"), ("/link manual ProZ", "ProZ"),
     ("/link Xing", "XING"), ("/link manual Tiktok", "TikTok"),
     ("/link https://www.xing.com/profile/Alice_Doe", "XING"),  # was read as a blog's address
     ("/link https://www.tiktok.com/@alice", "TikTok")],  # was looked up on Mastodon
)  # fmt: skip
async def test_a_network_typed_in_lower_case_is_named_as_it_spells_itself(
    app: BotApplication, fake_telegram: FakeTelegram, typed: str, named: str
) -> None:
    """/start says "XING"; "/link xing" (and "/link Xing") answered "I cannot read Xing"."""
    linked = await _say(app, fake_telegram, typed)
    assert f"I cannot read <b>{named}</b>" in linked
    again = await _say(app, fake_telegram, f"/link manual {named.upper()}")
    assert "already linked" in again, "one network, whatever the case"


async def test_a_self_reported_channel_is_linked_reported_and_scored(
    app: BotApplication, fake_telegram: FakeTelegram
) -> None:
    linked = await _say(app, fake_telegram, "/link manual XING")
    assert "I cannot read <b>XING</b>" in linked
    listed = await _say(app, fake_telegram, "/channels")
    assert "<b>XING (self-reported)</b>" in listed
    assert "no numbers reported yet" in listed

    done = await _say(
        app, fake_telegram, "/report XING followers 320 posts 3 reactions 45 comments 12"
    )
    assert "Recorded for <b>XING</b>, the last 7 days: 320 followers, 3 posts, 45 reactions" in done
    assert "Your score: <b>" in done
    assert _posts(app) == 3
    score = await _say(app, fake_telegram, "/score")
    assert "XING" in score
    assert "XING (self-reported)" in score, "the score says whose numbers these are"

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
        ("/report XING followers 900000000 posts 1", "900,000,000 followers is more than I"),
        ("/report XING followers 3 posts 90000000", "90,000,000 posts in a week is more than"),
        ("/report XING followers " + "9" * 309 + " posts 1", "more than I can believe"),
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
    assert "32.000" in answer
    assert "Tippfehler" in answer
    assert _posts(app) == 2


def test_a_report_of_a_later_fortnight_may_grow_a_lot() -> None:
    now = datetime(2026, 11, 30, tzinfo=UTC)
    last = (Report(followers=20, posts=1, reactions=10), now - timedelta(days=20))
    check_plausible(Report(followers=5000, posts=5, reactions=2000), last, now)


@pytest.mark.parametrize(
    "words",
    [["followers:", "320,", "posts:", "3;"], ["followers,", "320", "posts", "3,"],
     ["Kontakte:", "320,", "Beiträge:", "3"]],
)  # fmt: skip
def test_numbers_listed_with_commas_are_read_as_a_list(words: list[str]) -> None:
    """ "/report XING followers: 320, posts: 3" was refused: "“320,” after followers: is not a
    whole number"."""
    assert parse_report(words) == Report(followers=320, posts=3)
    assert parse_report(["followers", "1,234,", "posts", "3"]).followers == 1234


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
    await _xing_reported(app, fake_telegram)
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


async def test_score_and_digest_say_a_channel_without_numbers_has_none_not_zero_points(
    app: BotApplication, fake_telegram: FakeTelegram
) -> None:
    """A self-reported network never reported was "XING: 0.0 points" in the weekly digest,
    which reads as a week without interaction; it has nothing to count yet."""
    await _say(app, fake_telegram, "/link manual XING")
    score = await _say(app, fake_telegram, "/score")
    assert "• XING (self-reported): no reported numbers (/report)" in score, "not 0.0 points"
    payload, later = _digest(app, 8)
    again = DigestPayload.from_json(payload.to_json())
    english, german = render_digest("en", again, later), render_digest("de", again, later)
    assert "XING (self-reported): no numbers reported yet (/report)" in english
    assert "XING (selbst gemeldet): noch keine Zahlen gemeldet (/report)" in german
    assert "0.0 points" not in english

    await _say(app, fake_telegram, "/report XING followers 320 posts 3 reactions 45 comments 12")
    assert "XING (self-reported): <b>" in await _say(app, fake_telegram, "/score")
    reported, later = _digest(app, 8)
    assert "no numbers reported" not in render_digest("en", reported, later)
    assert "XING (self-reported): " in render_digest("en", reported, later)


@pytest.mark.parametrize(
    ("language", "top", "week"),
    [("en", "45 reactions, 12 comments", "week to "),
     ("de", "45 Reaktionen, 12 Kommentare", "Woche bis ")],
)  # fmt: skip
async def test_a_report_is_listed_as_its_week_with_the_numbers_reported_never_as_posts(
    app: BotApplication, fake_telegram: FakeTelegram, language: str, top: str, week: str
) -> None:
    """/top listed a report's numbers shared out as three "(untitled) (self-reported)" posts
    of 15 reactions (the German too said "self-reported"); the digest named one its best post
    of the week. A report is one week's numbers, as the owner sent them."""
    await _xing_reported(app, fake_telegram, language)
    listed = await _say(app, fake_telegram, "/top", language)
    lines = [line for line in listed.splitlines() if line.startswith(("1.", "2."))]
    assert len(lines) == 1, listed
    assert lines[0].startswith(f"1. {week}")
    assert lines[0].endswith(f"(XING, {'self-reported' if language == 'en' else 'selbst gemeldet'})"
                             f": {top}")  # fmt: skip
    why = (await process(app, fake_telegram, text_update(USER, "/why", language=language)))[-1]
    message = {"message_id": why.result["message_id"], "chat": {"id": USER, "type": "private"},
               "date": 0, "text": why.text}  # fmt: skip
    posts = await process(app, fake_telegram, button_update(USER, "why:posts", message))
    assert f"1. {week}" in posts[-1].text
    assert "(untitled)" not in posts[-1].text

    payload, later = _digest(app, 1)
    assert payload.best_post is None, "a report is not a post"
    text = render_digest(language, payload, later)
    assert "No post of yours" not in text, "nor said as none"
    assert "keiner deiner Beiträge" not in text


async def test_refresh_with_nothing_to_read_says_so(
    app: BotApplication, fake_telegram: FakeTelegram
) -> None:
    """It said "Reading your 1 channel…", then "Refreshed 0 channels"."""
    await _say(app, fake_telegram, "/link manual XING")
    for _ in range(2):  # no cool-down started by a refresh that read nothing
        said = await _say(app, fake_telegram, "/refresh")
        assert said.startswith("There is nothing for me to read"), said
        assert "/report" in said
    await _say(app, fake_telegram, "/settings language Deutsch")
    german = await _say(app, fake_telegram, "/refresh", "de")
    assert german.startswith("Hier gibt es für mich nichts zu lesen"), german


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


async def _press(
    app: BotApplication, fake: FakeTelegram, data: str, message: dict[str, object]
) -> list[Call]:
    return await process(app, fake, button_update(USER, data, message))


def _buttons(call: Call) -> dict[str, str]:
    rows = call.params.get("reply_markup", {}).get("inline_keyboard", [])
    return {b["text"]: b["callback_data"] for row in rows for b in row}


async def test_report_alone_asks_each_number_in_one_message_edited_as_answers_come(
    app: BotApplication, fake_telegram: FakeTelegram
) -> None:
    await _say(app, fake_telegram, "/link manual XING")
    (asked,) = await process(app, fake_telegram, text_update(USER, "/report"))
    assert "How many followers (or contacts) does it have now?" in asked.text
    assert set(_buttons(asked)) == {"0", "Cancel"}, "no last report to offer yet"
    message = asked.message
    for answer, next_question in [
        ("320", "How many posts"),
        ("3", "How many reactions"),
        ("1.045", "How many comments"),  # a thousands separator is read
        ("12", "How many shares"),
    ]:
        (edited,) = await process(app, fake_telegram, text_update(USER, answer))
        assert edited.method == "editMessageText"
        assert int(edited.params["message_id"]) == message["message_id"]
        assert next_question in edited.text
    assert "· reactions: 1,045" in edited.text
    (done,) = await _press(app, fake_telegram, _buttons(edited)["0"], message)
    assert "Recorded for <b>XING</b>, the last 7 days: 320 followers, 3 posts" in done.text
    assert "/report XING followers 320 posts 3 reactions 1045 comments 12" in done.text
    assert _buttons(done) == {}
    assert _posts(app) == 3

    (again,) = await process(app, fake_telegram, text_update(USER, "/report XING"))
    offered = _buttons(again)
    assert "320, as last time" in offered
    await _press(app, fake_telegram, offered["320, as last time"], again.message)
    (done,) = await process(app, fake_telegram, text_update(USER, "0"))
    assert "320 followers, 0 posts, 0 reactions, 0 comments" in done.text, "no posts: no more"
    assert _posts(app) == 0, "a report within the week replaces the last"


@pytest.mark.parametrize("language", ["en", "de"])
async def test_the_followers_alone_ask_for_the_weeks_numbers_instead_of_recording_none(
    app: BotApplication, fake_telegram: FakeTelegram, language: str
) -> None:
    """ "/report XING followers 330" to fix the followers replaced the week's report with
    "330 followers, 0 posts, 0 reactions, 0 comments": 20.4 fell to 1.0, from numbers never
    said. Now it asks the week's others, offering last week's, and records nothing before."""
    await _xing_reported(app, fake_telegram, language)
    services = services_of(app)
    score = current_score(services.db, USER, services.now()).score.value
    (asked,) = await process(app, fake_telegram, text_update(USER, "/report followers 330",
                                                             language=language))  # fmt: skip
    question = {"en": "How many posts did you publish", "de": "Wie viele Beiträge"}[language]
    assert question in asked.text, asked.text
    # one word for the followers in the question, its summary and the result (German said
    # "Kontakte" in the summary and "Follower" in the result)
    assert {"en": "· followers: 330", "de": "· Follower: 330"}[language] in asked.text
    assert _posts(app) == 3, "nothing recorded yet"
    assert current_score(services.db, USER, services.now()).score.value == score
    for answer in ("3", "45", "12"):
        (step,) = await _press(app, fake_telegram, _buttons(asked)[
            {"en": f"{answer}, as last time", "de": f"{answer}, wie beim letzten Mal"}[language]
        ], asked.message)  # fmt: skip
        asked = step
    (done,) = await _press(app, fake_telegram, _buttons(asked)["0"], asked.message)
    recorded = {"en": "330 followers, 3 posts, 45 reactions, 12 comments",
                "de": "330 Follower, 3 Beiträge, 45 Reaktionen, 12 Kommentare"}[language]  # fmt: skip
    assert recorded in done.text, done.text
    assert _posts(app) == 3
    assert abs(current_score(services.db, USER, services.now()).score.value - score) < 0.5


async def test_an_answer_that_names_what_it_counts_is_taken(
    app: BotApplication, fake_telegram: FakeTelegram
) -> None:
    """ "320 followers" to "How many followers …?" was refused as not a whole number."""
    await _say(app, fake_telegram, "/link manual XING")
    await process(app, fake_telegram, text_update(USER, "/report"))
    for answer, asked_next in [("320 followers", "How many posts"), ("3 Beiträge", "reactions"),
                               ("45 likes", "How many comments")]:  # fmt: skip
        (edited,) = await process(app, fake_telegram, text_update(USER, answer))
        assert asked_next in edited.text, (answer, edited.text)
    (refused,) = await process(app, fake_telegram, text_update(USER, "12 posts"))
    assert "is not a whole number" in refused.text, "a number of something else is asked again"


async def test_wrong_answers_are_refused_politely_and_a_command_ends_the_dialogue(
    app: BotApplication, fake_telegram: FakeTelegram
) -> None:
    await _say(app, fake_telegram, "/link manual XING", language="de")
    (asked,) = await process(app, fake_telegram, text_update(USER, "/report", language="de"))
    assert "Wie viele Follower" in asked.text
    for text, reason in [("-5", "negativ"), ("viele", "keine ganze Zahl"), ("9" * 30, "glauben")]:
        (refused,) = await process(app, fake_telegram, text_update(USER, text, language="de"))
        assert refused.method == "sendMessage", "a reason as a reply; the question stands"
        assert reason in refused.text
    assert "Follower" in refused.text, "our name for the number, in German"
    await _say(app, fake_telegram, "/help", language="de")
    stray = await _say(app, fake_telegram, "320", language="de")
    assert "Was möchtest du?" in stray, "after a command a number is just a stray text"
    assert services_of(app).db.execute("SELECT fetch_state FROM channels").fetchone()[0] == "{}"

    (asked,) = await process(app, fake_telegram, text_update(USER, "/report", language="de"))
    for forged in ("report:v:99999999999", "report:v:²", "report:v:-3"):  # a modified client
        (refused,) = await _press(app, fake_telegram, forged, asked.message)
        assert refused.method == "sendMessage", "refused like a typed number"
    (cancelled,) = await _press(app, fake_telegram, _buttons(asked)["Abbrechen"], asked.message)
    assert "nichts gespeichert" in cancelled.text
    for hostile in ("report:v:5", "report:c:abc", "report:c:99999", "report:v:-1", "report:"):
        (ended,) = await _press(app, fake_telegram, hostile, asked.message)
        assert "/report" in ended.text


async def test_with_several_channels_buttons_pick_one_and_a_refused_week_can_start_again(
    app: BotApplication, fake_telegram: FakeTelegram
) -> None:
    await _say(app, fake_telegram, "/link manual XING")
    await _say(app, fake_telegram, "/link manual Meetup")
    await _say(app, fake_telegram, "/report Meetup followers 40 posts 2 reactions 20 comments 5")
    (asked,) = await process(app, fake_telegram, text_update(USER, "/report"))
    assert "Which channel" in asked.text
    choices = _buttons(asked)
    assert set(choices) == {"XING", "Meetup", "Cancel"}
    (picked,) = await _press(app, fake_telegram, choices["Meetup"], asked.message)
    assert "<b>Meetup (self-reported)</b>" in picked.text
    for answer in ("40", "2", "2000", "5"):  # reactions 20 -> 2,000: a typo's jump
        await process(app, fake_telegram, text_update(USER, answer))
    (refused,) = await _press(app, fake_telegram, "report:v:0", asked.message)
    assert "reactions went from 20 to 2,000" in refused.text
    (restarted,) = await _press(app, fake_telegram, _buttons(refused)["Start again"], asked.message)
    assert "How many followers" in restarted.text
    assert "40, as last time" in _buttons(restarted)


async def test_the_dialogue_goes_on_in_a_new_message_when_the_user_deleted_its_message(
    app: BotApplication, fake_telegram: FakeTelegram
) -> None:
    await _say(app, fake_telegram, "/link manual XING")
    (asked,) = await process(app, fake_telegram, text_update(USER, "/report"))
    fake_telegram.user_deletes(USER, asked.message["message_id"])
    *refused, moved = await process(app, fake_telegram, text_update(USER, "320"))
    assert [c.method for c in refused] == ["editMessageText"], "the edit Telegram refused"
    assert moved.method == "sendMessage"
    assert "How many posts" in moved.text
    (edited,) = await process(app, fake_telegram, text_update(USER, "0"))
    assert edited.method == "editMessageText", "the new message is the dialogue's now"
    assert int(edited.params["message_id"]) == moved.message["message_id"]
    assert "320 followers, 0 posts" in edited.text


async def test_a_button_of_something_else_ends_the_dialogue(
    app: BotApplication, fake_telegram: FakeTelegram
) -> None:
    """An old /link button pressed mid-dialogue asks for a handle: the next text is that
    handle, not a report."""
    await _say(app, fake_telegram, "/link manual XING")
    (menu,) = await process(app, fake_telegram, text_update(USER, "/link"))
    (asked,) = await process(app, fake_telegram, text_update(USER, "/report"))
    assert "How many followers" in asked.text
    await _press(app, fake_telegram, "link:manual", menu.message)  # asks for a network's name
    answer = await _say(app, fake_telegram, "320")
    assert "I cannot read <b>320</b>" in answer, "the name, not a report"
    states = services_of(app).db.execute("SELECT fetch_state FROM channels").fetchall()
    assert states == [("{}",), ("{}",)], "nothing reported"


@pytest.mark.parametrize(
    ("raw", "counted"),
    [("1,234", 1234), ("1.234", 1234), ("1'234", 1234), ("12.345.678", None), ("320", 320),
     ("1.5", None), ("1,5", None), ("2.50", None), ("1.2345", None), (",5", None),
     ("1.234,5", None), ("1,234.5", None)],
)  # fmt: skip
def test_a_reported_number_with_a_decimal_point_is_not_a_whole_number(
    raw: str, counted: int | None
) -> None:
    """Reactions "1.5" were recorded as 15 (every separator was dropped): a mark between digits
    counts as a thousands separator only between groups of three."""
    from scoring.sources.manual import ReportRefused, parse_count

    if counted is None:
        with pytest.raises(ReportRefused):
            parse_count("reactions", raw)
    else:
        assert parse_count("reactions", raw) == counted


async def test_why_for_a_channel_that_adds_nothing_says_why(
    app: BotApplication, fake_telegram: FakeTelegram
) -> None:
    """/why 1 for a channel with no lines fell back to the summary without a word about it."""
    await _say(app, fake_telegram, "/link manual XING")
    nothing = await _say(app, fake_telegram, "/why 1")
    assert "XING (self-reported) adds nothing to your score yet" in nothing
    await _say(app, fake_telegram, "/weight 1 0")
    ignored = await _say(app, fake_telegram, "/why XING")
    assert "has weight 0, so it does not count: /weight 1 1 counts it again." in ignored


@pytest.mark.parametrize(
    ("language", "step"),
    [("en", "• XING’s first numbers (/report): {score}"),
     ("de", "• Die ersten Zahlen von XING (/report): {score}")],
)  # fmt: skip
async def test_history_says_where_a_first_report_moved_the_score(
    app: BotApplication, fake_telegram: FakeTelegram, language: str, step: str
) -> None:
    """/history on the first day said "Your first score: 1.0 … + XING: 1.0 … Now: 20.4": the
    jump from the report was nowhere. A report is the owner's own doing, so it is not among
    the steps "without any change in your activity"."""
    await _xing_reported(app, fake_telegram, language)
    score = await _say(app, fake_telegram, "/score", language)
    shown = re.search(r"<b>(\d+[.,]\d)</b>", score)
    assert shown is not None, score
    words = (await _say(app, fake_telegram, "/history", language)).splitlines()
    reported = step.format(score=shown.group(1))
    assert reported in words, words
    now = {"en": "Now: ", "de": "Jetzt: "}[language]
    assert words.index(reported) < next(i for i, w in enumerate(words) if w.startswith(now))
    assert not any("ohne dass" in w or "without any change" in w for w in words), (
        "the only step is the owner's own report"
    )
    await _say(app, fake_telegram, "/link manual TikTok", language)
    await _say(app, fake_telegram, "/report XING followers 330 posts 4 reactions 50 comments 9")
    again = (await _say(app, fake_telegram, "/history", language)).splitlines()
    assert sum("/report" in line for line in again) == 1, "the first numbers only"
    moved = {"en": "Linking or removing a channel moves the score without any change in your "
                   "activity.",
             "de": "Einen Kanal zu verknüpfen oder zu entfernen bewegt den Score, ohne dass sich "
                   "an deiner Aktivität etwas ändert."}  # fmt: skip
    assert moved[language] in again, again


async def test_a_reported_channel_weighted_again_is_one_step_not_two(
    app: BotApplication, fake_telegram: FakeTelegram
) -> None:
    """Weight 0 and back to 1 is the channel coming back ("+ XING"), not its first numbers."""
    await _xing_reported(app, fake_telegram)
    await _say(app, fake_telegram, "/weight XING 0")
    await _say(app, fake_telegram, "/weight XING 1")
    words = (await _say(app, fake_telegram, "/history")).splitlines()
    assert sum("/report" in line for line in words) == 1, words
    assert sum(line.startswith("• + XING") for line in words) == 1, words

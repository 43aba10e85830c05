"""Everyday words in the private chat: questions answered as the command they mean, and
pictures, voice messages and stickers answered (they were met with silence). The real
Application in process for what it sends."""

from __future__ import annotations

import re
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from bot.app import BotApplication
from bot.handlers.shortcuts import meant
from tests.fakes.telegram_server import FakeTelegram
from tests.fakes.updates import application_on, button_update, process, text_update

USER = 6060


@pytest.mark.parametrize(
    ("question", "command"),
    [("what is my score?", "score"), ("wie ist mein Wert?", "score"),
     ("how do I raise my score?", "tips"), ("how can I increase my score", "tips"),
     ("wie kann ich meinen Score steigern?", "tips"), ("Punkte erhöhen", "tips"),
     ("why so low?", "why"), ("show me the chart", "history"), ("Hilfe", "help"),
     # each answered "I did not understand that" (the last two ask before anything goes)
     ("how does it work?", "help"), ("wie funktioniert das?", "help"),
     ("stop", "settings"), ("unsubscribe", "settings"), ("keine Nachrichten mehr", "settings"),
     ("delete my data", "forget"), ("lösche meine Daten", "forget"), ("forget me", "forget"),
     ("how do I delete a post?", None),
     ("remove a channel", "unlink"), ("Kanal entfernen", "unlink"), ("remove a link", "unlink")],
)  # fmt: skip
def test_a_question_is_answered_as_the_command_it_means(question: str, command: str) -> None:
    """Asked "how do I raise my score?", the bot showed the score: its answer is the tips."""
    assert meant(question) == command


@pytest.fixture
async def app(fake_telegram: FakeTelegram, tmp_path: Path) -> AsyncIterator[BotApplication]:
    async with application_on(fake_telegram, tmp_path / "w.db", chats=[USER]) as app:
        yield app


def _media(kind: str, language: str) -> dict[str, Any]:
    update = text_update(USER, "", language=language)
    message = update["message"]
    del message["text"]
    file = {"file_id": "f", "file_unique_id": "u"}
    message[kind] = {
        "photo": [{**file, "width": 1, "height": 1}],
        "voice": {**file, "duration": 2},
        "sticker": {**file, "type": "regular", "width": 1, "height": 1, "is_animated": False,
                    "is_video": False},
    }[kind]  # fmt: skip
    return update


@pytest.mark.parametrize(
    ("language", "said"),
    [("en", "I read text and export files, not pictures, voice messages or stickers."),
     ("de", "Ich lese Text und Exportdateien, keine Bilder, Sprachnachrichten oder Sticker.")],
)  # fmt: skip
@pytest.mark.parametrize("kind", ["photo", "voice", "sticker"])
async def test_a_picture_voice_message_or_sticker_is_answered_with_the_main_buttons(
    app: BotApplication, fake_telegram: FakeTelegram, kind: str, language: str, said: str
) -> None:
    calls = await process(app, fake_telegram, _media(kind, language))
    assert [c.method for c in calls] == ["sendMessage"]
    assert calls[0].text.startswith(said)
    assert len(calls[0].buttons) == 4


@pytest.mark.parametrize("command", ["/score", "/tips", "/history", "/card"])
async def test_without_a_channel_each_answer_has_the_button_to_link_one(
    app: BotApplication, fake_telegram: FakeTelegram, command: str
) -> None:
    """A newcomer's first /score, /tips, /history or /card: one tap to the first channel
    (choices are buttons), not only a command to type."""
    calls = await process(app, fake_telegram, text_update(USER, command))
    answer = [c for c in calls if c.method == "sendMessage"][-1]
    assert "/link" in answer.text
    assert [b["text"] for b in answer.buttons] == ["Link a channel"]


@pytest.mark.parametrize(
    ("typed", "zone"),
    [("Berlin", "Europe/Berlin"), ("berlin", "Europe/Berlin"), ("new york", "America/New_York"),
     ("New_York", "America/New_York"), ("europe/BERLIN", "Europe/Berlin"), ("Wien", "Europe/Vienna"),
     ("Zürich", "Europe/Zurich"), ("Kiew", "Europe/Kyiv"), ("Kolkata", "Asia/Kolkata"),
     ("UTC", "UTC"), ("Mexico City", "America/Mexico_City"), ("Sao Paulo", "America/Sao_Paulo")],
)  # fmt: skip
async def test_a_timezone_is_found_by_a_city_in_it_in_english_or_german(
    app: BotApplication, fake_telegram: FakeTelegram, typed: str, zone: str
) -> None:
    """Typing "/settings timezone Berlin" was refused: "use an IANA name such as Europe/Vienna"."""
    calls = await process(app, fake_telegram, text_update(USER, f"/settings timezone {typed}"))
    assert f"({zone})" in calls[-1].text
    assert "Saved." in calls[-1].text


@pytest.mark.parametrize(
    ("typed", "said"),
    [("UTC+1", "is an offset from UTC, not a place"), ("GMT-5", "is an offset from UTC"),
     ("+02:00", "is an offset from UTC"), ("Mars/Olympus", "I know no timezone called"),
     ("Atlantis", "I know no timezone called"), ("x" * 300, "I know no timezone called")],
)  # fmt: skip
async def test_a_place_that_names_no_timezone_is_refused_and_nothing_changes(
    app: BotApplication, fake_telegram: FakeTelegram, typed: str, said: str
) -> None:
    """Etc/GMT+1 is UTC−1 (POSIX signs): never reached by "GMT+1"; an offset is refused
    saying why (it would be wrong half the year where clocks change)."""
    calls = await process(app, fake_telegram, text_update(USER, f"/settings timezone {typed}"))
    assert said in calls[-1].text
    assert "Vienna" in calls[-1].text
    settings = await process(app, fake_telegram, text_update(USER, "/settings"))
    assert "(UTC)" in settings[-1].text


@pytest.mark.parametrize("typed", ["de", "Deutsch", "german", "GERMAN"])
async def test_the_language_is_set_by_its_name_or_code(
    app: BotApplication, fake_telegram: FakeTelegram, typed: str
) -> None:
    """Typing "/settings language deutsch" was answered with how to set the timezone."""
    calls = await process(app, fake_telegram, text_update(USER, f"/settings language {typed}"))
    assert "Sprache: Deutsch" in calls[-1].text
    assert "Gespeichert." in calls[-1].text, "said in the language just chosen"


@pytest.mark.parametrize(
    ("typed", "language", "shown"),
    [("alerts off", "en", "Alerts: off"), ("Benachrichtigungen aus", "de", "Benachrichtigungen: aus"),
     ("threshold 3", "en", "moves by 3 points or more"),
     ("digest Sunday", "en", "Weekly digest: Sunday at 9:00"),
     ("Wochenbericht Sonntag", "de", "Wochenbericht: Sonntag um 09:00"),
     ("hour 18", "en", "Monday at 6:00\u202fPM"), ("Uhrzeit 18:00", "de", "Montag um 18:00"),
     ("quiet 22-7", "en", "Quiet hours: 10:00\u202fPM–7:00\u202fAM"),
     # as people write them: a clock's hour, a day with its hour, alerts at a threshold
     ("hour 7pm", "en", "Monday at 7:00\u202fPM"), ("hour 7 am", "en", "Monday at 7:00\u202fAM"),
     ("hour 12am", "en", "Monday at 12:00\u202fAM"), ("Uhrzeit 19 Uhr", "de", "Montag um 19:00"),
     ("digest sunday 18:00", "en", "Weekly digest: Sunday at 6:00\u202fPM"),
     ("Wochenbericht Sonntag 8", "de", "Wochenbericht: Sonntag um 08:00"),
     ("alerts 3", "en", "Alerts: on, when the score moves by 3 points or more"),
     ("quiet 23:00-08:00", "en", "Quiet hours: 11:00\u202fPM–8:00\u202fAM"),
     ("digest off", "en", "Weekly digest: off"), ("Wochenbericht aus", "de", "Wochenbericht: aus")],
)  # fmt: skip
async def test_any_setting_can_be_typed_in_english_or_german(
    app: BotApplication, fake_telegram: FakeTelegram, typed: str, language: str, shown: str
) -> None:
    """ "/settings alerts off" and the rest were answered with how to set the timezone."""
    calls = await process(app, fake_telegram, text_update(USER, f"/settings {typed}",
                                                          language=language))  # fmt: skip
    assert shown in calls[-1].text, calls[-1].text
    assert any(word in calls[-1].text for word in ("Saved.", "Gespeichert."))


@pytest.mark.parametrize(
    ("typed", "page", "choices"),
    [("threshold 4", "Alert me when the score moves by at least:", ["2", "3", "5", "8"]),
     ("digest 25", "On which day should the weekly digest come?", ["Monday", "Sunday"]),
     ("language Klingon", "Which language?", ["English", "Deutsch"]),
     ("hour", "At what hour (your time)?", ["9:00\u202fAM", "6:00\u202fPM"]),
     ("hour 13pm", "At what hour (your time)?", ["9:00\u202fAM", "6:00\u202fPM"]),
     ("alerts 4", "Alert me when the score moves by at least:", ["2", "3", "5", "8"]),
     ("digest sunday 25:00", "At what hour (your time)?", ["9:00\u202fAM", "6:00\u202fPM"]),
     ("quiet 1-2", "No messages during:", ["10:00\u202fPM–7:00\u202fAM"]),
     ("timezone", "Which timezone are you in?", ["Europe/Berlin"])],
)  # fmt: skip
async def test_a_setting_typed_without_a_value_it_understands_offers_its_buttons(
    app: BotApplication, fake_telegram: FakeTelegram, typed: str, page: str, choices: list[str]
) -> None:
    """The page of buttons for that setting, and nothing changed; a press edits it into the
    overview with the choice saved."""
    calls = await process(app, fake_telegram, text_update(USER, f"/settings {typed}"))
    offered = calls[-1]
    assert offered.text.startswith(page), offered.text
    labels = [b["text"] for b in offered.buttons]
    assert all(choice in labels for choice in choices), labels
    overview = await process(app, fake_telegram, text_update(USER, "/settings"))
    assert "Weekly digest: Monday at 9:00\u202fAM (UTC)" in overview[-1].text, "nothing changed"
    assert "moves by 5 points or more" in overview[-1].text
    button = next(b for b in offered.buttons if b["text"] == choices[-1])
    pressed = await process(app, fake_telegram, button_update(USER, button["callback_data"],
                                                              offered.message))  # fmt: skip
    assert pressed[-1].method == "editMessageText"
    assert any(word in pressed[-1].text for word in ("Saved.", "Gespeichert.")), "Deutsch: German"


@pytest.mark.parametrize("language", ["en", "de"])
async def test_a_setting_nobody_has_is_answered_with_the_ones_that_can_be_typed(
    app: BotApplication, fake_telegram: FakeTelegram, language: str
) -> None:
    """Each example the answer gives works as typed, in the language it is given in."""
    calls = await process(app, fake_telegram, text_update(USER, "/settings colour blue",
                                                          language=language))  # fmt: skip
    examples = re.findall(r"<code>(/settings [^<]+)</code>", calls[-1].text)
    assert len(examples) == 5, calls[-1].text
    for example in examples:
        done = await process(app, fake_telegram, text_update(USER, example, language=language))
        assert any(w in done[-1].text for w in ("Saved.", "Gespeichert.")), (example, done[-1].text)


@pytest.mark.parametrize("meanwhile", ["/score", "/help"])
async def test_a_platform_button_asks_for_a_handle_until_the_user_does_something_else(
    app: BotApplication, fake_telegram: FakeTelegram, meanwhile: str
) -> None:
    """[Link a channel], [GitHub], then /score: "how do I raise my score?" typed next was
    taken as the GitHub handle asked for ("That does not look like a GitHub handle")."""
    offered = (await process(app, fake_telegram, text_update(USER, "/link")))[-1]
    github = next(b for b in offered.buttons if b["text"] == "GitHub")
    asked = await process(app, fake_telegram, button_update(USER, github["callback_data"],
                                                            offered.message))  # fmt: skip
    assert "Send me your GitHub handle" in asked[-1].text
    await process(app, fake_telegram, text_update(USER, meanwhile))
    answer = await process(app, fake_telegram, text_update(USER, "how do I raise my score?"))
    assert "GitHub" not in answer[-1].text, answer[-1].text
    assert "Looking up" not in answer[-1].text
    assert "tips" in answer[-1].text.casefold() or "Link a channel" in str(answer[-1].buttons)


def test_a_handle_asked_for_half_an_hour_ago_is_no_longer_awaited() -> None:
    """A text days after a platform button is not the handle it asked for."""
    from bot.handlers.questions import AWAIT_SECONDS, AWAITING, awaited_handle

    now = time.monotonic()
    assert awaited_handle({AWAITING: ("github", now + AWAIT_SECONDS)}) == "github"
    stale: dict[object, object] = {AWAITING: ("github", now - 1)}
    assert awaited_handle(stale) is None
    assert stale == {}, "and forgotten"


async def test_after_forget_start_does_not_say_everything_is_as_it_was_left(
    app: BotApplication, fake_telegram: FakeTelegram
) -> None:
    """/forget, any command (it registers the user anew), then /start said "Welcome back!
    Your channels and settings are as you left them": they were deleted."""
    asked = await process(app, fake_telegram, text_update(USER, "/forget"))
    yes = asked[-1].buttons[0]["callback_data"]
    await process(app, fake_telegram, button_update(USER, yes, asked[-1].message))
    await process(app, fake_telegram, text_update(USER, "/score"))
    started = await process(app, fake_telegram, text_update(USER, "/start"))
    assert "as you left them" not in started[-1].text
    assert started[-1].text.startswith("Hello U6060! I am Resonance.")
    assert [b["text"] for b in started[-1].buttons] == ["Link a channel"]


async def test_start_again_with_a_channel_welcomes_back(
    app: BotApplication, fake_telegram: FakeTelegram
) -> None:
    await process(app, fake_telegram, text_update(USER, "/link manual XING"))
    started = await process(app, fake_telegram, text_update(USER, "/start"))
    assert started[-1].text.startswith("Welcome back, U6060!")
    assert "as you left them" in started[-1].text


@pytest.mark.parametrize(
    ("language", "off", "turn_on", "on"),
    [("en", "Weekly digest: off", "Turn the digest on", "Weekly digest: Monday at 9:00"),
     ("de", "Wochenbericht: aus", "Wochenbericht einschalten", "Wochenbericht: Montag um 09:00")],
)  # fmt: skip
async def test_the_weekly_digest_can_be_turned_off_and_on_with_a_button(
    app: BotApplication,
    fake_telegram: FakeTelegram,
    language: str,
    off: str,
    turn_on: str,
    on: str,
) -> None:
    """The digest came every week to everyone: /settings had its day and hour, no way to stop
    it short of /forget."""
    if language == "de":
        await process(app, fake_telegram, text_update(USER, "/settings language Deutsch"))
    shown = (await process(app, fake_telegram, text_update(USER, "/settings")))[-1]
    labels = [b["text"] for b in shown.buttons]
    turn_off = {"en": "Turn the digest off", "de": "Wochenbericht ausschalten"}[language]
    assert turn_off in labels, labels
    data = next(b["callback_data"] for b in shown.buttons if b["text"] == turn_off)
    pressed = (await process(app, fake_telegram, button_update(USER, data, shown.message)))[-1]
    assert pressed.method == "editMessageText"
    assert off in pressed.text, pressed.text
    data = next(b["callback_data"] for b in pressed.buttons if b["text"] == turn_on)
    again = (await process(app, fake_telegram, button_update(USER, data, pressed.message)))[-1]
    assert on in again.text, again.text


@pytest.mark.parametrize(
    ("said", "language", "answer"),
    [("hi", "en", "Hello! What would you like?"), ("Hallo!", "de", "Hallo! Was möchtest du?"),
     ("thanks", "en", "You are welcome. Anything else?"),
     ("Danke dir", "de", "Gern geschehen. Noch etwas?")],
)  # fmt: skip
async def test_a_greeting_or_thanks_is_answered_in_kind_with_the_main_buttons(
    app: BotApplication, fake_telegram: FakeTelegram, said: str, language: str, answer: str
) -> None:
    """ "hi" and "danke" were answered "I did not understand that"."""
    calls = await process(app, fake_telegram, text_update(USER, said, language=language))
    assert calls[-1].text == answer
    assert len(calls[-1].buttons) == 4


async def test_asked_in_words_to_delete_the_data_it_asks_before_anything_goes(
    app: BotApplication, fake_telegram: FakeTelegram
) -> None:
    calls = await process(app, fake_telegram, text_update(USER, "please delete my data"))
    assert [b["text"] for b in calls[-1].buttons] == ["Yes, delete everything", "Cancel"]
    from bot.services import services_of
    from storage.users import get_user

    assert get_user(services_of(app).db, USER) is not None, "nothing deleted before the tap"

"""Bad input, generated: every command with any arguments, any button data, any text.

The real Application (handlers, error handler) processes each update and talks to the fake
Bot API over HTTP; the platforms are unreachable, as a hostile URL would be. The bot must always
answer politely, never hit the error handler's apology, and change nothing it should not.
"""

from __future__ import annotations

import itertools
import socket
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import sqlite_utils
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from telegram import Update

from bot.app import BotApplication, build_application, build_services
from bot.commands import COMMANDS
from bot.lane import OutgoingLane
from bot.settings import load_settings
from storage import open_db
from storage.channels import list_channels
from tests.conftest import TOKEN, UNREACHABLE
from tests.examples import examples
from tests.fakes.telegram_server import FakeTelegram

USER = 31337
SORRY = "something went wrong on my side"
_ids = itertools.count(1)

hostile_text = st.one_of(
    st.text(max_size=300),
    st.sampled_from(
        [
            "",
            " ",
            "@",
            "@@",
            "/",
            "//",
            "<b>",
            "</b>&amp;",
            "&",
            "<script>alert(1)</script>",
            "http://127.0.0.1:9/feed",
            "http://169.254.169.254/",
            "file:///etc/passwd",
            "javascript:alert(1)",
            "https://",
            "http://[::1]:80/",
            "x" * 5000,
            "🙂" * 100,
            "‮gnp.exe",
            "\x00\x01",
            "999999999999999999999",
            "-1",
            "3.5",
            "NaN",
        ]
    ),
)


@pytest.fixture
async def app(fake_telegram: FakeTelegram, tmp_path: Path) -> AsyncIterator[BotApplication]:
    environ = {
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_BASE_URL": fake_telegram.base_url,
        **dict.fromkeys(
            (
                "RESONANCE_BLUESKY_API",
                "RESONANCE_GITHUB_API",
                "RESONANCE_HN_API",
                "RESONANCE_STACKEXCHANGE_API",
                "RESONANCE_REDDIT_API",
                "RESONANCE_YOUTUBE_API",
                "RESONANCE_GRAPH_API",
            ),
            UNREACHABLE,
        ),
    }
    settings_ = load_settings(environ)
    db = open_db(tmp_path / "fuzz.db")
    # Hundreds of generated messages to one group: Telegram's 20 a minute would take an hour.
    lane = OutgoingLane(group_per_minute=100_000)
    services = build_services(settings_, db)
    # ... and as many updates from one user as the generator makes (a person sends far fewer)
    services.commands.private = services.commands.group = 1_000_000
    application = build_application(services, lane)
    fake_telegram.send_message("/start", user_id=USER)  # the chats exist for the fake
    fake_telegram.send_message("/start", user_id=USER, chat_id=-4242, chat_type="group")
    async with application:
        yield application
    db.close()


def _message(text: str, chat_type: str = "private", language: str = "de") -> dict[str, Any]:
    chat_id = USER if chat_type == "private" else -4242
    message: dict[str, Any] = {
        "message_id": next(_ids),
        "date": int(time.time()),
        "text": text,
        "chat": {"id": chat_id, "type": chat_type, "title": "g"}
        if chat_type != "private"
        else {"id": chat_id, "type": "private", "first_name": "F"},
        "from": {"id": USER, "is_bot": False, "first_name": "F<&>", "language_code": language},
    }
    if text.startswith("/"):
        length = len(text.split()[0]) if text.split() else 1
        message["entities"] = [{"type": "bot_command", "offset": 0, "length": length}]
    return {"update_id": next(_ids), "message": message}


async def _process(app: BotApplication, fake: FakeTelegram, data: dict[str, Any]) -> list[str]:
    mark = fake.mark()
    await app.process_update(Update.de_json(data, app.bot))
    return [c.text for c in fake.calls[mark:] if c.method in ("sendMessage", "editMessageText")]


commands = st.sampled_from(
    [f"/{name}" for name, _ in COMMANDS] + ["/nonsense", "/LINK", "/start@other_bot"]
)


@settings(
    max_examples=examples(150),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(command=commands, args=st.lists(hostile_text, max_size=4), group=st.booleans())
async def test_any_command_with_any_arguments_gets_a_polite_answer(
    app: BotApplication, fake_telegram: FakeTelegram, command: str, args: list[str], group: bool
) -> None:
    text = " ".join([command, *args])[:4096]
    replies = await _process(app, fake_telegram, _message(text, "group" if group else "private"))
    assert not any(SORRY in r or "etwas schiefgegangen" in r for r in replies), replies


@settings(
    max_examples=examples(150),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    data=st.one_of(
        hostile_text,
        st.builds(
            lambda p, r: p + r,
            st.sampled_from(
                [
                    "link:",
                    "link:mastodon:",
                    "link:blog:",
                    "link:manual:",
                    "unlink:",
                    "unlink-yes:",
                    "unlink-no",
                    "weight:pick:",
                    "weight:set:",
                    "tips:",
                    "set:",
                    "set:day:",
                    "set:tz:",
                    "forget:",
                ]
            ),
            hostile_text,
        ),
    )
)
async def test_any_button_data_is_answered_without_an_error(
    app: BotApplication, fake_telegram: FakeTelegram, data: str
) -> None:
    sent = await _process(app, fake_telegram, _message("/settings"))
    menu = fake_telegram.calls[-1].message
    assert sent
    query = {
        "update_id": next(_ids),
        "callback_query": {
            "id": str(next(_ids)),
            "chat_instance": "1",
            "data": data[:64],
            "message": menu,
            "from": {"id": USER, "is_bot": False, "first_name": "F", "language_code": "de"},
        },
    }
    mark = fake_telegram.mark()
    replies = await _process(app, fake_telegram, query)
    assert not any(SORRY in r or "etwas schiefgegangen" in r for r in replies), replies
    answered = [c for c in fake_telegram.calls[mark:] if c.method == "answerCallbackQuery"]
    assert answered, "every button press is answered"


@settings(
    max_examples=examples(60),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(text=hostile_text)
async def test_any_plain_text_is_answered_and_links_nothing(
    app: BotApplication, fake_telegram: FakeTelegram, text: str
) -> None:
    replies = await _process(app, fake_telegram, _message(text or "?"))
    assert not any(SORRY in r or "etwas schiefgegangen" in r for r in replies), replies
    db = app.bot_data["services"].db
    assert db["channels"].count == 0, "nothing hostile was ever linked"


@pytest.mark.parametrize(
    "text",
    [
        "/focus EAAGm0PX4ZCpsBAKZCpRIQmXGZBZB5nV9z0ZBZAs1ZCJZAxYZ",
        "/settings timezone IGQVJYeUk4NWRLbXhYbGx0T1pOaVFfQjRiYUx0UnRSQ0",
        "/weight 1234567890123|AppSecretAbcdefghij0123456789 2",
        "/nonsense EAAGm0PX4ZCpsBAKZCpRIQmXGZBZB5nV9z0ZBZAs1ZCJZAxYZ",
    ],
)
async def test_a_token_in_any_other_command_is_deleted_and_never_echoed_or_kept(
    app: BotApplication, fake_telegram: FakeTelegram, tmp_path: Path, text: str
) -> None:
    token = text.split()[1]
    mark = fake_telegram.mark()
    replies = await _process(app, fake_telegram, _message(text))
    assert replies, "answered"
    assert not any(token in r for r in replies), "the token never comes back"
    assert [c for c in fake_telegram.calls[mark:] if c.method == "deleteMessage"], "deleted"
    db = sqlite_utils.Database(tmp_path / "fuzz.db")  # the fixture's: nothing kept it
    assert all(token not in str(row) for row in db["users"].rows)


def _no_such_name_here() -> bool:
    """Whether this machine's resolver says a .invalid name does not exist (RFC 6761: none
    does); without a reachable resolver it says "try again" and the bot says so instead."""
    try:
        socket.getaddrinfo("no-such-blog.invalid", 443, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        return exc.errno == socket.EAI_NONAME
    return False


@pytest.mark.parametrize(
    ("language", "text", "said"),
    [
        ("en", "/link blog https://no-such-blog.invalid/feed",
         "no server is called no-such-blog.invalid. Is the address spelled right?"),
        ("de", "/link https://256.256.256.256/@alice",
         "Kein Server heißt 256.256.256.256. Ist die Adresse richtig geschrieben?"),
        ("en", "/link mastodon alice@mastodon.invalid",
         "no server is called mastodon.invalid. Is the address spelled right?"),
    ],
)  # fmt: skip
async def test_an_address_no_server_has_is_said_as_a_typo_not_as_private(
    app: BotApplication, fake_telegram: FakeTelegram, language: str, text: str, said: str
) -> None:
    """A misspelt domain was answered "that one points somewhere private or local" (the guard
    took a name it could not resolve for a private one); an address no server has is said as
    such, and nothing is linked."""
    if not _no_such_name_here():
        pytest.skip("this machine's resolver does not answer (it says 'try again later')")
    answers = await _process(app, fake_telegram, _message(text, language=language))
    assert said in answers[-1]
    assert "privat" not in answers[-1], "private (en), privat (de)"
    services = app.bot_data["services"]
    assert list_channels(services.db, USER) == []


@pytest.mark.parametrize(
    ("language", "said"),
    [("en", "Public profiles are not available on this Resonance"),
     ("de", "Öffentliche Profile gibt es auf diesem Resonance nicht")],
)  # fmt: skip
async def test_a_public_profile_where_there_are_no_web_pages_is_said_so(
    app: BotApplication, fake_telegram: FakeTelegram, language: str, said: str
) -> None:
    """Without a web address there is no page for a profile: "/share profile on" answered with
    the usage of "/share on" as if the words were wrong, and turned nothing on."""
    answers = await _process(app, fake_telegram, _message("/share profile on", language=language))
    assert said in answers[-1]

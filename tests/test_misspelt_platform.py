"""A misspelt platform (`/link mastodn …`): two buttons instead of a command to retype. One
links the handle typed on the platform meant, in the same message; the other counts the word
as a network of its own. The real Application in process, Mastodon a fake server over HTTP."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.app import BotApplication
from bot.services import services_of
from storage.channels import list_channels
from tests.fakes.platforms import FakePlatforms
from tests.fakes.telegram_server import Call, FakeTelegram
from tests.fakes.updates import application_on, button_update, process, text_update

USER = 4711


@pytest.fixture
async def app(fake_telegram: FakeTelegram, tmp_path: Path) -> AsyncIterator[BotApplication]:
    environ = {"RESONANCE_ALLOW_PRIVATE_NETWORK": "1"}
    async with application_on(fake_telegram, tmp_path / "m.db", environ, chats=[USER]) as app:
        yield app


async def _ask(app: BotApplication, fake: FakeTelegram, text: str, language: str) -> Call:
    calls = await process(app, fake, text_update(USER, text, language=language))
    return calls[-1]


async def _press(app: BotApplication, fake: FakeTelegram, asked: Call, label: str) -> list[Call]:
    data = next(b["callback_data"] for b in asked.buttons if b["text"] == label)
    return await process(app, fake, button_update(USER, data, asked.message))


def _channels(app: BotApplication) -> list[tuple[str, str]]:
    return [(c.platform, c.label) for c in list_channels(services_of(app).db, USER)]


@pytest.mark.parametrize(
    ("language", "asked", "yes"),
    [("en", "Did you mean <b>Mastodon</b>?", "Yes: {url}/@alice on Mastodon"),
     ("de", "Meintest du <b>Mastodon</b>?", "Ja: {url}/@alice auf Mastodon")],
)  # fmt: skip
async def test_the_handle_typed_links_on_the_platform_meant_in_one_tap(
    app: BotApplication,
    fake_telegram: FakeTelegram,
    live_platforms: FakePlatforms,
    language: str,
    asked: str,
    yes: str,
) -> None:
    question = await _ask(
        app, fake_telegram, f"/link mastodn {live_platforms.url}/@alice", language
    )
    assert question.text == asked
    assert _channels(app) == [], "nothing linked before the tap"
    edits = await _press(app, fake_telegram, question, yes.format(url=live_platforms.url))
    assert edits, "the tap is answered"
    assert all(c.method == "editMessageText" for c in edits if c.method != "sendChatAction")
    assert all(int(c.params["message_id"]) == question.message["message_id"] for c in edits
               if c.method == "editMessageText"), "the question's message becomes the progress"  # fmt: skip
    assert "Alice &lt;Dev&gt; &amp; Co · Mastodon" in edits[-1].text
    assert edits[-1].buttons == [], "the choice is gone once made"
    assert [platform for platform, _ in _channels(app)] == ["mastodon"]


async def test_the_other_button_counts_the_word_as_a_network_of_its_own(
    app: BotApplication, fake_telegram: FakeTelegram
) -> None:
    """For "/link githb alice" it suggested "/link manual alice": a network called Alice."""
    question = await _ask(app, fake_telegram, "/link githb alice", "en")
    assert question.text == "Did you mean <b>GitHub</b>?"
    labels = [b["text"] for b in question.buttons]
    assert labels == ["Yes: alice on GitHub", "No, githb is another network"]
    edits = await _press(app, fake_telegram, question, "No, githb is another network")
    assert "I cannot read <b>Githb</b>" in edits[-1].text
    assert int(edits[-1].params["message_id"]) == question.message["message_id"]
    assert _channels(app) == [("manual", "Githb")]


async def test_a_misspelt_platform_without_a_handle_asks_for_it_in_place(
    app: BotApplication, fake_telegram: FakeTelegram
) -> None:
    question = await _ask(app, fake_telegram, "/link blusky", "en")
    assert [b["text"] for b in question.buttons] == [
        "Yes, Bluesky",
        "No, blusky is another network",
    ]
    edits = await _press(app, fake_telegram, question, "Yes, Bluesky")
    assert "Send me your Bluesky handle or URL" in edits[-1].text
    assert int(edits[-1].params["message_id"]) == question.message["message_id"]
    assert _channels(app) == []


async def test_a_handle_too_long_for_a_button_is_asked_for_again_and_markup_stays_text(
    app: BotApplication, fake_telegram: FakeTelegram
) -> None:
    """Telegram takes 64 bytes of button data: a longer handle is asked for after the tap;
    a label is plain text, so "&" stays "&" (no HTML escaping in a button)."""
    question = await _ask(app, fake_telegram, "/link githb " + "a" * 60, "en")
    assert question.buttons[0]["text"] == "Yes, GitHub"
    question = await _ask(app, fake_telegram, "/link githb a&b", "en")
    assert question.buttons[0]["text"] == "Yes: a&b on GitHub"

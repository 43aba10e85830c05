"""A platform is one module: a throw-away one, declared here alone, works through the real bot.

Its source reads a local HTTP server; the registry gives it a setting for its API URL, a place
in /link's detection, buttons and /help, and names it everywhere. No other module changes.
"""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from pytest_httpserver import HTTPServer

from bot.app import BotApplication, build_application, build_services
from bot.settings import load_settings
from scoring.channel_data import Account, ChannelData, Post, PostKind, Profile
from scoring.sources import detect_platform, names
from scoring.sources.base import FetchState, SourceConfig
from scoring.sources.errors import NotFound
from scoring.sources.http import HttpClient
from scoring.sources.registry import Clients, Endpoint, Platform, register, registered
from storage import open_db
from tests.conftest import TOKEN
from tests.fakes.telegram_server import FakeTelegram
from tests.fakes.updates import process, text_update

USER = 4242
_ids = itertools.count(1)


class NotesSource:
    """A tiny network: ``/people/NAME`` is a profile with its notes."""

    platform = "notes"

    def __init__(self, client: HttpClient, config: SourceConfig) -> None:
        self.client = client
        self.base = config.api_url("notes", "https://notes.invalid")

    def resolve(self, query: str) -> Account:
        name = query.rsplit("/", 1)[-1].lstrip("@")
        person = self.client.get(f"{self.base}/people/{name}").json()
        if not isinstance(person, dict) or "id" not in person:
            raise NotFound(name)
        return Account("notes", str(person["id"]), name, str(person["name"]), person["url"])

    def fetch(self, account: Account, state: FetchState, now: datetime) -> ChannelData:
        person = self.client.get(f"{self.base}/people/{account.handle}").json()
        posts = tuple(
            Post(str(n["id"]), datetime.fromisoformat(n["at"]), PostKind.OWN, likes=n["likes"])
            for n in person["notes"]
        )
        return ChannelData(Profile(followers=person["followers"]), posts, dict(state))


NOTES = Platform(
    name="notes",
    display="Notes",
    examples="ada, https://notes.example/ada",
    build=lambda config, clients: _build(config, clients),
    endpoints=(Endpoint("notes", "RESONANCE_NOTES_API", "https://notes.invalid"),),
    hosts=("notes.example",),
)


def _build(config: SourceConfig, clients: Clients) -> NotesSource:
    return NotesSource(clients.http(user_supplied=False), config)


@pytest.fixture
def notes_server(httpserver: HTTPServer) -> HTTPServer:
    now = datetime.now().astimezone()
    person: dict[str, Any] = {
        "id": 7,
        "name": "Ada Notes",
        "url": "https://notes.example/ada",
        "followers": 120,
        "notes": [{"id": i, "at": now.isoformat(), "likes": 5 + i} for i in range(4)],
    }
    httpserver.expect_request("/people/ada").respond_with_json(person)
    return httpserver


@pytest.fixture
async def app(
    fake_telegram: FakeTelegram, tmp_path: Path, notes_server: HTTPServer
) -> AsyncIterator[BotApplication]:
    with registered(NOTES):
        environ = {
            "TELEGRAM_BOT_TOKEN": TOKEN,
            "TELEGRAM_API_BASE_URL": fake_telegram.base_url,
            "RESONANCE_NOTES_API": notes_server.url_for("").rstrip("/"),
        }
        db = open_db(tmp_path / "registry.db")
        application = build_application(build_services(load_settings(environ), db))
        fake_telegram.send_message("/start", user_id=USER)  # the chat exists for the fake
        async with application:
            yield application
        db.close()


async def _say(app: BotApplication, fake: FakeTelegram, text: str) -> list[str]:
    return [c.text for c in await process(app, fake, text_update(USER, text))]


async def test_a_platform_declared_in_one_place_is_linked_scored_and_named(
    app: BotApplication, fake_telegram: FakeTelegram
) -> None:
    assert "notes" in names()
    assert detect_platform("https://notes.example/ada") == "notes"
    assert any("Notes" in text for text in await _say(app, fake_telegram, "/help"))

    linked = await _say(app, fake_telegram, "/link notes ada")
    assert any("Linked <b>Ada Notes · Notes</b>: 120 followers" in text for text in linked), linked
    by_url = await _say(app, fake_telegram, "/link https://notes.example/ada")
    assert "You have already linked <b>Ada Notes · Notes</b>" in by_url[-1], (
        "the URL was detected as Notes"
    )

    score = "\n".join(await _say(app, fake_telegram, "/score"))
    assert "• Ada Notes · Notes: <b>" in score
    ask = "\n".join(await _say(app, fake_telegram, "/link notes"))
    assert "your Notes handle or URL, for example: ada, https://notes.example/ada" in ask


def test_registering_a_name_twice_is_refused() -> None:
    with registered(NOTES), pytest.raises(ValueError, match="registered already"):
        register(NOTES)
    assert "notes" not in names(), "gone after its block"

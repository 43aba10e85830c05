"""What a newcomer types after /link without naming the platform: a Bluesky handle, an address
without https://, a fediverse address without its leading @, a bare domain. Each reaches the
platform it names, or a question with buttons; none becomes a self-reported network (typed
"/link alice.bsky.social", a newcomer was told "I cannot read Alice.bsky.social, so it counts
with the numbers you send me"). The real Application in process, Bluesky a fake server over
HTTP."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.app import BotApplication
from bot.handlers.link_words import parse_link_args
from bot.services import services_of
from storage.channels import list_channels
from tests.fakes.platforms import FakePlatforms
from tests.fakes.telegram_server import Call, FakeTelegram
from tests.fakes.updates import application_on, button_update, process, text_update

USER = 5151


@pytest.mark.parametrize(
    ("typed", "parsed"),
    [("alice.bsky.social", ("bluesky", "alice.bsky.social")),
     ("@alice.bsky.social", ("bluesky", "@alice.bsky.social")),
     ("Alice.BSKY.social", ("bluesky", "Alice.BSKY.social")),
     ("bsky.app/profile/alice.bsky.social",
      ("bluesky", "https://bsky.app/profile/alice.bsky.social")),
     ("mastodon.social/@alice", ("mastodon", "https://mastodon.social/@alice")),
     ("github.com/alice", ("github", "https://github.com/alice")),
     ("alice.dev/blog/feed.xml", ("blog", "https://alice.dev/blog/feed.xml")),
     # a fediverse address without its @, or an e-mail address: asked (test_verify.py)
     ("alice@mastodon.social", (None, None)),
     # a bare domain may be a Bluesky handle or a blog: asked (see below), never a network
     ("alice.dev", (None, None)),
     ("dev.to", (None, None)),
     # a network's name stays one
     ("XING", ("manual", "XING")),
     ("MySpace", ("manual", "MySpace"))],
)  # fmt: skip
def test_what_is_typed_without_a_platform_names_the_platform_it_is_on(
    typed: str, parsed: tuple[str | None, str | None]
) -> None:
    assert parse_link_args([typed]) == parsed


@pytest.fixture
async def app(
    fake_telegram: FakeTelegram, tmp_path: Path, live_platforms: FakePlatforms
) -> AsyncIterator[BotApplication]:
    environ = {"RESONANCE_ALLOW_PRIVATE_NETWORK": "1", "RESONANCE_BLUESKY_API": live_platforms.url}
    async with application_on(fake_telegram, tmp_path / "s.db", environ, chats=[USER]) as app:
        yield app


def _channels(app: BotApplication) -> list[tuple[str, str]]:
    return [(c.platform, c.label) for c in list_channels(services_of(app).db, USER)]


async def _ask(app: BotApplication, fake: FakeTelegram, text: str, language: str) -> Call:
    return (await process(app, fake, text_update(USER, text, language=language)))[-1]


@pytest.mark.parametrize("typed", ["alice.bsky.social", "bsky.app/profile/alice.bsky.social"])
@pytest.mark.parametrize(
    ("language", "linked"),
    [("en", "Linked <b>Alice · Bluesky</b>"), ("de", "<b>Alice · Bluesky</b> ist verknüpft")],
)
async def test_a_bluesky_handle_or_address_alone_links_bluesky(
    app: BotApplication, fake_telegram: FakeTelegram, typed: str, language: str, linked: str
) -> None:
    answer = await _ask(app, fake_telegram, f"/link {typed}", language)
    assert answer.text.startswith(linked), answer.text
    assert _channels(app) == [("bluesky", "Alice")]


@pytest.mark.parametrize(
    ("language", "asked", "labels"),
    [("en", "Is <b>alice.dev</b> a Bluesky handle or a blog's address?",
      ["Bluesky: alice.dev", "Blog: https://alice.dev", "No, alice.dev is another network"]),
     ("de", "Ist <b>alice.dev</b> ein Bluesky-Handle oder die Adresse eines Blogs?",
      ["Bluesky: alice.dev", "Blog: https://alice.dev",
       "Nein, alice.dev ist ein anderes Netzwerk"])],
)  # fmt: skip
async def test_a_bare_domain_is_asked_about_with_a_button_for_each_meaning(
    app: BotApplication, fake_telegram: FakeTelegram, language: str, asked: str, labels: list[str]
) -> None:
    question = await _ask(app, fake_telegram, "/link alice.dev", language)
    assert question.text == asked
    assert [b["text"] for b in question.buttons] == labels
    assert _channels(app) == [], "nothing linked before a tap"
    network = question.buttons[-1]["callback_data"]
    pressed = await process(app, fake_telegram, button_update(USER, network, question.message,
                                                              language=language))  # fmt: skip
    assert pressed[-1].method == "editMessageText", "the answer replaces the question"
    assert _channels(app) == [("manual", "Alice.dev")]


async def test_a_bare_domains_bluesky_button_looks_it_up_on_bluesky(
    app: BotApplication, fake_telegram: FakeTelegram, live_platforms: FakePlatforms
) -> None:
    """The fake knows alice.bsky.social only: the custom domain is looked up there and not
    found, said in the same message; nothing is linked."""
    question = await _ask(app, fake_telegram, "/link alice.dev", "en")
    bluesky = question.buttons[0]["callback_data"]
    pressed = await process(app, fake_telegram, button_update(USER, bluesky, question.message))
    assert all(call.method == "editMessageText" for call in pressed)
    assert "Looking up alice.dev on Bluesky" in pressed[0].text
    assert live_platforms.hits["/xrpc/app.bsky.actor.getProfile"] >= 1
    assert _channels(app) == []

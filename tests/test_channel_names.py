"""A channel named in a command (/weight, /unlink, /verify, /why): by its number, its handle
or name, its name as shown ("Alice · Mastodon"), or its platform where it is the only one
there ("/weight mastodon 2" answered "I could not find the channel mastodon"); a name that
finds none is answered with the channels as buttons. The real Application in process."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.app import BotApplication
from bot.services import services_of
from storage.channels import list_channels
from tests.fakes.platforms import FakePlatforms
from tests.fakes.telegram_server import FakeTelegram
from tests.fakes.updates import application_on, process, text_update

USER = 8118


@pytest.fixture
async def app(
    fake_telegram: FakeTelegram, tmp_path: Path, live_platforms: FakePlatforms
) -> AsyncIterator[BotApplication]:
    environ = {"RESONANCE_ALLOW_PRIVATE_NETWORK": "1"}
    async with application_on(fake_telegram, tmp_path / "n.db", environ, chats=[USER]) as app:
        await process(app, fake_telegram, text_update(USER, f"/link {live_platforms.url}/@alice"))
        await process(app, fake_telegram, text_update(USER, "/link manual XING"))
        yield app


def _weights(app: BotApplication) -> dict[str, int]:
    return {c.platform: c.weight for c in list_channels(services_of(app).db, USER)}


@pytest.mark.parametrize(
    "named", ["mastodon", "Mastodon", "Alice <Dev> & Co · Mastodon", "alice <dev> & co · mastodon",
              "1", "@alice"],
)  # fmt: skip
async def test_a_channel_is_found_by_the_names_a_person_sees(
    app: BotApplication, fake_telegram: FakeTelegram, named: str
) -> None:
    calls = await process(app, fake_telegram, text_update(USER, f"/weight {named} 2"))
    assert "now counts with weight 2" in calls[-1].text
    assert _weights(app) == {"mastodon": 2, "manual": 1}


@pytest.mark.parametrize("command", ["/weight nowhere 2", "/unlink nowhere", "/verify nowhere"])
async def test_a_name_that_finds_no_channel_is_answered_with_the_channels_as_buttons(
    app: BotApplication, fake_telegram: FakeTelegram, command: str
) -> None:
    calls = await process(app, fake_telegram, text_update(USER, command))
    assert "I could not find the channel nowhere" in calls[-1].text
    labels = " | ".join(b["text"] for b in calls[-1].buttons)
    assert "Alice <Dev> & Co · Mastodon" in labels
    assert "XING" in labels
    assert _weights(app) == {"mastodon": 1, "manual": 1}, "nothing changed"


async def test_a_display_name_in_which_nothing_shows_names_the_channel_by_its_handle(
    app: BotApplication, fake_telegram: FakeTelegram
) -> None:
    """A profile renamed to zero-width spaces: /channels named it " · Mastodon", and /weight
    and /unlink could not find it by what the list showed."""
    services = services_of(app)
    services.db.execute(
        "UPDATE channels SET display_name = ? WHERE platform = 'mastodon'", ["\u200b\u200b"]
    )
    listed = (await process(app, fake_telegram, text_update(USER, "/channels")))[-1].text
    handle = next(c.handle for c in list_channels(services.db, USER) if c.platform == "mastodon")
    assert f"1. <b>{handle} · Mastodon</b>, weight 1" in listed, listed
    calls = await process(app, fake_telegram, text_update(USER, f"/weight {handle} · Mastodon 2"))
    assert "now counts with weight 2" in calls[-1].text


@pytest.mark.parametrize("named", ["1", "mastodon", "Alice <Dev> & Co · Mastodon"])
async def test_a_channel_named_without_a_weight_offers_its_weights_as_buttons(
    app: BotApplication, fake_telegram: FakeTelegram, named: str
) -> None:
    """ "/weight 1" answered with the usage line, as if the channel were not named: it now
    asks for the weight of that channel, one tap each, as its button under /weight does."""
    (asked,) = await process(app, fake_telegram, text_update(USER, f"/weight {named}"))
    assert "Alice &lt;Dev&gt; &amp; Co · Mastodon" in asked.text, asked.text
    labels = [b["text"] for b in asked.buttons]
    assert len(labels) == 4, labels
    two = asked.buttons[2]["callback_data"]
    from tests.fakes.updates import button_update

    (done,) = await process(app, fake_telegram, button_update(USER, two, asked.message))
    assert done.method == "editMessageText"
    assert "now counts with weight 2" in done.text
    assert _weights(app) == {"mastodon": 2, "manual": 1}
    usage = await process(app, fake_telegram, text_update(USER, "/weight nowhere"))
    assert "<code>/weight CHANNEL 0..3</code>" in usage[-1].text, "no channel named: the usage"

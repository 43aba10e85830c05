"""Numbers the owner writes do not rank (issue 28, part 5): a blog's comment counts and a
fediverse server of one count in the owner's own score, are marked in /channels and /why, and
never rank on a group leaderboard. The real Application in process, the fake platforms over
HTTP."""

from __future__ import annotations

import itertools
import re
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from bot.app import BotApplication
from bot.services import services_of
from bot.use_cases.groups import Apart, group_standing
from bot.use_cases.scores import Options, channel_inputs, current_score
from bot.views.why import why_channel_text
from storage.channels import list_channels
from storage.verification import mark_verified
from tests.fakes.platforms import FakePlatforms
from tests.fakes.telegram_server import FakeTelegram
from tests.fakes.updates import application_on, button_update, process, text_update

USER, OTHER, GROUP = 41, 42, -100777
_ids = itertools.count(9_000_000)


@pytest.fixture
async def app(
    fake_telegram: FakeTelegram, tmp_path: Path, live_platforms: FakePlatforms
) -> AsyncIterator[BotApplication]:
    environ = {"RESONANCE_ALLOW_PRIVATE_NETWORK": "1"}
    async with application_on(
        fake_telegram, tmp_path / "own.db", environ, chats=[USER, OTHER]
    ) as app:
        yield app


async def _say(app: BotApplication, fake: FakeTelegram, text: str, user: int = USER) -> str:
    calls = await process(app, fake, text_update(user, text))
    return calls[-1].text


def _group_update(user: int, text: str) -> dict[str, Any]:
    update = text_update(user, text)
    update["message"]["chat"] = {"id": GROUP, "type": "group", "title": "Team"}
    return update


def _verify_all(app: BotApplication, user: int) -> None:
    services = services_of(app)
    for channel in list_channels(services.db, user):
        mark_verified(services.db, channel.id, services.now())


async def test_a_server_of_one_is_marked_and_counts_only_for_its_owner(
    app: BotApplication, fake_telegram: FakeTelegram, live_platforms: FakePlatforms
) -> None:
    live_platforms.server_users = 1  # the server's only active user is Alice
    await _say(app, fake_telegram, f"/link {live_platforms.url}/@alice")
    assert live_platforms.hits["/api/v2/instance"] == 1
    listed = await _say(app, fake_telegram, "/channels")
    assert "✎ its own numbers" in listed
    assert "they count in your score, not on group leaderboards" in listed
    services = services_of(app)
    current = current_score(services.db, USER, services.now())
    assert current.score.value > 1, "it counts in the owner's own score"
    channel = list_channels(services.db, USER)[0]
    why = why_channel_text("de", current, channel.id)
    assert why is not None
    assert "✎ seine Zahlen schreibt sein Besitzer selbst" in why
    _verify_all(app, USER)
    standing = group_standing(services.db, USER, services.now())
    assert standing is not None
    assert standing.apart is Apart.NOTHING_RANKS


@pytest.mark.parametrize(
    ("language", "per_post", "engagement", "giving"),
    [
        ("en", "each post in full up to what one post plausibly receives", "weighted interactions per post (comments)",
         "giving: not seen here (its reads hold only your own posts)"),
        ("de", "jeder Beitrag voll bis zu dem, was ein Beitrag glaubhaft bekommt",
         "gewichtete Interaktionen pro Beitrag (Kommentare)",
         "Geben: hier nicht sichtbar (hier lese ich nur deine eigenen Beiträge)"),
    ],
)  # fmt: skip
async def test_a_blogs_lines_in_why_say_what_a_blog_has(
    app: BotApplication,
    fake_telegram: FakeTelegram,
    live_platforms: FakePlatforms,
    language: str,
    per_post: str,
    engagement: str,
    giving: str,
) -> None:
    """A blog has comments and no followers, and its feed holds only its owner's posts: /why
    does not explain its count by likes, replies and an audience, nor show "giving 0.0" as
    if the owner gave nothing, nor measure its engagement in likes it cannot have."""
    await process(app, fake_telegram, text_update(USER, f"/link blog {live_platforms.url}/blog",
                                                  language=language))  # fmt: skip
    why = (await process(app, fake_telegram, text_update(USER, "/why", language=language)))[-1]
    blog = next(b for b in why.buttons if "Blog" in b["text"])
    press = button_update(USER, blog["callback_data"], why.message, language=language)
    lines = (await process(app, fake_telegram, press))[-1].text
    assert per_post in lines
    assert engagement in lines
    assert giving in lines
    assert not any(word in lines for word in ("likes as far", "Likes, soweit", "Geben 0"))
    assert "like" not in lines.casefold(), "a blog's posts are not liked"


async def test_a_leaderboard_ranks_what_platforms_counted_and_leaves_out_the_rest(
    app: BotApplication, fake_telegram: FakeTelegram, live_platforms: FakePlatforms
) -> None:
    await _say(app, fake_telegram, f"/link {live_platforms.url}/@alice")
    await _say(app, fake_telegram, f"/link {live_platforms.url}/feed/atom/")
    await _say(app, fake_telegram, f"/link {live_platforms.url}/feed/atom/", user=OTHER)
    listed = await _say(app, fake_telegram, "/channels")
    assert listed.count("✎ its own numbers") == 1, "the blog, not the Mastodon account"
    _verify_all(app, USER)  # the blog is Alice's: it cannot be verified as OTHER's too
    for user in (USER, OTHER):
        assert "will be shown" in await _say(app, fake_telegram, "/share on", user=user)
    services = services_of(app)
    now = services.now()
    own = current_score(services.db, USER, now).score.value
    mastodon = [c for c in list_channels(services.db, USER) if c.platform == "mastodon"]
    alone = Options().compute(channel_inputs(services.db, USER, now, mastodon), now).value
    assert alone < own, "the blog adds to her own score"

    for user in (USER, OTHER):  # both members (the fake's word) and seen in the group (ours)
        fake_telegram.send_message("/leaderboard", user_id=user, chat_id=GROUP, chat_type="group")
        calls = await process(app, fake_telegram, _group_update(user, "/leaderboard"))
    board = calls[-1].text
    assert f"1. \u2068U{USER}\u2069: {alone:.1f}" in board, "ranked on what Mastodon counted"
    assert f"{own:.1f}" not in board or own == alone
    assert (
        "Not ranked, as their numbers are their own word (written or brought by them): "
        f"\u2068U{OTHER}\u2069" in board
    )
    assert "blogs' comment counts, servers of one, exports and reports are left out" in board


@pytest.mark.parametrize("first_name", ["\u202e\u2067", "\u200b\u2060", " "])
async def test_a_member_whose_name_shows_nothing_is_named_on_the_leaderboard(
    app: BotApplication, fake_telegram: FakeTelegram, live_platforms: FakePlatforms,
    first_name: str,
) -> None:  # fmt: skip
    """A Telegram first name of direction controls or invisible characters alone (the first
    are dropped from names) left an empty place before the score: "1. : 12.9"."""

    def named(update: dict[str, Any]) -> dict[str, Any]:
        update["message"]["from"]["first_name"] = first_name
        return update

    await process(
        app, fake_telegram, named(text_update(USER, f"/link {live_platforms.url}/@alice"))
    )
    _verify_all(app, USER)
    await process(app, fake_telegram, named(text_update(USER, "/share on")))
    fake_telegram.send_message("/leaderboard", user_id=USER, chat_id=GROUP, chat_type="group")
    board = (await process(app, fake_telegram, named(_group_update(USER, "/leaderboard"))))[-1]
    assert re.search(r"^1\. \(no name\): \d+\.\d$", board.text, re.MULTILINE), board.text


async def test_a_blog_whose_comments_feeds_name_its_commenters_ranks(
    app: BotApplication, fake_telegram: FakeTelegram, live_platforms: FakePlatforms
) -> None:
    """Its comments feeds name two commenters and list every comment counted: corroborated,
    so /channels marks nothing and the leaderboard ranks it (item 5 of the issue)."""
    linked = await _say(app, fake_telegram, f"/link {live_platforms.url}/feed/talk/")
    assert live_platforms.hits["/feed/talk/comments/43/"] == 1, linked
    listed = await _say(app, fake_telegram, "/channels")
    assert "✎" not in listed
    _verify_all(app, USER)
    services = services_of(app)
    standing = group_standing(services.db, USER, services.now())
    assert standing is not None
    assert (standing.apart, standing.left_out) == (None, 0)
    assert standing.score == current_score(services.db, USER, services.now()).score.value

"""Ownership proof end to end: /verify gives a code, the owner puts it on the profile, the bot
reads it back from the fake platform over HTTP. Mastodon, GitHub, Bluesky and a blog; a code
that is missing, wrong, or on an account another user verified first; a refresh that finds it.
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest
from werkzeug.wrappers import Request, Response

from bot.app import BotApplication, build_application
from bot.services import Services
from bot.settings import load_settings
from bot.use_cases.refresh import refresh_user
from scoring.sources.base import Source
from scoring.sources.blog import verification_codes
from storage import open_db
from tests.conftest import TOKEN
from tests.fakes.platforms import FakePlatforms, fixture_json, fixture_text
from tests.fakes.telegram_server import Call, FakeTelegram
from tests.fakes.updates import button_update, process, text_update

ALICE, MALLORY = 6001, 6002
_ids = itertools.count(1)


def _json(data: Any) -> Callable[[Request], Response]:
    return lambda request: Response(json.dumps(data), 200, mimetype="application/json")


def _mastodon(platforms: FakePlatforms, bio: str) -> None:
    account = fixture_json("mastodon/account_lookup.json")
    account.update(url=f"{platforms.url}/@alice", note=f"<p>Developer. {bio}</p>")
    platforms.override("/api/v1/accounts/109302", _json(account))


def _github(platforms: FakePlatforms, bio: str) -> None:
    user = fixture_json("github/user.json")
    platforms.override(f"/user/{user['id']}", _json({**user, "bio": bio}))


def _bluesky(platforms: FakePlatforms, bio: str) -> None:
    profile = fixture_json("bluesky/getProfile.json")
    platforms.override("/xrpc/app.bsky.actor.getProfile", _json({**profile, "description": bio}))


def _blog(platforms: FakePlatforms, bio: str) -> None:
    feed = fixture_text("blog/atom_thr.xml").replace(
        "<title>Accessible charts in 2026</title>", f"<title>Accessible charts {bio}</title>", 1
    )
    platforms.override(
        "/feed/atom/", lambda request: Response(feed, 200, mimetype="application/atom+xml")
    )


def _hackernews(platforms: FakePlatforms, bio: str) -> None:
    user = fixture_json("hackernews/firebase_user_jl.json")
    platforms.override("/hn/user/jl.json", _json({**user, "about": f"Hi. {bio}"}))


def _reddit(platforms: FakePlatforms, bio: str) -> None:
    about = fixture_json("reddit/user_about.json")
    about["data"]["subreddit"] = {
        **(about["data"].get("subreddit") or {}),
        "public_description": bio,
    }
    platforms.override("/reddit/user/Watchful1/about", _json(about))


def _stackexchange(platforms: FakePlatforms, bio: str) -> None:
    """The default filter leaves "about me" out: the source creates one that includes it."""
    platforms.override("/se/filters/create", _json({"items": [{"filter": "!aboutMe"}]}))
    stored = fixture_json("stackexchange/users_22656.json")
    user = stored["items"][0]

    def answer(request: Request) -> Response:
        about = {"about_me": f"<p>{bio}</p>"} if request.args.get("filter") == "!aboutMe" else {}
        body = {
            "items": [{**user, **about}],
            "has_more": False,
            "quota_max": 300,
            "quota_remaining": 299,
        }
        return Response(json.dumps(body), 200, mimetype="application/json")

    platforms.override("/se/users/22656", answer)


CASES = {
    "mastodon": ("/link {url}/@alice", _mastodon),
    "github": ("/link github jacquev6", _github),
    "bluesky": ("/link bluesky alice.bsky.social", _bluesky),
    "blog": ("/link blog {url}/blog", _blog),
    "hackernews": ("/link https://news.ycombinator.com/user?id=jl", _hackernews),
    "reddit": ("/link https://www.reddit.com/user/Watchful1", _reddit),
    "stackexchange": ("/link https://stackoverflow.com/users/22656/jon-skeet", _stackexchange),
}


@pytest.fixture
async def app(
    fake_telegram: FakeTelegram, tmp_path: Path, sources: dict[str, Source]
) -> AsyncIterator[BotApplication]:
    settings = load_settings(
        {"TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_API_BASE_URL": fake_telegram.base_url}
    )
    db = open_db(tmp_path / "verify.db")
    application = build_application(Services(settings=settings, db=db, sources=sources))
    for user in (ALICE, MALLORY):
        fake_telegram.send_message("/start", user_id=user)
    async with application:
        yield application
    db.close()


def _update(
    user: int, text: str | None = None, data: str | None = None, message: Any = None
) -> dict[str, Any]:
    return button_update(user, data, message) if data is not None else text_update(user, text or "")


async def _do(app: BotApplication, fake: FakeTelegram, update: dict[str, Any]) -> list[Call]:
    return await process(app, fake, update)


async def _press(app: BotApplication, fake: FakeTelegram, user: int, call: Call) -> Call:
    data = call.buttons[0]["callback_data"]
    message = (
        fake.message(user, int(call.params["message_id"]))
        if call.method == "editMessageText"
        else call.message
    )
    edits = await _do(app, fake, _update(user, data=data, message=message))
    return edits[-1]


@pytest.mark.parametrize("platform", sorted(CASES))
async def test_a_code_on_the_profile_verifies_the_channel(
    app: BotApplication, fake_telegram: FakeTelegram, platforms: FakePlatforms, platform: str
) -> None:
    command, put = CASES[platform]
    put(platforms, "nothing here yet")
    await _do(app, fake_telegram, _update(ALICE, command.format(url=platforms.url)))
    asked = (await _do(app, fake_telegram, _update(ALICE, "/verify 1")))[-1]
    code = re.search(r"resonance-[0-9a-f]{8}", asked.text)
    assert code is not None, asked.text
    assert asked.buttons, "a button to check"

    missing = await _press(app, fake_telegram, ALICE, asked)
    assert f"I do not see <code>{code.group(0)}</code>" in missing.text
    put(platforms, "resonance-00000000 is someone else's code")
    wrong = await _press(app, fake_telegram, ALICE, missing)
    assert "I do not see" in wrong.text, "a wrong code verifies nothing"
    put(platforms, f"proof: {code.group(0)}")
    done = await _press(app, fake_telegram, ALICE, wrong)
    assert "is verified as yours" in done.text
    assert int(done.params["message_id"]) == asked.message["message_id"], "edited in place"
    channels = (await _do(app, fake_telegram, _update(ALICE, "/channels")))[-1].text
    assert "✓ verified" in channels

    # the same account, linked by another user: it has one owner
    await _do(app, fake_telegram, _update(MALLORY, command.format(url=platforms.url)))
    taken = (await _do(app, fake_telegram, _update(MALLORY, "/verify 1")))[-1]
    assert "already verified by someone else" in taken.text


async def test_a_refresh_finds_a_code_put_there_later(
    app: BotApplication, fake_telegram: FakeTelegram, platforms: FakePlatforms
) -> None:
    _github(platforms, "")
    await _do(app, fake_telegram, _update(ALICE, "/link github jacquev6"))
    score = "\n".join(c.text for c in await _do(app, fake_telegram, _update(ALICE, "/score")))
    assert "1 channel is not verified as yours yet" in score
    asked = (await _do(app, fake_telegram, _update(ALICE, "/verify jacquev6")))[-1]
    code = re.search(r"resonance-[0-9a-f]{8}", asked.text)
    assert code is not None
    _github(platforms, code.group(0))
    services = app.bot_data[next(iter(app.bot_data))]
    await refresh_user(services.db, services.reader, ALICE, services.now(), force=True)
    score = "\n".join(c.text for c in await _do(app, fake_telegram, _update(ALICE, "/score")))
    assert "not verified" not in score


async def test_mastodons_own_rel_me_link_to_a_verified_blog_is_proof(
    app: BotApplication, fake_telegram: FakeTelegram, platforms: FakePlatforms
) -> None:
    """The blog is verified by its code; the Mastodon profile links to it and Mastodon marks
    that link verified (the site links back with rel="me"): no code needed for Mastodon."""
    _blog(platforms, "")
    await _do(app, fake_telegram, _update(ALICE, f"/link blog {platforms.url}/blog"))
    asked = (await _do(app, fake_telegram, _update(ALICE, "/verify 1")))[-1]
    code = re.search(r"resonance-[0-9a-f]{8}", asked.text)
    assert code is not None
    _blog(platforms, code.group(0))
    assert "is verified as yours" in (await _press(app, fake_telegram, ALICE, asked)).text

    account = fixture_json("mastodon/account_lookup.json")
    link = '<a href="https://alice.example/" rel="me nofollow noopener">alice.example</a>'
    unverified = {"name": "Blog", "value": link, "verified_at": None}
    account.update(url=f"{platforms.url}/@alice", fields=[unverified])
    platforms.override("/api/v1/accounts/109302", _json(account))
    await _do(app, fake_telegram, _update(ALICE, f"/link {platforms.url}/@alice"))
    asked = (await _do(app, fake_telegram, _update(ALICE, "/verify 2")))[-1]
    assert "I do not see" in (await _press(app, fake_telegram, ALICE, asked)).text, (
        "a link Mastodon has not verified proves nothing"
    )
    verified = {**unverified, "verified_at": "2026-11-01T00:00:00.000+00:00"}
    platforms.override("/api/v1/accounts/109302", _json({**account, "fields": [verified]}))
    again = (await _do(app, fake_telegram, _update(ALICE, "/verify 2")))[-1]
    assert "is verified as yours" in (await _press(app, fake_telegram, ALICE, again)).text


def test_on_a_blogs_page_only_the_meta_tag_counts_not_text_visitors_can_write() -> None:
    page = """<html><head><meta name="description" content="resonance-11111111">
    <meta name="Resonance-Verification" content="resonance-22222222"></head>
    <body><div class="comment">Nice post! resonance-33333333</div></body></html>"""
    assert verification_codes(page) == ["resonance-22222222"]

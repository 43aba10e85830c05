"""Ownership proof end to end: /verify gives a code, the owner puts it on the profile, the bot
reads it back from the fake platform over HTTP. Mastodon, GitHub, Bluesky and a blog; a code
that is missing, wrong, or on an account another user verified first; a refresh that finds it.
"""

from __future__ import annotations

import itertools
import json
import re
import time
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest
from werkzeug.wrappers import Request, Response

from bot.app import BotApplication, build_application
from bot.services import Services, services_of
from bot.settings import load_settings
from bot.use_cases.refresh import refresh_user
from bot.use_cases.verifying import ProofChecks
from scoring.sources import detect_platform
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
    # each press comes a minute after the one before (the cooldown has its own test)
    later = itertools.count(step=61)
    checks = ProofChecks(clock=lambda: float(next(later)))
    application = build_application(
        Services(settings=settings, db=db, sources=sources, proof_checks=checks)
    )
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
    listing = (await _do(app, fake_telegram, _update(ALICE, "/channels")))[-1].text
    assert "Channels without ✓ are not verified as yours yet" in listing
    asked = (await _do(app, fake_telegram, _update(ALICE, "/verify jacquev6")))[-1]
    code = re.search(r"resonance-[0-9a-f]{8}", asked.text)
    assert code is not None
    _github(platforms, code.group(0))
    services = app.bot_data[next(iter(app.bot_data))]
    await refresh_user(services.db, services.reader, ALICE, services.now(), force=True)
    listing = (await _do(app, fake_telegram, _update(ALICE, "/channels")))[-1].text
    assert "not verified" not in listing
    assert "✓ verified" in listing


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
    site = f"{platforms.url}/blog"  # the address Alice linked her blog by
    link = f'<a href="{site}" rel="me nofollow noopener">{site}</a>'
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


def _feed(site: str, entry: str = "", author: str = "") -> Callable[[Request], Response]:
    """An Atom feed whose ``<link>`` names ``site``, with one more entry when given."""
    who = f"<author><name>{author}</name></author>" if author else ""
    body = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:thr="http://purl.org/syndication/thread/1.0">
  <title>Notes</title><link href="{site}"/>{who}
  <id>urn:notes</id><updated>2026-11-20T09:00:00Z</updated>
  <entry><id>urn:notes:1</id><title>Hello</title><updated>2026-11-19T09:00:00Z</updated>
    <link href="{site}hello/"/></entry>
  {entry}
</feed>"""
    return lambda request: Response(body, 200, mimetype="application/atom+xml")


def _mastodon_links_to(platforms: FakePlatforms, site: str) -> None:
    """Alice's Mastodon profile with a link to ``site`` that Mastodon verified (rel="me")."""
    account = fixture_json("mastodon/account_lookup.json")
    field = {
        "name": "Site",
        "value": f'<a href="{site}" rel="me nofollow noopener">{site}</a>',
        "verified_at": "2026-11-01T00:00:00.000+00:00",
    }
    account.update(url=f"{platforms.url}/@alice", fields=[field], note="<p>Developer.</p>")
    platforms.override("/api/v1/accounts/109302", _json(account))


async def _verify_by_button(app: BotApplication, fake: FakeTelegram, user: int, number: int) -> str:
    asked = (await _do(app, fake, _update(user, f"/verify {number}")))[-1]
    if not asked.buttons:
        return asked.text
    return (await _press(app, fake, user, asked)).text


async def test_a_feed_naming_someone_elses_site_does_not_unlock_their_mastodon(
    app: BotApplication, fake_telegram: FakeTelegram, platforms: FakePlatforms
) -> None:
    """The takeover the review found: Mallory's own feed claims Alice's site in its
    ``<link>``, carries Mallory's code and verifies; Alice's Mastodon has a verified link to
    her site. Mallory's press must not make Alice's Mastodon his, and Alice keeps it."""
    victim_site = "https://alice.example/"
    platforms.override("/mallory/feed.xml", _feed(victim_site))
    await _do(app, fake_telegram, _update(MALLORY, f"/link blog {platforms.url}/mallory/feed.xml"))
    asked = (await _do(app, fake_telegram, _update(MALLORY, "/verify 1")))[-1]
    code = re.search(r"resonance-[0-9a-f]{8}", asked.text)
    assert code is not None
    entry = f"<entry><id>urn:notes:2</id><title>{code.group(0)}</title><updated>2026-11-20T09:00:00Z</updated><link href='{victim_site}proof/'/></entry>"
    platforms.override("/mallory/feed.xml", _feed(victim_site, entry))
    assert "is verified as yours" in (await _press(app, fake_telegram, MALLORY, asked)).text

    _mastodon_links_to(platforms, victim_site)
    await _do(app, fake_telegram, _update(MALLORY, f"/link {platforms.url}/@alice"))
    taken = await _verify_by_button(app, fake_telegram, MALLORY, 2)
    assert "is verified as yours" not in taken, "a feed's own <link> proves nothing"
    assert "I do not see" in taken

    _mastodon(platforms, "")
    await _do(app, fake_telegram, _update(ALICE, f"/link {platforms.url}/@alice"))
    asked = (await _do(app, fake_telegram, _update(ALICE, "/verify 1")))[-1]
    code = re.search(r"resonance-[0-9a-f]{8}", asked.text)
    assert code is not None
    _mastodon(platforms, code.group(0))
    assert "is verified as yours" in (await _press(app, fake_telegram, ALICE, asked)).text


async def test_a_verified_github_account_does_not_unlock_a_mastodon_profile(
    app: BotApplication, fake_telegram: FakeTelegram, platforms: FakePlatforms
) -> None:
    """A verified GitHub channel (its URL is on github.com) says nothing of who holds a
    Mastodon profile that links to some GitHub page."""
    _github(platforms, "")
    await _do(app, fake_telegram, _update(MALLORY, "/link github jacquev6"))
    asked = (await _do(app, fake_telegram, _update(MALLORY, "/verify 1")))[-1]
    code = re.search(r"resonance-[0-9a-f]{8}", asked.text)
    assert code is not None
    _github(platforms, code.group(0))
    assert "is verified as yours" in (await _press(app, fake_telegram, MALLORY, asked)).text
    _mastodon_links_to(platforms, "https://github.com/alice")
    await _do(app, fake_telegram, _update(MALLORY, f"/link {platforms.url}/@alice"))
    assert "I do not see" in await _verify_by_button(app, fake_telegram, MALLORY, 2)


async def test_one_account_under_two_spellings_of_its_server_has_one_owner(
    app: BotApplication, fake_telegram: FakeTelegram, platforms: FakePlatforms
) -> None:
    """``http://LOCALHOST:port/@alice`` is Alice's account as much as ``http://localhost:…``:
    the same user cannot link it twice, and another user cannot verify it once it is hers."""
    _mastodon(platforms, "")
    lower = platforms.url.replace("127.0.0.1", "localhost")
    upper = lower.replace("localhost", "LocalHost.")
    await _do(app, fake_telegram, _update(ALICE, f"/link {lower}/@alice"))
    again = (await _do(app, fake_telegram, _update(ALICE, f"/link {upper}/@alice")))[-1]
    assert "You have already linked" in again.text
    asked = (await _do(app, fake_telegram, _update(ALICE, "/verify 1")))[-1]
    code = re.search(r"resonance-[0-9a-f]{8}", asked.text)
    assert code is not None
    _mastodon(platforms, code.group(0))
    assert "is verified as yours" in (await _press(app, fake_telegram, ALICE, asked)).text
    await _do(app, fake_telegram, _update(MALLORY, f"/link {upper}/@alice"))
    taken = (await _do(app, fake_telegram, _update(MALLORY, "/verify 1")))[-1]
    assert "already verified by someone else" in taken.text


async def test_a_fediverse_handle_alone_is_looked_up_on_mastodon(
    app: BotApplication, fake_telegram: FakeTelegram
) -> None:
    """``/link @alice@server`` (as a profile shows it) needs no platform word: it got the
    usage text; an e-mail address, without the leading @, is not taken for one: it is asked
    about, with a button."""
    assert detect_platform("@alice@mastodon.social") == "mastodon"
    assert detect_platform("alice@example.com") is None
    assert detect_platform("@alice@threads.net") == "threads", "the host's own platform"
    answers = await _do(app, fake_telegram, _update(ALICE, "/link @alice@mastodon.example"))
    assert "Looking up @alice@mastodon.example on Mastodon" in answers[0].text
    mail = await _do(app, fake_telegram, _update(ALICE, "/link alice@example.com"))
    # asked, with the address as a profile shows it on a button (it got the usage text)
    assert [c.text for c in mail] == ["Did you mean <b>Mastodon</b>?"], "nothing looked up"
    assert [b["text"] for b in mail[0].buttons] == ["Yes: @alice@example.com on Mastodon"]


@pytest.mark.parametrize(
    "entry",
    [
        pytest.param(
            "<entry><id>urn:c:1</id><title>Comment by mallory</title><author><name>mallory</name></author>"
            "<updated>2026-11-20T09:00:00Z</updated><link href='{site}hello/#comment-7'/>"
            "<content>Great post! {code}</content></entry>",
            id="a comment's address is a place on a post",
        ),
        pytest.param(
            "<entry><id>urn:c:2</id><title>Re: Hello</title><updated>2026-11-20T09:00:00Z</updated>"
            "<link href='{site}c/2'/><thr:in-reply-to ref='urn:notes:1'/><content>{code}</content></entry>",
            id="an Atom reply",
        ),
        pytest.param(
            "<entry><id>urn:c:3</id><title>Guest post</title><author><name>mallory</name></author>"
            "<updated>2026-11-20T09:00:00Z</updated><link href='{site}guest/'/><content>{code}</content></entry>",
            id="an entry by someone else than the feed's author",
        ),
    ],
)
async def test_a_code_someone_else_wrote_on_a_blog_proves_nothing(
    app: BotApplication, fake_telegram: FakeTelegram, platforms: FakePlatforms, entry: str
) -> None:
    """A commenter can plant a code in a comments feed; only the owner's posts count."""
    site = f"{platforms.url}/notes/"
    platforms.override("/notes/feed.xml", _feed(site, author="alice"))
    await _do(app, fake_telegram, _update(MALLORY, f"/link blog {platforms.url}/notes/feed.xml"))
    asked = (await _do(app, fake_telegram, _update(MALLORY, "/verify 1")))[-1]
    code = re.search(r"resonance-[0-9a-f]{8}", asked.text)
    assert code is not None
    planted = entry.format(site=site, code=code.group(0))
    platforms.override("/notes/feed.xml", _feed(site, planted, author="alice"))
    assert "I do not see" in (await _press(app, fake_telegram, MALLORY, asked)).text
    owners = (
        planted.replace("mallory", "alice")
        .replace("#comment-7", "")
        .replace("<thr:in-reply-to ref='urn:notes:1'/>", "")
    )
    platforms.override("/notes/feed.xml", _feed(site, owners, author="alice"))
    again = (await _do(app, fake_telegram, _update(MALLORY, "/verify 1")))[-1]
    assert "is verified as yours" in (await _press(app, fake_telegram, MALLORY, again)).text, (
        "the owner's own post still proves it"
    )


async def test_pressing_check_a_hundred_times_asks_the_platform_once(
    app: BotApplication, fake_telegram: FakeTelegram, platforms: FakePlatforms
) -> None:
    """The check button looks at a profile at most once a minute, however often pressed:
    one user's presses do not spend the budget every user shares (60 an hour on GitHub
    without a token)."""
    services_of(app).proof_checks.clock = time.monotonic  # presses as fast as a person's
    _github(platforms, "")
    await _do(app, fake_telegram, _update(ALICE, "/link github jacquev6"))
    asked = (await _do(app, fake_telegram, _update(ALICE, "/verify 1")))[-1]
    user_path = next(p for p in platforms.hits if re.fullmatch(r"/user/\d+", p))
    before = platforms.hits[user_path]
    answers = [await _press(app, fake_telegram, ALICE, asked) for _ in range(30)]
    assert platforms.hits[user_path] - before == 1
    assert "press the button again in" in answers[-1].text


async def test_lookups_a_user_starts_draw_on_their_share_of_the_budget(
    fake_telegram: FakeTelegram, tmp_path: Path, sources: dict[str, Source]
) -> None:
    """Without GITHUB_TOKEN the whole bot has 60 GitHub requests an hour: one user's
    lookups stop at their share, with a polite answer, and ask GitHub nothing more."""
    from bot.use_cases.budgets import UserShares
    from scoring.budgets import Grants

    settings = load_settings(
        {"TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_API_BASE_URL": fake_telegram.base_url}
    )
    db = open_db(tmp_path / "share.db")
    services = Services(settings=settings, db=db, sources=sources, shares=UserShares.of(Grants()))
    services.link_attempts.limit = 1000
    application = build_application(services)
    fake_telegram.send_message("/start", user_id=ALICE)
    answers = []
    async with application:
        for _ in range(12):
            calls = await _do(
                application, fake_telegram, _update(ALICE, "/link github nobody-here")
            )
            answers.append(calls[-1].text)
    db.close()
    assert "could not find" in answers[0]
    assert "You have asked GitHub for a lot this hour" in answers[-1]
    refused = sum("for a lot this hour" in a for a in answers)
    assert 1 <= refused < 12


ECHO_TOKEN = "EAAGm0PX4ZCpsBAEchoedTokenFromTheReview0123456789abcdXYZ"


@pytest.mark.parametrize(
    "platform",
    [
        "mastodon",
        "bluesky",
        "github",
        "blog",
        "hackernews",
        "stackexchange",
        "reddit",
        "youtube",
        "x",
        "manual",
        None,
    ],
)
async def test_a_token_sent_to_a_platform_that_takes_none_is_deleted_and_never_echoed(
    app: BotApplication, fake_telegram: FakeTelegram, platform: str | None
) -> None:
    """``/link github EAAG…`` deleted the message, then answered "Looking up EAAG… on
    GitHub…". Now nothing follows the deletion but the notice; no part of it comes back."""
    text = f"/link {platform} {ECHO_TOKEN}" if platform else f"/link {ECHO_TOKEN}"
    mark = fake_telegram.mark()
    sent = fake_telegram.send_message(text, user_id=ALICE)
    calls = await _do(app, fake_telegram, fake_telegram.pending_update(sent))
    assert fake_telegram.calls_of("deleteMessage", ALICE)[-1] in fake_telegram.calls[mark:]
    said = [c.text for c in calls]
    assert len(said) == 1
    assert "deleted your message and kept nothing" in said[0]
    assert not any(ECHO_TOKEN[:12] in s or ECHO_TOKEN[-12:] in s for s in said)


async def test_a_long_name_comes_back_shortened_in_every_answer(
    app: BotApplication, fake_telegram: FakeTelegram
) -> None:
    """A 250-character handle is shown (in "Looking up …", "I could not find …") at most
    100 characters long, as every other name is."""
    calls = await _do(app, fake_telegram, _update(ALICE, "/link hackernews " + "a" * 250))
    assert calls
    assert all("a" * 101 not in c.text for c in calls), [c.text[:80] for c in calls]
    assert any("a" * 90 in c.text for c in calls), "the name is still shown, shortened"

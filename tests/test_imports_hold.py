"""Imported channels stay imported (issue 23): where a channel's numbers come from is the
channel's, not its platform's. An X archive is never refreshed into an error, one account
that arrives twice (tweets.js alone, then the zip; an archive and the API) is one channel,
and an archive without a post is refused."""

from __future__ import annotations

import io
import json
import sqlite3
import zipfile
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from bot.app import BotApplication
from bot.services import services_of
from storage.channels import list_channels
from tests.bot_process import running_bot
from tests.fakes.telegram_server import Call, FakeTelegram
from tests.fakes.updates import application_on, process, text_update
from tests.test_x import BEARER, USER_ID, FakeX

SAMPLES = Path(__file__).resolve().parent / "fixtures" / "x-archive"
USER = 2301


def _zipped(files: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return out.getvalue()


def _whole_archive() -> bytes:
    return _zipped(
        {
            f"data/{n}": (SAMPLES / n).read_bytes()
            for n in ("tweets.js", "account.js", "manifest.js")
        }
    )


def _send(fake: FakeTelegram, content: bytes, name: str, needle: str) -> Call:
    mark = fake.mark()
    fake.send_document(content, name, user_id=USER)
    return fake.wait_for_reply(USER, mark, 30, methods=("editMessageText",), containing=needle)


def _say(fake: FakeTelegram, text: str, needle: str) -> Call:
    mark = fake.mark()
    fake.send_message(text, user_id=USER)
    return fake.wait_for_reply(
        USER, mark, 30, methods=("sendMessage", "editMessageText"), containing=needle
    )


@pytest.mark.e2e
def test_an_archive_stays_imported_one_channel_and_an_empty_one_is_refused(
    tmp_path: Path, fake_telegram: FakeTelegram
) -> None:
    """Through the running bot without X_BEARER_TOKEN: tweets.js alone, then the whole zip,
    make one X channel of 4 posts; /refresh leaves it as imported (before: "error: the
    operator has not set this platform's key"; now it says there is nothing to read); an archive of no posts changes nothing."""
    fake = fake_telegram
    with running_bot(fake, tmp_path):
        fake.add_private_chat(USER)
        first = _send(fake, (SAMPLES / "tweets.js").read_bytes(), "tweets.js", "Imported")
        assert "follower" not in first.text, "unknown is not 0"
        whole = _send(fake, _whole_archive(), "twitter-2024.zip", "Imported")
        assert "(@alrocar)" in whole.text
        assert "(0 new, 4 updated)" in whole.text
        refreshed = _say(fake, "/refresh", "nothing for me to read")
        assert "✗" not in refreshed.text
        assert "/report" in refreshed.text
        listing = _say(fake, "/channels", "Your channels").text
        assert listing.count("· X (imported)") == 1, listing
        assert "imported" in listing
        assert "error" not in listing
        empty = _send(fake, b"window.YTD.tweets.part0 = [ ]", "tweets.js", "holds no posts")
        assert "nothing to import" in empty.text
        assert _say(fake, "/channels", "Your channels").text == listing
    db = sqlite3.connect(tmp_path / "resonance.db")
    rows = db.execute("SELECT account_id, origin, status FROM channels").fetchall()
    assert rows == [("52338276", "imported", "ok")]
    assert db.execute("SELECT count(*), count(DISTINCT post_id) FROM posts").fetchone() == (4, 4)


def _archive_of_api_posts(post_ids: list[str], *, named: bool) -> tuple[bytes, str]:
    when = (datetime.now(UTC) - timedelta(days=2)).strftime("%a %b %d %H:%M:%S +0000 %Y")
    tweets = [
        {"tweet": {"id_str": i, "created_at": when, "full_text": "post", "favorite_count": "900"}}
        for i in post_ids
    ]
    js = ("window.YTD.tweets.part0 = " + json.dumps(tweets)).encode()
    if not named:
        return js, "tweets.js"
    account = [{"account": {"accountId": USER_ID, "username": "Twitter"}}]
    files = {
        "data/tweets.js": js,
        "data/account.js": ("window.YTD.account.part0 = " + json.dumps(account)).encode(),
    }
    return _zipped(files), "twitter.zip"


@pytest.fixture
async def app(
    fake_telegram: FakeTelegram, tmp_path: Path, httpserver: HTTPServer
) -> AsyncIterator[BotApplication]:
    FakeX(httpserver)
    environ = {
        "X_BEARER_TOKEN": BEARER,
        "RESONANCE_X_API": httpserver.url_for("/2"),
        "RESONANCE_X_TIER": "pro",
        "RESONANCE_ALLOW_PRIVATE_NETWORK": "1",
    }
    async with application_on(fake_telegram, tmp_path / "x.db", environ, chats=[USER]) as app:
        yield app


async def _import(app: BotApplication, fake: FakeTelegram, content: bytes, name: str) -> str:
    update_id = fake.send_document(content, name, user_id=USER)
    return (await process(app, fake, fake.pending_update(update_id)))[-1].text


@pytest.mark.parametrize("named", [True, False], ids=["the zip", "tweets.js alone"])
async def test_an_archive_of_an_account_read_through_the_api_merges_into_it(
    app: BotApplication, fake_telegram: FakeTelegram, named: bool
) -> None:
    linked = await process(app, fake_telegram, text_update(USER, "/link x @Twitter"))
    assert "Linked <b>Twitter · X</b>" in linked[-1].text
    db = services_of(app).db
    api_ids = [r[0] for r in db.execute("SELECT post_id FROM posts ORDER BY post_id")]
    before = list_channels(db, USER)[0]
    content, name = _archive_of_api_posts(api_ids[:2], named=named)
    answer = await _import(app, fake_telegram, content, name)
    assert "(0 new, 2 updated)" in answer
    channels = list_channels(db, USER)
    assert len(channels) == 1, "one account, one channel"
    assert channels[0].origin == "read", "still read by every refresh"
    assert channels[0].fetch_state == before.fetch_state, "what the reads keep stands"
    likes = db.execute("SELECT max(likes) FROM posts").fetchone()[0]
    assert likes == 900, "the larger count of each post"


async def test_an_account_linked_after_its_lone_tweets_js_takes_it_in(
    app: BotApplication, fake_telegram: FakeTelegram
) -> None:
    """tweets.js names no account; once the API reads the same posts, the imported channel
    joins the read one and the user is told so."""
    db = services_of(app).db
    probe = await process(app, fake_telegram, text_update(USER, "/link x @Twitter"))
    assert "Linked" in probe[-1].text
    api_ids = [r[0] for r in db.execute("SELECT post_id FROM posts ORDER BY post_id")]
    channel = list_channels(db, USER)[0]
    await process(app, fake_telegram, text_update(USER, "/unlink"))
    db.execute("DELETE FROM channels WHERE id = ?", [channel.id])
    content, name = _archive_of_api_posts(api_ids[:3], named=False)
    await _import(app, fake_telegram, content, name)
    assert [c.origin for c in list_channels(db, USER)] == ["imported"]
    linked = await process(app, fake_telegram, text_update(USER, "/link x @Twitter"))
    assert "is part of this channel now" in linked[-1].text
    channels = list_channels(db, USER)
    assert [(c.account_id, c.origin) for c in channels] == [(USER_ID, "read")]

"""X: the API with the operator's bearer token (over real HTTP to a fake X), and the archive a
user sends (the real sample files, alone and zipped)."""

from __future__ import annotations

import io
import json
import time
import zipfile
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from pytest_httpserver import HTTPServer
from werkzeug.wrappers import Request, Response

from bot.app import BotApplication
from bot.services import services_of
from scoring.channel_data import PostKind
from scoring.sources import build_sources
from scoring.sources.archives import NotAnExport
from scoring.sources.base import SourceConfig
from scoring.sources.errors import Forbidden, InvalidHandle, NotConfigured, RateLimited
from scoring.sources.x import parse_username
from scoring.sources.x_archive import parse_archive
from tests.conftest import TEST_POLICY
from tests.examples import examples
from tests.fakes.telegram_server import FakeTelegram
from tests.fakes.updates import application_on, process, text_update

SAMPLES = Path(__file__).resolve().parent / "fixtures"
BEARER = "AAAAAAAAAAAAAAAAAAAAAtest-bearer"
NOW = datetime.now(UTC).replace(microsecond=0)
USER_ID = "783214"


def _recorded(name: str) -> dict[str, Any]:
    return dict(json.loads((SAMPLES / "x" / name).read_text())["response"]["body"])


def _tweet(tweet_id: int, days_ago: float, likes: int, **extra: Any) -> dict[str, Any]:
    return {
        "id": str(tweet_id),
        "text": f"post {tweet_id} #resonance",
        "created_at": (NOW - timedelta(days=days_ago)).strftime("%Y-%m-%dT%H:%M:%S.000Z"),
        "public_metrics": {
            "retweet_count": 3,
            "reply_count": 2,
            "like_count": likes,
            "quote_count": 1,
            "bookmark_count": 0,
            "impression_count": 900,
        },
        "entities": {"hashtags": [{"start": 9, "end": 19, "tag": "resonance"}]},
        **extra,
    }


class FakeX:
    """The v2 endpoints a read uses, with the recorded user and pages of recorded shape."""

    def __init__(self, server: HTTPServer) -> None:
        self.server = server
        self.requests: list[dict[str, str]] = []
        self.answer_429: dict[str, Any] | None = None
        self.likes = 120  # of the newest post
        server.expect_request("/2/users/by/username/Twitter").respond_with_json(
            _recorded("tweepy_get_user_by_username.json"),
            headers={"x-rate-limit-limit": "300", "x-rate-limit-remaining": "299"},
        )
        server.expect_request(f"/2/users/{USER_ID}/tweets").respond_with_handler(self.timeline)

    def timeline(self, request: Request) -> Response:
        if request.headers.get("Authorization") != f"Bearer {BEARER}":
            return Response(
                json.dumps(json.loads((SAMPLES / "x/errors.json").read_text())[0]["body"]), 401
            )
        self.requests.append(dict(request.args))
        if self.answer_429 is not None:
            headers = {
                "x-rate-limit-remaining": "0",
                "x-rate-limit-reset": str(int(time.time()) + 600),
            }
            return Response(
                json.dumps(self.answer_429), 429, headers=headers, mimetype="application/json"
            )
        page = _recorded("tweepy_get_users_tweets.json")
        includes = {
            "users": [
                {
                    "id": USER_ID,
                    "username": "Twitter",
                    "public_metrics": {"followers_count": 65_000_000},
                }
            ]
        }
        if request.args.get("since_id"):
            body = {
                "data": [_tweet(1577730467436139999, 0.1, 50)],
                "includes": includes,
                "meta": {"result_count": 1, "newest_id": "1577730467436139999"},
            }
        elif request.args.get("pagination_token") == page["meta"]["next_token"]:
            body = {
                "data": [
                    _tweet(
                        1565318587736285100,
                        20,
                        7,
                        referenced_tweets=[{"type": "retweeted", "id": "1"}],
                    )
                ],
                "includes": includes,
                "meta": {"result_count": 1, "oldest_id": "1565318587736285100"},
            }
        else:
            data = [
                _tweet(int(page["data"][0]["id"]), 1, self.likes),
                _tweet(
                    int(page["data"][1]["id"]),
                    5,
                    30,
                    referenced_tweets=[{"type": "replied_to", "id": "9"}],
                    in_reply_to_user_id="12",
                ),
                _tweet(
                    1570000000000000001,
                    6,
                    11,
                    referenced_tweets=[{"type": "replied_to", "id": "8"}],
                    in_reply_to_user_id=USER_ID,
                ),
                _tweet(
                    1570000000000000002, 8, 15, referenced_tweets=[{"type": "quoted", "id": "7"}]
                ),
            ]
            body = {"data": data, "includes": includes, "meta": {**page["meta"], "result_count": 4}}
        return Response(json.dumps(body), 200, mimetype="application/json")  # fmt: skip


@pytest.fixture
def fake_x(httpserver: HTTPServer) -> FakeX:
    return FakeX(httpserver)


def _x_source(httpserver: HTTPServer, token: str | None = BEARER, tier: str = "pro") -> Any:
    config = SourceConfig(
        api_urls={"x": httpserver.url_for("/2")},
        keys={"X_BEARER_TOKEN": token} if token else {},
        options={"RESONANCE_X_TIER": tier},
        allow_private_network=True,
        http=TEST_POLICY,
    )
    return build_sources(config)["x"]


def test_a_user_is_found_by_name_and_read_with_every_page(
    fake_x: FakeX, httpserver: HTTPServer
) -> None:
    source = _x_source(httpserver)
    account = source.resolve("https://x.com/Twitter")
    assert (account.account_id, account.handle) == (USER_ID, "@Twitter")
    data = source.fetch(account, {}, NOW)
    assert data.profile.followers == 65_000_000
    kinds = {p.post_id: p.kind for p in data.posts}
    assert list(kinds.values()) == [
        PostKind.OWN,
        PostKind.REPLY,
        PostKind.OWN,  # a reply to oneself continues a thread
        PostKind.QUOTE,
        PostKind.RESHARE,
    ]
    first = data.posts[0]
    assert (first.likes, first.reshares, first.replies, first.quotes) == (120, 3, 2, 1)
    assert data.posts[-1].likes == 0, "a repost's counts are the original's"
    assert data.posts[2].in_thread
    assert "start_time" in fake_x.requests[0]
    assert fake_x.requests[1]["pagination_token"]
    assert data.fetch_state["newest_id"] == "1577730467436138524"

    later = source.fetch(account, data.fetch_state, NOW + timedelta(hours=6))
    assert fake_x.requests[-1]["since_id"] == "1577730467436138524", "only what is new"
    assert [p.post_id for p in later.posts] == ["1577730467436139999"]
    deep = source.fetch(account, later.fetch_state, NOW + timedelta(days=1, hours=1))
    assert "start_time" in fake_x.requests[-2], "once a day the window is read again"
    assert len(deep.posts) == 5


def test_on_the_basic_tier_a_read_asks_one_page_so_it_never_costs_more_than_planned(
    fake_x: FakeX, httpserver: HTTPServer
) -> None:
    """Basic's 15,000 posts a month are planned at 100 posts a read: a second page would
    spend what the plan did not count."""
    source = _x_source(httpserver, tier="basic")
    data = source.fetch(source.resolve("@Twitter"), {}, NOW)
    assert len(fake_x.requests) == 1
    assert "pagination_token" not in fake_x.requests[0]
    assert len(data.posts) == 4, "the newest page is read whole"


def test_rate_limits_and_the_monthly_cap_are_told_apart(
    fake_x: FakeX, httpserver: HTTPServer
) -> None:
    source = _x_source(httpserver)
    account = source.resolve("@Twitter")
    errors = json.loads((SAMPLES / "x/errors.json").read_text())
    fake_x.answer_429 = errors[1]["body"]
    asked = len(fake_x.requests)
    with pytest.raises(RateLimited) as limited:
        source.fetch(account, {}, NOW)
    assert len(fake_x.requests) == asked + 1, "X sends no Retry-After: its reset is obeyed"
    assert limited.value.retry_after is not None
    assert 500 < limited.value.retry_after <= 600
    fake_x.answer_429 = errors[2]["body"]  # UsageCapExceeded, with x-rate-limit-remaining high
    with pytest.raises(RateLimited) as capped:
        source.fetch(account, {}, NOW)
    assert "monthly usage cap" in str(capped.value)
    assert capped.value.retry_after is not None
    assert capped.value.retry_after > 600


def test_a_refused_token_and_a_missing_one(fake_x: FakeX, httpserver: HTTPServer) -> None:
    account = _x_source(httpserver).resolve("Twitter")
    with pytest.raises(Forbidden):
        _x_source(httpserver, token="wrong").fetch(account, {}, NOW)
    with pytest.raises(NotConfigured) as missing:
        _x_source(httpserver, token=None).resolve("Twitter")
    assert str(missing.value) == "X_BEARER_TOKEN"


@pytest.mark.parametrize("query", ["@", "a" * 16, "https://example.com/alice", "al ice"])
def test_malformed_names_are_refused(query: str) -> None:
    with pytest.raises(InvalidHandle):
        parse_username(query)


def _zipped(files: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return out.getvalue()


def test_the_real_tweets_js_is_read_with_what_each_post_is() -> None:
    archive = parse_archive((SAMPLES / "x-archive/tweets.js").read_bytes(), "tweets.js")
    assert [p.kind for p in archive.posts] == [
        PostKind.RESHARE,
        PostKind.REPLY,
        PostKind.OWN,
        PostKind.QUOTE,
    ]
    own = archive.posts[2]
    assert (own.likes, own.reshares) == (2, 2)
    assert own.created_at == datetime(2024, 11, 5, 13, 24, 9, tzinfo=UTC)


def test_the_whole_archive_names_the_account_and_counts_followers() -> None:
    files = {
        f"data/{name}": (SAMPLES / "x-archive" / name).read_bytes()
        for name in ("tweets.js", "account.js", "follower.js", "manifest.js")
    }
    archive = parse_archive(_zipped(files), "twitter-2024-11-16.zip")
    assert archive.account.account_id == "52338276"
    assert archive.account.handle == "@alrocar"
    followers = json.loads((SAMPLES / "x-archive/follower.js").read_text().split("=", 1)[1])
    assert archive.followers == len(followers)
    assert len(archive.posts) == 4


def _broken_inside() -> bytes:
    """An archive whose tweets.js is damaged inside its deflate stream (sizes intact)."""
    tweets = b"window.YTD.tweets.part0 = [" + b'{"tweet": {"id_str": "1"}},' * 200 + b"{}]"
    data = bytearray(_zipped({"data/tweets.js": tweets}))
    start = data.find(b"data/tweets.js") + len("data/tweets.js") + 10
    for index in range(start, start + 20):
        data[index] ^= 0xFF
    return bytes(data)


@pytest.mark.parametrize(
    ("data", "name", "code"),
    [
        (b"console.log('hello')", "tweets.js", "not_archive"),
        (b"window.YTD.tweets.part0 = [ {broken", "tweets.js", "not_archive"),
        (_zipped({"data/like.js": b"window.YTD.like.part0 = []"}), "x.zip", "no_file"),
        (b"not a zip", "archive.zip", "not_archive"),
        (b"window.YTD.tweets.part0 = " + b"[" * 200_000, "tweets.js", "not_archive"),
        (
            b'window.YTD.tweets.part0 = [{"tweet": {"id_str": "1", "full_text": "x", '
            b'"created_at": "Wed Oct 05 14:04:27 +0000 2022", "favorite_count": "'
            + b"9" * 40
            + b'", "retweet_count": "0"}}]',
            "tweets.js",
            "implausible",
        ),
        (_broken_inside(), "archive.zip", "not_archive"),
        (
            b'window.YTD.tweets.part0 = [{"tweet": {"id_str": "1", "full_text": "x", '
            b'"created_at": "Mon Jan 01 00:00:00 +2359 0001", "favorite_count": "1"}}]',
            "tweets.js",
            "implausible_date",
        ),
        (
            b'window.YTD.tweets.part0 = [{"tweet": {"id_str": "1", "full_text": "x", '
            b'"created_at": "Mon Jan 01 00:00:00 +0000 1990", "favorite_count": "1"}}]',
            "tweets.js",
            "implausible_date",
        ),
    ],
)
def test_what_is_not_an_archive_says_what_was_expected(data: bytes, name: str, code: str) -> None:
    with pytest.raises(NotAnExport) as refused:
        parse_archive(data, name)
    assert refused.value.code == code


@pytest.fixture
async def app(fake_telegram: FakeTelegram, tmp_path: Path) -> AsyncIterator[BotApplication]:
    async with application_on(fake_telegram, tmp_path / "x.db", chats=[61]) as app:
        yield app


async def test_without_a_token_link_x_names_the_setting_and_the_archive_is_imported(
    app: BotApplication, fake_telegram: FakeTelegram
) -> None:
    answer = (await process(app, fake_telegram, text_update(61, "/link x @alrocar")))[-1].text
    assert "X cannot be read on this Resonance yet" in answer
    assert "X_BEARER_TOKEN" not in answer, "a setting's name means nothing to a user"
    assert "tweets.js" in answer
    update_id = fake_telegram.send_document(
        (SAMPLES / "x-archive/tweets.js").read_bytes(), "tweets.js", user_id=61
    )
    calls = await process(app, fake_telegram, fake_telegram.pending_update(update_id))
    assert "Imported your X archive: 4 posts, of them 2 your own (4 new" in calls[-1].text
    assert "follower" not in calls[-1].text, "a lone tweets.js does not know them: unknown, not 0"
    again = fake_telegram.send_document(
        (SAMPLES / "x-archive/tweets.js").read_bytes(), "tweets.js", user_id=61
    )
    calls = await process(app, fake_telegram, fake_telegram.pending_update(again))
    assert "(0 new, 4 updated)" in calls[-1].text
    db = services_of(app).db
    assert db.execute("SELECT count(*) FROM posts").fetchone()[0] == 4, "nothing twice"


async def test_on_the_basic_tier_x_channels_are_read_as_often_as_the_monthly_cap_allows(
    fake_telegram: FakeTelegram, fake_x: FakeX, httpserver: HTTPServer, tmp_path: Path
) -> None:
    """Ten users link X on Basic (15,000 posts a month, 100 a read, counted once a day): every
    6 hours would cost 1,000 posts a day of the 400 planned, so /channels says each is read
    about every 60 hours; the Pro tier reads them every interval."""
    users = list(range(70, 80))
    environ = {
        "X_BEARER_TOKEN": BEARER,
        "RESONANCE_X_API": httpserver.url_for("/2"),
        "RESONANCE_ALLOW_PRIVATE_NETWORK": "1",
    }
    async with application_on(fake_telegram, tmp_path / "x.db", environ, chats=users) as app:
        for user in users:
            linked = await process(app, fake_telegram, text_update(user, "/link x @Twitter"))
            assert "Linked <b>Twitter · X</b>" in linked[-1].text
        answer = (await process(app, fake_telegram, text_update(70, "/channels")))[-1].text
    assert "read about every 2 days, as often as X allows for all our users" in answer
    paused = {**environ, "RESONANCE_X_MONTHLY_POSTS": "0"}  # the operator stops X reads
    async with application_on(fake_telegram, tmp_path / "x.db", paused) as app:
        answer = (await process(app, fake_telegram, text_update(72, "/channels")))[-1].text
        assert "not read for now: this Resonance reads no X channels at the moment" in answer
        services = services_of(app)
        assert services.budgets is not None
        plan = await services.budgets.plan(services.db, services.now())
        assert not plan.reads_now(1, "x", "https://x.com/Twitter", 5, timedelta(days=400))
    pro = {**environ, "RESONANCE_X_TIER": "pro"}
    async with application_on(fake_telegram, tmp_path / "x.db", pro) as app:
        answer = (await process(app, fake_telegram, text_update(71, "/channels")))[-1].text
    assert "read about every" not in answer


async def test_an_answer_with_counts_beyond_any_real_one_is_malformed_and_saves_nothing(
    fake_telegram: FakeTelegram, fake_x: FakeX, httpserver: HTTPServer, tmp_path: Path
) -> None:
    """A like count of 10^30 (a broken or hostile answer; SQLite could not even hold it) is
    the platform's fault, said as such; nothing is stored."""
    fake_x.likes = 10**30
    environ = {
        "X_BEARER_TOKEN": BEARER,
        "RESONANCE_X_API": httpserver.url_for("/2"),
        "RESONANCE_ALLOW_PRIVATE_NETWORK": "1",
    }
    async with application_on(fake_telegram, tmp_path / "x.db", environ, chats=[90]) as app:
        answer = (await process(app, fake_telegram, text_update(90, "/link x @Twitter")))[-1]
        assert "X sent something I did not expect" in answer.text
        db = services_of(app).db
        assert db.execute("SELECT count(*) FROM posts").fetchone()[0] == 0
        assert db.execute("SELECT count(*) FROM snapshots").fetchone()[0] == 0


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)
_ENTITIES = st.fixed_dictionaries(
    {},
    optional={
        "urls": st.one_of(_JSON, st.lists(st.fixed_dictionaries({"expanded_url": _JSON}))),
        "hashtags": st.one_of(_JSON, st.lists(st.fixed_dictionaries({"text": _JSON}))),
    },
)
_FIELD = st.one_of(_JSON, _ENTITIES, st.just("Wed Oct 05 14:04:27 +0000 2022"), st.just("RT @a: x"))
_DATED = {"id_str": "1", "created_at": "Wed Oct 05 14:04:27 +0000 2022"}
_TWEET = st.fixed_dictionaries(
    {  # an id and a date a post needs, mostly well formed: the rest is where it breaks
        "id_str": st.one_of(st.text(max_size=5), _JSON),
        "created_at": st.one_of(st.just("Wed Oct 05 14:04:27 +0000 2022"), _JSON),
    },
    optional=dict.fromkeys(
        (
            "full_text", "favorite_count", "retweet_count", "entities",
            "in_reply_to_status_id_str", "in_reply_to_user_id_str",
        ),
        _FIELD,
    ),
)  # fmt: skip


@settings(max_examples=examples(150), deadline=None)
@example(items=[{"tweet": {**_DATED, "entities": {"urls": True}}}])  # found by a longer run
@example(items=[{"tweet": {**_DATED, "entities": {"hashtags": 5}}}])
@given(items=st.lists(st.one_of(_JSON, st.builds(lambda t: {"tweet": t}, _TWEET)), max_size=6))
def test_any_tweets_js_is_an_archive_or_refused_with_a_reason(items: list[Any]) -> None:
    """Whatever a tweets.js holds (a hostile or broken file), the parse gives posts whose
    counts fit, or says what was expected; never another error."""
    data = b"window.YTD.tweets.part0 = " + json.dumps(items).encode()
    try:
        archive = parse_archive(data, "tweets.js")
    except NotAnExport:
        return
    assert all(0 <= p.likes <= 10**10 for p in archive.posts)


async def test_a_refused_archive_leaves_no_channel_behind(
    app: BotApplication, fake_telegram: FakeTelegram
) -> None:
    """The review's archive dated ``+2359 0001`` crashed the import after the channel was
    created: an empty X channel stayed. Refused now, and nothing is stored."""
    tweets = (
        b'window.YTD.tweets.part0 = [{"tweet": {"id_str": "1", "full_text": "x", '
        b'"created_at": "Mon Jan 01 00:00:00 +2359 0001", "favorite_count": "1"}}]'
    )
    update_id = fake_telegram.send_document(tweets, "tweets.js", user_id=61)
    calls = await process(app, fake_telegram, fake_telegram.pending_update(update_id))
    assert "before X existed" in calls[-1].text
    channels = (await process(app, fake_telegram, text_update(61, "/channels")))[-1].text
    assert "You have not linked any channel yet" in channels

"""Threads with the user's own token: posts with their insights, followers, an expired token,
and a long-lived token refreshed before it expires, stored sealed in place of the old one."""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from cryptography.fernet import Fernet
from pytest_httpserver import HTTPServer
from werkzeug.wrappers import Request, Response

from bot.app import BotApplication
from bot.services import Services, services_of
from bot.use_cases.refresh import refresh_user
from scoring.channel_data import PostKind
from scoring.sources import build_sources
from scoring.sources.base import Secret, SourceConfig
from scoring.sources.errors import InvalidHandle, NotFound, TokenRejected
from scoring.sources.threads import parse_name
from storage.channels import sealed_credentials
from storage.vault import Vault
from tests.bot_process import running_bot
from tests.conftest import TEST_POLICY
from tests.fakes.telegram_server import FakeTelegram
from tests.fakes.updates import application_on, process, text_update

SAMPLES = Path(__file__).resolve().parent / "fixtures/threads"
OLD = "THAA" + "o" * 60
NEW = "THAA" + "n" * 60
USER_ID = "17841400000000001"
NOW = datetime.now(UTC).replace(microsecond=0)


def _sample(name: str) -> dict[str, Any]:
    data = json.loads((SAMPLES / name).read_text())
    data.pop("_note", None)
    return dict(data)


class FakeThreads:
    """graph.threads.net as the documented shapes have it (the samples' own bodies)."""

    def __init__(self, server: HTTPServer) -> None:
        self.valid = {OLD}
        self.tokens_seen: list[str] = []
        self.refreshes = 0
        self.replies_allowed = True
        server.expect_request("/v1.0/me").respond_with_handler(self._me)
        server.expect_request(f"/v1.0/{USER_ID}/threads_insights").respond_with_handler(
            self._followers
        )
        server.expect_request(f"/v1.0/{USER_ID}/threads").respond_with_handler(self._threads)
        server.expect_request("/refresh_access_token").respond_with_handler(self._refresh)
        server.expect_request(f"/v1.0/{USER_ID}/replies").respond_with_handler(self._replies)
        insights = re.compile(r"^/v1\.0/\d+/insights$")
        server.expect_request(insights).respond_with_handler(self._insights)
        conversation = re.compile(r"^/v1\.0/(\d+)/conversation$")
        server.expect_request(conversation).respond_with_handler(self._conversation)
        server.expect_request(re.compile(r"^/v1\.0/\d+$")).respond_with_handler(self._post)
        self.conversations = 0

    def _auth(self, request: Request) -> Response | None:
        token = request.headers.get("Authorization", "").removeprefix("Bearer ")
        self.tokens_seen.append(token)
        if token not in self.valid:
            body = {"error": {"message": "Error validating access token: Session has expired",
                              "type": "OAuthException", "code": 190, "error_subcode": 463}}  # fmt: skip
            return Response(json.dumps(body), 400, mimetype="application/json")
        return None

    def _json(self, body: dict[str, Any]) -> Response:
        return Response(json.dumps(body), 200, mimetype="application/json")

    def _me(self, request: Request) -> Response:
        return self._auth(request) or self._json({"id": USER_ID, "username": "ada", "name": "Ada"})

    def _followers(self, request: Request) -> Response:
        return self._auth(request) or self._json(
            _sample("ILLUSTRATIVE_user_insights_followers_count.json")
        )

    def _threads(self, request: Request) -> Response:
        page = _sample("ILLUSTRATIVE_threads_list_response.json")
        for index, item in enumerate(page["data"]):
            item["timestamp"] = (NOW - timedelta(days=index + 1)).strftime("%Y-%m-%dT%H:%M:%S+0000")
        page["data"].append(
            {
                "id": "5555555555555555",
                "media_type": "REPOST_FACADE",
                "timestamp": (NOW - timedelta(days=3)).strftime("%Y-%m-%dT%H:%M:%S+0000"),
            }
        )
        return self._auth(request) or self._json(page)  # fmt: skip

    def _replies(self, request: Request) -> Response:
        denied = self._auth(request)
        if denied is not None:
            return denied
        if not self.replies_allowed:  # the token lacks threads_read_replies
            body = {"error": {"message": "(#10) Application does not have permission",
                              "type": "THApiException", "code": 10}}  # fmt: skip
            return Response(json.dumps(body), 403, mimetype="application/json")
        moment = (NOW - timedelta(days=2)).strftime("%Y-%m-%dT%H:%M:%S+0000")
        return self._json({"data": [
            {"id": "7000000000000001", "text": "and a follow-up", "timestamp": moment,
             "media_type": "TEXT_POST", "root_post": {"id": "1234567890123456"}},
            {"id": "7000000000000002", "text": "great point!", "timestamp": moment,
             "media_type": "TEXT_POST", "root_post": {"id": "4242424242424242"},
             "replied_to": {"id": "4242424242424242"}},
        ]})  # fmt: skip

    def _conversation(self, request: Request) -> Response:
        """Every reply under a post, flattened, as ``/{media}/conversation`` documents it."""
        denied = self._auth(request)
        if denied is not None:
            return denied
        if not self.replies_allowed:
            body = {"error": {"message": "(#10) Application does not have permission",
                              "type": "THApiException", "code": 10}}  # fmt: skip
            return Response(json.dumps(body), 403, mimetype="application/json")
        self.conversations += 1
        if not request.path.startswith("/v1.0/1234567890123456/"):
            return self._json({"data": []})
        at = (NOW - timedelta(hours=20)).strftime("%Y-%m-%dT%H:%M:%S+0000")

        def reply(n: int, username: str, to: str) -> dict[str, Any]:
            return {"id": f"80000000000000{n:02}", "username": username, "timestamp": at,
                    "replied_to": {"id": to}}  # fmt: skip

        return self._json({"data": [
            reply(1, "bea", "1234567890123456"),
            reply(2, "ada", "8000000000000001"),  # the owner answers Bea
            reply(3, "cal", "1234567890123456"),
            reply(4, "bea", "8000000000000002"),
            reply(5, "<b>x</b>", "1234567890123456"),  # not a user name: nobody
        ]})  # fmt: skip

    def _post(self, request: Request) -> Response:
        """A post by id (whose post the owner's reply answered)."""
        denied = self._auth(request)
        if denied is not None:
            return denied
        if request.path == "/v1.0/4242424242424242":
            return self._json({"id": "4242424242424242", "username": "dev"})
        body = {"error": {"message": "Unsupported get request", "type": "THApiException",
                          "code": 100, "error_subcode": 33}}  # fmt: skip
        return Response(json.dumps(body), 400, mimetype="application/json")

    def _insights(self, request: Request) -> Response:
        return self._auth(request) or self._json(
            _sample("ILLUSTRATIVE_media_insights_response.json")
        )

    def _refresh(self, request: Request) -> Response:
        """As documented: the token in the query string (``access_token``), no header."""
        token = request.args.get("access_token", "")
        self.tokens_seen.append(token)
        if token not in self.valid or "Authorization" in request.headers:
            body = {"error": {"message": "An access token is required to request this resource.",
                              "type": "OAuthException", "code": 104}}  # fmt: skip
            return Response(json.dumps(body), 400, mimetype="application/json")
        assert request.args.get("grant_type") == "th_refresh_token"
        self.refreshes += 1
        self.valid = {OLD, NEW}
        return self._json({"access_token": NEW, "token_type": "bearer", "expires_in": 5183944})


@pytest.fixture
def fake_threads(httpserver: HTTPServer) -> FakeThreads:
    return FakeThreads(httpserver)


def _source(httpserver: HTTPServer) -> Any:
    config = SourceConfig(
        api_urls={"threads": httpserver.url_for("/v1.0"), "threads_auth": httpserver.url_for("")},
        allow_private_network=True,
        http=TEST_POLICY,
    )
    return build_sources(config)["threads"]


def test_posts_come_with_their_insights_and_followers_with_the_user_insights(
    fake_threads: FakeThreads, httpserver: HTTPServer
) -> None:
    reader = _source(httpserver).with_token(Secret(OLD))
    account = reader.resolve("https://www.threads.net/@ada")
    assert (account.account_id, account.handle) == (USER_ID, "@ada")
    data = reader.fetch(account, {}, NOW)
    assert data.profile.followers == 4194
    own = data.posts[0]
    assert (own.kind, own.likes, own.replies, own.reshares, own.quotes) == (
        PostKind.OWN, 187, 42, 23, 8,
    )  # fmt: skip
    repost = next(p for p in data.posts if p.post_id == "5555555555555555")
    assert repost.kind is PostKind.RESHARE
    assert repost.likes == 0, "a repost has no insights and is never scored as one's own"
    assert data.renewed_token is None, "a first read only starts counting the token's age"
    replies = {p.post_id: (p.kind, p.in_thread) for p in data.posts if p.post_id.startswith("7")}
    assert replies == {
        "7000000000000001": (PostKind.OWN, True),  # under the owner's own post: a thread
        "7000000000000002": (PostKind.REPLY, False),  # under someone else's: giving
    }
    fake_threads.replies_allowed = False
    without = reader.fetch(account, {}, NOW)
    assert not [p for p in without.posts if p.post_id.startswith("7")], "no permission: no replies"
    assert without.profile.followers == 4194, "and the rest is read as before"
    assert "token_since" in data.fetch_state


def test_threads_names_who_replied_and_whom_the_owner_answered(
    fake_threads: FakeThreads, httpserver: HTTPServer
) -> None:
    """One conversation read per recent post whose replies grew; the owner's answers there,
    and the author of the post the owner replied to elsewhere (looked up once)."""
    from scoring.model import ChannelInput
    from scoring.reciprocity import unanswered
    from scoring.sources.threads import profile_url

    reader = _source(httpserver).with_token(Secret(OLD))
    account = reader.resolve("@ada")
    data = reader.fetch(account, {}, NOW)
    assert fake_threads.conversations == 2, "both posts have replies"
    assert {(e.person_id, e.kind.value) for e in data.engagements} == {
        ("bea", "reply"), ("cal", "reply"),
        ("bea", "answered"),  # in her own conversation
        ("dev", "answered"),  # her reply under dev's post
    }  # fmt: skip
    channel = ChannelInput(1, "threads", "@ada", 1, 4194, data.posts,
                           engagements=data.engagements)  # fmt: skip
    assert [(u.handle, u.replied, u.answered) for u in unanswered(channel, NOW)] == [("cal", 1, 0)]
    assert profile_url("cal") == "https://www.threads.net/@cal"
    assert profile_url("<b>x</b>") is None
    again = reader.fetch(account, data.fetch_state, NOW + timedelta(hours=6))
    assert fake_threads.conversations == 2, "nothing grew: not read again"
    assert again.engagements == ()

    fake_threads.replies_allowed = False
    without = reader.fetch(account, {}, NOW)
    assert without.engagements == (), "without threads_read_replies nobody is named"
    assert without.profile.followers == 4194


def test_someone_elses_name_and_an_expired_token_are_refused(
    fake_threads: FakeThreads, httpserver: HTTPServer
) -> None:
    with pytest.raises(NotFound):
        _source(httpserver).with_token(Secret(OLD)).resolve("@bob")
    with pytest.raises(TokenRejected):
        _source(httpserver).with_token(Secret("THAA" + "x" * 60)).resolve("@ada")
    with pytest.raises(InvalidHandle):
        parse_name("https://example.com/@ada")


def test_a_week_old_token_is_refreshed_and_used_at_once(
    fake_threads: FakeThreads, httpserver: HTTPServer
) -> None:
    reader = _source(httpserver).with_token(Secret(OLD))
    account = reader.resolve("@ada")
    state = {"token_since": (NOW - timedelta(days=8)).isoformat()}
    data = reader.fetch(account, state, NOW)
    assert fake_threads.refreshes == 1
    assert data.renewed_token == NEW
    assert NEW not in repr(data), "a token never prints"
    assert fake_threads.tokens_seen[-1] == NEW, "the reads after the refresh use the new token"
    assert data.fetch_state["token_since"] == NOW.isoformat()


@pytest.fixture
async def app(
    fake_telegram: FakeTelegram, tmp_path: Path, httpserver: HTTPServer, fake_threads: FakeThreads
) -> AsyncIterator[BotApplication]:
    environ = {
        "RESONANCE_ALLOW_PRIVATE_NETWORK": "1",
        "RESONANCE_THREADS_API": httpserver.url_for("/v1.0"),
        "RESONANCE_THREADS_AUTH_API": httpserver.url_for("").rstrip("/"),
        "RESONANCE_SECRET_KEY": Fernet.generate_key().decode(),
    }
    async with application_on(fake_telegram, tmp_path / "threads.db", environ, chats=[71]) as app:
        yield app


async def test_a_linked_channel_keeps_working_past_60_days_without_its_owner(
    app: BotApplication, fake_telegram: FakeTelegram, fake_threads: FakeThreads
) -> None:
    answer = await process(app, fake_telegram, text_update(71, f"/link threads @ada {OLD}"))
    assert any("Linked <b>" in c.text and "· Threads</b>" in c.text for c in answer)
    services: Services = services_of(app)
    assert services.vault is not None
    vault: Vault = services.vault
    for days in (8, 16, 61, 69):  # weekly refreshes carry the token past its 60 days
        later = dataclasses.replace(services, now=lambda d=days: NOW + timedelta(days=d))
        await refresh_user(later.db, later.reader, 71, later.now(), force=True)
        if days == 8:
            fake_threads.valid = {NEW}  # the old one has expired; only the renewed one works
    sealed = sealed_credentials(services.db, 1)
    assert sealed is not None
    assert vault.open(sealed) == NEW
    assert OLD.encode() not in sealed
    assert NEW.encode() not in sealed
    status = services.db.execute("SELECT status FROM channels").fetchone()[0]
    assert status == "ok"


@pytest.mark.e2e
def test_the_running_bot_links_threads_x_and_a_self_reported_channel(
    tmp_path: Path, fake_telegram: FakeTelegram, httpserver: HTTPServer, fake_threads: FakeThreads
) -> None:
    env = {
        "RESONANCE_ALLOW_PRIVATE_NETWORK": "1",
        "RESONANCE_THREADS_API": httpserver.url_for("/v1.0"),
        "RESONANCE_THREADS_AUTH_API": httpserver.url_for("").rstrip("/"),
        "RESONANCE_SECRET_KEY": Fernet.generate_key().decode(),
    }
    user = 81

    def say(text: str, needle: str) -> str:
        mark = fake_telegram.mark()
        fake_telegram.send_message(text, user_id=user)
        call = fake_telegram.wait_for_reply(
            user, mark, 30, methods=("sendMessage", "editMessageText"), containing=needle
        )
        return call.text

    with running_bot(fake_telegram, tmp_path, **env):
        fake_telegram.add_private_chat(user)
        assert "· Threads</b>" in say(f"/link threads @ada {OLD}", "· Threads</b>")
        deleted = [c for c in fake_telegram.calls if c.method == "deleteMessage"]
        assert deleted, "the message holding the token is deleted on receipt"
        assert "tweets.js" in say("/link x @ada", "cannot be read")
        say("/link manual XING", "counts with the numbers you send me")
        done = say("/report XING followers 320 posts 3 reactions 45 comments 12", "Recorded")
        assert "320 followers" in done
        fake_telegram.delays["sendMessage"] = 1.0  # the question is slow to arrive ...
        say("/report", "How many followers")  # the dialogue: one message, edited
        # ... and the answer, typed as it appears, is taken all the same
        for answer, next_question in [("330", "posts"), ("2", "reactions"), ("40", "comments")]:
            say(answer, f"How many {next_question}")
            fake_telegram.delays.clear()
        say("9", "How many shares")
        assert "330 followers, 2 posts, 40 reactions" in say("0", "Recorded")
        listed = say("/channels", "Your channels")
        assert "Threads" in listed
        assert "<b>XING (self-reported)</b>" in listed
    log = (tmp_path / "bot.log").read_text()
    assert OLD not in log, "a token never reaches the log"

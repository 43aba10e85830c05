"""Sources over real HTTP against the fake platforms: pagination, conditional GETs, faults."""

from __future__ import annotations

import socket
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from pytest_httpserver import HTTPServer
from requests.utils import DEFAULT_CA_BUNDLE_PATH
from werkzeug.wrappers import Request, Response

from scoring.channel_data import PostKind
from scoring.sources.base import Source, SourceConfig
from scoring.sources.blog import BlogSource, UnsafeFeed
from scoring.sources.errors import (
    Forbidden,
    NoSuchHost,
    NotFound,
    RateLimited,
    Unavailable,
    UnsafeUrl,
)
from scoring.sources.http import HttpClient, make_session
from scoring.sources.throttle import Throttle
from scoring.sources.url_guard import check_url
from tests.conftest import TEST_POLICY
from tests.fakes.keep_alive import keep_alive_servers
from tests.fakes.platforms import ALICE_DID, FakePlatforms
from tests.fakes.tls import local_certificate

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


def test_mastodon_links_by_url_and_reads_every_page_of_the_window(
    sources: dict[str, Source], platforms: FakePlatforms
) -> None:
    account = sources["mastodon"].resolve(f"{platforms.url}/@alice")
    assert account.account_id == f"109302@{platforms.url}"
    assert account.display_name == "Alice <Dev> & Co"
    data = sources["mastodon"].fetch(account, {}, NOW)
    assert data.profile.followers == 1250, "the profile embedded in the statuses"
    assert platforms.hits["/api/v1/accounts/109302"] == 0
    assert len(data.posts) == 5, "four on page one, the quote on page two; the June post is out"
    assert platforms.hits["/api/v1/accounts/109302/statuses"] == 2
    assert sorted(p.kind.value for p in data.posts) == ["own", "own", "quote", "reply", "reshare"]


def test_mastodon_between_deep_reads_asks_only_for_the_newest_page(
    sources: dict[str, Source], platforms: FakePlatforms
) -> None:
    source = sources["mastodon"]
    account = source.resolve(f"{platforms.url}/@alice")
    state = source.fetch(account, {}, NOW).fetch_state
    statuses = "/api/v1/accounts/109302/statuses"

    unchanged = source.fetch(account, state, NOW + timedelta(hours=6))
    assert unchanged.not_modified
    assert platforms.hits[statuses] == 3, "one conditional request, answered 304"

    platforms.statuses_etag = 'W/"statuses-v2"'  # something new on the newest page
    changed = source.fetch(account, state, NOW + timedelta(hours=12))
    assert platforms.hits[statuses] == 4, "the newest page only"
    assert len(changed.posts) == 4
    assert changed.profile.followers == 1250

    deep = source.fetch(account, changed.fetch_state, NOW + timedelta(days=1, hours=1))
    assert platforms.hits[statuses] == 6, "once a day: every page, unconditionally"
    assert len(deep.posts) == 5
    assert platforms.hits["/api/v1/accounts/109302"] == 0


def test_bluesky_links_by_handle_did_or_url_and_follows_the_cursor(
    sources: dict[str, Source], platforms: FakePlatforms
) -> None:
    source = sources["bluesky"]
    for query in ("alice.bsky.social", ALICE_DID, "https://bsky.app/profile/alice.bsky.social"):
        assert source.resolve(query).account_id == ALICE_DID
    data = source.fetch(source.resolve("alice.bsky.social"), {}, NOW)
    assert data.profile.followers == 840
    assert platforms.hits["/xrpc/app.bsky.feed.getAuthorFeed"] == 2
    assert len(data.posts) == 5
    assert sum(1 for p in data.posts if p.kind is PostKind.RESHARE) == 1


def test_an_unknown_bluesky_handle_is_not_found(sources: dict[str, Source]) -> None:
    with pytest.raises(NotFound):
        sources["bluesky"].resolve("nobody.bsky.social")


def test_github_reads_user_repositories_and_events_then_costs_only_304s(
    sources: dict[str, Source], platforms: FakePlatforms
) -> None:
    source = sources["github"]
    account = source.resolve("https://github.com/jacquev6")
    assert (account.account_id, account.handle) == ("327146", "jacquev6")
    first = source.fetch(account, {}, NOW)
    assert dict(first.profile.extra) == {"stars": 7012, "forks": 1701}
    kinds = sorted(p.kind.value for p in first.posts)
    assert kinds == ["own", "own", "reply", "reply", "reshare"]
    assert set(first.fetch_state) == {"user_etag", "repos_etag", "events_etag", "deep_read_at"}
    assert sum(platforms.hits.values()) == 4  # the login lookup, then three reads

    second = source.fetch(account, first.fetch_state, NOW + timedelta(hours=6))
    assert second.not_modified
    assert second.posts == ()
    assert sum(platforms.hits.values()) == 5, "between deep reads: the events, answered 304"

    third = source.fetch(account, first.fetch_state, NOW + timedelta(days=1))
    assert third.not_modified
    assert sum(platforms.hits.values()) == 8, "the daily deep read: three 304s"
    assert third.fetch_state["deep_read_at"] == (NOW + timedelta(days=1)).isoformat()


def test_a_blog_is_found_from_its_site_and_read_conditionally(
    sources: dict[str, Source], platforms: FakePlatforms
) -> None:
    source = sources["blog"]
    account = source.resolve(f"{platforms.url}/blog")
    assert account.account_id == f"{platforms.url}/feed/atom/"
    assert account.display_name == "Alice writes & codes"
    first = source.fetch(account, {}, NOW)
    assert [p.replies for p in first.posts] == [9, 0], "the 2020 post is outside the window"
    assert first.fetch_state["etag"] == '"feed-v1"'

    second = source.fetch(account, first.fetch_state, NOW)
    assert second.not_modified
    assert second.fetch_state["etag"] == '"feed-v1"', "a 304 keeps the stored validators"


def test_a_billion_laughs_feed_is_refused(
    sources: dict[str, Source], platforms: FakePlatforms
) -> None:
    with pytest.raises(UnsafeFeed):
        sources["blog"].resolve(f"{platforms.url}/evil/laughs.xml")


# -- faults ------------------------------------------------------------------------------------
def _github(sources: dict[str, Source]) -> Source:
    return sources["github"]


@pytest.mark.parametrize(
    ("status", "error"),
    [
        (404, NotFound),
        (410, NotFound),
        (401, Forbidden),
        (403, Forbidden),
        (400, Unavailable),
        (500, Unavailable),
    ],
)
def test_http_errors_become_the_error_tree(
    sources: dict[str, Source], platforms: FakePlatforms, status: int, error: type[Exception]
) -> None:
    platforms.fail("/users/jacquev6", status, '{"message": "no"}', times=10)
    with pytest.raises(error):
        _github(sources).resolve("jacquev6")


def test_a_5xx_then_success_is_retried(
    sources: dict[str, Source], platforms: FakePlatforms
) -> None:
    platforms.fail("/users/jacquev6", 503, times=1)
    platforms.fail("/users/jacquev6", 502, times=1)
    assert _github(sources).resolve("jacquev6").handle == "jacquev6"
    assert platforms.hits["/users/jacquev6"] == 3


def test_a_429_with_a_short_retry_after_is_waited_for(
    sources: dict[str, Source], platforms: FakePlatforms
) -> None:
    platforms.fail("/users/jacquev6", 429, headers={"Retry-After": "1"})
    started = time.monotonic()
    assert _github(sources).resolve("jacquev6").handle == "jacquev6"
    assert time.monotonic() - started >= 0.9, "Retry-After was honoured"


def test_a_429_with_a_long_retry_after_is_reported_not_slept_through(
    sources: dict[str, Source], platforms: FakePlatforms
) -> None:
    platforms.fail("/users/jacquev6", 429, headers={"Retry-After": "3600"})
    with pytest.raises(RateLimited) as caught:
        _github(sources).resolve("jacquev6")
    assert caught.value.retry_after == 3600


def test_githubs_403_with_no_limit_left_is_a_rate_limit(
    sources: dict[str, Source], platforms: FakePlatforms
) -> None:
    reset = str(int(time.time()) + 1200)
    platforms.fail(
        "/users/jacquev6",
        403,
        '{"message": "API rate limit exceeded"}',
        times=5,
        headers={"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": reset},
    )
    with pytest.raises(RateLimited) as caught:
        _github(sources).resolve("jacquev6")
    assert 1100 < (caught.value.retry_after or 0) <= 1200


def test_malformed_json_is_unavailable(
    sources: dict[str, Source], platforms: FakePlatforms
) -> None:
    platforms.fail("/users/jacquev6", 200, '{"login": "jacq', times=1)
    with pytest.raises(Unavailable, match="malformed JSON"):
        _github(sources).resolve("jacquev6")


def test_a_timeout_is_unavailable(sources: dict[str, Source], platforms: FakePlatforms) -> None:
    def slow(request: Request) -> Response:
        time.sleep(1.5)
        return Response("{}", 200, mimetype="application/json")

    platforms.override("/users/jacquev6", slow)
    with pytest.raises(Unavailable, match="in time"):
        _github(sources).resolve("jacquev6")


def test_an_oversized_body_is_refused_without_reading_it_all(
    sources: dict[str, Source], platforms: FakePlatforms
) -> None:
    huge = TEST_POLICY.max_bytes * 4

    def declared(request: Request) -> Response:
        return Response(b"x" * huge, 200, mimetype="application/json")

    def streamed(request: Request) -> Response:
        def chunks() -> Iterator[bytes]:
            for _ in range(huge // 65536):
                yield b" " * 65536

        return Response(chunks(), 200, mimetype="application/rss+xml", direct_passthrough=True)

    platforms.override("/users/jacquev6", declared)
    with pytest.raises(Unavailable, match="larger than"):
        _github(sources).resolve("jacquev6")
    platforms.override("/feed/big", streamed)
    with pytest.raises(Unavailable, match="larger than"):
        sources["blog"].resolve(f"{platforms.url}/feed/big")


# -- the address guard ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/feed",
        "http://localhost:8080/",
        "http://10.0.0.8/",
        "http://192.168.1.1/",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/",
        "http://[::ffff:127.0.0.1]/",
        "http://0.0.0.0/",
        "http://224.0.0.1/",
        "http://100.64.0.1/",
        "http://[64:ff9b::7f00:1]/",  # NAT64 of 127.0.0.1
        "http://[64:ff9b::a9fe:a9fe]/",  # NAT64 of the metadata address
        "http://[64:ff9b:1::a00:8]/",  # local-use NAT64 of 10.0.0.8
        "http://[2002:7f00:1::]/",  # 6to4 of 127.0.0.1
        "http://[2002:a9fe:a9fe::1]/",  # 6to4 of 169.254.169.254
        "http://[::127.0.0.1]/",  # IPv4-compatible
        "http://[2001:0:4136:e378:8000:63bf:f5ff:fffe]/",  # Teredo of 10.0.0.1
        "http://[::ffff:0:7f00:1]/",  # IPv4-translated 127.0.0.1 (RFC 2765)
        "http://[::ffff:0:a00:1]/",  # IPv4-translated 10.0.0.1
        "http://[fec0::1]/",  # site-local
        "http://192.0.0.8/",  # the IPv4 dummy address
        "http://192.0.0.170/",  # NAT64 discovery
    ],
)
def test_private_and_local_addresses_are_refused(url: str) -> None:
    with pytest.raises(UnsafeUrl):
        check_url(url, allow_private=False)


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "gopher://x.org/",
        "javascript:alert(1)",
        "http://user:pw@example.com/",
        "http:///x",
    ],
)
def test_other_schemes_and_credentials_are_refused(url: str) -> None:
    with pytest.raises(UnsafeUrl):
        check_url(url, allow_private=True)


def _resolver_calling_localhost_public(
    host: str, port: int, **kwargs: Any
) -> list[tuple[Any, ...]]:
    """DNS as a public name that points at this machine would answer: localhost is 'public'."""
    if host == "localhost":
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.216.34", port))]
    return socket.getaddrinfo(host, port, **kwargs)


@pytest.mark.parametrize(
    ("errno", "kind"),
    [(socket.EAI_NONAME, NoSuchHost), (socket.EAI_AGAIN, Unavailable)],
)
def test_a_name_no_server_has_is_not_called_private(errno: int, kind: type[Exception]) -> None:
    """DNS knows no such name (a typo): the user is told so, not that it points somewhere
    private; a resolver that cannot answer now: try again later. Neither is fetched."""

    def dns(host: str, port: int, **kwargs: Any) -> list[tuple[Any, ...]]:
        raise socket.gaierror(errno, "answer")

    with pytest.raises(kind) as raised:
        check_url("https://mastodon.sociall/@alice", allow_private=False, resolve=dns)
    assert not isinstance(raised.value, UnsafeUrl)
    with pytest.raises(NoSuchHost):  # a name no resolver can even be asked for
        check_url("https://a..b/", allow_private=False)


def test_a_name_no_one_may_see_is_answered_as_a_name_that_does_not_exist() -> None:
    """An attacker naming internal hosts (``http://db.internal/``) must not learn which exist in
    the bot's network: a name resolving to a private address gets the user the same words as a
    name DNS does not know; an address typed as a private IP is still said to be private."""
    from bot.views.errors import sentence

    def dns(host: str, port: int, **kwargs: Any) -> list[tuple[Any, ...]]:
        if host == "db.internal":
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("10.1.2.3", port))]
        raise socket.gaierror(socket.EAI_NONAME, "unknown")

    said = []
    for host in ("db.internal", "nothing.internal"):
        with pytest.raises((UnsafeUrl, NoSuchHost)) as raised:
            check_url(f"http://{host}/feed", allow_private=False, resolve=dns)
        said.append(sentence("en", raised.value, "blog", f"http://{host}/feed").replace(host, "H"))
    assert said[0] == said[1], said
    with pytest.raises(UnsafeUrl) as literal:
        check_url("http://10.1.2.3/feed", allow_private=False)  # a literal: no lookup
    assert "private" in sentence("en", literal.value, "blog", "http://10.1.2.3/feed")


def test_a_name_resolving_to_a_private_address_is_refused() -> None:
    def rebinding(host: str, port: int, **kwargs: Any) -> list[tuple[Any, ...]]:
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("10.1.2.3", port))]

    with pytest.raises(UnsafeUrl, match="private"):
        check_url("https://innocent.example/feed", allow_private=False, resolve=rebinding)


def _guarded_blog(allow_private: bool) -> BlogSource:
    guard = partial(
        check_url, allow_private=allow_private, resolve=_resolver_calling_localhost_public
    )
    client = HttpClient(make_session(TEST_POLICY), TEST_POLICY, guard=guard)
    return BlogSource(client, SourceConfig(http=TEST_POLICY))


def test_a_redirect_to_a_private_address_is_refused(platforms: FakePlatforms) -> None:
    port = platforms.server.port

    def redirect(request: Request) -> Response:
        return Response("", 302, headers={"Location": f"http://127.0.0.1:{port}/feed/atom/"})

    platforms.override("/moved", redirect)
    with pytest.raises(UnsafeUrl):
        _guarded_blog(allow_private=False).resolve(f"http://localhost:{port}/moved")
    assert platforms.hits["/feed/atom/"] == 0, "the private target was never requested"
    account = _guarded_blog(allow_private=True).resolve(f"http://localhost:{port}/moved")
    assert account.account_id.endswith("/feed/atom/")


def test_dns_rebinding_is_caught_at_the_connection(platforms: FakePlatforms) -> None:
    """The guard's lookup says public, the connection's own lookup reaches 127.0.0.1: the
    connection checks the address it actually reached, and nothing is requested."""
    port = platforms.server.port
    guard = partial(check_url, allow_private=False, resolve=_resolver_calling_localhost_public)
    checked = HttpClient(make_session(TEST_POLICY, check_peer=True), TEST_POLICY, guard=guard)
    before = sum(platforms.hits.values())
    with pytest.raises(UnsafeUrl, match="private or local"):
        BlogSource(checked, SourceConfig(http=TEST_POLICY)).resolve(
            f"http://localhost:{port}/feed/atom/"
        )
    assert sum(platforms.hits.values()) == before, "not a byte was requested"
    unchecked = HttpClient(make_session(TEST_POLICY), TEST_POLICY, guard=guard)
    account = BlogSource(unchecked, SourceConfig(http=TEST_POLICY)).resolve(
        f"http://localhost:{port}/feed/atom/"
    )
    assert account.account_id.endswith("/feed/atom/"), "without the check it would have been read"


# -- pacing ------------------------------------------------------------------------------------
def test_pacing_waits_near_the_limit_and_refuses_when_none_is_left() -> None:
    slept: list[float] = []
    clock = [1_700_000_000.0]
    pacer = Throttle(max_delay=5.0, clock=lambda: clock[0], sleep=slept.append)
    pacer.after(
        "api.example",
        {
            "X-RateLimit-Limit": "300",
            "X-RateLimit-Remaining": "250",
            "X-RateLimit-Reset": "1700000060",
        },
    )
    pacer.before("api.example")
    assert slept == [], "plenty left: no wait"
    pacer.after(
        "api.example",
        {"RateLimit-Limit": "300;w=300", "RateLimit-Remaining": "9", "RateLimit-Reset": "60"},
    )
    pacer.before("api.example")
    assert slept == [5.0], "near the limit: the rest of the window spread, capped"
    pacer.after(
        "api.example",
        {
            "X-RateLimit-Limit": "60",
            "X-RateLimit-Remaining": "0",
            "X-RateLimit-Reset": "1700000900",
        },
    )
    with pytest.raises(RateLimited) as caught:
        pacer.before("api.example")
    assert caught.value.retry_after == pytest.approx(900)
    clock[0] = 1_700_001_000.0
    pacer.before("api.example")  # the window has reset


def test_requests_carry_our_user_agent_and_timeouts(
    platforms: FakePlatforms, source_config: SourceConfig
) -> None:
    seen: list[str] = []

    def capture(request: Request) -> Response:
        seen.append(request.headers.get("User-Agent", ""))
        return Response("{}", 200, mimetype="application/json")

    platforms.override("/probe", capture)
    client = HttpClient(make_session(TEST_POLICY), TEST_POLICY)
    client.get(f"{platforms.url}/probe")
    assert seen == ["Resonance/test"]


def test_a_server_repeating_its_cursor_does_not_loop(
    sources: dict[str, Source], platforms: FakePlatforms
) -> None:
    def same_page(request: Request) -> Response:
        body = '{"cursor": "same", "feed": [{"post": {"uri": "at://did:plc:alice0000000000000000000/app.bsky.feed.post/x", "record": {"text": "x", "createdAt": "2026-11-24T00:00:00Z"}, "likeCount": 1}}]}'
        return Response(body, 200, mimetype="application/json")

    platforms.override("/xrpc/app.bsky.feed.getAuthorFeed", same_page)
    account = sources["bluesky"].resolve("alice.bsky.social")
    data = sources["bluesky"].fetch(account, {}, NOW)
    assert len(data.posts) == 1
    assert platforms.hits["/xrpc/app.bsky.feed.getAuthorFeed"] == 2


def test_an_empty_new_account_reads_as_no_posts(
    sources: dict[str, Source], platforms: FakePlatforms
) -> None:
    """A new account: a profile with zero counts and no posts, not an error."""
    platforms.override(
        "/api/v1/accounts/109302/statuses",
        lambda request: Response("[]", 200, mimetype="application/json"),
    )
    platforms.override(
        "/xrpc/app.bsky.feed.getAuthorFeed",
        lambda request: Response('{"feed": []}', 200, mimetype="application/json"),
    )
    for platform, query in (
        ("mastodon", f"{platforms.url}/@alice"),
        ("bluesky", "alice.bsky.social"),
    ):
        source = sources[platform]
        data = source.fetch(source.resolve(query), {}, NOW)
        assert data.posts == ()
        assert not data.not_modified


def test_the_environment_is_read_once_unless_a_proxy_needs_it(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy"):
        monkeypatch.delenv(name, raising=False)
    for name in ("all_proxy", "REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE"):
        monkeypatch.delenv(name, raising=False)
    plain = make_session(TEST_POLICY)
    assert (plain.trust_env, plain.get_adapter("https://x").trust.bundle) == (
        False,
        DEFAULT_CA_BUNDLE_PATH,
    )
    corporate = tmp_path / "corporate.pem"
    local_certificate(tmp_path)
    (tmp_path / "cert.pem").rename(corporate)
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(corporate))
    bundled = make_session(TEST_POLICY)
    assert (bundled.trust_env, bundled.get_adapter("https://x").trust.bundle) == (
        False,
        str(corporate),
    )
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy.internal:3128")
    assert make_session(TEST_POLICY).trust_env is True, "an operator's proxy is honoured"


def test_a_hold_is_waited_out_only_when_short() -> None:
    """Stack Exchange's backoff, Graph's usage pause: a short one is slept in the worker, a
    long one is refused at once with the time to come back (no worker tied up)."""
    slept: list[float] = []
    clock = [1_000.0]
    throttle = Throttle(max_hold=5.0, clock=lambda: clock[0], sleep=slept.append)
    throttle.hold("stackexchange:users", 2.0)
    throttle.before("stackexchange:users")
    assert slept == [2.0]
    throttle.before("stackexchange:answers")
    assert slept == [2.0], "holds are per key"
    throttle.hold("graph-token:1", 600.0)
    throttle.hold("graph-token:1", 10.0)  # a later, shorter hold never shortens it
    with pytest.raises(RateLimited) as caught:
        throttle.before("graph-token:1")
    assert caught.value.retry_after == pytest.approx(600.0)
    assert slept == [2.0]
    clock[0] += 601
    throttle.before("graph-token:1")
    assert slept == [2.0]


def test_login_headers_never_follow_a_redirect_to_another_host(httpserver: HTTPServer) -> None:
    """A 302 from one host to another must not carry the GitHub token, a user's Graph token or
    Reddit's bearer: only a same-host redirect keeps them."""
    port = httpserver.port
    seen: dict[str, str | None] = {}

    def record(name: str) -> Callable[[Request], Response]:
        def answer(request: Request) -> Response:
            seen[name] = request.headers.get("Authorization")
            return Response("{}", 200, mimetype="application/json")

        return answer

    httpserver.expect_request("/same").respond_with_response(
        Response("", 302, headers={"Location": f"http://127.0.0.1:{port}/kept"})
    )
    httpserver.expect_request("/away").respond_with_response(
        Response("", 302, headers={"Location": f"http://localhost:{port}/dropped"})
    )
    httpserver.expect_request("/kept").respond_with_handler(record("kept"))
    httpserver.expect_request("/dropped").respond_with_handler(record("dropped"))
    client = HttpClient(make_session(TEST_POLICY), TEST_POLICY)
    secret = {"Authorization": "Bearer ghp_not_for_other_hosts"}
    client.get(f"http://127.0.0.1:{port}/same", headers=secret)
    client.get(f"http://127.0.0.1:{port}/away", headers=secret)
    assert seen == {"kept": "Bearer ghp_not_for_other_hosts", "dropped": None}


def test_headers_set_on_the_session_never_follow_a_redirect_to_another_host(
    httpserver: HTTPServer,
) -> None:
    """A platform's own headers (YouTube's key, X's bearer) are set once on its session:
    across origins they are stripped too, all but the harmless few (User-Agent, Accept)."""
    port = httpserver.port
    seen: dict[str, dict[str, str | None]] = {}

    def record(request: Request) -> Response:
        seen["away"] = {
            name: request.headers.get(name)
            for name in ("Authorization", "X-Goog-Api-Key", "User-Agent")
        }
        return Response("{}", 200, mimetype="application/json")

    httpserver.expect_request("/start").respond_with_response(
        Response("", 302, headers={"Location": f"http://localhost:{port}/landing"})
    )
    httpserver.expect_request("/landing").respond_with_handler(record)
    headers = {"Authorization": "Bearer AAAA-x-bearer", "X-Goog-Api-Key": "AIza-youtube-key"}
    client = HttpClient(make_session(TEST_POLICY, headers), TEST_POLICY)
    client.get(f"http://127.0.0.1:{port}/start")
    assert seen["away"] == {
        "Authorization": None,
        "X-Goog-Api-Key": None,
        "User-Agent": TEST_POLICY.user_agent,
    }


def test_connections_to_many_hosts_are_kept_between_requests() -> None:
    """A Mastodon source reads users on many instances: a second round of requests to ten
    hosts reuses the ten connections the first opened (the pool kept four hosts before, so
    every round opened ten new ones: a TLS handshake each in production)."""
    with keep_alive_servers(10) as servers:
        client = HttpClient(make_session(TEST_POLICY), TEST_POLICY)
        for _ in range(2):
            for server in servers:
                assert client.get(server.url("/ping")).status == 200
        for server in servers:
            first, second = server.served
            assert server.accepted == 1
            assert second == first, "the same connection to each host, not a new one"

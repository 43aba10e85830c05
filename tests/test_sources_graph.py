"""Facebook Pages and Instagram through the Graph API with the user's token, and the vault
that keeps such tokens: recorded payloads over local HTTP, parsers, and the key handling."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from cryptography.fernet import Fernet
from pytest_httpserver import HTTPServer
from werkzeug.wrappers import Response

from bot.settings import SettingsError, load_settings
from scoring.channel_data import PostKind
from scoring.sources import detect_platform
from scoring.sources.base import AnySource, Secret, is_token_source
from scoring.sources.errors import InvalidHandle, NotFound, RateLimited, TokenRejected, Unavailable
from scoring.sources.facebook import parse_page_post, parse_page_ref
from scoring.sources.graph import graph_error, usage
from scoring.sources.instagram import parse_account_ref
from storage.vault import SealBroken, Vault
from tests.fakes.platforms import FakePlatforms, fixture_json

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
PAGE = Secret(FakePlatforms.PAGE_TOKEN)
USER = Secret(FakePlatforms.USER_TOKEN)


def _reader(sources: dict[str, AnySource], platform: str, token: Secret) -> object:
    source = sources[platform]
    assert is_token_source(source)
    return source.with_token(token)


@pytest.mark.parametrize(
    ("query", "ref"),
    [
        ("https://www.facebook.com/alicebakes", "alicebakes"),
        ("https://facebook.com/alicebakes/posts/", "alicebakes"),
        ("https://m.facebook.com/profile.php?id=104123456789012", "104123456789012"),
        ("https://www.facebook.com/pages/Alice-Bakes/104123456789012", "104123456789012"),
        ("https://fb.com/alicebakes", "alicebakes"),
        ("104123456789012", "104123456789012"),
        ("@alice.bakes", "alice.bakes"),
    ],
)
def test_facebook_page_references(query: str, ref: str) -> None:
    assert parse_page_ref(query) == ref


@pytest.mark.parametrize(
    "query",
    [
        "https://www.facebook.com/people/Alice/100000",
        "https://www.facebook.com/groups/bakers",
        "https://evil.example/facebook.com/alicebakes",
        "https://notfacebook.com/alicebakes",
        "alice bakes",
        "x",
        "",
    ],
)
def test_what_is_not_a_facebook_page_is_refused(query: str) -> None:
    with pytest.raises(InvalidHandle):
        parse_page_ref(query)


@pytest.mark.parametrize(
    ("query", "ref"),
    [
        ("alice.bakes", ("username", "alice.bakes")),
        ("@Alice.Bakes", ("username", "alice.bakes")),
        ("https://www.instagram.com/alice.bakes/", ("username", "alice.bakes")),
        ("17841405309211844", ("id", "17841405309211844")),
    ],
)
def test_instagram_account_references(query: str, ref: tuple[str, str]) -> None:
    assert parse_account_ref(query) == ref


@pytest.mark.parametrize(
    "query",
    ["https://www.instagram.com/p/DA1b2C3d4E5/", "https://evil.example/alice", "a b", ".dot", ""],
)
def test_what_is_not_an_instagram_account_is_refused(query: str) -> None:
    with pytest.raises(InvalidHandle):
        parse_account_ref(query)


def test_urls_of_both_are_detected() -> None:
    assert detect_platform("https://www.facebook.com/alicebakes") == "facebook"
    assert detect_platform("https://fb.com/alicebakes") == "facebook"
    assert detect_platform("https://www.instagram.com/alice.bakes") == "instagram"


def test_the_real_page_post_sample_parses() -> None:
    sample = fixture_json("facebook/page_posts_v2.8.snscrawler.json")  # the real v2.8 answer
    post = parse_page_post(sample["data"][0])
    assert (post.kind, post.likes, post.replies, post.reshares) == (PostKind.OWN, 437, 12, 44)
    assert post.created_at == datetime(2017, 2, 23, tzinfo=UTC)
    assert post.has_link  # a "link" post


def test_a_facebook_page_is_read_with_its_token_in_a_header_only(
    sources: dict[str, AnySource], platforms: FakePlatforms, httpserver: HTTPServer
) -> None:
    source = _reader(sources, "facebook", PAGE)
    account = source.resolve("https://www.facebook.com/alicebakes")  # type: ignore[attr-defined]
    assert (account.account_id, account.handle, account.display_name) == (
        "104123456789012",
        "alicebakes",
        "Alice Bakes",
    )
    data = source.fetch(account, {}, NOW)  # type: ignore[attr-defined]
    assert data.profile.followers == 5120
    assert dict(data.profile.extra) == {"fans": 4870}
    # two pages followed by their cursor; the summer post is older than 90 days
    assert platforms.hits["/graph/104123456789012/posts"] == 2
    assert [(p.likes, p.replies, p.reshares) for p in data.posts] == [
        (437, 12, 44),
        (58, 3, 0),
        (301, 20, 9),
    ]
    assert data.posts[0].hashtags == ("baking", "sourdough")
    assert data.posts[0].has_media
    assert data.posts[1].has_link
    assert set(platforms.graph_tokens_seen) == {FakePlatforms.PAGE_TOKEN}
    for request, _ in httpserver.log:
        assert FakePlatforms.PAGE_TOKEN not in request.url
        assert "access_token" not in request.url


def test_several_pages_are_separate_accounts(
    sources: dict[str, AnySource], platforms: FakePlatforms
) -> None:
    source = _reader(sources, "facebook", PAGE)
    first = source.resolve("alicebakes")  # type: ignore[attr-defined]
    second = source.resolve("104555666777888")  # type: ignore[attr-defined]
    assert (first.account_id, second.account_id) == ("104123456789012", "104555666777888")
    assert second.display_name == "Alice Breads"
    posts = source.fetch(second, {}, NOW).posts  # type: ignore[attr-defined]
    assert all(p.post_id.startswith("104555666777888_") for p in posts)


def test_an_instagram_account_is_found_among_the_tokens_pages(
    sources: dict[str, AnySource], platforms: FakePlatforms
) -> None:
    source = _reader(sources, "instagram", USER)
    account = source.resolve("https://www.instagram.com/alice.bakes")  # type: ignore[attr-defined]
    assert (account.account_id, account.handle) == ("17841405309211844", "alice.bakes")
    assert source.resolve("17841405309211844") == account  # type: ignore[attr-defined]
    data = source.fetch(account, {}, NOW)  # type: ignore[attr-defined]
    assert (data.profile.followers, data.profile.following) == (267793, 312)
    assert [(p.likes, p.replies) for p in data.posts] == [(1840, 96), (0, 41), (2210, 130)]
    assert data.posts[0].hashtags == ("baking",)
    assert platforms.hits["/graph/17841405309211844/media"] == 2
    with pytest.raises(NotFound):
        source.resolve("someone.else")  # type: ignore[attr-defined]


def test_an_instagram_name_needs_a_user_token(
    sources: dict[str, AnySource], platforms: FakePlatforms
) -> None:
    with pytest.raises(NotFound):
        _reader(sources, "instagram", PAGE).resolve("alice.bakes")  # type: ignore[attr-defined]


def test_an_empty_page_has_no_posts(
    sources: dict[str, AnySource], platforms: FakePlatforms
) -> None:
    platforms.override(
        "/graph/104123456789012/posts",
        lambda request: Response(json.dumps({"data": []}), 200, mimetype="application/json"),
    )
    source = _reader(sources, "facebook", PAGE)
    account = source.resolve("alicebakes")  # type: ignore[attr-defined]
    assert source.fetch(account, {}, NOW).posts == ()  # type: ignore[attr-defined]


def test_an_expired_token_is_rejected_not_retried(
    sources: dict[str, AnySource], platforms: FakePlatforms
) -> None:
    source = _reader(sources, "facebook", PAGE)
    account = source.resolve("alicebakes")  # type: ignore[attr-defined]
    platforms.expire(FakePlatforms.PAGE_TOKEN)
    with pytest.raises(TokenRejected) as caught:
        source.fetch(account, {}, NOW)  # type: ignore[attr-defined]
    assert FakePlatforms.PAGE_TOKEN not in str(caught.value)
    assert platforms.hits["/graph/104123456789012"] == 1  # asked once, not retried
    with pytest.raises(TokenRejected):
        _reader(sources, "facebook", Secret("EAAnotatoken")).resolve("alicebakes")  # type: ignore[attr-defined]


def test_graph_throttling_is_a_rate_limit_with_the_wait_it_names(
    sources: dict[str, AnySource], platforms: FakePlatforms
) -> None:
    buc = {"104123456789012": [{"call_count": 100, "estimated_time_to_regain_access": 30}]}
    platforms.fail(
        "/graph/104123456789012",
        400,
        json.dumps(fixture_json("facebook/error_rate_limit.json")),
        headers={"X-Business-Use-Case-Usage": json.dumps(buc)},
    )
    with pytest.raises(RateLimited) as caught:
        _reader(sources, "facebook", PAGE).resolve("104123456789012")  # type: ignore[attr-defined]
    assert caught.value.retry_after == 1800


def test_high_usage_pauses_the_token_before_graph_must_throttle(
    sources: dict[str, AnySource], platforms: FakePlatforms
) -> None:
    source = _reader(sources, "facebook", PAGE)
    platforms.graph_usage = 97
    account = source.resolve("alicebakes")  # type: ignore[attr-defined]
    with pytest.raises(RateLimited):
        source.fetch(account, {}, NOW)  # type: ignore[attr-defined]
    assert platforms.hits["/graph/alicebakes"] == 1
    assert platforms.hits["/graph/104123456789012"] == 0  # the pause held the next call back
    other = _reader(sources, "instagram", USER)  # another token is not held back
    assert other.resolve("17841405309211844").handle == "alice.bakes"  # type: ignore[attr-defined]


def test_unknown_pages_broken_and_failing_answers(
    sources: dict[str, AnySource], platforms: FakePlatforms
) -> None:
    source = _reader(sources, "facebook", PAGE)
    with pytest.raises(NotFound):
        source.resolve("nosuchpage")  # type: ignore[attr-defined]
    platforms.fail("/graph/alicebakes", 200, "<html>oops</html>")
    with pytest.raises(Unavailable):
        source.resolve("alicebakes")  # type: ignore[attr-defined]
    platforms.fail("/graph/alicebakes", 503, times=5)
    with pytest.raises(Unavailable):
        source.resolve("alicebakes")  # type: ignore[attr-defined]
    platforms.override(
        "/graph/alicebakes",
        lambda request: Response(json.dumps([1, 2]), 200, mimetype="application/json"),
    )
    with pytest.raises(Unavailable):
        source.resolve("alicebakes")  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("body", "kind"),
    [
        ({"error": {"code": 190, "error_subcode": 460}}, TokenRejected),
        ({"error": {"code": 200}}, TokenRejected),
        ({"error": {"code": 4}}, RateLimited),
        ({"error": {"code": 80004}}, RateLimited),
        ({"error": {"code": 100, "error_subcode": 33}}, NotFound),
        ({"error": {"code": 1, "message": "An unknown error occurred"}}, Unavailable),
        ({"error": "nonsense"}, Unavailable),
        ([], Unavailable),
    ],
)
def test_graph_error_codes(body: object, kind: type[Exception]) -> None:
    assert isinstance(graph_error(body), kind)


def test_usage_headers_of_every_form() -> None:
    headers = {
        "X-App-Usage": '{"call_count": 12, "total_cputime": 40, "total_time": 7}',
        "X-Business-Use-Case-Usage": '{"1": [{"call_count": 96, "estimated_time_to_regain_access": 5}]}',
        "X-Page-Usage": "not json",
    }
    assert usage(headers) == (96, 300.0)
    assert usage({}) == (0, None)


def test_a_token_never_shows_in_repr_or_str() -> None:
    secret = Secret(FakePlatforms.PAGE_TOKEN)
    assert FakePlatforms.PAGE_TOKEN not in repr(secret)
    assert FakePlatforms.PAGE_TOKEN not in f"{secret} {[secret]}"
    assert secret.reveal() == FakePlatforms.PAGE_TOKEN


def test_the_vault_seals_opens_and_rotates_keys() -> None:
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    sealed = Vault(old).seal(FakePlatforms.PAGE_TOKEN)
    assert FakePlatforms.PAGE_TOKEN.encode() not in sealed
    assert Vault(old).open(sealed) == FakePlatforms.PAGE_TOKEN
    rotated = Vault(f"{new},{old}")
    assert rotated.open(sealed) == FakePlatforms.PAGE_TOKEN  # old tokens still open
    assert Vault(new).open(rotated.seal("x")) == "x"  # new ones are sealed with the first key
    with pytest.raises(SealBroken):
        Vault(new).open(sealed)
    with pytest.raises(SealBroken):
        Vault(old).open(b"not a fernet token")
    assert old not in repr(Vault(old))


#: A valid key, fixed so that the test ids are the same in every process (pytest-xdist).
VALID_KEY = "XUwQqkxiEPRmgEpKoc6x0W6MmdZjDIBwMcVk8q_f8wA="


@pytest.mark.parametrize("key", ["hunter2", "a,b", VALID_KEY + ",short"])
def test_a_malformed_secret_key_is_a_one_line_settings_error(key: str) -> None:
    with pytest.raises(SettingsError) as caught:
        load_settings({"RESONANCE_SECRET_KEY": key})
    message = str(caught.value)
    assert message.startswith("RESONANCE_SECRET_KEY:")
    assert "\n" not in message
    assert key not in message


@pytest.mark.parametrize(
    ("platform", "query", "token", "owned"),
    [
        ("facebook", "alicebakes", FakePlatforms.PAGE_TOKEN, True),  # the page's own token
        ("facebook", "alicebreads", FakePlatforms.PAGE_TOKEN, False),  # another page's token
        ("facebook", "alicebakes", FakePlatforms.USER_TOKEN, True),  # among the user's pages
        ("facebook", "alicebreads", FakePlatforms.USER_TOKEN, False),  # readable, not managed
        ("facebook", "alicebakes", FakePlatforms.READER_TOKEN, False),  # may only read it
        ("instagram", "alice.bakes", FakePlatforms.USER_TOKEN, True),  # attached to a page
        ("instagram", FakePlatforms.IG_USER, FakePlatforms.READER_TOKEN, False),
    ],
)
def test_a_token_proves_only_what_its_holder_manages(
    sources: dict[str, AnySource], platform: str, query: str, token: str, owned: bool
) -> None:
    """Reading a page with a token proved owning it; a token that may merely read a public
    page now proves nothing: the page must be the token's own or among its managed pages."""
    bound = _reader(sources, platform, Secret(token))
    account = bound.resolve(query)  # type: ignore[attr-defined]
    assert bound.owned(account) is owned  # type: ignore[attr-defined]


def test_a_facebook_page_names_who_commented_on_its_recent_posts(
    sources: dict[str, AnySource], platforms: FakePlatforms
) -> None:
    """One page of comments for each recent post whose comments grew; the page answering as
    itself and a comment Graph does not attribute name nobody; a name is text, never a link."""
    from scoring.sources.registry import profile_url

    source = _reader(sources, "facebook", PAGE)
    account = source.resolve("alicebakes")  # type: ignore[attr-defined]
    data = source.fetch(account, {}, NOW)  # type: ignore[attr-defined]
    newest, older = "104123456789012_1328805163845731", "104123456789012_1328805163845732"
    assert platforms.hits[f"/graph/{newest}/comments"] == 1
    assert platforms.hits[f"/graph/{older}/comments"] == 1, "3 comments, none listed: fine"
    assert {(e.post_id, e.person_id, e.handle, e.kind.value) for e in data.engagements} == {
        (newest, "5550001", "Ann Baker", "reply"),
        (newest, "5550002", "Bob <b>Rye</b>", "reply"),
    }
    assert data.people_read == (newest, older)
    asked = [r.args for r, _ in platforms.server.log if r.path.endswith(f"{newest}/comments")]
    assert asked[0]["filter"] == "stream", "replies to comments too"
    assert profile_url("facebook", "Ann Baker") is None
    again = source.fetch(account, data.fetch_state, NOW + timedelta(hours=6))  # type: ignore[attr-defined]
    assert platforms.hits[f"/graph/{newest}/comments"] == 1, "nothing grew: not asked again"
    assert again.engagements == ()


def test_instagram_names_who_commented_and_a_missing_permission_names_nobody(
    sources: dict[str, AnySource], platforms: FakePlatforms
) -> None:
    from scoring.sources.instagram import profile_url

    source = _reader(sources, "instagram", USER)
    account = source.resolve("17841405309211844")  # type: ignore[attr-defined]
    data = source.fetch(account, {}, NOW)  # type: ignore[attr-defined]
    assert {(e.person_id, e.handle) for e in data.engagements} == {
        ("17841400000000001", "ann.bakes"),
        ("cy_cooks", "cy_cooks"),  # Graph gave the user name only
    }
    assert profile_url("ann.bakes") == "https://www.instagram.com/ann.bakes/"
    assert profile_url("../etc") is None

    denied = '{"error": {"message": "(#10) Requires instagram_manage_comments", "code": 10}}'
    platforms.fail("/graph/17895695668004550/comments", 400, denied)
    without = source.fetch(account, {}, NOW)  # type: ignore[attr-defined]
    assert len(without.posts) == 3, "the media are read all the same"
    assert "17895695668004550" in without.people_read, "not asked again until it grows"
    assert not any(e.post_id == "17895695668004550" for e in without.engagements)

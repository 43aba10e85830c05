"""Hacker News and Stack Exchange: recorded payloads over local HTTP, and their parsers."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from werkzeug.wrappers import Request, Response

from scoring.channel_data import PostKind
from scoring.sources import detect_platform
from scoring.sources.base import Source
from scoring.sources.errors import InvalidHandle, NotFound, RateLimited
from scoring.sources.hackernews import parse_hit, parse_user
from scoring.sources.stackexchange import parse_profile_ref
from tests.fakes.platforms import FakePlatforms, fixture_json

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize("query", ["jl", "@jl", "https://news.ycombinator.com/user?id=jl"])
def test_hacker_news_user_names_and_urls(query: str) -> None:
    assert parse_user(query) == "jl"


@pytest.mark.parametrize("query", ["j", "https://news.ycombinator.com/item?id=1", "a b", "x" * 20])
def test_malformed_hacker_news_names_are_refused(query: str) -> None:
    with pytest.raises(InvalidHandle):
        parse_user(query)


def test_hacker_news_stories_are_posts_and_comments_are_giving() -> None:
    hits = fixture_json("hackernews/search_by_date_jl.json")["hits"]
    posts = [parse_hit(h) for h in hits]
    story, comment = posts[0], posts[1]
    assert story is not None
    assert comment is not None
    assert (story.kind, story.likes, story.replies) == (PostKind.OWN, 57, 21)
    assert story.url == "https://news.ycombinator.com/item?id=46010001"
    assert comment.kind is PostKind.REPLY
    assert comment.excerpt == "Thanks for sharing — the decay is clever."


def test_hacker_news_over_http(sources: dict[str, Source], platforms: FakePlatforms) -> None:
    source = sources["hackernews"]
    account = source.resolve("https://news.ycombinator.com/user?id=jl")
    assert account.account_id == "jl"
    data = source.fetch(account, {}, NOW)
    assert dict(data.profile.extra) == {"karma": 2937}
    assert sorted(p.kind.value for p in data.posts) == ["own", "own", "reply", "reply"]
    with pytest.raises(NotFound):
        source.resolve("nobody_here")


@pytest.mark.parametrize(
    ("query", "ref"),
    [
        ("https://stackoverflow.com/users/22656/jon-skeet", ("stackoverflow.com", 22656)),
        ("https://math.stackexchange.com/users/5", ("math.stackexchange.com", 5)),
        ("stackoverflow.com 22656", ("stackoverflow.com", 22656)),
        ("superuser.com:7", ("superuser.com", 7)),
    ],
)
def test_stack_exchange_profiles(query: str, ref: tuple[str, int]) -> None:
    assert parse_profile_ref(query) == ref


@pytest.mark.parametrize(
    "query",
    ["22656", "https://example.com/users/1", "https://stackoverflow.com/questions/1", "jon"],
)
def test_malformed_stack_exchange_profiles_are_refused(query: str) -> None:
    with pytest.raises(InvalidHandle):
        parse_profile_ref(query)


def test_stack_exchange_over_http(sources: dict[str, Source], platforms: FakePlatforms) -> None:
    source = sources["stackexchange"]
    account = source.resolve("https://stackoverflow.com/users/22656/jon-skeet")
    assert (account.account_id, account.display_name) == ("stackoverflow.com/22656", "Jon Skeet")
    data = source.fetch(account, {}, NOW)
    assert data.profile.extra["reputation"] == 1480000
    question = next(p for p in data.posts if p.kind is PostKind.OWN)
    assert (question.likes, question.replies) == (42, 3)
    assert question.excerpt == 'Why does "var" infer this type?'
    answers = sorted((p.likes, p.replies) for p in data.posts if p.kind is PostKind.REPLY)
    assert answers == [(0, 0), (120, 1)], "negative scores earn nothing; acceptance counts"
    with pytest.raises(NotFound):
        source.resolve("stackoverflow.com 1")


def test_stack_exchange_backoff_and_quota_are_obeyed(
    sources: dict[str, Source], platforms: FakePlatforms
) -> None:
    source = sources["stackexchange"]
    account = source.resolve("stackoverflow.com 22656")
    source.fetch(account, {}, NOW)  # the answers carry "backoff": 1
    started = datetime.now(UTC)
    source.fetch(account, {}, NOW)
    assert (datetime.now(UTC) - started).total_seconds() >= 0.5, "waited out the backoff"

    def exhausted(request: Request) -> Response:
        return Response(
            '{"items": [], "quota_max": 300, "quota_remaining": 0}',
            200,
            mimetype="application/json",
        )

    platforms.override("/se/users/22656", exhausted)
    with pytest.raises(RateLimited):
        source.fetch(account, {}, NOW)


@pytest.mark.parametrize(
    ("url", "platform"),
    [
        ("https://news.ycombinator.com/user?id=pg", "hackernews"),
        ("https://stackoverflow.com/users/22656/x", "stackexchange"),
    ],
)
def test_their_urls_are_detected(url: str, platform: str) -> None:
    assert detect_platform(url) == platform


# -- Reddit ------------------------------------------------------------------------------------
REDDIT_NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


def test_reddit_reads_a_user_with_an_application_token(
    sources: dict[str, Source], platforms: FakePlatforms
) -> None:
    source = sources["reddit"]
    account = source.resolve("https://www.reddit.com/user/Watchful1")
    assert (account.account_id, account.handle) == ("d0z23", "Watchful1")
    data = source.fetch(account, {}, REDDIT_NOW)
    assert data.profile.followers == 156
    assert dict(data.profile.extra) == {"karma": 265351}
    kinds = {p.post_id: (p.kind, p.likes, p.replies, p.reshares) for p in data.posts}
    assert kinds["t3_1abc01"] == (PostKind.OWN, 411, 88, 3)
    assert kinds["t3_1abc02"] == (PostKind.RESHARE, 0, 0, 0), (
        "a crosspost of someone else earns nothing"
    )
    assert kinds["t1_kc001"] == (PostKind.REPLY, 16, 0, 0)
    assert platforms.hits["/reddit-auth/api/v1/access_token"] == 1, "one token, reused"
    with pytest.raises(NotFound):
        source.resolve("u/nobody_here")


def test_reddit_without_operator_keys_says_what_to_set(platforms: FakePlatforms) -> None:
    from scoring.sources import build_sources
    from scoring.sources.base import SourceConfig
    from scoring.sources.errors import NotConfigured

    with pytest.raises(NotConfigured, match="REDDIT_CLIENT_ID and REDDIT_CLIENT_SECRET"):
        build_sources(SourceConfig())["reddit"].resolve("spez")


@pytest.mark.parametrize(
    "query",
    [
        "spez",
        "u/spez",
        "/u/spez",
        "https://www.reddit.com/user/spez/",
        "https://old.reddit.com/u/spez",
    ],
)
def test_reddit_names_and_urls(query: str) -> None:
    from scoring.sources.reddit import parse_name

    assert parse_name(query) == "spez"


# -- YouTube -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("query", "ref"),
    [
        ("@google", ("forHandle", "@google")),
        ("google", ("forHandle", "@google")),
        ("https://www.youtube.com/@google", ("forHandle", "@google")),
        (
            "https://www.youtube.com/channel/UCK8sQmJBp8GCxrOtXWBpyEA",
            ("id", "UCK8sQmJBp8GCxrOtXWBpyEA"),
        ),
        ("UCK8sQmJBp8GCxrOtXWBpyEA", ("id", "UCK8sQmJBp8GCxrOtXWBpyEA")),
    ],
)
def test_youtube_handles_urls_and_ids(query: str, ref: tuple[str, str]) -> None:
    from scoring.sources.youtube import parse_channel_ref

    assert parse_channel_ref(query) == ref


def test_youtube_reads_subscribers_and_recent_uploads(
    sources: dict[str, Source], platforms: FakePlatforms
) -> None:
    source = sources["youtube"]
    account = source.resolve("https://www.youtube.com/@google")
    assert (account.account_id, account.handle, account.display_name) == (
        "UCK8sQmJBp8GCxrOtXWBpyEA",
        "@google",
        "Google",
    )
    data = source.fetch(account, {}, REDDIT_NOW)
    assert data.profile.followers == 10_700_000
    assert [(p.post_id, p.likes, p.replies) for p in data.posts] == [("vid00000001", 5400, 830)], (
        "May's video is out"
    )
    with pytest.raises(NotFound):
        source.resolve("@nobody-here")


def test_youtube_quota_exhaustion_is_a_rate_limit(
    sources: dict[str, Source], platforms: FakePlatforms
) -> None:
    quota = '{"error": {"code": 403, "message": "quota", "errors": [{"reason": "quotaExceeded"}]}}'
    platforms.override(
        "/youtube/channels", lambda request: Response(quota, 403, mimetype="application/json")
    )
    with pytest.raises(RateLimited):
        sources["youtube"].resolve("@google")


def test_youtube_without_a_key_says_what_to_set() -> None:
    from scoring.sources import build_sources
    from scoring.sources.base import SourceConfig
    from scoring.sources.errors import NotConfigured

    with pytest.raises(NotConfigured, match="YOUTUBE_API_KEY"):
        build_sources(SourceConfig())["youtube"].resolve("@google")

"""Parsing recorded payloads into normalized posts: pure, no HTTP."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from scoring.channel_data import PostKind
from scoring.sources import blog, bluesky, detect_platform, github, mastodon, mastodon_entities
from scoring.sources.errors import InvalidHandle
from tests.fakes.platforms import ALICE_DID, fixture_json, fixture_text


def _by_id(posts: list, key: str):  # type: ignore[no-untyped-def]
    return {p.post_id: p for p in posts}[key]


# -- Mastodon ---------------------------------------------------------------------------------
def test_mastodon_statuses_are_classified_from_the_owners_point_of_view() -> None:
    raw = fixture_json("mastodon/statuses_page1.json") + fixture_json(
        "mastodon/statuses_page2.json"
    )
    posts = [p for p in (mastodon_entities.parse_status(s, "109302") for s in raw) if p is not None]
    kinds = {p.post_id: p.kind for p in posts}
    assert kinds["113500000000000004"] is PostKind.OWN
    assert kinds["113500000000000003"] is PostKind.OWN, "a self-reply continues one's own thread"
    threaded = {p.post_id for p in posts if p.in_thread}
    assert threaded == {"113500000000000003"}
    assert kinds["113500000000000002"] is PostKind.REPLY
    assert kinds["113500000000000001"] is PostKind.RESHARE
    assert kinds["113000000000000002"] is PostKind.QUOTE


def test_a_boost_of_someone_else_is_never_credited_with_their_interaction() -> None:
    boost = fixture_json("mastodon/statuses_page1.json")[3]
    post = mastodon_entities.parse_status(boost, "109302")
    assert post is not None
    assert post.interactions == 0
    assert post.url == "https://other.example/@bob/113400000000000000"


def test_a_boost_of_ones_own_post_is_skipped() -> None:
    boost = fixture_json("mastodon/statuses_page1.json")[3]
    boost["reblog"]["account"]["id"] = "109302"
    assert mastodon_entities.parse_status(boost, "109302") is None


def test_mastodon_counts_text_tags_and_media_are_read() -> None:
    post = mastodon_entities.parse_status(fixture_json("mastodon/statuses_page1.json")[0], "109302")
    assert post is not None
    assert (post.likes, post.reshares, post.replies, post.quotes) == (40, 12, 6, 1)
    assert post.excerpt.startswith("Shipped the new release of #Python tooling today.")
    assert post.hashtags == ("python",)
    assert post.has_media
    assert post.created_at == datetime(2026, 11, 24, 10, 0, tzinfo=UTC)


def test_the_shared_mastodon_docs_sample_parses() -> None:
    post = mastodon_entities.parse_status(fixture_json("mastodon/docs_status_entity.json"), "1")
    assert post is not None
    assert post.kind is PostKind.OWN
    assert (post.likes, post.reshares, post.replies, post.quotes) == (11, 6, 5, 2)


@pytest.mark.parametrize(
    ("query", "origin", "user"),
    [
        ("@alice@example.social", "https://example.social", "alice"),
        ("alice@Example.Social", "https://example.social", "alice"),
        ("https://example.social/@alice", "https://example.social", "alice"),
        ("http://127.0.0.1:8099/@alice", "http://127.0.0.1:8099", "alice"),
    ],
)
def test_mastodon_handles_and_profile_urls(query: str, origin: str, user: str) -> None:
    assert mastodon.parse_handle(query) == (origin, user)


@pytest.mark.parametrize(
    "query", ["alice", "@alice", "https://example.social/users/alice", "@a@b", "ftp://x.org/@a", ""]
)
def test_malformed_mastodon_handles_are_refused(query: str) -> None:
    with pytest.raises(InvalidHandle):
        mastodon.parse_handle(query)


# -- Bluesky ----------------------------------------------------------------------------------
def _bsky_posts() -> list:  # type: ignore[type-arg]
    feed = fixture_json("bluesky/getAuthorFeed_page1.json")["feed"]
    feed += fixture_json("bluesky/getAuthorFeed_page2.json")["feed"]
    return [p for p in (bluesky.parse_item(item, ALICE_DID) for item in feed) if p is not None]


def test_bluesky_items_are_classified_and_own_reposts_skipped() -> None:
    kinds = {p.post_id.rsplit("/", 1)[-1]: p.kind for p in _bsky_posts()}
    assert kinds == {
        "3kown1": PostKind.OWN,
        "3kself2": PostKind.OWN,
        "3kreply3": PostKind.REPLY,  # parent not hydrated: the author comes from its at:// URI
        "3kcarol": PostKind.RESHARE,
        "3kquote4": PostKind.QUOTE,
        "3kold5": PostKind.OWN,
    }


def test_a_bluesky_repost_carries_no_interaction_and_is_dated_by_the_repost() -> None:
    repost = next(p for p in _bsky_posts() if p.kind is PostKind.RESHARE)
    assert repost.interactions == 0
    assert repost.created_at == datetime(2026, 11, 22, 7, 0, tzinfo=UTC)


def test_bluesky_counts_tags_media_links_and_web_url() -> None:
    post = next(p for p in _bsky_posts() if p.post_id.endswith("3kown1"))
    assert (post.likes, post.reshares, post.replies, post.quotes) == (31, 7, 4, 2)
    assert post.hashtags == ("accessibility",)
    assert post.has_media
    assert post.has_link
    assert post.url == "https://bsky.app/profile/alice.bsky.social/post/3kown1"


def test_the_shared_atproto_snapshot_parses() -> None:
    """The official AppView snapshot (ids are the suite's placeholders)."""
    feed = fixture_json("bluesky/getAuthorFeed.atproto-snapshot.json")["feed"]
    posts = [bluesky.parse_item(item, "user(9)") for item in feed]
    assert any(p is not None and p.kind is PostKind.RESHARE for p in posts)
    assert all(p is None or p.created_at.year == 1970 for p in posts)


@pytest.mark.parametrize(
    ("query", "actor"),
    [
        ("alice.bsky.social", "alice.bsky.social"),
        ("@Alice.bsky.social", "alice.bsky.social"),
        ("did:plc:alice0000000000000000000", ALICE_DID),
        ("https://bsky.app/profile/alice.bsky.social", "alice.bsky.social"),
        ("alice", "alice.bsky.social"),  # refused before: most handles are on bsky.social
        ("@Alice", "alice.bsky.social"),
    ],
)
def test_bluesky_handles_dids_and_urls(query: str, actor: str) -> None:
    assert bluesky.parse_actor(query) == actor


@pytest.mark.parametrize(
    "query", ["al_ice", "https://bsky.app/", "did:key", "al ice.bsky.social", "-alice"]
)
def test_malformed_bluesky_handles_are_refused(query: str) -> None:
    with pytest.raises(InvalidHandle):
        bluesky.parse_actor(query)


# -- GitHub -----------------------------------------------------------------------------------
def test_github_giving_is_comments_reviews_and_opened_work_on_others_repositories() -> None:
    events = fixture_json("github/events.json")
    posts = [p for p in (github.parse_event(e, "jacquev6") for e in events) if p is not None]
    assert {p.post_id: p.kind for p in posts} == {
        "event:50001": PostKind.REPLY,
        "event:50002": PostKind.REPLY,
        "event:50004": PostKind.RESHARE,
    }


def test_github_own_repositories_are_posts_and_forks_are_not() -> None:
    repos = fixture_json("github/repos.json")
    posts = [p for p in map(github.parse_repo, repos) if p is not None]
    assert [p.post_id for p in posts] == ["repo:1001", "repo:1002"]
    assert (posts[0].likes, posts[0].reshares) == (7000, 1700)
    profile = github.parse_profile(fixture_json("github/user.json"), repos)
    assert profile.followers == 98
    assert dict(profile.extra) == {"stars": 7012, "forks": 1701}


@pytest.mark.parametrize("query", ["alice", "@alice", "https://github.com/alice", "a-b-c"])
def test_github_logins(query: str) -> None:
    assert github.parse_login(query).lstrip("@") in ("alice", "a-b-c")


@pytest.mark.parametrize(
    "query", ["-alice", "a--b", "https://github.com/a/b/issues", "https://gitlab.com/a", "x" * 40]
)
def test_malformed_github_logins_are_refused(query: str) -> None:
    with pytest.raises(InvalidHandle):
        github.parse_login(query)


# -- Blogs ------------------------------------------------------------------------------------
def test_atom_comment_counts_come_from_thr_total() -> None:
    parsed = blog.parse_feed(fixture_text("blog/atom_thr.xml").encode())
    posts = [blog.parse_entry(e) for e in parsed.entries]
    first = posts[0]
    assert first is not None
    assert first.replies == 9
    assert first.kind is PostKind.OWN
    assert first.has_media
    assert first.has_link
    assert first.hashtags == ("accessibility",)
    assert first.created_at == datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


def test_wordpress_rss_comment_counts_come_from_slash_comments() -> None:
    parsed = blog.parse_feed(fixture_text("blog/wordpress_rss2_helioviewer.xml").encode())
    post = blog.parse_entry(parsed.entries[0])
    assert post is not None
    assert post.replies == 0
    assert post.url.endswith("/follow-the-helioviewer-project-on-twitter/")
    assert post.excerpt == "Follow the Helioviewer Project on Twitter"


def test_a_billion_laughs_feed_is_refused_before_expansion() -> None:
    with pytest.raises(blog.UnsafeFeed):
        blog.parse_feed(fixture_text("blog/billion_laughs.xml").encode())


def test_a_site_announces_its_feed() -> None:
    links = blog.feed_links(fixture_text("blog/site.html"), "https://alice.example/blog")
    assert links == ["https://alice.example/feed/atom/"]


@pytest.mark.parametrize("body", [b"", b"<html><body>no feed</body></html>", b'{"json": true}'])
def test_things_that_are_not_feeds_are_reported(body: bytes) -> None:
    with pytest.raises(blog.Unavailable):
        blog.parse_feed(body)


# -- detecting the platform -------------------------------------------------------------------
@pytest.mark.parametrize(
    ("url", "platform"),
    [
        ("https://mastodon.social/@alice", "mastodon"),
        ("https://mastodon.social/@alice/", "mastodon"),  # was taken for a blog
        ("https://mastodon.social/@alice/with_replies", "mastodon"),  # a tab, from the address bar
        ("https://example.com/@alice/2026/a-post", "blog"),
        ("https://medium.com/@alice", "blog"),  # Mastodon's shape of path, a blog's feed
        ("https://www.tiktok.com/@alice", "manual"),  # a network we cannot read: self-reported
        ("https://www.xing.com/profile/Alice_Doe", "manual"),
        ("https://bsky.app/profile/alice.bsky.social", "bluesky"),
        ("https://github.com/alice", "github"),
        ("https://example.com/blog/feed", "blog"),
        ("https://stackoverflow.com/users/22656", "stackexchange"),
        ("https://www.youtube.com/@handle", "youtube"),
        ("not a url", None),
        ("javascript:alert(1)", None),
    ],
)
def test_the_platform_is_detected_from_a_url(url: str, platform: str | None) -> None:
    assert detect_platform(url) == platform


@pytest.mark.parametrize(
    "url",
    ["https://mastodon.social/@alice/", "https://mastodon.social/@alice/media",
     "https://mastodon.social/@alice/113500000000000004"],  # one of its posts
)  # fmt: skip
def test_a_mastodon_profile_url_with_a_slash_a_tab_or_a_post_names_the_account(url: str) -> None:
    assert mastodon.parse_handle(url) == ("https://mastodon.social", "alice")
    assert detect_platform(url) == "mastodon"


@pytest.mark.parametrize(
    ("url", "login"),
    [("https://github.com/alice", "alice"), ("https://github.com/alice/tool", "alice"),
     ("https://github.com/alice/tool/", "alice"), ("https://github.com/orgs/acme", None),
     ("https://github.com/alice/tool/issues/3", None), ("https://gitlab.com/alice", None)],
)  # fmt: skip
def test_a_github_url_of_an_account_or_of_one_of_its_repositories_names_the_account(
    url: str, login: str | None
) -> None:
    if login is None:
        with pytest.raises(InvalidHandle):
            github.parse_login(url)
    else:
        assert github.parse_login(url) == login

"""Reading who liked and replied, over HTTP from the fake Mastodon and Bluesky: what is read,
when it is read again, and what a failing read leaves (issue 28, people not clicks)."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

from scoring.channel_data import EngagementKind, Post, PostKind
from scoring.sources.base import Source
from scoring.sources.people import PEOPLE_SETTLE, grew, posts_to_read
from tests.fakes.platforms import ALICE_DID, FakePlatforms

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
CONTEXT = "/api/v1/statuses/113500000000000004/context"
LIKERS = "/api/v1/statuses/113500000000000004/favourited_by"


def _kinds(data: object) -> set[tuple[str, str]]:
    return {(e.person_id, e.kind.value) for e in data.engagements}  # type: ignore[attr-defined]


def test_mastodon_reads_the_people_of_its_recent_post_once(
    sources: dict[str, Source], platforms: FakePlatforms
) -> None:
    source = sources["mastodon"]
    account = source.resolve(f"{platforms.url}/@alice")
    data = source.fetch(account, {}, NOW)
    assert (platforms.hits[CONTEXT], platforms.hits[LIKERS]) == (1, 1)
    assert data.people_read == ("113500000000000004",)
    assert _kinds(data) == {
        ("555", "answered"),  # Alice's reply 113500000000000002 answered Dave
        ("777", "reply"), ("555", "reply"),  # Carol answered Bob, not Alice: left out
        ("777", "like"), ("888", "like"), ("555", "like"), ("999", "like"),
        # 40 likes and 12 reshares outrun what its replies vouch for: who reshared (3.4)
        ("777", "reshare"), ("555", "reshare"),
    }  # fmt: skip
    handles = {e.person_id: e.handle for e in data.engagements}
    host = platforms.url.removeprefix("http://")
    assert handles["777"] == f"@bob@{host}", "a local account on the channel's own server"
    assert handles["555"] == "@dave@other.example"

    platforms.statuses_etag = 'W/"statuses-v2"'  # read again: the counts did not grow
    again = source.fetch(account, data.fetch_state, NOW + timedelta(hours=6))
    assert not again.not_modified
    assert (platforms.hits[CONTEXT], platforms.hits[LIKERS]) == (1, 1), "nothing grew"
    assert {e.kind for e in again.engagements} == {EngagementKind.ANSWERED}


def test_bluesky_reads_threads_and_likes_and_skips_what_it_cannot_name(
    sources: dict[str, Source], platforms: FakePlatforms
) -> None:
    source = sources["bluesky"]
    account = source.resolve("alice.bsky.social")
    data = source.fetch(account, {}, NOW)
    assert platforms.hits["/xrpc/app.bsky.feed.getPostThread"] == 2
    assert platforms.hits["/xrpc/app.bsky.feed.getLikes"] == 2
    erin = "did:plc:erin00000000000000000000"
    replies = {(e.post_id.rsplit("/", 1)[-1], e.person_id) for e in data.engagements
               if e.kind is EngagementKind.REPLY}  # fmt: skip
    assert {("3kown1", erin), ("3kquote4", erin)} <= replies
    assert all(person != ALICE_DID for _, person in replies), "her own thread reply is hers"
    assert not any("grace" in person for _, person in replies), "a blocked reply names nobody"


def test_a_people_read_that_fails_leaves_the_read_whole_and_is_tried_next_time(
    sources: dict[str, Source], platforms: FakePlatforms
) -> None:
    source = sources["mastodon"]
    account = source.resolve(f"{platforms.url}/@alice")
    platforms.fail(CONTEXT, 503, '{"error": "unavailable"}', times=20)  # past every retry
    data = source.fetch(account, {}, NOW)
    assert len(data.posts) == 5, "the posts are read all the same"
    assert data.people_read == ()
    assert {e.kind for e in data.engagements} == {EngagementKind.ANSWERED}
    platforms.faults.clear()  # the server is back
    platforms.statuses_etag = 'W/"statuses-v2"'
    later = source.fetch(account, data.fetch_state, NOW + timedelta(hours=6))
    assert later.people_read == ("113500000000000004",)


def test_a_post_is_read_again_only_once_its_counts_grew_by_a_quarter() -> None:
    post = Post("p", NOW - timedelta(days=2), PostKind.OWN, likes=40, replies=0)
    assert grew(post, None)
    assert not grew(post, [40, 0])
    assert not grew(dataclasses.replace(post, likes=49), [40, 0])
    assert grew(dataclasses.replace(post, likes=50), [40, 0])
    assert grew(dataclasses.replace(post, likes=2), [1, 0]), "a small post: one more is news"
    assert not grew(dataclasses.replace(post, likes=0), None), "nothing to read"
    # formula 3.4: reshares bought after a read are news too (a record before 3.4 has none)
    assert grew(dataclasses.replace(post, reshares=10), [40, 0])
    assert not grew(dataclasses.replace(post, reshares=10), [40, 0, 10])
    assert grew(dataclasses.replace(post, reshares=23), [40, 0, 10]), "a quarter of 50 more"
    young = dataclasses.replace(post, created_at=NOW - PEOPLE_SETTLE + timedelta(minutes=1))
    assert posts_to_read([young], {}, NOW) == [], "not before its interaction has come"
    old = dataclasses.replace(post, created_at=NOW - timedelta(days=31))
    assert posts_to_read([old], {}, NOW) == [], "older than a month: not read"


def test_stack_exchange_names_who_answered_and_whose_questions_were_answered(
    sources: dict[str, Source], platforms: FakePlatforms
) -> None:
    """One request for the answers to every question whose answers grew, one for the askers of
    the user's new answers; votes are anonymous, so they name nobody."""
    from scoring.model import ChannelInput
    from scoring.reciprocity import unanswered

    source = sources["stackexchange"]
    account = source.resolve("stackoverflow.com 22656")
    data = source.fetch(account, {}, NOW)
    answers, askers = "/se/questions/79000001/answers", "/se/questions/78999998;78999999"
    assert (platforms.hits[answers], platforms.hits[askers]) == (1, 1)
    assert _kinds(data) == {
        ("1001", "reply"), ("1002", "reply"),  # the user's own answer and a deleted user: nobody
        ("1001", "answered"), ("3003", "answered"),
    }  # fmt: skip
    assert data.people_read == ("q79000001",)
    channel = ChannelInput(1, "stackexchange", "Jon", 1, 0, data.posts,
                           engagements=data.engagements, has_followers=False)  # fmt: skip
    named = unanswered(channel, NOW)
    assert [(u.handle, u.replied, u.answered) for u in named] == [("Bo <b>", 1, 0)], (
        "Ada was answered; Bo's name comes unescaped from the API's HTML, to be escaped once"
    )
    again = source.fetch(account, data.fetch_state, NOW + timedelta(hours=6))
    assert (platforms.hits[answers], platforms.hits[askers]) == (1, 1), "nothing new: no request"
    assert again.engagements == ()


def test_hacker_news_names_who_commented_and_whom_the_users_comments_answered(
    sources: dict[str, Source], platforms: FakePlatforms
) -> None:
    """One Algolia request for the commenters of a story whose comments grew; each new comment's
    parent looked up once on Firebase; points are anonymous, so they name nobody."""
    from scoring.model import ChannelInput
    from scoring.reciprocity import unanswered
    from scoring.sources.hackernews import profile_url

    source = sources["hackernews"]
    account = source.resolve("jl")
    data = source.fetch(account, {}, NOW)
    thread, parents = "/algolia/search", ("/hn/item/45990000.json", "/hn/item/46010011.json")
    assert [platforms.hits[path] for path in (thread, *parents)] == [1, 1, 1]
    assert _kinds(data) == {
        # the owner's own comment, a deleted one and a name no user has: nobody
        ("tptacek", "reply"), ("patio11", "reply"), ("dang", "reply"),
        ("pg", "answered"),  # jl's comment on pg's story
        ("tptacek", "answered"),  # jl's answer in the thread of their own story
    }  # fmt: skip
    assert data.people_read == ("46010001",)
    channel = ChannelInput(1, "hackernews", "jl", 1, 0, data.posts,
                           engagements=data.engagements, has_followers=False)  # fmt: skip
    named = unanswered(channel, NOW)
    assert [(u.handle, u.replied, u.answered) for u in named] == [
        ("dang", 1, 0),
        ("patio11", 1, 0),
    ], "tptacek was answered"
    assert profile_url("dang") == "https://news.ycombinator.com/user?id=dang"
    assert profile_url('"><script>') is None

    again = source.fetch(account, data.fetch_state, NOW + timedelta(hours=6))
    assert [platforms.hits[path] for path in (thread, *parents)] == [1, 1, 1], "nothing new"
    assert again.engagements == ()


def test_a_hacker_news_parent_that_fails_is_looked_up_at_the_next_read(
    sources: dict[str, Source], platforms: FakePlatforms
) -> None:
    source = sources["hackernews"]
    account = source.resolve("jl")
    platforms.fail("/hn/item/45990000.json", 503, "{}", times=20)  # past every retry
    data = source.fetch(account, {}, NOW)
    assert len(data.posts) == 4, "the posts are read all the same"
    assert not any(e.kind is EngagementKind.ANSWERED for e in data.engagements)
    platforms.faults.clear()
    later = source.fetch(account, data.fetch_state, NOW + timedelta(hours=6))
    assert {(e.person_id, e.kind.value) for e in later.engagements} == {
        ("pg", "answered"),
        ("tptacek", "answered"),
    }


def test_reddit_names_who_commented_and_whom_the_users_comments_answered(
    sources: dict[str, Source], platforms: FakePlatforms
) -> None:
    """One request for a submission's comment tree (bots, deleted accounts, "more" stubs and
    the owner name nobody); whom the comments answered: a submission's author comes with the
    comment, a parent comment's author in one request for all."""
    from scoring.model import ChannelInput
    from scoring.reciprocity import unanswered
    from scoring.sources.reddit import profile_url

    source = sources["reddit"]
    account = source.resolve("Watchful1")
    data = source.fetch(account, {}, NOW)
    thread, info = "/reddit/comments/1abc01", "/reddit/api/info"
    assert (platforms.hits[thread], platforms.hits[info]) == (1, 1)
    assert _kinds(data) == {
        ("alice_dev", "reply"), ("bob_builds", "reply"), ("carol", "reply"),
        ("someone_else", "answered"),  # the author of the submission kc001 commented on
        ("alice_dev", "answered"),  # kc002 answered alice_dev's comment in the user's thread
    }  # fmt: skip
    assert data.people_read == ("t3_1abc01",)
    channel = ChannelInput(1, "reddit", "Watchful1", 1, 156, data.posts,
                           engagements=data.engagements)  # fmt: skip
    assert [(u.handle, u.replied, u.answered) for u in unanswered(channel, NOW)] == [
        ("bob_builds", 1, 0),
        ("carol", 1, 0),
    ], "alice_dev was answered"
    assert profile_url("carol") == "https://www.reddit.com/user/carol"
    assert profile_url("x<script>") is None

    again = source.fetch(account, data.fetch_state, NOW + timedelta(hours=6))
    assert (platforms.hits[thread], platforms.hits[info]) == (1, 1), "nothing new: no request"
    assert again.engagements == ()


def test_a_reddit_thread_nested_past_any_depth_is_walked_without_recursion() -> None:
    from scoring.sources.reddit import THREAD_NODES, thread_authors

    node: dict[str, object] = {"kind": "Listing", "data": {"children": []}}
    top = node
    for i in range(50_000):  # far deeper than Python's recursion limit
        child = {"kind": "t1", "data": {"author": f"user{i % 7}", "replies": ""}}
        node["data"]["children"] = [child]  # type: ignore[index]
        child["data"]["replies"] = node = {"kind": "Listing", "data": {"children": []}}  # type: ignore[index]
    named = list(thread_authors([{}, top]))
    assert len(named) == THREAD_NODES
    assert {n for n in named if n} == {(f"user{i}", f"user{i}") for i in range(7)}
    assert list(thread_authors({"unexpected": True})) == []


def test_youtube_names_who_commented_on_a_recent_video(
    sources: dict[str, Source], platforms: FakePlatforms
) -> None:
    """One quota unit for a video whose comments grew: the threads' authors and the replies
    that came with them; the channel itself, a comment without a channel and a malformed
    channel id name nobody; a video with comments turned off names nobody and costs nothing
    more until its counts grow."""
    from scoring.sources.youtube import profile_url

    source = sources["youtube"]
    account = source.resolve("@google")
    data = source.fetch(account, {}, NOW)
    assert platforms.hits["/youtube/commentThreads"] == 1
    people = {(e.person_id, e.handle, e.kind.value) for e in data.engagements}
    assert people == {
        ("UC" + "a" * 22, "@ann", "reply"),
        ("UC" + "b" * 22, "@ben", "reply"),
        ("UC" + "c" * 22, "@cy", "reply"),
    }
    assert data.people_read == ("vid00000001",)
    assert profile_url("@ann") == "https://www.youtube.com/@ann"
    assert profile_url("someone gone") is None

    disabled = '{"error": {"code": 403, "errors": [{"reason": "commentsDisabled"}]}}'
    platforms.fail("/youtube/commentThreads", 403, disabled)
    off = source.fetch(account, {}, NOW)
    assert (off.engagements, off.people_read) == ((), ("vid00000001",))
    again = source.fetch(account, off.fetch_state, NOW + timedelta(hours=6))
    assert platforms.hits["/youtube/commentThreads"] == 2, "not asked again: nothing grew"
    assert again.people_read == ()


def test_a_blogs_comments_feed_names_commenters_and_corroborates_its_counts(
    sources: dict[str, Source], platforms: FakePlatforms
) -> None:
    """The comments feed a post names on the blog's own host is read once the post settled;
    the blog's author answering names nobody, a name is counted once whatever its case, and a
    feed on another host is never asked for. Two commenters listing all four comments
    corroborate the counts: the blog's numbers are no longer only its own word."""
    from scoring.sources.registry import CORROBORATED_KEY, self_written

    now = NOW
    source = sources["blog"]
    account = source.resolve(f"{platforms.url}/feed/talk/")
    assert self_written("blog", {}), "a blog's counts are its own word until corroborated"
    data = source.fetch(account, {}, now)
    assert platforms.hits["/feed/talk/comments/43/"] == 1
    assert {(e.person_id, e.handle) for e in data.engagements} == {
        ("name:bea", "Bea"), ("name:cal <b>", "Cal <b>")
    }  # fmt: skip
    assert data.people_read == ("https://alice.example/?p=43",)
    assert data.fetch_state[CORROBORATED_KEY] == "1"
    assert not self_written("blog", data.fetch_state)
    assert not any("victim.example" in str(r.url) for r, _ in platforms.server.log)

    again = source.fetch(account, data.fetch_state, now + timedelta(hours=6))
    assert platforms.hits["/feed/talk/comments/43/"] == 1, "nothing grew: not read again"
    assert again.fetch_state[CORROBORATED_KEY] == "1", "the last word stands"


def test_comments_feeds_that_list_too_few_do_not_corroborate() -> None:
    from scoring.channel_data import Engagement
    from scoring.sources.blog import corroborates

    post = Post("p", NOW, PostKind.OWN, replies=40)
    two = [Engagement("p", f"name:{n}", EngagementKind.REPLY, n, NOW) for n in ("a", "b")]
    assert corroborates(two, 5, [post]), "a feed's page of ten lists half of what it shows"
    assert not corroborates(two, 4, [post]), "fewer than half of the ten"
    assert not corroborates(two[:1], 10, [post]), "one commenter is not a crowd"


def test_github_names_who_starred_a_new_repository(
    sources: dict[str, Source], platforms: FakePlatforms
) -> None:
    """One request for the stargazers of a repository of the last month whose stars grew; the
    owner and malformed entries name nobody; older repositories are never asked about."""
    from scoring.sources.github import profile_url

    source = sources["github"]
    account = source.resolve("jacquev6")
    platforms.github_new_repo = True
    data = source.fetch(account, {}, NOW)
    assert platforms.hits["/repos/jacquev6/draw-turks-head-2/stargazers"] == 1
    assert not any(path.endswith("/draw-turks-head/stargazers") for path in platforms.hits)
    assert {(e.person_id, e.handle, e.kind.value) for e in data.engagements} == {
        ("5001", "octo-ann", "like"), ("5002", "bo-b", "like")
    }  # fmt: skip
    assert profile_url("octo-ann") == "https://github.com/octo-ann"
    assert profile_url("-bad-") is None

"""Formula 3.4 (issue 28): likes and reshares from empty accounts (never posted, nobody follows
them), where the platform lists them, count together as one person, and a post's unlisted ones
at the listed share that is not empty, as far as the post's replies do not vouch for them.

Generated accounts through the pure model, with the likers listed as the platforms list them
(the newest page first); the likers' and resharers' counts as the fake Mastodon and Bluesky send
them over HTTP, and what a failing or refusing answer leaves; what a refresh stores in a real
SQLite file, the /export that recomputes it, /why in both languages; and the running bot."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Sequence
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from bot.use_cases.refresh import rescore
from bot.use_cases.scores import current_score
from scoring.channel_data import (
    Account,
    ChannelData,
    Engagement,
    EngagementKind,
    Post,
    PostKind,
    Profile,
)
from scoring.credit import CLICKS_EXCESS, AsPeople, Clicked, count_people, credit_post
from scoring.model import ChannelInput, compute_score
from scoring.sources.base import Source
from scoring.sources.mastodon_entities import empty_accounts
from scoring.sources.people import is_empty_account
from storage import open_db
from storage.channels import add_channel
from storage.export import as_json, user_data
from storage.fetches import record_fetch
from storage.people import people_since
from storage.users import register_user
from tests.bot_process import running_bot
from tests.examples import examples
from tests.fakes.platforms import FakePlatforms
from tests.fakes.telegram_server import FakeTelegram
from tests.test_followers_then import recomputed_from_export, why_in_both
from tests.test_people_not_clicks import NOW, account, gain

DAY = timedelta(days=1)
PAGE = 80  # Mastodon's favourited_by page, the smaller of the two platforms'

followers_ = st.integers(50, 100_000)
rhythm_ = st.floats(0.5, 14)
giving_ = st.floats(0, 10)
talk_ = st.one_of(st.none(), st.floats(0, 1))


def _silent(channel: ChannelInput) -> ChannelInput:
    """The account with nothing on its posts: no like, no reply."""
    return dataclasses.replace(
        channel, posts=[dataclasses.replace(p, likes=0, replies=0) for p in channel.posts]
    )


def listed(
    channel: ChannelInput,
    empty: int = 0,
    genuine: int = 0,
    days: float = 90,
    same_accounts: bool = False,
    kind: EngagementKind = EngagementKind.LIKE,
) -> ChannelInput:
    """The channel with its likers (or resharers) listed as a platform lists them, newest
    first, a page of :data:`PAGE`: ``empty`` more from empty accounts on each own post of the
    last ``days`` (bought, or sent to sink it: they came last), then ``genuine`` more from real
    people, who came after them; the post's own fill what is left of the page."""
    field = "likes" if kind is EngagementKind.LIKE else "reshares"
    posts: list[Post] = []
    people = list(channel.engagements)
    for post in channel.posts:
        if post.kind is not PostKind.OWN:
            posts.append(post)
            continue
        bought = empty if NOW - post.created_at <= timedelta(days=days) else 0
        count = getattr(post, field)
        posts.append(dataclasses.replace(post, **{field: count + bought + genuine}))
        page = [(f"new-{post.post_id}-{i}", False) for i in range(min(genuine, PAGE))]
        page += [
            (f"farm-{i}" if same_accounts else f"farm-{post.post_id}-{i}", True)
            for i in range(min(bought, PAGE - len(page)))
        ]
        page += [(f"fan-{post.post_id}-{i}", False) for i in range(min(count, PAGE - len(page)))]
        people += [
            Engagement(post.post_id, person, kind, person, post.created_at, hollow)
            for person, hollow in page
        ]
    return dataclasses.replace(channel, posts=posts, engagements=people)


# -- the rule, on generated accounts --------------------------------------------------------


@settings(max_examples=examples(100))
@example(120, 2.0, 0.0, 2.0, None, 1000, False)  # the quiet account, nothing of its own
@example(101, 2.0, 0.0, 10.0, None, 1, False)  # one like a post: +24.5 counted as clicks
@example(50, 14.0, 0.0, 10.0, None, 10_000_000, True)
@example(3000, 0.5, 0.06, 10.0, 0.0, 1000, False)  # 180 likes a post and no reply
@given(followers_, rhythm_, st.one_of(st.just(0.0), st.floats(0.01, 0.06)), giving_, talk_,
       st.integers(1, 10_000_000), st.booleans())  # fmt: skip
def test_likes_from_empty_accounts_buy_at_most_eight_on_any_account(
    followers: int,
    per_week: float,
    rate: float,
    giving: float,
    talk: float | None,
    bought: int,
    same_accounts: bool,
) -> None:
    """Whatever the audience, rhythm, mix of replies and likes, and amount, and whether the farm
    uses the same accounts on every post or new ones: including accounts whose posts get
    nothing (counted as clicks, one bought like a post bought up to +24.5)."""
    base = account(followers, per_week, max(rate, 0.01), giving, talk=talk)
    if rate == 0.0:
        base = _silent(base)
    after = listed(base, empty=bought, same_accounts=same_accounts)
    assert gain([listed(base)], [after]) <= 8.0


@settings(max_examples=examples(80))
@example(120, 2.0, 0.0, 2.0, 1000)  # the quiet account with nothing of its own: +34.8 as counts
@given(followers_, rhythm_, st.one_of(st.just(0.0), st.floats(0.01, 0.06)), giving_,
       st.integers(1, 10_000_000))  # fmt: skip
def test_reshares_from_empty_accounts_buy_at_most_eight_on_any_account(
    followers: int, per_week: float, rate: float, giving: float, bought: int
) -> None:
    """Bought boosts and reposts instead of likes (each weighs two likes): the platform lists
    who reshared where the likes and reshares outrun the replies, and the same rule holds."""
    base = account(followers, per_week, max(rate, 0.01), giving)
    if rate == 0.0:
        base = _silent(base)
    after = listed(listed(base), empty=bought, kind=EngagementKind.RESHARE)
    assert gain([listed(base)], [after]) <= 8.0


def test_the_same_likes_unlisted_still_buy_what_clicks_buy() -> None:
    """The rule needs the likers listed: on a platform that does not list them (or before a
    post's people are read) the same purchase counts as clicks, as docs/scoring.md says."""
    base = _silent(account(120, 2.0, 0.01, 2.0))
    bought = listed(base, empty=1000)
    unlisted = dataclasses.replace(bought, engagements=[])
    assert gain([base], [bought]) <= 8.0 < gain([base], [unlisted])


@settings(max_examples=examples(60))
@given(followers_, rhythm_, st.floats(0.01, 0.06), giving_, talk_, st.integers(0, 2_000),
       st.integers(1, 120))  # fmt: skip
def test_a_real_persons_like_never_lowers_the_score_among_empty_ones(
    followers: int,
    per_week: float,
    rate: float,
    giving: float,
    talk: float | None,
    empty: int,
    genuine: int,
) -> None:
    """More real likes (listed first, as the newest) never count less, whatever share of the
    page empty accounts hold."""
    base = account(followers, per_week, rate, giving, talk=talk)
    fewer = compute_score([listed(base, empty, genuine - 1)], NOW).value
    assert compute_score([listed(base, empty, genuine)], NOW).value >= fewer - 1e-9


counts_ = st.integers(0, 100_000)


@settings(max_examples=examples(100))
@given(counts_, st.integers(1, 100_000), counts_, st.integers(0, 1_000_000), st.booleans())
def test_likes_sent_to_sink_a_post_with_replies_take_at_most_a_tenth_of_its_likes_credit(
    likes: int, replies: int, empties: int, followers: int, newest_first: bool
) -> None:
    """A post someone answered keeps its likes as far as its replies vouch for them: likes
    from empty accounts sent to it (a page of them, its real likers pushed off the page)
    take at most the excess the post's likes earned beyond that (CLICKS_EXCESS)."""
    at = NOW - DAY
    post = Post("p", at, PostKind.OWN, likes=likes, replies=replies)
    real = [
        Engagement("p", f"fan{i}", EngagementKind.LIKE, "", at) for i in range(min(likes, PAGE))
    ]
    before = credit_post(post, count_people([post], real).counted.get("p"), followers, True)
    sunk = dataclasses.replace(post, likes=likes + empties)
    page = [  # a page is all the platform lists, whatever was sent
        Engagement("p", f"e{i}", EngagementKind.LIKE, "", at, True)
        for i in range(min(empties, PAGE))
    ]
    page = (page + real if newest_first else real + page)[:PAGE]
    after = credit_post(sunk, count_people([sunk], page).counted.get("p"), followers, True)
    assert after.words == before.words
    assert after.clicks >= before.clicks / (1 + CLICKS_EXCESS) - 1e-9


@settings(max_examples=examples(200))
@given(st.integers(1, PAGE), st.integers(0, 50), st.integers(0, 100_000))
def test_listed_empty_likes_fill_no_room_a_posts_replies_make(
    empties: int, replies: int, followers: int
) -> None:
    """A post's replies make room for likes (2.5 a credited weighted reply); likes the platform
    lists as empty accounts' do not fill it: they add what one more like of one person would
    at most. (Unlisted likes beyond a full page may: they could be real people's, pushed off
    the page by likes sent to sink the post.)"""
    at = NOW - DAY
    post = Post("p", at, PostKind.OWN, replies=replies)
    before = credit_post(post, None, followers, True)
    bought = dataclasses.replace(post, likes=empties)
    page = [Engagement("p", f"e{i}", EngagementKind.LIKE, "", at, True) for i in range(empties)]
    after = credit_post(bought, count_people([bought], page).counted.get("p"), followers, True)
    assert after.words == before.words
    assert after.clicks <= before.clicks + 1.0 + 1e-9


def test_empty_accounts_on_every_post_count_as_one_person_over_the_channel() -> None:
    """Eighty empty likers on each of twenty posts, with nothing else: together they count as
    one person's likes (1 + 1/4 + 1/9 ...), not as 1,600 people, nor as 1,600 clicks."""
    posts = [Post(f"p{i}", NOW - (i + 1) * DAY, PostKind.OWN, likes=1_000) for i in range(20)]
    people = [
        Engagement(p.post_id, f"farm-{p.post_id}-{k}", EngagementKind.LIKE, "", p.created_at, True)
        for p in posts
        for k in range(PAGE)
    ]
    counted = count_people(posts, people)
    assert counted.empty == 20 * PAGE
    total = sum(c.likes.not_empty for c in counted.counted.values())
    assert 1.0 <= total < sum(k**-2 for k in range(1, 21)) + 1e-9
    assert all(c.likes.people == 1_000 for c in counted.counted.values()), "as people, before 3.4"


def test_without_empty_likers_a_post_counts_as_before() -> None:
    """No empty account listed: the likes counted with the rule are the likes as people."""
    post = Post("p", NOW - DAY, PostKind.OWN, likes=300, replies=3)
    people = [
        Engagement("p", f"fan{i}", EngagementKind.LIKE, "", post.created_at) for i in range(80)
    ]
    counted = count_people([post], people).counted["p"]
    assert counted == AsPeople(Clicked(300.0, 300.0, 300.0), 3.0, Clicked.trusted(0.0))


@pytest.mark.parametrize(
    ("posts", "followers", "empty"),
    [
        (0, 0, True),
        (1, 0, False),
        (0, 1, False),
        (None, 0, False),  # a count the platform left out is no evidence
        ("0", 0, False),
        (False, 0, False),
        (0, -0, True),
    ],
)
def test_an_empty_account_is_one_the_platform_counts_no_post_and_no_follower_for(
    posts: object, followers: object, empty: bool
) -> None:
    assert is_empty_account(posts, followers) is empty


def test_a_mastodon_account_its_server_saw_post_is_not_empty_whatever_its_counts() -> None:
    """A remote server that reports no counts (hidden collections) shows a genuine liker as 0
    and 0; the channel's server saw it post, so it is not taken for an empty account."""
    accounts = [
        {"id": "1", "statuses_count": 0, "followers_count": 0, "last_status_at": None},
        {"id": "2", "statuses_count": 0, "followers_count": 0, "last_status_at": "2026-11-20"},
        {"id": "3", "statuses_count": 0, "followers_count": 0},
        {"id": "4", "statuses_count": 3, "followers_count": 0},
    ]
    assert empty_accounts(accounts) == {"1", "3"}


# -- the likers' counts, over HTTP ----------------------------------------------------------

MASTODON_POST = "113500000000000004"
MASTODON_LIKERS = f"/api/v1/statuses/{MASTODON_POST}/favourited_by"


def _likes_of(data: ChannelData, post_id: str) -> list[Engagement]:
    return [e for e in data.engagements if e.kind is EngagementKind.LIKE and e.post_id == post_id]


def test_mastodon_marks_the_likers_whose_accounts_are_empty(
    sources: dict[str, Source], platforms: FakePlatforms
) -> None:
    """The favourited_by page carries each liker's counts: no request more."""
    platforms.bought_likes[MASTODON_POST] = 40
    source = sources["mastodon"]
    data = source.fetch(source.resolve(f"{platforms.url}/@alice"), {}, NOW)
    likes = _likes_of(data, MASTODON_POST)
    assert platforms.hits[MASTODON_LIKERS] == 1
    assert len(likes) == 44
    assert sum(e.hollow for e in likes) == 40
    assert {e.person_id for e in likes if not e.hollow} == {"777", "888", "555", "999"}
    post = next(p for p in data.posts if p.post_id == MASTODON_POST)
    assert post.likes >= 44


def test_mastodon_lists_a_page_of_likers_and_the_rest_counts_at_its_share(
    sources: dict[str, Source], platforms: FakePlatforms
) -> None:
    platforms.bought_likes[MASTODON_POST] = 500
    source = sources["mastodon"]
    data = source.fetch(source.resolve(f"{platforms.url}/@alice"), {}, NOW)
    likes = _likes_of(data, MASTODON_POST)
    assert len(likes) == PAGE
    assert all(e.hollow for e in likes), "the newest page: all bought"
    post = next(p for p in data.posts if p.post_id == MASTODON_POST)
    counted = count_people(data.posts, data.engagements).counted[MASTODON_POST]
    assert counted.likes.people == post.likes, "as people, each bought account is a new person"
    assert counted.likes.not_empty <= 1.0, "with 3.4, the unlisted rest at the listed share: 0"


BSKY_POST = "3kown1"


def test_bluesky_asks_the_likers_counts_25_at_a_time(
    sources: dict[str, Source], platforms: FakePlatforms
) -> None:
    """getLikes lists profiles without counts; getProfiles answers 25 actors a request."""
    platforms.bought_likes[BSKY_POST] = 60
    source = sources["bluesky"]
    data = source.fetch(source.resolve("alice.bsky.social"), {}, NOW)
    likes = [
        e
        for e in data.engagements
        if e.kind is EngagementKind.LIKE and e.post_id.endswith(BSKY_POST)
    ]
    assert len(likes) == 63
    assert sum(e.hollow for e in likes) == 60
    assert not any(e.hollow for e in likes if not e.person_id.startswith("did:plc:empty"))
    # 63 likers: three requests; none for the quote, whose replies carry its three likes
    assert platforms.hits["/xrpc/app.bsky.actor.getProfiles"] == 3


def test_the_resharers_are_read_where_likes_and_reshares_outrun_the_replies(
    sources: dict[str, Source], platforms: FakePlatforms
) -> None:
    """Bought boosts (Mastodon) and reposts (Bluesky) from empty accounts are marked as the
    likes are; Bluesky asks the likers' and resharers' counts together, each account once."""
    platforms.bought_reshares[MASTODON_POST] = 30
    platforms.bought_reshares[BSKY_POST] = 30
    mastodon = sources["mastodon"]
    data = mastodon.fetch(mastodon.resolve(f"{platforms.url}/@alice"), {}, NOW)
    reshares = [e for e in data.engagements if e.kind is EngagementKind.RESHARE]
    assert platforms.hits[f"/api/v1/statuses/{MASTODON_POST}/reblogged_by"] == 1
    assert len(reshares) == 32
    assert sum(e.hollow for e in reshares) == 30

    bluesky = sources["bluesky"]
    data = bluesky.fetch(bluesky.resolve("alice.bsky.social"), {}, NOW)
    reshares = [e for e in data.engagements if e.kind is EngagementKind.RESHARE]
    assert platforms.hits["/xrpc/app.bsky.feed.getRepostedBy"] == 1, "not the quote's"
    assert sum(e.hollow for e in reshares) == 30
    assert len(reshares) == 32
    # 3 likers and 32 resharers, two of them among the likers: 33 accounts, two requests
    assert platforms.hits["/xrpc/app.bsky.actor.getProfiles"] == 2


def test_a_likers_count_read_that_fails_leaves_the_post_for_the_next_refresh(
    sources: dict[str, Source], platforms: FakePlatforms
) -> None:
    """getProfiles refused: the posts are read all the same; no liker is called empty on no
    evidence, and the post's people are read again next time."""
    platforms.bought_likes[BSKY_POST] = 60
    platforms.fail("/xrpc/app.bsky.actor.getProfiles", 503, "{}", times=50)
    source = sources["bluesky"]
    account_ = source.resolve("alice.bsky.social")
    data = source.fetch(account_, {}, NOW)
    assert data.posts
    assert not any(e.hollow for e in data.engagements)
    assert not any(p.endswith(BSKY_POST) for p in data.people_read)
    platforms.faults.clear()
    later = source.fetch(account_, data.fetch_state, NOW + timedelta(hours=6))
    assert any(p.endswith(BSKY_POST) for p in later.people_read)
    assert sum(e.hollow for e in later.engagements) == 60


def test_a_batch_of_likers_the_appview_refuses_marks_nobody_and_blocks_nothing(
    sources: dict[str, Source], platforms: FakePlatforms
) -> None:
    """getProfiles answering 400 (it will never take that batch): the read goes on without
    marks instead of failing on every refresh and holding back the next posts' people."""
    platforms.bought_likes[BSKY_POST] = 60
    platforms.fail("/xrpc/app.bsky.actor.getProfiles", 400, '{"error": "InvalidRequest"}', times=9)
    source = sources["bluesky"]
    data = source.fetch(source.resolve("alice.bsky.social"), {}, NOW)
    assert any(p.endswith(BSKY_POST) for p in data.people_read)
    assert not any(e.hollow for e in data.engagements)
    assert len([e for e in data.engagements if e.post_id.endswith(BSKY_POST)]) > 60


def test_a_listing_the_server_no_longer_has_names_nobody_and_blocks_nothing(
    sources: dict[str, Source], platforms: FakePlatforms
) -> None:
    """Mastodon answering 404 for a post's likers (deleted, or hidden since it was read): its
    repliers are still read, nobody is listed as liking it, and the read is done."""
    platforms.fail(MASTODON_LIKERS, 404, '{"error": "Record not found"}', times=9)
    source = sources["mastodon"]
    data = source.fetch(source.resolve(f"{platforms.url}/@alice"), {}, NOW)
    assert data.people_read == (MASTODON_POST,)
    assert _likes_of(data, MASTODON_POST) == []
    assert any(e.kind is EngagementKind.REPLY for e in data.engagements)


def test_an_answer_without_counts_marks_nobody_empty(
    sources: dict[str, Source], platforms: FakePlatforms
) -> None:
    """A server (or a fake) that leaves the counts out of its Account entities: no evidence."""

    def bare(request: object) -> object:
        from werkzeug import Response

        accounts = [{"id": f"9{i}", "acct": f"x{i}@farm.example"} for i in range(30)]
        return Response(json.dumps(accounts), content_type="application/json")

    platforms.overrides[MASTODON_LIKERS] = bare  # type: ignore[assignment]
    source = sources["mastodon"]
    data = source.fetch(source.resolve(f"{platforms.url}/@alice"), {}, NOW)
    assert len(_likes_of(data, MASTODON_POST)) == 30
    assert not any(e.hollow for e in data.engagements)


# -- stored, exported, explained ------------------------------------------------------------


def _bought(posts: Sequence[Post], per_post: int) -> tuple[tuple[Post, ...], list[Engagement]]:
    bought = tuple(dataclasses.replace(p, likes=p.likes + per_post) for p in posts)
    people = [
        Engagement(p.post_id, f"9{i:05d}", EngagementKind.LIKE, f"@x{i}@farm.example",
                   p.created_at, True)
        for p in bought
        for i in range(PAGE)
    ]  # fmt: skip
    return bought, people


def test_a_refresh_stores_the_empty_likers_and_the_export_recomputes_the_score(
    tmp_path: Path,
) -> None:
    """Real SQLite: a Mastodon account whose posts get nothing buys 1,000 likes on each, the
    listed page of them from empty accounts. The stored score barely moves, the stored people keep the mark,
    /export recomputes the stored score, and /why says it in both languages."""
    db = open_db(tmp_path / "r.db")
    register_user(db, user_id=5, chat_id=5, first_name="A", language="en", now=NOW - 40 * DAY)
    channel = add_channel(db, 5, Account("mastodon", "1@https://m.example", "@a", "A"), NOW)
    posts = tuple(Post(f"m{i}", NOW - (1 + 3 * i) * DAY, PostKind.OWN) for i in range(9))
    record_fetch(db, channel.id, ChannelData(Profile(followers=120), posts), NOW - DAY / 2)
    honest = rescore(db, 5, NOW - DAY / 2)
    bought, people = _bought(posts, 1_000)
    read = tuple(p.post_id for p in bought)
    record_fetch(
        db,
        channel.id,
        ChannelData(Profile(followers=120), bought, engagements=tuple(people), people_read=read),
        NOW,
    )
    stored = rescore(db, 5, NOW)
    assert stored.value - honest.value <= 8.0
    assert sum(e.hollow for e in people_since(db, channel.id, NOW - 90 * DAY)) == 9 * PAGE

    current = current_score(db, 5, NOW)
    (inputs,) = current.inputs
    unmarked = [dataclasses.replace(e, hollow=False) for e in inputs.engagements]
    assert compute_score([dataclasses.replace(inputs, engagements=unmarked)], NOW).value > (
        stored.value + 8.0
    ), "the same likes, not marked, buy what clicks buy"
    metrics = compute_score([inputs], NOW).channels[0].metrics
    assert (metrics.empty_likes, metrics.people, metrics.people_known) == (9 * PAGE, 0, 0)

    exported = json.loads(as_json(user_data(db, 5)))
    assert sum(row["hollow"] for row in exported["engagers"]) == 9 * PAGE
    assert recomputed_from_export(db, 5, NOW) == stored.value

    english, german = why_in_both(current, channel.id)
    assert "720 likes and reshares came from empty accounts (never posted, no followers)" in english
    assert "from 80 people" not in english, "the empty accounts are one, not 80 people"
    assert (
        "720 Likes und geteilte Beiträge kamen von leeren Konten (nie gepostet, keine Follower)"
        in german
    )


def test_a_database_from_before_keeps_its_people_as_not_empty(tmp_path: Path) -> None:
    """Opening a file whose people were stored before formula 3.4 adds the mark, unset: the
    people count as they did until their post is read again."""
    path = tmp_path / "r.db"
    db = open_db(path)
    register_user(db, user_id=5, chat_id=5, first_name="A", language="en", now=NOW)
    channel = add_channel(db, 5, Account("mastodon", "1@https://m.example", "@a", "A"), NOW)
    post = Post("m1", NOW - DAY, PostKind.OWN, likes=2)
    like = Engagement("m1", "7", EngagementKind.LIKE, "@b", post.created_at)
    record_fetch(db, channel.id, ChannelData(Profile(followers=10), (post,), engagements=(like,),
                                             people_read=("m1",)), NOW)  # fmt: skip
    db.execute("ALTER TABLE engagers DROP COLUMN hollow")
    db.execute("DELETE FROM _sqlite_migrations WHERE name = 'm015_empty_likers'")
    db.conn.commit()
    db.close()
    again = open_db(path)
    assert people_since(again, channel.id, NOW - 90 * DAY) == [like]


# -- the running bot ------------------------------------------------------------------------


@pytest.mark.e2e
def test_the_running_bot_says_which_likes_came_from_empty_accounts(
    tmp_path: Path, fake_telegram: FakeTelegram, live_platforms: FakePlatforms
) -> None:
    """The real process links a Mastodon account one of whose posts got 300 likes from empty
    accounts; the channel's /why lines say how many of the listed likers were empty, in the
    message the channel's button edits (German: the SQLite test above)."""
    live_platforms.bought_likes[MASTODON_POST] = 300
    user = 779
    with running_bot(fake_telegram, tmp_path, RESONANCE_ALLOW_PRIVATE_NETWORK="1"):
        mark = fake_telegram.mark()
        fake_telegram.ask(f"/link {live_platforms.url}/@alice", user_id=user)
        fake_telegram.edited(user, mark, "Linked")
        why = fake_telegram.ask("/why", user_id=user)
        mastodon = next(b for b in why.buttons if "Mastodon" in b["text"])
        mark = fake_telegram.mark()
        fake_telegram.press_button(why.message, mastodon["callback_data"])
        fake_telegram.edited(user, mark, "80 likes and reshares came from empty")

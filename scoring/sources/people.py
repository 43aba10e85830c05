"""Reading who liked and replied (issue 28: people, not clicks), shared by the sources that can.

A read asks about a few recent posts only, and only those whose counts moved since their
people were last read: in a steady state, nothing. What it keeps of a person is their id and
handle (see :class:`scoring.channel_data.Engagement`).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Collection, Iterable, Mapping, MutableMapping, Sequence
from datetime import datetime, timedelta
from typing import Any

from scoring.channel_data import Engagement, EngagementKind, Post, PostKind
from scoring.credit import CLICKS_PER_WORD, weighted_parts
from scoring.sources.base import FetchState
from scoring.sources.errors import SourceError

#: A read asks about the people of at most this many posts (two requests each, at most).
PEOPLE_POSTS = 3
#: ... made within this many days (the reciprocity tip looks at the last month).
PEOPLE_DAYS = 30
#: A post's people are read again once its likes and replies together grew by this share of
#: what they were at the last read (and by at least one): a new like on a post of 40 does
#: not cost two requests, a post whose interaction doubles is read again.
PEOPLE_GROWTH = 0.25
#: ... and first read once a post is this old: most of its interaction has come by then
PEOPLE_SETTLE = timedelta(hours=12)
#: The fetch state's record of each post's counts when its people were read.
PEOPLE_KEY = "people_seen"
REMEMBERED = 60
#: A person id longer than this is not one (platform ids are numbers, DIDs, short names).
MAX_PERSON_ID = 200
#: The fetch state's record of the owner's replies whose answered person was looked up
#: (platforms where that takes a request: each reply is looked up once), oldest first.
ANSWERED_KEY = "answered_resolved"
REMEMBERED_ANSWERS = 200


def _seen(state: FetchState) -> dict[str, list[int]]:
    try:
        raw = json.loads(state.get(PEOPLE_KEY) or "{}")
    except ValueError:
        return {}
    return raw if isinstance(raw, dict) else {}


def grew(post: Post, seen: list[int] | None, growth: float = PEOPLE_GROWTH) -> bool:
    """Whether the post's likes, replies and reshares grew by ``growth`` (and at least one)
    since its people were read (never read: yes, once it has any). A record from before
    formula 3.4 holds no reshares: they count as none then (bought reshares are news)."""
    total = max(0, post.likes) + max(0, post.replies) + max(0, post.reshares)
    if not isinstance(seen, list) or len(seen) not in (2, 3):
        return total > 0
    before = sum(max(0, int(n)) for n in seen if isinstance(n, int | float))
    return total >= before + max(1.0, growth * before)


def posts_to_read(
    posts: Sequence[Post],
    state: FetchState,
    now: datetime,
    growth: float = PEOPLE_GROWTH,
    settle: timedelta = PEOPLE_SETTLE,
) -> list[Post]:
    """The newest own posts of the last month whose likes and replies grew (:func:`grew`)
    since their people were read, at most :data:`PEOPLE_POSTS`."""
    seen = _seen(state)
    since = now - timedelta(days=PEOPLE_DAYS)
    recent = sorted(
        (
            p
            for p in posts
            if p.kind in (PostKind.OWN, PostKind.QUOTE)
            and not p.in_thread
            and since <= p.created_at <= now - settle
            and grew(p, seen.get(p.post_id), growth)
        ),
        key=lambda p: p.created_at,
        reverse=True,
    )
    return recent[:PEOPLE_POSTS]


def read_people(
    posts: Iterable[Post],
    state: MutableMapping[str, str],
    read: Callable[[Post], list[Engagement]],
) -> tuple[list[Engagement], list[str]]:
    """``read`` each post's people; (the engagements, the post ids read). A post whose read
    fails is left for the next refresh, and so are the ones after it (a platform that
    refuses one request refuses the next)."""
    engagements: list[Engagement] = []
    done: list[Post] = []
    for post in posts:
        try:
            engagements += read(post)
        except SourceError:
            break
        done.append(post)
    _remember(state, done)
    return engagements, [p.post_id for p in done]


def read_people_together(
    posts: Sequence[Post],
    state: MutableMapping[str, str],
    read: Callable[[Sequence[Post]], list[Engagement]],
) -> tuple[list[Engagement], list[str]]:
    """:func:`read_people` for a platform that answers for many posts in one request (Stack
    Exchange): all of them or, when it fails, none (left for the next refresh)."""
    if not posts:
        return [], []
    try:
        engagements = read(posts)
    except SourceError:
        return [], []
    _remember(state, posts)
    return engagements, [p.post_id for p in posts]


def _remember(state: MutableMapping[str, str], done: Sequence[Post]) -> None:
    """Record the counts each post had when its people were read."""
    if not done:
        return
    seen = _seen(state)
    for post in done:
        seen.pop(post.post_id, None)
        seen[post.post_id] = [post.likes, post.replies, post.reshares]
    state[PEOPLE_KEY] = json.dumps(dict(list(seen.items())[-REMEMBERED:]))


def engagements_of(
    post: Post,
    kind: EngagementKind,
    people: Iterable[tuple[str, str] | None],
    owner: str,
    empty: Collection[str] = (),
) -> list[Engagement]:
    """One engagement per person listed as (id, handle); the owner, malformed entries (None)
    and ids too long to be real left out; the ids in ``empty`` marked as empty accounts."""
    found: dict[str, Engagement] = {}
    for named in people:
        if named and named[0] != owner and len(named[0]) <= MAX_PERSON_ID:
            found.setdefault(
                named[0],
                Engagement(
                    post.post_id, named[0], kind, named[1], post.created_at, named[0] in empty
                ),
            )
    return list(found.values())


def clicks_outrun_replies(post: Post) -> bool:
    """Formula 3.4: whether the post's likes and reshares outrun what its replies and quotes
    vouch for (ten likes a reply), the only ones empty accounts can change: a post whose
    replies carry them is not asked who reshared it, nor (Bluesky) its likers' counts."""
    clicks, words = weighted_parts(post)
    return clicks > CLICKS_PER_WORD * words


def is_empty_account(posts: Any, followers: Any) -> bool:
    """Formula 3.4: whether an account never posted and nobody follows it, as the platform
    counts them. Both counts must be given and 0: a missing or malformed count is no evidence."""
    return all(
        isinstance(n, int) and not isinstance(n, bool) and n == 0 for n in (posts, followers)
    )


def answers_resolved(state: Mapping[str, str]) -> list[str]:
    """The ids of the owner's replies whose answered person was already looked up."""
    try:
        raw = json.loads(state.get(ANSWERED_KEY) or "[]")
    except ValueError:
        return []
    return [str(i) for i in raw] if isinstance(raw, list) else []


def remember_answers(state: MutableMapping[str, str], before: list[str], new: list[str]) -> None:
    """Record ``new`` replies as looked up (the newest REMEMBERED_ANSWERS kept)."""
    if new:
        state[ANSWERED_KEY] = json.dumps([*before, *new][-REMEMBERED_ANSWERS:])

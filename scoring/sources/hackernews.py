"""Hacker News: the profile from the Firebase API, recent items from Algolia's HN search.

Handles: ``pg`` or ``https://news.ycombinator.com/user?id=pg``. Stories are the user's posts
(points as likes, comments as replies); comments are giving.

People (formula 3.x): who commented in the threads of the user's recent stories whose comments
grew (one Algolia request a story; votes are anonymous, so points name nobody), and whom the
user's comments of the last month answered (the parent item's author from Firebase, one request
per new comment, each looked up once).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit

from scoring.channel_data import (
    Account,
    ChannelData,
    Engagement,
    EngagementKind,
    Post,
    PostKind,
    Profile,
)
from scoring.sources.base import FetchState, SourceConfig
from scoring.sources.errors import (
    InvalidHandle,
    NotFound,
    SourceError,
    Unavailable,
    keeps_contract,
)
from scoring.sources.http import HttpClient
from scoring.sources.people import (
    PEOPLE_DAYS,
    answers_resolved,
    engagements_of,
    posts_to_read,
    read_people,
    remember_answers,
)
from scoring.sources.registry import COMMENTS, N_, UPVOTES, Budget, Endpoint, Nouns, Platform
from scoring.sources.text import excerpt, strip_html

PLATFORM = "hackernews"
HAS_FOLLOWERS = False  # no follower count: engagement is judged per post, reach by interaction
DEFAULT_API = "https://hacker-news.firebaseio.com/v0"
DEFAULT_SEARCH_API = "https://hn.algolia.com/api/v1"
SEARCH = "hackernews_search"
PAGE_SIZE = 100
_USER = re.compile(r"^[A-Za-z0-9_-]{2,15}$")
#: Algolia's largest page: a thread's commenters in one request (beyond, the count stands)
THREAD_PAGE = 1000
#: The user's comments whose parent's author was looked up (the state's record)
#: New comments whose parent is looked up in one read, at most; the rest at the next one
ANSWERED_PER_READ = 10


def profile_url(handle: str) -> str | None:
    """A Hacker News user's page, for a well-formed user name only."""
    return f"https://news.ycombinator.com/user?id={handle}" if _USER.match(handle) else None


def _author(hit: Any) -> tuple[str, str] | None:
    """(id, handle) of a comment's author: the user name is both; None for a deleted one."""
    author = hit.get("author") if isinstance(hit, dict) else None
    return (author, author) if isinstance(author, str) and _USER.match(author) else None


def parse_user(query: str) -> str:
    text = query.strip()
    if text.startswith(("http://", "https://")):
        parts = urlsplit(text)
        ids = parse_qs(parts.query).get("id", [])
        if parts.hostname != "news.ycombinator.com" or parts.path != "/user" or not ids:
            raise InvalidHandle(
                "a Hacker News URL looks like https://news.ycombinator.com/user?id=pg"
            )
        text = ids[0]
    text = text.removeprefix("@")
    if not _USER.match(text):
        raise InvalidHandle("a Hacker News user name has 2 to 15 letters, digits, - or _")
    return text


def parse_hit(hit: dict[str, Any]) -> Post | None:
    """One Algolia hit: a story is the user's post, a comment is giving."""
    tags = hit.get("_tags") or []
    item_id = str(hit.get("objectID") or "")
    created = hit.get("created_at_i")
    if not item_id or not isinstance(created, int):
        return None
    url = f"https://news.ycombinator.com/item?id={item_id}"
    moment = datetime.fromtimestamp(created, tz=UTC)
    if "story" in tags or "poll" in tags:
        return Post(
            post_id=item_id,
            created_at=moment,
            kind=PostKind.OWN,
            likes=max(0, int(hit.get("points") or 0) - 1),  # a story starts with its own point
            replies=int(hit.get("num_comments") or 0),
            url=url,
            excerpt=excerpt(str(hit.get("title") or "")),
            has_link=bool(hit.get("url")),
        )
    if "comment" in tags:
        text = strip_html(str(hit.get("comment_text") or ""))
        return Post(
            post_id=item_id, created_at=moment, kind=PostKind.REPLY, url=url, excerpt=excerpt(text)
        )
    return None


class HackerNewsSource:
    """Reads a Hacker News user: karma from Firebase, stories and comments from Algolia."""

    platform = PLATFORM

    def __init__(self, client: HttpClient, config: SourceConfig) -> None:
        self.client = client
        self.config = config
        self.base = config.api_url(PLATFORM, DEFAULT_API)
        self.search = config.api_url(SEARCH, DEFAULT_SEARCH_API)

    def _user(self, user: str) -> dict[str, Any]:
        raw = self.client.get(f"{self.base}/user/{user}.json").json()
        if raw is None:  # Firebase answers 200 with null for an unknown user
            raise NotFound(f"no Hacker News user {user}")
        if not isinstance(raw, dict) or "id" not in raw:
            raise Unavailable("Hacker News sent an unexpected answer")
        return raw

    @keeps_contract
    def resolve(self, query: str) -> Account:
        raw = self._user(parse_user(query))
        user = str(raw["id"])
        return Account(PLATFORM, user, user, user, f"https://news.ycombinator.com/user?id={user}")

    @keeps_contract
    def proof_text(self, account: Account) -> str:
        """What the owner can write on the profile: the "about" text."""
        return strip_html(str(self._user(account.account_id).get("about") or ""))

    @keeps_contract
    def fetch(self, account: Account, state: FetchState, now: datetime) -> ChannelData:
        raw = self._user(account.account_id)
        since = int((now - self.config.window).timestamp())
        posts: list[Post] = []
        comments: list[tuple[Post, str]] = []  # the user's comments and their parents' ids
        for page in range(self.config.max_posts // PAGE_SIZE + 1):
            result = self.client.get(
                f"{self.search}/search_by_date",
                params={
                    "tags": f"author_{account.account_id}",
                    "numericFilters": f"created_at_i>{since}",
                    "hitsPerPage": PAGE_SIZE,
                    "page": page,
                },
            ).json()
            hits = result.get("hits") if isinstance(result, dict) else None
            if not isinstance(hits, list):
                raise Unavailable("Hacker News search sent an unexpected answer")
            for hit in hits:
                post = parse_hit(hit) if isinstance(hit, dict) else None
                if post is None:
                    continue
                posts.append(post)
                parent = hit.get("parent_id")
                if post.kind is PostKind.REPLY and isinstance(parent, int) and parent > 0:
                    comments.append((post, str(parent)))
            if page + 1 >= int(result.get("nbPages") or 0) or len(posts) >= self.config.max_posts:
                break
        new_state = dict(state)
        own = [p for p in posts if p.kind is PostKind.OWN and p.replies > 0]
        people, read = read_people(
            posts_to_read(own, new_state, now),
            new_state,
            lambda post: self._commenters(account.account_id, post),
        )
        gave = self._answered(account.account_id, comments, new_state, now)
        profile = Profile(
            posts_count=len(raw.get("submitted") or []),
            display_name=account.handle,
            url=account.url,
            extra={"karma": int(raw.get("karma") or 0)},
        )
        return ChannelData(
            profile=profile,
            posts=tuple(posts[: self.config.max_posts]),
            fetch_state=new_state,
            engagements=(*gave, *people),
            people_read=tuple(read),
        )

    def _commenters(self, own: str, story: Post) -> list[Engagement]:
        """Who commented anywhere in the story's thread: one request."""
        result = self.client.get(
            f"{self.search}/search",
            params={
                "tags": f"comment,story_{story.post_id}",
                "hitsPerPage": THREAD_PAGE,
                "attributesToRetrieve": "author",
            },
        ).json()
        hits = result.get("hits") if isinstance(result, dict) else None
        if not isinstance(hits, list):
            raise Unavailable("Hacker News search sent an unexpected answer")
        return engagements_of(story, EngagementKind.REPLY, map(_author, hits), own)

    def _answered(
        self, own: str, comments: list[tuple[Post, str]], state: dict[str, str], now: datetime
    ) -> list[Engagement]:
        """Whom the user's comments of the last month answered: each new comment's parent is
        looked up once (a story or comment of the user's own names nobody)."""
        since = now - timedelta(days=PEOPLE_DAYS)
        before = answers_resolved(state)
        known = set(before)
        fresh = [
            (comment, parent) for comment, parent in comments
            if comment.post_id not in known and comment.created_at >= since
        ][:ANSWERED_PER_READ]  # fmt: skip
        found: list[Engagement] = []
        resolved: list[str] = []
        for comment, parent in fresh:
            try:
                item = self.client.get(f"{self.base}/item/{parent}.json").json()
            except SourceError:
                break  # asked again at the next refresh
            named = _author({"author": item.get("by")} if isinstance(item, dict) else None)
            if named and named[0] != own:
                found.append(
                    Engagement(comment.post_id, named[0], EngagementKind.ANSWERED, named[1],
                               comment.created_at)
                )  # fmt: skip
            resolved.append(comment.post_id)
        remember_answers(state, before, resolved)
        return found


SPEC = Platform(
    name=PLATFORM,
    display="Hacker News",
    nouns=Nouns(likes=UPVOTES, replies=COMMENTS),
    examples="pg, https://news.ycombinator.com/user?id=pg",
    proof_help=N_('On Hacker News: in the "about" field of your profile.'),
    build=lambda config, clients: HackerNewsSource(clients.http(user_supplied=False), config),
    endpoints=(
        Endpoint(PLATFORM, "RESONANCE_HN_API", DEFAULT_API),
        Endpoint(SEARCH, "RESONANCE_HN_SEARCH_API", DEFAULT_SEARCH_API),
    ),
    has_followers=HAS_FOLLOWERS,
    hosts=("news.ycombinator.com",),
    budgets=(Budget(10_000, 3600),),  # Algolia's, per address; Firebase publishes none
    # the user and a page of items; the commenters of a story whose comments grew and the
    # parents of new comments: at most three and ten, usually none (about 0.5)
    cost_per_read=2.5,
    people_per_read=0.5,
    lists_people=True,
    profile_url=profile_url,
)

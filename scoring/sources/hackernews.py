"""Hacker News: the profile from the Firebase API, recent items from Algolia's HN search.

Handles: ``pg`` or ``https://news.ycombinator.com/user?id=pg``. Stories are the user's posts
(points as likes, comments as replies); comments are giving.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qs, urlsplit

from scoring.channel_data import Account, ChannelData, Post, PostKind, Profile
from scoring.sources.base import FetchState, SourceConfig
from scoring.sources.errors import InvalidHandle, NotFound, Unavailable, keeps_contract
from scoring.sources.http import HttpClient
from scoring.sources.registry import N_, Budget, Endpoint, Platform
from scoring.sources.text import excerpt, strip_html

PLATFORM = "hackernews"
HAS_FOLLOWERS = False  # no follower count: engagement is judged per post, reach by interaction
DEFAULT_API = "https://hacker-news.firebaseio.com/v0"
DEFAULT_SEARCH_API = "https://hn.algolia.com/api/v1"
SEARCH = "hackernews_search"
PAGE_SIZE = 100
_USER = re.compile(r"^[A-Za-z0-9_-]{2,15}$")


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
            posts += [p for p in map(parse_hit, hits) if p is not None]
            if page + 1 >= int(result.get("nbPages") or 0) or len(posts) >= self.config.max_posts:
                break
        profile = Profile(
            posts_count=len(raw.get("submitted") or []),
            display_name=account.handle,
            url=account.url,
            extra={"karma": int(raw.get("karma") or 0)},
        )
        return ChannelData(
            profile=profile, posts=tuple(posts[: self.config.max_posts]), fetch_state=dict(state)
        )


SPEC = Platform(
    name=PLATFORM,
    display="Hacker News",
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
)

"""Reddit, through OAuth application-only access with the operator's client id and secret.

Handles: ``spez``, ``u/spez`` or ``https://www.reddit.com/user/spez``. Submissions are the
user's posts (score beyond their own vote as likes, comments as replies, crossposts of them as
reshares); a crosspost of someone else's submission is a reshare; comments are giving.

People (formula 3.x): who commented in the threads of the user's recent submissions whose
comments grew (one request a submission; votes are anonymous, so the score names nobody), and
whom the user's comments of the last month answered (a submission's author comes with the
comment; the authors of parent comments in one request for all new ones).
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from scoring.channel_data import (
    Account,
    ChannelData,
    Engagement,
    EngagementKind,
    Post,
    PostKind,
    Profile,
)
from scoring.sources.base import AnySource, FetchState, SourceConfig, within_window
from scoring.sources.errors import (
    Forbidden,
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
from scoring.sources.registry import (
    COMMENTS,
    N_,
    P_,
    UPVOTES,
    Budget,
    Clients,
    Endpoint,
    Nouns,
    Platform,
)
from scoring.sources.text import excerpt
from scoring.sources.unconfigured import UnconfiguredSource

PLATFORM = "reddit"
DEFAULT_API = "https://oauth.reddit.com"
DEFAULT_AUTH_API = "https://www.reddit.com"
AUTH = "reddit_auth"
_NAME = re.compile(r"^[A-Za-z0-9_-]{3,20}$")
THREAD_LIMIT = 500  # comments of a thread asked for in one request (beyond, the count stands)
THREAD_DEPTH = 8
THREAD_NODES = 5_000  # a thread walked no further than this many entries, whatever it sends
BOTS = frozenset({"AutoModerator"})  # a subreddit's bot comments on every post: nobody
INFO_PAGE = 100  # /api/info names at most this many things at once


def profile_url(handle: str) -> str | None:
    """A Reddit user's page, for a well-formed user name only."""
    return f"https://www.reddit.com/user/{handle}" if _NAME.match(handle) else None


def _named(author: Any) -> tuple[str, str] | None:
    """(id, handle) of an author: the user name is both (Reddit names never change); None for
    "[deleted]", a bot, or anything not a user name."""
    if isinstance(author, str) and _NAME.match(author) and author not in BOTS:
        return author, author
    return None


def thread_authors(raw: Any) -> Iterator[tuple[str, str] | None]:
    """The authors of every comment in a /comments answer (a link listing, then the comment
    tree), walked without recursion and at most THREAD_NODES entries deep into it."""
    listing = raw[1] if isinstance(raw, list) and len(raw) == 2 else None
    stack = [listing]
    walked = 0
    while stack and walked < THREAD_NODES:
        node = stack.pop()
        children = (node.get("data") or {}).get("children") if isinstance(node, dict) else None
        for child in children if isinstance(children, list) else ():
            walked += 1
            data = child.get("data") if isinstance(child, dict) else None
            if not isinstance(data, dict) or child.get("kind") != "t1":
                continue  # "more": people not listed, their count stands
            yield _named(data.get("author"))
            stack.append(data.get("replies"))


def parse_name(query: str) -> str:
    text = query.strip()
    if text.startswith(("http://", "https://")):
        parts = urlsplit(text)
        segments = [s for s in parts.path.split("/") if s]
        if (
            not (parts.hostname or "").endswith("reddit.com")
            or len(segments) < 2
            or segments[0] not in ("user", "u")
        ):
            raise InvalidHandle("a Reddit URL looks like https://www.reddit.com/user/spez")
        text = segments[1]
    text = text.removeprefix("/").removeprefix("u/").removeprefix("@")
    if not _NAME.match(text):
        raise InvalidHandle("a Reddit user name has 3 to 20 letters, digits, - or _")
    return text


def _when(raw: Any) -> datetime:
    return datetime.fromtimestamp(float(raw), tz=UTC)


def parse_submission(data: dict[str, Any]) -> Post:
    crosspost = bool(data.get("crosspost_parent"))
    return Post(
        post_id=str(data.get("name") or data["id"]),
        created_at=_when(data["created_utc"]),
        kind=PostKind.RESHARE if crosspost else PostKind.OWN,
        likes=0 if crosspost else max(0, int(data.get("score") or 0) - 1),
        reshares=0 if crosspost else int(data.get("num_crossposts") or 0),
        replies=0 if crosspost else int(data.get("num_comments") or 0),
        url=f"https://www.reddit.com{data.get('permalink', '')}",
        excerpt=excerpt(str(data.get("title") or "")),
        has_media=bool(data.get("is_video") or data.get("post_hint") in ("image", "hosted:video")),
        has_link=not data.get("is_self", True),
    )


def parse_comment(data: dict[str, Any]) -> Post:
    return Post(
        post_id=str(data.get("name") or data["id"]),
        created_at=_when(data["created_utc"]),
        kind=PostKind.REPLY,
        likes=max(0, int(data.get("score") or 0) - 1),
        url=f"https://www.reddit.com{data.get('permalink', '')}",
        excerpt=excerpt(str(data.get("body") or "")),
    )


class RedditSource:
    """Reads a Reddit user with an application-only OAuth token (renewed before it expires)."""

    platform = PLATFORM

    def __init__(
        self, client: HttpClient, config: SourceConfig, client_id: str, client_secret: str
    ) -> None:
        self.client = client
        self.config = config
        self.base = config.api_url(PLATFORM, DEFAULT_API)
        self.auth_base = config.api_url(AUTH, DEFAULT_AUTH_API)
        self._credentials = (client_id, client_secret)
        self._token: tuple[str, float] | None = None
        self._lock = threading.Lock()

    def _bearer(self) -> dict[str, str]:
        with self._lock:
            if self._token is None or self._token[1] < time.monotonic() + 60:
                response = self.client.post(
                    f"{self.auth_base}/api/v1/access_token",
                    data={"grant_type": "client_credentials"},
                    auth=self._credentials,
                )
                raw = response.json()
                if not isinstance(raw, dict) or "access_token" not in raw:
                    raise Forbidden("Reddit refused the operator's client id and secret")
                self._token = (
                    str(raw["access_token"]),
                    time.monotonic() + float(raw.get("expires_in", 3600)),
                )
            return {"Authorization": f"bearer {self._token[0]}"}

    def _get(self, path: str, **params: str | int) -> Any:
        return self.client.get(
            f"{self.base}{path}", params={"raw_json": 1, **params}, headers=self._bearer()
        ).json()

    def _about(self, name: str) -> dict[str, Any]:
        raw = self._get(f"/user/{name}/about")
        data = raw.get("data") if isinstance(raw, dict) else None
        if not isinstance(data, dict) or "name" not in data:
            raise NotFound(f"no Reddit user {name}")
        if data.get("is_suspended"):
            raise Forbidden(f"the Reddit account {name} is suspended")
        return data

    @keeps_contract
    def resolve(self, query: str) -> Account:
        data = self._about(parse_name(query))
        name = str(data["name"])
        return Account(
            PLATFORM, str(data.get("id") or name), name, name, f"https://www.reddit.com/user/{name}"
        )

    def _listing(self, name: str, kind: str) -> list[dict[str, Any]]:
        raw = self._get(f"/user/{name}/{kind}", sort="new", limit=100)
        children = (raw.get("data") or {}).get("children") if isinstance(raw, dict) else None
        if not isinstance(children, list):
            raise Unavailable("Reddit sent an unexpected answer")
        return [c.get("data") or {} for c in children]

    @keeps_contract
    def proof_text(self, account: Account) -> str:
        """What the owner can write on the profile: its description."""
        subreddit = self._about(account.handle).get("subreddit") or {}
        return str(subreddit.get("public_description") or "")

    @keeps_contract
    def fetch(self, account: Account, state: FetchState, now: datetime) -> ChannelData:
        about = self._about(account.handle)
        posts = [parse_submission(d) for d in self._listing(account.handle, "submitted")]
        comments = self._listing(account.handle, "comments")
        posts += [parse_comment(d) for d in comments]
        recent = [p for p in posts if within_window(p.created_at, now, self.config.window)]
        new_state = dict(state)
        own = [p for p in recent if p.kind is PostKind.OWN and p.replies > 0]
        people, read = read_people(
            posts_to_read(own, new_state, now),
            new_state,
            lambda post: self._commenters(account.handle, post),
        )
        gave = self._answered(account.handle, comments, new_state, now)
        subreddit = about.get("subreddit") or {}
        profile = Profile(
            followers=int(subreddit.get("subscribers") or 0),
            display_name=account.handle,
            url=account.url,
            extra={
                "karma": int(
                    about.get("total_karma")
                    or about.get("link_karma", 0) + about.get("comment_karma", 0)
                )
            },
        )
        return ChannelData(
            profile=profile,
            posts=tuple(recent[: self.config.max_posts]),
            fetch_state=new_state,
            engagements=(*gave, *people),
            people_read=tuple(read),
        )

    def _commenters(self, owner: str, submission: Post) -> list[Engagement]:
        """Who commented anywhere in the submission's thread: one request."""
        article = submission.post_id.removeprefix("t3_")
        raw = self._get(f"/comments/{article}", limit=THREAD_LIMIT, depth=THREAD_DEPTH, sort="new")
        if not isinstance(raw, list):
            raise Unavailable("Reddit sent an unexpected answer")
        return engagements_of(submission, EngagementKind.REPLY, thread_authors(raw), owner)

    def _answered(
        self, owner: str, comments: list[dict[str, Any]], state: dict[str, str], now: datetime
    ) -> list[Engagement]:
        """Whom the user's comments of the last month answered, each comment resolved once: a
        submission's author comes with the comment; parent comments' authors in one request."""
        since = now - timedelta(days=PEOPLE_DAYS)
        before = answers_resolved(state)
        known = set(before)
        fresh = [
            c for c in comments
            if isinstance(c.get("name"), str) and c["name"] not in known
            and isinstance(c.get("parent_id"), str) and _when(c["created_utc"]) >= since
        ][:INFO_PAGE]  # fmt: skip
        parents = sorted({c["parent_id"] for c in fresh if c["parent_id"].startswith("t1_")})
        authors: dict[str, Any] = {}
        if parents:
            try:
                raw = self._get("/api/info", id=",".join(parents))
            except SourceError:
                raw = None
            listing = raw.get("data") if isinstance(raw, dict) else None
            children = listing.get("children") if isinstance(listing, dict) else None
            if not isinstance(children, list):  # asked again at the next refresh
                fresh = [c for c in fresh if c["parent_id"].startswith("t3_")]
            for child in children or ():
                data = child.get("data") if isinstance(child, dict) else None
                if isinstance(data, dict):
                    authors[str(data.get("name"))] = data.get("author")
        found: list[Engagement] = []
        for comment in fresh:
            parent = comment["parent_id"]
            author = comment.get("link_author") if parent.startswith("t3_") else authors.get(parent)
            named = _named(author)
            if named and named[0] != owner:
                found.append(
                    Engagement(comment["name"], named[0], EngagementKind.ANSWERED, named[1],
                               _when(comment["created_utc"]))
                )  # fmt: skip
        remember_answers(state, before, [c["name"] for c in fresh])
        return found


def _build(config: SourceConfig, clients: Clients) -> AnySource:
    client_id, secret = config.key("REDDIT_CLIENT_ID"), config.key("REDDIT_CLIENT_SECRET")
    if not (client_id and secret):
        return UnconfiguredSource(PLATFORM, "REDDIT_CLIENT_ID and REDDIT_CLIENT_SECRET")
    # Reddit wants "<platform>:<app id>:<version> (by /u/<name>)" and throttles anything else.
    agent = f"server:resonance:{config.version} (self-hosted Resonance bot)"
    http = clients.http(user_supplied=False, headers={"User-Agent": agent})
    return RedditSource(http, config, client_id, secret)


SPEC = Platform(
    name=PLATFORM,
    display="Reddit",
    nouns=Nouns(
        likes=UPVOTES, reshares=P_("{count} crosspost", "{count} crossposts"), replies=COMMENTS
    ),
    examples="spez, https://www.reddit.com/user/spez",
    proof_help=N_("On Reddit: in your profile's description."),
    build=_build,
    endpoints=(
        Endpoint(PLATFORM, "RESONANCE_REDDIT_API", DEFAULT_API),
        Endpoint(AUTH, "RESONANCE_REDDIT_AUTH_API", DEFAULT_AUTH_API),
    ),
    keys=("REDDIT_CLIENT_ID", "REDDIT_CLIENT_SECRET"),
    budgets=(Budget(100, 60),),  # per OAuth client
    # the user, submissions and comments; the commenters of a submission whose comments grew
    # and the parents of new comments: one request each, only then (about 0.5)
    cost_per_read=3.5,
    people_per_read=0.5,
    lists_people=True,
    profile_url=profile_url,
    hosts=("reddit.com",),
)

"""Threads, through Meta's Threads API with the user's own token (scopes ``threads_basic``
and ``threads_manage_insights``), handled like Facebook and Instagram tokens: the message
holding it is deleted on receipt, it is stored sealed, never echoed or logged, and ``/link``
renews it.

Handles: ``@name``, ``name`` or ``https://www.threads.net/@name`` (threads.com too), the
account the token belongs to. Followers come from the user insights (``followers_count``);
posts from ``/{user}/threads`` (cursor pages), each with its likes, replies, reposts and
quotes from its own insights (``views`` are impressions, not kept). A repost
(``REPOST_FACADE``) is giving and has no insights; a quote post is both. With
``threads_read_replies`` the owner's replies are read too: giving, or, under their own post,
a thread continued.

People (formula 3.x, with ``threads_read_replies``): who replied anywhere in the conversations
of the owner's recent posts whose replies grew (one request a post; likes are anonymous), whom
the owner answered there, and whose post each of the owner's other replies of the last month
answered (one request per new reply, each looked up once).

A long-lived token lives 60 days. Once it is a week old (and at least a day), a read
refreshes it (``/refresh_access_token``, ``th_refresh_token``, the token as the documented
``access_token`` query parameter) and hands the new one back
with the data, so a linked channel keeps working without its owner. An expired or revoked
token answers Graph's code 190: "the access token stopped working".
"""

from __future__ import annotations

import dataclasses
import re
from datetime import datetime, timedelta
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
from scoring.sources.base import FetchState, Secret, SourceConfig
from scoring.sources.errors import InvalidHandle, NotFound, SourceError, TokenRejected
from scoring.sources.graph import COMMENTS_PAGE, GraphClient, GraphSource
from scoring.sources.people import (
    PEOPLE_DAYS,
    answers_resolved,
    engagements_of,
    posts_to_read,
    read_people,
    remember_answers,
)
from scoring.sources.registry import N_, REPOSTS, Clients, Endpoint, Nouns, Platform
from scoring.sources.text import excerpt, hashtags_in, parse_time

PLATFORM = "threads"
DEFAULT_API = "https://graph.threads.net/v1.0"
DEFAULT_AUTH_API = "https://graph.threads.net"
ENDPOINT = Endpoint(PLATFORM, "RESONANCE_THREADS_API", DEFAULT_API)
AUTH_ENDPOINT = Endpoint("threads_auth", "RESONANCE_THREADS_AUTH_API", DEFAULT_AUTH_API)
#: Threads' authorization page, for "Connect Threads" (scoring/sources/threads_login.py).
DIALOG = Endpoint(
    "threads_dialog", "RESONANCE_THREADS_DIALOG", "https://threads.net/oauth/authorize"
)
POST_FIELDS = "id,text,timestamp,permalink,media_type,is_quote_post"
REPLY_FIELDS = "id,text,timestamp,permalink,media_type,root_post,replied_to"
CONVERSATION_FIELDS = "id,username,timestamp,replied_to"
ANSWERED_PER_READ = 10  # the owner's new replies whose parent is looked up in one read
METRICS = ("likes", "replies", "reposts", "quotes")
MAX_INSIGHTS = 30  # the newest posts whose counts are asked for, one call each
REFRESH_AFTER = timedelta(days=7)
_NAME = re.compile(r"^[A-Za-z0-9._]{1,30}$")
#: Threads user tokens: "TH" and a long run of token characters.
TOKEN_SHAPES = (r"TH[A-Za-z0-9_-]{40,}",)


def parse_name(query: str) -> str:
    text = query.strip()
    if text.startswith(("http://", "https://")):
        parts = urlsplit(text)
        host = (parts.hostname or "").lower().removeprefix("www.")
        if host not in ("threads.net", "threads.com"):
            raise InvalidHandle("a Threads profile URL looks like https://www.threads.net/@name")
        text = parts.path.strip("/").split("/")[0]
    text = text.removeprefix("@").lower()
    if not _NAME.match(text):
        raise InvalidHandle("a Threads name is letters, digits, . and _")
    return text


def profile_url(handle: str) -> str | None:
    """A Threads profile, for a well-formed user name only."""
    name = handle.removeprefix("@")
    return f"https://www.threads.net/@{name}" if _NAME.match(name) else None


def _named(username: Any) -> tuple[str, str] | None:
    """(id, handle) of a Threads user: the user name is both (the API names repliers by it)."""
    if isinstance(username, str) and _NAME.match(username):
        return username.lower(), username.lower()
    return None


def _parent(item: dict[str, Any]) -> str | None:
    replied = item.get("replied_to")
    return str(replied["id"]) if isinstance(replied, dict) and replied.get("id") else None


def parse_thread(item: dict[str, Any]) -> Post:
    text = str(item.get("text") or "")
    if item.get("media_type") == "REPOST_FACADE":
        kind = PostKind.RESHARE
    elif item.get("is_quote_post"):
        kind = PostKind.QUOTE
    else:
        kind = PostKind.OWN
    return Post(
        post_id=str(item["id"]),
        created_at=parse_time(str(item["timestamp"])),
        kind=kind,
        url=str(item.get("permalink") or ""),
        excerpt=excerpt(text),
        hashtags=hashtags_in(text)[:20],
        has_media=item.get("media_type") in ("IMAGE", "VIDEO", "CAROUSEL_ALBUM", "AUDIO"),
    )


def insight_values(payload: dict[str, Any]) -> dict[str, int]:
    """``{"likes": 187, …}`` from an insights answer (``values[0].value`` or ``total_value``)."""
    found: dict[str, int] = {}
    for entry in payload.get("data") or []:
        if not isinstance(entry, dict):
            continue
        total = entry.get("total_value")
        values = entry.get("values")
        if isinstance(total, dict):
            raw = total.get("value")
        elif isinstance(values, list) and values and isinstance(values[0], dict):
            raw = values[0].get("value")
        else:
            raw = None
        if isinstance(raw, int | float):
            found[str(entry.get("name"))] = int(raw)
    return found


class ThreadsAccounts(GraphSource):
    """Reads the token owner's Threads profile, posts and their insights."""

    platform = PLATFORM

    def __init__(self, graph: GraphClient, auth: GraphClient, config: SourceConfig) -> None:
        super().__init__(graph, config)
        self.auth = auth

    def resolve_with(self, token: Secret, query: str) -> Account:
        wanted = parse_name(query)
        me = self.graph.get(token, "me", fields="id,username,name")
        username = str(me.get("username") or "").lower()
        if username != wanted:
            raise NotFound(f"the token belongs to @{username}, not @{wanted}")
        return Account(
            PLATFORM,
            str(me["id"]),
            f"@{username}",
            str(me.get("name") or username),
            f"https://www.threads.net/@{username}",
        )

    def owned_with(self, token: Secret, account: Account) -> bool:
        """A Threads token is its holder's own: it proves the account it belongs to."""
        return str(self.graph.get(token, "me", fields="id").get("id")) == account.account_id

    def fetch_with(
        self, token: Secret, account: Account, state: FetchState, now: datetime
    ) -> ChannelData:
        renewed, fetch_state = self._refresh_token(token, state, now)
        token = Secret(renewed) if renewed else token
        insights = self.graph.get(
            token, f"{account.account_id}/threads_insights", metric="followers_count"
        )
        followers = insight_values(insights).get("followers_count", 0)
        posts = self.recent(
            token, f"{account.account_id}/threads", parse_thread, now, fields=POST_FIELDS
        )
        counted = []
        for index, post in enumerate(posts):
            if post.kind is PostKind.RESHARE or index >= MAX_INSIGHTS:
                counted.append(post)
                continue
            numbers = insight_values(
                self.graph.get(token, f"{post.post_id}/insights", metric=",".join(METRICS))
            )
            counted.append(
                Post(
                    post.post_id,
                    post.created_at,
                    post.kind,
                    likes=numbers.get("likes", 0),
                    reshares=numbers.get("reposts", 0),
                    replies=numbers.get("replies", 0),
                    quotes=numbers.get("quotes", 0),
                    url=post.url,
                    excerpt=post.excerpt,
                    hashtags=post.hashtags,
                    has_media=post.has_media,
                )
            )
        parents: dict[str, str] = {}
        counted += self._replies(token, account, now, {p.post_id for p in posts}, parents)
        owner = account.handle.removeprefix("@").lower()
        people, read = read_people(
            posts_to_read([p for p in counted if p.replies > 0], fetch_state, now),
            fetch_state,
            lambda post: self._conversation(token, owner, post),
        )
        giving = [p for p in counted if p.kind is PostKind.REPLY and p.post_id in parents]
        gave = self._answered(token, owner, giving, parents, fetch_state, now)
        profile = Profile(followers=followers, display_name=account.display_name, url=account.url)
        return ChannelData(
            profile,
            tuple(counted),
            fetch_state,
            renewed_token=renewed,
            engagements=(*gave, *people),
            people_read=tuple(read),
        )

    def _conversation(self, token: Secret, owner: str, post: Post) -> list[Engagement]:
        """Who replied anywhere under ``post``, and whom the owner answered there: one page of
        its conversation. Without ``threads_read_replies`` nobody is named."""
        try:
            page = self.graph.get(
                token, f"{post.post_id}/conversation", fields=CONVERSATION_FIELDS,
                limit=COMMENTS_PAGE,
            )  # fmt: skip
        except TokenRejected:
            return []
        items = [i for i in page.get("data") or [] if isinstance(i, dict)]
        found = engagements_of(
            post, EngagementKind.REPLY, (_named(i.get("username")) for i in items), owner
        )
        authors = {str(i.get("id")): _named(i.get("username")) for i in items}
        for item in items:
            if (_named(item.get("username")) or ("",))[0] != owner:
                continue
            person = authors.get(_parent(item) or "")
            if person and person[0] != owner and isinstance(item.get("timestamp"), str):
                found.append(
                    Engagement(str(item["id"]), person[0], EngagementKind.ANSWERED, person[1],
                               parse_time(item["timestamp"]))
                )  # fmt: skip
        return found

    def _answered(
        self,
        token: Secret,
        owner: str,
        giving: list[Post],
        parents: dict[str, str],
        state: dict[str, str],
        now: datetime,
    ) -> list[Engagement]:
        """Whose post each of the owner's replies to others of the last month answered: the
        parent's author, looked up once per reply (at most ANSWERED_PER_READ a read)."""
        since = now - timedelta(days=PEOPLE_DAYS)
        before = answers_resolved(state)
        known = set(before)
        fresh = [p for p in giving if p.post_id not in known and p.created_at >= since]
        found: list[Engagement] = []
        resolved: list[str] = []
        for reply in fresh[:ANSWERED_PER_READ]:
            try:
                parent = self.graph.get(token, parents[reply.post_id], fields="id,username")
            except SourceError:
                break  # asked again at the next refresh
            person = _named(parent.get("username"))
            if person and person[0] != owner:
                found.append(Engagement(reply.post_id, person[0], EngagementKind.ANSWERED,
                                        person[1], reply.created_at))  # fmt: skip
            resolved.append(reply.post_id)
        remember_answers(state, before, resolved)
        return found

    def _replies(
        self,
        token: Secret,
        account: Account,
        now: datetime,
        own: set[str],
        parents: dict[str, str],
    ) -> list[Post]:
        """The owner's replies (``threads_read_replies``): to others, giving; under their own
        post, a thread continued. A token without that permission reads none. ``parents``
        receives each reply's parent id."""
        roots: dict[str, str] = {}

        def parse_reply(item: dict[str, Any]) -> Post:
            root = item.get("root_post")
            if isinstance(root, dict) and root.get("id"):
                roots[str(item["id"])] = str(root["id"])
            parent = _parent(item)
            if parent:
                parents[str(item["id"])] = parent
            return parse_thread(item)

        edge = f"{account.account_id}/replies"
        try:
            replies = self.recent(token, edge, parse_reply, now, fields=REPLY_FIELDS)
        except TokenRejected:
            return []  # the permission was not granted: the posts alone count
        return [
            dataclasses.replace(reply, kind=PostKind.OWN, in_thread=True)
            if roots.get(reply.post_id) in own
            else dataclasses.replace(reply, kind=PostKind.REPLY)
            for reply in replies
        ]

    def _refresh_token(
        self, token: Secret, state: FetchState, now: datetime
    ) -> tuple[str | None, dict[str, str]]:
        """A new long-lived token once the stored one is a week old (the first read only
        notes when it started counting); a failed refresh leaves the old token in use."""
        fetch_state = dict(state)
        since = state.get("token_since")
        if since is None:
            fetch_state["token_since"] = now.isoformat()
            return None, fetch_state
        if now - datetime.fromisoformat(since) < REFRESH_AFTER:
            return None, fetch_state
        try:
            answer = self.auth.exchange(
                token, "refresh_access_token", grant_type="th_refresh_token"
            )
        except SourceError:
            return None, fetch_state  # the read itself says whether the token still works
        fresh = answer.get("access_token")
        if not isinstance(fresh, str) or not fresh:
            return None, fetch_state
        fetch_state["token_since"] = now.isoformat()
        return fresh, fetch_state


def _build(config: SourceConfig, clients: Clients) -> ThreadsAccounts:
    http = clients.http(user_supplied=False)
    graph = GraphClient(http, config.api_url(ENDPOINT.key, ENDPOINT.default))
    auth = GraphClient(http, config.api_url(AUTH_ENDPOINT.key, AUTH_ENDPOINT.default))
    return ThreadsAccounts(graph, auth, config)


SPEC = Platform(
    name=PLATFORM,
    display="Threads",
    nouns=Nouns(reshares=REPOSTS),
    examples="@name, https://www.threads.net/@name",
    build=_build,
    endpoints=(ENDPOINT, AUTH_ENDPOINT, DIALOG),
    keys=("THREADS_APP_ID", "THREADS_APP_SECRET"),  # "Connect Threads" (threads_login.py)
    token_shapes=TOKEN_SHAPES,
    token_help=N_(
        "A Threads user access token (long-lived) with the threads_basic and "
        "threads_manage_insights permissions, from your Threads app in Meta's developer "
        "dashboard. I refresh it before it expires."
    ),
    hosts=("threads.net", "threads.com"),
    lists_people=True,
    profile_url=profile_url,
)

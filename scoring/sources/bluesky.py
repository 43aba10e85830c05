"""Bluesky, through the public AppView: profile and author feed, no credentials.

Handles: ``alice.bsky.social``, ``@alice.bsky.social``, ``did:plc:…``, or
``https://bsky.app/profile/alice.bsky.social``.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import datetime
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
from scoring.sources.base import FetchState, SourceConfig, within_window
from scoring.sources.errors import InvalidHandle, NotFound, Unavailable, keeps_contract
from scoring.sources.http import HttpClient
from scoring.sources.people import (
    clicks_outrun_replies,
    engagements_of,
    is_empty_account,
    posts_to_read,
    read_people,
)
from scoring.sources.registry import N_, REPOSTS, Endpoint, Nouns, Platform
from scoring.sources.self_replies import without_self_replies
from scoring.sources.text import excerpt, has_url, hashtags_in, parse_time

PLATFORM = "bluesky"
DEFAULT_API = "https://public.api.bsky.app"
WEB = "https://bsky.app"
PAGE_SIZE = 100
LIKERS_PAGE = 100  # getLikes' largest page: the people of a post are read in one request
PROFILES_PAGE = 25  # getProfiles' most actors a request: the likers' counts (formula 3.4)
REPOST = "app.bsky.feed.defs#reasonRepost"
PIN = "app.bsky.feed.defs#reasonPin"
_QUOTE_EMBEDS = ("app.bsky.embed.record", "app.bsky.embed.recordWithMedia")
_MEDIA_EMBEDS = ("app.bsky.embed.images", "app.bsky.embed.video", "app.bsky.embed.recordWithMedia")
#: The domain of a handle typed without one ("alice": alice.bsky.social, as Bluesky shows it).
DEFAULT_DOMAIN = "bsky.social"
_HANDLE = re.compile(r"^(?=.{3,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]*$")
_DID = re.compile(r"^did:(plc|web):[A-Za-z0-9._:%-]{1,2048}$")
_AT_URI_DID = re.compile(r"^at://(did:[^/]+)/")


def parse_actor(query: str) -> str:
    """A handle or DID from what the user typed; InvalidHandle otherwise."""
    text = query.strip()
    if text.startswith(("http://", "https://")):
        parts = urlsplit(text)
        segments = [s for s in parts.path.split("/") if s]
        if len(segments) < 2 or segments[0] != "profile":
            raise InvalidHandle(
                "a Bluesky URL looks like https://bsky.app/profile/alice.bsky.social"
            )
        text = segments[1]
    text = text.removeprefix("@")
    if _DID.match(text):
        return text
    if "." not in text and _HANDLE.match(f"{text.lower()}.{DEFAULT_DOMAIN}"):
        return f"{text.lower()}.{DEFAULT_DOMAIN}"  # "alice": most handles are on bsky.social
    if _HANDLE.match(text.lower()):
        return text.lower()
    raise InvalidHandle("a Bluesky handle looks like alice.bsky.social")


def _own_handle(text: str) -> bool:
    """``alice.bsky.social`` (or ``@alice.bsky.social``): a handle on Bluesky's own domain (a
    custom domain, ``alice.dev``, could as well be a blog's address: /link asks)."""
    handle = text.removeprefix("@").lower()
    return handle.endswith("." + DEFAULT_DOMAIN) and _HANDLE.match(handle) is not None


def profile_url(handle: str) -> str | None:
    """The web profile of a person named by handle or DID; None for anything else."""
    text = handle.strip().removeprefix("@")
    if _DID.match(text) or _HANDLE.match(text.lower()):
        return f"{WEB}/profile/{text.lower() if _HANDLE.match(text.lower()) else text}"
    return None


def parse_profile(raw: dict[str, Any]) -> Profile:
    handle = str(raw.get("handle") or "")
    return Profile(
        followers=int(raw.get("followersCount") or 0),
        following=int(raw.get("followsCount") or 0),
        posts_count=int(raw.get("postsCount") or 0),
        display_name=str(raw.get("displayName") or handle),
        url=f"{WEB}/profile/{handle}" if handle else "",
    )


def _author_of(uri: str) -> str | None:
    match = _AT_URI_DID.match(uri)
    return match.group(1) if match else None


def _web_url(post: dict[str, Any]) -> str:
    uri = str(post.get("uri", ""))
    handle = (post.get("author") or {}).get("handle") or _author_of(uri) or ""
    rkey = uri.rsplit("/", 1)[-1]
    return f"{WEB}/profile/{handle}/post/{rkey}" if uri.startswith("at://") else ""


def classify(item: dict[str, Any], own_did: str) -> PostKind | None:
    """The kind of a feed item for ``own_did``; None for pins and reposts of one's own posts."""
    post = item.get("post") or {}
    reason = (item.get("reason") or {}).get("$type")
    if reason == PIN:
        return None
    if reason == REPOST:
        author = (post.get("author") or {}).get("did")
        return None if author == own_did else PostKind.RESHARE
    record = post.get("record") or {}
    reply = record.get("reply")
    if reply:
        parent_author = ((item.get("reply") or {}).get("parent") or {}).get("author", {}).get("did")
        parent_author = parent_author or _author_of(str((reply.get("parent") or {}).get("uri", "")))
        if parent_author != own_did:
            return PostKind.REPLY
    embed = record.get("embed") or {}
    if embed.get("$type") in _QUOTE_EMBEDS:
        quoted = embed.get("record") or {}
        quoted_uri = str((quoted.get("record") or quoted).get("uri", ""))
        if _author_of(quoted_uri) != own_did:
            return PostKind.QUOTE
    return PostKind.OWN


def parse_item(item: dict[str, Any], own_did: str) -> Post | None:
    kind = classify(item, own_did)
    if kind is None:
        return None
    post = item["post"]
    record = post.get("record") or {}
    text = str(record.get("text") or "")
    if kind is PostKind.RESHARE:
        reason = item["reason"]
        created = parse_time(str(reason.get("indexedAt") or post.get("indexedAt")))
        return Post(
            post_id=f"repost:{post['uri']}",
            created_at=created,
            kind=kind,
            url=_web_url(post),
            excerpt=excerpt(text),
        )
    facets = record.get("facets") or []
    features = [f for facet in facets for f in facet.get("features") or []]
    tags = [
        str(f.get("tag", "")).lower() for f in features if str(f.get("$type", "")).endswith("#tag")
    ]
    embed_type = str((record.get("embed") or {}).get("$type", ""))
    return Post(
        post_id=str(post["uri"]),
        created_at=parse_time(str(record.get("createdAt") or post.get("indexedAt"))),
        kind=kind,
        likes=int(post.get("likeCount") or 0),
        reshares=int(post.get("repostCount") or 0),
        replies=int(post.get("replyCount") or 0),
        quotes=int(post.get("quoteCount") or 0),
        url=_web_url(post),
        excerpt=excerpt(text),
        hashtags=tuple(dict.fromkeys([*tags, *hashtags_in(text)])),
        has_media=embed_type in _MEDIA_EMBEDS,
        has_link=embed_type == "app.bsky.embed.external"
        or any(str(f.get("$type", "")).endswith("#link") for f in features)
        or has_url(text),
        in_thread=kind is PostKind.OWN and bool(record.get("reply")),
    )


def _own_parent(item: dict[str, Any], own_did: str) -> str | None:
    """The URI of the author's own post that this feed item replies to, if it does."""
    if item.get("reason"):
        return None  # a repost, not a reply of the author's
    post = item.get("post") or {}
    author = (post.get("author") or {}).get("did")
    parent = ((post.get("record") or {}).get("reply") or {}).get("parent") or {}
    uri = str(parent.get("uri") or "")
    if author == own_did and uri.startswith(f"at://{own_did}/"):
        return uri
    return None


def _person(author: Any) -> tuple[str, str] | None:
    """(DID, handle) of an embedded author or actor; None if malformed."""
    if not isinstance(author, dict) or not _DID.match(str(author.get("did") or "")):
        return None
    return str(author["did"]), str(author.get("handle") or author["did"])


def answered(item: dict[str, Any], own_did: str) -> Engagement | None:
    """The person the owner's reply in this feed item answered, if it is one."""
    if item.get("reason") or classify(item, own_did) is not PostKind.REPLY:
        return None
    post = item["post"]
    parent_view = (item.get("reply") or {}).get("parent") or {}
    named = _person(parent_view.get("author"))
    if named is None:
        reply = (post.get("record") or {}).get("reply") or {}
        parent_uri = str((reply.get("parent") or {}).get("uri") or "")
        did = _author_of(parent_uri)
        named = (did, "") if did else None
    if named is None or named[0] == own_did:
        return None
    created = parse_time(str((post.get("record") or {}).get("createdAt") or post.get("indexedAt")))
    return Engagement(str(post["uri"]), named[0], EngagementKind.ANSWERED, named[1], created)


class BlueskySource:
    """Reads a Bluesky account from the public AppView."""

    platform = PLATFORM

    def __init__(self, client: HttpClient, config: SourceConfig) -> None:
        self.client = client
        self.config = config
        self.base = config.api_url(PLATFORM, DEFAULT_API)

    def _profile(self, actor: str) -> dict[str, Any]:
        response = self.client.get(
            f"{self.base}/xrpc/app.bsky.actor.getProfile", params={"actor": actor}, accept=(400,)
        )
        raw = response.json()
        if response.status == 400:
            message = str(raw.get("message", "")) if isinstance(raw, dict) else ""
            if "not found" in message.lower() or "resolve" in message.lower():
                raise NotFound(f"no Bluesky account {actor}")
            raise Unavailable(f"Bluesky refused the request: {message[:80]}")
        if not isinstance(raw, dict) or "did" not in raw:
            raise Unavailable("Bluesky sent an unexpected answer")
        return raw

    @keeps_contract
    def resolve(self, query: str) -> Account:
        raw = self._profile(parse_actor(query))
        profile = parse_profile(raw)
        return Account(
            platform=PLATFORM,
            account_id=str(raw["did"]),
            handle=str(raw.get("handle") or raw["did"]),
            display_name=profile.display_name,
            url=profile.url,
        )

    @keeps_contract
    def proof_text(self, account: Account) -> str:
        """What the owner can write on the profile: the description."""
        return str(self._profile(account.account_id).get("description") or "")

    @keeps_contract
    def fetch(self, account: Account, state: FetchState, now: datetime) -> ChannelData:
        did = account.account_id
        profile = parse_profile(self._profile(did))
        posts: list[Post] = []
        seen: set[str] = set()
        self_replies: Counter[str] = Counter()
        cursor: str | None = None
        given: list[Engagement] = []
        while True:
            params: dict[str, str | int] = {
                "actor": did,
                "limit": PAGE_SIZE,
                "filter": "posts_with_replies",
                "includePins": "false",
            }
            if cursor:
                params["cursor"] = cursor
            page = self.client.get(f"{self.base}/xrpc/app.bsky.feed.getAuthorFeed", params=params)
            raw = page.json()
            feed = raw.get("feed") if isinstance(raw, dict) else None
            if not isinstance(feed, list):
                raise Unavailable("Bluesky sent an unexpected answer")
            older = False
            for item in feed:
                gave = answered(item, did) if isinstance(item, dict) else None
                if gave is not None:
                    given.append(gave)
                parent = _own_parent(item, did)
                if parent:
                    self_replies[parent] += 1
                post = parse_item(item, did)
                if post is None or post.post_id in seen:
                    continue
                seen.add(post.post_id)
                if not within_window(post.created_at, now, self.config.window):
                    older = True
                    continue
                posts.append(post)
            previous, cursor = cursor, raw.get("cursor")
            stuck = cursor == previous  # a server that repeats its cursor would loop forever
            if older or stuck or not feed or not cursor or len(posts) >= self.config.max_posts:
                break
        kept = without_self_replies(posts[: self.config.max_posts], self_replies)
        new_state = dict(state)
        people, read = read_people(
            posts_to_read(kept, new_state, now), new_state, lambda post: self._people(did, post)
        )
        return ChannelData(
            profile=profile,
            posts=tuple(kept),
            fetch_state=new_state,
            engagements=(*given, *people),
            people_read=tuple(read),
        )

    def _people(self, own_did: str, post: Post) -> list[Engagement]:
        """Who replied to ``post`` (its direct replies), who liked it (the first page) and,
        where its likes and reshares outrun its replies, who reposted it (the first page) and
        which of those accounts are empty (formula 3.4)."""
        found: list[Engagement] = []
        if post.replies > 0:
            raw = self.client.get(
                f"{self.base}/xrpc/app.bsky.feed.getPostThread",
                params={"uri": post.post_id, "depth": 1, "parentHeight": 0},
            ).json()
            thread = raw.get("thread") if isinstance(raw, dict) else None
            replies = thread.get("replies") if isinstance(thread, dict) else None
            views = (
                r.get("post")
                for r in (replies if isinstance(replies, list) else [])
                if isinstance(r, dict)
            )
            found += engagements_of(
                post,
                EngagementKind.REPLY,
                (_person(v.get("author")) for v in views if isinstance(v, dict)),
                own_did,
            )
        likers = self._listed(post, "getLikes", "likes") if post.likes > 0 else []
        if not clicks_outrun_replies(post):
            return found + engagements_of(post, EngagementKind.LIKE, likers, own_did)
        resharers = self._listed(post, "getRepostedBy", "repostedBy") if post.reshares > 0 else []
        empty = self._empty([*likers, *resharers], own_did)
        found += engagements_of(post, EngagementKind.LIKE, likers, own_did, empty)
        return found + engagements_of(post, EngagementKind.RESHARE, resharers, own_did, empty)

    def _listed(self, post: Post, method: str, key: str) -> list[tuple[str, str]]:
        """The accounts that liked (``getLikes``: each like wraps its ``actor``) or reposted
        (``getRepostedBy``: the profiles themselves) ``post``: the newest page."""
        raw = self.client.get(
            f"{self.base}/xrpc/app.bsky.feed.{method}",
            params={"uri": post.post_id, "limit": LIKERS_PAGE},
        ).json()
        items = raw.get(key) if isinstance(raw, dict) else None
        return [
            person
            for item in (items if isinstance(items, list) else [])
            if isinstance(item, dict) and (person := _person(item.get("actor", item)))
        ]

    def _empty(self, people: list[tuple[str, str]], own_did: str) -> set[str]:
        """Formula 3.4: which of ``people`` are empty accounts (never posted, nobody follows
        them). A like or repost lists only the account's profile; its counts take
        getProfiles, 25 a request (at most eight for a page of likers and one of resharers,
        each account asked once). An actor the answer leaves out (gone, taken down), or a
        batch refused outright (400), is not counted as empty; a server error fails the read,
        which the next refresh tries again."""
        dids = list(dict.fromkeys(did for did, _ in people if did != own_did))
        empty: set[str] = set()
        for start in range(0, len(dids), PROFILES_PAGE):
            answer = self.client.get(
                f"{self.base}/xrpc/app.bsky.actor.getProfiles",
                params={"actors": dids[start : start + PROFILES_PAGE]},
                accept=(400,),  # refused for good (an actor it will never take): no evidence
            )
            raw = answer.json() if answer.status == 200 else None
            profiles = raw.get("profiles") if isinstance(raw, dict) else None
            empty |= {
                str(profile.get("did"))
                for profile in (profiles if isinstance(profiles, list) else [])
                if isinstance(profile, dict)
                and is_empty_account(profile.get("postsCount"), profile.get("followersCount"))
            }
        return empty


SPEC = Platform(
    name=PLATFORM,
    display="Bluesky",
    nouns=Nouns(reshares=REPOSTS),
    examples="alice.bsky.social, https://bsky.app/profile/alice.bsky.social",
    proof_help=N_("On Bluesky: in your profile description."),
    build=lambda config, clients: BlueskySource(clients.http(user_supplied=False), config),
    endpoints=(Endpoint(PLATFORM, "RESONANCE_BLUESKY_API", DEFAULT_API),),
    hosts=("bsky.app",),
    owns_handle=_own_handle,
    lists_people=True,
    profile_url=profile_url,
)

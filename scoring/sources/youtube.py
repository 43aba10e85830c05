"""YouTube, through the Data API v3 with the operator's API key (sent in a header, never a URL).

Handles: ``@handle``, ``https://www.youtube.com/@handle``, ``https://www.youtube.com/channel/UC…``
or a channel id. Uploads are the channel's posts: likes as likes, comments as replies. A fetch
costs 3 quota units (channel, uploads playlist, video statistics); quotaExceeded is a rate limit.

People (formula 3.x): who commented on the channel's recent uploads whose comments grew (one
unit a video: the newest 100 threads with their first replies; likes are anonymous). A video
with comments turned off names nobody and is not asked again until its counts grow.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
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
from scoring.sources.base import AnySource, FetchState, SourceConfig, within_window
from scoring.sources.errors import InvalidHandle, NotFound, RateLimited, Unavailable, keeps_contract
from scoring.sources.http import HttpClient, Response
from scoring.sources.people import engagements_of, posts_to_read, read_people
from scoring.sources.registry import COMMENTS, N_, Budget, Clients, Endpoint, Nouns, Platform
from scoring.sources.text import excerpt, parse_time
from scoring.sources.unconfigured import UnconfiguredSource

PLATFORM = "youtube"
DEFAULT_API = "https://www.googleapis.com/youtube/v3"
MAX_VIDEOS = 50
_HANDLE = re.compile(r"^@[A-Za-z0-9._-]{3,30}$")
_CHANNEL_ID = re.compile(r"^UC[A-Za-z0-9_-]{22}$")
THREADS_PAGE = 100  # commentThreads' largest page: a video's newest threads in one unit
_QUOTA = {"quotaExceeded", "dailyLimitExceeded", "rateLimitExceeded"}


def profile_url(handle: str) -> str | None:
    """A YouTube channel's page, for a well-formed @handle only."""
    return f"https://www.youtube.com/{handle}" if _HANDLE.match(handle) else None


def thread_authors(raw: dict[str, Any]) -> Iterator[tuple[str, str] | None]:
    """(channel id, display name) of every comment in a commentThreads page: each thread's
    top comment and the replies that came with it; None for one without a channel."""
    for item in raw.get("items") or []:
        if not isinstance(item, dict):
            continue
        top = ((item.get("snippet") or {}).get("topLevelComment")) or {}
        replies = (item.get("replies") or {}).get("comments") or []
        for comment in [top, *replies]:
            snippet = comment.get("snippet") if isinstance(comment, dict) else None
            author = (snippet or {}).get("authorChannelId") or {}
            channel = author.get("value") if isinstance(author, dict) else None
            if isinstance(channel, str) and _CHANNEL_ID.match(channel):
                yield channel, str((snippet or {}).get("authorDisplayName") or channel)
            else:
                yield None


def parse_channel_ref(query: str) -> tuple[str, str]:
    """("forHandle", "@x") or ("id", "UC…") from what the user typed."""
    text = query.strip()
    if text.startswith(("http://", "https://")):
        parts = urlsplit(text)
        if not (parts.hostname or "").endswith("youtube.com"):
            raise InvalidHandle("a YouTube URL looks like https://www.youtube.com/@handle")
        segments = [s for s in parts.path.split("/") if s]
        if len(segments) >= 2 and segments[0] == "channel":
            text = segments[1]
        elif segments and segments[0].startswith("@"):
            text = segments[0]
        else:
            raise InvalidHandle("a YouTube URL looks like https://www.youtube.com/@handle")
    if _CHANNEL_ID.match(text):
        return "id", text
    handle = text if text.startswith("@") else f"@{text}"
    if _HANDLE.match(handle):
        return "forHandle", handle
    raise InvalidHandle("a YouTube channel is an @handle, a channel URL or an id starting with UC")


def parse_video(item: dict[str, Any]) -> Post:
    stats = item.get("statistics") or {}
    snippet = item.get("snippet") or {}
    return Post(
        post_id=str(item["id"]),
        created_at=parse_time(str(snippet["publishedAt"])),
        kind=PostKind.OWN,
        likes=int(stats.get("likeCount") or 0),
        replies=int(stats.get("commentCount") or 0),
        url=f"https://www.youtube.com/watch?v={item['id']}",
        excerpt=excerpt(str(snippet.get("title") or "")),
        hashtags=tuple(str(tag).lower() for tag in snippet.get("tags") or [])[:20],
        has_media=True,
    )


class YouTubeSource:
    """Reads a YouTube channel's subscribers and the statistics of its recent uploads."""

    platform = PLATFORM

    def __init__(self, client: HttpClient, config: SourceConfig, api_key: str) -> None:
        self.client = client
        self.config = config
        self.base = config.api_url(PLATFORM, DEFAULT_API)
        self.headers = {"X-Goog-Api-Key": api_key}

    def _get(self, path: str, **params: str | int) -> dict[str, Any]:
        response = self.client.get(
            f"{self.base}/{path}", params=params, headers=self.headers, accept=(403,)
        )
        raw = self._json(response)
        if response.status == 403:
            reasons = {e.get("reason") for e in (raw.get("error") or {}).get("errors") or []}
            if reasons & _QUOTA:
                raise RateLimited("the YouTube quota is used up for today", retry_after=3600.0)
            if "commentsDisabled" in reasons:
                return {"items": []}  # the video's comments are off: nobody to name
            raise Unavailable("YouTube refused the operator's API key")
        return raw

    @staticmethod
    def _json(response: Response) -> dict[str, Any]:
        raw = response.json()
        if not isinstance(raw, dict):
            raise Unavailable("YouTube sent an unexpected answer")
        return raw

    def _channel(self, key: str, value: str) -> dict[str, Any]:
        items = (
            self._get("channels", part="snippet,statistics,contentDetails", **{key: value}).get(
                "items"
            )
            or []
        )
        if not items:
            raise NotFound(f"no YouTube channel {value}")
        return dict(items[0])

    @keeps_contract
    def resolve(self, query: str) -> Account:
        channel = self._channel(*parse_channel_ref(query))
        snippet = channel.get("snippet") or {}
        handle = str(snippet.get("customUrl") or channel["id"])
        title = str(snippet.get("title") or handle)
        return Account(
            PLATFORM,
            str(channel["id"]),
            handle,
            title,
            f"https://www.youtube.com/channel/{channel['id']}",
        )

    @keeps_contract
    def proof_text(self, account: Account) -> str:
        """What the owner can write on the channel: its description."""
        snippet = self._channel("id", account.account_id).get("snippet") or {}
        return str(snippet.get("description") or "")

    @keeps_contract
    def fetch(self, account: Account, state: FetchState, now: datetime) -> ChannelData:
        channel = self._channel("id", account.account_id)
        stats = channel.get("statistics") or {}
        uploads = ((channel.get("contentDetails") or {}).get("relatedPlaylists") or {}).get(
            "uploads"
        )
        posts: list[Post] = []
        if uploads:
            items = self._get(
                "playlistItems", part="contentDetails", playlistId=uploads, maxResults=MAX_VIDEOS
            )
            ids = [
                str((i.get("contentDetails") or {}).get("videoId"))
                for i in items.get("items") or []
            ]
            ids = [i for i in ids if i and i != "None"]
            if ids:
                videos = (
                    self._get("videos", part="statistics,snippet", id=",".join(ids)).get("items")
                    or []
                )
                posts = [
                    p
                    for p in map(parse_video, videos)
                    if within_window(p.created_at, now, self.config.window)
                ]
        profile = Profile(
            followers=0
            if stats.get("hiddenSubscriberCount")
            else int(stats.get("subscriberCount") or 0),
            posts_count=int(stats.get("videoCount") or 0),
            display_name=account.display_name,
            url=account.url,
            extra={"views": int(stats.get("viewCount") or 0)},
        )
        new_state = dict(state)
        people, read = read_people(
            posts_to_read([p for p in posts if p.replies > 0], new_state, now),
            new_state,
            lambda video: self._commenters(account.account_id, video),
        )
        return ChannelData(
            profile=profile,
            posts=tuple(posts),
            fetch_state=new_state,
            engagements=tuple(people),
            people_read=tuple(read),
        )

    def _commenters(self, own: str, video: Post) -> list[Engagement]:
        """Who commented on the video: its newest threads and their first replies, one unit."""
        raw = self._get(
            "commentThreads",
            part="snippet,replies",
            videoId=video.post_id,
            maxResults=THREADS_PAGE,
            order="time",
            textFormat="plainText",
        )
        return engagements_of(video, EngagementKind.REPLY, thread_authors(raw), own)


def _build(config: SourceConfig, clients: Clients) -> AnySource:
    key = config.key("YOUTUBE_API_KEY")
    if not key:
        return UnconfiguredSource(PLATFORM, "YOUTUBE_API_KEY")
    return YouTubeSource(clients.http(user_supplied=False), config, key)


SPEC = Platform(
    name=PLATFORM,
    display="YouTube",
    nouns=Nouns(replies=COMMENTS),
    examples="@handle, https://www.youtube.com/@handle",
    proof_help=N_("On YouTube: in your channel's description."),
    build=_build,
    endpoints=(Endpoint(PLATFORM, "RESONANCE_YOUTUBE_API", DEFAULT_API),),
    keys=("YOUTUBE_API_KEY",),
    budgets=(Budget(10_000, 86_400),),  # units a day; channels, playlistItems, videos: 1 each
    # and commentThreads of a video whose comments grew: one unit, only then (about 0.3)
    cost_per_read=3.3,
    people_per_read=0.3,
    lists_people=True,
    profile_url=profile_url,
    hosts=("youtube.com", "youtu.be"),
    records_giving=False,
)

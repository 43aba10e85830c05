"""One module per platform: fetch (HTTP) -> parse (pure) -> normalized ChannelData.

``build_sources`` is the registry: a plain dict from platform name to a :class:`Source`,
each with its own session and the shared HTTP policy.
"""

from __future__ import annotations

from functools import partial
from urllib.parse import urlsplit

from scoring.sources import blog, hackernews, stackexchange
from scoring.sources.base import AnySource, Source, SourceConfig, TokenSource
from scoring.sources.blog import BlogSource
from scoring.sources.bluesky import BlueskySource
from scoring.sources.facebook import FacebookPages
from scoring.sources.github import GitHubSource
from scoring.sources.graph import DEFAULT_API as GRAPH_API
from scoring.sources.graph import GraphClient
from scoring.sources.hackernews import HackerNewsSource
from scoring.sources.http import HttpClient, make_session
from scoring.sources.instagram import InstagramAccounts
from scoring.sources.mastodon import MastodonSource
from scoring.sources.reddit import RedditSource
from scoring.sources.stackexchange import StackExchangeSource
from scoring.sources.unconfigured import UnconfiguredSource
from scoring.sources.url_guard import check_url
from scoring.sources.youtube import YouTubeSource

#: Every platform of DESIGN.md, in the order /link offers them.
PLATFORMS = (
    "mastodon",
    "bluesky",
    "github",
    "blog",
    "hackernews",
    "stackexchange",
    "reddit",
    "youtube",
    "facebook",
    "instagram",
)

#: Platforms without a follower count (each source module declares ``HAS_FOLLOWERS = False``).
FOLLOWERLESS = frozenset(
    module.PLATFORM for module in (blog, stackexchange, hackernews) if not module.HAS_FOLLOWERS
)


def has_followers(platform: str) -> bool:
    """Whether the platform counts followers (blogs, Stack Exchange and Hacker News do not)."""
    return platform not in FOLLOWERLESS


def build_sources(config: SourceConfig) -> dict[str, AnySource]:
    r"""Every platform's source, keyed by platform name.

    Facebook and Instagram are :class:`TokenSource`\ s: they read with the user's own token.
    """
    guard = partial(check_url, allow_private=config.allow_private_network)

    def client(*, user_supplied: bool, headers: dict[str, str] | None = None) -> HttpClient:
        return HttpClient(
            make_session(
                config.http,
                headers,
                check_peer=user_supplied and not config.allow_private_network,
            ),
            config.http,
            guard=guard if user_supplied else None,
        )

    reddit: Source
    if config.reddit_client_id and config.reddit_client_secret:
        reddit = RedditSource(
            client(user_supplied=False, headers={"User-Agent": config.reddit_user_agent}),
            config,
            config.reddit_client_id,
            config.reddit_client_secret,
        )
    else:
        reddit = UnconfiguredSource("reddit", "REDDIT_CLIENT_ID and REDDIT_CLIENT_SECRET")
    youtube: Source
    if config.youtube_api_key:
        youtube = YouTubeSource(client(user_supplied=False), config, config.youtube_api_key)
    else:
        youtube = UnconfiguredSource("youtube", "YOUTUBE_API_KEY")
    graph = GraphClient(client(user_supplied=False), config.api_url("facebook", GRAPH_API))
    return {
        "reddit": reddit,
        "youtube": youtube,
        "mastodon": MastodonSource(client(user_supplied=True), config),
        "bluesky": BlueskySource(client(user_supplied=False), config),
        "github": GitHubSource(client(user_supplied=False), config),
        "blog": BlogSource(client(user_supplied=True), config),
        "hackernews": HackerNewsSource(client(user_supplied=False), config),
        "stackexchange": StackExchangeSource(client(user_supplied=False), config),
        "facebook": FacebookPages(graph, config),
        "instagram": InstagramAccounts(graph, config),
    }


def detect_platform(url: str) -> str | None:
    """The platform a profile URL belongs to, or None if it is not a URL at all."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    host = (parts.hostname or "").lower().removeprefix("www.")
    path = parts.path
    if host in ("bsky.app", "staging.bsky.app"):
        return "bluesky"
    if host == "github.com":
        return "github"
    if host in ("news.ycombinator.com",):
        return "hackernews"
    if host.endswith(
        (
            "stackoverflow.com",
            "stackexchange.com",
            "superuser.com",
            "serverfault.com",
            "askubuntu.com",
        )
    ):
        return "stackexchange"
    if host.endswith("reddit.com"):
        return "reddit"
    if host.endswith(("youtube.com", "youtu.be")):
        return "youtube"
    if host.endswith("facebook.com") or host == "fb.com":
        return "facebook"
    if host.endswith("instagram.com"):
        return "instagram"
    if path.startswith("/@") and path.count("/") == 1:
        return "mastodon"
    return "blog"


__all__ = [
    "PLATFORMS",
    "AnySource",
    "Source",
    "SourceConfig",
    "TokenSource",
    "build_sources",
    "detect_platform",
    "has_followers",
]

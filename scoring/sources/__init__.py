"""One module per platform: fetch (HTTP) -> parse (pure) -> normalized ChannelData.

Each module declares its platform once (``SPEC``, a :class:`~scoring.sources.registry.Platform`);
they are registered here, in the order /link offers them. ``build_sources`` builds every
registered platform's source, each with its own session and the shared HTTP policy.
"""

from __future__ import annotations

from functools import partial

from scoring.sources import (
    blog,
    bluesky,
    facebook,
    github,
    hackernews,
    instagram,
    linkedin,
    manual,
    mastodon,
    reddit,
    stackexchange,
    threads,
    x,
    youtube,
)
from scoring.sources.base import AnySource, Source, SourceConfig, TokenSource
from scoring.sources.http import HttpClient, make_session
from scoring.sources.registry import Clients, detect, has_followers, names, platforms, register
from scoring.sources.url_guard import check_url

for _module in (
    mastodon,
    bluesky,
    github,
    blog,
    hackernews,
    stackexchange,
    reddit,
    youtube,
    x,
    facebook,
    instagram,
    threads,
    linkedin,
    manual,
):
    register(_module.SPEC)

detect_platform = detect


def build_sources(config: SourceConfig) -> dict[str, AnySource]:
    r"""Every registered platform's source, keyed by platform name.

    Platforms read with the user's token give :class:`TokenSource`\ s.
    """
    guard = partial(check_url, allow_private=config.allow_private_network)

    def http(user_supplied: bool, headers: dict[str, str] | None) -> HttpClient:
        return HttpClient(
            make_session(
                config.http,
                headers,
                check_peer=user_supplied and not config.allow_private_network,
            ),
            config.http,
            guard=guard if user_supplied else None,
        )

    clients = Clients(http)
    return {platform.name: platform.build(config, clients) for platform in platforms()}


__all__ = [
    "AnySource",
    "Source",
    "SourceConfig",
    "TokenSource",
    "build_sources",
    "detect_platform",
    "has_followers",
    "names",
    "platforms",
]

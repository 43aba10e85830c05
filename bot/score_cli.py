"""``resonance score PLATFORM:HANDLE ...``: read channels and report, without Telegram."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import TextIO, cast

from bot.app import build_sources_for
from bot.settings import Settings
from scoring.channel_data import ChannelData, PostKind
from scoring.model import COMPONENTS, ChannelInput, Score, compute_score
from scoring.sources import PLATFORMS
from scoring.sources.base import Source, is_token_source
from scoring.sources.errors import NotConfigured, SourceError

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def parse_spec(spec: str) -> tuple[str, str]:
    """``github:alice`` -> (``github``, ``alice``); ValueError when malformed."""
    platform, sep, handle = spec.partition(":")
    platform = platform.strip().lower()
    if not sep or not handle.strip() or platform not in PLATFORMS:
        raise ValueError(
            f"{spec!r}: expected PLATFORM:HANDLE, PLATFORM one of {', '.join(PLATFORMS)}"
        )
    return platform, handle.strip()


def describe(platform: str, handle: str, data: ChannelData) -> list[str]:
    posts = data.posts
    by_kind = {kind: [p for p in posts if p.kind is kind] for kind in PostKind}
    own = by_kind[PostKind.OWN] + by_kind[PostKind.QUOTE]
    received = sum(p.interactions for p in own)
    lines = [
        f"{platform}:{handle}  {data.profile.display_name}",
        f"  followers {data.profile.followers}, following {data.profile.following}, "
        f"posts {data.profile.posts_count}",
        f"  last 90 days: {len(own)} own posts, {len(by_kind[PostKind.REPLY])} replies to others, "
        f"{len(by_kind[PostKind.RESHARE])} reshares of others",
        f"  interaction received on own posts: {received}"
        + (f" ({received / len(own):.1f} per post)" if own else ""),
    ]
    for key, value in sorted(data.profile.extra.items()):
        lines.append(f"  {key}: {value}")
    return lines


def describe_score(score: Score) -> list[str]:
    lines = [f"score {score.value:.1f} / 100   (formula {score.version})"]
    for channel in score.channels:
        parts = ", ".join(f"{name} {channel.components[name]:.1f}" for name in COMPONENTS)
        lines.append(
            f"  {channel.platform}:{channel.label}  {channel.points:.1f} points alone, "
            f"{channel.contribution:.1f} of the score ({parts})"
        )
    return lines


def score_channels(settings: Settings, specs: Sequence[str], *, out: TextIO) -> int:
    """Read every channel named in ``specs`` and print what was read; the exit status."""
    try:
        parsed = [parse_spec(spec) for spec in specs]
    except ValueError as exc:
        print(f"resonance: {exc}", file=sys.stderr)
        return EXIT_USAGE
    sources = build_sources_for(settings)
    now = datetime.now(UTC)
    status = EXIT_OK
    inputs: list[ChannelInput] = []
    for index, (platform, handle) in enumerate(parsed, start=1):
        source = sources.get(platform)
        if source is None:
            print(f"{platform}:{handle}  not available yet on this installation", file=out)
            status = EXIT_FAILED
            continue
        if is_token_source(source):
            print(
                f"{platform}:{handle}  is read with the owner's access token; link it in the bot",
                file=out,
            )
            status = EXIT_FAILED
            continue
        source = cast(Source, source)  # not a token source: a plain one
        try:
            account = source.resolve(handle)
            data = source.fetch(account, {}, now)
        except NotConfigured as exc:
            print(f"{platform}:{handle}  needs {exc}, which is not set", file=out)
            status = EXIT_FAILED
            continue
        except SourceError as exc:
            print(f"{platform}:{handle}  could not be read: {exc or type(exc).__name__}", file=out)
            status = EXIT_FAILED
            continue
        print("\n".join(describe(platform, account.handle, data)), file=out)
        inputs.append(
            ChannelInput(
                channel_id=index,
                platform=platform,
                label=account.handle,
                weight=1,
                followers=data.profile.followers,
                posts=data.posts,
            )
        )
    if inputs:
        print("", file=out)
        print("\n".join(describe_score(compute_score(inputs, now))), file=out)
    return status

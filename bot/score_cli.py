"""``resonance score PLATFORM:HANDLE ...``: read channels and report, without Telegram."""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, TextIO, cast

from bot.app import build_sources_for
from bot.settings import Settings
from scoring.ageing import HORIZON_DAYS
from scoring.channel_data import ChannelData, Engagement, EngagementKind, Post, PostKind
from scoring.focus import FocusTopics
from scoring.model import (
    COMPONENTS,
    FORMULA_VERSION,
    ChannelInput,
    Score,
    compute_score,
)
from scoring.sources import has_followers, names
from scoring.sources.base import Source, is_token_source
from scoring.sources.errors import NotConfigured, SourceError
from scoring.sources.registry import counts_replies
from storage.channels import IMPORTED, READ
from storage.people import PEOPLE_KEPT

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def parse_spec(spec: str) -> tuple[str, str]:
    """``github:alice`` -> (``github``, ``alice``); ValueError when malformed."""
    platform, sep, handle = spec.partition(":")
    platform = platform.strip().lower()
    if not sep or not handle.strip() or platform not in names():
        raise ValueError(
            f"{spec!r}: expected PLATFORM:HANDLE, PLATFORM one of {', '.join(names())}"
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
            f"  {channel.platform}:{channel.label}  weight {channel.weight}, "
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
                engagements=data.engagements,
                has_followers=has_followers(platform),
                has_replies=counts_replies(platform),
            )
        )
    if inputs:
        print("", file=out)
        print("\n".join(describe_score(compute_score(inputs, now))), file=out)
    return status


def _moment(text: str) -> datetime:
    moment = datetime.fromisoformat(text.strip())
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _export_post(row: Mapping[str, Any]) -> Post:
    tags = row.get("hashtags") or "[]"
    return Post(
        post_id=str(row["post_id"]),
        created_at=_moment(str(row["created_at"])),
        kind=PostKind(str(row["kind"])),
        likes=int(row.get("likes") or 0),
        reshares=int(row.get("reshares") or 0),
        replies=int(row.get("replies") or 0),
        quotes=int(row.get("quotes") or 0),
        url=str(row.get("url") or ""),
        excerpt=str(row.get("excerpt") or ""),
        hashtags=tuple(json.loads(tags)) if isinstance(tags, str) else tuple(tags),
        has_media=bool(row.get("has_media")),
        has_link=bool(row.get("has_link")),
        in_thread=bool(row.get("in_thread")),
    )


def _export_person(row: Mapping[str, Any]) -> Engagement:
    return Engagement(
        post_id=str(row["post_id"]),
        person_id=str(row["person_id"]),
        kind=EngagementKind(str(row["kind"])),
        handle=str(row.get("handle") or ""),
        at=_moment(str(row["at"])),
        hollow=bool(row.get("hollow")),  # exports before formula 3.4 have none
    )


def inputs_from_export(
    data: Mapping[str, Any], at: datetime
) -> tuple[list[ChannelInput], FocusTopics, bool]:
    """The model's inputs as they stood at ``at``, from a /export JSON file (docs/scoring.md).

    KeyError, ValueError or TypeError when the file is not such an export.
    """
    since = at - timedelta(days=HORIZON_DAYS)
    taken: dict[int, list[tuple[datetime, int, int]]] = {}
    for row in data["snapshots"]:
        moment = _moment(str(row["taken_at"]))
        if moment <= at:
            key = (moment, int(row["id"]), int(row["followers"]))
            taken.setdefault(int(row["channel_id"]), []).append(key)
    history = {  # each channel's counts in the order they were taken
        channel_id: [(moment, count) for moment, _, count in sorted(rows)]
        for channel_id, rows in taken.items()
    }
    followers = {channel_id: counts[-1][1] for channel_id, counts in history.items()}
    posts: dict[int, list[Post]] = {}
    for row in data["posts"]:
        post = _export_post(row)
        if since <= post.created_at:
            posts.setdefault(int(row["channel_id"]), []).append(post)
    people: dict[int, list[Engagement]] = {}
    for row in data.get("engagers") or []:  # exports before formula 3.0 have none
        person = _export_person(row)
        if at - PEOPLE_KEPT <= person.at:
            people.setdefault(int(row["channel_id"]), []).append(person)
    inputs = [
        ChannelInput(
            channel_id=int(row["id"]),
            platform=str(row["platform"]),
            label=str(row.get("display_name") or row["handle"]),
            weight=int(row["weight"]),
            followers=followers.get(int(row["id"]), 0),
            follower_history=history.get(int(row["id"]), []),
            posts=posts.get(int(row["id"]), []),
            engagements=people.get(int(row["id"]), []),
            has_followers=has_followers(str(row["platform"])),
            has_replies=counts_replies(str(row["platform"]))
            and row.get("origin", READ) != IMPORTED,
        )
        for row in data["channels"]
        if _moment(str(row["created_at"])) <= at
    ]
    profile = data["profile"][0] if data.get("profile") else {}
    topics = profile.get("focus") or "[]"
    focus = FocusTopics.of(json.loads(topics) if isinstance(topics, str) else list(topics))
    return inputs, focus, bool(profile.get("focus_only"))


def _latest(scores: Sequence[Mapping[str, Any]]) -> Mapping[str, Any] | None:
    """The latest stored score of the current formula in an export's ``scores`` table."""
    current = [s for s in scores if s["formula_version"] == FORMULA_VERSION]
    return max(current, key=lambda s: (str(s["computed_at"]), int(s["id"])), default=None)


def score_export(path: str, at: str | None, *, out: TextIO) -> int:
    """Recompute the score a /export file holds; compare it with the stored one it names.

    The stored score is recomputed at the moment its model was evaluated (``data_at`` for a
    score kept through an outage) and in the mode it records (all posts or focus posts).
    """
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        latest = _latest(data["scores"]) if at is None else None
        stored = json.loads(latest["breakdown"]) if latest is not None else {}
        if at is not None:
            moment = _moment(at)
        elif latest is not None:
            moment = _moment(str(stored.get("data_at") or latest["computed_at"]))
        else:
            moment = datetime.now(UTC)
        inputs, focus, focus_only = inputs_from_export(data, moment)
        if latest is not None:
            focus_only = stored.get("mode") == "focus"
    except OSError as exc:
        print(f"resonance: cannot read {path}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_USAGE
    except (KeyError, ValueError, TypeError, AttributeError, IndexError):
        print(f"resonance: {path} is not a Resonance /export JSON file", file=sys.stderr)
        return EXIT_USAGE
    score = compute_score(inputs, moment, focus=focus or None, focus_only=focus_only)
    print(f"at {moment.isoformat()}", file=out)
    print("\n".join(describe_score(score)), file=out)
    if latest is not None:
        value = float(latest["score"])
        same = abs(value - score.value) < 0.05
        verdict = "matches" if same else "DIFFERS from"
        print(f"{verdict} the stored score {value:.1f} of {latest['computed_at']}", file=out)
        return EXIT_OK if same else EXIT_FAILED
    return EXIT_OK

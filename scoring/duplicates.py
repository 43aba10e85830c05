"""One account, counted once (formula 3.0, issue 28): posts that two channels both return.

The same blog linked twice, its RSS and Atom feeds, a site and its feed, an X account imported
and also read, a Mastodon account under two spellings of its server: their posts are one
post each. The model counts each in the first channel that counts it (:func:`counted_once`);
``/link`` names the channel a new one duplicates (:func:`duplicate_of`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from scoring.channel_data import Post, PostKind

if TYPE_CHECKING:
    from scoring.model import ChannelInput

#: A new channel duplicates another when at least this share of its own posts are the other's.
DUPLICATE_SHARE = 0.5
#: Platforms whose post ids are numbered per account, not once for everyone: Stack Exchange
#: numbers each site's questions apart (question 100 on Stack Overflow is not question 100 on
#: Super User), a feed's ids are unique within the feed only (many an RSS feed numbers its
#: items 1, 2, 3), a self-reported network's posts are numbered by the report. There a post's
#: id identifies it only within its account; its address, where it has one, still across
#: (a blog's RSS and Atom feeds give the same addresses).
IDS_PER_ACCOUNT = frozenset({"stackexchange", "blog", "manual"})


def post_identity(url: str) -> str:
    """What makes two posts one: their address, without scheme, case of host or end slash."""
    _, _, rest = url.partition("://")
    host, slash, path = (rest or url).partition("/")
    return f"{host.lower().removeprefix('www.')}{slash}{path}".rstrip("/")


def _keys(post: Post, channel: ChannelInput) -> set[str]:
    """A post's identities: its id on its platform (on its account, where the platform
    numbers posts per account), and its address."""
    platform = channel.platform
    if platform in IDS_PER_ACCOUNT:
        platform = f"{platform}\x00{channel.account_id}"
    own = {f"{platform}\x00{post.post_id}"}
    return own | {post_identity(post.url)} if post.url else own


def counted_once(channels: Sequence[ChannelInput]) -> list[ChannelInput]:
    """The channels with each post counted once (formula 3.0).

    A post that an earlier channel (by id) already returned, by its address or by its id on
    the same platform, is left out of the later one: the same blog linked twice, its RSS and
    Atom feeds, or an account imported and also read, add nothing.
    """
    seen: set[str] = set()
    result: list[ChannelInput] = []
    for index, channel in enumerate(channels):
        later = index < len(channels) - 1  # whether a later channel is compared with this one
        if not seen and not later:  # nothing to leave out, nothing to compare with
            result.append(channel)
            continue
        keyed = [(post, _keys(post, channel)) for post in channel.posts]
        kept = [(post, keys) for post, keys in keyed if seen.isdisjoint(keys)]
        if later:
            for _, keys in kept:
                seen |= keys
        same = len(kept) == len(channel.posts)
        result.append(channel if same else replace(channel, posts=tuple(p for p, _ in kept)))
    return result


@dataclass(frozen=True, slots=True)
class Duplicate:
    """``channel_id``'s own posts that ``of`` (another channel) returns too."""

    channel_id: int
    of: int
    shared: int  # own posts of the channel the other returns too
    posts: int  # own posts of the channel


def duplicate_of(channels: Sequence[ChannelInput], channel_id: int) -> Duplicate | None:
    """The channel whose posts ``channel_id`` mostly repeats (at least
    :data:`DUPLICATE_SHARE` of its own posts), the one sharing most; None if none does."""
    channel = next((c for c in channels if c.channel_id == channel_id), None)
    if channel is None:
        return None
    own = [p for p in channel.posts if p.kind is PostKind.OWN]
    if not own:
        return None
    best: Duplicate | None = None
    for other in channels:
        if other.channel_id == channel_id:
            continue
        theirs: set[str] = set()
        for post in other.posts:
            theirs |= _keys(post, other)
        shared = sum(1 for p in own if _keys(p, channel) & theirs)
        if shared >= DUPLICATE_SHARE * len(own) and (best is None or shared > best.shared):
            best = Duplicate(channel_id, other.channel_id, shared, len(own))
    return best

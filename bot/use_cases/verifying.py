"""Ownership proof: the owner puts a one-time code on the profile, the bot reads it back.

Platforms read with the owner's own token are proven by the token itself. A code is checked
when the owner asks (a button) and at every refresh while it waits; once found, the channel is
verified and the code may be removed. An account is verified for one user at a time.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from sqlite_utils import Database

from bot.use_cases.reading import Reader
from scoring.identity import normal_url
from scoring.sources.errors import SourceError
from scoring.sources.registry import proves_site
from storage.channels import Channel, list_channels
from storage.verification import (
    VerifiedElsewhere,
    issue_code,
    mark_verified,
    pending_codes,
    verified_by_another,
)


@dataclass(frozen=True, slots=True)
class Verified:
    """The code was found (or the channel is read with the owner's token)."""


@dataclass(frozen=True, slots=True)
class Waiting:
    """The code is not on the profile (yet): put it there, then check again."""

    code: str


@dataclass(frozen=True, slots=True)
class TakenByAnother:
    """Another user verified this account first; they must unlink it."""


@dataclass(frozen=True, slots=True)
class NotManaged:
    """The channel's token can read it but does not show that its holder manages it."""


@dataclass(frozen=True, slots=True)
class NotSupported:
    """This platform has no place the bot can read a code from yet."""


@dataclass(frozen=True, slots=True)
class Unreadable:
    """The profile could not be read just now."""

    error: SourceError


@dataclass(frozen=True, slots=True)
class TooSoon:
    """The profile was looked at moments ago: ``seconds`` until it is looked at again."""

    code: str
    seconds: int


VerifyResult = (
    Verified | Waiting | TakenByAnother | NotSupported | NotManaged | Unreadable | TooSoon
)


@dataclass
class ProofChecks:
    """When each channel's profile was last looked at for its code: at most once every
    ``every`` seconds, however often the button is pressed. Kept in memory."""

    every: float = 60.0
    clock: Callable[[], float] = time.monotonic
    _last: dict[int, float] = field(default_factory=dict)

    def wait(self, channel_id: int) -> int:
        """Seconds until the channel may be looked at (0: now, and this look is counted)."""
        now = self.clock()
        last = self._last.get(channel_id)
        if last is not None and now - last < self.every:
            return max(1, math.ceil(last + self.every - now))
        self._last[channel_id] = now
        if len(self._last) > 10_000:
            self._last = {c: at for c, at in self._last.items() if now - at < self.every}
        return 0


async def verify(
    db: Database,
    reader: Reader,
    channel: Channel,
    now: datetime,
    *,
    check: bool,
    checks: ProofChecks | None = None,
) -> VerifyResult:
    """Start or continue proving ``channel``: give its code, and with ``check`` look for it
    (no more often than ``checks`` allow)."""
    if channel.verified_at is not None:
        return Verified()
    if verified_by_another(db, channel.platform, channel.account_id, channel.user_id):
        return TakenByAnother()
    if not channel.read_by_refresh:  # its owner brings the numbers: nothing to look at
        return NotSupported()
    if reader.needs_token(channel.platform):  # the owner's token is the proof, if it manages it
        if await reader.token_proves(channel.platform, channel.account, None, channel.user_id):
            return _mark(db, channel, now)
        return NotManaged()
    if not reader.can_prove(channel.platform):
        return NotSupported()
    code = issue_code(db, channel.id)
    if not check:
        return Waiting(code)
    if checks is not None and (seconds := checks.wait(channel.id)):
        return TooSoon(code, seconds)
    if await _linked_from_a_verified_site(db, reader, channel):
        return _mark(db, channel, now)
    try:
        text = await reader.proof_text(channel)
    except SourceError as exc:
        return Unreadable(exc)
    return _mark(db, channel, now) if text and code in text else Waiting(code)


def proven_sites(channels: list[Channel]) -> set[str]:
    """The sites these channels prove their owner holds: the address the owner gave for each
    verified site (a blog), normalised. Never what a feed says about itself, and never a
    whole host: anyone may claim any site in a feed, and a host may serve many people."""
    return {
        normal_url(c.handle)
        for c in channels
        if c.verified_at is not None and proves_site(c.platform) and "://" in c.handle
    }


async def _linked_from_a_verified_site(db: Database, reader: Reader, channel: Channel) -> bool:
    """Mastodon's own proof: the profile links to a site with ``rel="me"`` back (Mastodon marks
    the link verified), and that very site (the same address) is one this user proved."""
    others = [c for c in list_channels(db, channel.user_id) if c.id != channel.id]
    sites = proven_sites(others)
    if not sites:
        return False
    return any(normal_url(link) in sites for link in await reader.verified_links(channel))


def _mark(db: Database, channel: Channel, now: datetime) -> VerifyResult:
    try:
        mark_verified(db, channel.id, now)
    except VerifiedElsewhere:
        return TakenByAnother()
    return Verified()


async def check_pending(
    db: Database, reader: Reader, user_id: int, channels: list[Channel], now: datetime
) -> None:
    """At a refresh: look for every code still waiting on the user's profiles."""
    waiting = pending_codes(db, user_id)
    for channel in channels:
        if channel.id in waiting and channel.verified_at is None:
            await verify(db, reader, channel, now, check=True)

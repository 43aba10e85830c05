"""Ownership proof: the owner puts a one-time code on the profile, the bot reads it back.

Platforms read with the owner's own token are proven by the token itself. A code is checked
when the owner asks (a button) and at every refresh while it waits; once found, the channel is
verified and the code may be removed. An account is verified for one user at a time.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Protocol
from urllib.parse import urlsplit

from bot.services import Services
from bot.use_cases.reading import needs_token
from scoring.channel_data import Account
from scoring.sources.errors import SourceError
from storage.channels import Channel, list_channels
from storage.verification import (
    VerifiedElsewhere,
    issue_code,
    mark_verified,
    pending_codes,
    verified_by_another,
)


class _Proves(Protocol):
    def proof_text(self, account: Account) -> str: ...


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
class NotSupported:
    """This platform has no place the bot can read a code from yet."""


@dataclass(frozen=True, slots=True)
class Unreadable:
    """The profile could not be read just now."""

    error: SourceError


VerifyResult = Verified | Waiting | TakenByAnother | NotSupported | Unreadable


def can_verify(services: Services, platform: str) -> bool:
    source = services.sources.get(platform)
    return needs_token(services, platform) or callable(getattr(source, "proof_text", None))


async def verify(services: Services, channel: Channel, *, check: bool) -> VerifyResult:
    """Start or continue proving ``channel``: give its code, and with ``check`` look for it."""
    db = services.db
    if channel.verified_at is not None:
        return Verified()
    if verified_by_another(db, channel.platform, channel.account_id, channel.user_id):
        return TakenByAnother()
    if needs_token(services, channel.platform):
        return _mark(services, channel)  # reading with the owner's token is the proof
    source = services.sources.get(channel.platform)
    if not callable(getattr(source, "proof_text", None)):
        return NotSupported()
    code = issue_code(db, channel.id)
    if not check:
        return Waiting(code)
    if await _linked_from_a_verified_site(services, channel):
        return _mark(services, channel)
    prover: _Proves = source  # type: ignore[assignment]  # checked just above
    async with services.http_slots:
        try:
            text = await asyncio.to_thread(prover.proof_text, channel.account)
        except SourceError as exc:
            return Unreadable(exc)
    return _mark(services, channel) if code in text else Waiting(code)


def _host(url: str) -> str:
    return (urlsplit(url).hostname or "").lower().removeprefix("www.")


async def _linked_from_a_verified_site(services: Services, channel: Channel) -> bool:
    """Mastodon's own proof: the profile links to a site with ``rel="me"`` back (Mastodon marks
    the link verified), and that site is one of this user's verified channels (a blog)."""
    links_of = getattr(services.sources.get(channel.platform), "verified_links", None)
    if not callable(links_of):
        return False
    sites = {
        _host(c.url)
        for c in list_channels(services.db, channel.user_id)
        if c.verified_at is not None and c.id != channel.id and c.url
    }
    if not sites:
        return False
    async with services.http_slots:
        try:
            links = await asyncio.to_thread(links_of, channel.account)
        except SourceError:
            return False
    return any(_host(str(link)) in sites for link in links)


def _mark(services: Services, channel: Channel) -> VerifyResult:
    try:
        mark_verified(services.db, channel.id, services.now())
    except VerifiedElsewhere:
        return TakenByAnother()
    return Verified()


async def check_pending(services: Services, user_id: int, channels: list[Channel]) -> None:
    """At a refresh: look for every code still waiting on the user's profiles."""
    waiting = pending_codes(services.db, user_id)
    for channel in channels:
        if channel.id in waiting and channel.verified_at is None:
            await verify(services, channel, check=True)

"""Reading channels from the bot: sources run in worker threads, results are saved on the loop.

SQLite connections belong to one thread, so only the HTTP work (resolve, fetch and parse)
leaves the event loop, through a bounded number of threads at once.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import datetime
from typing import cast

from bot.services import Services
from scoring.channel_data import Account, ChannelData
from scoring.sources.base import Secret, Source, is_token_source
from scoring.sources.errors import (
    NotConfigured,
    PlatformNotAvailable,
    SourceError,
    TokenRejected,
)
from storage.channels import Channel, record_failure, record_fetch, sealed_credentials
from storage.vault import SealBroken

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class FetchOutcome:
    """What one fetch of a channel did."""

    channel_id: int
    data: ChannelData | None
    error: SourceError | None


def needs_token(services: Services, platform: str) -> bool:
    """Whether ``platform`` is read with a token the user provides."""
    return is_token_source(services.sources.get(platform))


def _reader(services: Services, platform: str, token: Secret | None) -> Source:
    """The source that reads ``platform``, bound to ``token`` if the platform needs one."""
    source = services.sources.get(platform)
    if source is None:
        raise PlatformNotAvailable(platform)
    if is_token_source(source):
        if token is None:
            raise TokenRejected("no access token")
        return source.with_token(token)
    return cast(Source, source)  # not a token source: a plain one (TypeGuard cannot say so)


def _stored_token(services: Services, channel: Channel) -> Secret | None:
    """The channel's decrypted token (None for platforms without one)."""
    if not needs_token(services, channel.platform):
        return None
    if services.vault is None:
        raise NotConfigured("RESONANCE_SECRET_KEY")
    sealed = sealed_credentials(services.db, channel.id)
    if sealed is None:
        raise TokenRejected("no stored access token")
    try:
        return Secret(services.vault.open(sealed))
    except SealBroken as exc:
        raise TokenRejected(str(exc)) from exc


async def resolve_account(
    services: Services, platform: str, query: str, token: Secret | None = None
) -> Account:
    """The account ``query`` names on ``platform``; raises the source's errors."""
    source = _reader(services, platform, token)
    async with services.http_slots:
        return await asyncio.to_thread(source.resolve, query)


async def read_channel(
    services: Services, channel: Channel, now: datetime | None = None
) -> FetchOutcome:
    """Fetch ``channel`` (HTTP in a worker thread) without saving anything yet."""
    now = now or services.now()
    try:
        source = _reader(services, channel.platform, _stored_token(services, channel))
        async with services.http_slots:
            data = await asyncio.to_thread(source.fetch, channel.account, channel.fetch_state, now)
    except SourceError as exc:
        log.info("channel %s (%s) not read: %s (%s)", channel.id, channel.platform, exc.code, exc)
        return FetchOutcome(channel.id, None, exc)
    return FetchOutcome(channel.id, data, None)


def save_outcome(
    services: Services, outcome: FetchOutcome, now: datetime | None = None
) -> Channel | None:
    """Save what a read brought; a failure keeps the last good data (stale or error).

    Returns the channel as now stored (None if it was unlinked while being read).
    """
    now = now or services.now()
    if outcome.data is not None:
        return record_fetch(services.db, outcome.channel_id, outcome.data, now)
    assert outcome.error is not None
    error = outcome.error
    return record_failure(
        services.db, outcome.channel_id, error.code, now, permanent=error.permanent
    )


async def fetch_channel(services: Services, channel: Channel) -> FetchOutcome:
    """Read ``channel`` and save the result at once (linking; a refresh saves per user)."""
    outcome = await read_channel(services, channel)
    save_outcome(services, outcome)
    return outcome

"""Reading channels: sources run in worker threads, results are saved on the loop.

SQLite connections belong to one thread, so only the HTTP work (resolve, fetch and parse)
leaves the event loop, through a bounded number of threads at once.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import functools
import logging
from collections.abc import AsyncIterator, Callable, Mapping
from concurrent.futures import Executor
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol, TypeVar, cast

from sqlite_utils import Database

from bot.use_cases.budgets import UserShares
from scoring.channel_data import Account, ChannelData
from scoring.identity import normal_account_id
from scoring.sources.base import AnySource, Secret, Source, is_token_source
from scoring.sources.deadline import DEADLINES
from scoring.sources.errors import (
    Malformed,
    NotConfigured,
    PlatformNotAvailable,
    RateLimited,
    SourceError,
    TokenRejected,
)
from storage.channels import (
    Channel,
    find_channel,
    replace_credentials,
    sealed_credentials,
    stored_channel,
)
from storage.fetches import record_failure, record_fetch
from storage.vault import SealBroken, Vault

log = logging.getLogger(__name__)

T = TypeVar("T")


class OverShare(RateLimited):
    """The user has spent their share of the platform's budget on reads they started (their
    /link lookups, proof checks and /refresh reads); nothing was asked of the platform."""

    code = "over_share"


class _Proves(Protocol):
    def proof_text(self, account: Account) -> str: ...


@dataclass(frozen=True, slots=True)
class FetchOutcome:
    """What one fetch of a channel did."""

    channel_id: int
    data: ChannelData | None
    error: SourceError | None
    #: a token the platform issued in place of the stored one, already sealed by the vault
    sealed_token: bytes | None = field(default=None, repr=False)


class UserSlots:
    """At most ``per_user`` reads in flight for one user, whatever started them (a refresh, a
    /link, a proof check): one user's slow or hostile channels take no more than that of the
    shared slots. Semaphores exist only while a user has reads in flight."""

    def __init__(self, per_user: int = 4) -> None:
        self.per_user = per_user
        self._held: dict[int, tuple[asyncio.Semaphore, int]] = {}

    @contextlib.asynccontextmanager
    async def of(self, user_id: int) -> AsyncIterator[None]:
        semaphore, users = self._held.get(user_id, (asyncio.Semaphore(self.per_user), 0))
        self._held[user_id] = (semaphore, users + 1)
        try:
            async with semaphore:
                yield
        finally:
            semaphore, users = self._held[user_id]
            if users <= 1:
                del self._held[user_id]
            else:
                self._held[user_id] = (semaphore, users - 1)


@dataclass(frozen=True, slots=True)
class Reader:
    """Reads the platforms: their sources, the vault that opens users' stored tokens, and the
    slots bounding how many requests run at once (across all users).

    ``db`` is only read, for a channel's sealed token; saving is the caller's
    (:func:`save_outcome`), so a refresh can save a user's channels in one transaction.
    """

    db: Database
    sources: Mapping[str, AnySource]
    slots: asyncio.Semaphore
    vault: Vault | None = None
    executor: Executor | None = None  # None: asyncio's default thread pool
    per_user: UserSlots | None = None  # each user's share of the slots (None: no cap)
    shares: UserShares | None = None  # each user's share of the platforms' budgets

    @property
    def stopping(self) -> bool:
        """The process is stopping: reads in flight were broken off and tell nothing."""
        return DEADLINES.stopping

    def needs_token(self, platform: str) -> bool:
        """Whether ``platform`` is read with a token the user provides."""
        return is_token_source(self.sources.get(platform))

    def can_prove(self, platform: str) -> bool:
        """Whether a channel on ``platform`` can be proven to be its owner's (/verify)."""
        return self.needs_token(platform) or self._prover(platform) is not None

    async def resolve(
        self, platform: str, query: str, token: Secret | None = None, *, user_id: int | None = None
    ) -> Account:
        """The account ``query`` names on ``platform`` (looked up for ``user_id``), its id in
        the one spelling the one-owner rule compares; raises the source's errors."""
        source = self._source(platform, token)
        self._spend(user_id, platform, read=False)
        account = await self._run(user_id, source.resolve, query)
        return dataclasses.replace(account, account_id=normal_account_id(account.account_id))

    async def read(
        self, channel: Channel, now: datetime, *, on_demand: bool = False
    ) -> FetchOutcome:
        """Fetch ``channel`` (HTTP in a worker thread) without saving anything. A read the
        user started (``on_demand``: /link, /refresh) draws on their share of the platform's
        budget; over it, nothing is asked and the outcome is :class:`OverShare`."""
        try:
            if on_demand:
                self._spend(channel.user_id, channel.platform, read=True)
            source = self._source(channel.platform, self._stored_token(channel))
            data = await self._run(
                channel.user_id, source.fetch, channel.account, channel.fetch_state, now
            )
            if not data.counts_in_range():
                raise Malformed(f"{channel.platform} sent counts beyond any real ones")
        except SourceError as exc:
            log.info(
                "channel %s (%s) not read: %s (%s)", channel.id, channel.platform, exc.code, exc
            )
            return FetchOutcome(channel.id, None, exc)
        sealed = None
        if data.renewed_token and self.vault is not None:
            sealed = self.vault.seal(data.renewed_token)
        return FetchOutcome(channel.id, data, None, sealed)

    async def token_proves(
        self, platform: str, account: Account, token: Secret | None, user_id: int
    ) -> bool:
        """Whether ``token`` (or, without one, the token stored for the user's channel of
        ``account``) shows that its holder manages ``account``: a page in the token's own
        pages, the token's own account. A token that can merely read it proves nothing."""
        try:
            if token is None:
                channel = find_channel(self.db, user_id, platform, account.account_id)
                token = self._stored_token(channel) if channel is not None else None
            if token is None:
                return False
            bound = self._source(platform, token)
            owned = getattr(bound, "owned", None)
            if not callable(owned):
                return False
            self._spend(user_id, platform, read=False)
            return bool(await self._run(user_id, owned, account))
        except SourceError:
            return False

    async def proof_text(self, channel: Channel) -> str | None:
        """The text of the channel's profile where an owner's code would be; None when the
        platform has no such place. Raises the source's errors."""
        prover = self._prover(channel.platform)
        if prover is None:
            return None
        self._spend(channel.user_id, channel.platform, read=False)
        return await self._run(channel.user_id, prover.proof_text, channel.account)

    async def verified_links(self, channel: Channel) -> list[str]:
        """The links the platform itself verified on the channel's profile (empty if none or
        the platform has no such thing); a failed read is no links."""
        links_of = getattr(self.sources.get(channel.platform), "verified_links", None)
        if not callable(links_of):
            return []
        try:
            self._spend(channel.user_id, channel.platform, read=False)
            links = await self._run(channel.user_id, links_of, channel.account)
            return [str(link) for link in links]
        except SourceError:
            return []

    def _spend(self, user_id: int | None, platform: str, *, read: bool) -> None:
        """Count a request the user started against their share; :class:`OverShare` if over."""
        if self.shares is None or user_id is None:
            return
        wait = self.shares.take(user_id, platform, read=read)
        if wait is not None:
            raise OverShare(f"user {user_id} spent their share of {platform}", retry_after=wait)

    async def _run(self, user_id: int | None, call: Callable[..., T], *args: object) -> T:
        mine = (
            self.per_user.of(user_id)
            if self.per_user is not None and user_id is not None
            else contextlib.nullcontext()
        )
        async with mine, self.slots:
            loop = asyncio.get_running_loop()
            return await loop.run_in_executor(self.executor, functools.partial(call, *args))

    def _prover(self, platform: str) -> _Proves | None:
        source = self.sources.get(platform)
        return cast(_Proves, source) if callable(getattr(source, "proof_text", None)) else None

    def _source(self, platform: str, token: Secret | None) -> Source:
        """The source that reads ``platform``, bound to ``token`` if the platform needs one."""
        source = self.sources.get(platform)
        if source is None:
            raise PlatformNotAvailable(platform)
        if is_token_source(source):
            if token is None:
                raise TokenRejected("no access token")
            return source.with_token(token)
        return cast(Source, source)  # not a token source: a plain one (TypeGuard cannot say so)

    def _stored_token(self, channel: Channel) -> Secret | None:
        """The channel's decrypted token (None for platforms without one)."""
        if not self.needs_token(channel.platform):
            return None
        if self.vault is None:
            raise NotConfigured("RESONANCE_SECRET_KEY")
        sealed = sealed_credentials(self.db, channel.id)
        if sealed is None:
            raise TokenRejected("no stored access token")
        try:
            return Secret(self.vault.open(sealed))
        except SealBroken as exc:
            raise TokenRejected(str(exc)) from exc


def save_outcome(db: Database, outcome: FetchOutcome, now: datetime) -> Channel | None:
    """Save what a read brought; a failure keeps the last good data (stale or error).

    Returns the channel as now stored (None if it was unlinked while being read).
    """
    if isinstance(outcome.error, OverShare):  # nothing was asked: nothing changed
        return stored_channel(db, outcome.channel_id)
    if outcome.data is not None:
        if outcome.sealed_token is not None:  # the platform renewed the token: keep the new one
            replace_credentials(db, outcome.channel_id, outcome.sealed_token)
        return record_fetch(db, outcome.channel_id, outcome.data, now)
    assert outcome.error is not None
    error = outcome.error
    return record_failure(db, outcome.channel_id, error.code, now, permanent=error.permanent)

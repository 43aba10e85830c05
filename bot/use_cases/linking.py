"""Link a channel: resolve what the user typed, store the channel (and its sealed token), read
it once and rescore. Telegram-free: the handler renders the result and the progress.
"""

from __future__ import annotations

import contextlib
import math
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlite_utils import Database

from bot.use_cases.reading import Reader, save_outcome
from bot.use_cases.refresh import rescore
from bot.use_cases.scores import channel_inputs
from scoring.channel_data import Account, ChannelData, PostKind, shown_name
from scoring.duplicates import duplicate_of
from scoring.sources.base import Secret
from scoring.sources.errors import SourceError
from scoring.sources.registry import is_self_reported
from storage.channels import (
    IMPORTED,
    MAX_CHANNELS_PER_USER,
    READ,
    REPORTED,
    Channel,
    ChannelExists,
    TooManyChannels,
    add_channel,
    channel_count,
    channel_holding,
    find_channel,
    merge_channel,
    replace_credentials,
    set_origin,
)
from storage.verification import VerifiedElsewhere, mark_verified


@dataclass(frozen=True, slots=True)
class NotResolved:
    """The platform could not name an account from what the user typed."""

    error: SourceError


@dataclass(frozen=True, slots=True)
class AlreadyLinked:
    account: Account


@dataclass(frozen=True, slots=True)
class TooMany:
    """The user has reached the channel limit."""


@dataclass(frozen=True, slots=True)
class TooFast:
    """The user tried to link too often in the last minute; ``seconds`` until the next try."""

    seconds: int


@dataclass
class Attempts:
    """Each user's /link attempts of the last ``window``: at most ``limit`` (every attempt
    costs the platforms a lookup, found or not). Kept in memory: a restart forgets them."""

    limit: int = 10
    window: timedelta = timedelta(minutes=1)
    _seen: dict[int, deque[datetime]] = field(default_factory=dict)

    def wait(self, user_id: int, now: datetime) -> int:
        """Seconds until ``user_id`` may try again (0: now, and this attempt is counted)."""
        seen = self._seen.setdefault(user_id, deque())
        while seen and seen[0] <= now - self.window:
            seen.popleft()
        if len(seen) >= self.limit:
            return max(1, math.ceil((seen[0] + self.window - now).total_seconds()))
        seen.append(now)
        if len(self._seen) > 10_000:  # forget users whose attempts are all old
            for user in [u for u, times in self._seen.items() if times[-1] <= now - self.window]:
                del self._seen[user]
        return 0


@dataclass(frozen=True, slots=True)
class Linked:
    """The channel is stored. ``data`` is its first read, or None with the ``error`` that kept
    it from being read (the channel stays, and the next refresh tries again). ``renewed``: the
    channel was linked before and its token was replaced."""

    account: Account
    data: ChannelData | None
    error: SourceError | None
    renewed: bool = False
    merged: str | None = None  # an imported channel of the same account, merged into it
    #: (label, platform) of a channel of the user whose posts this one mostly repeats: they
    #: count once (the same blog linked twice, its RSS and Atom feeds, a site and its feed)
    duplicates: tuple[str, str] | None = None

    @property
    def label(self) -> str:
        return shown_name(self.account.display_name, self.account.handle)

    @property
    def own_posts(self) -> int:
        return sum(1 for p in self.data.posts if p.kind is PostKind.OWN) if self.data else 0

    @property
    def giving_posts(self) -> int:
        giving = (PostKind.REPLY, PostKind.RESHARE)
        return sum(1 for p in self.data.posts if p.kind in giving) if self.data else 0


LinkResult = NotResolved | AlreadyLinked | TooMany | TooFast | Linked


async def link_channel(
    db: Database,
    reader: Reader,
    user_id: int,
    platform: str,
    query: str,
    now: datetime,
    token: Secret | None = None,
    *,
    on_found: Callable[[Account], Awaitable[None]] | None = None,
    attempts: Attempts | None = None,
) -> LinkResult:
    """Resolve ``query`` on ``platform``, store the channel, read it once and rescore.

    With a ``token`` (platforms read with the user's token) it is stored sealed; linking a
    channel that is already linked renews its token, which is how an expired one is fixed.
    ``on_found`` is awaited once the account is known and stored, before the first read.
    Before any remote lookup: ``attempts`` limits how often a user may try, and a user at the
    channel cap is told so (only a token renewal, which adds no channel, is looked up then).
    """
    if attempts is not None and (wait := attempts.wait(user_id, now)):
        return TooFast(wait)
    if token is None and channel_count(db, user_id) >= MAX_CHANNELS_PER_USER:
        return TooMany()
    try:
        account = await reader.resolve(platform, query, token, user_id=user_id)
    except SourceError as exc:
        return NotResolved(exc)
    sealed = None
    if token is not None:
        if reader.vault is None:  # the handler refuses before asking; never store in clear
            raise RuntimeError("a token to store, but no RESONANCE_SECRET_KEY")
        sealed = reader.vault.seal(token.reveal())
    renewed = False
    origin = REPORTED if is_self_reported(platform) else READ
    try:
        channel = add_channel(db, user_id, account, now, credentials=sealed, origin=origin)
    except ChannelExists:
        existing = find_channel(db, user_id, account.platform, account.account_id)
        if existing is not None and existing.origin == IMPORTED and origin == READ:
            set_origin(db, existing.id, READ)  # imported before, read from now on
            channel = existing
        elif sealed is None or existing is None:
            return AlreadyLinked(account)
        else:
            replace_credentials(db, existing.id, sealed)
            channel, renewed = existing, True
    except TooManyChannels:
        return TooMany()
    if on_found is not None:
        await on_found(account)
    if is_self_reported(platform):  # nothing to read: the owner reports the numbers
        rescore(db, user_id, now)
        return Linked(account, None, None, renewed)
    outcome = await reader.read(channel, now, on_demand=True)
    save_outcome(db, outcome, now)
    merged = _merge_imported(db, channel, outcome.data)
    if (
        token is not None
        and outcome.data is not None
        and await reader.token_proves(platform, account, token, user_id)
    ):
        # a token that manages the account proves owning it; a first owner keeps the proof
        with contextlib.suppress(VerifiedElsewhere):
            mark_verified(db, channel.id, now)
    rescore(db, user_id, now)
    return Linked(account, outcome.data, outcome.error, renewed, merged, _twin(db, channel, now))


def _twin(db: Database, channel: Channel, now: datetime) -> tuple[str, str] | None:
    """The user's channel whose posts the new ``channel`` mostly repeats, as (label,
    platform); None if it repeats none."""
    inputs = channel_inputs(db, channel.user_id, now)
    found = duplicate_of(inputs, channel.id)
    if found is None:
        return None
    other = next(c for c in inputs if c.channel_id == found.of)
    return other.label, other.platform


def _merge_imported(db: Database, channel: Channel, data: ChannelData | None) -> str | None:
    """An imported channel holding posts this read found is the same account, brought by a
    file before (a lone tweets.js names none): it joins the channel read now, so the account
    counts once. Returns its name, or None."""
    if data is None or not data.posts:
        return None
    ids = [p.post_id for p in data.posts]
    twin = channel_holding(db, channel.user_id, channel.platform, ids, besides=channel.id)
    if twin is None or twin.origin != IMPORTED:
        return None
    merge_channel(db, twin.id, channel.id)
    return twin.label

"""What handlers and jobs need, built once by the composition root (bot/app.py)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping
from concurrent.futures import Executor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Protocol

from sqlite_utils import Database

from bot.fairness import CommandGate
from bot.settings import Settings
from bot.use_cases.budgets import BudgetBoard, UserShares
from bot.use_cases.importing import ImportSlots
from bot.use_cases.linking import Attempts
from bot.use_cases.reading import Reader, UserSlots
from bot.use_cases.signing_in import SignInDesk
from bot.use_cases.verifying import ProofChecks
from scoring.sources.base import AnySource
from storage.vault import Vault

#: Platform requests in flight at once, across all users, unless the settings say otherwise.
HTTP_SLOTS = 8

_KEY = "services"


def utc_now() -> datetime:
    """The real clock; tests pass their own."""
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class Services:
    """The process's shared resources: settings, database, platform sources and the clock.

    ``vault`` encrypts users' access tokens; None when RESONANCE_SECRET_KEY is not set, and
    token-based platforms are then refused.
    """

    settings: Settings
    db: Database
    sources: Mapping[str, AnySource] = field(default_factory=dict)
    now: Callable[[], datetime] = utc_now
    http_slots: asyncio.Semaphore = field(default_factory=lambda: asyncio.Semaphore(HTTP_SLOTS))
    vault: Vault | None = None
    #: the worker threads platform requests run in (None: asyncio's default pool)
    executor: Executor | None = None
    #: each user's recent /link attempts (a few a minute)
    link_attempts: Attempts = field(default_factory=Attempts)
    #: each user's share of the HTTP slots (reads in flight at once)
    per_user: UserSlots = field(default_factory=UserSlots)
    #: when each channel's profile was last looked at for its proof code
    proof_checks: ProofChecks = field(default_factory=ProofChecks)
    #: each user's updates a minute in each chat (beyond them, dropped before any work)
    commands: CommandGate = field(default_factory=CommandGate)
    #: files read at once (one per user, a few overall)
    imports: ImportSlots = field(default_factory=ImportSlots)
    #: the platforms' budgets over the linked channels (None: nothing is stretched)
    budgets: BudgetBoard | None = None
    #: the sign-ins with the platforms this installation offers (None: none)
    sign_ins: SignInDesk | None = None
    #: each user's share of the platforms' budgets for reads they start (None: no limit)
    shares: UserShares | None = None

    @property
    def reader(self) -> Reader:
        """What the use cases read platforms with (sharing this process's HTTP slots)."""
        return Reader(
            self.db,
            self.sources,
            self.http_slots,
            self.vault,
            self.executor,
            self.per_user,
            self.shares,
        )


def attach(bot_data: dict[Any, Any], services: Services) -> None:
    """Make ``services`` reachable from every callback context."""
    bot_data[_KEY] = services


class _HasBotData(Protocol):
    @property
    def bot_data(self) -> Any: ...


def services_of(holder: _HasBotData) -> Services:
    """The services attached by the composition root (from a callback context or the app)."""
    services = holder.bot_data[_KEY]
    assert isinstance(services, Services)
    return services

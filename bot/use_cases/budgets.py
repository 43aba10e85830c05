"""The platforms' budgets over the channels linked now: which are stretched, and by how much.

The plan is recomputed from the database every few minutes (channels come and go slowly) and
shared by the refresh lane, /channels and the operator's status.
"""

from __future__ import annotations

import asyncio
import sqlite3
import time
from collections import deque
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from sqlite_utils import Database

from scoring.budgets import (
    Allowance,
    BudgetPlan,
    Grants,
    on_demand_cost,
    plan_budgets,
    user_share_per_hour,
)
from scoring.sources.registry import platforms
from storage.channels import channels_per_budget

HOUR = 3600.0
#: How long a plan stands before the channels are counted again.
PLAN_EVERY = timedelta(minutes=10)


def allowances(
    keys: Collection[str], options: Mapping[str, str] | None = None
) -> dict[str, tuple[Allowance, ...]]:
    """Each platform's budgets as they apply with the operator keys ``keys`` set and the
    operator's ``options`` (X: timeline requests and the tier's monthly posts)."""
    found = {}
    for platform in platforms():
        granted = tuple(
            Allowance(
                budget.per_hour,
                budget.per_host,
                budget.cost_per_read or platform.cost_per_read,
                budget.unit,
                timedelta(seconds=budget.counted_per),
                0.0 if budget.cost_per_read else platform.people_per_read,
            )
            for budget in platform.applying_budgets(keys, options)
        )
        if granted:
            found[platform.name] = granted
    return found


def current_plan(db: Database, grants: Grants, interval: timedelta) -> BudgetPlan:
    """The plan for the channels of active users, counted now."""
    granted = allowances(grants.keys, grants.options)
    per_host = {name for name, each in granted.items() if any(a.per_host for a in each)}
    return plan_budgets(channels_per_budget(db, per_host), granted, interval)


def _file_of(db: Database) -> str:
    """The file behind ``db`` ("" for a database in memory)."""
    return str(db.execute("PRAGMA database_list").fetchone()[2] or "")


@dataclass
class BudgetBoard:
    """The plan in force, counted again once it is :data:`PLAN_EVERY` old.

    Counting groups every channel (0.4 s at 300,000 channels), so it runs in a worker thread
    through a read-only connection of its own, never on the event loop; meanwhile the plan
    in force stands.
    """

    grants: Grants
    interval: timedelta
    _plan: BudgetPlan | None = None
    _at: datetime | None = None
    _counting: asyncio.Lock = field(default_factory=asyncio.Lock)

    async def plan(self, db: Database, now: datetime) -> BudgetPlan:
        async with self._counting:  # one count at a time; the others take its result
            if self._plan is None or self._at is None or now - self._at >= PLAN_EVERY:
                self._plan, self._at = await self._count(db), now
            return self._plan

    async def _count(self, db: Database) -> BudgetPlan:
        path = _file_of(db)
        if not path:  # in memory (tests): only this connection sees it
            return current_plan(db, self.grants, self.interval)

        def count() -> BudgetPlan:
            conn = sqlite3.connect(f"{Path(path).as_uri()}?mode=ro", uri=True)
            try:
                return current_plan(Database(conn), self.grants, self.interval)
            finally:
                conn.close()

        return await asyncio.to_thread(count)


@dataclass
class UserShares:
    """What each user spent of each platform budget on reads they started, over the last
    hour (:func:`scoring.budgets.user_share_per_hour`). Kept in memory: a restart forgets."""

    granted: Mapping[str, tuple[Allowance, ...]]
    clock: Callable[[], float] = time.monotonic
    _spent: dict[tuple[int, str, str], deque[tuple[float, float]]] = field(default_factory=dict)

    @classmethod
    def of(cls, grants: Grants) -> UserShares:
        return cls(allowances(grants.keys, grants.options))

    def take(self, user_id: int, platform: str, *, read: bool) -> float | None:
        """Spend a read (or a lookup) of ``platform`` for ``user_id``: None when it fits the
        user's share of every budget the platform has (and is counted), else the seconds
        until it would."""
        now = self.clock()
        costs = []
        for allowance in self.granted.get(platform, ()):
            cost = on_demand_cost(allowance, read=read)
            if cost <= 0:
                continue
            spent = self._spent.setdefault((user_id, platform, allowance.unit), deque())
            while spent and spent[0][0] <= now - HOUR:
                spent.popleft()
            total = sum(c for _at, c in spent)
            if total + cost > user_share_per_hour(allowance):
                return max(1.0, spent[0][0] + HOUR - now) if spent else HOUR
            costs.append((spent, cost))
        for spent, cost in costs:
            spent.append((now, cost))
        if len(self._spent) > 100_000:  # forget what is an hour old
            self._spent = {k: v for k, v in self._spent.items() if v and v[-1][0] > now - HOUR}
        return None

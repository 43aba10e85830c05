"""The platforms' budgets over the channels linked now: which are stretched, and by how much.

The plan is recomputed from the database every few minutes (channels come and go slowly) and
shared by the refresh lane, /channels and the operator's status.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlite_utils import Database

from scoring.budgets import Allowance, BudgetPlan, plan_budgets
from scoring.sources.registry import platforms
from storage.channels import channels_per_budget

#: How long a plan stands before the channels are counted again.
PLAN_EVERY = timedelta(minutes=10)


def allowances(keys: Collection[str]) -> dict[str, Allowance]:
    """Each platform's budget as it applies with the operator keys ``keys`` set."""
    found = {}
    for platform in platforms():
        budget = platform.budget(keys)
        if budget is not None:
            found[platform.name] = Allowance(
                budget.per_hour, budget.per_host, platform.cost_per_read
            )
    return found


def current_plan(db: Database, keys: Collection[str], interval: timedelta) -> BudgetPlan:
    """The plan for the channels of active users, counted now."""
    granted = allowances(keys)
    per_host = {name for name, allowance in granted.items() if allowance.per_host}
    return plan_budgets(channels_per_budget(db, per_host), granted, interval)


@dataclass
class BudgetBoard:
    """The plan in force, counted again once it is :data:`PLAN_EVERY` old."""

    keys: Collection[str]
    interval: timedelta
    _plan: BudgetPlan | None = None
    _at: datetime | None = None

    def plan(self, db: Database, now: datetime) -> BudgetPlan:
        if self._plan is None or self._at is None or now - self._at >= PLAN_EVERY:
            self._plan, self._at = current_plan(db, self.keys, self.interval), now
        return self._plan

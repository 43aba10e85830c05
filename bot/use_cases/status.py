"""The operator's view: users, channels, freshness, the push queue, budgets and errors."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlite_utils import Database

from bot.use_cases.budgets import current_plan
from scoring.budgets import BudgetPlan, Grants
from storage.status import StoredStatus, read_status


def percentile(ordered: list[float], share: float) -> float | None:
    """The nearest-rank percentile of an ascending list (None when it is empty)."""
    if not ordered:
        return None
    return ordered[min(len(ordered) - 1, max(0, math.ceil(share * len(ordered)) - 1))]


@dataclass(frozen=True, slots=True)
class Status:
    stored: StoredStatus
    plan: BudgetPlan
    interval: timedelta
    at: datetime
    sign_ins: tuple[tuple[str, str], ...] = ()  # each sign-in: "on", or what it needs

    @property
    def lag(self) -> dict[str, float | None]:
        """How late scheduled refreshes started, in seconds: median, 95th percentile, worst."""
        lags = self.stored.lags
        return {
            "p50": percentile(lags, 0.5),
            "p95": percentile(lags, 0.95),
            "max": lags[-1] if lags else None,
        }


def operator_status(db: Database, grants: Grants, interval: timedelta, now: datetime) -> Status:
    return Status(read_status(db, now), current_plan(db, grants, interval), interval, now)

"""Every wait a platform asks for, in one place: one :class:`Throttle` per HTTP client.

A key is whatever a platform limits: a host (its ``X-RateLimit-*`` headers), an API method
(Stack Exchange's ``backoff``), a user's token (Graph's usage headers). For each key the
throttle knows the budget the platform announced and any "come back at" it was told. Before a
request it waits only a short pace in the worker thread; anything longer is refused at once
with :class:`RateLimited` naming when to come back, so no worker (and no HTTP slot) is tied up.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

from scoring.sources.deadline import DEADLINES
from scoring.sources.errors import RateLimited


@dataclass
class _Budget:
    remaining: float
    limit: float
    resets_at: float


def reset_seconds(raw: str | None, now: float) -> float | None:
    """Seconds until a rate-limit window resets, from epoch seconds, a delta or ISO-8601."""
    if not raw:
        return None
    try:
        value = float(raw)
    except ValueError:
        try:
            moment = datetime.fromisoformat(raw.replace("Z", "+00:00"))
        except ValueError:
            return None
        return max(0.0, moment.timestamp() - now)
    return max(0.0, value - now) if value > 1_000_000_000 else max(0.0, value)


@dataclass
class Throttle:
    """Budgets and holds per key; waits at most ``max_hold`` in a worker thread.

    Near the end of a budget the rest of the window is spread over what is left (each wait
    capped at ``max_delay``); with nothing left, or held for longer than ``max_hold``, a
    request is refused with the time to come back.
    """

    max_delay: float = 5.0
    max_hold: float = 5.0
    reserve_fraction: float = 0.1
    clock: Callable[[], float] = time.time
    sleep: Callable[[float], None] = DEADLINES.pause  # cut short by a stop
    _budgets: dict[str, _Budget] = field(default_factory=dict)
    _holds: dict[str, float] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def before(self, key: str) -> None:
        """Wait the short pace ``key`` needs now, or raise :class:`RateLimited`."""
        with self._lock:
            now = self.clock()
            wait = max(0.0, self._holds.get(key, 0.0) - now)
            if wait > self.max_hold:
                raise RateLimited(f"{key}: asked to come back later", retry_after=wait)
            budget = self._budgets.get(key)
            if budget is not None and now < budget.resets_at:
                if budget.remaining <= 0:
                    raise RateLimited(
                        f"{key}: rate limit used up", retry_after=budget.resets_at - now
                    )
                if budget.remaining <= budget.limit * self.reserve_fraction:
                    spread = (budget.resets_at - now) / (budget.remaining + 1)
                    wait = max(wait, min(self.max_delay, spread))
                    budget.remaining -= 1
        if wait > 0:
            self.sleep(wait)

    def hold(self, key: str, seconds: float) -> None:
        """The platform asked to leave ``key`` alone for ``seconds`` (never shortens a hold)."""
        with self._lock:
            until = self.clock() + max(0.0, seconds)
            self._holds[key] = max(self._holds.get(key, 0.0), until)

    def after(self, key: str, headers: Mapping[str, str]) -> None:
        """Note the budget a response announced (``X-RateLimit-*`` or ``RateLimit-*``)."""
        remaining = headers.get("X-RateLimit-Remaining") or headers.get("RateLimit-Remaining")
        limit = headers.get("X-RateLimit-Limit") or headers.get("RateLimit-Limit")
        if remaining is None or limit is None:
            return
        try:
            remaining_value = float(remaining)
            limit_value = float(limit.split(";", 1)[0])
        except ValueError:
            return
        now = self.clock()
        reset = reset_seconds(
            headers.get("X-RateLimit-Reset") or headers.get("RateLimit-Reset"), now
        )
        with self._lock:
            self._budgets[key] = _Budget(remaining_value, limit_value, now + (reset or 60.0))

"""Each user's updates in each chat, counted over the last minute (bot/handlers/fairness.py
drops what comes beyond, before any work)."""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class CommandGate:
    """Each (user, chat)'s updates of the last ``period`` seconds. Kept in memory."""

    private: int = 60
    group: int = 8
    period: float = 60.0
    clock: Callable[[], float] = time.monotonic
    _seen: dict[tuple[int, int], deque[float]] = field(default_factory=dict)
    _told: dict[tuple[int, int], float] = field(default_factory=dict)

    def allow(self, user_id: int, chat_id: int, *, private: bool) -> bool:
        now = self.clock()
        key = (user_id, chat_id)
        seen = self._seen.setdefault(key, deque())
        while seen and seen[0] <= now - self.period:
            seen.popleft()
        if len(self._seen) > 50_000:  # forget who has been quiet for a minute
            horizon = now - self.period
            self._seen = {k: v for k, v in self._seen.items() if v and v[-1] > horizon}
            self._told = {k: at for k, at in self._told.items() if at > horizon}
            seen = self._seen.setdefault(key, seen)
        if len(seen) >= (self.private if private else self.group):
            return False
        seen.append(now)
        return True

    def tell(self, user_id: int, chat_id: int) -> bool:
        """Whether the user has not been told in this minute (and now counts as told)."""
        now = self.clock()
        last = self._told.get((user_id, chat_id))
        if last is not None and now - last < self.period:
            return False
        self._told[(user_id, chat_id)] = now
        return True

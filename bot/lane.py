"""The one way out to Telegram: every Bot API call passes this limiter (python-telegram-bot's
``rate_limiter`` hook), replies and pushes alike.

- Telegram's limits are shared: 30 messages a second overall and 20 a minute per group, for
  every call that sends or edits a message (a typing action or a button's answer does not).
  The one-a-second pace per private chat is the Sender's, for pushes; replies answer the
  user's own message and may come in the short bursts Telegram tolerates (a progress message
  edited as channels are read).
- Replies go first: a push waits while any reply is waiting for its turn.
- A 429 is honoured for everyone: nothing is sent anywhere until its ``retry_after`` has run
  out. Replies are then sent again (up to ``max_retries`` times); a push is handed back to the
  Sender, which owns its at-most-once bookkeeping.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import Callable, Coroutine
from typing import Any

from telegram.error import RetryAfter
from telegram.ext import BaseRateLimiter

#: ``rate_limit_args`` of a push (the Sender's sends): it yields to replies, and is not retried.
PUSH = "push"

_COUNTED = ("send", "edit", "copyMessage", "forwardMessage")


def _counts(endpoint: str) -> bool:
    return endpoint.startswith(_COUNTED) and endpoint != "sendChatAction"


class SlidingWindow:
    """At most ``limit`` acquisitions in any ``period`` seconds, first come first served.

    An idle window lets a message leave at once (a reply is not delayed by the pace), and a
    burst never puts more than ``limit`` into any period, which is how Telegram counts.
    """

    def __init__(
        self, limit: int, period: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.limit, self.period, self.clock = limit, period, clock
        self._sent: deque[float] = deque()
        self._lock = asyncio.Lock()

    async def acquire(self) -> None:
        async with self._lock:  # one waiter at a time: the order of arrival is kept
            while True:
                now = self.clock()
                while self._sent and self._sent[0] <= now - self.period:
                    self._sent.popleft()
                if len(self._sent) < self.limit:
                    self._sent.append(now)
                    return
                await asyncio.sleep(self._sent[0] + self.period - now)


class OutgoingLane(BaseRateLimiter[str]):
    """Telegram's flood limits for every call, replies before pushes, 429s honoured."""

    def __init__(
        self,
        *,
        per_second: int = 30,
        group_per_minute: int = 20,
        max_retries: int = 3,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        # a little over a second: Telegram's clock counts arrivals, ours departures
        self.overall = SlidingWindow(per_second, 1.02, clock)
        self.group_per_minute = group_per_minute
        self.max_retries = max_retries
        self.clock = clock
        self.paused_until = 0.0
        self.replies_waiting = 0
        self.retried = 0  # 429s answered by waiting and sending again (for tests and metrics)
        self._groups: dict[int, SlidingWindow] = {}

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None

    async def _turn(self, chat_id: int | None, push: bool) -> None:
        """Wait until a message to ``chat_id`` may leave."""
        while True:
            pause = self.paused_until - self.clock()
            if pause > 0:
                await asyncio.sleep(pause)
                continue
            if push and self.replies_waiting:
                await asyncio.sleep(0.01)
                continue
            break
        if chat_id is not None and chat_id < 0:
            group = self._groups.setdefault(
                chat_id, SlidingWindow(self.group_per_minute, 61.0, self.clock)
            )
            await group.acquire()
        await self.overall.acquire()

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | dict[str, Any] | list[dict[str, Any]]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: str | None,
    ) -> bool | dict[str, Any] | list[dict[str, Any]]:
        if not _counts(endpoint):
            return await callback(*args, **kwargs)
        push = rate_limit_args == PUSH
        raw_chat = data.get("chat_id")
        chat_id = (
            int(raw_chat)
            if isinstance(raw_chat, int | str) and str(raw_chat).lstrip("-").isdigit()
            else None
        )
        attempt = 0
        while True:
            if not push:
                self.replies_waiting += 1
            try:
                await self._turn(chat_id, push)
            finally:
                if not push:
                    self.replies_waiting -= 1
            try:
                return await callback(*args, **kwargs)
            except RetryAfter as exc:
                seconds = exc.retry_after
                wait = (
                    seconds.total_seconds() if hasattr(seconds, "total_seconds") else float(seconds)
                )
                self.paused_until = max(self.paused_until, self.clock() + wait + 0.1)
                if push or attempt >= self.max_retries:
                    raise
                attempt += 1
                self.retried += 1

"""The one way out to Telegram: every Bot API call passes this limiter (python-telegram-bot's
``rate_limiter`` hook), replies and pushes alike.

- Telegram's limits are shared: 30 messages a second overall and 20 a minute per group, for
  every call that sends or edits a message (a typing action or a button's answer does not).
  The one-a-second pace per private chat is the Sender's, for pushes; replies answer the
  user's own message and may come in the short bursts Telegram tolerates (a progress message
  edited as channels are read).
- Replies go first: a push waits while any reply is waiting for its turn.
- No reply waits for a group's window: a group's replies take at most ``group_per_minute - 1``
  of its minute, and one over that is dropped at once (:class:`GroupBusy`), so a flood in
  one group never holds the update slots everyone else's answers need. The last place of
  the minute is kept for one note saying so (``rate_limit_args`` :data:`NOTE`).
- A 429 is honoured for everyone: nothing is sent anywhere until its ``retry_after`` has run
  out. Replies are then sent again, as often as it takes, until they leave or
  ``reply_deadline`` seconds have passed since the first try; a push is handed back to the
  Sender, which owns its at-most-once bookkeeping.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import Callable, Coroutine
from typing import Any

from telegram.error import RetryAfter, TelegramError
from telegram.ext import BaseRateLimiter

#: ``rate_limit_args`` of a push (the Sender's sends): it yields to replies, and is not retried.
PUSH = "push"
#: ``rate_limit_args`` of the note that a group's replies were dropped: it takes the place
#: kept for it in the group's minute.
NOTE = "note"


class GroupBusy(TelegramError):
    """A reply to a group over the group's minute: dropped without waiting. ``note_due``:
    the group has not been told yet in this minute (the error handler says so once)."""

    def __init__(self, chat_id: int, *, note_due: bool) -> None:
        super().__init__(f"the replies to group {chat_id} are over this minute's limit")
        self.chat_id = chat_id
        self.note_due = note_due


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

    def try_acquire(self, *, keep: int = 0) -> bool:
        """Take a place now if one is free beyond the ``keep`` last ones; never waits."""
        now = self.clock()
        while self._sent and self._sent[0] <= now - self.period:
            self._sent.popleft()
        if len(self._sent) < self.limit - keep:
            self._sent.append(now)
            return True
        return False


class OutgoingLane(BaseRateLimiter[str]):
    """Telegram's flood limits for every call, replies before pushes, 429s honoured."""

    def __init__(
        self,
        *,
        per_second: int = 30,
        group_per_minute: int = 20,
        reply_deadline: float = 120.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        # a little over a second: Telegram's clock counts arrivals, ours departures
        self.overall = SlidingWindow(per_second, 1.02, clock)
        self.group_per_minute = group_per_minute
        self.reply_deadline = reply_deadline
        self.clock = clock
        self._noted: dict[int, float] = {}  # group -> when it was last told of dropped replies
        self.paused_until = 0.0
        self.replies_waiting = 0
        self.retried = 0  # 429s answered by waiting and sending again (for tests and metrics)
        self._groups: dict[int, SlidingWindow] = {}

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None

    def _group_place(self, chat_id: int, kind: str | None) -> None:
        """Take a place in the group's minute now, or drop the message (:class:`GroupBusy`)."""
        group = self._groups.setdefault(
            chat_id, SlidingWindow(self.group_per_minute, 61.0, self.clock)
        )
        if group.try_acquire(keep=0 if kind == NOTE else 1):
            return
        last = self._noted.get(chat_id)
        due = kind != NOTE and (last is None or self.clock() - last > group.period)
        if due:
            self._noted[chat_id] = self.clock()
        if len(self._noted) > 10_000:  # forget groups told long ago
            horizon = self.clock() - group.period
            self._noted = {c: at for c, at in self._noted.items() if at > horizon}
        raise GroupBusy(chat_id, note_due=due)

    async def _turn(self, chat_id: int | None, kind: str | None) -> None:
        """Wait until a message to ``chat_id`` may leave (a group's reply never waits for the
        group's minute: it leaves now or is dropped)."""
        push = kind == PUSH
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
            self._group_place(chat_id, kind)
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
        give_up_at = self.clock() + self.reply_deadline
        while True:
            if not push:
                self.replies_waiting += 1
            try:
                await self._turn(chat_id, rate_limit_args)
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
                if push or self.paused_until > give_up_at:
                    raise
                self.retried += 1

"""Pushing messages within Telegram's limits, without losing or repeating any.

About 30 messages a second overall and one a second per chat. A 429 pauses every send for
``retry_after`` (the whole bot is limited, not one chat) and the same message is tried again;
it is never dropped for being rate limited. A 403 means the user blocked us. Connection
failures are retried with backoff, then reported so the caller can try again later. A timeout
waiting for Telegram's answer is ambiguous (the message may have arrived), so it is never
retried: every push is delivered at most once.

PTB's AIORateLimiter is not used for pushes: it does not retry by default, and 22.8 ends a
retry_after pause early; this sender holds the pause for its whole length (tested against the
fake Bot API's 429 storms).
"""

from __future__ import annotations

import asyncio
import logging
import time
import warnings
from collections.abc import Awaitable, Callable
from datetime import timedelta
from enum import Enum
from typing import Any

from aiolimiter import AsyncLimiter
from telegram import Bot, InputFile
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut
from telegram.ext import ExtBot
from telegram.warnings import PTBDeprecationWarning

from bot.lane import PUSH

log = logging.getLogger(__name__)

GLOBAL_PER_SECOND = 29  # evenly spaced, just under Telegram's ~30: bursts are what earn 429s
PER_CHAT_INTERVAL = 1.0
MAX_RATE_LIMITED = 20  # 429s survived for one message before giving up for now
MAX_TRANSIENT = 4
PRUNE_EVERY = 500  # sends between two passes over the per-chat state


class Delivery(Enum):
    SENT = "sent"
    BLOCKED = "blocked"  # 403: the user blocked the bot, or the chat is gone
    REJECTED = "rejected"  # 400: Telegram will never take this message
    FAILED = "failed"  # transient failures outlasted the retries; try again later
    UNKNOWN = "unknown"  # timed out waiting for the answer: Telegram may have it; not resent
    SKIPPED = "skipped"  # ``claim`` said no when its turn came (someone else has it)


def _retry_after_seconds(exc: RetryAfter) -> float:
    """RetryAfter's wait in seconds; PTB 22 warns that the attribute becomes a timedelta."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        value = exc.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


class Sender:
    """Sends pushes for the whole process; one instance, shared by every job."""

    def __init__(
        self,
        bot: Bot,
        *,
        per_second: int = GLOBAL_PER_SECOND,
        per_chat_interval: float = PER_CHAT_INTERVAL,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.bot = bot
        # Capacity one: messages leave evenly spaced, never in a burst that trips the limit.
        self.limiter = AsyncLimiter(1, 1.0 / per_second)
        self.per_chat_interval = per_chat_interval
        self.clock = clock
        self.sleep = sleep
        self.paused_until = 0.0
        self.rate_limited = 0  # 429s seen, for tests and benchmarks
        self._chat_next: dict[int, float] = {}
        self._chat_locks: dict[int, asyncio.Lock] = {}
        self._chat_users: dict[int, int] = {}  # sends in progress or waiting, per chat
        self._sends = 0

    async def _wait_for_turn(self, chat_id: int) -> None:
        while (pause := self.paused_until - self.clock()) > 0:
            await self.sleep(pause)
        wait = self._chat_next.get(chat_id, 0.0) - self.clock()
        if wait > 0:
            await self.sleep(wait)
        await self.limiter.acquire()
        while (pause := self.paused_until - self.clock()) > 0:  # a 429 arrived while we queued
            await self.sleep(pause)
        self._chat_next[chat_id] = self.clock() + self.per_chat_interval

    async def send(
        self,
        chat_id: int,
        text: str,
        *,
        photo: bytes | None = None,
        photo_name: str = "chart.png",
        claim: Callable[[], bool] | None = None,
    ) -> Delivery:
        """Deliver one message (a photo with ``text`` as caption if given).

        ``claim`` runs once, when the message's turn under the rate limits has come and just
        before it goes out: the caller records "sending" then, so a crash can only leave the
        message in flight at that moment in doubt, not everything queued behind the limiter.
        """
        lock = self._chat_locks.setdefault(chat_id, asyncio.Lock())
        self._chat_users[chat_id] = self._chat_users.get(chat_id, 0) + 1
        try:
            async with lock:  # one message at a time per chat, in order
                return await self._send(chat_id, text, photo, photo_name, claim)
        finally:
            self._chat_users[chat_id] -= 1
            self._sends += 1
            if self._sends % PRUNE_EVERY == 0:
                self._forget_idle_chats()

    def _forget_idle_chats(self) -> None:
        """Drop the per-chat state of chats nothing is being sent to and whose one-second
        spacing has passed, so memory follows the chats in flight, not every chat ever."""
        now = self.clock()
        for chat_id in [c for c, users in self._chat_users.items() if users == 0]:
            if self._chat_next.get(chat_id, 0.0) <= now:
                del self._chat_users[chat_id]
                self._chat_locks.pop(chat_id, None)
                self._chat_next.pop(chat_id, None)

    @property
    def chats_tracked(self) -> int:
        return len(self._chat_locks)

    async def _send(
        self,
        chat_id: int,
        text: str,
        photo: bytes | None,
        photo_name: str,
        claim: Callable[[], bool] | None,
    ) -> Delivery:
        limited = transient = 0
        while True:
            await self._wait_for_turn(chat_id)
            if claim is not None:
                if not claim():
                    return Delivery.SKIPPED
                claim = None  # retries after a 429 are the same claimed message
            # through the application's lane a push yields to replies (bot/lane.py)
            lane: dict[str, Any] = {"rate_limit_args": PUSH} if isinstance(self.bot, ExtBot) else {}
            try:
                if photo is not None:
                    await self.bot.send_photo(
                        chat_id,
                        InputFile(photo, filename=photo_name),
                        caption=text,
                        parse_mode=ParseMode.HTML,
                        **lane,
                    )
                else:
                    await self.bot.send_message(chat_id, text, parse_mode=ParseMode.HTML, **lane)
                return Delivery.SENT
            except RetryAfter as exc:
                limited += 1
                self.rate_limited += 1
                pause = _retry_after_seconds(exc)
                self.paused_until = max(self.paused_until, self.clock() + pause)
                log.warning("Telegram asked to wait %.0f s (429); holding every push", pause)
                if limited >= MAX_RATE_LIMITED:
                    return Delivery.FAILED
            except Forbidden:
                return Delivery.BLOCKED
            except BadRequest as exc:
                if "chat not found" in str(exc).lower():
                    return Delivery.BLOCKED
                log.error("Telegram refused a push to chat %s: %s", chat_id, exc)
                return Delivery.REJECTED
            except TimedOut:
                log.warning(
                    "push to chat %s timed out; it may have arrived, so it is not resent", chat_id
                )
                return Delivery.UNKNOWN
            except NetworkError as exc:
                transient += 1
                if transient >= MAX_TRANSIENT:
                    log.warning("push to chat %s failed %d times: %s", chat_id, transient, exc)
                    return Delivery.FAILED
                await self.sleep(2.0**transient)

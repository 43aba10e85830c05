"""Questions the bot asked and waits to have answered in the next message: the numbers of
the /report dialogue, and the handle a /link platform button asked for. Doing something else
(any command, or a button of something else) ends them, so a later message is read as what it
is: "how do I raise my score?" typed after /score was taken as a GitHub handle."""

from __future__ import annotations

import time
from typing import Any

from telegram import Update
from telegram.ext import ContextTypes

from bot.handlers import report_dialogue

AWAITING = "link_awaiting_platform"
#: How long the handle a platform button asked for is awaited: a text days later is not it.
AWAIT_SECONDS = 30 * 60


def ask_for_handle(user_data: dict[Any, Any] | None, platform: str) -> None:
    """The next text, within half an hour, is the handle of a channel on ``platform``."""
    if user_data is not None:
        user_data[AWAITING] = (platform, time.monotonic() + AWAIT_SECONDS)


def awaited_handle(user_data: dict[Any, Any] | None) -> str | None:
    """The platform whose handle a button asked for a moment ago, if any; clears it."""
    awaited = (user_data or {}).pop(AWAITING, None)
    if not isinstance(awaited, tuple) or awaited[1] < time.monotonic():
        return None
    return str(awaited[0])


def forget_handle(user_data: dict[Any, Any] | None) -> None:
    """The handle a platform button asked for is no longer awaited."""
    if user_data is not None:
        user_data.pop(AWAITING, None)


async def end_on_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Any command, or a button of anything else, ends the questions open (``/report`` and a
    platform button then ask theirs again)."""
    report_dialogue.close(context)
    forget_handle(context.user_data)

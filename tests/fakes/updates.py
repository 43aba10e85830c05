"""Updates as Telegram sends them, for tests that drive the real Application in process."""

from __future__ import annotations

import itertools
import time
from typing import Any

from telegram import Update
from telegram.ext import Application

from tests.fakes.telegram_server import Call, FakeTelegram

_ids = itertools.count(1)


def _sender(user: int, language: str) -> dict[str, Any]:
    return {"id": user, "is_bot": False, "first_name": f"U{user}", "language_code": language}


def text_update(user: int, text: str, *, language: str = "en") -> dict[str, Any]:
    """A private message from ``user``; a leading /command is marked as one."""
    message: dict[str, Any] = {
        "message_id": next(_ids),
        "date": int(time.time()),
        "text": text,
        "chat": {"id": user, "type": "private", "first_name": f"U{user}"},
        "from": _sender(user, language),
    }
    if text.startswith("/"):
        length = len(text.split()[0]) if text.split() else 1
        message["entities"] = [{"type": "bot_command", "offset": 0, "length": length}]
    return {"update_id": next(_ids), "message": message}


def button_update(
    user: int, data: str, message: dict[str, Any], *, language: str = "en"
) -> dict[str, Any]:
    """``user`` pressing a button with ``data`` under ``message``."""
    query = {
        "id": str(next(_ids)),
        "chat_instance": "1",
        "data": data,
        "message": message,
        "from": _sender(user, language),
    }
    return {"update_id": next(_ids), "callback_query": query}


async def process(
    app: Application[Any, Any, Any, Any, Any, Any], fake: FakeTelegram, update: dict[str, Any]
) -> list[Call]:
    """Process ``update``; the messages the bot sent or edited meanwhile."""
    mark = fake.mark()
    await app.process_update(Update.de_json(update, app.bot))
    return [c for c in fake.calls[mark:] if c.method in ("sendMessage", "editMessageText")]

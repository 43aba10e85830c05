"""Updates as Telegram sends them, for tests that drive the real Application in process."""

from __future__ import annotations

import itertools
import time
from collections.abc import AsyncIterator, Mapping, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from telegram import Update
from telegram.ext import Application

from bot.app import BotApplication, build_application, build_services
from bot.settings import load_settings
from storage import open_db
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


@asynccontextmanager
async def application_on(
    fake: FakeTelegram,
    db_path: Path,
    environ: Mapping[str, str] | None = None,
    *,
    chats: Sequence[int] = (),
) -> AsyncIterator[BotApplication]:
    """The real Application talking to ``fake``, over a database at ``db_path``, with the
    settings ``environ`` adds; ``chats`` have said /start to the fake, so it knows them."""
    from tests.conftest import TOKEN

    settings = {"TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_API_BASE_URL": fake.base_url}
    db = open_db(db_path)
    try:
        application = build_application(
            build_services(load_settings({**settings, **(environ or {})}), db)
        )
        for chat in chats:
            fake.send_message("/start", user_id=chat)
        async with application:
            yield application
    finally:
        db.close()

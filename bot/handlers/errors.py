"""The one global error handler: log first, then tell the user politely."""

from __future__ import annotations

import logging
import sqlite3
from typing import Any

from telegram import Update
from telegram.error import Forbidden, TelegramError
from telegram.ext import ContextTypes

from bot.handlers.common import language_of
from bot.lane import NOTE, GroupBusy
from bot.services import services_of
from bot.views.i18n import N_, language_for, t

log = logging.getLogger(__name__)

SORRY = N_("Sorry, something went wrong on my side. It has been logged; please try again later.")
GROUP_BUSY = N_(
    "Many commands at once here: I answer at most 20 a minute in a group, so I skipped some. "
    "Please try again in a minute, or ask me in a private chat."
)


async def _group_busy(busy: GroupBusy, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A group reply was dropped for the group's minute: say so once, in the place kept."""
    log.info("%s", busy)
    if not busy.note_due:
        return
    user = update.effective_user if isinstance(update, Update) else None
    language = language_for(user.language_code if user else None)
    lane: dict[str, Any] = {"rate_limit_args": NOTE}  # the place kept for it (bot/lane.py)
    try:
        await context.bot.send_message(busy.chat_id, t(language, GROUP_BUSY), **lane)
    except TelegramError:
        log.info("could not tell group %s that replies were skipped", busy.chat_id)


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log the exception with its update, then apologise to the user if there is one."""
    if isinstance(context.error, GroupBusy):
        await _group_busy(context.error, update, context)
        return
    log.error("unhandled error while handling %s", type(update).__name__, exc_info=context.error)
    if not isinstance(update, Update) or update.effective_message is None:
        return
    if isinstance(context.error, Forbidden):
        return  # the user blocked us; answering would fail the same way
    try:
        language = language_of(update, services_of(context))
    except sqlite3.Error:  # the database may be what failed; Telegram's language will do
        user = update.effective_user
        language = language_for(user.language_code if user else None)
    try:
        await update.effective_message.reply_text(t(language, SORRY))
    except TelegramError:
        log.warning("could not send the apology", exc_info=True)

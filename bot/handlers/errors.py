"""The one global error handler: log first, then tell the user politely."""

from __future__ import annotations

import logging
import sqlite3

from telegram import Update
from telegram.error import Forbidden, TelegramError
from telegram.ext import ContextTypes

from bot.handlers.common import language_of
from bot.services import services_of
from bot.views.i18n import N_, language_for, t

log = logging.getLogger(__name__)

SORRY = N_("Sorry, something went wrong on my side. It has been logged; please try again later.")


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log the exception with its update, then apologise to the user if there is one."""
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

"""Before any work: each user's updates in each chat are limited, so one person (or one group
member's script) cannot take the update slots and the outgoing minute everyone shares.

A user may send ``CommandGate.private`` updates a minute in their private chat and
``CommandGate.group`` in each group (bot/fairness.py); what comes beyond is dropped unread. In
a private chat the first dropped update of a minute is answered once, so a fast typist knows
why.
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import ApplicationHandlerStop, ContextTypes

from bot.services import services_of
from bot.views.i18n import N_, language_for, t

SLOW_DOWN = N_(
    "That is faster than I can answer. I skip what you send for the next minute; then I am "
    "all yours again."
)


async def gate(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Drop an update beyond its sender's minute in that chat, before anything reads it."""
    user, chat = update.effective_user, update.effective_chat
    if user is None or chat is None or (update.message is None and update.callback_query is None):
        return
    commands = services_of(context).commands
    private = chat.type == chat.PRIVATE
    if commands.allow(user.id, chat.id, private=private):
        return
    if private and update.message is not None and commands.tell(user.id, chat.id):
        await update.message.reply_text(t(language_for(user.language_code), SLOW_DOWN))
    raise ApplicationHandlerStop

"""The bot's own membership of a chat (Telegram's ``my_chat_member``): a user who blocks the
bot is no longer refreshed or messaged at once (not only after the next message fails), and
again once they unblock it; a group that adds the bot is told, once, what it does there."""

from __future__ import annotations

from telegram import ChatMember, Update
from telegram.constants import ParseMode
from telegram.ext import ContextTypes

from bot.handlers.buttons import private_chat_button
from bot.services import services_of
from bot.views.i18n import N_, language_for, t
from storage.users import deactivate_user, get_user, reactivate_user

IN_GROUP = N_(
    "Hello! I am Resonance: I tell each of you, in a private chat with me, how much your "
    "social-media work resonates. Whoever sends me <code>/share on</code> there appears on "
    "this group's /leaderboard; nothing else about anyone is shown here."
)
_IN = (ChatMember.MEMBER, ChatMember.ADMINISTRATOR, ChatMember.OWNER)
_OUT = (ChatMember.LEFT, ChatMember.BANNED)


async def my_chat_member(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    changed, chat = update.my_chat_member, update.effective_chat
    if changed is None or chat is None:
        return
    services = services_of(context)
    was, now = changed.old_chat_member.status, changed.new_chat_member.status
    if chat.type == chat.PRIVATE:
        if get_user(services.db, chat.id) is None:
            return
        if now == ChatMember.BANNED:  # blocked: no refresh, digest or alert until unblocked
            deactivate_user(services.db, chat.id, services.now())
        elif was == ChatMember.BANNED and now in _IN:
            reactivate_user(services.db, chat.id, services.now())
        return
    if was in _OUT and now in _IN:  # added to a group
        adder = changed.from_user
        stored = get_user(services.db, adder.id) if adder else None
        if stored is not None:
            language = stored.language
        else:
            language = language_for(adder.language_code if adder else None)
        await context.bot.send_message(
            chat.id,
            t(language, IN_GROUP),
            parse_mode=ParseMode.HTML,
            reply_markup=private_chat_button(language, context.bot.username),
        )

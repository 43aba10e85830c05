"""The Connect button: a link to the bot's own start page, good once for ten minutes."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message
from telegram.constants import ParseMode

from bot.handlers.common import edit_in_place
from bot.services import Services
from bot.use_cases.signing_in import open_ticket
from bot.views import signin as words
from bot.views.i18n import t
from scoring.sources.signin import SignInSpec


async def ask_to_connect(
    message: Message,
    services: Services,
    user_id: int,
    language: str,
    spec: SignInSpec,
    *,
    edit: bool = False,
) -> None:
    """The Connect button (a link to our own start page, good once for ten minutes)."""
    assert services.sign_ins is not None
    url = await open_ticket(services.db, services.sign_ins, user_id, spec.name, services.now())
    label = t(language, words.CONNECT, provider=spec.display)
    markup = InlineKeyboardMarkup([[InlineKeyboardButton(label, url=url)]])
    text = t(language, words.ASK_CONNECT, provider=spec.display)
    if edit:
        await edit_in_place(message, text, markup)
    else:
        await message.reply_text(text, parse_mode=ParseMode.HTML, reply_markup=markup)

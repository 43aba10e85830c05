"""/tips: the three most valuable tips with their numbers, and a button for more."""

from __future__ import annotations

from datetime import datetime

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.constants import ParseMode
from telegram.ext import ContextTypes

from bot.handlers.common import edit_in_place, ensure_user, reply_long
from bot.services import Services, services_of
from bot.use_cases.scores import current_score
from bot.views import platforms
from bot.views.i18n import N_, Html, gettext, t
from bot.views.tips import NO_TIPS, tip_text
from scoring.tips import Tip
from storage.users import User

PAGE = 3
CALLBACK = "tips:"

TITLE = N_("<b>Tips</b>: what to do, and the points it adds to your score if you keep doing it")
NO_CHANNELS = N_("Link a channel first, then I can give tips: <code>{example}</code>")
MORE = N_("More tips")
END = N_("That is every tip I have for now.")


def page_text(
    language: str, tips: list[Tip], start: int, when: datetime
) -> tuple[Html, InlineKeyboardMarkup | None]:
    shown = tips[start : start + PAGE]
    lines = [t(language, TITLE), ""]
    for index, tip in enumerate(shown, start=start + 1):
        lines.append(f"{index}. " + tip_text(language, tip, when))
    markup = None
    if start + PAGE < len(tips):
        button = InlineKeyboardButton(
            gettext(language, MORE), callback_data=f"{CALLBACK}{start + PAGE}"
        )
        markup = InlineKeyboardMarkup([[button]])
    else:
        lines += ["", t(language, END)]
    return Html("\n".join(lines)), markup


def _tips_for(services: Services, user: User) -> tuple[list[Tip], datetime, bool]:
    """The user's tips, the moment they were computed, and whether they have any channel."""
    current = current_score(services.db, user.id, services.now())
    return (
        current.options.tips(current.inputs, current.now, user.zone),
        current.now,
        current.linked,
    )


async def tips(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/tips: the top three, with the numbers behind each."""
    message = update.effective_message
    if message is None or update.effective_user is None:
        return
    services = services_of(context)
    user = await ensure_user(update, services)
    found, now, has_channels = _tips_for(services, user)
    if not found:
        await message.reply_text(
            t(
                user.language,
                NO_TIPS if has_channels else NO_CHANNELS,
                example=platforms.link_example(),
            ),
            parse_mode=ParseMode.HTML,
        )
        return
    text, markup = page_text(user.language, found, 0, now)
    await reply_long(message, text, markup)


async def more_tips(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The "more tips" button: the next page, in the same message."""
    query = update.callback_query
    if query is None or query.data is None or not isinstance(query.message, Message):
        return
    services = services_of(context)
    user = await ensure_user(update, services)
    await query.answer()
    raw = query.data.removeprefix(CALLBACK)
    start = int(raw) if raw.isascii() and raw.isdigit() and len(raw) < 4 else 0
    found, now, _ = _tips_for(services, user)
    if start >= len(found):
        start = 0
    text, markup = (
        page_text(user.language, found, start, now) if found else (t(user.language, NO_TIPS), None)
    )
    await edit_in_place(query.message, text, markup)

"""/export sends all of the user's data; /forget deletes all of it after a confirmation."""

from __future__ import annotations

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputFile,
    InputMediaDocument,
    Message,
    Update,
)
from telegram.constants import ChatAction, ParseMode
from telegram.ext import ContextTypes

from bot.handlers.common import edit_in_place, ensure_user, language_of
from bot.services import services_of
from bot.use_cases import data
from bot.views.i18n import N_, gettext, t

FORGET_YES, FORGET_NO = "forget:yes", "forget:no"

EXPORT_DONE = N_(
    "Here is everything I store about you: one JSON file with all of it, and a CSV file per table. Access tokens are never exported."
)
CONFIRM = N_(
    "This deletes <b>everything</b> I store about you: your channels, posts, scores, settings and messages. It cannot be undone. Are you sure?"
)
YES = N_("Yes, delete everything")
NO = N_("Cancel")
FORGOTTEN = N_("Done: everything about you is deleted. If you ever want to come back, send /start.")
KEPT = N_("Nothing was deleted.")


#: Telegram's most documents in one album, and the most bytes we send in one request (a
#: heavy user's posts can fill tens of megabytes; each file alone may hold up to 50).
ALBUM = 10
ALBUM_BYTES = 20_000_000


def albums(files: list[tuple[str, bytes]]) -> list[list[tuple[str, bytes]]]:
    """The files in order, in albums of at most ALBUM files and ALBUM_BYTES (a larger file
    alone)."""
    found: list[list[tuple[str, bytes]]] = []
    for file in files:
        last = found[-1] if found else None
        if (
            last
            and len(last) < ALBUM
            and sum(len(c) for _, c in last) + len(file[1]) <= ALBUM_BYTES
        ):
            last.append(file)
        else:
            found.append([file])
    return found


async def export(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/export: a JSON file and one CSV file per table, sent together as one album of
    documents (eleven files were eleven messages)."""
    message = update.effective_message
    if message is None or update.effective_user is None:
        return
    services = services_of(context)
    user = await ensure_user(update, services)
    await message.chat.send_action(ChatAction.UPLOAD_DOCUMENT)
    for part in albums(data.export_files(services.db, user.id)):
        if len(part) == 1:  # an album holds two at least
            await message.reply_document(InputFile(part[0][1], filename=part[0][0]))
        else:
            await message.reply_media_group(
                [InputMediaDocument(content, filename=name) for name, content in part]
            )
    await message.reply_text(t(user.language, EXPORT_DONE))


async def forget(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/forget: ask first, with buttons."""
    message = update.effective_message
    if message is None or update.effective_user is None:
        return
    language = language_of(update, services_of(context))
    markup = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(gettext(language, YES), callback_data=FORGET_YES),
                InlineKeyboardButton(gettext(language, NO), callback_data=FORGET_NO),
            ]
        ]
    )
    await message.reply_text(t(language, CONFIRM), parse_mode=ParseMode.HTML, reply_markup=markup)


async def forget_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The confirmation: delete every row about the user, then say so in the same message."""
    query = update.callback_query
    if query is None or query.data is None or not isinstance(query.message, Message):
        return
    services = services_of(context)
    language = language_of(update, services)
    await query.answer()
    if query.data == FORGET_YES and query.from_user is not None:
        data.forget(services.db, query.from_user.id)
        if context.user_data is not None:
            context.user_data.clear()
        text = t(language, FORGOTTEN)
    else:
        text = t(language, KEPT)
    await edit_in_place(query.message, text)

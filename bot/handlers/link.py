"""/link: link a channel by platform and handle, by URL alone, or through buttons."""

from __future__ import annotations

import logging

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.constants import ChatAction, ParseMode
from telegram.ext import ContextTypes

from bot.handlers import questions, tokens
from bot.handlers.buttons import GO
from bot.handlers.common import edit_in_place, ensure_user, readable_platforms
from bot.handlers.link_asks import CALLBACK, by_handle, connect_for, meaning_question
from bot.handlers.link_words import SELF_REPORTED, parse_link_args
from bot.handlers.signin_button import ask_to_connect
from bot.services import Services, services_of
from bot.use_cases.linking import (
    Linked,
    link_channel,
)
from bot.views import errors as error_texts
from bot.views import platforms
from bot.views.i18n import N_, Html, gettext, t
from bot.views.linking import result_text
from scoring.channel_data import Account, short_name, shown_name
from scoring.sources import names
from scoring.sources.base import Secret
from scoring.sources.errors import (
    InvalidHandle,
)
from scoring.sources.registry import is_imported, is_self_reported

log = logging.getLogger(__name__)

MAX_QUERY = 300

USAGE = N_(
    "To link a channel, send <code>/link PLATFORM HANDLE-OR-URL</code>, for example "
    "<code>{example}</code>, or just <code>/link URL</code>.\n"
    "Platforms: {platforms}."
)
CHOOSE = N_("Which platform is the channel on?")
OTHER_NETWORK = N_("Another network (XING …)")
ASK_NETWORK = N_("Which network? Send me its name, for example XING.")
REPORT_NOW = N_("Report this week's numbers")
ASK_HANDLE = N_("Send me your {platform} handle or URL, for example: {examples}")
LOOKING = N_("Looking up {query} on {platform}…")
LOOKING_BLOG = N_("Looking up the blog at {query}…")
READING = N_("Found {name}. Reading recent posts…")
EXPIRED = N_("That button has expired. Send /link again.")


def platform_buttons(language: str, services: Services) -> InlineKeyboardMarkup:
    """The platforms a user can link here, two a row, and any other network last."""
    buttons = [
        InlineKeyboardButton(platforms.name(platform, language), callback_data=CALLBACK + platform)
        for platform in readable_platforms(services)
    ]
    rows = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    other = gettext(language, OTHER_NETWORK)
    rows.append([InlineKeyboardButton(other, callback_data=CALLBACK + SELF_REPORTED)])
    return InlineKeyboardMarkup(rows)


async def link_and_report(
    message: Message,
    services: Services,
    user_id: int,
    language: str,
    platform: str,
    query: str,
    token: Secret | None = None,
    *,
    progress: Message | None = None,
) -> None:
    """Link one channel (a use case), editing one progress message as it goes (a network
    whose numbers its owner reports has nothing to look up: it is added at once).
    ``progress``: the bot's own message to edit (a button's), instead of a new one."""
    name = platforms.name(platform)
    if is_self_reported(platform):
        result = await link_channel(
            services.db, services.reader, user_id, platform, query, services.now(),
            attempts=services.link_attempts,
        )  # fmt: skip
        markup = None
        if isinstance(result, Linked):
            label = gettext(language, REPORT_NOW)
            markup = InlineKeyboardMarkup(
                [[InlineKeyboardButton(label, callback_data=f"{GO}report")]]
            )
        text = result_text(language, result, platform, query)
        if progress is not None:
            await edit_in_place(progress, text, markup)
        else:
            await message.reply_text(text, parse_mode=ParseMode.HTML, reply_markup=markup)
        return
    await message.chat.send_action(ChatAction.TYPING)
    asking = LOOKING_BLOG if platform == "blog" else LOOKING  # not "on Blog"
    looking = t(language, asking, query=short_name(query), platform=name)
    if progress is not None:
        await edit_in_place(progress, looking)
    else:
        progress = await message.chat.send_message(looking, parse_mode=ParseMode.HTML)

    async def found(account: Account) -> None:
        label = shown_name(account.display_name, account.handle)
        await edit_in_place(progress, t(language, READING, name=label))

    result = await link_channel(
        services.db,
        services.reader,
        user_id,
        platform,
        query,
        services.now(),
        token,
        on_found=found,
        attempts=services.link_attempts,
    )
    await edit_in_place(progress, result_text(language, result, platform, query))


async def link(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/link [PLATFORM] [HANDLE-OR-URL]."""
    services = services_of(context)
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return
    stored = await ensure_user(update, services)
    language = stored.language
    args = list(context.args or [])
    if not args:
        await message.reply_text(
            t(language, CHOOSE), reply_markup=platform_buttons(language, services)
        )
        return
    platform, query = parse_link_args(args)
    token_based = platform is not None and services.reader.needs_token(platform)
    token: str | None = None
    if token_based and query is not None:
        query, _, rest = query.partition(" ")
        token = rest.strip() or None
    if platform is not None and token_based and query is not None and tokens.is_name_a_token(query):
        await tokens.delete_token_message(message)  # before anything else; nothing is kept
        name = platforms.name(platform)
        await message.chat.send_message(
            t(language, tokens.NO_NAME, platform=name, platform_id=platform),
            parse_mode=ParseMode.HTML,
        )
        return
    if not token_based and tokens.looks_like_token(" ".join(args)):
        # a token where none belongs: deleted, and nothing more is done with the message
        await tokens.refuse_stray_token(message, language)
        return
    if token is not None:
        await tokens.take_token_message(message, language)  # before anything else
    if platform is None:
        asked = meaning_question(services, language, args)
        if asked is not None:  # a misspelt platform, a bare domain, an address without its @
            await message.chat.send_message(asked[0], parse_mode=ParseMode.HTML,
                                            reply_markup=asked[1])  # fmt: skip
            return
        text = t(
            language,
            USAGE,
            platforms=", ".join(readable_platforms(services)),
            example=platforms.link_example(),
        )
        await message.chat.send_message(text, parse_mode=ParseMode.HTML)
        return
    if token_based and services.vault is None:
        await message.chat.send_message(
            t(language, tokens.NO_VAULT, platform=platforms.name(platform)),
            parse_mode=ParseMode.HTML,
        )
        return
    if is_imported(platform):  # nothing to look up: the owner sends an export file
        await message.chat.send_message(
            platforms.import_help(language, platform), parse_mode=ParseMode.HTML
        )
        return
    connect = connect_for(services, platform)
    if connect is not None and token is None:  # sign in rather than paste a token
        await ask_to_connect(message, services, user.id, language, connect)
        return
    if query is None:
        await _ask_for_handle(message, context, language, platform, edit=False)
        return
    if len(query) > MAX_QUERY:
        await message.chat.send_message(
            error_texts.sentence(language, InvalidHandle(), platform, ""), parse_mode=ParseMode.HTML
        )
        return
    if token_based:
        await _link_with_token(
            message, context, services, user.id, language, platform, query, token
        )
        return
    await link_and_report(message, services, user.id, language, platform, query)


async def _link_with_token(
    message: Message,
    context: ContextTypes.DEFAULT_TYPE,
    services: Services,
    user_id: int,
    language: str,
    platform: str,
    query: str,
    token: str | None,
) -> None:
    """Link a token-based channel: with the token given, or ask for it (message deleted)."""
    if token is None:
        tokens.expect_token(context.user_data, platform, query)
        await tokens.ask_for_token(message, language, platform, query)
        return
    if not tokens.is_token_shaped(token):
        await message.chat.send_message(
            t(language, tokens.INVALID_TOKEN, platform_id=platform, query=short_name(query)),
            parse_mode=ParseMode.HTML,
        )
        return
    await link_and_report(message, services, user_id, language, platform, query, Secret(token))


async def _ask_for_handle(
    message: Message,
    context: ContextTypes.DEFAULT_TYPE,
    language: str,
    platform: str,
    *,
    edit: bool,
) -> None:
    questions.ask_for_handle(context.user_data, platform)
    if is_self_reported(platform):
        text = t(language, ASK_NETWORK)
    else:
        text = t(
            language,
            ASK_HANDLE,
            platform=platforms.name(platform),
            examples=platforms.examples(platform),
        )
    if edit:
        await edit_in_place(message, text)
    else:
        await message.reply_text(text, parse_mode=ParseMode.HTML)


async def link_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A platform button of a bare /link was pressed: ask for the handle, in place."""
    query = update.callback_query
    if query is None or query.data is None:
        return
    services = services_of(context)
    stored = await ensure_user(update, services)
    platform, _, handle = query.data.removeprefix(CALLBACK).partition(":")
    await query.answer()
    if platform not in names() or not isinstance(query.message, Message):
        if isinstance(query.message, Message):
            await edit_in_place(query.message, t(stored.language, EXPIRED))
        return
    if handle and by_handle(services, platform):
        # the handle typed with a misspelt platform: linked as typed, in this message
        await link_and_report(
            query.message, services, stored.id, stored.language, platform, handle[:MAX_QUERY],
            progress=query.message,
        )  # fmt: skip
        return
    if services.reader.needs_token(platform) and services.vault is None:
        name = platforms.name(platform)
        await edit_in_place(query.message, t(stored.language, tokens.NO_VAULT, platform=name))
        return
    if is_imported(platform):
        await edit_in_place(query.message, Html(platforms.import_help(stored.language, platform)))
        return
    connect = connect_for(services, platform)
    if connect is not None:
        await ask_to_connect(
            query.message, services, stored.id, stored.language, connect, edit=True
        )
        return
    await _ask_for_handle(query.message, context, stored.language, platform, edit=True)


async def handle_reply(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Plain text in a private chat: the token or the handle the bot asked for, if any.

    A message that holds a token is deleted first, whether or not one was asked for.
    """
    message, user = update.effective_message, update.effective_user
    if message is None or user is None or message.text is None:
        return
    services = services_of(context)
    stored = await ensure_user(update, services)
    language = stored.language
    awaited = tokens.awaited_token(context.user_data)
    if awaited is not None:
        platform, query = awaited
        await tokens.take_token_message(message, language)
        await _link_with_token(
            message, context, services, user.id, language, platform, query, message.text.strip()
        )
        return
    if tokens.looks_like_token(message.text):
        questions.forget_handle(context.user_data)
        await tokens.refuse_stray_token(message, language)
        return
    asked = questions.awaited_handle(context.user_data)
    if asked is None:
        from bot.handlers import shortcuts  # an everyday question, or the main buttons

        if not await shortcuts.question(update, context):
            await shortcuts.not_understood(update, context)
        return
    query = message.text.strip()[:MAX_QUERY]
    if services.reader.needs_token(asked):
        await _link_with_token(message, context, services, user.id, language, asked, query, None)
        return
    await link_and_report(message, services, user.id, language, asked, query)

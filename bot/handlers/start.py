"""/start and /help: welcome, what the bot does, how to link a first channel."""

from __future__ import annotations

from telegram import Update
from telegram.constants import ParseMode
from telegram.ext import ApplicationHandlerStop, ContextTypes

from bot.handlers import tokens
from bot.handlers.buttons import FROM_GROUP, main_buttons, private_chat_button
from bot.handlers.common import language_of, readable_platforms
from bot.services import Services, services_of
from bot.views import platforms
from bot.views.i18n import N_, Html, language_for, t
from scoring.sources import registry
from storage.channels import has_channels
from storage.users import register_user

WELCOME = N_(
    "Hello {name}! I am Resonance. I tell you how much your social-media work resonates: "
    "a score from 1 to 100, built from the interaction your posts receive and give.\n\n"
    "What counts: {platforms}, your blogs, and any other network such as XING.\n\n"
    "Start with a first channel:"
)
WELCOME_BACK = N_("Welcome back, {name}! Your channels and settings are as you left them.")
HELP = N_(
    "<b>Resonance</b> turns the interaction your posts get into a score from 1 to 100, with "
    "an open formula.\n"
    "/score your score · /tips how to raise it · /why every point explained\n"
    "/link add a channel ({platforms}, blogs, XING …) · /channels your channels\n"
    "/verify prove a channel is yours · /focus your professional topics\n"
    "/history a chart · /card a picture to share\n"
    "/settings digest, alerts, language · /export and /forget your data"
)
FROM_A_GROUP = N_(
    "You came from a group. To appear on its /leaderboard, send me <code>/share on</code> "
    "here, then /leaderboard there once. Nothing else about you is shown there."
)
SHARED_ALREADY = N_(
    "You came from a group. You share your score already: send /leaderboard there once to "
    "appear on it."
)
HELP_PROFILE = N_("/share profile a public page of your score, only if you want one")


def _names(language: str, services: Services) -> str:
    """The platforms to name (blogs have their own words in the texts)."""
    shown = [p for p in readable_platforms(services) if not _is_catch_all(p)]
    return ", ".join(platforms.name(p, language) for p in shown)


def _is_catch_all(platform: str) -> bool:
    spec = registry.get(platform)
    return spec is not None and spec.catch_all


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Register the user (idempotent) and welcome them, with the first step as a button."""
    services = services_of(context)
    user, message = update.effective_user, update.effective_message
    chat = update.effective_chat
    if user is None or message is None or chat is None:
        return
    if chat.type != chat.PRIVATE:
        language = language_for(user.language_code)
        await message.reply_text(
            t(language, "Please start me in a private chat."),
            reply_markup=private_chat_button(language, context.bot.username),
        )
        return
    stored, created = register_user(
        services.db,
        user_id=user.id,
        chat_id=chat.id,
        first_name=user.first_name,
        language=language_for(user.language_code),
        now=services.now(),
    )
    language = stored.language
    if created or not has_channels(services.db, stored.id):  # "as you left them": only if any
        text = t(language, WELCOME, name=user.first_name, platforms=_names(language, services))
        buttons = main_buttons(language, ("link",))
    else:
        text = t(language, WELCOME_BACK, name=user.first_name)
        buttons = main_buttons(language, ("score", "tips", "link", "help"))
    if context.args == [FROM_GROUP]:  # the group's "Open a private chat" button
        shared = stored.share_in_groups
        text = Html(f"{text}\n\n{t(language, SHARED_ALREADY if shared else FROM_A_GROUP)}")
    await message.reply_text(text, parse_mode=ParseMode.HTML, reply_markup=buttons)


async def help_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """What the bot does, in a few lines, with the main commands as buttons."""
    message = update.effective_message
    if message is None:
        return
    services = services_of(context)
    language = language_of(update, services)
    text = t(language, HELP, platforms=_names(language, services))
    if services.settings.public_url:  # no public address: no profile, and no word of one
        text = Html(f"{text}\n{t(language, HELP_PROFILE)}")
    chat = update.effective_chat
    if chat is not None and chat.type != chat.PRIVATE:  # a group sees no one's score or tips
        markup = private_chat_button(language, context.bot.username)
    else:
        markup = main_buttons(language, ("link", "score", "tips", "settings"))
    await message.reply_text(text, parse_mode=ParseMode.HTML, reply_markup=markup)


UNKNOWN = N_("I do not know that command yet. /help lists what I can do.")
PRIVATE_ONLY = N_("Please send me this command in a private chat.")
BUTTON_PRIVATE_ONLY = N_(
    "That is for our private chat: your score, tips and settings are shown to you alone."
)


async def unknown_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Any other command: a polite pointer to /help (or to the private chat, in a group)."""
    message, chat = update.effective_message, update.effective_chat
    if message is None or chat is None:
        return
    language = language_of(update, services_of(context))
    if message.text and tokens.looks_like_token(message.text):  # e.g. /link with a token in a group
        await tokens.refuse_stray_token(message, language)
        return
    if chat.type == chat.PRIVATE:
        await message.reply_text(t(language, UNKNOWN))
        return
    markup = private_chat_button(language, context.bot.username)
    await message.reply_text(t(language, PRIVATE_ONLY), reply_markup=markup)


async def private_buttons_only(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A button pressed under a message in a group (/help's, before they were left out
    there, or forged data): everything a button does is personal (a score, tips, settings,
    a channel), so it is never shown to the group; the presser is pointed to the private
    chat, and nothing else runs."""
    query, chat = update.callback_query, update.effective_chat
    if query is None or chat is None or chat.type == chat.PRIVATE:
        return
    language = language_of(update, services_of(context))
    await query.answer(t(language, BUTTON_PRIVATE_ONLY), show_alert=True)
    raise ApplicationHandlerStop


STALE_BUTTON = N_("That button has expired. Send the command again.")


async def stale_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A press on a button no handler knows (an old message, or forged data): say so."""
    query = update.callback_query
    if query is None:
        return
    language = language_of(update, services_of(context))
    await query.answer(t(language, STALE_BUTTON), show_alert=True)

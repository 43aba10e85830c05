"""/start and /help: welcome, what the bot does, how to link a first channel."""

from __future__ import annotations

from telegram import Update
from telegram.constants import ParseMode
from telegram.ext import ContextTypes

from bot.handlers import tokens
from bot.handlers.common import language_of
from bot.services import Services, services_of
from bot.views import platforms
from bot.views.i18n import N_, Html, language_for, t
from scoring.sources import names, registry
from scoring.sources.base import is_token_source
from scoring.sources.unconfigured import UnconfiguredSource
from storage.users import register_user

WELCOME = N_(
    "Hello {name}! I am Resonance. I tell you how much your social-media work resonates: "
    "a transparent score from 1 to 100, built from the interaction your posts receive "
    "and give, on every channel you link.\n\n"
    "Link a first channel, for example:\n"
    "<code>{example}</code>\n"
    "<code>/link https://example.com/blog/feed</code>\n\n"
    "/help lists everything I can do."
)
WELCOME_BACK = N_("Welcome back, {name}! Your channels and settings are as you left them. /help")

HELP = N_(
    "<b>Resonance</b> scores how much your posts resonate, from 1 to 100, with an open formula.\n\n"
    "<b>Channels</b>\n"
    "/link PLATFORM HANDLE-OR-URL: link a channel (or /link URL)\n"
    "/channels: your channels and their status\n"
    "/unlink: remove a channel\n"
    "/weight CHANNEL 0..3: how much a channel counts\n\n"
    "<b>Your score</b>\n"
    "/score: the score, its trend and each channel's share\n"
    "/why: the ledger behind it\n"
    "/tips: what to do next, with numbers\n"
    "/top: your best posts\n"
    "/history: a chart over time\n"
    "/refresh: recompute now\n\n"
    "<b>You and your data</b>\n"
    "/settings: digest, timezone, alerts, language\n"
    "/export: all your data\n"
    "/forget: delete everything about you"
)
PLATFORM_LIST = N_("<b>Platforms</b>: {platforms}.")
SELF_REPORTED_HELP = N_(
    "Any other network (XING, …): <code>/link manual NAME</code>, then each week /report "
    "(I ask for each number) or in one line <code>/report NAME followers 320 posts 3 reactions "
    "45 comments 12</code>. Self-reported "
    "numbers count, marked as such, and never rank on leaderboards."
)
TOKEN_PLATFORMS = N_(
    "{platforms}: read with your own access token. Send <code>/link PLATFORM NAME</code>, then "
    "the token; I delete that message at once and keep the token encrypted."
)


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Register the user (idempotent) and welcome them."""
    services = services_of(context)
    user, message = update.effective_user, update.effective_message
    chat = update.effective_chat
    if user is None or message is None or chat is None:
        return
    if chat.type != chat.PRIVATE:
        language = language_for(user.language_code)
        await message.reply_text(t(language, "Please start me in a private chat."))
        return
    stored, created = register_user(
        services.db,
        user_id=user.id,
        chat_id=chat.id,
        first_name=user.first_name,
        language=language_for(user.language_code),
        now=services.now(),
    )
    text = WELCOME if created else WELCOME_BACK
    await message.reply_text(
        t(stored.language, text, name=user.first_name, example=platforms.link_example()),
        parse_mode=ParseMode.HTML,
    )


UNAVAILABLE = N_("Not available on this installation: {platforms}.")
NEEDS = N_("{platform} (needs {settings})")
VAULT_SETTING = "RESONANCE_SECRET_KEY"


def unavailable_platforms(language: str, services: Services) -> str:
    """The platforms this installation cannot read, with what the operator must set."""
    parts: list[str] = []
    for platform in names():
        source = services.sources.get(platform)
        if isinstance(source, UnconfiguredSource):
            parts.append(
                t(language, NEEDS, platform=platforms.name(platform), settings=source.settings)
            )
        elif is_token_source(source) and services.vault is None:
            parts.append(
                t(language, NEEDS, platform=platforms.name(platform), settings=VAULT_SETTING)
            )
        elif source is None:
            parts.append(platforms.name(platform))
    return ", ".join(parts)


async def help_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Explain every command, and say which platforms this installation cannot read."""
    message = update.effective_message
    if message is None:
        return
    services = services_of(context)
    language = language_of(update, services)
    every = registry.platforms()
    lines = [
        t(language, HELP),
        "",
        t(
            language,
            PLATFORM_LIST,
            platforms=", ".join(p.display for p in every if not p.self_reported),
        ),
    ]
    if any(p.self_reported for p in every):
        lines.append(t(language, SELF_REPORTED_HELP))
    with_token = [p.display for p in every if p.needs_token]
    if with_token:
        lines.append(t(language, TOKEN_PLATFORMS, platforms=", ".join(with_token)))
    text = Html("\n".join(lines))
    missing = unavailable_platforms(language, services)
    if missing:
        text = Html(text + "\n\n" + t(language, UNAVAILABLE, platforms=Html(missing)))
    await message.reply_text(text, parse_mode=ParseMode.HTML)


UNKNOWN = N_("I do not know that command yet. /help lists what I can do.")
PRIVATE_ONLY = N_("Please send me this command in a private chat.")


async def unknown_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Any other command: a polite pointer to /help (or to the private chat, in a group)."""
    message, chat = update.effective_message, update.effective_chat
    if message is None or chat is None:
        return
    language = language_of(update, services_of(context))
    if message.text and tokens.looks_like_token(message.text):  # e.g. /link with a token in a group
        await tokens.refuse_stray_token(message, language)
        return
    text = UNKNOWN if chat.type == chat.PRIVATE else PRIVATE_ONLY
    await message.reply_text(t(language, text))


STALE_BUTTON = N_("That button has expired. Send the command again.")


async def stale_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A press on a button no handler knows (an old message, or forged data): say so."""
    query = update.callback_query
    if query is None:
        return
    language = language_of(update, services_of(context))
    await query.answer(t(language, STALE_BUTTON), show_alert=True)

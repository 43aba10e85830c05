"""Access tokens sent in chat: deleted as soon as they are read, and the user told so.

Some platforms are read with a token the user provides. Whatever message carries one
(``/link PLATFORM NAME TOKEN``, the reply to "send me the token", or a token sent
out of the blue) is deleted before anything else happens; the token itself is only ever held
as a :class:`~scoring.sources.base.Secret` and stored encrypted.
"""

from __future__ import annotations

import logging
import re
import time
from typing import Any

from telegram import Message, Update
from telegram.constants import ParseMode
from telegram.error import TelegramError
from telegram.ext import ApplicationHandlerStop, ContextTypes

from bot.views import platforms
from bot.views.i18n import N_, language_for, t
from scoring.channel_data import short_name
from scoring.sources.registry import token_pattern

log = logging.getLogger(__name__)

#: user_data key: (platform, query, deadline) while the bot waits for a token.
PENDING = "link_awaiting_token"
#: How long the bot waits for the token after asking for it.
WAIT_SECONDS = 15 * 60
#: What a token sent on request may look like: one long run of token characters.
TOKEN_SHAPE = re.compile(r"^[A-Za-z0-9_\-.|]{20,2048}$")

ASK_TOKEN = N_(
    "To read {platform} <b>{query}</b> I need an access token. Send it as your next message: "
    "I delete that message as soon as I have read it and keep the token encrypted.\n{how}"
)
DELETED = N_(
    "🔒 I deleted your message with the token, so it does not stay in this chat. It is kept "
    "only if the channel links: encrypted, used only to read it, and deleted by /unlink and "
    "/forget."
)
NOT_DELETED = N_(
    "I could not delete your message with the token. Please delete it yourself; I keep the "
    "token only if the channel links, and then encrypted."
)
NO_NAME = N_(
    "That looks like an access token without a {platform} name, so I deleted your message and "
    "kept nothing. Send <code>/link {platform_id} NAME TOKEN</code>, or "
    "<code>/link {platform_id} NAME</code> and then the token."
)
STRAY = N_(
    "That looked like an access token, so I deleted your message and kept nothing. To link a "
    "channel read with your own token, send <code>/link PLATFORM NAME</code> first."
)
STRAY_NOT_DELETED = N_(
    "That looked like an access token, and I could not delete the message. Please delete it "
    "and revoke the token, since others may have seen it."
)
INVALID_TOKEN = N_(
    "That does not look like an access token (one long string of letters and digits). "
    "Nothing was stored; send /link {platform_id} {query} to try again."
)
NO_VAULT = N_(  # (the operator has no RESONANCE_SECRET_KEY: README says so, the user need not)
    "{platform} cannot be linked on this Resonance yet: its operator has not set it up. "
    "Nothing was stored."
)


def looks_like_token(text: str) -> bool:
    """Whether ``text`` contains something shaped like a Meta access token."""
    pattern = token_pattern()
    return bool(pattern and pattern.search(text))


def is_token_shaped(text: str) -> bool:
    return bool(TOKEN_SHAPE.match(text))


def is_name_a_token(query: str) -> bool:
    """Whether what should name a page or account is a token: never echoed, never kept."""
    return looks_like_token(query) or (is_token_shaped(query) and len(query) >= 100)


async def delete_token_message(message: Message) -> bool:
    """Delete the user's message holding a token; False if Telegram would not."""
    try:
        return bool(await message.delete())
    except TelegramError as exc:
        log.warning("could not delete a message with an access token: %s", exc)
        return False


async def take_token_message(message: Message, language: str) -> None:
    """Delete a message that holds a token sent on purpose, and say what happened."""
    deleted = await delete_token_message(message)
    await message.chat.send_message(
        t(language, DELETED if deleted else NOT_DELETED), parse_mode=ParseMode.HTML
    )


async def refuse_stray_token(message: Message, language: str) -> None:
    """Delete a token nobody asked for, and say so."""
    deleted = await delete_token_message(message)
    await message.chat.send_message(
        t(language, STRAY if deleted else STRAY_NOT_DELETED), parse_mode=ParseMode.HTML
    )


def expect_token(user_data: dict[Any, Any] | None, platform: str, query: str) -> None:
    if user_data is not None:
        user_data[PENDING] = (platform, query, time.monotonic() + WAIT_SECONDS)


def awaited_token(user_data: dict[Any, Any] | None) -> tuple[str, str] | None:
    """(platform, query) if the bot asked this user for a token a moment ago; clears it."""
    if user_data is None:
        return None
    pending = user_data.pop(PENDING, None)
    if pending is None or pending[2] < time.monotonic():
        return None
    return str(pending[0]), str(pending[1])


async def ask_for_token(message: Message, language: str, platform: str, query: str) -> None:
    await message.chat.send_message(
        t(
            language,
            ASK_TOKEN,
            platform=platforms.name(platform),
            query=short_name(query),
            how=platforms.token_help(language, platform),
        ),
        parse_mode=ParseMode.HTML,
    )


async def guard(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Before every other handler: a token in any command but /link (which takes tokens on
    purpose), or in a group, is deleted and refused, so no handler can echo or keep it."""
    message, chat = update.effective_message, update.effective_chat
    if message is None or chat is None or not message.text or not looks_like_token(message.text):
        return
    private = chat.type == chat.PRIVATE
    command = message.text.split(maxsplit=1)[0].split("@", 1)[0].lower()
    if private and (command == "/link" or not command.startswith("/")):
        return  # /link and the plain-text reply handle tokens themselves
    user = update.effective_user
    language = language_for(user.language_code if user else None)
    await refuse_stray_token(message, language)
    raise ApplicationHandlerStop

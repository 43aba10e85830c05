"""Small pieces every handler uses: who is asking, and in which language to answer."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest

from bot.services import Services
from bot.views import platforms
from bot.views.i18n import N_, SUPPORTED_LANGUAGES, Html, language_for
from bot.views.split import split_message
from scoring.sources import registry
from scoring.sources.base import is_token_source
from scoring.sources.unconfigured import UnconfiguredSource
from storage.channels import Channel
from storage.users import User, get_user, register_user


def language_of(update: Update, services: Services) -> str:
    """The asking user's language: their stored choice, else their Telegram language."""
    user = update.effective_user
    if user is None:
        return language_for(None)
    stored = get_user(services.db, user.id)
    return stored.language if stored is not None else language_for(user.language_code)


async def ensure_user(update: Update, services: Services) -> User:
    """The asking user, registered on first contact (someone may /link before /start)."""
    user = update.effective_user
    chat = update.effective_chat
    assert user is not None
    stored = get_user(services.db, user.id)
    if stored is not None:
        return stored
    chat_id = chat.id if chat is not None and chat.type == chat.PRIVATE else user.id
    stored, _ = register_user(
        services.db,
        user_id=user.id,
        chat_id=chat_id,
        first_name=user.first_name,
        language=language_for(user.language_code),
        now=services.now(),
    )
    return stored


async def edit_in_place(
    message: Message, text: str, markup: InlineKeyboardMarkup | None = None
) -> None:
    """Replace a message's text (and buttons); an edit that changes nothing is not an error."""
    try:
        await message.edit_text(text, parse_mode=ParseMode.HTML, reply_markup=markup)
    except BadRequest as exc:
        if "not modified" not in str(exc):
            raise


async def reply_long(
    message: Message, text: Html, markup: InlineKeyboardMarkup | None = None
) -> None:
    """Reply with ``text`` in as many messages as Telegram's length limit needs (the buttons,
    if any, under the last)."""
    parts = split_message(text)
    for index, part in enumerate(parts):
        last = index == len(parts) - 1
        await message.reply_text(
            part, parse_mode=ParseMode.HTML, reply_markup=markup if last else None
        )


#: The answer to a command naming a channel that is not there (/weight, /verify, /unlink, /why).
UNKNOWN_CHANNEL = N_(
    "I could not find the channel {query}. /channels lists yours, with their numbers."
)


def channel_by_name(channels: list[Channel], query: str) -> Channel | None:
    """A channel by its position in /channels (1-based), by handle or name, by its name as
    shown ("Alice · Mastodon", in any language), or by its platform where it is the only
    channel there ("mastodon")."""
    typed = " ".join(query.split()).casefold()
    text = typed.removeprefix("@")
    if text.isascii() and text.isdigit() and 1 <= int(text) <= len(channels):
        return channels[int(text) - 1]
    for channel in channels:
        names = {
            channel.handle.casefold().removeprefix("@"),
            channel.handle.casefold().removeprefix("@").split("@")[0],  # alice of alice@host
            channel.display_name.casefold(),
            channel.account_id.casefold(),
            *(platforms.named(language, channel).casefold() for language in SUPPORTED_LANGUAGES),
        }
        if text in names or typed in names:  # a shown name may start with its handle's @
            return channel

    def platform_names(channel: Channel) -> set[str]:
        shown = {platforms.name(channel.platform, lang) for lang in SUPPORTED_LANGUAGES}
        return {channel.platform, *(name.casefold() for name in shown)}

    on_platform = [c for c in channels if text in platform_names(c)]
    return on_platform[0] if len(on_platform) == 1 else None


def channel_buttons(
    channels: Sequence[Channel],
    prefix: str,
    label: Callable[[Channel], str] | None = None,
    *,
    language: str = "en",
) -> InlineKeyboardMarkup:
    """One button per channel, named as everywhere ("Alice · Mastodon") unless ``label``
    says otherwise, with ``prefix`` and the channel's id as its data."""

    def default(c: Channel) -> str:
        return platforms.named(language, c)

    text = label or default
    rows = [[InlineKeyboardButton(text(c)[:60], callback_data=f"{prefix}{c.id}")] for c in channels]
    return InlineKeyboardMarkup(rows)


def channel_id(raw: str) -> int | None:
    """A channel id from button data; None for anything else (button data comes from anyone)."""
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) < 12 else None


def readable_platforms(services: Services) -> list[str]:
    """The platforms a user can link here (the operator's missing keys are the operator's
    business: `resonance status` shows them), self-reported networks aside."""
    desk = services.sign_ins
    found = []
    for spec in registry.platforms():
        source = services.sources.get(spec.name)
        if spec.self_reported or source is None or isinstance(source, UnconfiguredSource):
            continue
        signs_in = desk is not None and desk.offered(spec.name, "connect") is not None
        if is_token_source(source) and services.vault is None and not signs_in:
            continue
        found.append(spec.name)
    return found

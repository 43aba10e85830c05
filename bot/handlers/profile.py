"""/card and /share profile (issue 29): a picture of the score to forward, and an opt-in public
page. The profile exists only where the bot has a public address (RESONANCE_PUBLIC_URL); the
card always."""

from __future__ import annotations

import asyncio

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.constants import ChatAction, ParseMode
from telegram.ext import ContextTypes

from bot.handlers.buttons import main_buttons
from bot.handlers.common import edit_in_place, ensure_user
from bot.services import Services, services_of
from bot.use_cases.dashboard import Dashboard, dashboard
from bot.use_cases.profiles import WORDS, ProfileAction, change_profile
from bot.views.card import card_png, shown_channels
from bot.views.i18n import N_, Html, gettext, t
from storage.profiles import Profile, profile_of
from storage.users import User

CALLBACK = "profile:"
NO_CHANNELS = N_("Link a channel first, then your score has a card: /link")
CARD_CAPTION = N_("Your score as a picture, to forward anywhere. Formula {version}.")
PROFILE_ON = N_(
    "Your public profile: {url}\nIt shows your score, its history and your verified channels, "
    "and nothing else about you. {findable}"
)
NOINDEX = N_("Search engines are asked to leave it out.")
INDEXED = N_("Search engines may list it.")
ONLY_VERIFIED = N_("Only verified channels counted by a platform are shown.")
ALL_SHOWN = N_("Channels not verified and numbers you write are shown too, marked.")
PROFILE_OFF = N_("Your public profile is gone: its address shows nothing now.")
PROFILE_NEW = N_("Your profile has a new address; the old one shows nothing now.")
USAGE = N_(
    "<code>/share profile on</code> gives your score a public page; <code>off</code> removes "
    "it, <code>new</code> moves it to a new address, <code>findable</code> or "
    "<code>hidden</code> lets search engines list it or not, <code>all</code> or "
    "<code>verified</code> chooses which channels it shows."
)
B_NEW, B_OFF = N_("New address"), N_("Turn off")
B_FINDABLE, B_HIDDEN = N_("Let search engines list it"), N_("Hide from search engines")
B_ALL, B_VERIFIED = N_("Show all channels"), N_("Only verified channels")


def _url(services: Services, profile: Profile) -> str:
    return f"{(services.settings.public_url or '').rstrip('/')}/p/{profile.slug}"


def profile_text(services: Services, language: str, profile: Profile, note: str | None) -> Html:
    findable = gettext(language, INDEXED if profile.findable else NOINDEX)
    shown = gettext(language, ALL_SHOWN if profile.show_unverified else ONLY_VERIFIED)
    lines = [t(language, PROFILE_ON, url=_url(services, profile), findable=f"{findable} {shown}")]
    if note:
        lines.insert(0, t(language, note))
    return Html("\n".join(lines))


def profile_buttons(language: str, profile: Profile) -> InlineKeyboardMarkup:
    def button(label: str, action: ProfileAction) -> InlineKeyboardButton:
        return InlineKeyboardButton(gettext(language, label), callback_data=CALLBACK + action.value)

    return InlineKeyboardMarkup([
        [button(B_NEW, ProfileAction.NEW), button(B_OFF, ProfileAction.OFF)],
        [button(B_HIDDEN, ProfileAction.HIDDEN) if profile.findable
         else button(B_FINDABLE, ProfileAction.FINDABLE)],
        [button(B_VERIFIED, ProfileAction.VERIFIED) if profile.show_unverified
         else button(B_ALL, ProfileAction.ALL)],
    ])  # fmt: skip


async def share_profile(message: Message, services: Services, user: User, words: list[str]) -> None:
    """/share profile [on|off|new|findable|hidden|all|verified] (on alone shows it)."""
    action = WORDS.get(words[0].lower()) if words else ProfileAction.ON
    if action is None:
        await message.reply_text(t(user.language, USAGE), parse_mode=ParseMode.HTML)
        return
    text, markup = _after(services, user, action)
    await message.reply_text(text, parse_mode=ParseMode.HTML, reply_markup=markup)


def _after(
    services: Services, user: User, action: ProfileAction
) -> tuple[Html, InlineKeyboardMarkup | None]:
    profile = change_profile(services.db, user.id, action, services.now())
    if profile is None:
        return t(user.language, PROFILE_OFF), None
    note = PROFILE_NEW if action is ProfileAction.NEW else None
    return profile_text(services, user.language, profile, note), profile_buttons(
        user.language, profile
    )


async def profile_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A button under the profile message: the change, and the message edited in place."""
    query = update.callback_query
    if query is None or not isinstance(query.message, Message):
        return
    services = services_of(context)
    user = await ensure_user(update, services)
    await query.answer()
    try:
        action = ProfileAction((query.data or "").removeprefix(CALLBACK))
    except ValueError:
        return
    if not services.settings.public_url:
        return
    text, markup = _after(services, user, action)
    await edit_in_place(query.message, text, markup)


async def card(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/card: the score as a 1200×630 picture (the public profile's preview too)."""
    message = update.effective_message
    if message is None or update.effective_user is None:
        return
    services = services_of(context)
    user = await ensure_user(update, services)
    await message.chat.send_action(ChatAction.UPLOAD_PHOTO)
    dash = dashboard(services.db, user.id, services.now(), detail=False)
    if not isinstance(dash, Dashboard):
        await message.reply_text(
            t(user.language, NO_CHANNELS), reply_markup=main_buttons(user.language, ("link",))
        )
        return
    profile = profile_of(services.db, user.id)
    # the profile's preview when there is one; else every channel, each marked
    channels = shown_channels(dash, profile is None or profile.show_unverified)
    png = await asyncio.to_thread(card_png, user.language, dash, channels)
    await message.reply_photo(png, caption=t(user.language, CARD_CAPTION, version=dash.version))

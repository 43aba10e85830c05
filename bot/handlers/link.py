"""/link: link a channel by platform and handle, by URL alone, or through buttons."""

from __future__ import annotations

import logging

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.constants import ChatAction, ParseMode
from telegram.ext import ContextTypes

from bot import platforms
from bot.channel_reader import PlatformNotAvailable, fetch_channel, resolve_account
from bot.handlers.common import edit_in_place, ensure_user
from bot.i18n import N_, Html, t
from bot.refresh import plan_alert
from bot.score_keeper import channel_inputs, record_score
from bot.services import Services, services_of
from scoring.channel_data import PostKind
from scoring.sources import PLATFORMS, detect_platform
from scoring.sources.errors import (
    Forbidden,
    InvalidHandle,
    NotConfigured,
    NotFound,
    RateLimited,
    SourceError,
    UnsafeUrl,
)
from storage.channels import ChannelExists, TooManyChannels, add_channel
from storage.users import get_user

log = logging.getLogger(__name__)

AWAITING = "link_awaiting_platform"
CALLBACK = "link:"
MAX_QUERY = 300

USAGE = N_(
    "To link a channel, send <code>/link PLATFORM HANDLE-OR-URL</code>, for example "
    "<code>/link github alice</code>, or just <code>/link URL</code>.\n"
    "Platforms: {platforms}."
)
CHOOSE = N_("Which platform is the channel on?")
ASK_HANDLE = N_("Send me your {platform} handle or URL, for example: {examples}")
LOOKING = N_("Looking up {query} on {platform}…")
READING = N_("Found {name}. Reading recent posts…")
LINKED = N_(
    "Linked {platform} <b>{name}</b>: {followers} followers, {posts} posts of the last 90 days "
    "read ({own} own, {giving} replies and reshares of others). /channels shows all your channels."
)
LINKED_UNREAD = N_(
    "Linked {platform} <b>{name}</b>, but it could not be read just now: {reason} "
    "I will try again at the next refresh."
)
ALREADY = N_("You have already linked {platform} {name}. /channels lists your channels.")
TOO_MANY = N_("You have reached the limit of linked channels. /unlink one first.")
INVALID = N_("That does not look like a {platform} handle. Examples: {examples}")
NOT_FOUND = N_("I could not find {query} on {platform}. Is it spelled right?")
FORBIDDEN = N_("{platform} does not let me read {query}; the account may be private.")
RATE_LIMITED = N_("{platform} asked me to slow down. Please try again in {minutes} minutes.")
UNAVAILABLE = N_("{platform} could not be reached right now. Please try again later.")
UNSAFE = N_("I only read public http(s) addresses, and that one points somewhere private or local.")
NOT_CONFIGURED = N_(
    "{platform} cannot be read here yet: the operator of this bot has to set {settings} first."
)
EXPIRED = N_("That button has expired. Send /link again.")


def error_text(language: str, exc: SourceError, platform: str, query: str) -> Html:
    """A clear, polite sentence for each kind of failure."""
    name = platforms.name(platform)
    if isinstance(exc, PlatformNotAvailable):
        return t(language, platforms.NOT_AVAILABLE, platform=name)
    if isinstance(exc, InvalidHandle):
        return t(language, INVALID, platform=name, examples=platforms.EXAMPLES.get(platform, ""))
    if isinstance(exc, UnsafeUrl):
        return t(language, UNSAFE)
    if isinstance(exc, NotFound):
        return t(language, NOT_FOUND, query=query, platform=name)
    if isinstance(exc, Forbidden):
        return t(language, FORBIDDEN, query=query, platform=name)
    if isinstance(exc, RateLimited):
        minutes = max(1, round((exc.retry_after or 600) / 60))
        return t(language, RATE_LIMITED, platform=name, minutes=minutes)
    if isinstance(exc, NotConfigured):
        return t(language, NOT_CONFIGURED, platform=name, settings=str(exc) or "?")
    return t(language, UNAVAILABLE, platform=name)


def platform_buttons() -> InlineKeyboardMarkup:
    rows, row = [], []
    for platform in PLATFORMS:
        row.append(
            InlineKeyboardButton(platforms.name(platform), callback_data=CALLBACK + platform)
        )
        if len(row) == 2:
            rows.append(row)
            row = []
    if row:
        rows.append(row)
    return InlineKeyboardMarkup(rows)


async def link_channel(
    message: Message, services: Services, user_id: int, language: str, platform: str, query: str
) -> None:
    """Resolve, store and read one channel, editing one progress message as it goes."""
    name = platforms.name(platform)
    await message.chat.send_action(ChatAction.TYPING)
    progress = await message.reply_text(
        t(language, LOOKING, query=query, platform=name), parse_mode=ParseMode.HTML
    )
    try:
        account = await resolve_account(services, platform, query)
    except SourceError as exc:
        await edit_in_place(progress, error_text(language, exc, platform, query))
        return
    try:
        channel = add_channel(services.db, user_id, account, services.now())
    except ChannelExists:
        await edit_in_place(progress, t(language, ALREADY, platform=name, name=account.handle))
        return
    except TooManyChannels:
        await edit_in_place(progress, t(language, TOO_MANY))
        return
    await edit_in_place(progress, t(language, READING, name=account.display_name or account.handle))
    outcome = await fetch_channel(services, channel)
    inputs = channel_inputs(services, user_id, services.now())
    score = record_score(services, user_id, inputs)
    stored = get_user(services.db, user_id)
    if stored is not None:  # sets the baselines alerts are measured from
        plan_alert(services, stored, score, None, inputs)
    label = account.display_name or account.handle
    if outcome.data is None:
        assert outcome.error is not None
        reason = error_text(language, outcome.error, platform, query)
        await edit_in_place(
            progress, t(language, LINKED_UNREAD, platform=name, name=label, reason=reason)
        )
        return
    posts = outcome.data.posts
    giving = sum(1 for p in posts if p.kind in (PostKind.REPLY, PostKind.RESHARE))
    await edit_in_place(
        progress,
        t(
            language,
            LINKED,
            platform=name,
            name=label,
            followers=outcome.data.profile.followers,
            posts=len(posts),
            own=sum(1 for p in posts if p.kind is PostKind.OWN),
            giving=giving,
        ),
    )


def parse_link_args(args: list[str]) -> tuple[str | None, str | None]:
    """(platform, query) from /link's arguments; (None, None) when they make no sense."""
    if not args:
        return None, None
    first = args[0].lower()
    if first in PLATFORMS:
        return first, " ".join(args[1:]).strip() or None
    if len(args) == 1:
        platform = detect_platform(args[0])
        if platform is not None:
            return platform, args[0]
    return None, None


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
        await message.reply_text(t(language, CHOOSE), reply_markup=platform_buttons())
        return
    platform, query = parse_link_args(args)
    if platform is None:
        await message.reply_text(
            t(language, USAGE, platforms=", ".join(PLATFORMS)), parse_mode=ParseMode.HTML
        )
        return
    if query is None:
        await _ask_for_handle(message, context, language, platform, edit=False)
        return
    if len(query) > MAX_QUERY:
        await message.reply_text(
            error_text(language, InvalidHandle(), platform, ""), parse_mode=ParseMode.HTML
        )
        return
    await link_channel(message, services, user.id, language, platform, query)


async def _ask_for_handle(
    message: Message,
    context: ContextTypes.DEFAULT_TYPE,
    language: str,
    platform: str,
    *,
    edit: bool,
) -> None:
    if context.user_data is not None:
        context.user_data[AWAITING] = platform
    text = t(
        language,
        ASK_HANDLE,
        platform=platforms.name(platform),
        examples=platforms.EXAMPLES[platform],
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
    platform = query.data.removeprefix(CALLBACK)
    await query.answer()
    if platform not in PLATFORMS or not isinstance(query.message, Message):
        if isinstance(query.message, Message):
            await edit_in_place(query.message, t(stored.language, EXPIRED))
        return
    await _ask_for_handle(query.message, context, stored.language, platform, edit=True)


async def handle_reply(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Plain text in a private chat: the handle asked for after a platform button, if any."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None or message.text is None:
        return
    services = services_of(context)
    platform = (context.user_data or {}).pop(AWAITING, None)
    stored = await ensure_user(update, services)
    if platform is None:
        await message.reply_text(
            t(stored.language, "I did not understand that. /help lists what I can do.")
        )
        return
    query = message.text.strip()[:MAX_QUERY]
    await link_channel(message, services, user.id, stored.language, str(platform), query)

"""/verify: prove a channel is yours with a one-time code on its profile (or its token)."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.constants import ChatAction, ParseMode
from telegram.ext import ContextTypes

from bot.handlers.common import (
    UNKNOWN_CHANNEL,
    channel_buttons,
    channel_by_name,
    channel_id,
    edit_in_place,
    ensure_user,
)
from bot.handlers.connect import device_sign_in, sign_in_to_verify
from bot.services import Services, services_of
from bot.use_cases.verifying import (
    NotManaged,
    NotSupported,
    TakenByAnother,
    TooSoon,
    Unreadable,
    Verified,
    VerifyResult,
    Waiting,
    verify,
)
from bot.views import errors as error_texts
from bot.views import platforms
from bot.views import signin as signin_words
from bot.views.i18n import N_, P_, Html, gettext, t, tn
from storage.channels import Channel, get_channel, list_channels

PICK, CHECK, SIGN_IN = "verify:pick:", "verify:check:", "verify:signin:"

NO_CHANNELS = N_("You have not linked any channel yet, so there is nothing to verify.")
CHOOSE = N_(
    "Which channel should I verify? Verifying proves the account is yours: only verified "
    "channels count on a group /leaderboard."
)
PUT_CODE = N_(
    "To prove that {channel} is yours, put this code where I can read it: <code>{code}</code>\n"
    "{where}\nThen press the button. I also look at every refresh; you can remove the code "
    "once the channel is verified."
)
STILL_WAITING = N_(
    "I do not see <code>{code}</code> on {channel} yet. {where} Saved changes can take a "
    "minute to show; press the button again then."
)
VERIFIED = N_("✓ {channel} is verified as yours. You can remove the code now.")
TAKEN = N_(
    "{channel} is already verified by someone else. An account has one owner: they have to "
    "/unlink it before you can verify it."
)
NOT_SUPPORTED = N_("{platform} has no place yet where I could read a code. It stays unverified.")
UNREADABLE = N_("I could not read {channel} just now: {reason} Please try again later.")
CHECK_NOW = N_("I have put it there: check now")
GONE = N_("That channel is no longer linked.")
NOT_MANAGED = N_(
    "The token of {channel} can read it, but does not show that you manage it: anyone may "
    "read a public page. Link it again with a token of an admin of the page (a Page access "
    "token, or a user token that lists the page among yours)."
)
TOO_SOON = P_(
    "I looked at {channel} a moment ago and did not see <code>{code}</code> yet. Saved "
    "changes can take a minute to show: press the button again in {count} second.",
    "I looked at {channel} a moment ago and did not see <code>{code}</code> yet. Saved "
    "changes can take a minute to show: press the button again in {count} seconds.",
)


def _where(language: str, platform: str) -> str:
    return platforms.proof_help(language, platform)


def _button(language: str, channel: Channel) -> InlineKeyboardMarkup:
    label = gettext(language, CHECK_NOW)
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(label, callback_data=f"{CHECK}{channel.id}")]]
    )


def _text(
    language: str, channel: Channel, result: VerifyResult
) -> tuple[Html, InlineKeyboardMarkup | None]:
    name = platforms.named(language, channel)
    match result:
        case Verified():
            return t(language, VERIFIED, channel=name), None
        case TakenByAnother():
            return t(language, TAKEN, channel=name), None
        case NotManaged():
            return t(language, NOT_MANAGED, channel=name), None
        case NotSupported():
            return t(language, NOT_SUPPORTED, platform=platforms.name(channel.platform)), None
        case Unreadable(error):
            reason = error_texts.reason(language, error.code)
            return t(language, UNREADABLE, channel=name, reason=reason), _button(language, channel)
        case TooSoon(code, seconds):
            return tn(language, TOO_SOON, seconds, channel=name, code=code), _button(
                language, channel
            )
        case Waiting(code):
            where = _where(language, channel.platform)
            return t(language, PUT_CODE, channel=name, code=code, where=where), _button(
                language, channel
            )
    raise AssertionError(result)


async def verify_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/verify [CHANNEL]."""
    message = update.effective_message
    if message is None or update.effective_user is None:
        return
    services = services_of(context)
    user = await ensure_user(update, services)
    language = user.language
    channels = list_channels(services.db, user.id)
    if not channels:
        await message.reply_text(t(language, NO_CHANNELS), parse_mode=ParseMode.HTML)
        return
    query = " ".join(context.args or []).strip()
    picker = channel_buttons(
        channels,
        PICK,
        lambda c: ("✓ " if c.verified_at else "") + platforms.named(language, c),
    )
    if not query:
        await message.reply_text(t(language, CHOOSE), reply_markup=picker)
        return
    channel = channel_by_name(channels, query)
    if channel is None:  # the channels to choose from, one tap each
        await message.reply_text(
            t(language, UNKNOWN_CHANNEL, query=query[:100]),
            parse_mode=ParseMode.HTML,
            reply_markup=picker,
        )
        return
    result = await verify(services.db, services.reader, channel, services.now(), check=False)
    text, markup = _text(language, channel, result)
    markup = await _with_sign_in(services, language, channel, markup)
    await message.reply_text(text, parse_mode=ParseMode.HTML, reply_markup=markup)


async def _with_sign_in(
    services: Services, language: str, channel: Channel, markup: InlineKeyboardMarkup | None
) -> InlineKeyboardMarkup | None:
    """``markup`` with a "Sign in with … instead" button, where a sign-in verifies the
    channel's platform here (and the channel still waits for its proof)."""
    desk = services.sign_ins
    spec = desk.offered(channel.platform, "verify") if desk is not None else None
    if spec is None or markup is None:
        return markup
    label = t(language, signin_words.SIGN_IN_INSTEAD, provider=spec.display)
    if spec.redirect:
        url = await sign_in_to_verify(services, channel, spec)
        button = InlineKeyboardButton(label, url=url)
    else:
        button = InlineKeyboardButton(label, callback_data=f"{SIGN_IN}{channel.id}")
    return InlineKeyboardMarkup([*markup.inline_keyboard, [button]])


async def verify_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Pick a channel (shows its code), or check now (edits the message in place)."""
    query = update.callback_query
    if query is None or query.data is None or not isinstance(query.message, Message):
        return
    services = services_of(context)
    user = await ensure_user(update, services)
    await query.answer()
    if query.data.startswith(SIGN_IN):
        await _device(context, services, query.message, user.id, user.language, query.data)
        return
    checking = query.data.startswith(CHECK)
    raw = query.data.removeprefix(CHECK if checking else PICK)
    channel = _owned(services, user.id, raw)
    if channel is None:
        await edit_in_place(query.message, t(user.language, GONE))
        return
    if checking:
        await query.message.chat.send_action(ChatAction.TYPING)
    result = await verify(
        services.db,
        services.reader,
        channel,
        services.now(),
        check=checking,
        checks=services.proof_checks,
    )
    if checking and isinstance(result, Waiting):
        name = platforms.named(user.language, channel)
        where = _where(user.language, channel.platform)
        text = t(user.language, STILL_WAITING, code=result.code, channel=name, where=where)
        markup = await _with_sign_in(
            services, user.language, channel, _button(user.language, channel)
        )
        await edit_in_place(query.message, text, markup)
        return
    text, markup = _text(user.language, channel, result)
    markup = await _with_sign_in(services, user.language, channel, markup)
    await edit_in_place(query.message, text, markup)


async def _device(
    context: ContextTypes.DEFAULT_TYPE,
    services: Services,
    message: Message,
    user_id: int,
    language: str,
    data: str,
) -> None:
    """Verify by the provider's device flow, in the background: waiting for the user to
    type the code takes minutes, and holds no update slot meanwhile."""
    channel = _owned(services, user_id, data.removeprefix(SIGN_IN))
    desk = services.sign_ins
    spec = desk.offered(channel.platform, "verify") if desk and channel else None
    if channel is None or spec is None or spec.redirect:
        await edit_in_place(message, t(language, GONE))
        return
    context.application.create_task(
        device_sign_in(message, services, channel, spec, language), update=None
    )


def _owned(services: Services, user_id: int, raw: str) -> Channel | None:
    """The user's own channel named by button data (anyone's button data is refused)."""
    number = channel_id(raw)
    return None if number is None else get_channel(services.db, user_id, number)

"""/channels lists linked channels; /unlink removes one, through buttons and a confirmation."""

from __future__ import annotations

from datetime import datetime, timedelta

from babel.dates import format_timedelta
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.constants import ParseMode
from telegram.ext import ContextTypes

from bot.handlers.common import (
    UNKNOWN_CHANNEL,
    channel_buttons,
    channel_by_name,
    channel_id,
    edit_in_place,
    ensure_user,
    reply_long,
)
from bot.services import services_of
from bot.use_cases.channels import ChannelLine, channel_lines
from bot.use_cases.refresh import rescore
from bot.views import errors as error_texts
from bot.views import platforms
from bot.views.audience import jump_text
from bot.views.i18n import N_, P_, Html, gettext, t, tn, when
from bot.views.platforms import SELF_WRITTEN_MARK, VERIFIED_MARK
from scoring.budgets import BudgetPlan
from storage.channels import IMPORTED, REPORTED, Channel, get_channel, list_channels, remove_channel
from storage.fetches import count_posts
from storage.users import User

UNLINK = "unlink:"
UNLINK_YES = "unlink-yes:"
UNLINK_NO = "unlink-no"

NONE_YET = N_("You have not linked any channel yet. Try <code>{example}</code>.")
HEADER = N_("<b>Your channels</b>")
LINE = N_("{number}. <b>{name}</b>, weight {weight}: {status}")
STRETCHED = N_("read about every {every}, as often as {platform} allows for all our users")
NOT_READ = N_("not read for now: this Resonance reads no {platform} channels at the moment")
SELF_WRITTEN_NOTE = N_(
    "✎: numbers the channel's owner writes (a blog's comment counts, a server of one): they "
    "count in your score, not on group leaderboards."
)
UNVERIFIED_NOTE = N_("Channels without ✓ are not verified as yours yet: /verify proves it.")
STATUS_OK = N_("ok, read {when}")
STATUS_PENDING = N_("not read yet")
STATUS_REPORTED = N_("numbers reported {when}")
STATUS_UNREPORTED = N_("no numbers reported yet: /report")
STATUS_IMPORTED = N_("imported {when}")
STATUS_STALE = N_("stale since {when}: {reason}")
STATUS_ERROR = N_("error: {reason}. Fix it with /link, or /unlink it.")
CHOOSE = N_("Which channel should I remove?")
CONFIRM = P_(
    "Remove <b>{name}</b> with its {count} stored post? This cannot be undone.",
    "Remove <b>{name}</b> with its {count} stored posts? This cannot be undone.",
)
YES = N_("Yes, remove it")
CANCEL = N_("Cancel")
REMOVED = N_("Removed <b>{name}</b> and everything read from it.")
KEPT = N_("Nothing was removed.")
GONE = N_("That channel is no longer linked.")


def _local(moment: datetime, user: User, now: datetime) -> str:
    """A moment as people say it, in the user's timezone ("today 07:34")."""
    return when(user.language, moment, user.zone, now)


def reason_text(channel: Channel, language: str) -> str:
    return gettext(language, error_texts.words(channel.last_error).reason)


def status_text(channel: Channel, user: User, now: datetime) -> Html:
    language = user.language
    if channel.origin == REPORTED:
        if channel.last_success_at is None:
            return t(language, STATUS_UNREPORTED)
        return t(language, STATUS_REPORTED, when=_local(channel.last_success_at, user, now))
    if channel.origin == IMPORTED and channel.status == "ok" and channel.last_success_at:
        return t(language, STATUS_IMPORTED, when=_local(channel.last_success_at, user, now))
    if channel.status == "ok" and channel.last_success_at is not None:
        return t(language, STATUS_OK, when=_local(channel.last_success_at, user, now))
    if channel.status == "stale" and channel.last_success_at is not None:
        return t(
            language,
            STATUS_STALE,
            when=_local(channel.last_success_at, user, now),
            reason=reason_text(channel, language),
        )
    if channel.status == "error":
        return t(language, STATUS_ERROR, reason=reason_text(channel, language))
    return t(language, STATUS_PENDING)


def stretch_text(channel: Channel, user: User, plan: BudgetPlan | None) -> str:
    """For a channel read less often than the interval (its platform's budget), how often."""
    if plan is None or plan.stretch(channel.platform, channel.url) <= 1.0:
        return ""
    every = plan.interval_of(channel.platform, channel.url)
    if every == timedelta.max:  # the operator's budget allows no reads (a cap of 0)
        return " · " + t(user.language, NOT_READ, platform=platforms.name(channel.platform))
    words = format_timedelta(every, threshold=1.5, locale=user.language)
    return " · " + t(
        user.language, STRETCHED, every=words, platform=platforms.name(channel.platform)
    )


def channels_text(
    linked: list[ChannelLine], user: User, now: datetime, plan: BudgetPlan | None = None
) -> Html:
    if not linked:
        return t(user.language, NONE_YET, example=platforms.link_example())
    channels = [line.channel for line in linked]
    lines: list[str] = [t(user.language, HEADER)]
    for position, line in enumerate(linked, start=1):
        channel = line.channel
        lines.append(
            t(
                user.language,
                LINE,
                number=position,
                name=platforms.named(user.language, channel),
                weight=channel.weight,
                status=status_text(channel, user, now),
            )
            + (f" · {gettext(user.language, VERIFIED_MARK)}" if channel.verified_at else "")
            + (f" · {gettext(user.language, SELF_WRITTEN_MARK)}" if channel.self_written else "")
            + stretch_text(channel, user, plan)
            + (f" · {jump}" if (jump := jump_text(user.language, line.jump)) else "")
        )
    notes = []
    if any(c.verified_at is None for c in channels):
        notes.append(t(user.language, UNVERIFIED_NOTE))
    if any(c.self_written for c in channels):
        notes.append(t(user.language, SELF_WRITTEN_NOTE))
    if notes:
        lines += ["", *notes]
    return Html("\n".join(lines))


async def channels(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/channels: each channel with platform, name, weight, status and when it was read."""
    message = update.effective_message
    if message is None or update.effective_user is None:
        return
    services = services_of(context)
    user = await ensure_user(update, services)
    plan = await services.budgets.plan(services.db, services.now()) if services.budgets else None
    now = services.now()
    text = channels_text(channel_lines(services.db, user.id, now), user, now, plan)
    await reply_long(message, text)


async def unlink(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/unlink: one button per channel; /unlink CHANNEL (its number in /channels or its name):
    straight to the confirmation."""
    message = update.effective_message
    if message is None or update.effective_user is None:
        return
    services = services_of(context)
    user = await ensure_user(update, services)
    language = user.language
    linked = list_channels(services.db, user.id)
    if not linked:
        await message.reply_text(
            t(language, NONE_YET, example=platforms.link_example()), parse_mode=ParseMode.HTML
        )
        return
    query = " ".join(context.args or []).strip()
    picker = channel_buttons(linked, UNLINK, language=language)
    if not query:
        await message.reply_text(t(language, CHOOSE), reply_markup=picker)
        return
    channel = channel_by_name(linked, query)
    if channel is None:  # the channels to choose from, one tap each
        text = t(language, UNKNOWN_CHANNEL, query=query[:100])
        await message.reply_text(text, parse_mode=ParseMode.HTML, reply_markup=picker)
        return
    text, markup = _confirmation(language, channel, count_posts(services.db, channel.id))
    await message.reply_text(text, parse_mode=ParseMode.HTML, reply_markup=markup)


def _confirmation(language: str, channel: Channel, posts: int) -> tuple[Html, InlineKeyboardMarkup]:
    """The question "Remove NAME with its N stored posts?" and its yes and no buttons."""
    markup = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(t(language, YES), callback_data=f"{UNLINK_YES}{channel.id}"),
                InlineKeyboardButton(t(language, CANCEL), callback_data=UNLINK_NO),
            ]
        ]
    )
    name = platforms.named(language, channel)
    return tn(language, CONFIRM, posts, name=name), markup


async def unlink_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The buttons of /unlink: choose, confirm or cancel; the message is edited in place."""
    query = update.callback_query
    if query is None or query.data is None or not isinstance(query.message, Message):
        return
    services = services_of(context)
    user = await ensure_user(update, services)
    language = user.language
    await query.answer()
    data = query.data
    if data == UNLINK_NO:
        await edit_in_place(query.message, t(language, KEPT))
        return
    confirmed = data.startswith(UNLINK_YES)
    number = channel_id(data.removeprefix(UNLINK_YES if confirmed else UNLINK))
    channel = get_channel(services.db, user.id, number) if number is not None else None
    if channel is None:
        await edit_in_place(query.message, t(language, GONE))
        return
    name = platforms.named(language, channel)
    if confirmed:
        remove_channel(services.db, user.id, channel.id)
        if list_channels(services.db, user.id):
            rescore(services.db, user.id, services.now())
        await edit_in_place(query.message, t(language, REMOVED, name=name))
        return
    text, markup = _confirmation(language, channel, count_posts(services.db, channel.id))
    await edit_in_place(query.message, text, markup)

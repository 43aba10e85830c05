"""/weight: how much a channel counts (0 ignore, 1 default, 2–3 professional focus).

``/weight 2 3`` (the channel's number in /channels, or its name) sets it directly; ``/weight``
alone offers buttons: the channel, then the weight. The score is recomputed at once.
"""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.constants import ParseMode
from telegram.ext import ContextTypes

from bot.handlers.common import (
    UNKNOWN_CHANNEL,
    channel_buttons,
    channel_by_name,
    edit_in_place,
    ensure_user,
)
from bot.services import Services, services_of
from bot.use_cases.refresh import rescore
from bot.use_cases.scores import current_score
from bot.views import platforms
from bot.views.i18n import N_, Html, gettext, points, t
from storage.channels import Channel, get_channel, list_channels, set_weight

PICK = "weight:pick:"
SET = "weight:set:"

USAGE = N_(
    "Send <code>/weight CHANNEL 0..3</code>, where CHANNEL is its number in /channels or its "
    "name: 0 ignores a channel, 1 is the default, 2 and 3 mark professional focus. Or send "
    "/weight alone and use the buttons."
)
NO_CHANNELS = N_("You have not linked any channel yet. Try <code>{example}</code>.")
CHOOSE_CHANNEL = N_("Which channel's weight?")
CHOOSE_WEIGHT = N_("How much should <b>{name}</b> count? Now: {weight}.")
LEVELS = (N_("0 ignore"), N_("1 default"), N_("2 professional"), N_("3 main focus"))
DONE = N_("<b>{name}</b> now counts with weight {weight}. Your score: {score} (was {before}).")
WHY_SAME = N_(
    "Weights are relative: they say how your channels count against each other, so {detail}"
)
SAME_ALONE = N_("a single channel scores the same at any weight above 0.")
SAME_ALL = N_("the score did not change.")
WHY_UP = N_(
    "Weights are relative: {channel} now counts more against your other channels, and it earns "
    "more interaction than they do, so the score rose."
)
WHY_DOWN = N_(
    "Weights are relative: {channel} now counts more against your other channels, and it earns "
    "less interaction than they do, so the score fell. That is honest: it says which channel "
    "matters to you, not how to gain points."
)
WHY_LESS_UP = N_(
    "Weights are relative: {channel} now counts less against your other channels, which earn "
    "more than it does, so the score rose."
)
WHY_LESS_DOWN = N_(
    "Weights are relative: {channel} now counts less against your other channels, so what it "
    "brought counts less and the score fell."
)
WHY_IGNORED = N_(
    "Weight 0: {channel} is ignored, and adds nothing to your score until "
    "<code>/weight {number} 1</code> counts it again."
)
GONE = N_("That channel is no longer linked.")


async def _apply(
    services: Services, user_id: int, language: str, channel: Channel, weight: int
) -> Html:
    before = current_score(services.db, user_id, services.now(), posts=False).score.value
    set_weight(services.db, user_id, channel.id, weight)
    after = rescore(services.db, user_id, services.now()).value
    done = t(
        language,
        DONE,
        name=platforms.named(language, channel),
        weight=weight,
        score=points(language, after),
        before=points(language, before),
    )
    name = platforms.named(language, channel)
    linked = list_channels(services.db, user_id)
    counting = [c for c in linked if c.weight > 0]
    if weight == 0:  # by its number in /channels: the /why summary lists only what counts
        number = next((i for i, c in enumerate(linked, start=1) if c.id == channel.id), 1)
        why = t(language, WHY_IGNORED, channel=name, number=number)
    elif round(after - before, 1) == 0:
        alone = len(counting) <= 1
        why = t(language, WHY_SAME, detail=t(language, SAME_ALONE if alone else SAME_ALL))
    elif weight > channel.weight:
        why = t(language, WHY_UP if after > before else WHY_DOWN, channel=name)
    else:
        why = t(language, WHY_LESS_UP if after > before else WHY_LESS_DOWN, channel=name)
    return Html(f"{done}\n{why}")


async def weight(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/weight [CHANNEL 0..3]."""
    message = update.effective_message
    if message is None or update.effective_user is None:
        return
    services = services_of(context)
    user = await ensure_user(update, services)
    language = user.language
    channels = list_channels(services.db, user.id)
    if not channels:
        await message.reply_text(
            t(language, NO_CHANNELS, example=platforms.link_example()), parse_mode=ParseMode.HTML
        )
        return
    args = list(context.args or [])
    picker = channel_buttons(
        channels, PICK, lambda c: f"{platforms.named(language, c)} ({c.weight})"
    )
    if not args:
        await message.reply_text(t(language, CHOOSE_CHANNEL), reply_markup=picker)
        return
    if len(args) == 1 or args[-1] not in ("0", "1", "2", "3"):  # a channel alone: its weights
        named = channel_by_name(channels, " ".join(args))
        if named is None:
            await message.reply_text(t(language, USAGE), parse_mode=ParseMode.HTML)
            return
        text, markup = _weights_of(language, named)
        await message.reply_text(text, parse_mode=ParseMode.HTML, reply_markup=markup)
        return
    query = " ".join(args[:-1])
    channel = channel_by_name(channels, query)
    if channel is None:  # the channels to choose from, one tap each
        await message.reply_text(
            t(language, UNKNOWN_CHANNEL, query=query[:100]),
            parse_mode=ParseMode.HTML,
            reply_markup=picker,
        )
        return
    text = await _apply(services, user.id, language, channel, int(args[-1]))
    await message.reply_text(text, parse_mode=ParseMode.HTML)


async def weight_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The buttons of /weight: pick a channel, then a weight; the message is edited in place."""
    query = update.callback_query
    if query is None or query.data is None or not isinstance(query.message, Message):
        return
    services = services_of(context)
    user = await ensure_user(update, services)
    language = user.language
    await query.answer()
    parts = query.data.split(":")
    shape_ok = (len(parts) == 3 and parts[1] == "pick") or (
        len(parts) == 4 and parts[1] == "set" and parts[3] in ("0", "1", "2", "3")
    )
    valid = shape_ok and parts[2].isascii() and parts[2].isdigit() and len(parts[2]) < 12
    channel = get_channel(services.db, user.id, int(parts[2])) if valid else None
    if channel is None:
        await edit_in_place(query.message, t(language, GONE))
        return
    if len(parts) == 4:
        await edit_in_place(
            query.message, await _apply(services, user.id, language, channel, int(parts[3]))
        )
        return
    await edit_in_place(query.message, *_weights_of(language, channel))


def _weights_of(language: str, channel: Channel) -> tuple[Html, InlineKeyboardMarkup]:
    """The question for one channel's weight, with a button for each."""
    buttons = [
        InlineKeyboardButton(gettext(language, label), callback_data=f"{SET}{channel.id}:{level}")
        for level, label in enumerate(LEVELS)
    ]
    text = t(
        language, CHOOSE_WEIGHT, name=platforms.named(language, channel), weight=channel.weight
    )
    return text, InlineKeyboardMarkup([buttons[:2], buttons[2:]])

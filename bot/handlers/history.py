"""/history: a chart of the score over the last 90 days, each channel's contribution stacked."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from babel.dates import format_date, format_skeleton
from telegram import InputFile, Update
from telegram.constants import ChatAction, ParseMode
from telegram.ext import ContextTypes

from bot.handlers.buttons import main_buttons
from bot.handlers.common import ensure_user
from bot.services import services_of
from bot.use_cases.scores import daily_history, history_points
from bot.views import platforms
from bot.views.charts import CHART_SPAN, DailyPanel, channel_changes, charted, history_png, switches
from bot.views.history import channel_names, chart_marks, so_far, what_changed
from bot.views.i18n import N_, P_, gettext, points, t, tn

DAYS = 90
TITLE = N_("Your Resonance score, last 90 days")
CAPTION = N_(
    "Your score over the last 90 days: {first} → {last}. Colours show each channel's share."
)
#: a history shorter than the chart's 90 days (a new user): from its first score on
CAPTION_SINCE = N_("Your score since {date}: {first} → {last}. Colours show each channel's share.")
SINCE_CHANGE = N_(
    "Dashed lines mark channels you linked or removed: that moves the score without any change in your activity. Since the last one ({date}): {then} → {last}."
)
SWITCHED = N_(
    "The dashed line on {date} marks a change to {what}: scores before and after it are computed differently and are not compared."
)
DAILY_TITLE = N_("Engagements per day, from your exports")
DAILY_CAPTION = P_(
    "Below: engagements per day from your {channels} exports, {count} day in all.",
    "Below: engagements per day from your {channels} exports, {count} days in all.",
)
NO_HISTORY = N_("You have no channels yet, so there is no history. Link one with /link.")
NOT_ENOUGH = N_(
    "There is no history to draw yet: scores are kept from your first linked channel on. Come back after a few refreshes."
)


async def history(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    if message is None or update.effective_user is None:
        return
    services = services_of(context)
    user = await ensure_user(update, services)
    language = user.language
    now = services.now()
    series = history_points(services.db, user.id, now)
    daily = daily_history(services.db, user.id, now, DAYS)
    # a new user's scores, minutes apart, are said in words (an export's days are drawn)
    if not series:  # never a channel linked
        markup = main_buttons(language, ("link",))
        await message.reply_text(
            t(language, NO_HISTORY), parse_mode=ParseMode.HTML, reply_markup=markup
        )
        return
    if len(series) < 2 or not (daily or charted(series, now)):
        young = now < series[0].at + CHART_SPAN
        words = so_far(language, series, user.zone, now) if young else t(language, NOT_ENOUGH)
        await message.reply_text(words, parse_mode=ParseMode.HTML)
        return
    await message.chat.send_action(ChatAction.UPLOAD_PHOTO)
    title = gettext(language, TITLE)
    names = channel_names(language, series)
    marks = chart_marks(language, series, names)
    panel = DailyPanel(
        gettext(language, DAILY_TITLE),
        [(s.channel_id, names.get(s.channel_id, s.label), s.days) for s in daily],
    )
    png = await asyncio.to_thread(
        history_png,
        series,
        user.zone,
        title,
        language,
        names,
        marks=marks,
        daily=panel if daily else None,
    )
    first, last = points(language, series[0].total), points(language, series[-1].total)
    if series[0].at > now - timedelta(days=DAYS - 5):
        began = format_skeleton("MMMd", series[0].at.astimezone(user.zone), locale=language)
        lines = [t(language, CAPTION_SINCE, date=began, first=first, last=last)]
    else:
        lines = [t(language, CAPTION, first=first, last=last)]
    changes = channel_changes(series)
    if changes:
        since = changes[-1]  # the score right after it (another of the same second may precede)
        day = format_skeleton("MMMd", since.at.astimezone(user.zone), locale=language)
        then = points(language, since.total)
        lines.append(t(language, SINCE_CHANGE, date=day, then=then, last=last))
    if daily:
        kinds = sorted({platforms.name(s.platform, language) for s in daily})
        lines.append(
            tn(language, DAILY_CAPTION, sum(len(s.days) for s in daily), channels=" + ".join(kinds))
        )
    for moment, before, point in [(p.at, b, p) for b, p in switches(series)][-3:]:
        day = format_date(moment.astimezone(user.zone), "medium", locale=language)
        lines.append(t(language, SWITCHED, date=day, what=what_changed(language, before, point)))
    await message.reply_photo(
        InputFile(png, filename="history.png"),
        caption="\n".join(lines),
        parse_mode=ParseMode.HTML,
    )

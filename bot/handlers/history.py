"""/history: a chart of the score over the last 90 days, each channel's contribution stacked."""

from __future__ import annotations

import asyncio

from babel.dates import format_date
from telegram import InputFile, Update
from telegram.constants import ChatAction, ParseMode
from telegram.ext import ContextTypes

from bot.handlers.common import ensure_user
from bot.services import services_of
from bot.use_cases.scores import HistoryPoint, daily_history, history_points
from bot.views import platforms
from bot.views.charts import DailyPanel, history_png, switches
from bot.views.i18n import N_, P_, gettext, number, t, tn

DAYS = 90
TITLE = N_("Your Resonance score, last 90 days")
CAPTION = P_(
    "Your score over the last 90 days: {first} → {last}, from {count} computation. Colours show each channel's share.",
    "Your score over the last 90 days: {first} → {last}, from {count} computations. Colours show each channel's share.",
)
MARK_FORMULA = N_("formula {version}")
MARK_FOCUS = N_("focus score")
MARK_ALL = N_("all posts")
SWITCHED = N_(
    "The dashed line on {date} marks a change to {what}: scores before and after it are computed differently and are not compared."
)
DAILY_TITLE = N_("Engagements per day, from your exports")
DAILY_CAPTION = P_(
    "Below: engagements per day from your {channels} exports, {count} day in all.",
    "Below: engagements per day from your {channels} exports, {count} days in all.",
)
NOT_ENOUGH = N_(
    "There is no history to draw yet: scores are kept from your first linked channel on. Come back after a few refreshes."
)


async def history(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    if message is None or update.effective_user is None:
        return
    services = services_of(context)
    user = await ensure_user(update, services)
    points = history_points(services.db, user.id, services.now())
    if len(points) < 2:
        await message.reply_text(t(user.language, NOT_ENOUGH), parse_mode=ParseMode.HTML)
        return
    await message.chat.send_action(ChatAction.UPLOAD_PHOTO)
    title = gettext(user.language, TITLE)
    marks = [(point.at, _what(user.language, before, point)) for before, point in switches(points)]
    daily = daily_history(services.db, user.id, services.now(), DAYS)
    panel = DailyPanel(
        gettext(user.language, DAILY_TITLE),
        [(s.label, s.days) for s in daily],  # named as in the score's legend
    )
    png = await asyncio.to_thread(
        history_png, points, user.zone, title, marks=marks, daily=panel if daily else None
    )
    lines = [
        tn(
            user.language,
            CAPTION,
            len(points),
            first=number(user.language, points[0].total),
            last=number(user.language, points[-1].total),
        )
    ]
    if daily:
        names = sorted({platforms.name(s.platform, user.language) for s in daily})
        lines.append(
            tn(
                user.language,
                DAILY_CAPTION,
                sum(len(s.days) for s in daily),
                channels=" + ".join(names),
            )
        )
    for moment, what in marks[-3:]:  # the chart shows them all; the caption stays short
        day = format_date(moment.astimezone(user.zone), "medium", locale=user.language)
        lines.append(t(user.language, SWITCHED, date=day, what=what))
    await message.reply_photo(
        InputFile(png, filename="history.png"),
        caption="\n".join(lines),
        parse_mode=ParseMode.HTML,
    )


def _what(language: str, before: HistoryPoint, point: HistoryPoint) -> str:
    """What changed between two points: the formula version, else the mode."""
    version, mode = point.formula.split("/")
    if version != before.formula.split("/")[0]:
        return gettext(language, MARK_FORMULA).format(version=version)
    mark = MARK_FOCUS if mode == "focus" else MARK_ALL
    return gettext(language, mark)

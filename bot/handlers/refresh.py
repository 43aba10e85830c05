"""/refresh: read every channel now and recompute, with a cooldown, showing progress."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from telegram import Update
from telegram.constants import ChatAction, ParseMode
from telegram.ext import ContextTypes

from bot.handlers.common import edit_in_place, ensure_user
from bot.services import services_of
from bot.use_cases.reading import FetchOutcome
from bot.use_cases.refresh import refresh_user
from bot.views import errors as error_texts
from bot.views import platforms
from bot.views.i18n import N_, P_, points, signed, t, tn
from storage.channels import Channel, list_channels
from storage.schedule import set_manual_refresh

COOLDOWN = timedelta(minutes=10)

NO_CHANNELS = N_("There is nothing to refresh yet. Link a channel first: <code>{example}</code>")
WAIT = N_(
    "I refreshed your channels a moment ago. You can refresh again in {minutes} min; /score shows the current numbers."
)
NOTHING_TO_READ = N_(
    "There is nothing for me to read: your channels count the numbers you report (/report) "
    "and the exports you send me. /score shows where you stand."
)
STARTING = P_("Reading your {count} channel…", "Reading your {count} channels…")
PROGRESS = N_("Read {done} of {count}: {name} ✓")
PROGRESS_FAILED = N_("Read {done} of {count}: {name} ✗ {reason}")
DONE = P_(
    "Refreshed {count} channel. Your score: <b>{score}</b> ({change}). /why explains it.",
    "Refreshed {count} channels. Your score: <b>{score}</b> ({change}). /why explains it.",
)
DONE_FIRST = P_(
    "Refreshed {count} channel. Your score: <b>{score}</b>. /why explains it.",
    "Refreshed {count} channels. Your score: <b>{score}</b>. /why explains it.",
)
SOME_FAILED = N_("{failed} could not be read; their last good data still counts (see /channels).")


async def refresh(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/refresh now, unless the last one was under ten minutes ago."""
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
    readable = [c for c in channels if c.read_by_refresh]
    if not readable:  # self-reported and imported only: "Reading your 1 channel… Refreshed 0"
        await message.reply_text(t(language, NOTHING_TO_READ), parse_mode=ParseMode.HTML)
        return
    now = services.now()
    last = user.last_manual_refresh_at
    if last is not None and now - last < COOLDOWN:
        minutes = max(1, int((last + COOLDOWN - now).total_seconds() // 60) + 1)
        await message.reply_text(t(language, WAIT, minutes=minutes), parse_mode=ParseMode.HTML)
        return
    set_manual_refresh(services.db, user.id, now)
    await message.chat.send_action(ChatAction.TYPING)
    progress = await message.reply_text(
        tn(language, STARTING, len(readable)), parse_mode=ParseMode.HTML
    )
    lines: list[str] = []
    shown = [""]  # what the message says now
    editing = asyncio.Lock()  # channels are read at once: their edits go one at a time

    async def report(channel: Channel, outcome: FetchOutcome, done: int, count: int) -> None:
        fields = {
            "done": done,
            "count": count,
            "name": platforms.named(language, channel),
        }
        if outcome.error is None:
            lines.append(t(language, PROGRESS, **fields))
        else:
            reason = error_texts.reason(language, outcome.error.code)
            lines.append(t(language, PROGRESS_FAILED, reason=reason, **fields))
        async with editing:  # each edit shows every channel read so far, never fewer
            text = "\n".join(lines)
            if text != shown[0]:
                shown[0] = text
                await edit_in_place(progress, text)

    outcome = await refresh_user(
        services.db, services.reader, user.id, now, force=True, progress=report
    )
    if outcome is None:
        return
    score = points(language, outcome.score.value)
    summary: str
    if outcome.before is None:
        summary = tn(language, DONE_FIRST, len(outcome.outcomes), score=score)
    else:
        change = signed(language, outcome.score.value - outcome.before)
        summary = tn(language, DONE, len(outcome.outcomes), score=score, change=change)
    failed = sum(1 for o in outcome.outcomes if o.error is not None)
    if failed:  # the progress collapses to the result: only what went wrong stays listed
        summary += "\n" + t(language, SOME_FAILED, failed=failed)
        wrong = [line for line in lines if "✗" in line]
        summary = "\n".join([summary, *wrong])
    await edit_in_place(progress, summary)

"""/report: the numbers of a self-reported channel's last 7 days.

``/report XING followers 320 posts 3 reactions 45 comments 12`` (any order; English or
German words; the name may be left out when the user has one self-reported channel).
``/report`` alone, or with only the name, asks for the numbers with buttons
(bot/handlers/report_dialogue.py); so does a report of the followers alone, for the week's
others (a report replaces the week's last: "followers 330" would have recorded no posts).
"""

from __future__ import annotations

from telegram import Update
from telegram.constants import ParseMode
from telegram.ext import ContextTypes

from bot.handlers import report_dialogue
from bot.handlers.common import ensure_user
from bot.services import services_of
from bot.use_cases.reporting import Refused, parse_words, report_week, reported_channels
from bot.views.i18n import N_, t
from bot.views.reports import result_text
from scoring.channel_data import short_name
from scoring.sources.manual import word_key

USAGE = N_(
    "Send the numbers of the last 7 days of a self-reported channel: <code>/report NAME "
    "followers 320 posts 3 reactions 45 comments 12</code> (shares too, if the network shows "
    "them). Yours: {names}."
)
NONE_YET = N_(
    "You have no self-reported channel yet. Add one for a network the bot cannot read, e.g. "
    "<code>/link manual XING</code>."
)


async def report(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/report [NAME] WORD NUMBER …"""
    message = update.effective_message
    if message is None or update.effective_user is None:
        return
    services = services_of(context)
    user = await ensure_user(update, services)
    language = user.language
    mine = reported_channels(services.db, user.id)
    args = list(context.args or [])
    if not mine:
        await message.reply_text(t(language, NONE_YET), parse_mode=ParseMode.HTML)
        return
    names = ", ".join(short_name(c.handle) for c in mine)
    name, words = _split(args, [c.handle for c in mine])
    if not args:
        await report_dialogue.start(message, context, language, mine)
        return
    named = [c for c in mine if c.handle.casefold() == name.casefold()]
    if named and not words:
        await report_dialogue.start(message, context, language, named)
        return
    if not name:
        await message.reply_text(t(language, USAGE, names=names), parse_mode=ParseMode.HTML)
        return
    parsed = parse_words(words)
    if named and not isinstance(parsed, Refused) and _followers_alone(words):
        await report_dialogue.start(message, context, language, named, parsed.followers)
        return
    result = (
        parsed
        if isinstance(parsed, Refused)
        else report_week(services.db, user.id, name, parsed, services.now())
    )
    await message.reply_text(result_text(language, result), parse_mode=ParseMode.HTML)


def _split(args: list[str], handles: list[str]) -> tuple[str, list[str]]:
    """(the channel's name, the words and numbers): the name is one of the user's channels
    when the arguments start with it, may be left out by a user with one such channel, and
    otherwise runs up to the first word the report knows."""
    for handle in sorted(handles, key=lambda h: -len(h.split())):
        size = len(handle.split())
        if " ".join(args[:size]).casefold() == handle.casefold():
            return handle, args[size:]
    first_word = next((i for i, word in enumerate(args) if word_key(word) is not None), len(args))
    if first_word == 0 and len(handles) == 1:
        return handles[0], args
    return " ".join(args[:first_word]), args[first_word:]


def _followers_alone(words: list[str]) -> bool:
    """Whether the report names the followers and nothing of the week (posts, reactions…)."""
    return {word_key(word) for word in words[::2]} == {"followers"}

"""/report: the numbers of a self-reported channel's last 7 days.

``/report XING followers 320 posts 3 reactions 45 comments 12`` (any order; English or
German words; the name may be left out when the user has one self-reported channel).
"""

from __future__ import annotations

from telegram import Update
from telegram.constants import ParseMode
from telegram.ext import ContextTypes

from bot.handlers.common import ensure_user
from bot.services import services_of
from bot.use_cases.reporting import (
    NoSuchChannel,
    Refused,
    Reported,
    parse_words,
    report_week,
    reported_channels,
)
from bot.views import counts
from bot.views.i18n import N_, P_, Html, gettext, number, t, tn
from scoring.sources.manual import WORDS

USAGE = N_(
    "Send the numbers of the last 7 days of a self-reported channel: <code>/report NAME "
    "followers 320 posts 3 reactions 45 comments 12</code> (shares too, if the network shows "
    "them). Yours: {names}."
)
NONE_YET = N_(
    "You have no self-reported channel yet. Add one for a network the bot cannot read, e.g. "
    "<code>/link manual XING</code>."
)
NO_SUCH = N_(
    "You have no self-reported channel named {name}. Yours: {names}. Add it with "
    "<code>/link manual {name}</code>."
)
DONE = N_(
    "Recorded for <b>{name}</b>, the last 7 days: {followers}, {posts}, {reactions}, "
    "{comments}. Your score: <b>{score}</b>."
)
REACTIONS = P_("{count} reaction", "{count} reactions")
COMMENTS = P_("{count} comment", "{count} comments")
#: The report's own names for its numbers, in the user's language (a refused jump names one).
FIELDS = {"followers": N_("followers"), "reactions": N_("reactions"), "comments": N_("comments")}
REFUSED = {
    "missing_numbers": N_(
        "Each word needs its number after it: followers, posts, reactions, comments, shares."
    ),
    "unknown_word": N_(
        "I do not know “{word}”. Use followers, posts, reactions, comments and shares."
    ),
    "negative": N_("{word} cannot be negative."),
    "not_a_number": N_("“{value}” after {word} is not a whole number."),
    "too_large": N_("{value} {word} in a week is more than I can believe; please check it."),
    "needs_posts": N_("Reactions, comments and shares need at least one post in the week."),
    "jump": N_(
        "{word} went from {before} to {after} since your last report: a jump of 100 times or "
        "more is far more often a typo. Please check the number."
    ),
}


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
    names = ", ".join(c.handle for c in mine)
    name, words = _split(args, [c.handle for c in mine])
    if not args or not name:
        await message.reply_text(t(language, USAGE, names=names), parse_mode=ParseMode.HTML)
        return
    parsed = parse_words(words)
    result = (
        parsed
        if isinstance(parsed, Refused)
        else report_week(services.db, user.id, name, parsed, services.now())
    )
    await message.reply_text(_text(language, result), parse_mode=ParseMode.HTML)


def _split(args: list[str], handles: list[str]) -> tuple[str, list[str]]:
    """(the channel's name, the words and numbers): the name is one of the user's channels
    when the arguments start with it, may be left out by a user with one such channel, and
    otherwise runs up to the first word the report knows."""
    for handle in sorted(handles, key=lambda h: -len(h.split())):
        size = len(handle.split())
        if " ".join(args[:size]).casefold() == handle.casefold():
            return handle, args[size:]
    first_word = next(
        (i for i, word in enumerate(args) if word.casefold().rstrip(":") in WORDS), len(args)
    )
    if first_word == 0 and len(handles) == 1:
        return handles[0], args
    return " ".join(args[:first_word]), args[first_word:]


def _text(language: str, result: Reported | NoSuchChannel | Refused) -> Html:
    match result:
        case Refused(code, fields):
            word = fields.get("word")
            if code == "jump" and isinstance(word, str) and word in FIELDS:
                fields = {**fields, "word": gettext(language, FIELDS[word])}
            return t(language, REFUSED[code], **fields)
        case NoSuchChannel(name, names):
            return t(language, NO_SUCH, name=name, names=", ".join(names) or "–")
        case Reported(channel, numbers, score):
            return t(
                language,
                DONE,
                name=channel.handle,
                followers=tn(language, counts.FOLLOWERS, numbers.followers or 0),
                posts=tn(language, counts.POSTS, numbers.posts),
                reactions=tn(language, REACTIONS, numbers.reactions),
                comments=tn(language, COMMENTS, numbers.comments),
                score=number(language, score.value),
            )
    raise AssertionError(f"unexpected report result {result!r}")

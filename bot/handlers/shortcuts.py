"""Buttons before typed syntax: the main commands one tap away, and everyday questions
("what is my score?", "wie ist mein Wert?") answered as the command they mean."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable

from telegram import Message, Update
from telegram.constants import ParseMode
from telegram.ext import ContextTypes

from bot.handlers import channels, data, history, link, report, score, settings, start, tips
from bot.handlers.buttons import GO, main_buttons
from bot.handlers.common import language_of
from bot.services import services_of
from bot.views.i18n import N_, t

Handler = Callable[[Update, ContextTypes.DEFAULT_TYPE], Awaitable[None]]
COMMANDS: dict[str, Handler] = {
    "score": score.score,
    "why": score.why,
    "tips": tips.tips,
    "history": history.history,
    "link": link.link,
    "settings": settings.settings,
    "help": start.help_command,
    "report": report.report,
    "forget": data.forget,  # asks before anything is deleted
    "unlink": channels.unlink,  # the same
}
NOT_UNDERSTOOD = N_("I did not understand that. What would you like?")
GREETING = N_("Hello! What would you like?")
THANKS = N_("You are welcome. Anything else?")
#: a greeting or thanks alone (answered in kind, with the main buttons)
_GREETING = re.compile(
    r"^\W*(hi|hello|hey|hallo|moin|servus|good (morning|afternoon|evening)|"
    r"guten (morgen|tag|abend))\W*$",
    re.IGNORECASE,
)
_THANKS = re.compile(
    r"^\W*(thanks?( you)?( so much)?|thx|danke( dir| schön| sehr)?)\W*$", re.IGNORECASE
)
NOT_READ = N_(
    "I read text and export files, not pictures, voice messages or stickers. What would you like?"
)

_REMOVE = r"(delete|remove|erase|unlink|lösch\w*|entfern\w*)"
_CHANNEL = r"(channels?|kanal|kanäle|kanals|links?)"
#: "delete my data", "vergiss mich": all of it (a post or a score alone is not /forget's)
_DELETE = r"(delete|erase|forget|lösch\w*|vergiss)"
_MINE = r"(data|daten|account|konto|everything|alles|me|mich)"
#: Everyday questions, in English and German, and the command each means.
QUESTIONS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), command)
    for pattern, command in (
        # before "score" and "link": "delete my score", "remove a link" are these
        (rf"\b{_REMOVE}\b.*\b{_CHANNEL}\b|\b{_CHANNEL}\b.*\b{_REMOVE}\b", "unlink"),
        (rf"\b{_DELETE}\b.*\b{_MINE}\b|\b{_MINE}\b.*\b{_DELETE}\b", "forget"),
        (
            r"\b(stop|unsubscribe|abmelden|abbestellen|no more messages|keine nachrichten)\b",
            "settings",
        ),  # where the digest and the alerts are turned off
        (r"\b(why|warum|wieso|weshalb)\b", "why"),
        (
            r"\b(tips?|tipps?|advice|rat|ratschl\w*|improve|verbesser\w*|raise|increase|boost|"
            r"grow|erhöh\w*|steiger\w*)\b",
            "tips",
        ),
        (r"\b(history|chart|verlauf|grafik|diagramm)\b", "history"),
        (r"\b(score|wert|punkte?|punktzahl|stand|how am i doing|wie stehe ich)\b", "score"),
        (r"\b(link|add|verknüpf\w*|hinzufüg\w*)\b", "link"),
        (r"\b(settings?|einstellung\w*)\b", "settings"),
        (
            r"\b(help|hilfe|what can you do|was kannst du|how does (it|this) work|"
            r"wie funktioniert)\b",
            "help",
        ),
    )
)


def meant(text: str) -> str | None:
    """The command an everyday question means, if it is one (a short message only)."""
    if len(text) > 80:
        return None
    return next((command for pattern, command in QUESTIONS if pattern.search(text)), None)


async def go(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A main-command button: the command runs as if it had been sent."""
    query = update.callback_query
    if query is None or query.data is None:
        return
    await query.answer()
    command = COMMANDS.get(query.data.removeprefix(GO))
    if command is not None and isinstance(query.message, Message):
        await command(update, context)


async def question(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    """Answer an everyday question as its command; False if the text is none."""
    message = update.effective_message
    if message is None or not message.text:
        return False
    command = meant(message.text)
    if command is None:
        return False
    await COMMANDS[command](update, context)
    return True


async def not_understood(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Text that is no question: a greeting or thanks answered in kind, anything else said
    not understood; each with the main commands as buttons."""
    message = update.effective_message
    text = message.text if message is not None and message.text else ""
    said = NOT_UNDERSTOOD
    if len(text) <= 40 and _GREETING.match(text):
        said = GREETING
    elif len(text) <= 40 and _THANKS.match(text):
        said = THANKS
    await _with_main_buttons(update, context, said)


async def not_read(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A picture, voice message, sticker … in the private chat: said what is read, with the
    main commands as buttons (it was answered with silence)."""
    await _with_main_buttons(update, context, NOT_READ)


async def _with_main_buttons(update: Update, context: ContextTypes.DEFAULT_TYPE, text: str) -> None:
    message = update.effective_message
    if message is None:
        return
    language = language_of(update, services_of(context))
    await message.reply_text(
        t(language, text),
        parse_mode=ParseMode.HTML,
        reply_markup=main_buttons(language, ("score", "tips", "link", "help")),
    )

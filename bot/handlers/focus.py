"""/focus: the user's professional topics; the score reports the share of interaction on them.

``/focus design "machine learning" #ux`` adds topics (commas also separate them), ``/focus``
alone lists them with a button to remove each, ``/focus clear`` empties the list. Every change
rescores at once, without an alert (the user changed what is measured, not their resonance).
"""

from __future__ import annotations

import shlex

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.constants import ParseMode
from telegram.ext import ContextTypes

from bot.handlers.common import edit_in_place, ensure_user
from bot.services import Services, services_of
from bot.use_cases.refresh import rescore
from bot.use_cases.scores import focus_preview
from bot.use_cases.settings import set_topics
from bot.views.i18n import N_, Html, number, t
from scoring.focus import MAX_TOPICS, fold, normalize_topic
from storage.channels import has_channels
from storage.users import User

REMOVE = "focus:rm:"
CLEAR_WORDS = ("clear", "leeren", "löschen")

NONE = N_(
    "You have no focus topics yet. Name what you work on, e.g. "
    '<code>/focus design "user research" #ux</code>: your score then says how much of your '
    "interaction comes from posts on them."
)
LIST = N_("<b>Your focus topics</b>: {topics}")
SHARE = N_("{percent} % of the interaction you received came from posts on them.")
NO_SHARE = N_("No interaction on posts yet to measure them by.")
HOW = N_(
    "Add more with <code>/focus TOPIC …</code>, remove one with its button, or send "
    "<code>/focus clear</code>. /settings can make your score count only focus posts."
)
TOO_MANY = N_("At most {limit} focus topics: you have {count}. Remove some first (/focus).")
CLEARED = N_("Your focus topics are cleared.")
MALFORMED = N_(
    'I could not read those topics: a quotation mark is missing. Try <code>/focus "user research"'
    " design</code>."
)
GONE = N_("That topic is no longer in your list.")
EXAMPLE = N_("For example: “{post}”.")
NEAR_MISS = N_(
    "“{post}” holds “{topic}” only inside another word, so it does not count: a topic matches "
    "whole words."
)
NO_MATCH = N_(
    "None of your posts of the last 90 days mention them. A topic matches words as written: "
    "posts in English need the English word."
)


def parse_topics(text: str) -> list[str]:
    """Topics from the command's text: comma-separated, or words and "quoted phrases".

    ValueError when a quotation mark is left open.
    """
    if "," in text:
        parts = text.split(",")
    else:
        lexer = shlex.shlex(text.replace("“", '"').replace("”", '"').replace("„", '"'), posix=True)
        lexer.whitespace_split = True
        lexer.commenters = ""
        parts = list(lexer)
    return [topic for topic in map(normalize_topic, parts) if topic]


def _view(services: Services, user: User) -> tuple[Html, InlineKeyboardMarkup | None]:
    language = user.language
    if not user.focus:
        return t(language, NONE), None
    lines: list[str] = [t(language, LIST, topics=", ".join(user.focus))]
    if has_channels(services.db, user.id):
        share = rescore(services.db, user.id, services.now()).focus_share
        lines.append(
            t(language, SHARE, percent=number(language, 100 * share, 0))
            if share is not None
            else t(language, NO_SHARE)
        )
        preview = focus_preview(services.db, user.id, services.now())
        if preview is not None and preview.example:
            lines.append(t(language, EXAMPLE, post=preview.example[:80]))
        elif preview is not None and preview.near_miss:
            post, topic = preview.near_miss
            lines.append(t(language, NEAR_MISS, post=post[:80], topic=topic))
        elif preview is not None:
            lines.append(t(language, NO_MATCH))
    lines += ["", t(language, HOW)]
    buttons = [
        [InlineKeyboardButton(f"✕ {topic}"[:60], callback_data=f"{REMOVE}{index}")]
        for index, topic in enumerate(user.focus)
    ]
    return Html("\n".join(lines)), InlineKeyboardMarkup(buttons)


async def focus(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/focus [TOPIC … | clear]."""
    message = update.effective_message
    if message is None or update.effective_user is None:
        return
    services = services_of(context)
    user = await ensure_user(update, services)
    language = user.language
    text = (message.text or "").partition(" ")[2].strip()
    if text.lower() in CLEAR_WORDS:
        set_topics(services.db, user.id, services.now(), [])
        await message.reply_text(t(language, CLEARED), parse_mode=ParseMode.HTML)
        return
    if text:
        try:
            new = parse_topics(text)
        except ValueError:
            await message.reply_text(t(language, MALFORMED), parse_mode=ParseMode.HTML)
            return
        # one topic per way it matches, as first written ("Python" is "python", "Kündigung"
        # is "kundigung")
        topics: list[str] = []
        for topic in [*user.focus, *new]:
            if all(fold(topic) != fold(kept) for kept in topics):
                topics.append(topic)
        if len(topics) > MAX_TOPICS:
            await message.reply_text(
                t(language, TOO_MANY, limit=MAX_TOPICS, count=len(topics)),
                parse_mode=ParseMode.HTML,
            )
            return
        user = set_topics(services.db, user.id, services.now(), topics) or user
    body, markup = _view(services, user)
    await message.reply_text(body, parse_mode=ParseMode.HTML, reply_markup=markup)


async def focus_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A topic's remove button: the list is edited in place."""
    query = update.callback_query
    if query is None or query.data is None or not isinstance(query.message, Message):
        return
    services = services_of(context)
    user = await ensure_user(update, services)
    await query.answer()
    raw = query.data.removeprefix(REMOVE)
    index = int(raw) if raw.isascii() and raw.isdigit() and len(raw) < 3 else -1
    if not query.data.startswith(REMOVE) or not 0 <= index < len(user.focus):
        await edit_in_place(query.message, t(user.language, GONE))
        return
    remaining = [topic for i, topic in enumerate(user.focus) if i != index]
    user = set_topics(services.db, user.id, services.now(), remaining) or user
    body, markup = _view(services, user)
    await edit_in_place(query.message, body, markup)

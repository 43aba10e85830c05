"""/report alone: the short button dialogue for a self-reported channel's week.

The bot asks for each number in turn (followers, posts, reactions, comments, shares) in one
message that it edits as the answers come: the user types a number, or presses "0" or the
number of the last report. With several self-reported channels, buttons pick the channel
first. Reactions, comments and shares are skipped in a week without posts. The numbers go
through the same checks as ``/report NAME …`` (negative, not a number, beyond a week, a jump
of 100x), and a refusal offers to start again.

The dialogue lives in the user's in-memory data for 30 minutes; any command, or a button of
something else, ends it (so a text meant for another question is never taken for a report),
and after a restart a stray number gets the usual "I did not understand that".
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest
from telegram.ext import ApplicationHandlerStop, ContextTypes

from bot.handlers.common import channel_buttons, channel_id, edit_in_place, ensure_user
from bot.services import Services, services_of
from bot.use_cases.reporting import Refused, last_report, parse_one, report_week
from bot.views import platforms
from bot.views.i18n import N_, Html, gettext, number, t
from bot.views.reports import FIELDS, result_text
from scoring.sources.manual import PLATFORM as MANUAL
from scoring.sources.manual import Report, word_key
from storage.channels import Channel, get_channel

#: user_data key of the open dialogue.
DIALOGUE = "report_dialogue"
LASTS_SECONDS = 30 * 60
PREFIX = "report:"
STEPS = ("followers", "posts", "reactions", "comments", "shares")
AFTER_POSTS = ("reactions", "comments", "shares")

CHOOSE = N_("Which channel are the numbers for?")
HEADER = N_("<b>{name}</b>, the last 7 days")
QUESTIONS = {
    "followers": N_("How many followers (or contacts) does it have now?"),
    "posts": N_("How many posts did you publish in the last 7 days?"),
    "reactions": N_("How many reactions did they get?"),
    "comments": N_("How many comments?"),
    "shares": N_("How many shares or reposts?"),
}
LABELS = FIELDS
REPLY_WITH_NUMBER = N_("Reply with a number, or press a button.")
AS_LAST_TIME = N_("{value}, as last time")
CANCEL = N_("Cancel")
CANCELLED = N_("Cancelled: nothing was recorded.")
AGAIN = N_("Start again")
ENDED = N_("This question has ended. Send /report to report again.")
QUICKER = N_("Quicker next time, in one line: <code>/report {example}</code>")


@dataclass
class Dialogue:
    """Where one user's report dialogue stands."""

    channel_id: int
    chat_id: int
    message_id: int
    values: dict[str, int] = field(default_factory=dict)
    until: float = field(default_factory=lambda: time.monotonic() + LASTS_SECONDS)

    @property
    def step(self) -> str | None:
        return next((s for s in STEPS if s not in self.values), None)

    def take(self, value: int) -> None:
        step = self.step
        if step is None:
            return
        self.values[step] = value
        if step == "posts" and value == 0:  # no posts: nothing to react to
            self.values.update(dict.fromkeys(AFTER_POSTS, 0))


def _open(context: ContextTypes.DEFAULT_TYPE) -> Dialogue | None:
    data = context.user_data
    dialogue = data.get(DIALOGUE) if data is not None else None
    if not isinstance(dialogue, Dialogue):
        return None
    if time.monotonic() > dialogue.until:
        close(context)
        return None
    return dialogue


def close(context: ContextTypes.DEFAULT_TYPE) -> None:
    if context.user_data is not None:
        context.user_data.pop(DIALOGUE, None)


async def start(
    message: Message,
    context: ContextTypes.DEFAULT_TYPE,
    language: str,
    channels: list[Channel],
    followers: int | None = None,
) -> None:
    """Begin: the question for the user's one self-reported channel, or the channel buttons;
    with ``followers`` (typed already), the question after it."""
    close(context)
    if len(channels) == 1:
        channel = channels[0]
        # open before the question is sent: an answer typed while it is on its way is taken
        dialogue = Dialogue(channel.id, message.chat_id, 0)
        if followers is not None:
            dialogue.values["followers"] = followers
        _remember(context, dialogue)
        sent = await message.reply_text(
            _question(language, channel, dialogue.values),
            parse_mode=ParseMode.HTML,
            reply_markup=_markup(language, channel, dialogue.values),
        )
        dialogue.message_id = sent.message_id
        return
    markup = channel_buttons(channels, f"{PREFIX}c:", label=lambda c: c.handle)
    rows = [*markup.inline_keyboard, [_cancel_button(language)]]
    await message.reply_text(
        t(language, CHOOSE), parse_mode=ParseMode.HTML, reply_markup=InlineKeyboardMarkup(rows)
    )


def _remember(context: ContextTypes.DEFAULT_TYPE, dialogue: Dialogue) -> None:
    if context.user_data is not None:
        context.user_data[DIALOGUE] = dialogue


async def button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """``report:c:ID`` picks the channel, ``report:v:N`` answers with a number offered,
    ``report:x`` cancels, ``report:again:ID`` starts over after a refusal."""
    query = update.callback_query
    if query is None or query.data is None or not isinstance(query.message, Message):
        return
    services = services_of(context)
    user = await ensure_user(update, services)
    language = user.language
    await query.answer()
    parts = query.data.removeprefix(PREFIX).split(":")
    if parts == ["x"]:
        close(context)
        await edit_in_place(query.message, t(language, CANCELLED))
        return
    if len(parts) == 2 and parts[0] in ("c", "again"):
        picked = channel_id(parts[1])
        channel = get_channel(services.db, user.id, picked) if picked is not None else None
        if channel is None or channel.platform != MANUAL:
            await edit_in_place(query.message, t(language, ENDED))
            return
        message = query.message
        await edit_in_place(
            message, _question(language, channel, {}), _markup(language, channel, {})
        )
        _remember(context, Dialogue(channel.id, message.chat_id, message.message_id))
        return
    dialogue = _open(context)
    offered = len(parts) == 2 and parts[0] == "v"
    if dialogue is None or dialogue.message_id != query.message.message_id or not offered:
        await edit_in_place(query.message, t(language, ENDED))
        return
    # Button data comes from the client: a forged number meets the same checks as a typed one.
    parsed = parse_one(dialogue.step or "posts", parts[1])
    if isinstance(parsed, Refused):
        await query.message.reply_text(result_text(language, parsed), parse_mode=ParseMode.HTML)
        return
    await _take(services, context, dialogue, user.id, language, parsed)


async def answer(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A text while a dialogue is open is its answer (and goes no further); otherwise the
    text goes on to the other handlers."""
    message = update.effective_message
    dialogue = _open(context)
    if message is None or message.text is None or dialogue is None:
        return
    services = services_of(context)
    user = await ensure_user(update, services)
    parsed = parse_one(dialogue.step or "posts", _number_of(message.text, dialogue.step))
    if isinstance(parsed, Refused):  # the question stands; the reason comes as a reply
        await message.reply_text(result_text(user.language, parsed), parse_mode=ParseMode.HTML)
        raise ApplicationHandlerStop
    await _take(services, context, dialogue, user.id, user.language, parsed)
    raise ApplicationHandlerStop


def _number_of(text: str, step: str | None) -> str:
    """The number in an answer that also names what it counts ("320 followers", "3
    Beiträge"): the number; any other text as it is (its refusal says what was wrong)."""
    words = text.split()
    if len(words) == 2 and step is not None and word_key(words[1]) == step:
        return words[0]
    return text


async def _take(
    services: Services,
    context: ContextTypes.DEFAULT_TYPE,
    dialogue: Dialogue,
    user_id: int,
    language: str,
    value: int,
) -> None:
    channel = get_channel(services.db, user_id, dialogue.channel_id)
    if channel is None:
        close(context)
        await _edit(context, dialogue, t(language, ENDED))
        return
    dialogue.take(value)
    if dialogue.step is not None:
        await _edit(
            context,
            dialogue,
            _question(language, channel, dialogue.values),
            _markup(language, channel, dialogue.values),
        )
        return
    close(context)
    values = dialogue.values
    report = Report(
        values["followers"], values["posts"], values["reactions"], values["comments"],
        values["shares"],
    )  # fmt: skip
    result = report_week(services.db, user_id, channel.account_id, report, services.now())
    text = Html(f"{_progress(language, channel, values)}\n\n{result_text(language, result)}")
    if isinstance(result, Refused):
        again = InlineKeyboardButton(
            gettext(language, AGAIN), callback_data=f"{PREFIX}again:{channel.id}"
        )
        await _edit(context, dialogue, text, InlineKeyboardMarkup([[again]]))
        return
    example = " ".join(
        [channel.handle, *(f"{k} {v}" for k, v in values.items() if k != "shares" or v)]
    )
    await _edit(context, dialogue, Html(f"{text}\n{t(language, QUICKER, example=example)}"))


async def _edit(
    context: ContextTypes.DEFAULT_TYPE,
    dialogue: Dialogue,
    text: str,
    markup: InlineKeyboardMarkup | None = None,
) -> None:
    """The dialogue's message edited; if the user deleted it, the dialogue goes on in a new
    message (its buttons then belong to that one)."""
    try:
        await context.bot.edit_message_text(
            text,
            chat_id=dialogue.chat_id,
            message_id=dialogue.message_id,
            parse_mode=ParseMode.HTML,
            reply_markup=markup,
        )
    except BadRequest as exc:
        if "not modified" in str(exc):
            return
        if "not found" not in str(exc) and "can't be edited" not in str(exc):
            raise
        sent = await context.bot.send_message(
            dialogue.chat_id, text, parse_mode=ParseMode.HTML, reply_markup=markup
        )
        dialogue.message_id = sent.message_id


def _progress(language: str, channel: Channel, values: dict[str, int]) -> Html:
    name = platforms.channel_name(language, channel.handle, channel.platform, channel.origin)
    lines: list[str] = [t(language, HEADER, name=name)]
    lines += [f"· {gettext(language, LABELS[k])}: {number(language, v)}" for k, v in values.items()]
    return Html("\n".join(lines))


def _question(language: str, channel: Channel, values: dict[str, int]) -> Html:
    step = next(s for s in STEPS if s not in values)
    return Html(
        f"{_progress(language, channel, values)}\n\n<b>{t(language, QUESTIONS[step])}</b> "
        f"{t(language, REPLY_WITH_NUMBER)}"
    )


def _markup(language: str, channel: Channel, values: dict[str, int]) -> InlineKeyboardMarkup:
    step = next(s for s in STEPS if s not in values)
    last = last_report(channel)
    before = getattr(last, step, None) if last is not None else None
    row = [InlineKeyboardButton("0", callback_data=f"{PREFIX}v:0")]
    if before:
        label = gettext(language, AS_LAST_TIME).format(value=number(language, before))
        row.append(InlineKeyboardButton(label, callback_data=f"{PREFIX}v:{before}"))
    return InlineKeyboardMarkup([row, [_cancel_button(language)]])


def _cancel_button(language: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(gettext(language, CANCEL), callback_data=f"{PREFIX}x")

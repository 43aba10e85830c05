"""/score, /why and /top: the number, the ledger behind it (its text: bot/views/why.py), and the
best posts.

Short first, details a tap away: /score is the number, what it means and one line per
channel, with buttons; /why is a summary with a button per channel that opens its lines in
place; /top is one list with buttons for 7 and 30 days.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import NamedTuple

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update, WebAppInfo
from telegram.constants import ParseMode
from telegram.ext import ContextTypes

from bot.handlers.buttons import main_buttons
from bot.handlers.common import UNKNOWN_CHANNEL, channel_by_name, edit_in_place, ensure_user
from bot.services import services_of
from bot.use_cases.scores import Current, current_score
from bot.views import counts, platforms
from bot.views.i18n import N_, Html, gettext, number, points, signed, t
from bot.views.why import (
    BACK,
    FLOOR,
    NOTHING_COUNTS,
    WHY_IGNORED,
    WHY_NOTHING_YET,
    WHY_PREFIX,
    channel_label,
    post_link,
    where,
    why_channel_text,
    why_posts_text,
    why_text,
)
from scoring.explain import RankedPost, ledger, reported_nothing, top_posts
from scoring.reference_profiles import standing
from storage.channels import list_channels
from storage.users import User

NO_CHANNELS = N_("You have no channels yet, so there is no score. Link one with /link.")
SCORE = N_("<b>Your score: {score}</b> of 100")
LIKE = N_("Typical of {profile}.")
BETWEEN = N_("Between {lower} and {higher}.")
PROFILES = {
    "new": N_("a new or quiet account"),
    "hobbyist": N_("an active hobbyist (a few likes and a reply on each post)"),
    "professional": N_("a professional with an engaged audience"),
    "creator": N_("a widely followed creator"),
    "top": N_("the top of a network"),
}
CHANGES = N_("Last 7 days: {week} · last 30 days: {month}")
FIRST_SCORE = N_("This is your first score: changes show from tomorrow on.")
NOT_YET = N_("not yet")
FOCUS_SHARE = N_("Focus ({topics}): {percent} % of the interaction you received")
FOCUS_MODE = N_("Focus score: only posts on {topics} count (/settings)")
SHARE = N_("• {channel}: <b>{points}</b> points")
SHARE_STALE = N_("• {channel}: <b>{points}</b> points (not read lately: its last good data counts)")
SHARE_IGNORED = N_("• {channel}: ignored (weight 0)")
SHARE_UNREPORTED = N_("• {channel}: no reported numbers (/report)")
TOP_TITLE = N_("<b>Your best posts, last {days} days</b>")
TOP_FOCUS_TITLE = N_("<b>Your best posts on {topics}, last {days} days</b>")
TOP_NONE = N_("No post with interaction in the last {days} days.")
TOP_NO_FOCUS = N_("You have no focus topics yet. Set them with <code>/focus design ux</code>.")
TOP_LINE = N_("{position}. {post} ({platform}): {counts}")
DAYS_BUTTON = N_("{days} days")
FOCUS_WORDS = frozenset({"focus", "fokus"})
WEEK_WORDS = frozenset({"7", "7d", "week", "woche"})
MONTH_WORDS = frozenset({"30", "30d", "month", "monat"})
#: what "/top 30 days" or "/top 7 Tage" says besides its number
DAY_WORDS = frozenset({"day", "days", "tag", "tage", "tagen", "d"})
TOP_SPANS = N_(
    "/top shows the last 7 days or the last 30 (<code>/top 30</code>), not “{asked}”. "
    "Here are the last {days}:"
)

TOP_PREFIX = "top:"


def _percent(part: float, whole: float) -> float:
    return 100 * part / whole if whole > 0 else 0.0


def _topics(current: Current) -> str:
    return ", ".join(current.options.focus.topics)


def meaning(language: str, value: float) -> Html:
    """What a score means, from the reference profiles of docs/scoring.md."""
    near, higher = standing(value)
    profile = gettext(language, PROFILES.get(near.name, near.description))
    if higher is None:
        return t(language, LIKE, profile=profile)
    other = gettext(language, PROFILES.get(higher.name, higher.description))
    return t(language, BETWEEN, lower=profile, higher=other)


def _changes(language: str, current: Current) -> Html:
    week, month = current.change(current.week_ago), current.change(current.month_ago)
    if week is None and month is None:
        return t(language, FIRST_SCORE)
    not_yet = gettext(language, NOT_YET)
    return t(
        language,
        CHANGES,
        week=signed(language, week) if week is not None else not_yet,
        month=signed(language, month) if month is not None else not_yet,
    )


def score_text(language: str, current: Current) -> Html:
    score = current.score
    lines: list[str] = [
        t(language, SCORE, score=points(language, score.value)),
        meaning(language, score.value),
        _changes(language, current),
    ]
    if score.mode == "focus":
        lines.append(t(language, FOCUS_MODE, topics=_topics(current)))
    elif score.focus_share is not None:
        percent = number(language, 100 * score.focus_share, 0)
        lines.append(t(language, FOCUS_SHARE, topics=_topics(current), percent=percent))
    lines.append("")
    account = ledger(score)
    if not account.lines:
        lines.append(t(language, NOTHING_COUNTS))
    shown = {line.channel.channel_id: line.contribution for line in account.lines}
    ordered = sorted(score.channels, key=lambda c: -shown.get(c.channel_id, -1.0))
    for channel in ordered:
        if channel.weight == 0:
            lines.append(t(language, SHARE_IGNORED, channel=channel_label(language, channel)))
            continue
        if reported_nothing(channel):
            lines.append(t(language, SHARE_UNREPORTED, channel=channel_label(language, channel)))
            continue
        message = SHARE_STALE if channel.stale else SHARE
        value = points(language, shown.get(channel.channel_id, 0.0))
        lines.append(t(language, message, channel=channel_label(language, channel), points=value))
    if account.lines and account.floor > 0:
        lines.append(t(language, FLOOR, floor=points(language, account.floor)))
    return Html("\n".join(lines))


DASHBOARD = N_("📊 Dashboard")


def score_buttons(language: str, public_url: str | None = None) -> InlineKeyboardMarkup:
    """/why, /tips and /history, and the dashboard where the bot has a public address."""
    markup = main_buttons(language, ("why", "tips", "history"))
    if not public_url:
        return markup
    dashboard = InlineKeyboardButton(
        gettext(language, DASHBOARD), web_app=WebAppInfo(url=f"{public_url.rstrip('/')}/app")
    )
    return InlineKeyboardMarkup([*markup.inline_keyboard, [dashboard]])


_SPACE = re.compile(r"\s+")


class Entry(NamedTuple):
    """A line of /top: a post, or a post with the same text on several networks."""

    first: RankedPost
    platforms: list[str]  # the networks it went to, in order
    accounts: list[tuple[str, str]]  # (platform, account id) of each: the words of its counts
    counts: tuple[int, int, int, int]  # its likes, reshares, replies and quotes summed


def grouped(ranked: list[RankedPost]) -> list[Entry]:
    """Posts with the same text on several networks (a cross-post) as one entry: the first,
    the platforms it went to, and its likes, reshares, replies and quotes summed."""
    groups: dict[str, tuple[RankedPost, list[str], list[tuple[str, str]], list[int]]] = {}
    for item in ranked:
        text = _SPACE.sub(" ", item.post.excerpt.casefold()).strip()[:80]
        key = text or f"{item.platform}:{item.post.post_id}"
        p = item.post
        account = (item.platform, item.account_id)
        if key in groups:
            _first, where, accounts, sums = groups[key]
            if item.platform not in where:
                where.append(item.platform)
            if account not in accounts:
                accounts.append(account)
            sums[0] += p.likes
            sums[1] += p.reshares
            sums[2] += p.replies
            sums[3] += p.quotes
        else:
            counted = [p.likes, p.reshares, p.replies, p.quotes]
            groups[key] = (item, [item.platform], [account], counted)
    return [Entry(first, where, accounts, (s[0], s[1], s[2], s[3]))
            for first, where, accounts, s in groups.values()]  # fmt: skip


def top_text(language: str, current: Current, days: int = 7, *, focus: bool = False) -> Html:
    topics = current.options.focus
    if focus and not topics:
        return t(language, TOP_NO_FOCUS)
    ranked = top_posts(
        current.inputs, current.now, days, limit=20, keep=topics.matches if focus else None,
        reported=True,
    )  # fmt: skip
    if focus:
        lines = [t(language, TOP_FOCUS_TITLE, topics=_topics(current), days=days)]
    else:
        lines = [t(language, TOP_TITLE, days=days)]
    entries = grouped(ranked)[:5]
    if not entries:
        lines.append(t(language, TOP_NONE, days=days))
    for position, entry in enumerate(entries, start=1):
        likes, reshares, replies, quotes = entry.counts
        lines.append(
            t(
                language,
                TOP_LINE,
                position=position,
                post=post_link(language, entry.first),
                platform=where(language, entry.first)
                if len(entry.platforms) == 1
                else ", ".join(platforms.name(w, language) for w in entry.platforms),
                counts=counts.interaction(
                    language, likes, reshares, replies, entry.accounts, quotes=quotes
                ),
            )
        )
    return Html("\n".join(lines))


def top_buttons(language: str, days: int, focus: bool) -> InlineKeyboardMarkup:
    kind = "f" if focus else "a"
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    ("• " if span == days else "") + t(language, DAYS_BUTTON, days=span),
                    callback_data=f"{TOP_PREFIX}{kind}{span}",
                )
                for span in (7, 30)
            ]
        ]
    )


async def _current(
    update: Update, context: ContextTypes.DEFAULT_TYPE, *, posts: bool = True
) -> tuple[User, Current]:
    services = services_of(context)
    user = await ensure_user(update, services)
    return user, current_score(services.db, user.id, services.now(), posts=posts)


async def _reply(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    render: Callable[[str, Current], tuple[Html, InlineKeyboardMarkup | None]],
    *,
    posts: bool = True,
) -> None:
    message = update.effective_message
    if message is None or update.effective_user is None:
        return
    user, current = await _current(update, context, posts=posts)
    if not current.linked:
        await message.reply_text(
            t(user.language, NO_CHANNELS),
            parse_mode=ParseMode.HTML,
            reply_markup=main_buttons(user.language, ("link",)),
        )
        return
    text, markup = render(user.language, current)
    await message.reply_text(text, parse_mode=ParseMode.HTML, reply_markup=markup)


async def score(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/score: the number, what it means, its change, and a line per channel."""
    public_url = services_of(context).settings.public_url
    await _reply(
        update,
        context,
        lambda lang, cur: (score_text(lang, cur), score_buttons(lang, public_url)),
        posts=False,
    )


async def why(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/why: the summary, with a button per channel; /why CHANNEL (its number in /channels or
    its name): that channel's lines, with the way back to the summary."""
    query = " ".join(context.args or []).strip()
    channel, number_of = None, 0
    message, sender = update.effective_message, update.effective_user
    if query and message is not None and sender is not None:
        services = services_of(context)
        linked = list_channels(services.db, sender.id)
        channel = channel_by_name(linked, query)
        number_of = linked.index(channel) + 1 if channel else 0  # its number in /channels
        if channel is None and linked:  # (none linked: the answer below says so)
            language = (await ensure_user(update, services)).language
            text = t(language, UNKNOWN_CHANNEL, query=query[:100])
            await message.reply_text(text, parse_mode=ParseMode.HTML)
            return

    def render(language: str, current: Current) -> tuple[Html, InlineKeyboardMarkup | None]:
        if channel is None:
            return _why_summary(language, current)
        page = why_channel_text(language, current, channel.id)
        if page is None:  # it has no lines: it adds nothing, and why
            name = platforms.named(language, channel)
            page = (
                t(language, WHY_IGNORED, channel=name, number=number_of)
                if channel.weight == 0
                else t(language, WHY_NOTHING_YET, channel=name)
            )
        return page, back_buttons(language)

    await _reply(update, context, render)


async def top(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/top [focus] [30]: the best posts of the last 7 days (30 a tap away, or asked for),
    linked."""
    words = {arg.strip().lower() for arg in context.args or []}
    focus = bool(words & FOCUS_WORDS)
    days, unknown = top_span(words - FOCUS_WORDS)

    def render(language: str, current: Current) -> tuple[Html, InlineKeyboardMarkup | None]:
        text = top_text(language, current, days, focus=focus)
        if unknown:  # said, then answered with the span nearest what was asked
            text = Html(f"{t(language, TOP_SPANS, asked=unknown[:30], days=days)}\n\n{text}")
        return text, top_buttons(language, days, focus)

    await _reply(update, context, render)


def top_span(words: set[str]) -> tuple[int, str]:
    """The days /top shows for the words it was given, and the first word it does not know
    ("" when it knows them all): a number of days up to 7 is a week, beyond a month (the
    two spans it keeps a ranking for)."""
    days, unknown = 7, ""
    for word in sorted(words):
        if word in MONTH_WORDS:
            days = 30
        elif word in WEEK_WORDS or word in DAY_WORDS:
            continue
        else:
            unknown = unknown or word
            digits = word.removesuffix("d")
            if digits.isascii() and digits.isdigit() and int(digits) > 7:
                days = 30
    return days, unknown


def _why_summary(language: str, current: Current) -> tuple[Html, InlineKeyboardMarkup | None]:
    summary, buttons = why_text(language, current)
    rows = [[InlineKeyboardButton(label, callback_data=data)] for label, data in buttons]
    return summary, InlineKeyboardMarkup(rows) if rows else None


def back_buttons(language: str) -> InlineKeyboardMarkup:
    label = gettext(language, BACK)
    return InlineKeyboardMarkup([[InlineKeyboardButton(label, callback_data=f"{WHY_PREFIX}back")]])


async def detail_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The buttons of /why (a channel, the posts, back) and /top (7 or 30 days): the
    message is edited in place."""
    query = update.callback_query
    if query is None or query.data is None or not isinstance(query.message, Message):
        return
    await query.answer()
    user, current = await _current(update, context)
    language = user.language
    if not current.linked:
        await edit_in_place(query.message, t(language, NO_CHANNELS))
        return
    data = query.data
    if data.startswith(TOP_PREFIX):
        rest = data.removeprefix(TOP_PREFIX)
        focus, span = rest[:1] == "f", rest[1:]
        days = 30 if span == "30" else 7
        text = top_text(language, current, days, focus=focus)
        await edit_in_place(query.message, text, top_buttons(language, days, focus))
        return
    rest = data.removeprefix(WHY_PREFIX)
    if rest.startswith("c:") and rest[2:].isascii() and rest[2:].isdigit() and len(rest) < 16:
        page = why_channel_text(language, current, int(rest[2:]))
        if page is not None:
            await edit_in_place(query.message, page, back_buttons(language))
            return
    if rest == "posts":
        await edit_in_place(
            query.message, why_posts_text(language, current), back_buttons(language)
        )
        return
    summary, markup = _why_summary(language, current)
    await edit_in_place(query.message, summary, markup)

"""/score, /why and /top: the number, the ledger behind it, and the best posts."""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from telegram import Update
from telegram.constants import ParseMode
from telegram.ext import ContextTypes

from bot import platforms
from bot.handlers.common import ensure_user
from bot.i18n import N_, Html, gettext, number, signed, t
from bot.score_keeper import Current, current_score
from bot.services import services_of
from scoring.explain import RankedPost, movers, top_posts
from scoring.model import ChannelScore

NO_CHANNELS = N_(
    "You have no channels yet, so there is no score. Link one: <code>/link github alice</code>"
)
SCORE = N_("<b>Your score: {score}</b> of 100")
CHANGES = N_("7 days: {week} · 30 days: {month}")
NO_HISTORY = N_("no history yet")
CHANNELS = N_("<b>Each channel's share</b>")
SHARE = N_("{platform} <b>{name}</b>: {points} points, {contribution} of your score ({percent} %)")
SHARE_IGNORED = N_("{platform} <b>{name}</b>: {points} points, ignored (weight 0)")
STALE = N_(" (stale: the last good data counts)")
FOOTER = N_("/why explains every point · /tips says what to do next")

WHY_TITLE = N_("<b>Why {score}</b>: every point, per channel (formula {version})")
WHY_CHANNEL = N_("<b>{platform} {name}</b>, weight {weight}: {contribution} points")
WHY_INTERACTION = N_("interaction {points}: {value} weighted interactions a week")
WHY_ENGAGEMENT = N_("engagement {points}: {value} per post for {followers} followers")
WHY_REACH = N_("reach {points}: {followers} followers")
WHY_ACTIVITY = N_("activity {points}: {value} posts a week")
WHY_GIVING = N_("giving {points}: {value} replies and reshares of others a week")
WHY_MOVERS = N_("<b>Posts that weigh most, last {days} days</b>")
WHY_NO_MOVERS = N_("No post with interaction in the last {days} days.")
WHY_FOOTER = N_(
    "Weighted interaction counts a reply 4, a quote 3, a reshare 2 and a like 1, and newer "
    "posts more: the weight halves every 30 days. The whole formula is in docs/scoring.md."
)
MOVER = N_("{position}. {post} ({platform}): weighs {value}")

TOP_TITLE = N_("<b>Your best posts, last {days} days</b>")
TOP_NONE = N_("No post with interaction in the last {days} days.")
TOP_LINE = N_(
    "{position}. {post} ({platform}): {likes} likes, {reshares} reshares, {replies} replies"
)
UNTITLED = N_("(untitled)")


def _share_line(language: str, channel: ChannelScore, total: float) -> Html:
    name, platform = channel.label, platforms.name(channel.platform)
    if channel.weight == 0:
        line = t(
            language,
            SHARE_IGNORED,
            platform=platform,
            name=name,
            points=number(language, channel.points),
        )
    else:
        percent = 100 * channel.contribution / total if total > 0 else 0
        line = t(
            language,
            SHARE,
            platform=platform,
            name=name,
            points=number(language, channel.points),
            contribution=number(language, channel.contribution),
            percent=number(language, percent, 0),
        )
    return Html(line + (t(language, STALE) if channel.stale else ""))


def score_text(language: str, current: Current) -> Html:
    score = current.score
    week, month = current.change(current.week_ago), current.change(current.month_ago)
    no_history = gettext(language, NO_HISTORY)
    lines = [
        t(language, SCORE, score=number(language, score.value)),
        t(
            language,
            CHANGES,
            week=signed(language, week) if week is not None else no_history,
            month=signed(language, month) if month is not None else no_history,
        ),
        "",
        t(language, CHANNELS),
        *[
            _share_line(language, c, sum(x.contribution for x in score.channels))
            for c in score.channels
        ],
        "",
        t(language, FOOTER),
    ]
    return Html("\n".join(lines))


def _post_link(language: str, ranked: RankedPost) -> Html:
    text = ranked.post.excerpt or gettext(language, UNTITLED)
    short = escape(text[:80] + ("…" if len(text) > 80 else ""), quote=False)
    url = ranked.post.url
    if url.startswith(("https://", "http://")):
        return Html(f'<a href="{escape(url, quote=True)}">{short}</a>')
    return Html(short)


def why_text(language: str, current: Current) -> Html:
    score = current.score
    lines: list[str] = [
        t(language, WHY_TITLE, score=number(language, score.value), version=score.version)
    ]
    for channel in score.channels:
        if channel.weight == 0:
            continue
        c, m = channel.components, channel.metrics

        def n(value: float) -> str:
            return number(language, value)

        lines += [
            "",
            t(
                language,
                WHY_CHANNEL,
                platform=platforms.name(channel.platform),
                name=channel.label,
                weight=channel.weight,
                contribution=n(channel.contribution),
            )
            + (t(language, STALE) if channel.stale else ""),
            t(
                language,
                WHY_INTERACTION,
                points=n(c["interaction"]),
                value=n(m.interaction_per_week),
            ),
            t(
                language,
                WHY_ENGAGEMENT,
                points=n(c["engagement"]),
                value=n(m.interaction_per_post),
                followers=number(language, m.followers, 0),
            ),
            t(
                language,
                WHY_REACH,
                points=n(c["reach"]),
                followers=number(language, m.followers, 0),
            ),
            t(language, WHY_ACTIVITY, points=n(c["activity"]), value=n(m.posts_per_week)),
            t(language, WHY_GIVING, points=n(c["giving"]), value=n(m.giving_per_week)),
        ]
    for days in (7, 30):
        ranked = movers(current.inputs, current.now, days)
        lines += ["", t(language, WHY_MOVERS, days=days)]
        if not ranked:
            lines.append(t(language, WHY_NO_MOVERS, days=days))
        for position, item in enumerate(ranked, start=1):
            lines.append(
                t(
                    language,
                    MOVER,
                    position=position,
                    post=_post_link(language, item),
                    platform=platforms.name(item.platform),
                    value=number(language, item.value),
                )
            )
    lines += ["", t(language, WHY_FOOTER)]
    return Html("\n".join(lines))


def top_text(language: str, current: Current) -> Html:
    lines: list[str] = []
    for days in (7, 30):
        ranked = top_posts(current.inputs, current.now, days)
        if lines:
            lines.append("")
        lines.append(t(language, TOP_TITLE, days=days))
        if not ranked:
            lines.append(t(language, TOP_NONE, days=days))
        for position, item in enumerate(ranked, start=1):
            p = item.post
            lines.append(
                t(
                    language,
                    TOP_LINE,
                    position=position,
                    post=_post_link(language, item),
                    platform=platforms.name(item.platform),
                    likes=number(language, p.likes, 0),
                    reshares=number(language, p.reshares, 0),
                    replies=number(language, p.replies, 0),
                )
            )
    return Html("\n".join(lines))


async def _reply(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    render: Callable[[str, Current], Html],
    *,
    posts: bool = True,
) -> None:
    message = update.effective_message
    if message is None or update.effective_user is None:
        return
    services = services_of(context)
    user = await ensure_user(update, services)
    current = current_score(services, user.id, posts=posts)
    if not current.linked:
        await message.reply_text(t(user.language, NO_CHANNELS), parse_mode=ParseMode.HTML)
        return
    await message.reply_text(render(user.language, current), parse_mode=ParseMode.HTML)


async def score(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/score: the number, its 7- and 30-day change, and each channel's share."""
    await _reply(update, context, score_text, posts=False)


async def why(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/why: components per channel and the posts behind them."""
    await _reply(update, context, why_text)


async def top(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/top: the best posts of the last 7 and 30 days, with links."""
    await _reply(update, context, top_text)

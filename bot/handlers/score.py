"""/score, /why and /top: the number, the ledger behind it, and the best posts."""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from telegram import Update
from telegram.constants import ParseMode
from telegram.ext import ContextTypes

from bot.handlers.common import ensure_user, reply_long
from bot.services import services_of
from bot.use_cases.scores import Current, current_score
from bot.views import counts, platforms
from bot.views.i18n import N_, P_, Html, gettext, number, signed, t, tn
from scoring.explain import LedgerLine, RankedPost, ledger, movers, top_posts
from scoring.model import ChannelScore, Score

NO_CHANNELS = N_("You have no channels yet, so there is no score. Link one: <code>{example}</code>")
SCORE = N_("<b>Your score: {score}</b> of 100")
CHANGES = N_("7 days: {week} · 30 days: {month}")
NO_HISTORY = N_("no history yet")
FOCUS_SHARE = N_("Focus ({topics}): {percent} % of the interaction you received")
FOCUS_MODE = N_("Focus score: only posts on {topics} count (/settings)")
CHANNELS = N_("<b>What each channel brings</b>")
UNVERIFIED = P_(
    "{count} channel is not verified as yours yet: /verify proves it, and only verified scores "
    "are ranked on group leaderboards.",
    "{count} channels are not verified as yours yet: /verify proves them, and only verified "
    "scores are ranked on group leaderboards.",
)
SHARE = N_("<b>{channel}</b>: {contribution} points ({percent} %): {reasons}")
REASON_INTERACTION = N_("{percent} % of the interaction you receive")
REASON_ENGAGEMENT = N_("your most engaged audience")
REASON_REACH = N_("{percent} % of the audience that counts")
REASON_GIVING = N_("{percent} % of your giving")
REASON_NOTHING = N_("nothing yet: no interaction received in 90 days")
SHARE_IGNORED = N_("<b>{channel}</b>: ignored (weight 0)")
STALE = N_(" (stale: the last good data counts)")
FLOOR = N_("The lowest score is 1: {floor} of it is that minimum, not earned by a channel.")
NOTHING_COUNTS = N_(
    "Your score is 1 because none of your channels received interaction in the last 90 days "
    "(or every one has weight 0). Replies, reshares and likes on your own posts are what counts."
)
FOOTER = N_("/why explains every point · /tips says what to do next")

WHY_TITLE = N_("<b>Why {score}</b>: every point, per channel (formula {version})")
WHY_CHANNEL = N_("<b>{channel}</b>, weight {weight}: {contribution} points")
WHY_INTERACTION = N_("interaction {points}: {value} weighted interactions a week")
WHY_ENGAGEMENT = N_("engagement {points}: {value} per post for {followers}")
WHY_ENGAGEMENT_NO_FOLLOWERS = N_("engagement {points}: {value} per post")
WHY_REACH = N_("reach {points}: {counted} of {followers} count (as far as they interact)")
WHY_REACH_NO_FOLLOWERS = N_("reach {points}: an audience estimated from the interaction earned")
WHY_ACTIVITY = N_("activity {points}: {earning} of {value} posts a week earn interaction")
WHY_GIVING = N_("giving {points}: {value} replies, quotes and reshares of others a week")
WHY_FOCUS = N_("focus posts: {percent} % of this channel's interaction")
WHY_MOVERS = N_("<b>Posts that weigh most, last {days} days</b>")
WHY_NO_MOVERS = N_("No post with interaction in the last {days} days.")
WHY_SAME_30 = N_("The last 30 days add no other post to these.")
WHY_FOOTER = N_(
    "Weighted interaction counts a reply 4, a quote 3, a reshare 2 and a like 1, and newer "
    "posts more: the weight halves every 30 days. Channels pool their interaction, weighted "
    "against each other. The whole formula is in docs/scoring.md."
)
MOVER = N_("{position}. {post} ({platform}): weighs {value}")

TOP_TITLE = N_("<b>Your best posts, last {days} days</b>")
TOP_FOCUS_TITLE = N_("<b>Your best posts on {topics}, last {days} days</b>")
TOP_NONE = N_("No post with interaction in the last {days} days.")
TOP_NO_FOCUS = N_("You have no focus topics yet. Set them with <code>/focus design ux</code>.")
TOP_LINE = N_("{position}. {post} ({platform}): {likes}, {reshares}, {replies}")
UNTITLED = N_("(untitled)")
FOCUS_WORDS = ("focus", "fokus")


def _percent(part: float, whole: float) -> float:
    return 100 * part / whole if whole > 0 else 0.0


def _reasons(language: str, channel: ChannelScore, score: Score) -> str:
    """Why a channel brings what it brings, in words one repeats to a colleague."""
    totals = score.components
    c = channel.components
    reasons = []
    if c["interaction"] > 0:
        reasons.append(
            t(
                language,
                REASON_INTERACTION,
                percent=number(language, _percent(c["interaction"], totals["interaction"]), 0),
            )
        )
    if c["engagement"] > 0:
        reasons.append(t(language, REASON_ENGAGEMENT))
    if c["reach"] > 0 and channel.metrics.has_followers:
        reasons.append(
            t(
                language,
                REASON_REACH,
                percent=number(language, _percent(c["reach"], totals["reach"]), 0),
            )
        )
    if c["giving"] > 0:
        reasons.append(
            t(
                language,
                REASON_GIVING,
                percent=number(language, _percent(c["giving"], totals["giving"]), 0),
            )
        )
    return ", ".join(reasons) if reasons else t(language, REASON_NOTHING)


def _topics(current: Current) -> str:
    return ", ".join(current.options.focus.topics)


def score_text(language: str, current: Current) -> Html:
    score = current.score
    week, month = current.change(current.week_ago), current.change(current.month_ago)
    no_history = gettext(language, NO_HISTORY)
    lines: list[str] = [
        t(language, SCORE, score=number(language, score.value)),
        t(
            language,
            CHANGES,
            week=signed(language, week) if week is not None else no_history,
            month=signed(language, month) if month is not None else no_history,
        ),
    ]
    if score.mode == "focus":
        lines.append(t(language, FOCUS_MODE, topics=_topics(current)))
    elif score.focus_share is not None:
        lines.append(
            t(
                language,
                FOCUS_SHARE,
                topics=_topics(current),
                percent=number(language, 100 * score.focus_share, 0),
            )
        )
    lines += ["", t(language, CHANNELS)]
    account = ledger(score)
    if not account.lines:
        lines.append(t(language, NOTHING_COUNTS))
    for line in account.lines:
        channel = line.channel
        lines.append(
            t(
                language,
                SHARE,
                channel=platforms.channel_name(language, channel.label, channel.platform),
                contribution=number(language, line.contribution),
                percent=number(language, _percent(line.contribution, score.value), 0),
                reasons=Html(_reasons(language, channel, score)),
            )
            + (t(language, STALE) if channel.stale else "")
        )
    shown = {line.channel.channel_id for line in account.lines}
    for channel in score.channels:
        if channel.channel_id in shown:
            continue
        name = platforms.channel_name(language, channel.label, channel.platform)
        if channel.weight == 0:
            lines.append(t(language, SHARE_IGNORED, channel=name))
        else:
            lines.append(
                t(
                    language,
                    SHARE,
                    channel=name,
                    contribution=number(language, 0),
                    percent=number(language, 0, 0),
                    reasons=t(language, REASON_NOTHING),
                )
                + (t(language, STALE) if channel.stale else "")
            )
    if account.lines and account.floor > 0:
        lines.append(t(language, FLOOR, floor=number(language, account.floor)))
    lines += ["", t(language, FOOTER)]
    if current.unverified:
        lines.append(tn(language, UNVERIFIED, current.unverified))
    return Html("\n".join(lines))


def _post_link(language: str, ranked: RankedPost) -> Html:
    text = ranked.post.excerpt or gettext(language, UNTITLED)
    short = escape(text[:80] + ("…" if len(text) > 80 else ""), quote=False)
    url = ranked.post.url
    if url.startswith(("https://", "http://")):
        return Html(f'<a href="{escape(url, quote=True)}">{short}</a>')
    return Html(short)


def _why_channel(language: str, line: LedgerLine) -> list[Html]:
    channel, c, m = line.channel, line.components, line.channel.metrics

    def n(value: float) -> str:
        return number(language, value)

    head = t(
        language,
        WHY_CHANNEL,
        channel=platforms.channel_name(language, channel.label, channel.platform),
        weight=channel.weight,
        contribution=n(line.contribution),
    ) + (t(language, STALE) if channel.stale else "")
    if m.has_followers:
        engagement = t(
            language,
            WHY_ENGAGEMENT,
            points=n(c["engagement"]),
            value=n(m.interaction_per_post),
            followers=tn(language, counts.FOLLOWERS, m.followers),
        )
        reach = t(
            language,
            WHY_REACH,
            points=n(c["reach"]),
            counted=number(language, m.counted_followers, 0),
            followers=tn(language, counts.FOLLOWERS, m.followers),
        )
    else:
        engagement = t(
            language,
            WHY_ENGAGEMENT_NO_FOLLOWERS,
            points=n(c["engagement"]),
            value=n(m.interaction_per_post),
        )
        reach = t(language, WHY_REACH_NO_FOLLOWERS, points=n(c["reach"]))
    lines: list[Html] = [
        Html(head),
        t(language, WHY_INTERACTION, points=n(c["interaction"]), value=n(m.interaction_per_week)),
        engagement,
        reach,
        t(
            language,
            WHY_ACTIVITY,
            points=n(c["activity"]),
            earning=n(m.earning_posts_per_week),
            value=n(m.posts_per_week),
        ),
        t(language, WHY_GIVING, points=n(c["giving"]), value=n(m.giving_per_week)),
    ]
    if m.focus_share is not None:
        lines.append(t(language, WHY_FOCUS, percent=number(language, 100 * m.focus_share, 0)))
    return lines


def _ranked_lines(language: str, ranked: list[RankedPost]) -> list[str]:
    return [
        t(
            language,
            MOVER,
            position=position,
            post=_post_link(language, item),
            platform=platforms.name(item.platform),
            value=number(language, item.value),
        )
        for position, item in enumerate(ranked, start=1)
    ]


def why_text(language: str, current: Current) -> Html:
    score = current.score
    lines: list[str] = [
        t(language, WHY_TITLE, score=number(language, score.value), version=score.version)
    ]
    account = ledger(score)
    if not account.lines:
        lines += ["", t(language, NOTHING_COUNTS)]
    for line in account.lines:
        lines += ["", *_why_channel(language, line)]
    if account.lines and account.floor > 0:
        lines += ["", t(language, FLOOR, floor=number(language, account.floor))]
    week = movers(current.inputs, current.now, 7)
    month = movers(current.inputs, current.now, 30)
    lines += ["", t(language, WHY_MOVERS, days=7)]
    lines += _ranked_lines(language, week) or [t(language, WHY_NO_MOVERS, days=7)]
    lines += ["", t(language, WHY_MOVERS, days=30)]
    if month and [r.post.post_id for r in month] == [r.post.post_id for r in week]:
        lines.append(t(language, WHY_SAME_30))
    else:
        lines += _ranked_lines(language, month) or [t(language, WHY_NO_MOVERS, days=30)]
    lines += ["", t(language, WHY_FOOTER)]
    return Html("\n".join(lines))


def top_text(language: str, current: Current, *, focus: bool = False) -> Html:
    topics = current.options.focus
    if focus and not topics:
        return t(language, TOP_NO_FOCUS)
    lines: list[str] = []
    for days in (7, 30):
        ranked = top_posts(
            current.inputs, current.now, days, keep=topics.matches if focus else None
        )
        if lines:
            lines.append("")
        if focus:
            lines.append(t(language, TOP_FOCUS_TITLE, topics=_topics(current), days=days))
        else:
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
                    **counts.interaction(language, p.likes, p.reshares, p.replies),
                )
            )
    return Html("\n".join(lines))


def top_focus_text(language: str, current: Current) -> Html:
    return top_text(language, current, focus=True)


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
    current = current_score(services.db, user.id, services.now(), posts=posts)
    if not current.linked:
        await message.reply_text(
            t(user.language, NO_CHANNELS, example=platforms.link_example()),
            parse_mode=ParseMode.HTML,
        )
        return
    await reply_long(message, render(user.language, current))


async def score(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/score: the number, its 7- and 30-day change, and each channel's share."""
    await _reply(update, context, score_text, posts=False)


async def why(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/why: components per channel and the posts behind them."""
    await _reply(update, context, why_text)


async def top(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/top [focus]: the best posts of the last 7 and 30 days (or only focus posts), linked."""
    args = context.args or []
    wants_focus = bool(args) and args[0].strip().lower() in FOCUS_WORDS
    await _reply(update, context, top_focus_text if wants_focus else top_text)

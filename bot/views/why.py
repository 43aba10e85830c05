"""/why: the ledger behind the score, a summary with a button per channel, each channel's
lines (what it received and how much of it counts, people, reach, activity, giving), and the
posts that weigh most. Text, and the buttons as (label, data) pairs, for the handlers and any
other face."""

from __future__ import annotations

from html import escape

from bot import FORMULA_URL
from bot.use_cases.scores import Current
from bot.views import counts, platforms
from bot.views.i18n import N_, P_, Html, Plural, day, gettext, isolated, number, points, t, tn
from bot.views.people import WHY_SELF_WRITTEN, why_people
from scoring.credit import CLICKS_FLOOR
from scoring.explain import LedgerLine, RankedPost, ledger, movers
from scoring.model import ChannelScore
from scoring.sources import registry

WHY_PREFIX = "why:"  # the buttons of /why (bot/handlers/score.py answers them)

FLOOR = N_("The lowest score is 1: {floor} points of it are that minimum.")
NOTHING_COUNTS = N_(
    "Your score is 1: none of your channels received interaction in the last 90 days. "
    "Replies, reshares and likes on your own posts are what counts."
)

WHY_TITLE = N_('<b>Why {score}</b>: formula {version}, <a href="{url}">how it works</a>')
WHY_SPAN = N_("Weekly averages over the last 90 days, newer posts counting more.")
WHY_PARTS = N_(
    "Interaction received {interaction} · reach {reach} · engagement {engagement} · "
    "activity {activity} · giving {giving}"
)
WHY_ENGAGED = N_("Engagement counts once, for your most engaged audience: {channel}.")
WHY_PICK = N_("Tap a channel for its lines:")
WHY_POSTS = N_("Posts that weigh most")
BACK = N_("‹ Back")
WHY_CHANNEL = N_("<b>{channel}</b>, weight {weight}: {points} points")
WHY_INTERACTION = N_("• interaction {points}: {value} weighted interactions a week")
WHY_CREDITED = N_(
    "  of {raw} a week, {counted} count: likes as far as a post's replies make them plausible, "
    "replies as far as your audience does"
)
#: where posts carry no reply counts (GitHub repositories, imported archives)
WHY_CREDITED_BY_AUDIENCE = N_(
    "  of {raw} a week, {counted} count: as much as your audience makes plausible"
)
#: where the platform shows no followers (blogs, Hacker News, Stack Exchange)
WHY_CREDITED_PER_POST = N_(
    "  of {raw} a week, {counted} count: each post in full up to what one post plausibly "
    "receives, and ever less beyond"
)
#: formula 3.3: some posts were judged against fewer followers than the channel has now
WHY_AUDIENCE_THEN = N_(
    "  posts are judged against the followers they had when posted ({followers}): followers "
    "gained since add nothing to earlier posts"
)
#: formula 3.4: likes and reshares from empty accounts among those listed counted less
WHY_EMPTY_LIKERS = P_(
    "  {count} like or reshare came from an empty account (never posted, no followers): "
    "empty accounts count together as one person",
    "  {count} likes and reshares came from empty accounts (never posted, no followers): "
    "together they count as one person",
)
WHY_ENGAGEMENT = N_(
    "• engagement {points}: {value} weighted interactions per post ({measured}), with {followers}"
)
WHY_ENGAGEMENT_NO_FOLLOWERS = N_(
    "• engagement {points}: {value} weighted interactions per post ({measured})"
)
#: what engagement measures, in the platform's words: {likes} is "4 likes", "4 stars", ...
MEASURED = N_("replies, and up to {likes}")
MEASURED_COMMENTS = N_("comments, and up to {likes}")
MEASURED_REPLIES_ONLY = N_("replies")
MEASURED_COMMENTS_ONLY = N_("comments")  # a blog's feed: its comments, nothing liked
MEASURED_CLICKS_ONLY = N_("up to {likes}")  # posts without reply counts (GitHub, archives)
WHY_ENGAGEMENT_ELSEWHERE = N_("• engagement: counted for {channel}, your most engaged audience")
WHY_REACH = N_("• reach {points}: {counted} of your {followers} count, as far as they interact")
WHY_REACH_ALL = N_("• reach {points}: all your {followers} count, as far as they interact")
WHY_REACH_NO_FOLLOWERS = N_("• reach {points}: the audience your interaction shows")
#: formula 3.5: reach held to the followers the posts that received something were judged against
WHY_REACH_THEN = N_(
    "• reach {points}: {counted} of your {followers} count, the most a post of yours that "
    "received something was judged against; followers gained since count once a later post "
    "receives something"
)
WHY_ACTIVITY = N_("• activity {points}: {value} posts a week, each earning interaction")
WHY_ACTIVITY_SOME = N_("• activity {points}: {earning} of {value} posts a week earn interaction")
WHY_GIVING = N_("• giving {points}: {value} replies, quotes and reshares of others a week")
#: where a read holds only the owner's own posts (a blog's feed, a Page, an export)
WHY_GIVING_UNSEEN = N_(
    "• giving: not seen here (its reads hold only your own posts); your replies elsewhere count"
)
WHY_FOCUS = N_("• focus posts: {percent} % of this channel's interaction")
#: /why CHANNEL for a channel that adds nothing (it has no lines)
WHY_IGNORED = N_(
    "{channel} has weight 0, so it does not count: /weight {number} 1 counts it again."
)
WHY_NOTHING_YET = N_(
    "{channel} adds nothing to your score yet: nothing it received in the last 90 days counts "
    "(/channels says when it was last read)."
)
WHY_MOVERS = N_("<b>Posts that weigh most, last 30 days</b>")
WHY_NO_MOVERS = N_("No post with interaction in the last 30 days.")
WHY_WEIGHTS = N_(
    "A reply counts 4, a quote 3, a reshare 2, a like 1; the weight halves every 30 days."
)
MOVER = N_("{position}. {post} ({platform}): {value} weighted interactions")

UNTITLED = N_("(untitled)")
#: a self-reported network's report, where /top and /why list posts (scoring.explain)
REPORTED_WEEK = N_("week to {day}")
REPORTED_WHERE = N_("{name}, self-reported")


def channel_label(language: str, channel: ChannelScore) -> str:
    """A scored channel's name as /score and /why show it."""
    return platforms.channel_name(language, channel.label, channel.platform)


def post_link(language: str, ranked: RankedPost) -> Html:
    if registry.is_self_reported(ranked.platform):  # a report's week, not a post to open
        return t(language, REPORTED_WEEK, day=day(language, ranked.post.created_at.date()))
    return post_anchor(language, ranked.post.excerpt, ranked.post.url)


def post_anchor(language: str, text: str, url: str) -> Html:
    """A post named by its text, 80 characters at most ("(untitled)" without), linked to its
    address when it has one on the web (/top, /why and the digest name posts so)."""
    shown = text or gettext(language, UNTITLED)
    short = escape(shown[:80] + ("…" if len(shown) > 80 else ""), quote=False)
    if text:  # set apart: right-to-left letters would turn the line around
        short = isolated(short)
    if url.startswith(("https://", "http://")):
        return Html(f'<a href="{escape(url, quote=True)}">{short}</a>')
    return Html(short)


def where(language: str, ranked: RankedPost) -> str:
    """Where a listed post went: its platform, or the self-reported network by its name."""
    if registry.is_self_reported(ranked.platform):
        return t(language, REPORTED_WHERE, name=ranked.channel_label)
    return platforms.name(ranked.platform, language)


def _best_engaged(account_lines: tuple[LedgerLine, ...]) -> LedgerLine | None:
    engaged = [line for line in account_lines if line.components["engagement"] > 0]
    return max(engaged, key=lambda line: line.components["engagement"]) if engaged else None


def why_text(language: str, current: Current) -> tuple[Html, list[tuple[str, str]]]:
    """The summary: the score's parts, and a button per channel, as (label, data) pairs, each
    a row (none when nothing counts)."""
    score = current.score
    url = Html(escape(FORMULA_URL, quote=True))
    lines: list[str] = [
        t(language, WHY_TITLE, score=points(language, score.value), version=score.version, url=url),
        t(language, WHY_SPAN),
    ]
    account = ledger(score)
    if not account.lines:
        return Html("\n".join([*lines, "", t(language, NOTHING_COUNTS)])), []
    parts = {name: sum(line.components[name] for line in account.lines) for name in _PARTS}
    lines += ["", t(language, WHY_PARTS, **{k: points(language, v) for k, v in parts.items()})]
    best = _best_engaged(account.lines)
    if best is not None and len(account.lines) > 1:
        lines.append(t(language, WHY_ENGAGED, channel=channel_label(language, best.channel)))
    if account.floor > 0:
        lines.append(t(language, FLOOR, floor=points(language, account.floor)))
    lines += ["", t(language, WHY_PICK)]
    buttons = [
        (
            f"{channel_label(language, line.channel)[:50]} · {points(language, line.contribution)}",
            f"{WHY_PREFIX}c:{line.channel.channel_id}",
        )
        for line in account.lines
    ]
    buttons.append((gettext(language, WHY_POSTS), f"{WHY_PREFIX}posts"))
    return Html("\n".join(lines)), buttons


_PARTS = ("interaction", "reach", "engagement", "activity", "giving")


def why_channel_text(language: str, current: Current, channel_id: int) -> Html | None:
    """One channel's lines (None if it no longer counts)."""
    account = ledger(current.score)
    line = next((x for x in account.lines if x.channel.channel_id == channel_id), None)
    if line is None:
        return None
    channel, c, m = line.channel, line.components, line.channel.metrics

    def n(value: float) -> str:
        return number(language, value)

    p = {name: points(language, c[name]) for name in c}
    lines: list[str] = [
        t(language, WHY_CHANNEL, channel=channel_label(language, channel), weight=channel.weight,
          points=points(language, line.contribution)),
        t(language, WHY_INTERACTION, points=p["interaction"], value=n(m.interaction_per_week)),
    ]  # fmt: skip
    source = next((i for i in current.inputs if i.channel_id == channel_id), None)
    if m.raw_interaction_per_week > m.interaction_per_week * 1.01 + 0.05:  # formula 3.0
        if not m.has_followers:
            reason = WHY_CREDITED_PER_POST
        elif source is None or source.has_replies:
            reason = WHY_CREDITED
        else:
            reason = WHY_CREDITED_BY_AUDIENCE
        raw, counted = n(m.raw_interaction_per_week), n(m.interaction_per_week)
        lines.append(t(language, reason, raw=raw, counted=counted))
    if m.audience_held_per_week >= 0.05:
        lines.append(t(language, WHY_AUDIENCE_THEN, followers=number(language, m.audience_then, 0)))
    if m.empty_held_per_week >= 0.05:
        lines.append(tn(language, WHY_EMPTY_LIKERS, m.empty_likes))
    people = why_people(language, channel.platform, m.people, m.people_known, m.people_credit)
    if people:
        lines.append(people)
    if source is not None and source.self_written:
        lines.append(t(language, WHY_SELF_WRITTEN))
    best = _best_engaged(account.lines)
    if c["engagement"] <= 0 and best is not None and best.channel.channel_id != channel_id:
        lines.append(
            t(language, WHY_ENGAGEMENT_ELSEWHERE, channel=channel_label(language, best.channel))
        )
    else:
        measured = _measured(
            language, channel.platform, source.account_id if source else "",
            source is None or source.has_replies,
        )  # fmt: skip
        followers = tn(language, counts.FOLLOWERS, m.followers)
        lines.append(
            t(language, WHY_ENGAGEMENT if m.has_followers else WHY_ENGAGEMENT_NO_FOLLOWERS,
              points=p["engagement"], value=n(m.conversation_per_post), measured=measured,
              followers=followers)
        )  # fmt: skip
    if not m.has_followers:
        lines.append(t(language, WHY_REACH_NO_FOLLOWERS, points=p["reach"]))
    elif m.reach_then:
        kept = number(language, m.reach_then, 0)
        lines.append(
            t(language, WHY_REACH_THEN, points=p["reach"], counted=kept,
              followers=tn(language, counts.FOLLOWERS, m.followers))
        )  # fmt: skip
    elif round(m.counted_followers) >= m.followers:
        followers = tn(language, counts.FOLLOWERS, m.followers)
        lines.append(t(language, WHY_REACH_ALL, points=p["reach"], followers=followers))
    else:
        lines.append(
            t(language, WHY_REACH, points=p["reach"],
              counted=number(language, m.counted_followers, 0),
              followers=tn(language, counts.FOLLOWERS, m.followers))
        )  # fmt: skip
    if round(m.earning_posts_per_week, 1) >= round(m.posts_per_week, 1):
        lines.append(t(language, WHY_ACTIVITY, points=p["activity"], value=n(m.posts_per_week)))
    else:
        lines.append(
            t(language, WHY_ACTIVITY_SOME, points=p["activity"],
              earning=n(m.earning_posts_per_week), value=n(m.posts_per_week))
        )  # fmt: skip
    if m.giving_per_week <= 0 and source is not None and not source.records_giving:
        lines.append(t(language, WHY_GIVING_UNSEEN))
    else:
        lines.append(t(language, WHY_GIVING, points=p["giving"], value=n(m.giving_per_week)))
    if m.focus_share is not None:
        lines.append(t(language, WHY_FOCUS, percent=number(language, 100 * m.focus_share, 0)))
    return Html("\n".join(lines))


def _measured(language: str, platform: str, account_id: str, has_replies: bool) -> Html:
    """What engagement counts on this platform, in its words: its replies (or comments) and a
    post's first four likes (or stars, upvotes, ...; CLICKS_FLOOR), its comments alone (a
    blog), or the first four likes alone (posts that carry no reply counts)."""
    said = counts.nouns(platform, account_id)
    comments = said.replies == registry.COMMENTS
    if not said.clicks:
        return t(language, MEASURED_COMMENTS_ONLY if comments else MEASURED_REPLIES_ONLY)
    likes = tn(language, Plural(*said.likes), int(CLICKS_FLOOR))
    if not has_replies:
        return t(language, MEASURED_CLICKS_ONLY, likes=likes)
    return t(language, MEASURED_COMMENTS if comments else MEASURED, likes=likes)


def why_posts_text(language: str, current: Current) -> Html:
    ranked = movers(current.inputs, current.now, 30, limit=5)
    lines: list[str] = [t(language, WHY_MOVERS)]
    lines += [
        t(language, MOVER, position=position, post=post_link(language, item),
          platform=where(language, item), value=number(language, item.value))
        for position, item in enumerate(ranked, start=1)
    ] or [t(language, WHY_NO_MOVERS)]  # fmt: skip
    lines += ["", t(language, WHY_WEIGHTS)]
    return Html("\n".join(lines))

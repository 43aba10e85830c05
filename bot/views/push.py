"""The words of pushed messages (alerts and digests), in the user's language at send time."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from bot.use_cases.digest import DigestPayload
from bot.views import counts, platforms
from bot.views.audience import jump_text
from bot.views.i18n import N_, Html, number, points, signed, t
from bot.views.people import replied_line
from bot.views.tips import tip_text
from bot.views.why import post_anchor
from scoring.alerts import Trigger, TriggerKind
from scoring.sources import registry

log = logging.getLogger(__name__)

ALERT_TITLE = N_("<b>Resonance</b>: something notable happened")
SCORE_MOVE = N_("Your score moved from {before} to <b>{after}</b> ({change}).")
NEW_HIGH = N_("A new 90-day high: <b>{score}</b> (the best before was {previous}).")
VIRAL = N_(
    "Your post on {channel} is taking off: {value} weighted interactions, more than twice your usual {average}: {post}"
)
MILESTONE = N_("{channel} passed <b>{followers}</b> followers.")
OUTAGE = N_(
    "I could not read {channel} for more than a day; its last good data still counts. /channels shows why."
)
ALERT_FOOTER = N_("/score for details · alerts can be turned off in /settings")

DIGEST_TITLE = N_("<b>Your week in resonance</b>")
DIGEST_SCORE = N_("Score <b>{score}</b> ({change} this week)")
DIGEST_SCORE_NEW = N_("Score <b>{score}</b> (your first week)")
DIGEST_CHANNEL = N_("{name}: {points} points ({change})")
DIGEST_CHANNEL_NEW = N_("{name}: {points} points")
DIGEST_CHANNEL_UNREPORTED = N_("{name}: no numbers reported yet (/report)")
DIGEST_BEST = N_("Best post of the week: {post} ({counts})")
DIGEST_NO_BEST = N_("No post of yours earned interaction this week.")
DIGEST_TIP = N_("Tip: {tip}")
DIGEST_PERSON = N_("Give and take: {line}")
DIGEST_REMINDERS = N_("<b>Time for fresh numbers</b> (you asked me to remind you):")
REMIND_IMPORT = N_("• <b>{name}</b>: send me a fresh export as a file")
REMIND_REPORT = N_(
    "• <b>{name}</b>: <code>/report {name} followers … posts … reactions … comments …</code>"
)
DIGEST_FOCUS = N_(
    "Focus ({topics}): {percent} % of the interaction you received ({change} percentage points "
    "against last week)"
)
DIGEST_FOCUS_NEW = N_("Focus ({topics}): {percent} % of the interaction you received")
DIGEST_TREND = N_("Last weeks: {sparkline} ({first} → {last})")

_BARS = "▁▂▃▄▅▆▇█"


#: The least range of scores the bars span: a move of a few tenths stays a flat row (scaled
#: to the scores' own range, 30.0 and 30.2 were the lowest bar and the highest).
SPARK_SPAN = 10.0


def sparkline(values: Sequence[float]) -> str:
    """Scores as a row of bars, over their own range or SPARK_SPAN points, whichever is more."""
    if not values:
        return ""
    low, high = min(values), max(values)
    span = max(high - low, SPARK_SPAN)
    return "".join(_BARS[round((v - low) / span * (len(_BARS) - 1))] for v in values)


def _trigger_line(language: str, trigger: Trigger) -> Html:
    n = trigger.numbers
    # a channel named as everywhere ("Alice · Mastodon"); stored before the platform: its label
    label, platform = str(n.get("channel", "")), str(n.get("platform") or "")
    channel = platforms.channel_name(language, label, platform) if platform else label
    match trigger.kind:
        case TriggerKind.SCORE_MOVE:
            return t(
                language,
                SCORE_MOVE,
                before=points(language, n["before"]),
                after=points(language, n["after"]),
                change=signed(language, n["after"] - n["before"]),
            )
        case TriggerKind.NEW_HIGH:
            return t(
                language,
                NEW_HIGH,
                score=points(language, n["score"]),
                previous=points(language, n["previous_high"]),
            )
        case TriggerKind.VIRAL_POST:
            return t(
                language,
                VIRAL,
                channel=channel,
                value=number(language, n["value"], 0),
                average=number(language, n["average"]),
                post=post_anchor(language, n["excerpt"], n["url"]),
            )
        case TriggerKind.MILESTONE:
            followers = number(language, n["followers"], 0)
            return t(language, MILESTONE, channel=channel, followers=followers)
        case TriggerKind.OUTAGE:
            return t(language, OUTAGE, channel=channel)


def render_alert(language: str, payload: dict[str, Any]) -> Html | None:
    """The alert's words; None when none of its triggers can be said (their stored numbers
    no longer fit: a later version's, or a damaged row), so it is dropped, never sent empty."""
    triggers = (Trigger.from_json(item) for item in payload.get("triggers") or [])
    said = [_said(language, trigger) for trigger in triggers if trigger is not None]
    kept = [line for line in said if line is not None]
    if not kept:
        return None
    return Html("\n".join([t(language, ALERT_TITLE), *kept, "", t(language, ALERT_FOOTER)]))


def _said(language: str, trigger: Trigger) -> Html | None:
    """One trigger's line, or None if its numbers do not fit its words."""
    try:
        return _trigger_line(language, trigger)
    except (KeyError, TypeError, ValueError):
        log.warning("an alert's %s trigger has numbers that do not fit: skipped", trigger.kind)
        return None


def render_digest(language: str, payload: DigestPayload, when: datetime) -> Html:
    lines: list[str] = [t(language, DIGEST_TITLE), ""]
    score = points(language, payload.score)  # one decimal always, as /score shows it
    if payload.change is None:
        lines.append(t(language, DIGEST_SCORE_NEW, score=score))
    else:
        lines.append(
            t(language, DIGEST_SCORE, score=score, change=signed(language, payload.change))
        )
    for channel in payload.channels:
        common = {
            "name": platforms.channel_name(language, channel.label, channel.platform),
            "points": points(language, channel.contribution),
        }
        if channel.unreported:
            line = t(language, DIGEST_CHANNEL_UNREPORTED, name=common["name"])
        elif channel.change is None:
            line = t(language, DIGEST_CHANNEL_NEW, **common)
        else:
            line = t(language, DIGEST_CHANNEL, change=signed(language, channel.change), **common)
        jump = jump_text(language, channel.jump)
        lines.append(line + (f"\n  {jump}" if jump else ""))
    best = payload.best_post
    lines.append("")
    if best:
        lines.append(
            t(
                language,
                DIGEST_BEST,
                post=post_anchor(language, best.excerpt, best.url),
                counts=counts.interaction(
                    language,
                    best.likes,
                    best.reshares,
                    best.replies,
                    [(best.platform, best.account_id)],
                    quotes=best.quotes,
                ),
            )
        )
    elif not all(registry.is_self_reported(c.platform) for c in payload.channels):
        # a report is not a post: "no post earned interaction" is not said of reports alone
        lines.append(t(language, DIGEST_NO_BEST))
    focus = payload.focus
    if focus:
        percent = number(language, 100 * focus.share, 0)
        if focus.change is None:
            lines.append(t(language, DIGEST_FOCUS_NEW, topics=focus.topics, percent=percent))
        else:
            change = signed(language, 100 * focus.change)
            lines.append(
                t(language, DIGEST_FOCUS, topics=focus.topics, percent=percent, change=change)
            )
    rendered = tip_text(language, payload.tip, when) if payload.tip else ""
    if rendered:
        lines.append(t(language, DIGEST_TIP, tip=rendered))
    person = payload.person
    tip_names = payload.tip.numbers.get("person") if payload.tip else None
    if person and not tip_names:  # one person named: the tip's, or the one who engages most
        line = replied_line(
            language, person.platform, person.handle, person.replied, person.answered
        )
        lines.append(t(language, DIGEST_PERSON, line=line))
    if len(payload.history) >= 2:
        weeks = payload.history
        lines.append(
            t(language, DIGEST_TREND, sparkline=sparkline(weeks),
              first=points(language, weeks[0]), last=points(language, weeks[-1]))
        )  # fmt: skip
    if payload.reminders:
        lines += ["", t(language, DIGEST_REMINDERS)]
    for reminder in payload.reminders:
        if reminder.kind == "import":
            name = platforms.channel_name(language, reminder.label, reminder.platform, "imported")
            lines.append(t(language, REMIND_IMPORT, name=name))
        else:
            lines.append(t(language, REMIND_REPORT, name=reminder.label))
    return Html("\n".join(lines).rstrip("\n"))

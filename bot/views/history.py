"""The history chart's words: each channel's name, and the marks where what counts changed."""

from __future__ import annotations

import itertools
from datetime import datetime, tzinfo

from bot.use_cases.scores import HistoryPoint
from bot.views import platforms
from bot.views.charts import CHART_SPAN, channel_changes, switches
from bot.views.i18n import N_, P_, Html, gettext, points, t, tn, when
from scoring.sources.registry import is_self_reported

MARK_ADDED = N_("+ {name}")
MARK_REMOVED = N_("− {name}")
MARK_FORMULA = N_("formula {version}")
MARK_FOCUS = N_("focus score")
MARK_ALL = N_("all posts")

FIRST_SCORE = N_("Your first score: {first} ({when}).")
#: ... and what it came from (the steps below start from it; "19.0" alone named nothing)
FIRST_SCORE_FROM = N_("Your first score: {first} ({when}), with {names}.")
FIRST_SCORE_FROM_MANY = P_(
    "Your first score: {first} ({when}), with {count} channel.",
    "Your first score: {first} ({when}), with {count} channels.",
)
#: the channels a first score names, at most (more are counted)
FIRST_NAMED = 3
NOW = N_("Now: {last}.")
STEP = N_("• {change}: {score}")
EARLIER = N_("• … {count} earlier")
#: a self-reported channel's first numbers: the owner's doing, not a step "without activity"
FIRST_REPORT = N_("{name}’s first numbers (/report)")
STEPS_MOVED = N_(
    "Linking or removing a channel moves the score without any change in your activity."
)
CHART_COMES = N_("The chart comes once your scores span a day: from {when}.")
#: the changes listed one a line (the newest; a phone's screen)
STEPS_SHOWN = 6


def channel_names(language: str, points: list[HistoryPoint]) -> dict[int, str]:
    """Each channel drawn, named as everywhere ("Alice · Mastodon"): two channels with one
    display name are told apart by their platform."""
    names: dict[int, tuple[str, str]] = {}
    for point in points:
        names.update(point.names)
    return {
        channel: platforms.channel_name(language, label, platform)
        for channel, (label, platform) in names.items()
    }


#: A step: when, its place among the points (times are stored to the second: several steps
#: may share one), in words (plain text, not HTML: "&" stays "&"), and the score right after.
Step = tuple[datetime, int, str, float]


def chart_marks(
    language: str, points: list[HistoryPoint], names: dict[int, str]
) -> list[tuple[datetime, str]]:
    """A dashed line where the formula or mode changed, and where channels came or went."""
    return [(at, text) for at, _, text, _ in changes(language, points, names)]


def changes(language: str, points: list[HistoryPoint], names: dict[int, str]) -> list[Step]:
    """What changed what counts, in the order it happened."""
    place = {id(point): index for index, point in enumerate(points)}
    found = [
        (point.at, place[id(point)], what_changed(language, before, point), point.total)
        for before, point in switches(points)
    ]
    added, removed = gettext(language, MARK_ADDED), gettext(language, MARK_REMOVED)
    for change in channel_changes(points):
        parts = [added.format(name=names.get(c, "?")) for c in change.added]
        parts += [removed.format(name=names.get(c, "?")) for c in change.removed]
        found.append((change.at, change.index, ", ".join(parts), change.total))
    return sorted(found, key=lambda step: step[:2])


def first_reports(language: str, points: list[HistoryPoint]) -> list[Step]:
    """Where a self-reported channel's first numbers came (it counted, for nothing, before:
    a channel that comes, or comes back from weight 0, is a step of its own), in words the
    network's name ("self-reported" is what the step says)."""
    found = []
    for index, (before, point) in enumerate(itertools.pairwise(points), start=1):
        for channel, part in point.channels.items():
            label, platform = point.names.get(channel, ("?", ""))
            nothing = channel in before.channels and not before.channels[channel]
            if part > 0 and nothing and is_self_reported(platform):
                words = gettext(language, FIRST_REPORT).format(name=label)
                found.append((point.at, index, words, point.total))
    return found


def what_changed(language: str, before: HistoryPoint, point: HistoryPoint) -> str:
    """What changed between two points: the formula version, else the mode."""
    version, mode = point.formula.split("/")
    if version != before.formula.split("/")[0]:
        return gettext(language, MARK_FORMULA).format(version=version)
    mark = MARK_FOCUS if mode == "focus" else MARK_ALL
    return gettext(language, mark)


def first_score(
    language: str, first: HistoryPoint, names: dict[int, str], zone: tzinfo, now: datetime
) -> Html:
    """The first score, when, and the channels it came from (named up to three)."""
    fields = {"first": points(language, first.total), "when": when(language, first.at, zone, now)}
    channels = [names[c] for c in sorted(first.channels) if c in names]
    if not channels:
        return t(language, FIRST_SCORE, **fields)
    if len(channels) > FIRST_NAMED:
        return tn(language, FIRST_SCORE_FROM_MANY, len(channels), **fields)
    return t(language, FIRST_SCORE_FROM, names=", ".join(channels), **fields)


def so_far(language: str, series: list[HistoryPoint], zone: tzinfo, now: datetime) -> Html:
    """A history too short for a chart (:data:`CHART_SPAN`), in words: the first score, each
    change of what counts with the score it gave, the score now, and when the chart comes."""
    first = series[0]
    names = channel_names(language, series)
    lines = [first_score(language, first, names, zone, now)]
    moved = changes(language, series, names)
    steps = sorted(moved + first_reports(language, series), key=lambda step: step[:2])
    if len(steps) > STEPS_SHOWN:
        lines.append(t(language, EARLIER, count=len(steps) - STEPS_SHOWN))
    for _, _, change, score in steps[-STEPS_SHOWN:]:
        lines.append(t(language, STEP, change=change, score=points(language, score)))
    if len(series) > 1:
        lines.append(t(language, NOW, last=points(language, series[-1].total)))
    if channel_changes(series):
        lines.append(t(language, STEPS_MOVED))
    chart = when(language, first.at + CHART_SPAN, zone, now)
    lines.append(t(language, CHART_COMES, when=chart))
    return Html("\n".join(lines))

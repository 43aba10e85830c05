"""The history chart's words: each channel's name, and the marks where what counts changed."""

from __future__ import annotations

from datetime import datetime

from bot.use_cases.scores import HistoryPoint
from bot.views import platforms
from bot.views.charts import channel_changes, switches
from bot.views.i18n import N_, gettext

MARK_ADDED = N_("+ {name}")
MARK_REMOVED = N_("− {name}")
MARK_FORMULA = N_("formula {version}")
MARK_FOCUS = N_("focus score")
MARK_ALL = N_("all posts")


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


def chart_marks(
    language: str, points: list[HistoryPoint], names: dict[int, str]
) -> list[tuple[datetime, str]]:
    """A dashed line where the formula or mode changed, and where channels came or went."""
    marks = [
        (point.at, what_changed(language, before, point)) for before, point in switches(points)
    ]
    added, removed = gettext(language, MARK_ADDED), gettext(language, MARK_REMOVED)
    for change in channel_changes(points):  # drawn text, not HTML: "&" stays "&"
        parts = [added.format(name=names.get(c, "?")) for c in change.added]
        parts += [removed.format(name=names.get(c, "?")) for c in change.removed]
        marks.append((change.at, ", ".join(parts)))
    return sorted(marks)


def what_changed(language: str, before: HistoryPoint, point: HistoryPoint) -> str:
    """What changed between two points: the formula version, else the mode."""
    version, mode = point.formula.split("/")
    if version != before.formula.split("/")[0]:
        return gettext(language, MARK_FORMULA).format(version=version)
    mark = MARK_FOCUS if mode == "focus" else MARK_ALL
    return gettext(language, mark)

"""Charts as PNG bytes, drawn with matplotlib's Agg backend (no display, no pyplot state).

The history chart draws what happened: one band per channel (keyed by the channel, never by
its name, so two channels called the same are two bands), stacked so that at every point
the stack's top is the score drawn (the floor at 1 aside); a dashed line where channels were
linked or removed, and where the formula or the score's mode changed; dates and times in
the user's timezone and language (Babel), ticks that never repeat.

Rendering takes tens of milliseconds, so callers run it in a worker thread.
"""

from __future__ import annotations

import dataclasses
import io
import itertools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo

from babel.dates import format_skeleton, format_time
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.legend import Legend
from matplotlib.ticker import FixedLocator, FuncFormatter, MaxNLocator

from bot.use_cases.scores import HistoryPoint

#: Colours that stay distinct on white and keep contrast when the image sits in a dark chat.
PALETTE = ("#2563eb", "#d97706", "#059669", "#db2777", "#7c3aed", "#0891b2", "#65a30d", "#dc2626")
BACKGROUND = "#ffffff"
INK = "#1f2937"

_EPOCH = datetime(1970, 1, 1)


def _days(moment: datetime, zone: tzinfo) -> float:
    """Local wall time as matplotlib's date number (days since its 1970 epoch)."""
    return (moment.astimezone(zone).replace(tzinfo=None) - _EPOCH).total_seconds() / 86400


def _moment(days: float) -> datetime:
    """A matplotlib day number as local wall time, to the nearest minute."""
    seconds = round(float(days) * 86400 / 60) * 60
    return _EPOCH + timedelta(seconds=seconds)


#: How much time a chart of the score needs: a new user's first scores, minutes apart, would
#: be a thin bar in an empty chart (/history says them in words until then).
CHART_SPAN = timedelta(days=1)


def charted(points: Sequence[HistoryPoint], now: datetime) -> bool:
    """Whether the scores make a chart: two at least, and a day since the first."""
    return len(points) >= 2 and now >= points[0].at + CHART_SPAN


def switches(points: Sequence[HistoryPoint]) -> list[tuple[HistoryPoint, HistoryPoint]]:
    """Each change of formula version or mode: the last point before it and the first after."""
    pairs = itertools.pairwise(points)
    return [(before, after) for before, after in pairs if after.formula != before.formula]


@dataclass(frozen=True, slots=True)
class ChannelChange:
    """Channels that began or stopped counting between two points (linked, unlinked, or a
    weight set to or from 0): a change of what counts, not of activity."""

    at: datetime
    added: tuple[int, ...]
    removed: tuple[int, ...]
    total: float = 0.0  # the score right after it
    index: int = 0  # the point right after it, among the points (times are to the second)


def channel_changes(points: Sequence[HistoryPoint]) -> list[ChannelChange]:
    found = []
    for index, (before, after) in enumerate(itertools.pairwise(points), start=1):
        added = tuple(sorted(set(after.channels) - set(before.channels)))
        removed = tuple(sorted(set(before.channels) - set(after.channels)))
        if added or removed:
            found.append(ChannelChange(after.at, added, removed, after.total, index))
    return found


def colours(points: Sequence[HistoryPoint]) -> dict[int, str]:
    """Each channel's colour: by its id's place among the channels drawn, so a channel keeps
    its colour in every panel of a chart."""
    ids = sorted({channel for p in points for channel in p.channels})
    return {channel: PALETTE[index % len(PALETTE)] for index, channel in enumerate(ids)}


#: Where what counts changed, the step's foot: this long before the first point after it.
_STEP = timedelta(seconds=1)


def stepped(points: Sequence[HistoryPoint]) -> list[HistoryPoint]:
    """The points as drawn: where channels came or went or the formula changed, the score
    before holds until the moment of the change and moves there, a step on its mark (a
    straight line from the point before would show a rise over days that happened at once).
    Between other points the line runs straight, as scores drift."""
    if not points:
        return []
    drawn = [points[0]]
    for before, after in itertools.pairwise(points):
        changed = set(after.channels) != set(before.channels) or after.formula != before.formula
        if changed and after.at - before.at > 2 * _STEP:
            drawn.append(dataclasses.replace(before, at=after.at - _STEP))
        drawn.append(after)
    return drawn


@dataclass(frozen=True, slots=True)
class DailyPanel:
    """Bars under the score: each series' counts per day (imported engagements)."""

    title: str
    series: Sequence[tuple[int, str, Sequence[tuple[date, int]]]]  # channel, name, (day, n)


def history_figure(
    points: Sequence[HistoryPoint],
    zone: tzinfo,
    title: str,
    language: str,
    names: Mapping[int, str],
    *,
    small: bool = False,
    marks: Sequence[tuple[datetime, str]] = (),
    daily: DailyPanel | None = None,
) -> Figure:
    """The chart as a matplotlib figure (tests read back what it draws)."""
    points = stepped(points)
    width, height = (6.0, 3.0) if small else (8.0, 4.5)
    ids = sorted({channel for p in points for channel in p.channels})
    palette = colours(points)
    panel = daily is not None and bool(daily.series)
    figure = Figure(figsize=(width, height + 2.0 * panel), dpi=120, facecolor=BACKGROUND)
    FigureCanvasAgg(figure)
    grid = figure.add_gridspec(1 + panel, 1, height_ratios=(3, 1.4)[: 1 + panel])
    axes = figure.add_subplot(grid[0], facecolor=BACKGROUND)
    times = [_days(p.at, zone) for p in points]
    if ids:
        axes.stackplot(
            times,
            [[p.channels.get(channel, 0.0) for p in points] for channel in ids],
            labels=[names.get(channel, str(channel)) for channel in ids],
            colors=[palette[channel] for channel in ids],
            alpha=0.85,
        )
    axes.plot(times, [p.total for p in points], color=INK, linewidth=2.0, label="_score")
    top = max(10.0, min(100.0, max((p.total for p in points), default=10.0) * 1.15))
    axes.set_ylim(0, top)
    _marks(axes, [(_days(moment, zone), text) for moment, text in marks], times, top)
    axes.set_title(title, color=INK, fontsize=12 if not small else 10, loc="left",
                   parse_math=False)  # fmt: skip
    _time_axis(axes, times, zone, language)
    _style(axes)
    lowest = axes
    if daily is not None and panel:
        lowest = figure.add_subplot(grid[1], sharex=axes, facecolor=BACKGROUND)
        _daily_bars(lowest, daily, palette)
        _time_axis(lowest, times, zone, language)
    if ids and not small:  # under the dates, three names a row: the plot and its marks stay clear
        handles, labels = axes.get_legend_handles_labels()
        legend = lowest.legend(
            handles, labels, loc="upper left", bbox_to_anchor=(0.0, -0.1),
            ncol=min(3, len(ids)), fontsize=8, frameon=False, labelcolor=INK,
        )  # fmt: skip
        _as_written(legend)
    figure.tight_layout()
    return figure


def history_png(
    points: Sequence[HistoryPoint],
    zone: tzinfo,
    title: str,
    language: str,
    names: Mapping[int, str],
    *,
    small: bool = False,
    marks: Sequence[tuple[datetime, str]] = (),
    daily: DailyPanel | None = None,
) -> bytes:
    """The score over time, each channel's contribution stacked, dates in ``zone``.

    ``names`` names each channel (by its id); ``marks`` draws a labelled dashed line at each
    moment; ``daily`` adds a panel of bars underneath, on the same dates.
    """
    figure = history_figure(
        points, zone, title, language, names, small=small, marks=marks, daily=daily
    )
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", facecolor=BACKGROUND)
    return buffer.getvalue()


#: Tick steps, in days: whole hours for a short history, whole days (and weeks) for longer.
_STEPS = (1 / 24, 2 / 24, 3 / 24, 6 / 24, 12 / 24, 1, 2, 7, 14, 28)


def ticks(start: float, end: float, most: int = 6) -> tuple[list[float], bool]:
    """Tick positions between ``start`` and ``end`` (matplotlib day numbers, local time), at
    most ``most`` of them on whole hours or local midnights, and whether they are times (a
    span under a day) or dates. Each tick is a distinct hour or day: labels never repeat."""
    span = max(end - start, 1 / 24)
    daily = span >= 1
    step = next((s for s in _STEPS if (s >= 1) == daily and span / s <= most - 1), _STEPS[-1])
    if daily:
        step = max(step, 1)
    first = math.ceil(start / step - 1e-9) * step
    found = []
    at = first
    while at <= end + 1e-9:
        found.append(round(at, 9))
        at += step
    if not found:  # a span shorter than a step: its own start
        found = [start]
    return found, not daily


def _time_axis(axes: Axes, times: Sequence[float], zone: tzinfo, language: str) -> None:
    """Ticks at whole hours or local midnights, labelled in the user's language."""
    if not times:
        return
    positions, as_times = ticks(times[0], times[-1])

    def label(value: float, _position: int | None = None) -> str:
        moment = _moment(value)
        if as_times:
            return str(format_time(moment, "short", locale=language))
        return str(format_skeleton("MMMd", moment, locale=language))

    axes.xaxis.set_major_locator(FixedLocator(positions))
    axes.xaxis.set_major_formatter(FuncFormatter(label))
    pad = max((times[-1] - times[0]) * 0.02, 1 / 96)
    axes.set_xlim(times[0] - pad, times[-1] + pad)


#: A mark's label is about this share of the chart wide: marks closer than it stack their
#: labels one under the other (channels linked in one sitting would be written over each other).
_LABEL_SHARE = 0.25


def _marks(
    axes: Axes, marks: Sequence[tuple[float, str]], times: Sequence[float], top: float
) -> None:
    """A dashed line at each mark (once where several share a moment), and its label at the
    top, beside the line on the side where it fits; labels of marks close together stacked
    downwards."""
    span = (times[-1] - times[0]) if len(times) > 1 else 0.0
    near = max(span, 1 / 96) * _LABEL_SHARE
    row, previous = 0, -math.inf
    lines: set[float] = set()
    for x, text in sorted(marks):
        if x not in lines:
            axes.axvline(x, color=INK, linestyle="--", linewidth=1.0)
            lines.add(x)
        row = row + 1 if x - previous < near else 0
        previous = x
        # in the right half the label goes left of its line: it stays inside the plot
        right = span > 0 and x > times[0] + span / 2
        axes.annotate(
            text, (x, top), xytext=(-3 if right else 3, -12 - 11 * row),
            textcoords="offset points", color=INK, fontsize=8, parse_math=False,
            ha="right" if right else "left",
        )  # fmt: skip


def _as_written(legend: Legend) -> None:
    """A legend's names drawn as written: never read as TeX ("$x^2$ tips" is a name, and a
    broken "$...$" raised at drawing time). Every text drawn here says ``parse_math=False``."""
    for text in legend.get_texts():
        text.set_parse_math(False)


def _style(axes: Axes) -> None:
    axes.tick_params(colors=INK, labelsize=9)
    for spine in axes.spines.values():
        spine.set_color("#d1d5db")
    axes.grid(axis="y", color="#e5e7eb", linewidth=0.8)


def _daily_bars(axes: Axes, daily: DailyPanel, palette: Mapping[int, str]) -> None:
    """Each series' counts per day as bars, stacked, centred on the day's noon; a channel
    has the colour it has in the score above."""
    base: dict[date, int] = {}
    spare = itertools.cycle(PALETTE[len(palette) :] or PALETTE)
    for channel, name, days in daily.series:
        colour = palette.get(channel) or next(spare)
        xs = [
            (datetime(d.year, d.month, d.day, 12) - _EPOCH).total_seconds() / 86400 for d, _ in days
        ]
        bottoms = [base.get(d, 0) for d, _ in days]
        axes.bar(xs, [v for _, v in days], width=0.8, bottom=bottoms, color=colour, label=name)
        for d, v in days:
            base[d] = base.get(d, 0) + v
    axes.set_title(daily.title, color=INK, fontsize=10, loc="left", parse_math=False)
    axes.yaxis.set_major_locator(MaxNLocator(nbins=3, integer=True))
    _style(axes)
    if len(daily.series) > 1:
        _as_written(axes.legend(loc="upper left", fontsize=8, frameon=False, labelcolor=INK))

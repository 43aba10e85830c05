"""Charts as PNG bytes, drawn with matplotlib's Agg backend (no display, no pyplot state).

Rendering takes tens of milliseconds, so callers run it in a worker thread.
"""

from __future__ import annotations

import io
import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, tzinfo

from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.dates import DateFormatter
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from bot.use_cases.scores import HistoryPoint

#: Colours that stay distinct on white and keep contrast when the image sits in a dark chat.
PALETTE = ("#2563eb", "#d97706", "#059669", "#db2777", "#7c3aed", "#0891b2", "#65a30d", "#dc2626")
BACKGROUND = "#ffffff"
INK = "#1f2937"


_EPOCH = datetime(1970, 1, 1)


def _days(moment: datetime, zone: tzinfo) -> float:
    """Local wall time as matplotlib's date number (days since its 1970 epoch)."""
    return (moment.astimezone(zone).replace(tzinfo=None) - _EPOCH).total_seconds() / 86400


def switches(points: Sequence[HistoryPoint]) -> list[tuple[HistoryPoint, HistoryPoint]]:
    """Each change of formula version or mode: the last point before it and the first after."""
    pairs = itertools.pairwise(points)
    return [(before, after) for before, after in pairs if after.formula != before.formula]


@dataclass(frozen=True, slots=True)
class DailyPanel:
    """Bars under the score: each series' counts per day (imported engagements)."""

    title: str
    series: Sequence[tuple[str, Sequence[tuple[date, int]]]]  # label, (day, count) oldest first


def history_png(
    points: Sequence[HistoryPoint],
    zone: tzinfo,
    title: str,
    *,
    small: bool = False,
    marks: Sequence[tuple[datetime, str]] = (),
    daily: DailyPanel | None = None,
) -> bytes:
    """The score over time, each channel's contribution stacked, dates in ``zone``.

    ``marks`` draws a labelled dashed line at each moment (where the formula or mode changed);
    ``daily`` adds a panel of bars underneath, on the same dates.
    """
    width, height = (6.0, 3.0) if small else (8.0, 4.5)
    labels = sorted({label for p in points for label in p.channels})
    panel = daily is not None and bool(daily.series)
    figure = Figure(figsize=(width, height + 2.0 * panel), dpi=120, facecolor=BACKGROUND)
    FigureCanvasAgg(figure)
    grid = figure.add_gridspec(1 + panel, 1, height_ratios=(3, 1.4)[: 1 + panel])
    axes = figure.add_subplot(grid[0], facecolor=BACKGROUND)
    if daily is not None and panel:
        bars = figure.add_subplot(grid[1], sharex=axes, facecolor=BACKGROUND)
        _daily_bars(bars, daily, labels)
    times = [_days(p.at, zone) for p in points]
    series = [[p.channels.get(label, 0.0) for p in points] for label in labels]
    if series:
        axes.stackplot(
            times, series, labels=labels, colors=PALETTE[: len(labels)] or None, alpha=0.85
        )
    axes.plot(times, [p.total for p in points], color=INK, linewidth=2.0)
    top = max(10.0, min(100.0, max((p.total for p in points), default=10.0) * 1.15))
    axes.set_ylim(0, top)
    for moment, text in marks:
        x = _days(moment, zone)
        axes.axvline(x, color=INK, linestyle="--", linewidth=1.0)
        axes.annotate(
            text, (x, top), xytext=(3, -12), textcoords="offset points", color=INK, fontsize=8
        )
    axes.set_title(title, color=INK, fontsize=12 if not small else 10, loc="left")
    # Ticks at round numbers of days (or hours for a short history), labelled as dates.
    axes.xaxis.set_major_locator(MaxNLocator(nbins=6, steps=[1, 2, 7, 10]))
    short = len(times) > 1 and times[-1] - times[0] < 3 and daily is None
    pattern = "%d.%m. %H:%M" if short else "%d.%m."
    axes.xaxis.set_major_formatter(DateFormatter(pattern))  # type: ignore[no-untyped-call]
    _style(axes)
    if labels and not small:
        axes.legend(loc="upper left", fontsize=8, frameon=False, labelcolor=INK)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", facecolor=BACKGROUND)
    return buffer.getvalue()


def _style(axes: Axes) -> None:
    axes.tick_params(colors=INK, labelsize=9)
    for spine in axes.spines.values():
        spine.set_color("#d1d5db")
    axes.grid(axis="y", color="#e5e7eb", linewidth=0.8)


def _daily_bars(axes: Axes, daily: DailyPanel, labels: Sequence[str]) -> None:
    """Each series' counts per day as bars, stacked, centred on the day's noon; a channel
    has the colour it has in the score above."""
    base: dict[date, int] = {}
    spare = itertools.cycle(PALETTE[len(labels) :] or PALETTE)
    for label, days in daily.series:
        colour = PALETTE[labels.index(label) % len(PALETTE)] if label in labels else next(spare)
        xs = [
            (datetime(d.year, d.month, d.day, 12) - _EPOCH).total_seconds() / 86400 for d, _ in days
        ]
        bottoms = [base.get(d, 0) for d, _ in days]
        axes.bar(xs, [v for _, v in days], width=0.8, bottom=bottoms, color=colour, label=label)
        for d, v in days:
            base[d] = base.get(d, 0) + v
    axes.set_title(daily.title, color=INK, fontsize=10, loc="left")
    axes.yaxis.set_major_locator(MaxNLocator(nbins=3, integer=True))
    _style(axes)
    if len(daily.series) > 1:
        axes.legend(loc="upper left", fontsize=8, frameon=False, labelcolor=INK)

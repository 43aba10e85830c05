"""The share card (issue 29): a 1200×630 picture of a score to forward anywhere, and the public
profile's preview. Nothing on it names the user: the score, its trend, the channels shown on
the profile (with their marks), the formula version and the date."""

from __future__ import annotations

import functools
import io
from collections.abc import Sequence

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from bot.use_cases.dashboard import HISTORY_DAYS, ChannelPart, Dashboard, days_back
from bot.views import platforms
from bot.views.i18n import N_, day, gettext, points, t

WIDTH, HEIGHT, DPI = 1200, 630, 100
INK, MUTED, ACCENT, PAPER = "#1d2733", "#5b6b7b", "#2481cc", "#f7f9fb"
MAX_CHANNELS = 6
LABEL_CHARS = 40  # a channel's name at most, then cut until it fits
GAP = 16  # pixels between a channel's name and its points

CARD_TITLE = N_("Resonance score")
CARD_FOOT = N_("formula {version} · {date} · an open formula: every point explained")
CARD_MORE = N_("and {count} more")
CARD_NO_CHANNELS = N_("No verified channel shown")
CARD_HISTORY = N_("The last 90 days")
#: the card's marks, explained where it shows them
LEGEND_VERIFIED = N_("✓ verified")
LEGEND_SELF_WRITTEN = N_("✎ numbers its owner writes")


def shown_channels(dash: Dashboard, everything: bool) -> list[ChannelPart]:
    """The channels a card or profile shows: verified and counted by a platform, or, when
    the owner chose so, every counting channel (marked)."""
    return [c for c in dash.channels if everything or c.public]


def _mark(language: str, channel: ChannelPart) -> str:
    if channel.self_written:
        return " ✎"
    return " ✓" if channel.verified else ""


def card_png(language: str, dash: Dashboard, channels: Sequence[ChannelPart]) -> bytes:
    """The card as PNG bytes, exactly WIDTH × HEIGHT."""
    buffer = io.BytesIO()
    card_figure(language, dash, channels).savefig(buffer, format="png", dpi=DPI, facecolor=PAPER)
    return buffer.getvalue()


def card_figure(language: str, dash: Dashboard, channels: Sequence[ChannelPart]) -> Figure:
    """The card as matplotlib drew it (its texts can be read back)."""
    figure = Figure(figsize=(WIDTH / DPI, HEIGHT / DPI), dpi=DPI, facecolor=PAPER)
    renderer = FigureCanvasAgg(figure).get_renderer()  # type: ignore[no-untyped-call]
    # every text as written: a name with dollar signs is no TeX (a broken one raised)
    write = functools.partial(figure.text, parse_math=False)
    write(0.05, 0.88, gettext(language, CARD_TITLE), fontsize=26, color=MUTED)
    write(0.05, 0.60, points(language, dash.score), fontsize=96, color=INK, fontweight="bold")
    trend = figure.add_axes((0.05, 0.16, 0.42, 0.30), facecolor=PAPER)
    # each day where it falls in the last 90 (a new user's one day: a point at the right end)
    days = days_back(dash.history) or [(0, dash.score)]
    xs, totals = [-back for back, _ in days], [total for _, total in days]
    trend.plot(xs, totals, color=ACCENT, linewidth=4, clip_on=False,
               marker="o" if len(totals) == 1 else None, markersize=12)  # fmt: skip
    if len(totals) > 1:
        trend.fill_between(xs, totals, color=ACCENT, alpha=0.12)
    trend.axhline(0, color=MUTED, alpha=0.25, linewidth=2)  # the 90 days' axis
    trend.set_xlim(-(HISTORY_DAYS - 1) - 1, 1)
    trend.set_ylim(0, max(10.0, min(100.0, max(totals) * 1.2)))
    trend.set_axis_off()
    # what the trend spans, as the public page says it (a new user's lone point read as a stray)
    write(0.05, 0.115, gettext(language, CARD_HISTORY), fontsize=13, color=MUTED)
    y = 0.80
    if not channels:
        write(0.50, y, gettext(language, CARD_NO_CHANNELS), fontsize=20, color=MUTED)
    for channel in channels[:MAX_CHANNELS]:
        shown_points = points(language, channel.contribution) + _mark(language, channel)
        value = write(0.95, y, shown_points, fontsize=20, color=ACCENT, ha="right")
        room = value.get_window_extent(renderer).x0 - GAP
        label = channel.label[:LABEL_CHARS]
        while True:  # the name and its platform, the name cut until they fit beside the points
            shown = label if label == channel.label else label + "…"
            text = platforms.channel_name(language, shown, channel.platform, channel.origin)
            name = write(0.50, y, text, fontsize=20, color=INK)
            if name.get_window_extent(renderer).x1 <= room or len(label) <= 1:
                break
            name.remove()
            label = label[:-1]
        y -= 0.1
    if len(channels) > MAX_CHANNELS:
        more = t(language, CARD_MORE, count=len(channels) - MAX_CHANNELS)
        write(0.50, y, more, fontsize=18, color=MUTED)
    marks = {_mark(language, c) for c in channels[:MAX_CHANNELS]}  # the marks the card shows
    legend = [
        gettext(language, words)
        for words, mark in ((LEGEND_VERIFIED, " ✓"), (LEGEND_SELF_WRITTEN, " ✎"))
        if mark in marks
    ]
    if legend:
        write(0.50, 0.16, " · ".join(legend), fontsize=14, color=MUTED)
    computed = day(language, dash.owners_day)
    write(0.05, 0.05, t(language, CARD_FOOT, version=dash.version, date=computed), fontsize=16,
          color=MUTED)  # fmt: skip
    return figure

"""The share card (issue 29): a 1200×630 picture of a score to forward anywhere, and the public
profile's preview. Nothing on it names the user: the score, its trend, the channels shown on
the profile (with their marks), the formula version and the date."""

from __future__ import annotations

import io
from collections.abc import Sequence

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from bot.use_cases.dashboard import ChannelPart, Dashboard
from bot.views import platforms
from bot.views.i18n import N_, gettext, points, t

WIDTH, HEIGHT, DPI = 1200, 630, 100
INK, MUTED, ACCENT, PAPER = "#1d2733", "#5b6b7b", "#2481cc", "#f7f9fb"
MAX_CHANNELS = 6

CARD_TITLE = N_("Resonance score")
CARD_FOOT = N_("formula {version} · {date} · an open formula: every point explained")
CARD_MORE = N_("and {count} more")


def shown_channels(dash: Dashboard, everything: bool) -> list[ChannelPart]:
    """The channels a card or profile shows: verified and counted by a platform, or, when
    the owner chose so, every counting channel (marked)."""
    return [c for c in dash.channels if everything or c.public]


def _mark(language: str, channel: ChannelPart) -> str:
    if channel.self_written:
        return " " + gettext(language, platforms.SELF_WRITTEN_MARK)
    return " ✓" if channel.verified else ""


def card_png(language: str, dash: Dashboard, channels: Sequence[ChannelPart]) -> bytes:
    """The card as PNG bytes, exactly WIDTH × HEIGHT."""
    figure = Figure(figsize=(WIDTH / DPI, HEIGHT / DPI), dpi=DPI, facecolor=PAPER)
    FigureCanvasAgg(figure)
    figure.text(0.05, 0.88, gettext(language, CARD_TITLE), fontsize=26, color=MUTED)
    figure.text(0.05, 0.60, points(language, dash.score), fontsize=96, color=INK,
                fontweight="bold")  # fmt: skip
    trend = figure.add_axes((0.05, 0.16, 0.42, 0.30), facecolor=PAPER)
    totals = [d.total for d in dash.history] or [dash.score]
    trend.plot(range(len(totals)), totals, color=ACCENT, linewidth=4)
    trend.fill_between(range(len(totals)), totals, color=ACCENT, alpha=0.12)
    trend.set_ylim(0, max(10.0, min(100.0, max(totals) * 1.2)))
    trend.set_axis_off()
    y = 0.80
    for channel in channels[:MAX_CHANNELS]:
        name = platforms.channel_name(language, channel.label, channel.platform, channel.origin)
        figure.text(0.55, y, (name[:34] + "…") if len(name) > 35 else name, fontsize=22,
                    color=INK)  # fmt: skip
        figure.text(0.95, y, points(language, channel.contribution) + _mark(language, channel),
                    fontsize=22, color=ACCENT, ha="right")  # fmt: skip
        y -= 0.1
    if len(channels) > MAX_CHANNELS:
        figure.text(0.55, y, t(language, CARD_MORE, count=len(channels) - MAX_CHANNELS),
                    fontsize=18, color=MUTED)  # fmt: skip
    date = dash.computed_at.date().isoformat()
    figure.text(0.05, 0.05, t(language, CARD_FOOT, version=dash.version, date=date),
                fontsize=16, color=MUTED)  # fmt: skip
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI, facecolor=PAPER)
    return buffer.getvalue()

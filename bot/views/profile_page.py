"""The public profile page (issue 29): what anyone with the link sees, drawn on the server.

The score, its history (an SVG line), the channels the owner shows (verified ones; others only
if the owner chose so, marked), the formula version with a link to its explanation, when it was
computed, and how anyone can recompute it from the owner's export. Nothing private: no name,
no Telegram id, no settings, nothing others wrote.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from bot import FORMULA_URL
from bot.use_cases.dashboard import HISTORY_DAYS, ChannelPart, Dashboard, DayPoint, days_back
from bot.views import platforms
from bot.views.i18n import N_, day, gettext, points, t

PROFILE_TITLE = N_("A Resonance score")
PROFILE_SCORE = N_("Score <b>{score}</b> of 100, computed {date} by formula {version}.")
PROFILE_HISTORY = N_("The last 90 days")
PROFILE_CHANNELS = N_("Channels")
PROFILE_NONE = N_("No channel is shown here yet.")
PROFILE_FORMULA = N_("How the score is computed (formula {version})")
PROFILE_CHECK = N_(
    "Anyone can recompute it: ask its owner for their export (/export in the bot), then run "
    "<code>resonance score --from-export resonance.json</code>."
)

_STYLE = """
:root { color-scheme: light dark; --ink: #1d2733; --muted: #5b6b7b; --paper: #fff;
  --accent: #2481cc; --line: #e3e8ee; }
@media (prefers-color-scheme: dark) { :root { --ink: #e8edf2; --muted: #9aa8b6;
  --paper: #17212b; --accent: #5eaef0; --line: #2b3a4a; } }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, sans-serif; color: var(--ink);
  background: var(--paper); }
main { max-width: 40rem; margin: 0 auto; padding: 1.25rem; }
h1 { font-size: 1.3rem; margin: 0 0 .5rem; color: var(--muted); font-weight: 500; }
.score { font-size: 3.5rem; font-weight: 700; line-height: 1.1; }
h2 { font-size: 1.05rem; margin: 1.5rem 0 .5rem; }
svg { width: 100%; height: auto; display: block; }
ul { list-style: none; padding: 0; margin: 0; }
li { display: flex; justify-content: space-between; gap: 1rem; padding: .45rem 0;
  border-bottom: 1px solid var(--line); overflow-wrap: anywhere; }
.pts { color: var(--accent); white-space: nowrap; }
p.small { color: var(--muted); font-size: .9rem; }
a { color: var(--accent); }
code { overflow-wrap: anywhere; }
"""


def history_svg(
    days: Sequence[DayPoint], width: int = 600, height: int = 160, span: int = HISTORY_DAYS
) -> str:
    """The daily scores as an SVG line (0..100 upwards), drawn here: no script needed. Each
    day sits where it falls in the ``span`` days up to the newest (a new user's one day is a
    point at the right edge, not a line across three months)."""
    if not days:
        return ""
    top = max(10.0, min(100.0, max(d.total for d in days) * 1.15))
    coords = [
        (round(width - back / max(1, span - 1) * width, 1),
         round(height - total / top * (height - 8) - 4, 1))
        for back, total in days_back(days, span)
    ]  # fmt: skip
    svg = (  # the span's axis: where the days without a score are
        f'<svg viewBox="0 0 {width} {height}" role="img" aria-label="history" '
        f'overflow="visible"><line x1="0" y1="{height}" x2="{width}" y2="{height}" '
        'stroke="var(--line)" stroke-width="2"/>'
    )
    if len(coords) == 1:
        x, y = coords[0]
        return f'{svg}<circle cx="{x}" cy="{y}" r="6" fill="var(--accent)"/></svg>'
    line = " ".join(f"{x},{y}" for x, y in coords)
    area = f"{coords[0][0]},{height} {line} {coords[-1][0]},{height}"
    return (
        f'{svg}<polygon points="{area}" fill="var(--accent)" opacity=".12"/>'
        f'<polyline points="{line}" fill="none" stroke="var(--accent)" stroke-width="3"/></svg>'
    )


def _channel(language: str, channel: ChannelPart) -> str:
    name = platforms.channel_name(language, channel.label, channel.platform, channel.origin)
    marks = []
    marks.append(
        gettext(
            language, platforms.VERIFIED_MARK if channel.verified else platforms.UNVERIFIED_MARK
        )
    )
    if channel.self_written:
        marks.append(gettext(language, platforms.SELF_WRITTEN_MARK))
    shown = escape(name) + (f" <small>{escape(' · '.join(marks))}</small>" if marks else "")
    value = points(language, channel.contribution)
    return f'<li><span>{shown}</span><span class="pts">{value}</span></li>'


def profile_html(
    language: str,
    dash: Dashboard,
    channels: Sequence[ChannelPart],
    *,
    card_url: str,
    page_url: str,
    findable: bool,
) -> str:
    """The whole page. ``card_url`` is its preview image (Open Graph)."""
    title = escape(gettext(language, PROFILE_TITLE))
    score = points(language, dash.score)
    date = day(language, dash.owners_day)
    items = "".join(_channel(language, c) for c in channels) or (
        f"<li>{escape(gettext(language, PROFILE_NONE))}</li>"
    )
    formula = t(language, PROFILE_FORMULA, version=dash.version)
    robots = "" if findable else '<meta name="robots" content="noindex, nofollow">'
    return f"""<!doctype html>
<html lang="{language}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
{robots}
<title>{title}: {score}</title>
<meta property="og:title" content="{title}: {score}">
<meta property="og:type" content="profile">
<meta property="og:url" content="{escape(page_url, quote=True)}">
<meta property="og:image" content="{escape(card_url, quote=True)}">
<meta property="og:image:width" content="1200"><meta property="og:image:height" content="630">
<meta name="twitter:card" content="summary_large_image">
<style>{_STYLE}</style></head>
<body><main>
<h1>{title}</h1>
<div class="score" id="score">{score}</div>
<p>{t(language, PROFILE_SCORE, score=score, date=date, version=dash.version)}</p>
<h2>{escape(gettext(language, PROFILE_HISTORY))}</h2>
{history_svg(dash.history)}
<h2>{escape(gettext(language, PROFILE_CHANNELS))}</h2>
<ul id="channels">{items}</ul>
<p class="small"><a href="{escape(FORMULA_URL, quote=True)}">{formula}</a></p>
<p class="small">{t(language, PROFILE_CHECK)}</p>
</main></body></html>
"""

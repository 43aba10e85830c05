"""The dashboard's words and numbers, in the user's language (issue 29): the JSON the Mini App
draws, built from :mod:`bot.use_cases.dashboard`. Every number is formatted here, as in the
chat; every text a platform or a person wrote is escaped where it becomes HTML."""

from __future__ import annotations

from datetime import date
from typing import Any

from bot.use_cases.dashboard import Dashboard
from bot.views import platforms
from bot.views.audience import jump_text
from bot.views.i18n import N_, SUPPORTED_LANGUAGES, gettext, number, points, signed, t, when
from bot.views.i18n import day as i18n_day
from bot.views.settings import settings_form, settings_lines
from bot.views.tips import tip_text
from bot.views.why import UNTITLED
from storage.users import User

#: The page's own words (its static text, before any data), by key.
LABELS: dict[str, str] = {
    "title": N_("Your resonance"),
    "week": N_("7 days"),
    "month": N_("30 days"),
    "history": N_("The last 90 days"),
    "tap": N_("Tap a day for its numbers."),
    "channels": N_("Channels"),
    "posts": N_("Posts that weigh most, last 30 days"),
    "tips": N_("Tips"),
    "settings": N_("Settings"),
    "settings_hint": N_("Timezone and focus score: in the chat with /settings."),
    "verified": platforms.VERIFIED_MARK,
    "self_written": platforms.SELF_WRITTEN_MARK,
    "stale": N_("not read lately"),
    "loading": N_("Loading…"),
    "denied": N_("Open this page from the bot in Telegram: it shows your score only to you."),
    "failed": N_("The dashboard could not be loaded. Try again in a minute."),
    "refused": N_("That is not a setting I can store."),
    "empty": N_("No channels yet: link one in the chat with /link."),
    "no_tips": N_("No tips yet."),
    "no_posts": N_("No post earned interaction in the last 30 days."),
}
COMPONENTS = {
    "interaction": N_("interaction"),
    "engagement": N_("engagement"),
    "reach": N_("reach"),
    "activity": N_("activity"),
    "giving": N_("giving"),
}
SCORE_LINE = N_("Score {score} · formula {version} · {when}")
DAY_LINE = N_("{day}: {score} (formula {version})")
WEIGHTED = N_("{value} weighted interactions")


def labels(language: str) -> dict[str, str]:
    return {key: gettext(language, text) for key, text in LABELS.items()}


def _signed(language: str, value: float | None) -> str | None:
    return None if value is None else signed(language, value)


def dashboard_json(language: str, dash: Dashboard) -> dict[str, Any]:
    """Everything the page shows, formatted for ``language``."""
    zone = dash.user.zone
    names = {c.channel_id: platforms.channel_name(language, c.label, c.platform, c.origin)
             for c in dash.channels}  # fmt: skip
    for day in dash.history:  # channels of old scores, gone since, keep a name
        for cid in day.channels:
            names.setdefault(cid, f"#{cid}")
    return {
        "lang": language,
        "labels": labels(language),
        "components": {key: gettext(language, text) for key, text in COMPONENTS.items()},
        "score": {
            "value": dash.score,
            "text": points(language, dash.score),
            "week": _signed(language, dash.change_week),
            "month": _signed(language, dash.change_month),
            "line": t(
                language,
                SCORE_LINE,
                score=points(language, dash.score),
                version=dash.version,
                when=when(language, dash.computed_at, zone, dash.computed_at),
            ),
        },
        "history": [
            {
                "day": d.day,
                "total": d.total,
                "text": t(
                    language,
                    DAY_LINE,
                    day=i18n_day(language, date.fromisoformat(d.day)),
                    score=points(language, d.total),
                    version=d.formula.split("/")[0],
                ),
                "channels": {str(cid): v for cid, v in d.channels.items()},
                "formula": d.formula,
            }
            for d in dash.history
        ],
        "names": {str(cid): name for cid, name in names.items()},
        "channels": [
            {
                "id": c.channel_id,
                "name": names[c.channel_id],
                "weight": c.weight,
                "points": points(language, c.contribution),
                "value": c.contribution,
                "components": [
                    [key, c.components.get(key, 0.0), points(language, c.components.get(key, 0.0))]
                    for key in COMPONENTS
                ],
                "verified": c.verified,
                "self_written": c.self_written,
                "stale": c.stale,
                "jump": jump_text(language, c.jump),
            }
            for c in dash.channels
        ],
        "posts": [
            {
                "text": p.post.excerpt or gettext(language, UNTITLED),
                "url": p.post.url if p.post.url.startswith(("https://", "http://")) else "",
                "channel": platforms.channel_name(language, p.channel_label, p.platform),
                "value": t(language, WEIGHTED, value=number(language, p.value)),
            }
            for p in dash.posts
        ],
        "tips": [str(tip_text(language, tip, dash.computed_at)) for tip in dash.tips[:3]],
        "settings": [str(line) for line in settings_lines(dash.user)],
        "form": settings_form(dash.user, SUPPORTED_LANGUAGES),
    }


def settings_json(user: User) -> dict[str, Any]:
    """The settings part alone, after a change made on the dashboard."""
    return {
        "settings": [str(line) for line in settings_lines(user)],
        "form": settings_form(user, SUPPORTED_LANGUAGES),
    }

"""The user's settings, line by line, as /settings and the dashboard show them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bot.use_cases.settings import QUIET_PRESETS, THRESHOLDS, quiet_index
from bot.views.i18n import N_, Html, gettext, hour, t
from bot.views.tips import WEEKDAYS
from storage.users import User

LANGUAGE_NAMES = {"en": "English", "de": "Deutsch"}

DIGEST = N_("Weekly digest: {day} at {hour} ({timezone})")
DIGEST_OFF = N_("Weekly digest: off")
ALERTS_ON = N_("Alerts: on, when the score moves by {threshold} points or more")
ALERTS_OFF = N_("Alerts: off")
QUIET = N_("Quiet hours: {start}–{end}")
NO_QUIET = N_("Quiet hours: none")
LANGUAGE = N_("Language: {language}")
SHARING = N_("Group leaderboards: {state} (/share on or /share off)")
SHARED = N_("shown")
NOT_SHARED = N_("not shown")
SCORE_MODE_ALL = N_("Score: counts all posts")
SCORE_MODE_FOCUS = N_("Score: counts only posts on your focus topics ({topics})")
SCORE_MODE_NO_TOPICS = N_(
    "Score: counts all posts (set focus topics with /focus for a focus score)"
)
REMINDERS_ON = N_("Reminders: on, the digest asks for fresh exports and self-reported numbers")
REMINDERS_OFF = N_("Reminders: off")
SAVED = N_("Saved.")
B_DAY, B_HOUR, B_TZ = N_("Digest day"), N_("Digest hour"), N_("Timezone")
B_THRESHOLD, B_QUIET, B_LANGUAGE = N_("Threshold"), N_("Quiet hours"), N_("Language")
B_NO_QUIET = N_("No quiet hours")
F_ALERTS = N_("Alerts")
F_DIGEST = N_("Weekly digest")
F_REMINDERS = N_("Remind me of exports and reports")
F_SHARE = N_("Shown on group leaderboards")


def quiet_label(lang: str, hours: tuple[int, int] | None) -> str:
    """A quiet-hours choice: "10:00 PM–7:00 AM", "22:00–07:00", or none."""
    if hours is None:
        return gettext(lang, B_NO_QUIET)
    return f"{hour(lang, hours[0])}–{hour(lang, hours[1])}"


def settings_form(user: User, languages: Sequence[str]) -> dict[str, Any]:
    """The dashboard's settings form: each choice's label, its value now and its options."""
    lang = user.language
    quiet = [[i, quiet_label(lang, p)] for i, p in enumerate(QUIET_PRESETS)]
    return {
        "labels": {
            "digest_day": gettext(lang, B_DAY), "digest_hour": gettext(lang, B_HOUR),
            "alerts": gettext(lang, F_ALERTS), "threshold": gettext(lang, B_THRESHOLD),
            "digest": gettext(lang, F_DIGEST),
            "quiet": gettext(lang, B_QUIET), "language": gettext(lang, B_LANGUAGE),
            "reminders": gettext(lang, F_REMINDERS), "share": gettext(lang, F_SHARE),
            "saved": gettext(lang, SAVED),
        },
        "values": {
            "digest_day": user.digest_day, "digest_hour": user.digest_hour,
            "alerts": user.alerts_enabled, "threshold": user.alert_threshold,
            "digest": user.digest_enabled,
            "quiet": quiet_index(user), "language": user.language,
            "reminders": user.reminders, "share": user.share_in_groups,
        },
        "options": {
            "digest_day": [[i, gettext(lang, day)] for i, day in enumerate(WEEKDAYS)],
            "digest_hour": [[h, hour(lang, h)] for h in range(24)],
            "threshold": [[v, str(v)] for v in THRESHOLDS],
            "quiet": quiet,
            "language": [[code, LANGUAGE_NAMES.get(code, code)] for code in languages],
        },
    }  # fmt: skip


def settings_lines(user: User) -> list[Html]:
    """One line a setting, in the user's language."""
    lang = user.language
    lines = [
        t(lang, DIGEST, day=gettext(lang, WEEKDAYS[user.digest_day]),
          hour=hour(lang, user.digest_hour), timezone=user.timezone)
        if user.digest_enabled
        else t(lang, DIGEST_OFF),
        t(lang, ALERTS_ON, threshold=user.alert_threshold)
        if user.alerts_enabled
        else t(lang, ALERTS_OFF),
    ]  # fmt: skip
    if (
        user.quiet_start is not None
        and user.quiet_end is not None
        and user.quiet_start != user.quiet_end
    ):
        lines.append(
            t(lang, QUIET, start=hour(lang, user.quiet_start), end=hour(lang, user.quiet_end))
        )
    else:
        lines.append(t(lang, NO_QUIET))
    lines.append(t(lang, LANGUAGE, language=LANGUAGE_NAMES.get(user.language, user.language)))
    lines.append(
        t(lang, SHARING, state=gettext(lang, SHARED if user.share_in_groups else NOT_SHARED))
    )
    lines.append(t(lang, REMINDERS_ON if user.reminders else REMINDERS_OFF))
    if not user.focus:
        lines.append(t(lang, SCORE_MODE_NO_TOPICS))
    elif user.focus_only:
        lines.append(t(lang, SCORE_MODE_FOCUS, topics=", ".join(user.focus)))
    else:
        lines.append(t(lang, SCORE_MODE_ALL))
    return lines

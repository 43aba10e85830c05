"""The user's settings, line by line, as /settings and the dashboard show them."""

from __future__ import annotations

from bot.views.i18n import N_, Html, gettext, t
from bot.views.tips import WEEKDAYS
from storage.users import User

LANGUAGE_NAMES = {"en": "English", "de": "Deutsch"}

DIGEST = N_("Weekly digest: {day} at {hour}:00 ({timezone})")
ALERTS_ON = N_("Alerts: on, when the score moves by {threshold} points or more")
ALERTS_OFF = N_("Alerts: off")
QUIET = N_("Quiet hours: {start}:00–{end}:00")
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


def settings_lines(user: User) -> list[Html]:
    """One line a setting, in the user's language."""
    lang = user.language
    lines = [
        t(lang, DIGEST, day=gettext(lang, WEEKDAYS[user.digest_day]),
          hour=f"{user.digest_hour:02d}", timezone=user.timezone),
        t(lang, ALERTS_ON, threshold=user.alert_threshold)
        if user.alerts_enabled
        else t(lang, ALERTS_OFF),
    ]  # fmt: skip
    if (
        user.quiet_start is not None
        and user.quiet_end is not None
        and user.quiet_start != user.quiet_end
    ):
        lines.append(t(lang, QUIET, start=f"{user.quiet_start:02d}", end=f"{user.quiet_end:02d}"))
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

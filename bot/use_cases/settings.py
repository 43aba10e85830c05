"""Changing a user's settings: one validated choice at a time, from the chat's /settings buttons
and from the dashboard. Each choice is checked here (a button's data and a web request are both
untrusted), then stored; a new digest day, hour or timezone reschedules the digest (storage)."""

from __future__ import annotations

from collections.abc import Callable, Collection
from datetime import datetime
from functools import cache
from zoneinfo import available_timezones

from babel.dates import get_timezone_location
from sqlite_utils import Database

from bot.use_cases.refresh import rescore
from storage.channels import has_channels
from storage.users import User, get_user, set_focus, update_settings

COMMON_TIMEZONES = (
    "UTC", "Europe/London", "Europe/Berlin", "Europe/Kyiv", "America/New_York",
    "America/Chicago", "America/Los_Angeles", "America/Sao_Paulo", "Asia/Kolkata", "Asia/Tokyo",
    "Australia/Sydney",
)  # fmt: skip
THRESHOLDS = (2, 3, 5, 8, 10, 15)
QUIET_PRESETS: tuple[tuple[int, int] | None, ...] = (None, (22, 7), (23, 8), (21, 6), (0, 9))


def _place_key(text: str) -> str:
    return " ".join(text.replace("_", " ").split()).casefold()


@cache
def _places(languages: tuple[str, ...]) -> dict[str, str]:
    """Each timezone by its IANA name and by its city, as IANA and each language write it
    ("Europe/Vienna", "Vienna", "Wien"), case and underscores aside; each to today's name of
    its zone (Kiev and Kyiv, Calcutta and Kolkata: Europe/Kyiv, Asia/Kolkata, as CLDR spells
    the city in English)."""
    zones = {z for z in available_timezones() if not z.startswith(("posix/", "right/"))}
    index: dict[str, str] = {}
    for zone in sorted(zones, key=lambda z: (-z.count("/"), z)):
        names, today = {zone}, zone
        if "/" in zone and not zone.startswith("Etc/"):  # Etc/GMT+1 is UTC−1: by full name only
            region, city = zone.rsplit("/", 1)
            english = get_timezone_location(zone, locale="en", return_city=True)
            today = f"{region}/{english.replace(' ', '_')}"
            today = today if today in zones else zone
            names.add(city)
            names.update(
                get_timezone_location(zone, locale=language, return_city=True)
                for language in languages
            )
        for name in names:
            index.setdefault(_place_key(name), today)
    return index


def zone_named(text: str, languages: Collection[str]) -> str | None:
    """The timezone a person names by its IANA name or by a city in it ("Berlin", "new york",
    "Wien", "europe/berlin"); None if it names none."""
    return _places(tuple(sorted(languages))).get(_place_key(text[:64]))


def _whole(value: object, below: int) -> int | None:
    return value if type(value) is int and 0 <= value < below else None


def _switch(value: object) -> int | None:
    return int(value) if isinstance(value, bool) else None


def _quiet(value: object) -> dict[str, object] | None:
    index = _whole(value, len(QUIET_PRESETS))
    if index is None:
        return None
    preset = QUIET_PRESETS[index]
    return {
        "quiet_start": preset[0] if preset else None,
        "quiet_end": preset[1] if preset else None,
    }


def quiet_index(user: User) -> int:
    """The user's quiet hours as a preset's index (0, none, for hours no preset has)."""
    pair = (user.quiet_start, user.quiet_end)
    return next((i for i, p in enumerate(QUIET_PRESETS) if p == pair), 0)


def _choices(languages: Collection[str]) -> dict[str, Callable[[object], dict[str, object] | None]]:
    return {
        "digest_day": lambda v: None if _whole(v, 7) is None else {"digest_day": v},
        "digest_hour": lambda v: None if _whole(v, 24) is None else {"digest_hour": v},
        "timezone": lambda v: (
            {"timezone": v}
            if isinstance(v, str) and len(v) <= 64 and v in available_timezones()
            else None
        ),
        "alerts": lambda v: None if _switch(v) is None else {"alerts_enabled": _switch(v)},
        "threshold": lambda v: (
            {"alert_threshold": v, "alerts_enabled": 1}
            if type(v) is int and v in THRESHOLDS
            else None
        ),
        "quiet": _quiet,
        "language": lambda v: {"language": v} if isinstance(v, str) and v in languages else None,
        "reminders": lambda v: None if _switch(v) is None else {"reminders": _switch(v)},
        "digest": lambda v: None if _switch(v) is None else {"digest_enabled": _switch(v)},
        "share": lambda v: None if _switch(v) is None else {"share_in_groups": _switch(v)},
    }


#: The choices a person can make, by name (the dashboard's form and the chat's buttons).
SETTINGS = tuple(_choices(()))


def change_setting(
    db: Database, user_id: int, now: datetime, name: str, value: object, languages: Collection[str]
) -> User | None:
    """Store one choice; the user as now stored, or None if the choice makes no sense."""
    choose = _choices(languages).get(name)
    values = choose(value) if choose is not None else None
    if values is None:
        return None
    update_settings(db, user_id, now, **values)
    return get_user(db, user_id)


def set_focus_only(db: Database, user_id: int, now: datetime, on: bool) -> User | None:
    """Count only focus posts (or all again); the score is recomputed, as it records its mode.
    None, and nothing changed, when asked to count only focus posts without focus topics (a
    stored mode that would do nothing)."""
    if on:
        user = get_user(db, user_id)
        if user is None or not user.focus:
            return None
    update_settings(db, user_id, now, focus_only=int(on))
    if has_channels(db, user_id):
        rescore(db, user_id, now)
    return get_user(db, user_id)


def set_topics(db: Database, user_id: int, now: datetime, topics: list[str]) -> User | None:
    """Store the focus topics (cleaned and capped by the caller). Without any left, the score
    counts all posts again (a focus score without topics would count nothing, and topics named
    later would switch it back on unasked), and is recomputed."""
    set_focus(db, user_id, topics)
    if not topics:
        update_settings(db, user_id, now, focus_only=0)
        if has_channels(db, user_id):
            rescore(db, user_id, now)
    return get_user(db, user_id)

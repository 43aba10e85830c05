"""/settings: digest day and hour, timezone, alerts and threshold, quiet hours, language.

Everything is a button, and every change edits the same message: the overview, a page of
choices, then the overview again with the change confirmed. A timezone not among the common
choices is typed, by a city in it or its IANA name: ``/settings timezone Vienna``, ``/settings
timezone America/Sao_Paulo``; any other setting can be typed too, in English or German
(``/settings alerts off``, ``/settings Wochenbericht Sonntag``), and one typed without a value
it understands (``/settings threshold 4``) answers with its page of buttons.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from babel import Locale
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.constants import ParseMode
from telegram.ext import ContextTypes

from bot.handlers.common import edit_in_place, ensure_user
from bot.services import Services, services_of
from bot.use_cases.scores import focus_preview
from bot.use_cases.settings import (
    COMMON_TIMEZONES,
    QUIET_PRESETS,
    THRESHOLDS,
    change_setting,
    set_focus_only,
    zone_named,
)
from bot.views.i18n import N_, SUPPORTED_LANGUAGES, Html, gettext, hour, points, t
from bot.views.settings import (
    B_DAY,
    B_HOUR,
    B_LANGUAGE,
    B_QUIET,
    B_THRESHOLD,
    B_TZ,
    LANGUAGE_NAMES,
    SAVED,
    quiet_label,
    settings_lines,
)
from bot.views.tips import WEEKDAYS
from storage.channels import has_channels
from storage.users import User, get_user

PREFIX = "set:"
TITLE = N_("<b>Settings</b>")
B_FOCUS_ON, B_FOCUS_OFF = N_("Count only focus posts"), N_("Count all posts")
NEEDS_TOPICS = N_(
    "Name your focus topics first, e.g. <code>/focus design ux</code>: then your score can "
    "count only posts on them."
)
B_KEEP_ALL = N_("Keep counting all posts")
FOCUS_WARNING = N_(
    "Counting only your posts on {topics}, your score would be <b>{focus}</b> instead of "
    "<b>{all}</b> now. Switch?"
)
B_REMIND_ON, B_REMIND_OFF = N_("Remind me of exports"), N_("No reminders")
B_DIGEST_ON, B_DIGEST_OFF = N_("Turn the digest on"), N_("Turn the digest off")
B_SHARE_ON, B_SHARE_OFF = N_("Show me on group leaderboards"), N_("Hide me from leaderboards")
OTHER_TIMEZONE = N_(
    "Not listed? Send a city in your timezone, e.g. <code>/settings timezone Mexico City</code>."
)
BAD_TIMEZONE = N_(
    "I know no timezone called {name}. Send a larger city in yours, such as <code>/settings timezone Vienna</code> or <code>/settings timezone Mexico City</code>."
)
OFFSET = N_(
    "{name} is an offset from UTC, not a place: where clocks change for summer, it is wrong for half the year. Send a larger city in your timezone, such as <code>/settings timezone Vienna</code> or <code>/settings timezone Mexico City</code>."
)
#: "UTC+2", "GMT-5", "+02:00": an offset typed where a place is asked for
_OFFSET = re.compile(r"^(?:utc|gmt)?\s*[-+−]\s*\d{1,2}(?::?\d{2})?$")
USAGE = N_(
    "Send /settings and use the buttons, or type a setting: <code>/settings timezone Vienna</code>, "
    "<code>/settings language Deutsch</code>, <code>/settings alerts off</code>, "
    "<code>/settings digest Sunday</code>, <code>/settings threshold 3</code>."
)
EXPIRED = N_("That button has expired. Send /settings again.")

B_ALERTS_OFF, B_ALERTS_ON = N_("Turn alerts off"), N_("Turn alerts on")
B_BACK = N_("Back")
CHOOSE_DAY = N_("On which day should the weekly digest come?")
CHOOSE_HOUR = N_("At what hour (your time)?")
CHOOSE_TZ = N_("Which timezone are you in?")
CHOOSE_THRESHOLD = N_("Alert me when the score moves by at least:")
CHOOSE_QUIET = N_("No messages during:")
CHOOSE_LANGUAGE = N_("Which language?")


def overview(user: User, note: str | None = None) -> tuple[Html, InlineKeyboardMarkup]:
    lang = user.language
    lines = [t(lang, TITLE), ""]
    lines += settings_lines(user)
    if note:
        lines += ["", note]

    def button(label: str, data: str) -> InlineKeyboardButton:
        return InlineKeyboardButton(gettext(lang, label), callback_data=PREFIX + data)

    markup = InlineKeyboardMarkup([
        [button(B_DAY, "day"), button(B_HOUR, "hour")],
        [button(B_TZ, "tz"), button(B_ALERTS_OFF if user.alerts_enabled else B_ALERTS_ON, "alerts")],
        [button(B_THRESHOLD, "thr"), button(B_QUIET, "quiet")],
        [
            button(B_LANGUAGE, "lang"),
            button(B_FOCUS_OFF if user.focus_only and user.focus else B_FOCUS_ON, "mode"),
        ],
        [
            button(B_DIGEST_OFF if user.digest_enabled else B_DIGEST_ON, "digest"),
            button(B_REMIND_OFF if user.reminders else B_REMIND_ON, "remind"),
        ],
        [share_button(user)],
    ])  # fmt: skip
    return Html("\n".join(lines)), markup


def share_button(user: User) -> InlineKeyboardButton:
    """Group leaderboards on or off, a press away (in /settings, and under /share)."""
    label = B_SHARE_OFF if user.share_in_groups else B_SHARE_ON
    return InlineKeyboardButton(gettext(user.language, label), callback_data=PREFIX + "share")


def _rows(buttons: list[InlineKeyboardButton], width: int) -> list[list[InlineKeyboardButton]]:
    return [buttons[i : i + width] for i in range(0, len(buttons), width)]


def choices(user: User, page: str) -> tuple[Html, InlineKeyboardMarkup] | None:
    """A page of choices for one setting, or None for an unknown page."""
    lang = user.language

    def button(label: str, data: str) -> InlineKeyboardButton:
        return InlineKeyboardButton(label, callback_data=PREFIX + data)

    back = [button(gettext(lang, B_BACK), "home")]
    if page == "day":
        buttons = [button(gettext(lang, name), f"day:{i}") for i, name in enumerate(WEEKDAYS)]
        return t(lang, CHOOSE_DAY), InlineKeyboardMarkup([*_rows(buttons, 3), back])
    if page == "hour":
        buttons = [button(hour(lang, h), f"hour:{h}") for h in range(24)]  # "12:00 AM": 4 a row
        return t(lang, CHOOSE_HOUR), InlineKeyboardMarkup([*_rows(buttons, 4), back])
    if page == "tz":
        buttons = [button(name, f"tz:{i}") for i, name in enumerate(COMMON_TIMEZONES)]
        text = Html(t(lang, CHOOSE_TZ) + "\n" + t(lang, OTHER_TIMEZONE))
        return text, InlineKeyboardMarkup([*_rows(buttons, 2), back])
    if page == "thr":
        buttons = [button(str(v), f"thr:{v}") for v in THRESHOLDS]
        return t(lang, CHOOSE_THRESHOLD), InlineKeyboardMarkup([*_rows(buttons, 3), back])
    if page == "quiet":
        buttons = [button(quiet_label(lang, p), f"quiet:{i}") for i, p in enumerate(QUIET_PRESETS)]
        return t(lang, CHOOSE_QUIET), InlineKeyboardMarkup([*_rows(buttons, 2), back])
    if page == "lang":
        buttons = [button(LANGUAGE_NAMES[code], f"lang:{code}") for code in SUPPORTED_LANGUAGES]
        return t(lang, CHOOSE_LANGUAGE), InlineKeyboardMarkup([buttons, back])
    return None


#: A button's key -> the setting it chooses and how its data becomes the value.
BUTTONS: dict[str, tuple[str, Callable[[str], object]]] = {
    "day": ("digest_day", int),
    "hour": ("digest_hour", int),
    "tz": ("timezone", lambda raw: COMMON_TIMEZONES[int(raw)]),
    "thr": ("threshold", int),
    "quiet": ("quiet", int),
    "lang": ("language", str),
}


def apply_choice(services: Services, user: User, key: str, raw: str) -> bool:
    """Store one choice from a button; False if the button data makes no sense."""
    if key not in BUTTONS:
        return False
    name, convert = BUTTONS[key]
    try:
        value = convert(raw) if (raw.isascii() and raw.isdigit()) or convert is str else None
    except IndexError:
        return False
    if value is None:
        return False
    now = services.now()
    return change_setting(services.db, user.id, now, name, value, SUPPORTED_LANGUAGES) is not None


def language_named(text: str) -> str | None:
    """The language a person names: its code, its own name, or its name in a language we
    speak ("de", "Deutsch", "German", "englisch")."""
    wanted = text.strip().casefold()
    for code in SUPPORTED_LANGUAGES:
        names = {code, LANGUAGE_NAMES.get(code, code)}
        names.update(
            Locale.parse(code).get_display_name(other) or "" for other in SUPPORTED_LANGUAGES
        )
        if wanted in {name.casefold() for name in names}:
            return code
    return None


#: A typed setting's first word (English or German) -> the page of its buttons.
PAGES = {
    **dict.fromkeys(("language", "lang", "sprache"), "lang"),
    **dict.fromkeys(("timezone", "tz", "zeitzone"), "tz"),
    **dict.fromkeys(("digest", "day", "wochenbericht", "tag"), "day"),
    **dict.fromkeys(("hour", "time", "uhrzeit", "stunde"), "hour"),
    **dict.fromkeys(("alerts", "alert", "benachrichtigungen"), "alerts"),
    **dict.fromkeys(("threshold", "schwelle"), "thr"),
    **dict.fromkeys(("quiet", "ruhezeiten"), "quiet"),
}
_ON, _OFF = ("on", "an", "ein"), ("off", "aus", "none", "keine")


#: an hour as people write it: "18", "18:00", "7pm", "7 am", "19h", "19 Uhr"
_HOUR = re.compile(r"^(\d{1,2})(?::00)?\s*(am|pm|h|uhr)?$")


def hour_named(text: str) -> int | None:
    """The hour of the day (0–23) ``text`` names, if it names one."""
    found = _HOUR.match(text)
    if found is None:
        return None
    hour, suffix = int(found[1]), found[2]
    if suffix in ("am", "pm"):
        if not 1 <= hour <= 12:
            return None
        return hour % 12 + (12 if suffix == "pm" else 0)
    return hour if hour <= 23 else None


def typed_choice(page: str, value: str) -> list[tuple[str, object]] | str:
    """The settings and values a typed ``/settings WORD VALUE`` chooses (the page's own values,
    as its buttons offer them, in English or German; a day may bring its hour, alerts their
    threshold); else the page whose buttons to show instead (nothing is changed)."""
    wanted = " ".join(value.split()).casefold()
    if page == "lang":
        code = language_named(wanted)
        return page if code is None else [("language", code)]
    if page == "tz":
        zone = zone_named(value, SUPPORTED_LANGUAGES)
        return page if zone is None else [("timezone", zone)]
    if page == "day":
        if wanted in _ON + _OFF:  # "/settings digest off": none comes, until on again
            return [("digest", wanted in _ON)]
        day, _, hour = wanted.partition(" ")
        for index, name in enumerate(WEEKDAYS):
            if day in {gettext(lang, name).casefold() for lang in SUPPORTED_LANGUAGES}:
                if not hour:
                    return [("digest_day", index)]
                hours = typed_choice("hour", hour)
                return hours if isinstance(hours, str) else [("digest_day", index), *hours]
        return page
    if page == "hour":
        hours_number = hour_named(wanted)
        return page if hours_number is None else [("digest_hour", hours_number)]
    if page == "alerts":
        if wanted in _ON + _OFF:
            return [("alerts", wanted in _ON)]
        return typed_choice("thr", wanted)  # "alerts 3": a threshold turns alerts on too
    if page == "thr":
        known = {str(points): points for points in THRESHOLDS}
        return [("threshold", known[wanted])] if wanted in known else page
    if page == "quiet":
        if wanted in _OFF:
            return [("quiet", 0)]
        parts = wanted.replace("–", "-").replace(" ", "").split("-")
        hours_pair = tuple(hour_named(part) for part in parts)
        for index, preset in enumerate(QUIET_PRESETS):
            if preset is not None and hours_pair == tuple(preset):
                return [("quiet", index)]
    return page


async def settings(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/settings, or a setting typed: /settings timezone CITY, /settings language NAME,
    /settings alerts off ...; a setting without a value it understands shows its buttons."""
    message = update.effective_message
    if message is None or update.effective_user is None:
        return
    services = services_of(context)
    user = await ensure_user(update, services)
    args = list(context.args or [])
    note = None
    if args:
        what, value = args[0].casefold(), " ".join(args[1:])[:64]  # "new york": several words
        page = PAGES.get(what)
        if page is None:
            await message.reply_text(t(user.language, USAGE), parse_mode=ParseMode.HTML)
            return
        chosen = typed_choice(page, value) if value else page
        if isinstance(chosen, str) and page == "tz" and value:
            refusal = OFFSET if _OFFSET.match(value.strip().casefold()) else BAD_TIMEZONE
            await message.reply_text(
                t(user.language, refusal, name=value), parse_mode=ParseMode.HTML
            )
            return
        if isinstance(chosen, str):  # a value it does not understand: that setting's buttons
            text, markup = choices(user, chosen) or overview(user)
            await message.reply_text(text, parse_mode=ParseMode.HTML, reply_markup=markup)
            return
        for name, choice in chosen:
            change_setting(services.db, user.id, services.now(), name, choice, SUPPORTED_LANGUAGES)
    fresh = get_user(services.db, user.id)
    assert fresh is not None
    if args:
        note = t(fresh.language, SAVED)
    text, markup = overview(fresh, note)
    await message.reply_text(text, parse_mode=ParseMode.HTML, reply_markup=markup)


#: A switch's button -> the setting it flips and where it stands.
SWITCHES: dict[str, tuple[str, Callable[[User], bool]]] = {
    "alerts": ("alerts", lambda user: user.alerts_enabled),
    "remind": ("reminders", lambda user: user.reminders),
    "digest": ("digest", lambda user: user.digest_enabled),
    "share": ("share", lambda user: user.share_in_groups),
}


async def settings_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Every /settings button: open a page, or apply a choice and show the overview again."""
    query = update.callback_query
    if query is None or query.data is None or not isinstance(query.message, Message):
        return
    services = services_of(context)
    user = await ensure_user(update, services)
    await query.answer()
    key, _, raw = query.data.removeprefix(PREFIX).partition(":")
    if key == "home":
        await edit_in_place(query.message, *overview(user))
        return
    if key == "mode" and raw == "yes":  # confirmed after seeing what it would do
        fresh = set_focus_only(services.db, user.id, services.now(), True)
        note = SAVED if fresh is not None else NEEDS_TOPICS  # refused: no topics (any more)
        await edit_in_place(query.message, *overview(fresh or user, t(user.language, note)))
        return
    if key in (*SWITCHES, "mode") and not raw:
        if key in SWITCHES:
            name, current = SWITCHES[key]
            change_setting(
                services.db, user.id, services.now(), name, not current(user), SUPPORTED_LANGUAGES
            )
        else:
            preview = focus_preview(services.db, user.id, services.now())
            if not user.focus_only and preview is not None and has_channels(services.db, user.id):
                # before a switch that may sink the score: the number, and a choice
                text = t(
                    user.language,
                    FOCUS_WARNING,
                    topics=", ".join(user.focus),
                    focus=points(user.language, preview.focus_only),
                    all=points(user.language, preview.all_posts),
                )
                yes = InlineKeyboardButton(
                    gettext(user.language, B_FOCUS_ON), callback_data=f"{PREFIX}mode:yes"
                )
                keep = InlineKeyboardButton(
                    gettext(user.language, B_KEEP_ALL), callback_data=f"{PREFIX}home"
                )
                await edit_in_place(query.message, text, InlineKeyboardMarkup([[yes], [keep]]))
                return
            if set_focus_only(services.db, user.id, services.now(), not user.focus_only) is None:
                await edit_in_place(query.message, *overview(user, t(user.language, NEEDS_TOPICS)))
                return  # only focus posts, without any topic: refused, nothing changed
        fresh = get_user(services.db, user.id)
        assert fresh is not None
        await edit_in_place(query.message, *overview(fresh, t(fresh.language, SAVED)))
        return
    if not raw:
        page = choices(user, key)
        if page is None:
            await edit_in_place(query.message, *overview(user, t(user.language, EXPIRED)))
            return
        await edit_in_place(query.message, *page)
        return
    if not apply_choice(services, user, key, raw):
        await edit_in_place(query.message, *overview(user, t(user.language, EXPIRED)))
        return
    fresh = get_user(services.db, user.id)
    assert fresh is not None
    await edit_in_place(query.message, *overview(fresh, t(fresh.language, SAVED)))

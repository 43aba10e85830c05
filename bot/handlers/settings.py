"""/settings: digest day and hour, timezone, alerts and threshold, quiet hours, language.

Everything is a button, and every change edits the same message: the overview, a page of
choices, then the overview again with the change confirmed. A timezone not among the common
choices is typed: ``/settings timezone America/Sao_Paulo`` (validated against the IANA list).
"""

from __future__ import annotations

from zoneinfo import available_timezones

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.constants import ParseMode
from telegram.ext import ContextTypes

from bot.handlers.common import edit_in_place, ensure_user
from bot.services import Services, services_of
from bot.use_cases.refresh import rescore
from bot.use_cases.scores import focus_preview
from bot.views.i18n import N_, SUPPORTED_LANGUAGES, Html, gettext, points, t
from bot.views.settings import LANGUAGE_NAMES, settings_lines
from bot.views.tips import WEEKDAYS
from storage.channels import has_channels
from storage.users import User, get_user, update_settings

PREFIX = "set:"
COMMON_TIMEZONES = (
    "UTC", "Europe/London", "Europe/Berlin", "Europe/Kyiv", "America/New_York",
    "America/Chicago", "America/Los_Angeles", "America/Sao_Paulo", "Asia/Kolkata", "Asia/Tokyo",
    "Australia/Sydney",
)  # fmt: skip
THRESHOLDS = (2, 3, 5, 8, 10, 15)
QUIET_PRESETS: tuple[tuple[int, int] | None, ...] = (None, (22, 7), (23, 8), (21, 6), (0, 9))
TITLE = N_("<b>Settings</b>")
B_FOCUS_ON, B_FOCUS_OFF = N_("Count only focus posts"), N_("Count all posts")
B_KEEP_ALL = N_("Keep counting all posts")
FOCUS_WARNING = N_(
    "Counting only your posts on {topics}, your score would be <b>{focus}</b> instead of "
    "<b>{all}</b> now. Switch?"
)
SAVED = N_("Saved.")
B_REMIND_ON, B_REMIND_OFF = N_("Remind me of exports"), N_("No reminders")
OTHER_TIMEZONE = N_(
    "Not listed? Send <code>/settings timezone Area/City</code>, e.g. <code>/settings timezone America/Mexico_City</code>."
)
BAD_TIMEZONE = N_(
    "{name} is not a timezone I know. Use an IANA name such as Europe/Vienna or America/Mexico_City."
)
USAGE = N_("Send /settings and use the buttons, or <code>/settings timezone Area/City</code>.")
EXPIRED = N_("That button has expired. Send /settings again.")

B_DAY, B_HOUR, B_TZ = N_("Digest day"), N_("Digest hour"), N_("Timezone")
B_ALERTS_OFF, B_ALERTS_ON = N_("Turn alerts off"), N_("Turn alerts on")
B_THRESHOLD, B_QUIET, B_LANGUAGE, B_BACK = (
    N_("Threshold"),
    N_("Quiet hours"),
    N_("Language"),
    N_("Back"),
)
B_NO_QUIET = N_("No quiet hours")
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
        [button(B_LANGUAGE, "lang"), button(B_FOCUS_OFF if user.focus_only else B_FOCUS_ON, "mode")],
        [button(B_REMIND_OFF if user.reminders else B_REMIND_ON, "remind")],
    ])  # fmt: skip
    return Html("\n".join(lines)), markup


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
        buttons = [button(f"{h:02d}:00", f"hour:{h}") for h in range(24)]
        return t(lang, CHOOSE_HOUR), InlineKeyboardMarkup([*_rows(buttons, 6), back])
    if page == "tz":
        buttons = [button(name, f"tz:{i}") for i, name in enumerate(COMMON_TIMEZONES)]
        text = Html(t(lang, CHOOSE_TZ) + "\n" + t(lang, OTHER_TIMEZONE))
        return text, InlineKeyboardMarkup([*_rows(buttons, 2), back])
    if page == "thr":
        buttons = [button(str(v), f"thr:{v}") for v in THRESHOLDS]
        return t(lang, CHOOSE_THRESHOLD), InlineKeyboardMarkup([*_rows(buttons, 3), back])
    if page == "quiet":
        buttons = [
            button(
                gettext(lang, B_NO_QUIET) if p is None else f"{p[0]:02d}:00–{p[1]:02d}:00",
                f"quiet:{i}",
            )
            for i, p in enumerate(QUIET_PRESETS)
        ]
        return t(lang, CHOOSE_QUIET), InlineKeyboardMarkup([*_rows(buttons, 2), back])
    if page == "lang":
        buttons = [button(LANGUAGE_NAMES[code], f"lang:{code}") for code in SUPPORTED_LANGUAGES]
        return t(lang, CHOOSE_LANGUAGE), InlineKeyboardMarkup([buttons, back])
    return None


def apply_choice(services: Services, user: User, key: str, raw: str) -> bool:
    """Store one choice from a button; False if the button data makes no sense."""
    values: dict[str, object]
    if key == "day" and raw.isascii() and raw.isdigit() and int(raw) < 7:
        values = {"digest_day": int(raw)}
    elif key == "hour" and raw.isascii() and raw.isdigit() and int(raw) < 24:
        values = {"digest_hour": int(raw)}
    elif key == "tz" and raw.isascii() and raw.isdigit() and int(raw) < len(COMMON_TIMEZONES):
        values = {"timezone": COMMON_TIMEZONES[int(raw)]}
    elif key == "thr" and raw.isascii() and raw.isdigit() and int(raw) in THRESHOLDS:
        values = {"alert_threshold": int(raw), "alerts_enabled": 1}
    elif key == "quiet" and raw.isascii() and raw.isdigit() and int(raw) < len(QUIET_PRESETS):
        preset = QUIET_PRESETS[int(raw)]
        values = {
            "quiet_start": preset[0] if preset else None,
            "quiet_end": preset[1] if preset else None,
        }
    elif key == "lang" and raw in SUPPORTED_LANGUAGES:
        values = {"language": raw}
    else:
        return False
    update_settings(services.db, user.id, services.now(), **values)
    return True


async def settings(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/settings, or /settings timezone NAME."""
    message = update.effective_message
    if message is None or update.effective_user is None:
        return
    services = services_of(context)
    user = await ensure_user(update, services)
    args = list(context.args or [])
    note = None
    if args:
        if len(args) != 2 or args[0].lower() not in ("timezone", "tz", "zeitzone"):
            await message.reply_text(t(user.language, USAGE), parse_mode=ParseMode.HTML)
            return
        name = args[1][:64]
        if name not in available_timezones():
            await message.reply_text(
                t(user.language, BAD_TIMEZONE, name=name), parse_mode=ParseMode.HTML
            )
            return
        update_settings(services.db, user.id, services.now(), timezone=name)
        note = t(user.language, SAVED)
    fresh = get_user(services.db, user.id)
    assert fresh is not None
    text, markup = overview(fresh, note)
    await message.reply_text(text, parse_mode=ParseMode.HTML, reply_markup=markup)


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
        update_settings(services.db, user.id, services.now(), focus_only=1)
        if has_channels(services.db, user.id):
            rescore(services.db, user.id, services.now())
        fresh = get_user(services.db, user.id)
        assert fresh is not None
        await edit_in_place(query.message, *overview(fresh, t(fresh.language, SAVED)))
        return
    if key in ("alerts", "mode", "remind") and not raw:
        if key == "remind":
            update_settings(
                services.db, user.id, services.now(), reminders=0 if user.reminders else 1
            )
        elif key == "alerts":
            update_settings(
                services.db, user.id, services.now(), alerts_enabled=0 if user.alerts_enabled else 1
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
            update_settings(
                services.db, user.id, services.now(), focus_only=0 if user.focus_only else 1
            )
            if has_channels(services.db, user.id):
                rescore(services.db, user.id, services.now())  # the stored score records its mode
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

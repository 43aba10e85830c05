"""/tips: the three most valuable tips with their numbers, and a button for more.

A tip that names an hour while the user never chose a timezone asks for it once, with
buttons guessed from the language Telegram reports; the answer redraws the tips in place.
"""

from __future__ import annotations

from datetime import datetime

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.constants import ParseMode
from telegram.ext import ContextTypes

from bot.handlers.buttons import main_buttons
from bot.handlers.common import edit_in_place, ensure_user, reply_long
from bot.services import Services, services_of
from bot.use_cases.scores import current_score
from bot.views import platforms
from bot.views.i18n import N_, Html, gettext, t
from bot.views.tips import NO_TIPS, tip_text
from scoring.tips import Tip
from storage.users import User, update_settings

PAGE = 3
CALLBACK = "tips:"
ZONE = "z:"
#: The timezones the question may offer; a button carries its index here.
ZONES = (
    "UTC", "Europe/London", "Europe/Berlin", "Europe/Vienna", "Europe/Zurich", "Europe/Paris",
    "Europe/Madrid", "Europe/Kyiv", "America/New_York", "America/Chicago", "America/Los_Angeles",
    "America/Sao_Paulo", "Asia/Kolkata", "Asia/Tokyo", "Australia/Sydney",
)  # fmt: skip
#: Guesses from Telegram's language code (``de-AT``), most specific first; else from ``de``.
GUESSES = {
    "de-at": ("Europe/Vienna", "Europe/Berlin"), "de-ch": ("Europe/Zurich", "Europe/Berlin"),
    "de": ("Europe/Berlin", "Europe/Vienna", "Europe/Zurich"),
    "en-gb": ("Europe/London",), "en-au": ("Australia/Sydney",), "en-in": ("Asia/Kolkata",),
    "en-us": ("America/New_York", "America/Chicago", "America/Los_Angeles"),
    "en": ("Europe/London", "America/New_York", "America/Los_Angeles"),
    "fr": ("Europe/Paris",), "es": ("Europe/Madrid",), "pt-br": ("America/Sao_Paulo",),
    "pt": ("America/Sao_Paulo",), "uk": ("Europe/Kyiv",), "ja": ("Asia/Tokyo",),
    "hi": ("Asia/Kolkata",),
}  # fmt: skip

TITLE = N_("<b>Tips</b>: what to do, and the points it adds to your score if you keep doing it")
NO_CHANNELS = N_("Link a channel first, then I can give tips: <code>{example}</code>")
MORE = N_("More tips")
END = N_("That is every tip I have for now.")
ASK_ZONE = N_(
    "The hours above are in UTC, as I do not know your timezone yet. Where are you? "
    "(Not listed: a city in it, as in <code>/settings timezone Vienna</code>.)"
)
UTC_IS_RIGHT = N_("UTC is right")


def guess_zones(language_code: str | None) -> list[str]:
    """Up to three likely timezones for a Telegram language code, then UTC."""
    code = (language_code or "").lower().replace("_", "-")
    guessed = GUESSES.get(code) or GUESSES.get(code.split("-")[0]) or GUESSES["en"]
    return [*guessed[:3], "UTC"]


def _zone_buttons(language: str, language_code: str | None) -> list[list[InlineKeyboardButton]]:
    def label(zone: str) -> str:
        return (
            gettext(language, UTC_IS_RIGHT)
            if zone == "UTC"
            else zone.split("/")[-1].replace("_", " ")
        )

    return [
        [
            InlineKeyboardButton(label(zone), callback_data=f"{CALLBACK}{ZONE}{ZONES.index(zone)}")
            for zone in guess_zones(language_code)
        ]
    ]


def page_text(
    language: str, tips: list[Tip], start: int, when: datetime, ask_zone: str | None = None
) -> tuple[Html, InlineKeyboardMarkup | None]:
    """A page of tips; with ``ask_zone`` (Telegram's language code) and a tip on the page
    that names an hour, the timezone question and its buttons under it."""
    shown = tips[start : start + PAGE]
    lines = [t(language, TITLE), ""]
    for index, tip in enumerate(shown, start=start + 1):
        lines.append(f"{index}. " + tip_text(language, tip, when))
    rows: list[list[InlineKeyboardButton]] = []
    if start + PAGE < len(tips):
        rows.append(
            [
                InlineKeyboardButton(
                    gettext(language, MORE), callback_data=f"{CALLBACK}{start + PAGE}"
                )
            ]
        )
    else:
        lines += ["", t(language, END)]
    if ask_zone is not None and any(tip.kind == "best_time" for tip in shown):
        lines += ["", t(language, ASK_ZONE)]
        rows += _zone_buttons(language, ask_zone)
    return Html("\n".join(lines)), InlineKeyboardMarkup(rows) if rows else None


def _asking(user: User, update: Update) -> str | None:
    """Telegram's language code when the timezone question is due, else None."""
    if user.timezone_chosen or update.effective_user is None:
        return None
    return update.effective_user.language_code or user.language


def _tips_for(services: Services, user: User) -> tuple[list[Tip], datetime, bool]:
    """The user's tips, the moment they were computed, and whether they have any channel."""
    current = current_score(services.db, user.id, services.now())
    return (
        current.options.tips(current.inputs, current.now, user.zone),
        current.now,
        current.linked,
    )


async def tips(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/tips: the top three, with the numbers behind each."""
    message = update.effective_message
    if message is None or update.effective_user is None:
        return
    services = services_of(context)
    user = await ensure_user(update, services)
    found, now, has_channels = _tips_for(services, user)
    if not found:
        await message.reply_text(
            t(
                user.language,
                NO_TIPS if has_channels else NO_CHANNELS,
                example=platforms.link_example(),
            ),
            parse_mode=ParseMode.HTML,
            reply_markup=None if has_channels else main_buttons(user.language, ("link",)),
        )
        return
    text, markup = page_text(user.language, found, 0, now, _asking(user, update))
    await reply_long(message, text, markup)


async def more_tips(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The "more tips" button: the next page, in the same message."""
    query = update.callback_query
    if query is None or query.data is None or not isinstance(query.message, Message):
        return
    services = services_of(context)
    user = await ensure_user(update, services)
    await query.answer()
    raw = query.data.removeprefix(CALLBACK)
    start = int(raw) if raw.isascii() and raw.isdigit() and len(raw) < 4 else 0
    chosen = raw.removeprefix(ZONE) if raw.startswith(ZONE) else ""
    if chosen.isascii() and chosen.isdigit() and int(chosen) < len(ZONES):
        update_settings(services.db, user.id, services.now(), timezone=ZONES[int(chosen)])
        user = await ensure_user(update, services)  # the hours now in the chosen zone
    found, now, _ = _tips_for(services, user)
    if start >= len(found):
        start = 0
    text, markup = (
        page_text(user.language, found, start, now, _asking(user, update))
        if found
        else (t(user.language, NO_TIPS), None)
    )
    await edit_in_place(query.message, text, markup)

"""The main commands as buttons ("go:COMMAND"; bot/handlers/shortcuts.py runs them)."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.views.i18n import N_, gettext

GO = "go:"
LABELS = {
    "score": N_("My score"),
    "tips": N_("Tips"),
    "link": N_("Link a channel"),
    "help": N_("Help"),
    "why": N_("Why"),
    "history": N_("History"),
    "settings": N_("Settings"),
}


def main_buttons(language: str, commands: tuple[str, ...]) -> InlineKeyboardMarkup:
    """One button per command, two a row."""
    buttons = [
        InlineKeyboardButton(gettext(language, LABELS[c]), callback_data=f"{GO}{c}")
        for c in commands
    ]
    return InlineKeyboardMarkup([buttons[i : i + 2] for i in range(0, len(buttons), 2)])


OPEN_PRIVATE = N_("Open a private chat with me")


#: The /start parameter of the private chat a group's button opens.
FROM_GROUP = "group"


def private_chat_button(language: str, username: str | None) -> InlineKeyboardMarkup | None:
    """In a group: one tap to the bot's private chat, where everything personal happens (a
    link, not a callback: nothing is run in the group); its /start says how to join the
    group's leaderboard."""
    if not username:
        return None
    url = f"https://t.me/{username}?start={FROM_GROUP}"
    return InlineKeyboardMarkup([[InlineKeyboardButton(gettext(language, OPEN_PRIVATE), url=url)]])

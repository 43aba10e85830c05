"""The bot's command menu, registered with ``setMyCommands`` in every language at start-up.

The names are the public interface of DESIGN.md; the descriptions are translated like any text.
"""

from __future__ import annotations

from telegram import BotCommand

from bot.views.i18n import N_, gettext

#: (command, English description), in menu order.
COMMANDS: tuple[tuple[str, str], ...] = (
    ("start", N_("Welcome and first steps")),
    ("help", N_("What the bot does and how to use it")),
    ("link", N_("Link a channel: /link PLATFORM HANDLE-OR-URL")),
    ("channels", N_("Your linked channels and their status")),
    ("unlink", N_("Remove a channel")),
    ("weight", N_("How much a channel counts: /weight CHANNEL 0..3")),
    ("report", N_("Your numbers on a network the bot cannot read: /report XING followers …")),
    ("focus", N_("Your professional topics: /focus TOPIC …")),
    ("verify", N_("Prove a channel is yours (verified channels count on leaderboards)")),
    ("score", N_("Your score, its trend and each channel's share")),
    ("why", N_("The ledger behind your score")),
    ("tips", N_("Personal tips, with the numbers behind them")),
    ("top", N_("Your best posts of the last 7 and 30 days (/top focus: on your topics)")),
    ("history", N_("A chart of your score over time")),
    ("refresh", N_("Recompute your score now")),
    ("settings", N_("Digest day and hour, timezone, alerts, language")),
    ("export", N_("All your data as JSON and CSV")),
    ("forget", N_("Delete everything about you")),
    ("leaderboard", N_("In a group: members who opted in, ranked")),
)


def bot_commands(language: str) -> list[BotCommand]:
    """The command menu with descriptions in ``language``."""
    return [BotCommand(name, gettext(language, description)) for name, description in COMMANDS]

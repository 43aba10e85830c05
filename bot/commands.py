"""The bot's command menu, registered with ``setMyCommands`` in every language at start-up.

The names are the public interface of DESIGN.md; the descriptions are translated like any text.
"""

from __future__ import annotations

from telegram import BotCommand

from bot.views.i18n import N_, gettext

#: (command, English description), in menu order.
COMMANDS: tuple[tuple[str, str], ...] = (
    ("score", N_("Your score, what it means, and each channel's part")),
    ("link", N_("Link a channel (buttons, or /link URL)")),
    ("tips", N_("How to earn more interaction, with numbers")),
    ("why", N_("Every point of your score explained")),
    ("channels", N_("Your linked channels and their status")),
    ("top", N_("Your best posts")),
    ("history", N_("A chart of your score over time")),
    ("card", N_("A picture of your score to share")),
    ("verify", N_("Prove a channel is yours")),
    ("focus", N_("Your professional topics: /focus TOPIC …")),
    ("report", N_("Your numbers on a network I cannot read (XING …)")),
    ("weight", N_("How much a channel counts against the others")),
    ("refresh", N_("Read your channels again now")),
    ("settings", N_("Digest day and hour, timezone, alerts, language")),
    ("unlink", N_("Remove a channel")),
    ("export", N_("All your data as files")),
    ("forget", N_("Delete everything about you")),
    ("help", N_("What I can do")),
    ("start", N_("Welcome and first steps")),
    ("leaderboard", N_("In a group: members who opted in, ranked")),
)


def bot_commands(language: str) -> list[BotCommand]:
    """The command menu with descriptions in ``language``."""
    return [BotCommand(name, gettext(language, description)) for name, description in COMMANDS]

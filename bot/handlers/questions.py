"""Questions the bot asked and waits to have answered in the next message: the numbers of
the /report dialogue, and the handle a /link platform button asked for. Doing something else
(any command, or a button of something else) ends them, so a later message is read as what it
is: "how do I raise my score?" typed after /score was taken as a GitHub handle."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes

from bot.handlers import link, report_dialogue


async def end_on_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Any command, or a button of anything else, ends the questions open (``/report`` and a
    platform button then ask theirs again)."""
    report_dialogue.close(context)
    link.forget_question(context.user_data)

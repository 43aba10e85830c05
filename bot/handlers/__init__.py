"""Command handlers, one module per command family; ``register`` wires them all in one place."""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot.handlers import (
    channels,
    connect,
    data,
    documents,
    errors,
    fairness,
    focus,
    groups,
    history,
    link,
    membership,
    profile,
    questions,
    refresh,
    report,
    report_dialogue,
    score,
    settings,
    shortcuts,
    start,
    tips,
    tokens,
    verify,
    weight,
)


def register(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Add every handler and the global error handler to ``application``."""
    private = filters.ChatType.PRIVATE
    groups_only = filters.ChatType.GROUPS
    # Group -3 sees every update first: beyond its sender's minute in that chat, it stops.
    application.add_handler(TypeHandler(Update, fairness.gate), group=-3)
    # Group -2 sees every message next: a token where none belongs is deleted, and stops there;
    # a button pressed in a group is refused there (what buttons do is personal).
    application.add_handler(MessageHandler(filters.TEXT, tokens.guard), group=-2)
    application.add_handler(CallbackQueryHandler(start.private_buttons_only), group=-2)
    # Group -1 sees every update next and lets it through: it remembers group members.
    application.add_handler(MessageHandler(groups_only, groups.remember_member), group=-1)
    # An open /report dialogue takes the private texts (and stops them there); commands and
    # other buttons end it, and a handle a /link button asked for (bot/handlers/questions.py).
    private_text = private & filters.TEXT & ~filters.COMMAND
    application.add_handler(MessageHandler(private_text, report_dialogue.answer), group=-1)
    application.add_handler(MessageHandler(filters.COMMAND, questions.end_on_command), group=-1)
    application.add_handler(
        CallbackQueryHandler(questions.end_on_command, pattern=r"^(?!report:)"), group=-1
    )
    application.add_handler(
        ChatMemberHandler(membership.my_chat_member, ChatMemberHandler.MY_CHAT_MEMBER)
    )
    application.add_handler(CommandHandler("start", start.start))
    application.add_handler(CommandHandler("help", start.help_command))
    application.add_handler(CommandHandler("link", link.link, filters=private))
    application.add_handler(CommandHandler("channels", channels.channels, filters=private))
    application.add_handler(CommandHandler("unlink", channels.unlink, filters=private))
    application.add_handler(CommandHandler("weight", weight.weight, filters=private))
    application.add_handler(CommandHandler("report", report.report, filters=private))
    application.add_handler(CommandHandler("focus", focus.focus, filters=private))
    application.add_handler(CommandHandler("verify", verify.verify_command, filters=private))
    application.add_handler(CommandHandler("score", score.score, filters=private))
    application.add_handler(CommandHandler("why", score.why, filters=private))
    application.add_handler(CommandHandler("top", score.top, filters=private))
    application.add_handler(CommandHandler("tips", tips.tips, filters=private))
    application.add_handler(CommandHandler("refresh", refresh.refresh, filters=private))
    application.add_handler(CommandHandler("settings", settings.settings, filters=private))
    application.add_handler(CommandHandler("history", history.history, filters=private))
    application.add_handler(CommandHandler("export", data.export, filters=private))
    application.add_handler(CommandHandler("forget", data.forget, filters=private))
    application.add_handler(CommandHandler("share", groups.share, filters=private))
    application.add_handler(CommandHandler("card", profile.card, filters=private))
    application.add_handler(CommandHandler("leaderboard", groups.leaderboard))
    application.add_handler(CallbackQueryHandler(link.link_button, pattern=r"^link:"))
    application.add_handler(CallbackQueryHandler(shortcuts.go, pattern=r"^go:"))
    application.add_handler(CallbackQueryHandler(score.detail_button, pattern=r"^(why|top):"))
    application.add_handler(CallbackQueryHandler(connect.offer_button, pattern=r"^connect:"))
    application.add_handler(CallbackQueryHandler(weight.weight_button, pattern=r"^weight:"))
    application.add_handler(CallbackQueryHandler(tips.more_tips, pattern=r"^tips:"))
    application.add_handler(CallbackQueryHandler(focus.focus_button, pattern=r"^focus:"))
    application.add_handler(CallbackQueryHandler(verify.verify_button, pattern=r"^verify:"))
    application.add_handler(CallbackQueryHandler(settings.settings_button, pattern=r"^set:"))
    application.add_handler(CallbackQueryHandler(data.forget_button, pattern=r"^forget:"))
    application.add_handler(CallbackQueryHandler(profile.profile_button, pattern=r"^profile:"))
    application.add_handler(CallbackQueryHandler(channels.unlink_button, pattern=r"^unlink"))
    application.add_handler(CallbackQueryHandler(report_dialogue.button, pattern=r"^report:"))
    application.add_handler(
        MessageHandler(private & filters.TEXT & ~filters.COMMAND, link.handle_reply)
    )
    application.add_handler(MessageHandler(private & filters.Document.ALL, documents.document))
    media = (
        filters.PHOTO | filters.VOICE | filters.AUDIO | filters.VIDEO | filters.VIDEO_NOTE
        | filters.ANIMATION | filters.Sticker.ALL | filters.LOCATION | filters.CONTACT
        | filters.POLL
    )  # fmt: skip
    application.add_handler(MessageHandler(private & media, shortcuts.not_read))
    application.add_handler(MessageHandler(filters.COMMAND, start.unknown_command))
    application.add_handler(CallbackQueryHandler(start.stale_button))
    application.add_error_handler(errors.on_error)

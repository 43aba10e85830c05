"""Files users send: a LinkedIn analytics export or an X archive becomes (or refreshes) a
channel.

The size Telegram declares is checked before anything is downloaded (bots may download up to
20 MB); the file is read in memory, never written to disk.
"""

from __future__ import annotations

from telegram import Update
from telegram.constants import ChatAction, ParseMode
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot.handlers.common import edit_in_place, ensure_user
from bot.services import services_of
from bot.use_cases.importing import (
    Imported,
    ImportResult,
    NotImported,
    import_export,
    importable,
)
from bot.views import counts
from bot.views.i18n import N_, P_, Html, number, points, t, tn
from scoring.channel_data import PostKind, short_name
from scoring.sources.archives import MAX_FILE
from scoring.sources.linkedin import MEMBER

READING = N_("Reading your export “{file}”…")
DONE_MEMBER = N_("Imported your LinkedIn export: {posts} ({new} new, {updated} updated).")
#: a member export whose TOP POSTS sheet lists no post (its followers and days still count)
DONE_MEMBER_NO_POSTS = N_("Imported your LinkedIn export; it lists no posts for its period.")
#: a member export's score and advice, after what the file held
MEMBER_SCORE = N_(
    "Your score: <b>{score}</b>. Send a fresh export every week or two: after 14 days without "
    "one the channel counts as stale."
)
FOLLOWERS_KNOWN = N_("The file counts {followers}.")
DAYS_CHARTED = P_(
    "/history charts {count} day of engagement from it.",
    "/history charts {count} days of engagement from it.",
)
DONE_PAGE = N_(
    "Imported the LinkedIn Page <b>{name}</b>: {posts} ({new} new, {updated} updated; "
    "sponsored posts left out). Your score: <b>{score}</b>."
)
DONE_ARCHIVE = N_(
    "Imported your X archive{name}: {posts}, of them {own} your own ({new} new, {updated} "
    "updated). Your score: <b>{score}</b>."
)
UNKNOWN_FILE = N_(
    "I can import LinkedIn analytics exports (.xlsx) and X archives (tweets.js or the archive "
    ".zip). <code>/link linkedin</code> and <code>/link x</code> say where to find them."
)
REFUSED = {
    "not_xlsx": N_(
        "This file is not an Excel workbook (.xlsx). Send the file LinkedIn gives you under "
        "Analytics → Content → Export."
    ),
    "too_big": N_(
        "This file is over {megabytes} MB, more than Telegram lets bots download. An analytics "
        "export is far smaller: is it the right file?"
    ),
    "bomb": N_(
        "This file would unpack to far more than an analytics export holds; I left it closed."
    ),
    "no_sheet": N_(
        "This file has no {sheet} sheet. Is it LinkedIn's analytics export (Analytics → "
        "Content → Export)?"
    ),
    "no_column": N_("The {sheet} sheet has no {column} column. Is it LinkedIn's analytics export?"),
    "too_many": N_("You have reached the limit of linked channels. /unlink one first."),
    "implausible": N_(
        "This file holds a count of {value}, more than any post or account has ever had, so I "
        "did not import it. Please send the file as LinkedIn or X made it."
    ),
    "not_archive": N_(
        "{file} is not a file of X's archive. Send <code>tweets.js</code> or the whole "
        "archive .zip."
    ),
    "no_file": N_(
        "The archive has no {file}. Send the .zip X gives you under Settings → Your account → "
        "Download an archive of your data."
    ),
    "download": N_("Telegram did not hand me the file just now. Please send it again."),
    "too_many_items": N_(
        "{file} holds more than {items} items, far more than an archive of this size can "
        "hold posts, so I did not read it. Please send the file as X made it."
    ),
    "implausible_date": N_(
        "This file holds a post dated “{value}”, before X existed, so I did not import it. "
        "Please send the file as X made it."
    ),
    "no_posts": N_(
        "{file} holds no posts, so there is nothing to import. Is it the right file? Send "
        "<code>tweets.js</code> or the whole archive .zip."
    ),
    "busy_user": N_("I am still reading the file you sent before. Please wait for its answer."),
    "busy": N_("I am reading other people's files just now. Please send yours again in a minute."),
}


async def document(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A document in a private chat: import it if it is an export we read."""
    message = update.effective_message
    if message is None or message.document is None or update.effective_user is None:
        return
    services = services_of(context)
    user = await ensure_user(update, services)
    language = user.language
    sent = message.document
    full = sent.file_name or "export.xlsx"
    # A long name keeps its end (the kind of file) and loses its middle.
    name = full if len(full) <= 120 else f"{full[:60]}…{full[-59:]}"
    if not importable(name):
        await message.reply_text(t(language, UNKNOWN_FILE), parse_mode=ParseMode.HTML)
        return
    if sent.file_size is not None and sent.file_size > MAX_FILE:
        refused = NotImported("too_big", {"megabytes": MAX_FILE // (1024 * 1024)})
        await message.reply_text(_text(language, refused), parse_mode=ParseMode.HTML)
        return
    await message.chat.send_action(ChatAction.TYPING)
    progress = await message.reply_text(t(language, READING, file=name), parse_mode=ParseMode.HTML)
    try:
        data = bytes(await (await sent.get_file()).download_as_bytearray())
    except TelegramError:
        await edit_in_place(progress, _text(language, NotImported("download", {})))
        return
    result = await import_export(services.db, user.id, data, name, services.now(), services.imports)
    await edit_in_place(progress, _text(language, result))


def _text(language: str, result: ImportResult) -> Html:
    match result:
        case NotImported(code, fields):
            shown = {k: number(language, v) if isinstance(v, int) else v for k, v in fields.items()}
            return t(language, REFUSED.get(code, UNKNOWN_FILE), **shown)
        case Imported(channel, export, new, updated, score, _followers):
            posts = tn(language, counts.POSTS, len(export.posts))
            if export.kind == "archive":
                own = sum(1 for p in export.posts if p.kind in (PostKind.OWN, PostKind.QUOTE))
                done = t(
                    language,
                    DONE_ARCHIVE,
                    name=f" ({short_name(channel.handle)})"
                    if channel.account_id != "archive"
                    else "",
                    posts=posts,
                    own=own,
                    new=new,
                    updated=updated,
                    score=points(language, score.value),
                )
            elif export.kind == "page":
                done = t(
                    language,
                    DONE_PAGE,
                    name=channel.label,
                    posts=posts,
                    new=new,
                    updated=updated,
                    score=points(language, score.value),
                )
            elif not export.posts:
                done = t(language, DONE_MEMBER_NO_POSTS)
            else:
                done = t(language, DONE_MEMBER, posts=posts, new=new, updated=updated)
            if result.followers is not None and export.kind != "page":
                known = tn(language, counts.FOLLOWERS, result.followers)
                done = Html(f"{done} {t(language, FOLLOWERS_KNOWN, followers=known)}")
            if result.days:
                done = Html(f"{done} {tn(language, DAYS_CHARTED, result.days)}")
            if export.kind == MEMBER:  # what the file held first, then the score and advice
                advice = t(language, MEMBER_SCORE, score=points(language, score.value))
                done = Html(f"{done} {advice}")
            return done
    raise AssertionError(f"unexpected import result {result!r}")

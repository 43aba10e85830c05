"""Groups: /share on|off (in private) and /leaderboard (in a group), opted-in members only.

With group privacy mode on, the bot sees only commands in groups; whoever sends one is
remembered as a member of that group. /leaderboard shows, of those, only people who said
/share on, and checks with Telegram that they are still members. Nothing else about anyone is
ever shown in a group.
"""

from __future__ import annotations

import logging

from telegram import InlineKeyboardMarkup, Update
from telegram.constants import ChatMemberStatus, ParseMode
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot.handlers.buttons import private_chat_button
from bot.handlers.common import ensure_user
from bot.handlers.profile import share_profile
from bot.handlers.settings import share_button
from bot.services import services_of
from bot.use_cases.groups import Apart, group_standing
from bot.views.i18n import N_, Html, isolated, language_for, points, signed, t
from scoring.channel_data import shows_something
from storage.groups import forget_member, record_member, sharing_members
from storage.users import get_user, update_settings

log = logging.getLogger(__name__)
MEMBER = {
    ChatMemberStatus.MEMBER,
    ChatMemberStatus.ADMINISTRATOR,
    ChatMemberStatus.OWNER,
    ChatMemberStatus.RESTRICTED,
}
MAX_ROWS = 20

SHARE_ON = N_(
    "Your score and weekly change will be shown on the /leaderboard of groups where you use it. /share off hides them again."
)
SHARE_OFF = N_("Your score is no longer shown in any group.")
SHARE_STATE_ON = N_("Your score is shown on the /leaderboard of groups where you use it.")
SHARE_STATE_OFF = N_("Your score is not shown on any group's /leaderboard.")
#: how to switch, from where it stands (on: said how to leave; "Send /share on" read as off)
SHARE_TO_ON = N_("<code>/share on</code> shows it there.")
SHARE_TO_OFF = N_("<code>/share off</code> takes you off them.")
NO_PROFILES = N_(
    "Public profiles are not available on this Resonance: its operator has not given it a web "
    "address. /share on still shows your score on group leaderboards."
)
PRIVATE_ONLY = N_("Use /leaderboard in a group. Here you can choose to appear on it: /share on")
TITLE = N_("<b>Leaderboard</b> (members who chose /share on)")
ROW = N_("{position}. {name}: {score} ({change} this week)")
ROW_NEW = N_("{position}. {name}: {score}")
UNVERIFIED = N_(
    "Not ranked until their channels are verified as theirs: {names} (/verify in a private chat)."
)
NOTHING_RANKS = N_(
    "Not ranked, as their numbers are their own word (written or brought by them): {names}."
)
LEFT_OUT = N_(
    "Scores here count only numbers a platform counted: blogs' comment counts, servers of "
    "one, exports and reports are left out."
)
NAMELESS = N_("(no name)")
EMPTY = N_(
    "Nobody here has chosen to share yet. Send me <code>/share on</code> in a private chat, then /leaderboard here once."
)


def _shown(language: str, first_name: str) -> str:
    """A member's first name as the board shows it: set apart from the words and numbers around
    it, or, where nothing in it shows (direction controls or invisible characters alone, as a
    Telegram name may be), said to be missing instead of an empty place before the score."""
    if shows_something(first_name):
        return isolated(first_name)
    return t(language, NAMELESS)


async def remember_member(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Any message the bot sees in a group: remember that its sender is a member."""
    chat, user = update.effective_chat, update.effective_user
    if chat is None or user is None or chat.type == chat.PRIVATE or user.is_bot:
        return
    services = services_of(context)
    record_member(services.db, chat.id, user.id, services.now())


async def share(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/share on|off in a private chat."""
    message = update.effective_message
    if message is None or update.effective_user is None:
        return
    services = services_of(context)
    user = await ensure_user(update, services)
    args = context.args or [""]
    choice = args[0].lower()
    if choice in ("profile", "profil"):
        if not services.settings.public_url:  # no web face: no page to show a profile on
            await message.reply_text(t(user.language, NO_PROFILES))
            return
        await share_profile(message, services, user, args[1:])
        return
    if choice not in ("on", "off", "an", "aus"):  # where it stands, and the switch
        state, switch = (
            (SHARE_STATE_ON, SHARE_TO_OFF)
            if user.share_in_groups
            else (SHARE_STATE_OFF, SHARE_TO_ON)
        )
        await message.reply_text(
            f"{t(user.language, state)}\n{t(user.language, switch)}",
            parse_mode=ParseMode.HTML,
            reply_markup=InlineKeyboardMarkup([[share_button(user)]]),
        )
        return
    on = choice in ("on", "an")
    update_settings(services.db, user.id, services.now(), share_in_groups=1 if on else 0)
    await message.reply_text(t(user.language, SHARE_ON if on else SHARE_OFF))


async def leaderboard(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/leaderboard in a group: opted-in members, ranked by score."""
    message, chat, sender = update.effective_message, update.effective_chat, update.effective_user
    if message is None or chat is None or sender is None:
        return
    services = services_of(context)
    stored = get_user(services.db, sender.id)
    language = stored.language if stored else language_for(sender.language_code)
    if chat.type == chat.PRIVATE:
        await message.reply_text(t(language, PRIVATE_ONLY))
        return
    rows: list[tuple[float, float | None, str]] = []
    apart: dict[Apart, list[str]] = {Apart.UNVERIFIED: [], Apart.NOTHING_RANKS: []}
    left_out = False
    for member in sharing_members(services.db, chat.id)[: MAX_ROWS * 2]:
        try:
            status = (await context.bot.get_chat_member(chat.id, member.id)).status
        except TelegramError:
            log.info("could not check membership of %s in %s", member.id, chat.id)
            continue
        if status not in MEMBER:
            forget_member(services.db, chat.id, member.id)
            continue
        standing = group_standing(services.db, member.id, services.now())
        if standing is None:
            continue
        if standing.apart is not None or standing.score is None:
            apart[standing.apart or Apart.NOTHING_RANKS].append(_shown(language, member.first_name))
            continue
        rows.append((standing.score, standing.change, _shown(language, member.first_name)))
        left_out = left_out or standing.left_out > 0
    unverified, own_word = apart[Apart.UNVERIFIED], apart[Apart.NOTHING_RANKS]
    if not rows and not unverified and not own_word:
        markup = private_chat_button(language, context.bot.username)
        await message.reply_text(t(language, EMPTY), parse_mode=ParseMode.HTML, reply_markup=markup)
        return
    rows.sort(key=lambda r: (-r[0], r[2]))
    lines: list[str] = [t(language, TITLE)]
    for position, (value, change, name) in enumerate(rows[:MAX_ROWS], start=1):
        if change is None:
            lines.append(
                t(language, ROW_NEW, position=position, name=name, score=points(language, value))
            )
        else:
            lines.append(
                t(
                    language,
                    ROW,
                    position=position,
                    name=name,
                    score=points(language, value),
                    change=signed(language, change),
                )
            )
    if unverified or own_word or left_out:
        lines.append("")
    if unverified:
        lines.append(t(language, UNVERIFIED, names=", ".join(sorted(unverified)[:MAX_ROWS])))
    if own_word:
        lines.append(t(language, NOTHING_RANKS, names=", ".join(sorted(own_word)[:MAX_ROWS])))
    if left_out:
        lines.append(t(language, LEFT_OUT))
    await message.reply_text(Html("\n".join(lines)), parse_mode=ParseMode.HTML)

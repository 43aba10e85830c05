"""Signing in instead of pasting tokens, the chat's side: the Connect button, the accounts a
sign-in found as buttons, what came of it, and GitHub's device code.

The web server (bot/web/app.py) runs the round trip through the provider; when it ends it
hands the outcome to :func:`teller`'s function, which says it here.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.constants import ChatAction, ParseMode
from telegram.ext import ContextTypes

from bot.handlers.common import edit_in_place, ensure_user
from bot.services import Services, services_of
from bot.use_cases.linking import LinkResult
from bot.use_cases.signing_in import (
    Connected,
    DeviceStarted,
    Finished,
    Offered,
    Proven,
    Refused,
    finish_device,
    link_offer,
    open_ticket,
    start_device,
)
from bot.views import counts, platforms
from bot.views import signin as words
from bot.views.i18n import Html, gettext, t, tn
from bot.views.linking import result_text
from scoring.sources.signin import SignInSpec
from storage.channels import Channel, get_channel
from storage.signins import offer, offers_of
from storage.users import get_user

log = logging.getLogger(__name__)

PICK, ALL = "connect:o:", "connect:all:"


async def sign_in_to_verify(services: Services, channel: Channel, spec: SignInSpec) -> str:
    """The link that verifies ``channel`` by signing in (a browser sign-in)."""
    assert services.sign_ins is not None
    return await open_ticket(
        services.db, services.sign_ins, channel.user_id, spec.name, services.now(), channel
    )


def _offer_buttons(language: str, outcome: Offered) -> InlineKeyboardMarkup:
    rows = [
        [
            InlineKeyboardButton(
                ("✓ " if o.linked else "")
                + platforms.channel_name(language, o.name, o.platform)[:60],
                callback_data=f"{PICK}{o.id}",
            )
        ]
        for o in outcome.offers
    ]
    if len(outcome.offers) > 1:
        label = gettext(language, words.LINK_ALL)
        rows.append([InlineKeyboardButton(label, callback_data=f"{ALL}{outcome.sign_in_id}")])
    return InlineKeyboardMarkup(rows)


def teller(bot: Bot, services: Services) -> Callable[[Finished], Awaitable[None]]:
    """What the web server calls when a sign-in ends: the user is told in the chat."""

    async def tell(outcome: Finished) -> None:
        user = get_user(services.db, outcome.user_id) if outcome.user_id else None
        if user is None:
            return
        language = user.language
        markup: InlineKeyboardMarkup | None = None
        match outcome:
            case Offered():
                provider = _provider(services, outcome.offers[0].platform)
                text = t(language, words.OFFERED, provider=provider)
                markup = _offer_buttons(language, outcome)
            case Connected(_, platform, result):
                text = result_text(language, result, platform, "")
            case Proven(_, channel):
                name = platforms.named(language, channel)
                provider = _provider(services, channel.platform)
                text = t(language, words.PROVEN, channel=name, provider=provider)
            case Refused(reason, _, detail):
                text = words.refused(language, reason, _provider_any(services), detail)
        await bot.send_message(user.chat_id, text, parse_mode=ParseMode.HTML, reply_markup=markup)

    return tell


def _provider(services: Services, platform: str) -> str:
    desk = services.sign_ins
    spec = next((s for s in desk.specs.values() if platform in s.platforms), None) if desk else None
    return spec.display if spec else platforms.name(platform)


def _provider_any(services: Services) -> str:
    desk = services.sign_ins
    return next(iter(desk.specs.values())).display if desk and desk.specs else ""


async def offer_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A pick among what a sign-in found (or all of it): linked, the message edited."""
    query = update.callback_query
    if query is None or query.data is None or not isinstance(query.message, Message):
        return
    services = services_of(context)
    user = await ensure_user(update, services)
    language = user.language
    await query.answer()
    desk = services.sign_ins
    raw = query.data.removeprefix(PICK).removeprefix(ALL)
    if desk is None or not raw.isascii() or not raw.isdigit() or len(raw) > 12:
        await edit_in_place(query.message, t(language, words.OFFER_GONE))
        return
    await query.message.chat.send_action(ChatAction.TYPING)
    now = services.now()
    if query.data.startswith(ALL):
        chosen = [o for o in offers_of(services.db, user.id, int(raw)) if not o.linked]
    else:
        one = offer(services.db, user.id, int(raw), now)
        chosen = [one] if one is not None else []
    results: list[tuple[LinkResult, str]] = []
    for picked in chosen:
        result = await link_offer(services.db, desk, services.reader, user.id, picked.id, now)
        if result is not None:
            results.append((result, picked.platform))
    if not results:
        await edit_in_place(query.message, t(language, words.OFFER_GONE))
        return
    lines = [result_text(language, result, platform, "") for result, platform in results]
    if len(results) > 1:
        lines.insert(0, words.linked_count(language, len(results)))
    await edit_in_place(query.message, Html("\n\n".join(lines)))


async def device_sign_in(
    message: Message, services: Services, channel: Channel, spec: SignInSpec, language: str
) -> None:
    """Verify ``channel`` by the provider's device flow: show the code, wait, say the end."""
    assert services.sign_ins is not None
    started = await start_device(services.sign_ins, spec.name)
    if not isinstance(started, DeviceStarted):
        text = words.refused(language, started.reason, spec.display, started.detail)
        await edit_in_place(message, text)
        return
    code = started.code
    minutes = tn(language, counts.MINUTES, max(1, round(code.expires_in / 60)))
    text = t(
        language, words.DEVICE, url=code.verification_uri, code=code.user_code, minutes=minutes
    )
    label = t(language, words.OPEN_PROVIDER, provider=spec.display)
    button = InlineKeyboardMarkup([[InlineKeyboardButton(label, url=code.verification_uri)]])
    await edit_in_place(message, text, button)
    outcome = await finish_device(
        services.db, services.sign_ins, spec.name, channel, code, now=services.now
    )
    if isinstance(outcome, Proven):
        name = platforms.named(language, channel)
        done = t(language, words.PROVEN, channel=name, provider=spec.display)
    else:
        done = words.refused(language, outcome.reason, spec.display, outcome.detail)
    await message.reply_text(done, parse_mode=ParseMode.HTML)


def owned_channel(services: Services, user_id: int, raw: str) -> Channel | None:
    if not raw.isascii() or not raw.isdigit() or len(raw) > 12:
        return None
    return get_channel(services.db, user_id, int(raw))

"""When what follows /link names nothing for sure: one question, with a button for each
meaning it may have (a misspelt platform, a bare domain, an address without its @). Each button
links in one tap where the handle fits in its data (bot/handlers/link.py's ``link_button``)."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.handlers.link_words import (
    DOMAIN_HANDLES,
    NETWORK,
    SELF_REPORTED,
    bare_domain,
    close_platform,
    fediverse_address,
)
from bot.services import Services
from bot.views import platforms
from bot.views.i18n import N_, Html, gettext, t
from scoring.sources.registry import is_imported
from scoring.sources.signin import SignInSpec

CALLBACK = "link:"
DID_YOU_MEAN = N_("Did you mean <b>{platform}</b>?")
B_MEANT = N_("Yes, {platform}")
B_MEANT_HANDLE = N_("Yes: {handle} on {platform}")
B_ANOTHER = N_("No, {word} is another network")
#: a bare domain (``alice.dev``): a Bluesky handle on a custom domain, or a blog's address
ASK_DOMAIN = N_("Is <b>{domain}</b> a Bluesky handle or a blog's address?")
B_ON = N_("{platform}: {handle}")


def meaning_question(
    services: Services, language: str, args: list[str]
) -> tuple[Html, InlineKeyboardMarkup] | None:
    """The question for /link's arguments that name no platform for sure, with its buttons;
    None where they mean nothing that can be asked about (the usage is the answer)."""
    word = args[0]
    if len(args) == 1 and bare_domain(word):
        return t(language, ASK_DOMAIN, domain=word), domain_buttons(language, word)
    address = fediverse_address(word) if len(args) == 1 else None
    meant: str | None
    handle: str | None
    if address is not None:  # asked, not looked up: it may be an e-mail address
        meant, handle = address
    else:
        meant = close_platform(word) if len(args) <= 2 else None
        if meant is None:
            return None
        handle = args[1] if len(args) == 2 and by_handle(services, meant) else None
    question = t(language, DID_YOU_MEAN, platform=platforms.name(meant, language))
    return question, meant_buttons(language, meant, handle, word)


#: Telegram's limit on a button's data, in bytes.
CALLBACK_BYTES = 64


def _linking(platform: str, handle: str, label: str, fallback: str) -> InlineKeyboardButton:
    """A button that links ``handle`` on ``platform`` in one tap, labelled ``label``; where
    the handle does not fit in a button's data, one that asks for it, labelled ``fallback``."""
    data = f"{CALLBACK}{platform}:{handle}"
    if len(data.encode()) > CALLBACK_BYTES:
        return InlineKeyboardButton(fallback, callback_data=CALLBACK + platform)
    return InlineKeyboardButton(label, callback_data=data)


def _as_network(language: str, word: str) -> list[list[InlineKeyboardButton]]:
    """The row that counts ``word`` as a network of its own, where it can name one."""
    data = f"{CALLBACK}{SELF_REPORTED}:{word}"
    if not NETWORK.match(word) or len(data.encode()) > CALLBACK_BYTES:
        return []
    label = gettext(language, B_ANOTHER).format(word=word)
    return [[InlineKeyboardButton(label, callback_data=data)]]


def meant_buttons(language: str, meant: str, handle: str | None, word: str) -> InlineKeyboardMarkup:
    """A misspelt platform's two answers: link on the platform meant (the handle typed, if
    it fits in a button, else asked for), or count the word as a network of its own. Button
    labels are plain text: not escaped."""
    name = platforms.name(meant, language)
    ask = gettext(language, B_MEANT).format(platform=name)
    if handle is None:
        yes = InlineKeyboardButton(ask, callback_data=CALLBACK + meant)
    else:
        label = gettext(language, B_MEANT_HANDLE).format(handle=handle, platform=name)
        yes = _linking(meant, handle, label, ask)
    return InlineKeyboardMarkup([[yes], *_as_network(language, word)])


def domain_buttons(language: str, domain: str) -> InlineKeyboardMarkup:
    """A bare domain's three answers: a Bluesky handle, a blog's address, or a network of
    its own; each links in one tap (a value too long for a button's data is asked for)."""
    rows = []
    for platform, handle in ((DOMAIN_HANDLES, domain), ("blog", f"https://{domain}")):
        name = platforms.name(platform, language)
        label = gettext(language, B_ON).format(platform=name, handle=handle)
        rows.append([_linking(platform, handle, label, name)])
    return InlineKeyboardMarkup([*rows, *_as_network(language, domain)])


def by_handle(services: Services, platform: str) -> bool:
    """Whether a handle alone links ``platform`` here (no token, sign-in or file)."""
    needs_more = services.reader.needs_token(platform) or is_imported(platform)
    return not needs_more and connect_for(services, platform) is None


def connect_for(services: Services, platform: str) -> SignInSpec | None:
    """The sign-in that links ``platform`` here, if the operator configured one."""
    desk = services.sign_ins
    return desk.offered(platform, "connect") if desk is not None else None

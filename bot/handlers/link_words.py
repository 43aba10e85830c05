"""What is typed after /link: the platform it names, if it names one.

A platform's name and a handle (``/link github alice``); a profile's address, with or without
``https://``; a handle only one platform has (``@alice@example.social``, ``alice.bsky.social``);
a single word that names no platform we read (``/link xing``: a network whose numbers its
owner reports). A bare domain (``alice.dev``) and ``alice@host`` name nothing for sure: /link
asks (bot/handlers/link.py)."""

from __future__ import annotations

import difflib
import re

from bot.views import platforms
from scoring.sources import detect_platform, names

SELF_REPORTED = "manual"
NETWORK = re.compile(r"^[^\W\d_][\w.+-]{1,39}$")
#: an address typed without https:// (``bsky.app/profile/alice``, ``alice.dev``)
_SCHEMELESS = re.compile(
    r"^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{1,62}(?::\d{1,5})?(?:/\S*)?$",
    re.IGNORECASE,
)
#: a fediverse address typed without its leading @ (``alice@mastodon.social``), or an e-mail
#: address: asked about, not looked up
_ADDRESS = re.compile(r"^[\w.+-]{1,64}@[^\s@/]{3,253}$")
#: the platform whose handles may be a bare domain of one's own
DOMAIN_HANDLES = "bluesky"


def bare_domain(word: str) -> bool:
    """Whether ``word`` is a domain alone that no platform claims: a Bluesky handle on a
    custom domain, or a blog's address (/link asks which)."""
    return (
        "/" not in word
        and _SCHEMELESS.match(word) is not None
        and detect_platform(f"https://{word}", catch_all=False) is None
    )


def fediverse_address(word: str) -> tuple[str, str] | None:
    """(platform, ``@alice@host``) for ``alice@host``, a fediverse address typed without its
    leading @, or an e-mail address: /link asks before looking anything up."""
    if _ADDRESS.match(word) is None:
        return None
    platform = detect_platform(f"@{word}")
    return None if platform is None else (platform, f"@{word}")


def parse_link_args(args: list[str]) -> tuple[str | None, str | None]:
    """(platform, query) from /link's arguments; (None, None) when they make no sense or
    name nothing for sure. A single word that names no platform we read (``/link xing``) is a
    network whose numbers its owner reports."""
    if not args:
        return None, None
    first = args[0].lower()
    if first in names():
        return first, " ".join(args[1:]).strip() or None
    if len(args) == 1:
        word = args[0]
        platform = detect_platform(word)
        if platform is not None:
            return platform, word
        if _SCHEMELESS.match(word):  # an address without https://
            if bare_domain(word):
                return None, None  # a Bluesky handle or a blog's address: asked
            return detect_platform(f"https://{word}"), f"https://{word}"
        if NETWORK.match(word) and close_platform(word) is None:
            return SELF_REPORTED, word  # the source spells it (scoring/sources/manual.py)
    return None, None


def close_platform(word: str) -> str | None:
    """The platform a word was probably meant to name (``githb``), if one is that close."""
    spelled = {platforms.name(p).casefold(): p for p in names() if p != SELF_REPORTED}
    spelled |= {p: p for p in names() if p != SELF_REPORTED}
    found = difflib.get_close_matches(word.casefold(), list(spelled), n=1, cutoff=0.75)
    return spelled[found[0]] if found else None

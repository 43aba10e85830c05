"""Every user-visible text, in the user's language.

Messages are written in English in the code (the English text is the message id, as with
gettext) and looked up in a per-language catalog. ``t()`` fills in fields and HTML-escapes
every value that is not explicitly marked as safe :class:`Html`, so a display name such as
``<b>&`` can never break a message's markup.
"""

from __future__ import annotations

import html
from collections.abc import Mapping

from bot.translations import de

DEFAULT_LANGUAGE = "en"
CATALOGS: Mapping[str, Mapping[str, str]] = {"de": de.CATALOG}
SUPPORTED_LANGUAGES = (DEFAULT_LANGUAGE, *CATALOGS)


class Html(str):
    """Text that is already valid Telegram HTML and must not be escaped again."""

    __slots__ = ()


def N_(message: str) -> str:
    """Mark ``message`` for translation where it is defined; it is translated where it is used."""
    return message


def language_for(code: str | None) -> str:
    """Our language for a Telegram ``language_code`` such as ``de``, ``de-AT`` or ``pt-br``."""
    if not code:
        return DEFAULT_LANGUAGE
    base = code.replace("_", "-").split("-", 1)[0].lower()
    return base if base in SUPPORTED_LANGUAGES else DEFAULT_LANGUAGE


def gettext(language: str, message: str) -> str:
    """``message`` translated into ``language``, or the English original if none exists."""
    return CATALOGS.get(language, {}).get(message, message)


def t(language: str, message: str, /, **fields: object) -> Html:
    """Translate ``message`` and fill in ``fields``, escaping each unless it is :class:`Html`."""
    safe = {
        name: value if isinstance(value, Html) else html.escape(str(value), quote=False)
        for name, value in fields.items()
    }
    return Html(gettext(language, message).format(**safe))

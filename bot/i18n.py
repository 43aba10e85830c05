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


def number(language: str, value: float, decimals: int = 1) -> str:
    """``value`` formatted for ``language``: 1,234.5 in English, 1.234,5 in German."""
    text = f"{value:,.{decimals}f}"
    if decimals and text.endswith("0" * decimals):
        text = text[: -(decimals + 1)]
    if language == "de":
        text = text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return text


def signed(language: str, value: float) -> str:
    """A change with its sign: +1.5, −0.3, ±0."""
    if round(value, 1) == 0:
        return "±0"
    sign = "+" if value > 0 else "−"
    return sign + number(language, abs(value))

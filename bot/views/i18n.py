"""Every user-visible text, in the user's language, through gettext catalogs managed with Babel.

Messages are written in English in the code and marked for extraction: ``N_("…")`` where a
message is defined, ``t(language, "…")`` or ``gettext(language, "…")`` where it is used.
``pybabel extract`` collects them into ``bot/locale/resonance.pot``; translations live in
``bot/locale/<lang>/LC_MESSAGES/resonance.po`` (docs/translating.md). ``t()`` fills in fields
and HTML-escapes every value that is not explicitly marked as safe :class:`Html`, so a display
name such as ``<b>&`` can never break a message's markup. Numbers are formatted for the locale.

Messages that hold a count are plural messages: ``P_("Reading your {count} channel…",
"Reading your {count} channels…")`` where defined and ``tn(language, MESSAGE, n)`` where used.
The catalog's own plural rule (its ``Plural-Forms`` header) picks the form, through Python's
gettext on the compiled catalog, so a language with three forms needs no code.
"""

from __future__ import annotations

import gettext as gettext_module
import html
import io
import math
from collections.abc import Mapping
from datetime import date, datetime, time, timedelta, tzinfo
from functools import cache, lru_cache
from importlib.resources import files
from typing import NamedTuple

from babel import Locale
from babel.dates import format_date, format_skeleton, format_time
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import NumberPattern, parse_pattern

from scoring.channel_data import without_direction_controls

DEFAULT_LANGUAGE = "en"
DOMAIN = "resonance"
TRANSLATED = ("de",)
SUPPORTED_LANGUAGES = (DEFAULT_LANGUAGE, *TRANSLATED)


class Html(str):
    """Text that is already valid Telegram HTML and must not be escaped again."""

    __slots__ = ()


@cache
def _po(language: str) -> Catalog:
    path = files("bot") / "locale" / language / "LC_MESSAGES" / f"{DOMAIN}.po"
    with path.open("rb") as handle:
        return read_po(handle, locale=language)


@cache
def translations(language: str) -> gettext_module.NullTranslations:
    """The compiled catalog of ``language`` (English, the source language, translates nothing).

    The .po file is compiled in memory (fuzzy entries left out), so there is no .mo to keep in
    step; Python's gettext then applies the catalog's plural rule.
    """
    if language not in TRANSLATED:
        return gettext_module.NullTranslations()
    compiled = io.BytesIO()
    write_mo(compiled, _po(language), use_fuzzy=False)
    compiled.seek(0)
    return gettext_module.GNUTranslations(compiled)


def catalog(language: str) -> Mapping[str, str]:
    """The translated singular messages of ``language``, by English text (for checks)."""
    if language not in TRANSLATED:
        return {}
    return {
        message.id: str(message.string)
        for message in _po(language)
        if isinstance(message.id, str) and message.id and message.string and not message.fuzzy
    }


def plural_catalog(language: str) -> Mapping[Plural, tuple[str, ...]]:
    """The translated plural messages of ``language``: every form, by English forms."""
    if language not in TRANSLATED:
        return {}
    return {
        Plural(*message.id): tuple(message.string)
        for message in _po(language)
        if isinstance(message.id, tuple)
        and isinstance(message.string, tuple | list)
        and all(message.string)
        and not message.fuzzy
    }


class Plural(NamedTuple):
    """A message with a count: its English singular and plural forms."""

    singular: str
    plural: str


def P_(singular: str, plural: str) -> Plural:
    """Mark a plural message where it is defined; ``tn`` translates and fills it in."""
    return Plural(singular, plural)


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
    return translations(language).gettext(message)


def _escaped(fields: Mapping[str, object]) -> dict[str, object]:
    return {
        name: value if isinstance(value, Html) else html.escape(str(value), quote=False)
        for name, value in fields.items()
    }


def t(language: str, message: str, /, **fields: object) -> Html:
    """Translate ``message`` and fill in ``fields``, escaping each unless it is :class:`Html`."""
    return Html(gettext(language, message).format(**_escaped(fields)))


def tn(language: str, message: Plural, count: int, /, **fields: object) -> Html:
    """The form of ``message`` for ``count`` in ``language``, filled in like :func:`t`;
    ``{count}`` is the count formatted for the language."""
    chosen = translations(language).ngettext(message.singular, message.plural, count)
    return Html(chosen.format(**_escaped({"count": number(language, count, 0), **fields})))


@cache
def _locale(language: str) -> Locale:
    return Locale.parse(language)


@cache
def _pattern(decimals: int) -> NumberPattern:
    return parse_pattern("#,##0" + ("." + "#" * decimals if decimals else ""))


def number(language: str, value: float, decimals: int = 1) -> str:
    """``value`` formatted for ``language``: 1,234.5 in English, 1.234,5 in German.

    Never a negative zero: a value that rounds to 0 is shown as 0. Beyond 10¹⁵ (only ever an
    absurd number someone typed, shown back in a refusal) the digits come as they are: Babel's
    patterns fail on integers that long.
    """
    if isinstance(value, int):  # never through float: a 309-digit number overflows it
        if abs(value) >= 10**15:
            return str(value)
    elif not math.isfinite(value) or abs(value) >= 10**15:
        return str(int(value)) if math.isfinite(value) else str(value)
    rounded = round(value, decimals)
    return _formatted(language, 0.0 if rounded == 0 else rounded, decimals)


@lru_cache(maxsize=8192)
def _formatted(language: str, value: float, decimals: int) -> str:
    """Babel's formatting, remembered: /score shows a dozen numbers, most of them seen before."""
    return str(_pattern(decimals).apply(value, _locale(language)))


def warm_up() -> None:
    """Load every catalog and locale now, so the first user after a start does not wait."""
    for language in SUPPORTED_LANGUAGES:
        translations(language)
        number(language, 1234.5)


def signed(language: str, value: float) -> str:
    """A change of points with its sign and one decimal, as :func:`points` writes the points:
    +1.5, +1.0 (never +1 beside +0.5), −0.3, ±0."""
    if round(value, 1) == 0:
        return "±0"
    sign = "+" if value > 0 else "−"
    return sign + points(language, abs(value))


def isolated(name: str) -> str:
    """A name set apart from the words and numbers around it (Unicode's first-strong
    isolate): a name in Arabic or Hebrew letters before ": 12.3" would otherwise take the
    number into its right-to-left run, or turn the whole line right to left. Direction
    controls in it go (text stored before they were dropped: one could end the isolate)."""
    return f"\u2068{without_direction_controls(name)}\u2069"


def points(language: str, value: float) -> str:
    """Points of a score, always with one decimal (29.0 beside 18.4, never 29 beside 18.4)."""
    rounded = round(value, 1)
    return str(
        _fixed_one().apply(0.0 if rounded == 0 else rounded, _locale(language))  # -0.0 never
    )


@cache
def _fixed_one() -> NumberPattern:
    return parse_pattern("#,##0.0")


def day(language: str, value: date) -> str:
    """A calendar day as the language writes it: "Dec 7, 2026", "07.12.2026"."""
    return str(format_date(value, "medium", locale=language))


def hour(language: str, value: int) -> str:
    """A whole hour of the day as the language writes it: "6:00 PM", "18:00"; 24, the end
    of a day, is "12:00 AM" and "24:00"."""
    text = str(format_time(time(value % 24), "short", locale=language))
    return "24" + text[2:] if value == 24 and text.startswith("00") else text


TODAY_AT = N_("today {time}")
YESTERDAY_AT = N_("yesterday {time}")
TOMORROW_AT = N_("tomorrow {time}")


def when(language: str, moment: datetime, zone: tzinfo, now: datetime) -> str:
    """A moment as people say it, in their timezone: "today 07:34", "yesterday 18:02",
    "tomorrow 07:34", "Dec 3, 07:34" (the year only when it is not this one)."""
    local, today = moment.astimezone(zone), now.astimezone(zone).date()
    clock = format_time(local, "short", locale=language)
    if local.date() == today:
        return gettext(language, TODAY_AT).format(time=clock)
    if local.date() == today - timedelta(days=1):
        return gettext(language, YESTERDAY_AT).format(time=clock)
    if local.date() == today + timedelta(days=1):
        return gettext(language, TOMORROW_AT).format(time=clock)
    skeleton = "MMMd" if local.year == today.year else "yMMMd"
    return f"{format_skeleton(skeleton, local, locale=language)}, {clock}"

"""Every user-visible text has a German translation that keeps its fields and markup.

Messages are found with Babel's own extractor and the keywords of docs/translating.md, exactly
as ``pybabel extract`` finds them, so a message the catalogs lack fails here.
"""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir

from bot.i18n import Html, catalog, gettext, language_for, number, signed, t

ROOT = Path(__file__).resolve().parent.parent
#: Where translatable texts live (babel.cfg): the bot, and each platform's own texts.
TEXT_DIRS = (ROOT / "bot", ROOT / "scoring" / "sources")
KEYWORDS = {"N_": None, "t": (2,), "gettext": (2,)}


def extract_messages() -> dict[str, str]:
    found: dict[str, str] = {}
    method_map = [("**/locale/**", "ignore"), ("**.py", "python")]
    for directory in TEXT_DIRS:
        for filename, lineno, message, _comments, _context in extract_from_dir(
            str(directory), method_map=method_map, keywords=KEYWORDS
        ):
            if isinstance(message, str):
                found[message] = f"{directory.name}/{filename}:{lineno}"
    return found


MESSAGES = extract_messages()
GERMAN = catalog("de")


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def _tags(text: str) -> list[str]:
    return re.findall(r"</?[a-z-]+", text)


def test_messages_were_found() -> None:
    """The extractor sees the bot's texts (a broken extractor must not pass silently)."""
    assert len(MESSAGES) >= 150


@pytest.mark.parametrize("message", sorted(MESSAGES), ids=lambda m: m[:40])
def test_every_message_has_a_german_translation(message: str) -> None:
    """A message without German fails here, naming where it is used."""
    assert message in GERMAN, (
        f"no German for {message!r} ({MESSAGES[message]}): see docs/translating.md"
    )
    german = GERMAN[message]
    assert _fields(german) == _fields(message), "the translation must keep every {field}"
    assert _tags(german) == _tags(message), "the translation must keep the HTML tags"


def test_no_stale_translations() -> None:
    """Every German entry still belongs to a message the bot uses."""
    assert sorted(set(GERMAN) - set(MESSAGES)) == []


@pytest.mark.parametrize(
    ("code", "language"),
    [
        ("de", "de"),
        ("de-AT", "de"),
        ("de_CH", "de"),
        ("en-GB", "en"),
        ("pt-br", "en"),
        (None, "en"),
        ("", "en"),
    ],
)
def test_language_comes_from_the_telegram_language_code(code: str | None, language: str) -> None:
    assert language_for(code) == language


def test_fields_are_escaped_unless_marked_safe() -> None:
    """A display name with markup cannot break the message; Html values stay as they are."""
    assert t("en", "Hi {name}", name="<b>&") == "Hi &lt;b&gt;&amp;"
    assert t("en", "Hi {name}", name=Html("<b>x</b>")) == "Hi <b>x</b>"


def test_unknown_language_falls_back_to_english() -> None:
    assert gettext("xx", "Your channels and their status") == "Your channels and their status"


def test_numbers_are_formatted_for_the_locale() -> None:
    assert number("en", 1234.5) == "1,234.5"
    assert number("de", 1234.5) == "1.234,5"
    assert number("de", 1250, 0) == "1.250"
    assert signed("de", -0.3) == "−0,3"
    assert signed("en", 0.04) == "±0"

"""Every user-visible text has a German translation that keeps its fields and markup.

Messages are found with Babel's own extractor and the keywords of docs/translating.md, exactly
as ``pybabel extract`` finds them, so a message the catalogs lack fails here.
"""

from __future__ import annotations

import functools
import html
import re
import string
from datetime import date
from pathlib import Path

import pytest
from babel.messages.extract import extract
from hypothesis import given
from hypothesis import strategies as st

from bot.views.i18n import (
    SUPPORTED_LANGUAGES,
    Html,
    Plural,
    catalog,
    day,
    gettext,
    hour,
    language_for,
    number,
    plural_catalog,
    signed,
    t,
    tn,
)

ROOT = Path(__file__).resolve().parent.parent
#: Where translatable texts live (babel.cfg): the bot, and each platform's own texts.
TEXT_DIRS = (ROOT / "bot", ROOT / "scoring" / "sources")
KEYWORDS = {"N_": None, "P_": (1, 2), "t": (2,), "gettext": (2,)}


#: A file without a call of one of the keywords holds no message (most of the tree): Babel's
#: tokenizer is spared those, since every test worker extracts the messages as it collects.
CALLS_A_KEYWORD = re.compile(r"\b(?:N_|P_|t|gettext)\(")


@functools.cache
def _extract() -> list[tuple[str | tuple[str, ...], str]]:
    """The messages as ``pybabel extract`` finds them (babel.cfg: every module but the locale
    directory's), each with where it is used."""
    found = []
    for directory in TEXT_DIRS:
        for path in sorted(directory.rglob("*.py")):
            where = path.relative_to(directory)
            if "locale" in where.parts or not CALLS_A_KEYWORD.search(path.read_text("utf-8")):
                continue
            with path.open("rb") as source:
                for lineno, message, _comments, _context in extract(
                    "python", source, keywords=KEYWORDS
                ):
                    found.append((message, f"{directory.name}/{where}:{lineno}"))
    return found


def extract_messages() -> dict[str, str]:
    return {message: where for message, where in _extract() if isinstance(message, str)}


def extract_plurals() -> dict[Plural, str]:
    return {
        Plural(*message): where
        for message, where in _extract()
        if isinstance(message, tuple) and len(message) == 2
    }


MESSAGES = extract_messages()
PLURALS = extract_plurals()
GERMAN = catalog("de")
GERMAN_PLURALS = plural_catalog("de")


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
    assert sorted(set(GERMAN_PLURALS) - set(PLURALS)) == []


def test_plural_messages_were_found() -> None:
    assert len(PLURALS) >= 10


@pytest.mark.parametrize("message", sorted(PLURALS), ids=lambda m: m.plural[:40])
@pytest.mark.parametrize("language", ["en", "de"])
@pytest.mark.parametrize("count", [0, 1, 2])
def test_every_plural_message_reads_right_for_0_1_and_2(
    message: Plural, language: str, count: int
) -> None:
    """Rendered with every field filled: the count appears, in the form the language wants."""
    assert message in GERMAN_PLURALS, f"no German for {message} ({PLURALS[message]})"
    forms = GERMAN_PLURALS[message] if language == "de" else message
    for form in forms:
        assert _fields(form) == _fields(message.plural), "every form keeps every {field}"
        assert _tags(form) == _tags(message.plural)
    fields = {name: f"<{name}>" for name in _fields(message.plural) - {"count"}}
    text = tn(language, message, count, **fields)
    assert str(count) in text
    expected = forms[0] if count == 1 else forms[1]  # English and German: one, other
    assert text == expected.format(count=count, **{k: html.escape(v) for k, v in fields.items()})


@pytest.mark.parametrize(
    ("language", "one", "two"), [("en", "1 channel", "2 channels"), ("de", "1 Kanal", "2 Kanäle")]
)
def test_the_bot_no_longer_says_1_channels(language: str, one: str, two: str) -> None:
    from bot.handlers.refresh import STARTING

    assert one in tn(language, STARTING, 1)
    assert two in tn(language, STARTING, 2)


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


def test_hours_are_written_as_each_language_writes_them() -> None:
    """Settings, quiet hours and the best-time tip: English says "6:00 PM" as /channels
    does ("read today 3:39 AM"), German "18:00"; a block that ends a day ends at midnight."""
    assert [hour("en", h) for h in (0, 9, 18, 24)] == [
        "12:00\u202fAM", "9:00\u202fAM", "6:00\u202fPM", "12:00\u202fAM"
    ]  # fmt: skip
    assert [hour("de", h) for h in (0, 9, 18, 24)] == ["00:00", "09:00", "18:00", "24:00"]


def test_days_are_written_as_each_language_writes_them() -> None:
    """The public profile, its card and the dashboard name a day as people read it (they
    said 2026-12-07 in both languages)."""
    assert day("en", date(2026, 12, 7)) == "Dec 7, 2026"
    assert day("de", date(2026, 12, 7)) == "07.12.2026"


@given(st.one_of(st.integers(), st.floats()))
def test_any_number_is_formatted_in_every_language(value: float) -> None:
    """A refusal shows the number the user typed back to them, however absurd."""
    for language in SUPPORTED_LANGUAGES:
        assert number(language, value)


def test_what_a_score_means_reads_as_german_for_everyone() -> None:
    """/score places the score among the reference profiles. German declines an article after
    "zwischen" (dative) and "für" (accusative) differently and would give every user one
    gender; the profiles are named as labels instead, the same after either."""
    from bot.handlers.score import meaning

    assert meaning("de", 20.0) == (
        "Einordnung: aktives Hobby-Konto (ein paar Likes und eine Antwort auf jeden Beitrag)."
    )
    assert meaning("de", 66.0) == (
        "Einordnung: zwischen „Profi-Konto mit aktivem Publikum“ und „viel gelesenes "
        "Creator-Konto“."
    )
    for value in range(1, 101):
        german = meaning("de", float(value))
        assert not re.search(r"\b(?:zwischen|für) (?:eine?|die|der|den)\b", german), german
        assert "Nutzerin" not in german, german

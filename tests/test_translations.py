"""Every user-visible text has a German translation that keeps its fields and markup."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

from bot.i18n import Html, gettext, language_for, t
from bot.translations import de

BOT_DIR = Path(__file__).resolve().parent.parent / "bot"
_MARKERS = {"N_": 0, "t": 1, "gettext": 1}


def extract_messages() -> dict[str, str]:
    """Messages marked in bot/: ``N_("…")``, ``t(lang, "…")``, ``gettext(lang, "…")``."""
    found: dict[str, str] = {}
    for path in sorted(BOT_DIR.rglob("*.py")):
        if "translations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
                continue
            index = _MARKERS.get(node.func.id)
            if index is None or len(node.args) <= index:
                continue
            arg = node.args[index]
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                found[arg.value] = f"{path.name}:{node.lineno}"
    return found


MESSAGES = extract_messages()


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def _tags(text: str) -> list[str]:
    return re.findall(r"</?[a-z-]+", text)


def test_messages_were_found() -> None:
    """The extractor sees the bot's texts (a broken extractor must not pass silently)."""
    assert len(MESSAGES) >= 20


@pytest.mark.parametrize("message", sorted(MESSAGES), ids=lambda m: m[:40])
def test_every_message_has_a_german_translation(message: str) -> None:
    """A message without German fails here, naming where it is used."""
    assert message in de.CATALOG, f"no German for {message!r} ({MESSAGES[message]})"
    german = de.CATALOG[message]
    assert _fields(german) == _fields(message), "the translation must keep every {field}"
    assert _tags(german) == _tags(message), "the translation must keep the HTML tags"


def test_no_stale_translations() -> None:
    """Every German entry still belongs to a message the bot uses."""
    stale = sorted(set(de.CATALOG) - set(MESSAGES))
    assert stale == []


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

"""Text in right-to-left letters (Arabic, Hebrew, Persian) inside a line of the bot's words.

Telegram lays out each line in the direction of its first strong letter (Unicode's bidi rule
P2, which skips isolated text): a /top line that begins with a post in Arabic was laid out
right to left, its number and platform included, and a leaderboard name in Hebrew took the
score after it into its run. A post's text and a member's name are set apart as first-strong
isolates; checked here by that rule, as a client applies it."""

from __future__ import annotations

import html
import re
import unicodedata
from datetime import UTC, datetime

import pytest

from bot.views.i18n import isolated, t
from bot.views.why import MOVER, post_anchor, post_link
from scoring.channel_data import Post, PostKind
from scoring.explain import RankedPost

_OPENS, _CLOSES = {"\u2066", "\u2067", "\u2068"}, "\u2069"


def line_direction(line: str) -> str:
    """A line's direction by rule P2/P3: its first strong letter outside isolates, in the
    text shown (the HTML's tags are not)."""
    depth = 0
    for char in html.unescape(re.sub(r"<[^>]*>", "", line)):
        if char in _OPENS:
            depth += 1
        elif char == _CLOSES:
            depth = max(0, depth - 1)
        elif depth == 0 and unicodedata.bidirectional(char) in ("L", "R", "AL"):
            return "ltr" if unicodedata.bidirectional(char) == "L" else "rtl"
    return "ltr"


@pytest.mark.parametrize("text", ["مرحبا بالعالم", "שלום עולם", "#پایتون امروز"])
def test_a_post_in_right_to_left_letters_leaves_its_line_left_to_right(text: str) -> None:
    post = Post("1", datetime(2026, 12, 7, tzinfo=UTC), PostKind.OWN, likes=3, excerpt=text,
                url="https://example.social/@a/1")  # fmt: skip
    ranked = RankedPost("Alice", "mastodon", post, 3.0)
    mover = t("en", MOVER, position=1, post=post_link("en", ranked), platform="Mastodon",
              value="3.0")  # fmt: skip
    assert line_direction(mover) == "ltr", mover
    assert line_direction(f"Best post of the week: {post_anchor('en', text, post.url)}") == "ltr"
    assert line_direction(f"1. {text} (Mastodon): 3 likes") == "rtl", "the rule, unguarded"


def test_a_leaderboard_name_in_right_to_left_letters_leaves_its_line_left_to_right() -> None:
    line = f"1. {isolated('שרה')}: 12.9 (+1.0 this week)"
    assert line_direction(line) == "ltr"
    assert line_direction("1. שרה: 12.9 (+1.0 this week)") == "rtl", "the rule, unguarded"


def test_text_stored_before_with_direction_controls_cannot_end_its_isolate() -> None:
    """A post's text stored before the controls were dropped, holding a pop (U+2069) and an
    override: the pop would end the isolate early and the override turn the rest around."""
    hostile = "fine\u2069\u202e: 99.9"
    shown = post_anchor("en", hostile, "")
    assert shown == "\u2068fine: 99.9\u2069"
    assert isolated(hostile) == "\u2068fine: 99.9\u2069"

"""Pure helpers shared by the parsers: HTML to plain text, excerpts, timestamps, counts."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from html.parser import HTMLParser

from scoring.channel_data import without_direction_controls

EXCERPT_LENGTH = 140
_SPACE = re.compile(r"\s+")
_HASHTAG = re.compile(r"(?<![\w&])#(\w{1,64})", re.UNICODE)
_URL = re.compile(r"https?://\S+")
#: A whole number with its thousands marked: one mark (, . ' or a narrow space) between groups
#: of three ("5,537", "1.234", "1'234"); "1.5" is no whole number, not 15.
_GROUPED = re.compile(r"^-?\d{1,3}(?:([.,'\u202f ])\d{3})(?:\1\d{3})*$")


class _TextOnly(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("p", "br", "li", "div"):
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def strip_html(html: str) -> str:
    """Visible text of an HTML fragment, whitespace folded."""
    parser = _TextOnly()
    parser.feed(html)
    parser.close()
    return _SPACE.sub(" ", "".join(parser.parts)).strip()


def excerpt(text: str, length: int = EXCERPT_LENGTH) -> str:
    """The first ``length`` characters of ``text``, cut at a word with an ellipsis; no text
    direction control (one would turn the rest of its line around)."""
    text = _SPACE.sub(" ", without_direction_controls(text)).strip()
    if len(text) <= length:
        return text
    cut = text[: length - 1].rsplit(" ", 1)[0] or text[: length - 1]
    return cut + "…"


def hashtags_in(text: str) -> tuple[str, ...]:
    """Hashtags in plain text, lower-cased, in order, without repeats."""
    seen: dict[str, None] = {}
    for tag in _HASHTAG.findall(text):
        seen.setdefault(tag.lower(), None)
    return tuple(seen)


def has_url(text: str) -> bool:
    return bool(_URL.search(text))


def parse_time(raw: str) -> datetime:
    """An ISO-8601 timestamp (``Z`` or offset, any fraction) as an aware UTC datetime."""
    text = raw.strip().replace("Z", "+00:00")
    match = re.match(r"^(.*T\d\d:\d\d:\d\d)(\.\d+)?(.*)$", text)
    if match:  # Python 3.11 accepts at most 6 fractional digits; platforms send up to 9
        head, fraction, tail = match.groups()
        text = head + (fraction[:7] if fraction else "") + tail
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def whole_number(text: str) -> str:
    """``text`` without its thousands marks, if it is a whole number written with them
    ("5,537": "5537"); otherwise as it is (for the caller to refuse: "1.5" stays "1.5")."""
    stripped = text.strip()
    return re.sub(r"[.,'\u202f ]", "", stripped) if _GROUPED.match(stripped) else stripped

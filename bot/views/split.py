"""Long answers in parts Telegram accepts (4,096 characters a message, counted in UTF-16)."""

from __future__ import annotations

from collections.abc import Iterator

from bot.views.i18n import Html

LIMIT = 4096


def _length(text: str) -> int:
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def _units(text: str, limit: int) -> Iterator[tuple[str, str]]:
    """(separator before it, piece): paragraphs, or the lines of a paragraph too long, or cuts
    of a line too long (which our texts never hold: names are capped; a safety net)."""
    for b, block in enumerate(text.split("\n\n")):
        if _length(block) <= limit:
            yield ("\n\n" if b else ""), block
            continue
        for i, line in enumerate(block.split("\n")):
            separator = ("\n\n" if b else "") if i == 0 else "\n"
            while _length(line) > limit:
                yield separator, line[: limit // 2]
                separator, line = "", line[limit // 2 :]
            yield separator, line


def split_message(text: Html, limit: int = LIMIT) -> list[Html]:
    """``text`` in as few parts of at most ``limit`` as fit, cut between paragraphs where it
    can and between lines where it must (our HTML tags never span lines)."""
    parts: list[str] = []
    current = ""
    for separator, piece in _units(text, limit):
        candidate = current + separator + piece if current else piece
        if _length(candidate) <= limit:
            current = candidate
            continue
        parts.append(current)
        current = piece
    parts.append(current)
    return [Html(part) for part in parts if part.strip()]

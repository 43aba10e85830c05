"""Focus topics: which posts are about what the user does professionally. Pure.

A topic is a word, a phrase or a hashtag in any language. A post matches when its text or one
of its hashtags contains the topic on word boundaries, ignoring case and accents: ``design``
matches "#Design" and "Design," but not "webdesign"; ``Kündigung`` matches "kundigung"; a
phrase matches as a phrase, whatever the spaces between its words.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from scoring.channel_data import Post

MAX_TOPICS = 10
MAX_TOPIC_LENGTH = 60


#: What folding drops after compatibility decomposition: the combining accents of Latin, Greek
#: and Cyrillic (U+0300..U+036F; vowel signs of other scripts are letters and stay), and the
#: Catalan middle dot of "l·l", which is inside a word, not a boundary.
_DROPPED = re.compile("[\u0300-\u036f\u00b7]")


def fold(text: str) -> str:
    """Lower case without accents: ``Kündigung`` -> ``kundigung``, ``Straße`` -> ``strasse``."""
    return _DROPPED.sub("", unicodedata.normalize("NFKD", text.casefold()))


def normalize_topic(raw: str) -> str:
    """The topic as stored: without a leading ``#``, inner spaces single, at most 60 characters."""
    return " ".join(raw.strip().lstrip("#").split())[:MAX_TOPIC_LENGTH]


def _pattern(topics: Iterable[str]) -> re.Pattern[str] | None:
    words = [fold(t).split() for t in topics]
    parts = [r"\s+".join(re.escape(w) for w in ws) for ws in words if ws]
    if not parts:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(parts) + r")(?!\w)")


@dataclass(frozen=True, slots=True)
class FocusTopics:
    """A user's topics, compiled once for matching many posts."""

    topics: tuple[str, ...] = ()
    _regex: re.Pattern[str] | None = field(default=None, compare=False, repr=False)

    @classmethod
    def of(cls, topics: Sequence[str]) -> FocusTopics:
        cleaned = tuple(dict.fromkeys(t for t in map(normalize_topic, topics) if t))
        return cls(cleaned, _pattern(cleaned))

    def __bool__(self) -> bool:
        return self._regex is not None

    def matches(self, post: Post) -> bool:
        """Whether the post is on one of the topics (text, title or hashtags)."""
        if self._regex is None:
            return False
        text = fold(" ".join((post.excerpt, *(f"#{tag}" for tag in post.hashtags))))
        return self._regex.search(text) is not None


def near_miss(posts: Iterable[Post], focus: FocusTopics) -> tuple[Post, str] | None:
    """A post that holds a topic only inside another word ("design" in "webdesign"): the
    post and the topic. Such a post does not count: shown so a user sees why."""
    for post in posts:
        if focus.matches(post):
            continue
        text = fold(" ".join((post.excerpt, *post.hashtags)))
        for topic in focus.topics:
            if fold(topic) in text:
                return post, topic
    return None

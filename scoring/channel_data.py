"""Normalized channel data: what every source produces and everything else consumes."""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


class PostKind(StrEnum):
    """What a post is, from the channel owner's point of view."""

    OWN = "own"  # an original post (a self-reply continuing one's own thread included)
    REPLY = "reply"  # a reply to someone else: giving
    RESHARE = "reshare"  # a reshare of someone else's post: giving, never credited as taking
    QUOTE = "quote"  # the owner's comment on someone else's post: both giving and own work


#: The longest name shown for a channel: platforms allow thousands of characters, a chat line not.
MAX_NAME = 100
#: No count comes near this (the most viewed channels have about 10¹¹ views): a number beyond
#: it is a broken or hostile answer, and one beyond 2⁶³ would not even fit the database.
MAX_COUNT = 10**15


#: Text direction controls that act past the text they are in (embeddings, overrides,
#: isolates): a name ending in a right-to-left override turns the rest of its line around
#: ("Mallory: 12.9" shown as "9.21 :yrollaM"). Letters of any script keep their direction.
DIRECTION_CONTROLS = dict.fromkeys(
    map(ord, "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
)


def without_direction_controls(text: str) -> str:
    """``text`` without :data:`DIRECTION_CONTROLS` (text from elsewhere, shown in a line)."""
    return text.translate(DIRECTION_CONTROLS)


def shows_something(text: str) -> bool:
    """Whether ``text`` has anything a reader sees: a letter, mark, digit, punctuation or
    symbol (emoji too), not only spaces, direction controls or invisible characters (a name
    of zero-width spaces names nothing)."""
    if text.isprintable():  # most names: nothing invisible, so anything but spaces shows
        return bool(text.strip(" "))
    return any(unicodedata.category(char)[0] not in "CZ" for char in text)


def shown_name(display_name: str, handle: str) -> str:
    """How an account is named to its owner: its display name, else its handle (one in which
    nothing shows, zero-width spaces alone, is no name), at most ``MAX_NAME`` characters."""
    return short_name(display_name if shows_something(display_name) else handle)


def short_name(text: str) -> str:
    """A name as shown: control characters and runs of whitespace made single spaces, text
    direction controls dropped, at most ``MAX_NAME`` characters (an ellipsis marks a cut)."""
    if (  # most names already are (a person's handle, read by the thousand): as they come
        len(text) <= MAX_NAME
        and text.isprintable()  # no control character, direction's too, no whitespace but ' '
        and "  " not in text
        and not text.startswith(" ")
        and not text.endswith(" ")
    ):
        return text
    text = without_direction_controls(text)
    cleaned = " ".join("".join(" " if ch.isspace() or ord(ch) < 32 else ch for ch in text).split())
    return cleaned if len(cleaned) <= MAX_NAME else cleaned[: MAX_NAME - 1].rstrip() + "…"


@dataclass(frozen=True, slots=True)
class Account:
    """A channel's identity on its platform, as resolved from what the user typed."""

    platform: str
    account_id: str  # canonical and stable: a numeric id, a DID, a feed URL
    handle: str  # how people know it: @alice@example.social, alice.bsky.social
    display_name: str = ""
    url: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "display_name", short_name(self.display_name))


@dataclass(frozen=True, slots=True)
class Profile:
    """Audience and activity counts at one moment."""

    followers: int = 0
    following: int = 0
    posts_count: int = 0
    display_name: str = ""
    url: str = ""
    extra: Mapping[str, int] = field(default_factory=dict)  # karma, stars, forks, reputation

    def __post_init__(self) -> None:
        object.__setattr__(self, "display_name", short_name(self.display_name))


@dataclass(frozen=True, slots=True)
class Post:
    """One post with the interaction it received so far."""

    post_id: str
    created_at: datetime
    kind: PostKind
    likes: int = 0
    reshares: int = 0
    replies: int = 0
    quotes: int = 0
    url: str = ""
    excerpt: str = ""
    hashtags: tuple[str, ...] = ()
    has_media: bool = False
    has_link: bool = False
    in_thread: bool = False  # a self-reply continuing one's own thread: not a post of its own

    @property
    def interactions(self) -> int:
        """Everything received, unweighted (the model weighs each kind)."""
        return self.likes + self.reshares + self.replies + self.quotes


class EngagementKind(StrEnum):
    """Who did what: another person on one of the owner's posts, or the owner answering them."""

    LIKE = "like"  # the person liked the owner's post ``post_id``
    REPLY = "reply"  # the person replied to the owner's post ``post_id``
    RESHARE = "reshare"  # the person reshared the owner's post ``post_id`` (formula 3.4)
    ANSWERED = "answered"  # the owner's reply ``post_id`` answered the person


@dataclass(frozen=True, slots=True)
class Engagement:
    """One person's part in a post, as the platform lists it (issue 28: people, not clicks).

    Kept minimal: the person's id on the platform (as the channel's own server knows it) and
    a handle to name them by; nothing they wrote. ``at`` is when the post was made.
    """

    post_id: str
    person_id: str
    kind: EngagementKind
    handle: str
    at: datetime
    #: formula 3.4: a liker or resharer whose account is empty as the platform lists it (it
    #: never posted and nobody follows it): the signature of bought likes (scoring.credit)
    hollow: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "handle", short_name(self.handle))


@dataclass(frozen=True, slots=True)
class ChannelData:
    """The result of one fetch.

    ``not_modified`` means the platform said nothing changed since the stored validators
    (HTTP 304): ``posts`` is then empty and the stored posts stand.
    """

    profile: Profile
    posts: tuple[Post, ...] = ()
    fetch_state: Mapping[str, str] = field(default_factory=dict)
    not_modified: bool = False
    #: a new access token the platform issued in place of the stored one (a long-lived token
    #: refreshed before it expires); stored sealed by the reader, never printed
    renewed_token: str | None = field(default=None, repr=False)
    #: the people on the posts whose likers and repliers were read in this fetch (their
    #: stored people are replaced), and the people the owner's replies answered
    engagements: tuple[Engagement, ...] = ()
    people_read: tuple[str, ...] = ()  # post ids

    def counts_in_range(self) -> bool:
        """Whether every count is one a real channel could have (see :data:`MAX_COUNT`)."""
        profile = self.profile
        counts = [profile.followers, profile.following, profile.posts_count]
        counts += profile.extra.values()
        for post in self.posts:
            counts += (post.likes, post.reshares, post.replies, post.quotes)
        return not counts or (max(counts) <= MAX_COUNT and min(counts) >= -MAX_COUNT)

"""The port every platform implements, and the configuration sources are built from."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Protocol, TypeGuard

from scoring.channel_data import Account, ChannelData
from scoring.sources.http import HttpPolicy

#: Posts older than this are not re-read: the model looks at the last 90 days.
WINDOW = timedelta(days=90)
#: At most this many posts are read per fetch, however active the account.
MAX_POSTS = 200
#: How often a source re-reads everything (the profile, every page of the window). Between
#: deep reads a refresh asks only what shows something new: the newest page, or one
#: conditional request whose 304 means nothing changed.
DEEP_READ_EVERY = timedelta(days=1)
DEEP_READ_KEY = "deep_read_at"

FetchState = Mapping[str, str]


class Source(Protocol):
    """One platform: resolve what the user typed to an account, and read that account."""

    platform: str

    def resolve(self, query: str) -> Account:
        """The account ``query`` (a handle, an id or a URL) names; raises SourceError."""
        ...

    def fetch(self, account: Account, state: FetchState, now: datetime) -> ChannelData:
        """Profile and recent posts of ``account``, using and returning the fetch state."""
        ...


class Secret:
    """A user's access token: its value is only read on purpose, never printed by accident."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return "Secret(<hidden>)"

    __str__ = __repr__


class TokenSource(Protocol):
    """A platform read with a token the user provides (Facebook Pages, Instagram).

    ``with_token`` gives a :class:`Source` that reads with that token; the token is never
    stored by the source and never travels in a URL.
    """

    platform: str

    def with_token(self, token: Secret) -> Source: ...


AnySource = Source | TokenSource


def is_token_source(source: object) -> TypeGuard[TokenSource]:
    """Whether ``source`` reads with the user's token (a plain attribute check: isinstance on
    a runtime-checkable Protocol costs tens of microseconds, on every channel read)."""
    return callable(getattr(source, "with_token", None))


@dataclass(frozen=True, slots=True)
class SourceConfig:
    """What sources are built from: endpoints, operator keys and the HTTP policy."""

    api_urls: Mapping[str, str] = field(default_factory=dict)  # platform -> base URL
    allow_private_network: bool = False
    keys: Mapping[str, str] = field(default_factory=dict)  # operator keys by setting name
    options: Mapping[str, str] = field(default_factory=dict)  # platforms' non-secret settings
    version: str = "0"  # the program's version, for platforms that want it in a User-Agent
    http: HttpPolicy = field(default_factory=HttpPolicy)
    window: timedelta = WINDOW
    max_posts: int = MAX_POSTS

    def api_url(self, platform: str, default: str) -> str:
        return self.api_urls.get(platform, default).rstrip("/")

    def key(self, setting: str) -> str | None:
        """The operator key set under ``setting`` (e.g. ``YOUTUBE_API_KEY``), if any."""
        return self.keys.get(setting) or None


def within_window(created_at: datetime, now: datetime, window: timedelta) -> bool:
    return created_at >= now - window


def deep_read_due(state: FetchState, now: datetime) -> bool:
    """Whether the last deep read of a channel is a day old (or never happened)."""
    raw = state.get(DEEP_READ_KEY)
    if not raw:
        return True
    try:
        last = datetime.fromisoformat(raw)
    except ValueError:
        return True
    return now - last >= DEEP_READ_EVERY or last > now


def deep_read_done(state: dict[str, str], now: datetime) -> None:
    state[DEEP_READ_KEY] = now.isoformat()

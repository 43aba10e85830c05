"""The platform registry: each source module declares its platform once, everything reads it.

A :class:`Platform` holds what the rest of the program needs to know about a network: its name
and display name, what a user types to name an account, the API base URLs it reads with the
settings that override them, the operator keys it needs, whether users bring a token, whether
it has followers, which profile URLs are its own, and how to build its source. Settings,
``/help``, ``/link``'s detection and buttons, ``resonance score`` and the "missing settings"
answer all read the registry; adding a platform is one module and one line in
``scoring/sources/__init__.py``.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Collection, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TypeVar, cast
from urllib.parse import SplitResult, urlsplit

from scoring.sources.base import AnySource, SourceConfig
from scoring.sources.http import HttpClient

T = TypeVar("T")


def N_(message: str) -> str:
    """Mark an English text for the bot's catalogs (docs/translating.md); it stays English here."""
    return message


def P_(singular: str, plural: str) -> tuple[str, str]:
    """Mark a counted phrase ("{count} star", "{count} stars") for the bot's catalogs, which
    pick the form a count needs; it stays English here."""
    return singular, plural


@dataclass(frozen=True, slots=True)
class Nouns:
    """What a platform's own pages call a post's likes, reshares and replies, as counted phrases:
    a person checks a number the bot shows against the site, under the same word."""

    likes: tuple[str, str] = P_("{count} like", "{count} likes")
    reshares: tuple[str, str] = P_("{count} reshare", "{count} reshares")
    replies: tuple[str, str] = P_("{count} reply", "{count} replies")
    quotes: tuple[str, str] = P_("{count} quote", "{count} quotes")
    clicks: bool = True  # whether its posts are liked or reshared at all (a blog's feed: no)


COMMENTS = P_("{count} comment", "{count} comments")
REPOSTS = P_("{count} repost", "{count} reposts")
UPVOTES = P_("{count} upvote", "{count} upvotes")
REACTIONS = P_("{count} reaction", "{count} reactions")
SHARES = P_("{count} share", "{count} shares")


class Clients:
    """What a platform's ``build`` gets: HTTP clients with the shared policy, and objects
    several platforms of one build share (the Graph API client of Facebook and Instagram, so
    one usage budget is watched once)."""

    def __init__(self, make_http: Callable[[bool, dict[str, str] | None], HttpClient]) -> None:
        self._make_http = make_http
        self._shared: dict[str, object] = {}

    def http(self, *, user_supplied: bool, headers: dict[str, str] | None = None) -> HttpClient:
        """A client; ``user_supplied`` ones guard every URL against private addresses (users
        type those URLs), ``headers`` are sent with every request."""
        return self._make_http(user_supplied, headers)

    def shared(self, key: str, make: Callable[[], T]) -> T:
        """The object made for ``key`` in this build, made once."""
        if key not in self._shared:
            self._shared[key] = make()
        return cast(T, self._shared[key])


@dataclass(frozen=True, slots=True)
class Endpoint:
    """An API base URL a source reads (``config.api_url(key, default)``) and its setting."""

    key: str
    setting: str
    default: str


@dataclass(frozen=True, slots=True)
class Option:
    """A non-secret operator setting a platform reads (``RESONANCE_X_TIER``): one of
    ``choices``, or a whole number when there are none; ``default`` when unset."""

    setting: str
    default: str
    choices: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Budget:
    """What a platform lets us ask: ``requests`` (or quota units, or posts read: ``unit``)
    per ``per`` seconds, for the whole platform, or for each server (``per_host``: every
    instance of a federated network has its own). ``needs``: the operator keys this budget
    comes with (a platform lists its budgets best first; of each unit, the first whose keys
    are all set applies). ``cost_per_read``: what one read of a channel takes of it (None: the
    platform's ``cost_per_read``). ``counted_per``: seconds within which reading a channel
    again costs nothing more (X counts a post once a day however often it is read)."""

    requests: float
    per: float
    per_host: bool = False
    needs: tuple[str, ...] = ()
    unit: str = "requests"
    cost_per_read: float | None = None
    counted_per: float = 0.0

    @property
    def per_hour(self) -> float:
        return self.requests * 3600 / self.per


@dataclass(frozen=True, slots=True)
class Platform:
    """One network, declared by its source module."""

    name: str  # as stored and typed: "github"
    display: str  # as shown: "GitHub"
    examples: str  # what to type, shown after a malformed handle and when asking for one
    build: Callable[[SourceConfig, Clients], AnySource]
    endpoints: tuple[Endpoint, ...] = ()
    keys: tuple[str, ...] = ()  # operator settings it reads (secrets: never logged)
    token_help: str = ""  # for platforms read with the user's token: which token, from where
    proof_help: str = ""  # where the owner puts a verification code (sources with proof_text)
    link_example: str = ""  # "github alice": shown in help texts as /link github alice
    token_shapes: tuple[str, ...] = ()  # regexes of the tokens users send: redacted, deleted
    has_followers: bool = True  # False: engagement is judged per post, reach by interaction
    #: False: its posts carry no reply counts (GitHub repositories): likes are judged against
    #: the followers alone, not against the post's conversation
    counts_replies: bool = True
    #: whether a read records the owner's replies to others (a blog's feed, a Page's posts,
    #: an export hold only the owner's own posts): tips about giving are given only where
    #: following them shows
    records_giving: bool = True
    hosts: tuple[str, ...] = ()  # profile URLs on these hosts (and their subdomains) are its own
    claims: Callable[[SplitResult], bool] | None = None  # other profile URLs it recognises
    catch_all: bool = False  # any other http(s) URL (the blog: a site with a feed)
    #: a handle only its accounts have, sent alone (the fediverse's ``@alice@example.social``)
    owns_handle: Callable[[str], bool] | None = None
    proves_site: bool = False  # a verified channel proves its owner holds the site it names
    #: its counts are written by the channel's owner (a blog's feed states its own comment
    #: counts): they count in the owner's score and tips, never on a group leaderboard
    writes_own_numbers: bool = False
    self_reported: bool = False  # nothing is read: the owner reports the numbers (/report)
    imported: bool = False  # nothing is read: the owner sends an export file, imported
    import_help: str = ""  # which file to send and where to find it (files the bot imports)
    translated_display: bool = False  # ``display`` is words (marked N_), not a brand
    nouns: Nouns = Nouns()  # what its pages call a post's likes, reshares and replies
    #: ... where one kind of account counts otherwise (a LinkedIn member export's "likes" are
    #: its Engagements), by account id
    nouns_of: tuple[tuple[str, Nouns], ...] = ()
    budgets: tuple[Budget, ...] = ()  # best first; none: no limit worth planning for
    cost_per_read: float = 1.0  # requests (or quota units) one refresh of a channel costs
    people_per_read: float = 0.0  # ... of which reading who liked and replied (on average)
    options: tuple[Option, ...] = ()  # non-secret operator settings it reads
    #: reads list who replied (and, where the platform says, who liked): formula 3.0 counts
    #: people there, and /tips names them
    lists_people: bool = False
    #: a person's web profile from the handle a read lists them by (None: named as text)
    profile_url: Callable[[str], str | None] | None = None
    # budgets that depend on ``options`` (their values, defaults filled in); replaces budgets
    budgets_from: Callable[[Mapping[str, str]], tuple[Budget, ...]] | None = None

    def applying_budgets(
        self, keys: Collection[str], options: Mapping[str, str] | None = None
    ) -> tuple[Budget, ...]:
        """The budgets that apply with the operator keys ``keys`` set: of each unit, the
        first whose keys are all set."""
        given = {o.setting: o.default for o in self.options} | dict(options or {})
        candidates = self.budgets_from(given) if self.budgets_from else self.budgets
        chosen: dict[str, Budget] = {}
        for budget in candidates:
            if budget.unit not in chosen and all(k in keys for k in budget.needs):
                chosen[budget.unit] = budget
        return tuple(chosen.values())

    def nouns_for(self, account_id: str) -> Nouns:
        """What this platform's pages call the counts of the account's posts."""
        return next((n for account, n in self.nouns_of if account == account_id), self.nouns)

    @property
    def needs_token(self) -> bool:
        return bool(self.token_help)

    def owns_host(self, host: str) -> bool:
        return any(host == h or host.endswith("." + h) for h in self.hosts)


_REGISTERED: dict[str, Platform] = {}


def register(platform: Platform) -> None:
    """Add ``platform`` (in the order /link offers them); a name can be registered once."""
    if platform.name in _REGISTERED:
        raise ValueError(f"platform {platform.name!r} is registered already")
    _REGISTERED[platform.name] = platform


@contextmanager
def registered(platform: Platform) -> Iterator[Platform]:
    """``platform`` registered for the duration of the block (tests declare throw-away ones)."""
    register(platform)
    try:
        yield platform
    finally:
        del _REGISTERED[platform.name]


def platforms() -> tuple[Platform, ...]:
    """Every registered platform, in the order /link offers them."""
    return tuple(_REGISTERED.values())


def names() -> tuple[str, ...]:
    return tuple(_REGISTERED)


def get(name: str) -> Platform | None:
    return _REGISTERED.get(name)


def display_name(name: str) -> str:
    """The platform's display name (its stored name for one no longer registered)."""
    platform = _REGISTERED.get(name)
    return platform.display if platform else name


def is_self_reported(name: str) -> bool:
    platform = _REGISTERED.get(name)
    return bool(platform and platform.self_reported)


def is_imported(name: str) -> bool:
    platform = _REGISTERED.get(name)
    return bool(platform and platform.imported)


def proves_site(name: str) -> bool:
    """Whether a verified channel of ``name`` proves its owner holds the site its handle
    names (a blog), which a profile's ``rel="me"`` link to that site may lean on."""
    platform = _REGISTERED.get(name)
    return bool(platform and platform.proves_site)


def never_read(name: str) -> bool:
    """Whether the platform's channels come from their owners (reports, exports), so a
    refresh has nothing to read."""
    return is_self_reported(name) or is_imported(name)


def records_giving(name: str) -> bool:
    """Whether the platform's reads record the owner's replies to others."""
    platform = _REGISTERED.get(name)
    return platform.records_giving if platform else False


def has_followers(name: str) -> bool:
    """Whether the platform counts followers (blogs, Stack Exchange and Hacker News do not)."""
    platform = _REGISTERED.get(name)
    return platform.has_followers if platform else True


#: The fetch state's word on a channel whose numbers its owner writes ("1"), found by reading
#: (a fediverse server whose only user is the channel's owner).
SELF_WRITTEN_KEY = "self_written"


#: The fetch state's word on a channel whose platform writes its own numbers when others
#: corroborate them ("1": a blog whose comments feeds name distinct commenters).
CORROBORATED_KEY = "corroborated"


def self_written(name: str, fetch_state: Mapping[str, str]) -> bool:
    """Whether a channel's numbers are written by its owner: its last read found so (a server
    of one), or its platform's always are and nobody else corroborated them."""
    if fetch_state.get(SELF_WRITTEN_KEY) == "1":
        return True
    platform = _REGISTERED.get(name)
    writes = bool(platform and platform.writes_own_numbers)
    return writes and fetch_state.get(CORROBORATED_KEY) != "1"


def counts_replies(name: str) -> bool:
    """Whether the platform's posts carry reply counts (GitHub's repositories do not)."""
    platform = _REGISTERED.get(name)
    return platform.counts_replies if platform else True


def lists_people(name: str) -> bool:
    """Whether the platform's reads list who liked and replied (people, not clicks)."""
    platform = _REGISTERED.get(name)
    return bool(platform and platform.lists_people)


def profile_url(name: str, handle: str) -> str | None:
    """The web profile of a person the platform listed by ``handle``; None if it has none."""
    platform = _REGISTERED.get(name)
    return platform.profile_url(handle) if platform and platform.profile_url else None


def options() -> dict[str, Option]:
    """Every non-secret operator setting the platforms read, by setting name."""
    return {o.setting: o for p in _REGISTERED.values() for o in p.options}


def endpoints() -> dict[str, Endpoint]:
    """Every API base URL setting with its default, by setting name (shared ones once)."""
    return {e.setting: e for p in _REGISTERED.values() for e in p.endpoints}


@functools.cache
def _token_pattern(shapes: tuple[str, ...]) -> re.Pattern[str] | None:
    return re.compile(r"\b(?:" + "|".join(shapes) + ")") if shapes else None


def token_pattern() -> re.Pattern[str] | None:
    """What a token users send looks like, on every registered platform (None: no such)."""
    return _token_pattern(
        tuple(dict.fromkeys(s for p in _REGISTERED.values() for s in p.token_shapes))
    )


def operator_keys() -> tuple[str, ...]:
    """Every operator setting the platforms read (``GITHUB_TOKEN``, ``YOUTUBE_API_KEY`` …)."""
    return tuple(dict.fromkeys(k for p in _REGISTERED.values() for k in p.keys))


def detect(url: str, *, catch_all: bool = True) -> str | None:
    """The platform a profile URL (or a handle only one platform has) belongs to, or None.

    Hosts decide first, then the platforms' own recognisers, then the catch-all (unless
    ``catch_all`` is False: whether a platform claims the address itself); a text that
    is not an http(s) URL belongs to the platform that owns its shape of handle, if one does
    (``@alice@example.social``: Mastodon; ``@alice@threads.net``: the host's own platform).
    """
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        text = url.strip()
        shape = next(
            (p.name for p in _REGISTERED.values() if p.owns_handle and p.owns_handle(text)), None
        )
        if shape is None:
            return None
        host = text.rpartition("@")[2].lower()  # a fediverse address on a platform's own host
        return next((p.name for p in _REGISTERED.values() if p.owns_host(host)), shape)
    host = (parts.hostname or "").lower().removeprefix("www.")
    found = next((p.name for p in _REGISTERED.values() if p.owns_host(host)), None)
    found = found or next(
        (p.name for p in _REGISTERED.values() if p.claims is not None and p.claims(parts)), None
    )
    if found is not None or not catch_all:
        return found
    return next((p.name for p in _REGISTERED.values() if p.catch_all), None)

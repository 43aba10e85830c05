"""Self-reported channels: a network without an API or an export (XING and the rest).

``/link manual XING`` adds a channel named by the user; nothing is read from anywhere. The
owner reports the numbers of the last 7 days (``/report XING followers 320 posts 3
reactions 45 comments 12``), which become the channel's followers and a week of posts that
count in the score like any others. Implausible numbers are refused with a reason; the
channel is marked self-reported wherever it is named, cannot be verified, and never ranks on
a group leaderboard (only verified channels do).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

from scoring.channel_data import Account, ChannelData, Post, PostKind, Profile
from scoring.sources.base import FetchState, SourceConfig
from scoring.sources.errors import InvalidHandle
from scoring.sources.registry import COMMENTS, N_, REACTIONS, SHARES, Nouns, Platform
from scoring.sources.text import whole_number

PLATFORM = "manual"
_NAME = re.compile(r"^[^\W_][\w .&+-]{0,39}$")
WEEK = timedelta(days=7)

#: What a user may write before each number (English and German), and what it stands for.
WORDS: Mapping[str, str] = {
    "followers": "followers",
    "follower": "followers",
    "kontakte": "followers",
    "contacts": "followers",
    "posts": "posts",
    "post": "posts",
    "beiträge": "posts",
    "beitrag": "posts",
    "reactions": "reactions",
    "reaction": "reactions",
    "likes": "reactions",
    "reaktionen": "reactions",
    "comments": "comments",
    "comment": "comments",
    "kommentare": "comments",
    "shares": "shares",
    "reposts": "shares",
    "geteilt": "shares",
}
#: The most a week can plausibly hold (a typo's extra zeros are refused, not scored).
LIMITS: Mapping[str, int] = {
    "followers": 50_000_000,
    "posts": 500,
    "reactions": 5_000_000,
    "comments": 1_000_000,
    "shares": 1_000_000,
}
JUMP = 100  # a number 100 times the last report's (or a hundredth of it) within two weeks


class ReportRefused(ValueError):
    """Why a report was refused: ``code`` picks the sentence, ``fields`` fill it in."""

    def __init__(self, code: str, **fields: str | int) -> None:
        super().__init__(code)
        self.code = code
        self.fields = fields


@dataclass(frozen=True, slots=True)
class Report:
    """The numbers of one week, as the owner reported them."""

    followers: int | None = None
    posts: int = 0
    reactions: int = 0
    comments: int = 0
    shares: int = 0

    def as_state(self, now: datetime) -> dict[str, str]:
        state = {
            "posts": str(self.posts),
            "reactions": str(self.reactions),
            "comments": str(self.comments),
            "shares": str(self.shares),
            "reported_at": now.isoformat(),
        }
        if self.followers is not None:
            state["followers"] = str(self.followers)
        return state

    @classmethod
    def from_state(cls, state: Mapping[str, str]) -> tuple[Report, datetime] | None:
        """The last report kept with the channel, and when it was made (None: none yet)."""
        if "reported_at" not in state:
            return None
        try:
            at = datetime.fromisoformat(state["reported_at"])
            followers = int(state["followers"]) if "followers" in state else None
            numbers = {
                k: int(state.get(k, "0")) for k in ("posts", "reactions", "comments", "shares")
            }
        except ValueError:
            return None
        return cls(followers=followers, **numbers), at


#: How networks spell their own names, where a capital first letter is not it.
BRANDS = {
    "xing": "XING",
    "tiktok": "TikTok",
    "vk": "VK",
    "wechat": "WeChat",
    "soundcloud": "SoundCloud",
    "deviantart": "DeviantArt",
}


#: Networks we cannot read, by their web address: a profile URL of one links it as a
#: self-reported network, by its name (``https://www.xing.com/profile/A``: XING).
BRAND_HOSTS = {
    "xing.com": "xing",
    "tiktok.com": "tiktok",
    "vk.com": "vk",
    "soundcloud.com": "soundcloud",
    "deviantart.com": "deviantart",
}


def network_of(url: str) -> str | None:
    """The network a profile URL is on, where it is one of :data:`BRAND_HOSTS`."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https"):
        return None
    host = (parts.hostname or "").lower()
    known = next((k for h, k in BRAND_HOSTS.items() if host == h or host.endswith("." + h)), None)
    return BRANDS.get(known) if known else None


def normalize_name(query: str) -> str:
    """The network's name, spaces collapsed: a network we know as it spells itself, in any
    case ("xing", "Xing": XING); another as the user wrote it, capitalised when written all in
    lower case ("meetup": Meetup); refused if it is not a name. Its identity ignores case
    either way (``/link XING`` is ``/link xing``)."""
    name = network_of(query) or " ".join(query.split())
    if not _NAME.match(name):
        raise InvalidHandle("a network's name: letters and digits, up to 40 characters")
    brand = BRANDS.get(name.casefold())
    if brand is not None:
        return brand
    if name.islower():
        return " ".join(word[:1].upper() + word[1:] for word in name.split())
    return name


def word_key(word: str) -> str | None:
    """What a report's word counts ("Kontakte:", "posts," …): followers, posts, …; None for a
    word it does not know. A colon, comma or semicolon after it is punctuation, not the word."""
    return WORDS.get(word.casefold().rstrip(":,;"))


def parse_report(words: Sequence[str]) -> Report:
    """``followers 320 posts 3 reactions 45 comments 12`` (any order, English or German; as a
    list too: ``followers: 320, posts: 3``)."""
    numbers: dict[str, int] = {}
    if not words or len(words) % 2:
        raise ReportRefused("missing_numbers")
    for word, raw in zip(words[::2], words[1::2], strict=True):
        key = word_key(word)
        if key is None:
            raise ReportRefused("unknown_word", word=word)
        # "followers: 320, posts: 3": a comma or semicolon after a number ends it
        numbers[key] = parse_count(key, raw.rstrip(",;") or raw, word.rstrip(":,;") or word)
    if (numbers.get("reactions") or numbers.get("comments") or numbers.get("shares")) and not (
        numbers.get("posts")
    ):
        raise ReportRefused("needs_posts")
    return Report(**numbers)


def parse_count(key: str, raw: str, word: str | None = None) -> int:
    """One reported number for ``key`` (followers, posts, …), written as ``raw`` (``1,234``,
    ``1.234`` and ``1'234`` too, a mark only between groups of three: ``1.5`` is not 15);
    refused when negative, not a whole number or beyond what a week can hold. ``word``: how
    the user named it, for the refusal."""
    said = word or key
    value = whole_number(raw)  # "1,234", "1.234", "1'234": one mark, groups of three
    if value.startswith("-") and value[1:].isdigit():
        raise ReportRefused("negative", word=said)
    if not value.isascii() or not value.isdigit():
        raise ReportRefused("not_a_number", word=said, value=raw.strip()[:40])
    number = int(value)
    if number > LIMITS[key]:  # followers are a total, the others a week's
        raise ReportRefused("too_many" if key == "followers" else "too_large", word=said,
                            value=number)  # fmt: skip
    return number


def check_plausible(report: Report, last: tuple[Report, datetime] | None, now: datetime) -> None:
    """Refuse a jump of :data:`JUMP` times (either way) against the last report of the last
    two weeks: far more often a typo than a week's growth."""
    if last is None or now - last[1] > 2 * WEEK:
        return
    before = last[0]
    for key in ("followers", "reactions", "comments"):
        old, new = getattr(before, key), getattr(report, key)
        if old is None or new is None or old < 10 or new < 10:
            continue
        if new >= old * JUMP or new * JUMP <= old:
            raise ReportRefused("jump", word=key, before=old, after=new)


def post_prefix(reported_at: datetime) -> str:
    """What the ids of one report's posts start with (a later report within a week replaces
    them: both speak of the last 7 days)."""
    return f"report-{int(reported_at.timestamp())}-"


_REPORT_ID = re.compile(r"^report-(\d{1,12})-\d+$")


def report_moment(post_id: str) -> datetime | None:
    """When the report one of whose posts has this id was made; None for any other post."""
    found = _REPORT_ID.match(post_id)
    return datetime.fromtimestamp(int(found[1]), UTC) if found else None


def week_posts(report: Report, now: datetime) -> tuple[Post, ...]:
    """The week's posts as the model reads them: ``posts`` posts spread over the 7 days before
    ``now``, the reactions, comments and shares shared out among them (largest first)."""
    count = report.posts
    posts = []
    for index in range(count):
        posts.append(
            Post(
                post_id=f"{post_prefix(now)}{index}",
                created_at=now - WEEK * (index + 0.5) / count,
                kind=PostKind.OWN,
                likes=_share(report.reactions, count, index),
                replies=_share(report.comments, count, index),
                reshares=_share(report.shares, count, index),
            )
        )
    return tuple(posts)


def _share(total: int, parts: int, index: int) -> int:
    return total // parts + (1 if index < total % parts else 0)


class ManualSource:
    """Resolves a network's name; reads nothing (the owner reports the numbers)."""

    platform = PLATFORM

    def __init__(self, config: SourceConfig) -> None:
        self.config = config

    def resolve(self, query: str) -> Account:
        name = normalize_name(query)
        return Account(PLATFORM, name.casefold(), name, name)

    def fetch(self, account: Account, state: FetchState, now: datetime) -> ChannelData:
        """Nothing to read: what was reported stands."""
        return ChannelData(Profile(), fetch_state=dict(state), not_modified=True)


SPEC = Platform(
    name=PLATFORM,
    display=N_("self-reported"),
    nouns=Nouns(likes=REACTIONS, reshares=SHARES, replies=COMMENTS),
    examples="XING, Threema Channel, Meetup",
    build=lambda config, clients: ManualSource(config),
    link_example="",
    self_reported=True,
    translated_display=True,
    hosts=tuple(BRAND_HOSTS),
    records_giving=False,
)

"""X's "Download an archive of your data": ``tweets.js`` alone, or the whole archive zip.

``data/tweets.js`` (``tweets-part1.js``… for large archives; ``tweet.js`` in older ones) is
JavaScript: ``window.YTD.tweets.part0 = [ {"tweet": {…}}, … ]``; everything before the first
``[`` is dropped and the rest read as JSON. Counts are strings. ``data/account.js`` names the
account, ``data/follower.js`` lists the followers (its length is the count).

What each post is: a retweet's text starts with ``RT @`` (giving; its counts are the
original's, so it is never scored as the owner's work), a reply has
``in_reply_to_status_id_str`` (to oneself: a thread, one's own work), a quote links to a post
on twitter.com or x.com (a heuristic the archive leaves us), anything else is an own post with
its likes (``favorite_count``) and reposts (``retweet_count``) at export time. The archive
holds no reply, quote or impression counts.
"""

from __future__ import annotations

import json
import re
import zipfile
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from scoring.channel_data import Account, Post, PostKind
from scoring.sources.archives import (
    MAX_FILE,
    NotAnExport,
    Unpacking,
    open_zip,
    plausible_count,
    unpack,
)
from scoring.sources.text import excerpt

PLATFORM = "x"
#: The first post on the platform (March 2006): an archive with an older one was made up.
FIRST_POST = datetime(2006, 3, 21, tzinfo=UTC)
_STATUS = re.compile(r"^https?://(?:www\.|mobile\.)?(?:twitter|x)\.com/\w+/status/\d+", re.I)
_TWEETS = re.compile(r"(?:^|/)data/tweets?(?:-part\d+)?\.js$")


@dataclass(frozen=True, slots=True)
class XArchive:
    account: Account
    followers: int | None
    posts: tuple[Post, ...]
    kind: str = "archive"


#: More items than an archive within the size caps can hold (a real tweet takes about a
#: kilobyte of tweets.js): a file of more is made of empty items, and refused unread.
MAX_ITEMS = 100_000
_SPACE = re.compile(r"[ \t\n\r]*")


def _past_space(text: str, at: int) -> int:
    """The index of the first character at or after ``at`` that is not JSON whitespace."""
    found = _SPACE.match(text, at)
    return found.end() if found else at


def _js_items(text: str, name: str) -> Iterator[Any]:
    """The items of the array in a ``window.YTD… = [ … ]`` file, decoded one at a time, so
    memory holds one item, not the whole array of dictionaries; refused past
    :data:`MAX_ITEMS` items or at the first thing that is not JSON."""
    start = text.find("[")
    if start < 0:
        raise NotAnExport("not_archive", file=name)
    decoder = json.JSONDecoder()
    at = _past_space(text, start + 1)
    if text.startswith("]", at):
        return
    for _count in range(MAX_ITEMS):
        try:
            item, at = decoder.raw_decode(text, at)
        except (ValueError, RecursionError) as exc:  # a hostile file nests without end
            raise NotAnExport("not_archive", file=name) from exc
        yield item
        at = _past_space(text, at)
        if text.startswith("]", at):
            return
        if not text.startswith(",", at):
            raise NotAnExport("not_archive", file=name)
        at = _past_space(text, at + 1)
    raise NotAnExport("too_many_items", items=MAX_ITEMS, file=name)


def _count(value: Any) -> int:
    try:
        number = max(0, int(str(value)))
    except ValueError:
        return 0
    return plausible_count(number)


def _mappings(parent: Mapping[str, Any], key: str) -> list[Mapping[str, Any]]:
    """The objects in ``parent[key]`` when it is a list (a broken file may hold anything)."""
    value = parent.get(key)
    return [v for v in value if isinstance(v, Mapping)] if isinstance(value, list) else []


def parse_tweet(item: Mapping[str, Any], own_id: str | None) -> Post | None:
    tweet = item.get("tweet", item)
    if not isinstance(tweet, Mapping) or "id_str" not in tweet or "created_at" not in tweet:
        return None
    try:
        written = datetime.strptime(str(tweet["created_at"]), "%a %b %d %H:%M:%S %z %Y")
    except ValueError:
        return None
    try:
        created = written.astimezone(UTC)
    except OverflowError:  # "Mon Jan 01 00:00:00 +2359 0001": before the first day
        raise NotAnExport("implausible_date", value=str(tweet["created_at"])[:40]) from None
    if created < FIRST_POST:
        raise NotAnExport("implausible_date", value=str(tweet["created_at"])[:40])
    text = str(tweet.get("full_text") or tweet.get("text") or "")
    found = tweet.get("entities")
    entities: Mapping[str, Any] = found if isinstance(found, Mapping) else {}
    urls = [str(u.get("expanded_url") or "") for u in _mappings(entities, "urls")]
    replying_to = tweet.get("in_reply_to_status_id_str")
    to_self = own_id is not None and str(tweet.get("in_reply_to_user_id_str")) == own_id
    if text.startswith("RT @"):
        kind, likes, reposts = PostKind.RESHARE, 0, 0
    else:
        likes, reposts = _count(tweet.get("favorite_count")), _count(tweet.get("retweet_count"))
        if replying_to and not to_self:
            kind = PostKind.REPLY
        elif any(_STATUS.match(url) for url in urls):
            kind = PostKind.QUOTE
        else:
            kind = PostKind.OWN
    hashtags = tuple(str(tag.get("text", "")).lower() for tag in _mappings(entities, "hashtags"))
    return Post(
        post_id=str(tweet["id_str"]),
        created_at=created,
        kind=kind,
        likes=likes,
        reshares=reposts,
        excerpt=excerpt(text),
        hashtags=hashtags,
        has_link=bool(urls),
        in_thread=bool(replying_to) and to_self,
    )


def _posts(items: Iterable[Any], own_id: str | None) -> tuple[Post, ...]:
    found: dict[str, Post] = {}
    for item in items:
        if isinstance(item, Mapping) and (post := parse_tweet(item, own_id)) is not None:
            found[post.post_id] = post  # an id appears once: edits are the same post
    return tuple(found.values())


def _account(items: list[Any]) -> Account | None:
    for item in items:
        account = item.get("account") if isinstance(item, Mapping) else None
        if isinstance(account, Mapping) and account.get("accountId"):
            name = str(account.get("username") or account["accountId"])
            return Account(
                PLATFORM,
                str(account["accountId"]),
                f"@{name}",
                str(account.get("accountDisplayName") or name),
                f"https://x.com/{name}",
            )
    return None


def _read(archive: zipfile.ZipFile, name: str, budget: Unpacking) -> str:
    """A member's text, unpacked under the caps; a member broken inside (bad CRC, bad
    deflate data) is not ours."""
    raw = unpack(archive, name, budget, broken="not_archive", file=name)
    return raw.decode("utf-8", errors="replace")


def parse_archive(data: bytes, file_name: str) -> XArchive:
    """``tweets.js`` or the archive zip; :class:`NotAnExport` saying what was expected."""
    if len(data) > MAX_FILE:
        raise NotAnExport("too_big", megabytes=MAX_FILE // (1024 * 1024))
    if not file_name.casefold().endswith(".zip"):
        items = _js_items(data.decode("utf-8", errors="replace"), file_name)
        anonymous = Account(PLATFORM, "archive", "X", "X")
        return _with_posts(XArchive(anonymous, None, _posts(items, None)), file_name)
    budget = Unpacking()
    with open_zip(data, not_a_zip="not_archive") as archive:
        names = archive.namelist()
        tweet_files = sorted(n for n in names if _TWEETS.search(n))
        if not tweet_files:
            raise NotAnExport("no_file", file="data/tweets.js")
        account_file = next((n for n in names if n.endswith("data/account.js")), None)
        account = (
            _account(list(_js_items(_read(archive, account_file, budget), account_file)))
            if account_file
            else None
        )
        follower_file = next((n for n in names if n.endswith("data/follower.js")), None)
        followers = (
            sum(1 for _ in _js_items(_read(archive, follower_file, budget), follower_file))
            if follower_file
            else None
        )
        own_id = account.account_id if account else None
        posts: dict[str, Post] = {}
        for name in tweet_files:
            text = _read(archive, name, budget)
            posts.update((p.post_id, p) for p in _posts(_js_items(text, name), own_id))
            del text
    found = XArchive(
        account or Account(PLATFORM, "archive", "X", "X"), followers, tuple(posts.values())
    )
    return _with_posts(found, tweet_files[0])


def _with_posts(archive: XArchive, name: str) -> XArchive:
    """``archive``, if it holds a post; an archive of none adds nothing and is refused."""
    if not archive.posts:
        raise NotAnExport("no_posts", file=name)
    return archive

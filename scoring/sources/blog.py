"""Blogs: RSS 2.0 and Atom feeds, found from a feed URL or a site that links its feed.

Every URL here comes from a user, so the client guards every hop. Feeds are read with a
conditional GET (ETag / Last-Modified), refused cheaply if they declare XML entities (the
billion-laughs attack), and parsed by feedparser from memory, never from a URL or a path.

People (formula 3.x): where a post names its comments feed (WordPress's ``wfw:commentRss``, an
Atom ``replies`` link to a feed) on the blog's own host, the feed of a recent post whose count
grew is read for who commented (by name; the blog's own authors name nobody). Comments feeds
that name at least two commenters and list at least half of the comments counted (or a feed's
usual ten) corroborate the blog's comment counts: then they rank on a group leaderboard.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from datetime import UTC, datetime
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urljoin, urlsplit
from xml.etree.ElementTree import ParseError

import defusedxml.ElementTree
import feedparser
from defusedxml import DefusedXmlException

from scoring.channel_data import (
    Account,
    ChannelData,
    Engagement,
    EngagementKind,
    Post,
    PostKind,
    Profile,
)
from scoring.identity import normal_url
from scoring.sources.base import FetchState, SourceConfig, within_window
from scoring.sources.errors import InvalidHandle, NotFound, Unavailable, keeps_contract
from scoring.sources.http import HttpClient, Response
from scoring.sources.people import engagements_of, posts_to_read, read_people
from scoring.sources.registry import COMMENTS, CORROBORATED_KEY, N_, Nouns, Platform
from scoring.sources.text import excerpt, hashtags_in, strip_html

PLATFORM = "blog"
HAS_FOLLOWERS = False  # no follower count: engagement is judged per post, reach by interaction
_FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/feed+xml")
_COMMENT_KEYS = ("slash_comments", "thr_total", "comments_count")
_FEED_LINK_TYPES = ("application/atom+xml", "application/rss+xml")
#: A comments feed's usual page (WordPress shows the newest ten): a post with more comments
#: corroborates them by listing that many
COMMENTS_PER_FEED = 10
MAX_NAME = 100  # a commenter's name longer than this is not one


class UnsafeFeed(Unavailable):
    """A feed that declares XML entities or external references; refused unparsed."""


class _AlternateLinks(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.feeds: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag != "link":
            return
        values = {k.lower(): (v or "") for k, v in attrs}
        rels = values.get("rel", "").lower().split()
        if (
            "alternate" in rels
            and values.get("type", "").lower() in _FEED_TYPES
            and values.get("href")
        ):
            self.feeds.append(values["href"])


#: The meta tag a blog's owner puts on the site's page to prove it is theirs.
VERIFICATION_META = "resonance-verification"


class _VerificationMeta(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.codes: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k.lower(): (v or "") for k, v in attrs}
        if tag == "meta" and values.get("name", "").lower() == VERIFICATION_META:
            self.codes.append(values.get("content", ""))


def verification_codes(html: str) -> list[str]:
    """The codes of ``<meta name="resonance-verification" content="…">`` tags. Only a meta tag
    counts on a page: its text may hold visitors' comments, which anyone can write."""
    parser = _VerificationMeta()
    parser.feed(html)
    parser.close()
    return parser.codes


def feed_links(html: str, base_url: str) -> list[str]:
    """Absolute URLs of the feeds an HTML page announces with ``<link rel="alternate">``."""
    parser = _AlternateLinks()
    parser.feed(html)
    parser.close()
    return [urljoin(base_url, href) for href in parser.feeds]


def check_xml_safety(body: bytes) -> None:
    """Refuse a document that declares entities or external references, before expanding any."""
    try:
        defusedxml.ElementTree.fromstring(body)
    except DefusedXmlException as exc:
        raise UnsafeFeed("the feed declares XML entities; refused for safety") from exc
    except ParseError:
        return  # not well-formed XML: feedparser's lenient parser may still read it


def parse_feed(body: bytes) -> Any:
    """feedparser's result for ``body`` after the safety check; Unavailable if not a feed."""
    check_xml_safety(body)
    parsed = feedparser.parse(io.BytesIO(body))
    if not parsed.get("version") and not parsed.entries:
        raise Unavailable("that address is not an RSS or Atom feed")
    return parsed


def _is_comment(entry: Mapping[str, Any]) -> bool:
    """A comment rather than a post: an Atom threading reply (RFC 4685), or an entry whose
    address is a place on another page (``…/post/#comment-12``, Blogger's ``#c123``)."""
    if entry.get("thr_in-reply-to") or entry.get("in-reply-to"):
        return True
    if any(link.get("rel") == "in-reply-to" for link in entry.get("links") or []):
        return True
    return bool(urlsplit(str(entry.get("link") or "")).fragment)


def _author(entry: Mapping[str, Any]) -> str:
    return str(entry.get("author") or "").strip().casefold()


def owners_entries(parsed: Any) -> list[Mapping[str, Any]]:
    """The feed's entries that are its owner's posts: no comment, and where the feed names
    its own author, only entries by that author (a comments feed names each commenter)."""
    owner = str(parsed.feed.get("author") or "").strip().casefold()
    return [
        entry
        for entry in parsed.entries
        if not _is_comment(entry) and (not owner or _author(entry) in ("", owner))
    ]


def _count(entry: Mapping[str, Any]) -> int:
    for key in _COMMENT_KEYS:
        raw = entry.get(key)
        if raw not in (None, ""):
            try:
                return max(0, int(str(raw).strip()))
            except ValueError:
                continue
    for link in entry.get("links") or []:
        if link.get("rel") == "replies":
            raw = link.get("thr:count") or link.get("thr_count")
            text = str(raw).strip() if raw is not None else ""
            if text.isascii() and text.isdigit():
                return int(text)
    return 0


def comments_feed(entry: Mapping[str, Any], base: str) -> str | None:
    """The address of the entry's own comments feed, resolved against the feed's address,
    when it is on the feed's own host (a feed naming another site's address reads nothing)."""
    href = entry.get("wfw_commentrss")
    if not href:
        href = next(
            (
                link.get("href")
                for link in entry.get("links") or []
                if link.get("rel") == "replies" and link.get("type") in _FEED_LINK_TYPES
            ),
            None,
        )
    if not isinstance(href, str) or not href.strip():
        return None
    url = urljoin(base, href.strip())
    parts, home = urlsplit(url), urlsplit(base)
    if parts.scheme not in ("http", "https") or parts.hostname != home.hostname:
        return None
    return url


def owner_names(parsed: Any) -> set[str]:
    """The names the blog's own posts go by (its authors answering comments name nobody)."""
    names = {_author(entry) for entry in owners_entries(parsed)}
    names.add(str(parsed.feed.get("author") or "").strip().casefold())
    return names - {""}


def corroborates(engagements: list[Engagement], listed: int, posts: list[Post]) -> bool:
    """Whether the comments feeds read confirm the posts' counts: two commenters or more, and
    at least half of the comments counted (at most a feed's page a post) listed."""
    people = {e.person_id for e in engagements if e.kind is EngagementKind.REPLY}
    counted = sum(min(max(0, p.replies), COMMENTS_PER_FEED) for p in posts)
    return len(people) >= 2 and 2 * listed >= counted


def _when(entry: Mapping[str, Any]) -> datetime | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if value:
            year, month, day, hour, minute, second = (int(v) for v in value[:6])
            return datetime(year, month, day, hour, minute, second, tzinfo=UTC)  # already UTC
    return None


def parse_entry(entry: Mapping[str, Any]) -> Post | None:
    created = _when(entry)
    post_id = str(entry.get("id") or entry.get("link") or "")
    if created is None or not post_id:
        return None
    summary = strip_html(str(entry.get("summary") or ""))
    title = strip_html(str(entry.get("title") or ""))
    content = " ".join(str(c.get("value", "")) for c in entry.get("content") or [])
    tags = [str(t.get("term", "")).lower() for t in entry.get("tags") or [] if t.get("term")]
    return Post(
        post_id=post_id[:500],
        created_at=created,
        kind=PostKind.OWN,
        replies=_count(entry),
        url=str(entry.get("link") or ""),
        excerpt=excerpt(title or summary),
        hashtags=tuple(dict.fromkeys([*tags, *hashtags_in(summary)])),
        has_media=bool(entry.get("enclosures") or entry.get("media_content")) or "<img" in content,
        has_link="<a " in content or "<a " in str(entry.get("summary") or ""),
    )


class BlogSource:
    """Reads a blog's feed, with conditional GETs so an unchanged feed costs one 304."""

    platform = PLATFORM

    def __init__(self, client: HttpClient, config: SourceConfig) -> None:
        self.client = client
        self.config = config

    def _find_feed(self, url: str) -> tuple[str, Response, Any]:
        """(the page the user named, after its redirects; the feed's response; the feed):
        the feed at ``url``, or the first feed the page at ``url`` announces."""
        response = self.client.get(url)
        try:
            return response.url, response, parse_feed(response.body)
        except UnsafeFeed:
            raise
        except Unavailable:
            announced = feed_links(response.body.decode("utf-8", errors="replace"), response.url)
            if not announced:
                raise
        feed_response = self.client.get(announced[0])
        return response.url, feed_response, parse_feed(feed_response.body)

    @keeps_contract
    def resolve(self, query: str) -> Account:
        """The blog at the address the user gave: its ``handle`` is that address (the site
        whose owner a proof names), its id the feed's address. What the feed says about
        itself (its ``<link>``) is only shown, never trusted: anyone's feed may name any site.
        """
        url = query.strip()
        if urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).netloc:
            raise InvalidHandle("a blog is linked by its address, like https://example.com/blog")
        page, response, parsed = self._find_feed(url)
        feed = parsed.feed
        title = strip_html(str(feed.get("title") or "")) or urlsplit(response.url).netloc
        return Account(
            platform=PLATFORM,
            account_id=normal_url(response.url),
            handle=normal_url(page),
            display_name=title[:200],
            url=str(feed.get("link") or response.url),
        )

    @keeps_contract
    def proof_text(self, account: Account) -> str:
        """What the owner can put on the blog: the feed's title or description, a post the
        feed attributes to its owner (never a comment: anyone can write one), or a meta tag
        on the page the user linked (not its text, where visitors' comments may stand)."""
        response = self.client.get(account.account_id)
        parsed = parse_feed(response.body)
        texts = [str(parsed.feed.get("subtitle") or ""), str(parsed.feed.get("title") or "")]
        for entry in owners_entries(parsed)[:20]:
            texts += [str(entry.get("title") or ""), str(entry.get("summary") or "")]
            texts += [str(c.get("value") or "") for c in entry.get("content") or []]
        page = account.handle
        if page.startswith(("http://", "https://")) and page != account.account_id:
            texts += verification_codes(self.client.get(page).body.decode("utf-8", "replace"))
        return " ".join(texts)

    @keeps_contract
    def fetch(self, account: Account, state: FetchState, now: datetime) -> ChannelData:
        response = self.client.get(
            account.account_id, etag=state.get("etag"), last_modified=state.get("last_modified")
        )
        new_state = dict(state)
        # Validators are kept byte for byte; a 304 without them leaves the stored ones alone.
        if response.etag:
            new_state["etag"] = response.etag
        if response.last_modified:
            new_state["last_modified"] = response.last_modified
        if response.status == 304:
            return ChannelData(profile=Profile(), fetch_state=new_state, not_modified=True)
        parsed = parse_feed(response.body)
        posts: list[Post] = []
        feeds: dict[str, str] = {}
        for entry in parsed.entries:
            post = parse_entry(entry)
            if post is None:
                continue
            posts.append(post)
            feed_url = comments_feed(entry, account.account_id)
            if feed_url:
                feeds[post.post_id] = feed_url
        recent = [p for p in posts if within_window(p.created_at, now, self.config.window)]
        owners = owner_names(parsed)
        listed: list[int] = []

        def commenters(post: Post) -> list[Engagement]:
            found, count = self._commenters(feeds[post.post_id], post, owners)
            listed.append(count)
            return found

        chosen = [p for p in posts_to_read(recent, new_state, now) if p.post_id in feeds]
        people, read = read_people(chosen, new_state, commenters)
        if read:
            done = [p for p in chosen if p.post_id in read]
            agreed = corroborates(people, sum(listed), done)
            new_state[CORROBORATED_KEY] = "1" if agreed else "0"
        feed = parsed.feed
        profile = Profile(
            posts_count=len(posts),
            display_name=strip_html(str(feed.get("title") or ""))[:200] or account.display_name,
            url=str(feed.get("link") or account.url),
        )
        return ChannelData(
            profile=profile,
            posts=tuple(recent[: self.config.max_posts]),
            fetch_state=new_state,
            engagements=tuple(people),
            people_read=tuple(read),
        )

    def _commenters(self, url: str, post: Post, owners: set[str]) -> tuple[list[Engagement], int]:
        """Who commented, by name, from the post's comments feed, and how many comments by
        others it lists. A feed that is gone or not a feed names nobody (asked again only once
        the post's count grows)."""
        try:
            parsed = parse_feed(self.client.get(url).body)
        except (NotFound, Unavailable):
            return [], 0
        names = [str(e.get("author") or "").strip() for e in parsed.entries]
        others = [n for n in names if n and n.casefold() not in owners and len(n) <= MAX_NAME]
        people = ((f"name:{n.casefold()}", n) for n in others)
        return engagements_of(post, EngagementKind.REPLY, people, ""), len(others)


SPEC = Platform(
    name=PLATFORM,
    display="Blog",
    nouns=Nouns(replies=COMMENTS, clicks=False),
    examples="https://example.com/blog, https://example.com/feed.xml",
    proof_help=N_(
        "On a blog: in a post, in the feed's description, or on the blog's page as a meta tag "
        "named resonance-verification with the code as its content."
    ),
    build=lambda config, clients: BlogSource(clients.http(user_supplied=True), config),
    has_followers=HAS_FOLLOWERS,
    catch_all=True,
    hosts=("medium.com",),  # a blog whose profile path, /@alice, is Mastodon's shape
    proves_site=True,
    records_giving=False,
    writes_own_numbers=True,  # a feed's comment counts are the site's own word ...
    lists_people=True,  # ... unless its comments feeds name who wrote them
)

"""Mastodon (and servers speaking its API): always read from the account's home server.

Handles: ``@alice@example.social``, ``alice@example.social``, ``https://example.social/@alice``
(``http://127.0.0.1:8099/@alice`` in development, with private networks allowed).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import SplitResult, urlsplit

from scoring.channel_data import (
    Account,
    ChannelData,
    Engagement,
    EngagementKind,
    Post,
    Profile,
)
from scoring.identity import normal_origin
from scoring.sources.base import (
    FetchState,
    SourceConfig,
    deep_read_done,
    deep_read_due,
    within_window,
)
from scoring.sources.errors import InvalidHandle, SourceError, Unavailable, keeps_contract
from scoring.sources.http import HttpClient, Response
from scoring.sources.mastodon_entities import (
    answered,
    embedded_profile,
    empty_accounts,
    parse_profile,
    parse_status,
    person_handle,
)
from scoring.sources.people import (
    clicks_outrun_replies,
    engagements_of,
    posts_to_read,
    read_people,
)
from scoring.sources.registry import N_, P_, SELF_WRITTEN_KEY, Budget, Nouns, Platform
from scoring.sources.self_replies import without_self_replies
from scoring.sources.text import strip_html

PLATFORM = "mastodon"
PAGE_SIZE = 40
#: How often a channel's server is asked how many people use it (a server of one: the
#: owner's own numbers)
SERVER_CHECK_EVERY = timedelta(days=30)
SERVER_CHECKED_KEY = "server_checked_at"
LIKERS_PAGE = 80  # favourited_by's largest page: the people of a post are read in one request
_ACCT = re.compile(
    r"^@?(?P<user>[A-Za-z0-9_.-]{1,64})@(?P<host>[A-Za-z0-9.-]+\.[A-Za-z]{2,}|[A-Za-z0-9.-]+:\d+)$"
)
#: A profile as a browser shows it: ``/@alice``, with a slash, one of its tabs (copied from
#: the address bar: ``/@alice/with_replies``), or one of its posts (``/@alice/1135…``).
_PROFILE_PATH = re.compile(
    r"^/@(?P<user>[A-Za-z0-9_.-]{1,64})"
    r"(?:/(?:with_replies|media|followers|following|tagged|[0-9]{1,20}))?/?$"
)
_LINK = re.compile(r'<([^>]+)>;\s*rel="?next"?')
_HREF = re.compile(r'href="([^"]+)"')


def parse_handle(query: str) -> tuple[str, str]:
    """(server origin, user name) from a handle or profile URL; InvalidHandle otherwise."""
    text = query.strip()
    if text.startswith(("http://", "https://")):
        parts = urlsplit(text)
        match = _PROFILE_PATH.match(parts.path)
        if not parts.hostname or not match:
            raise InvalidHandle("a Mastodon profile URL looks like https://example.social/@alice")
        return normal_origin(text), match["user"]
    match = _ACCT.match(text)
    if not match:
        raise InvalidHandle("a Mastodon handle looks like @alice@example.social")
    return normal_origin(f"https://{match['host']}"), match["user"]


def profile_url(handle: str) -> str | None:
    """The web profile of a person named ``@user@server``; None for anything else."""
    match = _ACCT.match(handle.strip())
    if not match or not handle.strip().startswith("@"):
        return None
    return f"{normal_origin('https://' + match['host'])}/@{match['user']}"


def next_link(response: Response) -> str | None:
    """The ``rel="next"`` URL of a Link header, if any."""
    match = _LINK.search(response.headers.get("Link", ""))
    return match.group(1) if match else None


class MastodonSource:
    """Reads a Mastodon account from its home server: lookup, profile, paginated statuses."""

    platform = PLATFORM

    def __init__(self, client: HttpClient, config: SourceConfig) -> None:
        self.client = client
        self.config = config

    @keeps_contract
    def resolve(self, query: str) -> Account:
        origin, user = parse_handle(query)
        response = self.client.get(f"{origin}/api/v1/accounts/lookup", params={"acct": user})
        raw = response.json()
        if not isinstance(raw, dict) or "id" not in raw:
            raise Unavailable("the server sent an unexpected answer")
        host = urlsplit(origin).netloc
        profile = parse_profile(raw)
        return Account(
            platform=PLATFORM,
            account_id=f"{raw['id']}@{origin}",
            handle=f"@{raw.get('username') or user}@{host}",
            display_name=profile.display_name,
            url=profile.url or f"{origin}/@{user}",
        )

    @keeps_contract
    def proof_text(self, account: Account) -> str:
        """What the owner can write on the profile: the bio and the profile fields."""
        number, _, origin = account.account_id.partition("@")
        raw = self.client.get(f"{origin}/api/v1/accounts/{number}").json()
        fields = raw.get("fields") or []
        values = [
            f"{f.get('name', '')} {f.get('value', '')}" for f in fields if isinstance(f, dict)
        ]
        return strip_html(" ".join([str(raw.get("note") or ""), *values]))

    @keeps_contract
    def verified_links(self, account: Account) -> list[str]:
        """The profile's links Mastodon itself verified (``rel="me"`` back from the site)."""
        number, _, origin = account.account_id.partition("@")
        raw = self.client.get(f"{origin}/api/v1/accounts/{number}").json()
        return [
            link
            for field in raw.get("fields") or []
            if isinstance(field, dict) and field.get("verified_at")
            for link in _HREF.findall(str(field.get("value") or ""))
        ]

    @keeps_contract
    def fetch(self, account: Account, state: FetchState, now: datetime) -> ChannelData:
        """The newest page of statuses (conditional), once a day every page of the window.

        The profile comes embedded in each own status, so the account itself is read only
        for an account with nothing on its newest page.
        """
        own_id, _, origin = account.account_id.partition("@")
        if not own_id or not origin:
            raise InvalidHandle("stored Mastodon account id is malformed")
        deep = deep_read_due(state, now)
        statuses = f"{origin}/api/v1/accounts/{own_id}/statuses"
        etag = None if deep else state.get("statuses_etag")
        first = self.client.get(statuses, params={"limit": PAGE_SIZE}, etag=etag)
        new_state = dict(state)
        if first.status == 304:
            return ChannelData(profile=Profile(), fetch_state=new_state, not_modified=True)
        if first.etag:
            new_state["statuses_etag"] = first.etag
        host = urlsplit(origin).netloc
        gave: list[Engagement] = []
        posts, profile = self._walk(
            first,
            own_id,
            now,
            lambda url: self.client.get(url),
            max_pages=None if deep else 1,
            seen_page=lambda statuses: gave.extend(answered(statuses, own_id, host)),
        )
        if profile is None:
            profile = parse_profile(self.client.get(f"{origin}/api/v1/accounts/{own_id}").json())
        people, read = read_people(
            posts_to_read(posts, new_state, now),
            new_state,
            lambda post: self._people(origin, host, own_id, post),
        )
        if deep:
            self._count_server(origin, new_state, now)
            deep_read_done(new_state, now)
        return ChannelData(
            profile=profile,
            posts=tuple(posts),
            fetch_state=new_state,
            engagements=(*gave, *people),
            people_read=tuple(read),
        )

    def _count_server(self, origin: str, state: dict[str, str], now: datetime) -> None:
        """Once a month: whether the server's only active user is the channel's owner, whose
        numbers are then their own word (``registry.SELF_WRITTEN_KEY``). A failed answer
        leaves the last word standing."""
        checked = state.get(SERVER_CHECKED_KEY, "")
        try:
            if checked and now - datetime.fromisoformat(checked) < SERVER_CHECK_EVERY:
                return
        except ValueError:
            pass
        try:
            raw = self.client.get(f"{origin}/api/v2/instance").json()
        except SourceError:
            return
        users = ((raw.get("usage") or {}).get("users") or {}) if isinstance(raw, dict) else {}
        active = users.get("active_month") if isinstance(users, dict) else None
        if isinstance(active, int) and not isinstance(active, bool):
            state[SELF_WRITTEN_KEY] = "1" if active <= 1 else "0"
            state[SERVER_CHECKED_KEY] = now.isoformat()

    def _people(self, origin: str, host: str, own_id: str, post: Post) -> list[Engagement]:
        """Who replied to ``post`` (its direct replies), who liked it (the first page) and, where
        its likes and reshares outrun its replies, who reshared it (the first page)."""
        found: list[Engagement] = []
        status = f"{origin}/api/v1/statuses/{post.post_id}"
        if post.replies > 0:
            context = self._listing(f"{status}/context")
            replies = context.get("descendants") if isinstance(context, dict) else None
            found += engagements_of(
                post,
                EngagementKind.REPLY,
                (
                    person_handle(reply.get("account"), host)
                    for reply in (replies if isinstance(replies, list) else [])
                    if isinstance(reply, dict) and str(reply.get("in_reply_to_id")) == post.post_id
                ),
                own_id,
            )
        lists = [("favourited_by", EngagementKind.LIKE)] if post.likes > 0 else []
        if post.reshares > 0 and clicks_outrun_replies(post):  # formula 3.4
            lists.append(("reblogged_by", EngagementKind.RESHARE))
        for path, kind in lists:
            raw = self._listing(f"{status}/{path}", {"limit": LIKERS_PAGE})
            accounts = [a for a in (raw if isinstance(raw, list) else []) if isinstance(a, dict)]
            found += engagements_of(
                post,
                kind,
                (person_handle(a, host) for a in accounts),
                own_id,
                empty_accounts(accounts),  # formula 3.4: each Account carries its own counts
            )
        return found

    def _listing(self, url: str, params: Mapping[str, str | int] | None = None) -> Any:
        """One of a post's people listings; None where the server no longer has the post (404,
        410: deleted, or hidden since): nobody is listed then, and the read goes on instead of
        failing on every refresh and holding back the next posts' people."""
        answer = self.client.get(url, params=params, accept=(404, 410))
        return answer.json() if answer.status not in (404, 410) else None

    def _walk(
        self,
        page: Response,
        own_id: str,
        now: datetime,
        get: Callable[[str], Response],
        max_pages: int | None = None,
        seen_page: Callable[[list[Any]], object] | None = None,
    ) -> tuple[list[Post], Profile | None]:
        """Posts of the window, page by page, and the profile embedded in the first page."""
        posts: list[Post] = []
        seen: set[str] = set()
        visited: set[str] = {page.url}
        profile: Profile | None = None
        self_replies: Counter[str] = Counter()
        while True:
            statuses = page.json()
            if not isinstance(statuses, list):
                raise Unavailable("the server sent an unexpected answer")
            if len(visited) == 1:
                profile = embedded_profile(statuses, own_id)
            if seen_page is not None:
                seen_page(statuses)
            older = False
            for status in statuses:
                if str(status.get("in_reply_to_account_id") or "") == own_id and status.get(
                    "in_reply_to_id"
                ):
                    self_replies[str(status["in_reply_to_id"])] += 1
                post = parse_status(status, own_id)
                if post is None or post.post_id in seen:
                    continue
                seen.add(post.post_id)
                if not within_window(post.created_at, now, self.config.window):
                    older = True
                    continue
                posts.append(post)
            link = next_link(page)
            full = len(posts) >= self.config.max_posts
            last_page = max_pages is not None and len(visited) >= max_pages
            if older or full or last_page or not statuses or link is None or link in visited:
                return without_self_replies(posts[: self.config.max_posts], self_replies), profile
            visited.add(link)
            page = get(link)


def _profile_path(parts: SplitResult) -> bool:
    """``https://instance.example/@alice`` (or ``/@alice/``, a tab of it, a post of it): a
    Mastodon profile on any instance."""
    return _PROFILE_PATH.match(parts.path) is not None


def _fediverse_handle(text: str) -> bool:
    """``@alice@example.social``: a fediverse address (the leading @ tells it from an e-mail)."""
    return text.startswith("@") and _ACCT.match(text) is not None


SPEC = Platform(
    name=PLATFORM,
    display="Mastodon",
    nouns=Nouns(reshares=P_("{count} boost", "{count} boosts")),
    examples="@alice@mastodon.social, https://mastodon.social/@alice",
    proof_help=N_("On Mastodon: in your bio or one of your profile fields."),
    build=lambda config, clients: MastodonSource(clients.http(user_supplied=True), config),
    claims=_profile_path,
    owns_handle=_fediverse_handle,
    budgets=(Budget(300, 300, per_host=True),),  # each server's default: 300 per 5 minutes
    # the newest page (the profile rides along), a deep read a day (1.25), and the people of
    # recent posts whose counts grew by a quarter: 0.77 requests a refresh on average at 6 h,
    # at most 6 (bench/people_cost.py); the server's user count once a month (0.01)
    cost_per_read=2.05,
    people_per_read=0.8,
    lists_people=True,
    profile_url=profile_url,
)

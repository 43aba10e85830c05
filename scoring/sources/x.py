"""X (Twitter) through API v2 with the operator's bearer token (``X_BEARER_TOKEN``).

Handles: ``@alice``, ``alice``, ``https://x.com/alice`` (twitter.com too). The user is found
by name (followers from ``public_metrics``); a read asks the user's timeline with each post's
``public_metrics`` and the author expanded (so followers come with the posts: one request).
Reposts are giving (their counts are the original's, never scored as the owner's), replies to
others are giving, a reply to oneself continues a thread, a quote is both.

Between daily deep reads a refresh asks only for posts newer than the newest it has
(``since_id``); the deep read re-reads the 90-day window so older posts' counts move. Pages
follow ``meta.next_token``. Limits: the ``x-rate-limit-*`` headers (a 429 waits until
``x-rate-limit-reset``) and the monthly usage cap (a 429 ``UsageCapExceeded``, told apart from
a rate limit by its body: it lifts on the first of next month). Without the token, X channels
still come from the archive users send (scoring/sources/x_archive.py).

The operator's tier (``RESONANCE_X_TIER``) sets both budgets the plan keeps to: timeline
requests per 15 minutes, and posts read a month (``RESONANCE_X_MONTHLY_POSTS`` overrides the
tier's cap, for a spending limit on pay-per-use). X counts a post once a day however often it
is read, so a channel costs at most one read's pages a day: reading it every interval is free
while every channel fits the cap once a day, and beyond that the refresh interval of X
channels stretches. On the small tiers a read asks one page (the newest 100 posts), so a read
never costs more than planned.
"""

from __future__ import annotations

import re
import time
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from scoring.channel_data import Account, ChannelData, Post, PostKind, Profile
from scoring.sources.base import AnySource, FetchState, SourceConfig
from scoring.sources.errors import (
    Forbidden,
    InvalidHandle,
    NotFound,
    RateLimited,
    Unavailable,
    keeps_contract,
)
from scoring.sources.http import HttpClient, Response
from scoring.sources.registry import N_, REPOSTS, Budget, Clients, Endpoint, Nouns, Option, Platform
from scoring.sources.text import excerpt
from scoring.sources.throttle import reset_seconds
from scoring.sources.unconfigured import UnconfiguredSource

PLATFORM = "x"
DEFAULT_API = "https://api.x.com/2"
PAGE_SIZE = 100
MAX_PAGES = 5
DEEP_EVERY = timedelta(days=1)
_NAME = re.compile(r"^[A-Za-z0-9_]{1,15}$")
_HOSTS = ("x.com", "twitter.com")
TWEET_FIELDS = "public_metrics,created_at,referenced_tweets,in_reply_to_user_id,entities"
MONTH = 30 * 86400.0
DAY = 86400.0


@dataclass(frozen=True, slots=True)
class Tier:
    """An X API access level: user-timeline requests per 15 minutes for the app, posts read
    a month for the project, and the pages of 100 one read may ask."""

    requests: int
    monthly_posts: int
    pages: int


#: From X's rate-limit and post-cap pages (2025-09 caps) and, for pay-per-use, the 2026 docs.
TIERS = {
    "free": Tier(1, 100, 1),
    "basic": Tier(10, 15_000, 1),
    "pro": Tier(1_500, 1_000_000, MAX_PAGES),
    "pay-per-use": Tier(10_000, 3_000_000, MAX_PAGES),
}
TIER = Option("RESONANCE_X_TIER", "basic", tuple(TIERS))
MONTHLY_POSTS = Option("RESONANCE_X_MONTHLY_POSTS", "")  # unset: the tier's cap


def tier_of(options: Mapping[str, str]) -> Tier:
    """The operator's tier, its monthly cap replaced by ``RESONANCE_X_MONTHLY_POSTS`` if set."""
    tier = TIERS.get(options.get(TIER.setting) or TIER.default, TIERS[TIER.default])
    cap = options.get(MONTHLY_POSTS.setting, "")
    if cap.isdigit():
        return Tier(tier.requests, int(cap), tier.pages)
    return tier


def budgets(options: Mapping[str, str]) -> tuple[Budget, ...]:
    """The timeline's request limit and the monthly post cap of the operator's tier."""
    tier = tier_of(options)
    token = ("X_BEARER_TOKEN",)
    return (
        Budget(tier.requests, 900, needs=token),
        Budget(
            tier.monthly_posts,
            MONTH,
            needs=token,
            unit="posts",
            cost_per_read=PAGE_SIZE * tier.pages,
            counted_per=DAY,
        ),
    )


def parse_username(query: str) -> str:
    text = query.strip()
    if text.startswith(("http://", "https://")):
        parts = urlsplit(text)
        host = (parts.hostname or "").lower().removeprefix("www.").removeprefix("mobile.")
        if host not in _HOSTS:
            raise InvalidHandle("an X profile URL looks like https://x.com/alice")
        text = parts.path.strip("/").split("/")[0]
    text = text.removeprefix("@")
    if not _NAME.match(text):
        raise InvalidHandle("an X user name is 1 to 15 letters, digits or _")
    return text


def _month_end(now: float) -> float:
    moment = datetime.fromtimestamp(now, UTC)
    first = (moment.replace(day=1) + timedelta(days=32)).replace(day=1, hour=0, minute=0)
    return first.timestamp() - now


def _check(response: Response, what: str) -> dict[str, Any]:
    """The JSON of an answer, or the error it stands for."""
    body = response.json()
    if response.status == 429:
        if isinstance(body, Mapping) and body.get("title") == "UsageCapExceeded":
            raise RateLimited(
                "the X monthly usage cap is used up", retry_after=_month_end(time.time())
            )
        wait = reset_seconds(response.headers.get("x-rate-limit-reset"), time.time())
        raise RateLimited("X: rate limited", retry_after=wait if wait is not None else 900.0)
    if response.status in (401, 403):
        raise Forbidden(f"X refused the request for {what} ({response.status})")
    if not isinstance(body, Mapping):
        raise Unavailable("X sent an unexpected answer")
    if "data" not in body and body.get("errors"):
        errors = body["errors"]
        first = errors[0] if isinstance(errors, list) and errors else {}
        if "not-found" in str(first.get("type", "")) or "Not Found" in str(first.get("title")):
            raise NotFound(f"no X user {what}")
        raise Unavailable(f"X refused the request: {first.get('title')}")
    return dict(body)


def parse_post(item: Mapping[str, Any], own_id: str) -> Post:
    metrics = item.get("public_metrics") or {}
    kinds = {str(r.get("type")) for r in item.get("referenced_tweets") or []}
    to_self = str(item.get("in_reply_to_user_id") or "") == own_id
    counts = (
        int(metrics.get("like_count") or 0),
        int(metrics.get("retweet_count") or 0),
        int(metrics.get("reply_count") or 0),
        int(metrics.get("quote_count") or 0),
    )
    if "retweeted" in kinds:
        kind, counts = PostKind.RESHARE, (0, 0, 0, 0)
    elif "replied_to" in kinds and not to_self:
        kind = PostKind.REPLY
    elif "quoted" in kinds:
        kind = PostKind.QUOTE
    else:
        kind = PostKind.OWN
    entities = item.get("entities") or {}
    text = str(item.get("text") or "")
    return Post(
        post_id=str(item["id"]),
        created_at=datetime.fromisoformat(str(item["created_at"]).replace("Z", "+00:00")),
        kind=kind,
        url=f"https://x.com/i/web/status/{item['id']}",
        excerpt=excerpt(text),
        hashtags=tuple(str(h.get("tag", "")).lower() for h in entities.get("hashtags") or []),
        has_link=bool(entities.get("urls")),
        in_thread="replied_to" in kinds and to_self,
        likes=counts[0],
        reshares=counts[1],
        replies=counts[2],
        quotes=counts[3],
    )


class XSource:
    """Reads X users with the operator's bearer token."""

    platform = PLATFORM

    def __init__(self, client: HttpClient, config: SourceConfig, token: str) -> None:
        self.client = client
        self.config = config
        self.base = config.api_url(PLATFORM, DEFAULT_API)
        self.headers = {"Authorization": f"Bearer {token}"}
        self.pages = tier_of(config.options).pages

    def _get(self, path: str, what: str, **params: str | int) -> dict[str, Any]:
        response = self.client.get(
            f"{self.base}{path}", params=params, headers=self.headers, accept=(401, 403, 429)
        )
        return _check(response, what)

    @keeps_contract
    def resolve(self, query: str) -> Account:
        name = parse_username(query)
        user = self._get(f"/users/by/username/{name}", name, **{"user.fields": "public_metrics"})
        data = user["data"]
        username = str(data.get("username") or name)
        return Account(
            PLATFORM, str(data["id"]), f"@{username}", str(data.get("name") or username),
            f"https://x.com/{username}",
        )  # fmt: skip

    @keeps_contract
    def fetch(self, account: Account, state: FetchState, now: datetime) -> ChannelData:
        deep_at = state.get("deep_at")
        deep = deep_at is None or now - datetime.fromisoformat(deep_at) >= DEEP_EVERY
        params: dict[str, str | int] = {
            "max_results": PAGE_SIZE,
            "tweet.fields": TWEET_FIELDS,
            "expansions": "author_id",
            "user.fields": "public_metrics",
        }
        if deep or not state.get("newest_id"):
            params["start_time"] = (now - self.config.window).strftime("%Y-%m-%dT%H:%M:%SZ")
        else:
            params["since_id"] = state["newest_id"]
        posts: list[Post] = []
        followers = int(state.get("followers", "0") or 0)
        newest = state.get("newest_id")
        for _page in range(self.pages):
            body = self._get(f"/users/{account.account_id}/tweets", account.handle, **params)
            for user in (body.get("includes") or {}).get("users") or []:
                if str(user.get("id")) == account.account_id:
                    followers = int((user.get("public_metrics") or {}).get("followers_count") or 0)
            posts += [parse_post(item, account.account_id) for item in body.get("data") or []]
            meta = body.get("meta") or {}
            if meta.get("newest_id") and (newest is None or int(meta["newest_id"]) > int(newest)):
                newest = str(meta["newest_id"])
            token = meta.get("next_token")
            if not token:
                break
            params["pagination_token"] = str(token)
        fetch_state = {**state, "followers": str(followers)}
        if newest:
            fetch_state["newest_id"] = newest
        if deep:
            fetch_state["deep_at"] = now.isoformat()
        return ChannelData(
            Profile(followers=followers, display_name=account.display_name, url=account.url),
            tuple(posts),
            fetch_state=fetch_state,
        )


def _build(config: SourceConfig, clients: Clients) -> AnySource:
    token = config.key("X_BEARER_TOKEN")
    if not token:
        return UnconfiguredSource(PLATFORM, "X_BEARER_TOKEN")
    return XSource(clients.http(user_supplied=False), config, token)


SPEC = Platform(
    name=PLATFORM,
    display="X",
    nouns=Nouns(reshares=REPOSTS),
    examples="@alice, https://x.com/alice",
    build=_build,
    endpoints=(Endpoint(PLATFORM, "RESONANCE_X_API", DEFAULT_API),),
    keys=("X_BEARER_TOKEN",),
    link_example="",
    hosts=_HOSTS,
    import_help=N_(
        "Without the API, send me your X archive instead: <code>tweets.js</code>, or the whole "
        "archive .zip (under 20 MB), from X's Settings → Your account → Download an archive "
        "of your data. Each later archive is merged with the earlier ones."
    ),
    options=(TIER, MONTHLY_POSTS),
    budgets_from=budgets,
    cost_per_read=1.2,
)

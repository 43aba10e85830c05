"""Reddit, through OAuth application-only access with the operator's client id and secret.

Handles: ``spez``, ``u/spez`` or ``https://www.reddit.com/user/spez``. Submissions are the
user's posts (score beyond their own vote as likes, comments as replies, crossposts of them as
reshares); a crosspost of someone else's submission is a reshare; comments are giving.
"""

from __future__ import annotations

import re
import threading
import time
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from scoring.channel_data import Account, ChannelData, Post, PostKind, Profile
from scoring.sources.base import AnySource, FetchState, SourceConfig, within_window
from scoring.sources.errors import Forbidden, InvalidHandle, NotFound, Unavailable, keeps_contract
from scoring.sources.http import HttpClient
from scoring.sources.registry import N_, Budget, Clients, Endpoint, Platform
from scoring.sources.text import excerpt
from scoring.sources.unconfigured import UnconfiguredSource

PLATFORM = "reddit"
DEFAULT_API = "https://oauth.reddit.com"
DEFAULT_AUTH_API = "https://www.reddit.com"
AUTH = "reddit_auth"
_NAME = re.compile(r"^[A-Za-z0-9_-]{3,20}$")


def parse_name(query: str) -> str:
    text = query.strip()
    if text.startswith(("http://", "https://")):
        parts = urlsplit(text)
        segments = [s for s in parts.path.split("/") if s]
        if (
            not (parts.hostname or "").endswith("reddit.com")
            or len(segments) < 2
            or segments[0] not in ("user", "u")
        ):
            raise InvalidHandle("a Reddit URL looks like https://www.reddit.com/user/spez")
        text = segments[1]
    text = text.removeprefix("/").removeprefix("u/").removeprefix("@")
    if not _NAME.match(text):
        raise InvalidHandle("a Reddit user name has 3 to 20 letters, digits, - or _")
    return text


def _when(raw: Any) -> datetime:
    return datetime.fromtimestamp(float(raw), tz=UTC)


def parse_submission(data: dict[str, Any]) -> Post:
    crosspost = bool(data.get("crosspost_parent"))
    return Post(
        post_id=str(data.get("name") or data["id"]),
        created_at=_when(data["created_utc"]),
        kind=PostKind.RESHARE if crosspost else PostKind.OWN,
        likes=0 if crosspost else max(0, int(data.get("score") or 0) - 1),
        reshares=0 if crosspost else int(data.get("num_crossposts") or 0),
        replies=0 if crosspost else int(data.get("num_comments") or 0),
        url=f"https://www.reddit.com{data.get('permalink', '')}",
        excerpt=excerpt(str(data.get("title") or "")),
        has_media=bool(data.get("is_video") or data.get("post_hint") in ("image", "hosted:video")),
        has_link=not data.get("is_self", True),
    )


def parse_comment(data: dict[str, Any]) -> Post:
    return Post(
        post_id=str(data.get("name") or data["id"]),
        created_at=_when(data["created_utc"]),
        kind=PostKind.REPLY,
        likes=max(0, int(data.get("score") or 0) - 1),
        url=f"https://www.reddit.com{data.get('permalink', '')}",
        excerpt=excerpt(str(data.get("body") or "")),
    )


class RedditSource:
    """Reads a Reddit user with an application-only OAuth token (renewed before it expires)."""

    platform = PLATFORM

    def __init__(
        self, client: HttpClient, config: SourceConfig, client_id: str, client_secret: str
    ) -> None:
        self.client = client
        self.config = config
        self.base = config.api_url(PLATFORM, DEFAULT_API)
        self.auth_base = config.api_url(AUTH, DEFAULT_AUTH_API)
        self._credentials = (client_id, client_secret)
        self._token: tuple[str, float] | None = None
        self._lock = threading.Lock()

    def _bearer(self) -> dict[str, str]:
        with self._lock:
            if self._token is None or self._token[1] < time.monotonic() + 60:
                response = self.client.post(
                    f"{self.auth_base}/api/v1/access_token",
                    data={"grant_type": "client_credentials"},
                    auth=self._credentials,
                )
                raw = response.json()
                if not isinstance(raw, dict) or "access_token" not in raw:
                    raise Forbidden("Reddit refused the operator's client id and secret")
                self._token = (
                    str(raw["access_token"]),
                    time.monotonic() + float(raw.get("expires_in", 3600)),
                )
            return {"Authorization": f"bearer {self._token[0]}"}

    def _get(self, path: str, **params: str | int) -> Any:
        return self.client.get(
            f"{self.base}{path}", params={"raw_json": 1, **params}, headers=self._bearer()
        ).json()

    def _about(self, name: str) -> dict[str, Any]:
        raw = self._get(f"/user/{name}/about")
        data = raw.get("data") if isinstance(raw, dict) else None
        if not isinstance(data, dict) or "name" not in data:
            raise NotFound(f"no Reddit user {name}")
        if data.get("is_suspended"):
            raise Forbidden(f"the Reddit account {name} is suspended")
        return data

    @keeps_contract
    def resolve(self, query: str) -> Account:
        data = self._about(parse_name(query))
        name = str(data["name"])
        return Account(
            PLATFORM, str(data.get("id") or name), name, name, f"https://www.reddit.com/user/{name}"
        )

    def _listing(self, name: str, kind: str) -> list[dict[str, Any]]:
        raw = self._get(f"/user/{name}/{kind}", sort="new", limit=100)
        children = (raw.get("data") or {}).get("children") if isinstance(raw, dict) else None
        if not isinstance(children, list):
            raise Unavailable("Reddit sent an unexpected answer")
        return [c.get("data") or {} for c in children]

    @keeps_contract
    def proof_text(self, account: Account) -> str:
        """What the owner can write on the profile: its description."""
        subreddit = self._about(account.handle).get("subreddit") or {}
        return str(subreddit.get("public_description") or "")

    @keeps_contract
    def fetch(self, account: Account, state: FetchState, now: datetime) -> ChannelData:
        about = self._about(account.handle)
        posts = [parse_submission(d) for d in self._listing(account.handle, "submitted")]
        posts += [parse_comment(d) for d in self._listing(account.handle, "comments")]
        recent = [p for p in posts if within_window(p.created_at, now, self.config.window)]
        subreddit = about.get("subreddit") or {}
        profile = Profile(
            followers=int(subreddit.get("subscribers") or 0),
            display_name=account.handle,
            url=account.url,
            extra={
                "karma": int(
                    about.get("total_karma")
                    or about.get("link_karma", 0) + about.get("comment_karma", 0)
                )
            },
        )
        return ChannelData(
            profile=profile, posts=tuple(recent[: self.config.max_posts]), fetch_state=dict(state)
        )


def _build(config: SourceConfig, clients: Clients) -> AnySource:
    client_id, secret = config.key("REDDIT_CLIENT_ID"), config.key("REDDIT_CLIENT_SECRET")
    if not (client_id and secret):
        return UnconfiguredSource(PLATFORM, "REDDIT_CLIENT_ID and REDDIT_CLIENT_SECRET")
    # Reddit wants "<platform>:<app id>:<version> (by /u/<name>)" and throttles anything else.
    agent = f"server:resonance:{config.version} (self-hosted Resonance bot)"
    http = clients.http(user_supplied=False, headers={"User-Agent": agent})
    return RedditSource(http, config, client_id, secret)


SPEC = Platform(
    name=PLATFORM,
    display="Reddit",
    examples="spez, https://www.reddit.com/user/spez",
    proof_help=N_("On Reddit: in your profile's description."),
    build=_build,
    endpoints=(
        Endpoint(PLATFORM, "RESONANCE_REDDIT_API", DEFAULT_API),
        Endpoint(AUTH, "RESONANCE_REDDIT_AUTH_API", DEFAULT_AUTH_API),
    ),
    keys=("REDDIT_CLIENT_ID", "REDDIT_CLIENT_SECRET"),
    budgets=(Budget(100, 60),),  # per OAuth client; submissions and comments per read
    cost_per_read=2.0,
    hosts=("reddit.com",),
)

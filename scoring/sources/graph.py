"""The Graph API (Facebook Pages, Instagram) with a token the user provides.

The token travels in the ``Authorization`` header, never in an error; only the token endpoint
Meta documents with a query parameter (Threads' ``refresh_access_token``) gets it in its URL.
Graph's own ``paging.next`` links carry ``access_token`` in their query string, so pages are
followed by their ``after`` cursor instead. Errors arrive as ``{"error": {"code": …}}`` with
HTTP 400/401/403 and are mapped onto the error tree; the usage headers (``X-App-Usage``,
``X-Page-Usage``, ``X-Business-Use-Case-Usage``) make the source pause before Graph has to
throttle it.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping
from datetime import datetime
from typing import Any, Protocol

from scoring.channel_data import (
    Account,
    ChannelData,
    Engagement,
    EngagementKind,
    Post,
    Profile,
)
from scoring.sources.base import FetchState, Secret, Source, SourceConfig, within_window
from scoring.sources.errors import (
    NotFound,
    RateLimited,
    SourceError,
    TokenRejected,
    Unavailable,
    keeps_contract,
)
from scoring.sources.http import HttpClient, Response
from scoring.sources.people import engagements_of, posts_to_read, read_people
from scoring.sources.registry import Clients, Endpoint

DEFAULT_API = "https://graph.facebook.com/v21.0"
PAGE_SIZE = 50
COMMENTS_PAGE = 100  # a post's newest comments read for who wrote them (beyond, counts stand)
#: Error codes (``error.code``) by meaning, from the Graph API error reference.
TOKEN_CODES = frozenset({102, 190, 458, 459, 460, 463, 464, 467})
THROTTLE_CODES = frozenset({4, 17, 32, 613, *range(80000, 80015)})
PERMISSION_CODES = frozenset({10, *range(200, 300)})
MISSING_CODES = frozenset({803})
MISSING_SUBCODES = frozenset({33})
#: Pause a token's calls once any usage header reaches this percentage.
USAGE_CEILING = 95
DEFAULT_PAUSE = 600.0
_USAGE_HEADERS = ("X-App-Usage", "X-Page-Usage", "X-Ad-Account-Usage", "X-Business-Use-Case-Usage")


def graph_error(payload: Any, retry_after: float | None = None) -> SourceError:
    """The source error for a Graph error body (``{"error": {...}}``)."""
    error = payload.get("error") if isinstance(payload, dict) else None
    if not isinstance(error, dict):
        return Unavailable("the Graph API sent an unexpected error")
    code = _int(error.get("code"))
    subcode = _int(error.get("error_subcode"))
    if code in TOKEN_CODES:
        return TokenRejected("the access token is not valid any more")
    if code in THROTTLE_CODES:
        return RateLimited("the Graph API asked to slow down", retry_after=retry_after or 3600.0)
    if code in MISSING_CODES or subcode in MISSING_SUBCODES:
        return NotFound("no such page or account, or the token cannot see it")
    if code in PERMISSION_CODES:
        return TokenRejected("the access token lacks a permission this needs")
    if code == 100:
        return NotFound("the Graph API does not know that page or account")
    return Unavailable(f"the Graph API failed (code {code})")


def _int(raw: Any) -> int:
    try:
        return int(raw)
    except (TypeError, ValueError):
        return 0


def usage(headers: Mapping[str, str]) -> tuple[int, float | None]:
    """The highest usage percentage in Graph's usage headers, and when access comes back.

    ``X-Business-Use-Case-Usage`` maps ids to lists of usage objects, the others are one
    object; each has ``call_count``, ``total_cputime`` and ``total_time`` in percent, and BUC
    objects an ``estimated_time_to_regain_access`` in minutes.
    """
    highest, regain = 0, None
    for name in _USAGE_HEADERS:
        raw = headers.get(name)
        if not raw:
            continue
        try:
            value = json.loads(raw)
        except ValueError:
            continue
        for entry in _usage_entries(value):
            for key in ("call_count", "total_cputime", "total_time", "acc_id_util_pct"):
                highest = max(highest, _int(entry.get(key)))
            minutes = _int(entry.get("estimated_time_to_regain_access"))
            if minutes:
                regain = max(regain or 0.0, minutes * 60.0)
    return highest, regain


def _usage_entries(value: Any) -> Iterator[dict[str, Any]]:
    if isinstance(value, dict) and any(isinstance(v, list) for v in value.values()):
        for entries in value.values():
            if isinstance(entries, list):
                yield from (e for e in entries if isinstance(e, dict))
    elif isinstance(value, dict):
        yield value


class GraphClient:
    """GETs against the Graph API with one user's token, shared by the Facebook and
    Instagram sources. Pauses are kept per token, across both."""

    def __init__(self, client: HttpClient, base: str) -> None:
        self.client = client
        self.base = base.rstrip("/")

    def get(self, token: Secret, path: str, **params: str | int) -> dict[str, Any]:
        """One Graph object or edge page, as a dict; the error tree for every failure."""
        headers = {"Authorization": f"Bearer {token.reveal()}"}
        return self._get(token, path, params, headers)

    def exchange(self, token: Secret, path: str, **params: str | int) -> dict[str, Any]:
        """A token endpoint documented with the token in the query string
        (``refresh_access_token``). Only the host ever reaches an error or a log line; the
        logging setup keeps urllib3 quiet and redacts token shapes besides."""
        return self._get(token, path, dict(params, access_token=token.reveal()), {})

    def _get(
        self, token: Secret, path: str, params: dict[str, str | int], headers: dict[str, str]
    ) -> dict[str, Any]:
        key = f"graph-token:{hash(token.reveal())}"  # usage is counted per token
        self.client.throttle.before(key)
        response = self.client.get(
            f"{self.base}/{path.lstrip('/')}",
            params=params,
            headers=headers,
            accept=(400, 401, 403, 404),
        )
        self._note_usage(key, response)
        payload = self._json(response)
        if response.status >= 400 or "error" in payload:
            _, regain = usage(response.headers)
            raise graph_error(payload, regain)
        return payload

    def edge(
        self, token: Secret, path: str, limit: int, **params: str | int
    ) -> Iterator[dict[str, Any]]:
        """Every item of an edge (``/posts``, ``/media``), page by page through ``after``."""
        after: str | None = None
        while True:
            page_params = dict(params, limit=limit)
            if after:
                page_params["after"] = after
            page = self.get(token, path, **page_params)
            items = page.get("data")
            if not isinstance(items, list):
                raise Unavailable("the Graph API sent an unexpected page")
            yield from (item for item in items if isinstance(item, dict))
            paging = page.get("paging") or {}
            after = ((paging.get("cursors") or {}).get("after")) if paging.get("next") else None
            if not items or not after:
                return

    def _note_usage(self, key: str, response: Response) -> None:
        highest, regain = usage(response.headers)
        if highest >= USAGE_CEILING:
            self.client.throttle.hold(key, regain or DEFAULT_PAUSE)

    @staticmethod
    def _json(response: Response) -> dict[str, Any]:
        payload = response.json()
        if not isinstance(payload, dict):
            raise Unavailable("the Graph API sent an unexpected answer")
        return payload


class _ReadsWithToken(Protocol):
    platform: str

    def resolve_with(self, token: Secret, query: str) -> Account: ...

    def fetch_with(
        self, token: Secret, account: Account, state: FetchState, now: datetime
    ) -> ChannelData: ...

    def owned_with(self, token: Secret, account: Account) -> bool: ...


class GraphSource:
    """What the Facebook and Instagram sources share: the Graph client, binding a token, and
    reading a newest-first edge of posts until the window ends or the cap is reached."""

    platform: str

    def __init__(self, graph: GraphClient, config: SourceConfig) -> None:
        self.graph = graph
        self.config = config

    def with_token(self, token: Secret) -> Source:
        return TokenBound(self, token)

    def resolve_with(self, token: Secret, query: str) -> Account:
        raise NotImplementedError

    def owned_with(self, token: Secret, account: Account) -> bool:
        """Whether ``token`` shows that its holder manages ``account`` (a token that can
        merely read a public page proves nothing)."""
        raise NotImplementedError

    def managed(self, token: Secret) -> Iterator[dict[str, Any]]:
        """The token's own node (``me``) and, for a user's token, the pages it manages
        (``me/accounts``); a page's token has no pages edge, and that is no error here."""
        yield self.graph.get(token, "me", fields="id")
        try:
            yield from self.graph.edge(token, "me/accounts", 100, fields=MANAGED_FIELDS)
        except SourceError:
            return

    def fetch_with(
        self, token: Secret, account: Account, state: FetchState, now: datetime
    ) -> ChannelData:
        raise NotImplementedError

    def with_commenters(
        self,
        token: Secret,
        account: Account,
        profile: Profile,
        posts: list[Post],
        state: FetchState,
        now: datetime,
        fields: str,
        person: Callable[[dict[str, Any]], tuple[str, str] | None],
        **params: str,
    ) -> ChannelData:
        """The read's data, with who commented on the recent posts whose comments grew: one
        page of each post's ``/comments`` edge. A token that may not read comments (a
        permission not granted) names nobody there and asks again only once the post grows."""

        def read(post: Post) -> list[Engagement]:
            try:
                page = self.graph.get(
                    token, f"{post.post_id}/comments", fields=fields, limit=COMMENTS_PAGE, **params
                )
            except (TokenRejected, NotFound):
                return []
            items = page.get("data")
            if not isinstance(items, list):
                raise Unavailable("the Graph API sent an unexpected page")
            found = (person(i) if isinstance(i, dict) else None for i in items)
            return engagements_of(post, EngagementKind.REPLY, found, account.account_id)

        new_state = dict(state)
        chosen = posts_to_read([p for p in posts if p.replies > 0], new_state, now)
        people, done = read_people(chosen, new_state, read)
        return ChannelData(
            profile=profile,
            posts=tuple(posts),
            fetch_state=new_state,
            engagements=tuple(people),
            people_read=tuple(done),
        )

    def recent(
        self,
        token: Secret,
        edge: str,
        parse: Callable[[dict[str, Any]], Post],
        now: datetime,
        **params: str | int,
    ) -> list[Post]:
        posts: list[Post] = []
        for item in self.graph.edge(token, edge, PAGE_SIZE, **params):
            post = parse(item)
            if not within_window(post.created_at, now, self.config.window):
                break
            posts.append(post)
            if len(posts) >= self.config.max_posts:
                break
        return posts


class TokenBound:
    """A token source bound to one token: a plain :class:`Source` for one call."""

    def __init__(self, source: _ReadsWithToken, token: Secret) -> None:
        self.platform = source.platform
        self._source = source
        self._token = token

    @keeps_contract
    def resolve(self, query: str) -> Account:
        return self._source.resolve_with(self._token, query)

    @keeps_contract
    def fetch(self, account: Account, state: FetchState, now: datetime) -> ChannelData:
        return self._source.fetch_with(self._token, account, state, now)

    @keeps_contract
    def owned(self, account: Account) -> bool:
        """Whether the bound token proves its holder manages ``account``."""
        return self._source.owned_with(self._token, account)


#: What ``me/accounts`` is asked for: each managed page and its Instagram account.
MANAGED_FIELDS = "id,instagram_business_account{id}"

#: Meta's user, page and Instagram tokens (EAA…, IGQ…/IGA… and a long run), and app tokens
#: (the app's numeric id, a bar, the app secret): users send them to link Pages and Instagram.
TOKEN_SHAPES = (r"(?:EAA|IGQ|IGA)[A-Za-z0-9_-]{30,}", r"\d{6,20}\|[A-Za-z0-9_-]{16,}")

#: Facebook Pages and Instagram read the same Graph API, overridden by one setting.
ENDPOINT = Endpoint("graph", "RESONANCE_GRAPH_API", DEFAULT_API)


def shared_graph(config: SourceConfig, clients: Clients) -> GraphClient:
    """The one Graph client of a build, shared by Facebook and Instagram (one usage budget)."""
    base = config.api_url(ENDPOINT.key, ENDPOINT.default)
    return clients.shared("graph", lambda: GraphClient(clients.http(user_supplied=False), base))

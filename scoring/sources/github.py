"""GitHub: the user, their own repositories (stars and forks received) and public events.

Handles: ``alice``, ``@alice`` or ``https://github.com/alice``. Own repositories are posts whose
stars count as likes and forks as reshares; comments, reviews, issues and pull requests on other
people's repositories are replies (giving); starring and forking others' work are reshares.

People (formula 3.x): who starred the user's repositories of the last month whose stars grew
(one request a repository, its first hundred stargazers), so a ring of accounts starring every
new repository counts as the few people it is.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from scoring.channel_data import (
    Account,
    ChannelData,
    Engagement,
    EngagementKind,
    Post,
    PostKind,
    Profile,
)
from scoring.sources.base import (
    FetchState,
    SourceConfig,
    deep_read_done,
    deep_read_due,
    within_window,
)
from scoring.sources.errors import InvalidHandle, NotFound, Unavailable, keeps_contract
from scoring.sources.http import HttpClient, Response
from scoring.sources.people import engagements_of, posts_to_read, read_people
from scoring.sources.registry import N_, P_, Budget, Endpoint, Nouns, Platform
from scoring.sources.text import excerpt, parse_time

PLATFORM = "github"
DEFAULT_API = "https://api.github.com"
HEADERS = {"Accept": "application/vnd.github+json", "X-GitHub-Api-Version": "2022-11-28"}
_LOGIN = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$")
_GIVING_EVENTS = {
    "IssueCommentEvent": "commented on",
    "PullRequestReviewEvent": "reviewed",
    "PullRequestReviewCommentEvent": "reviewed",
    "CommitCommentEvent": "commented on",
}
_OPENING_EVENTS = {
    "IssuesEvent": "opened an issue on",
    "PullRequestEvent": "opened a pull request on",
}
_SHARING_EVENTS = {"WatchEvent": "starred", "ForkEvent": "forked"}
REPO_PARAMS: dict[str, str | int] = {"type": "owner", "sort": "pushed", "per_page": 100}


#: GitHub's own pages, whose first path segment is not an account.
_NOT_ACCOUNTS = frozenset(
    {"orgs", "settings", "topics", "features", "marketplace", "explore", "notifications",
     "login", "search", "sponsors", "trending", "collections", "about", "pricing"}
)  # fmt: skip


def parse_login(query: str) -> str:
    text = query.strip()
    if text.startswith(("http://", "https://")):
        parts = urlsplit(text)
        segments = [s for s in parts.path.split("/") if s]
        # the account, or one of its repositories (its owner): github.com/alice/tool
        if (
            parts.hostname not in ("github.com", "www.github.com")
            or not 1 <= len(segments) <= 2
            or segments[0].lower() in _NOT_ACCOUNTS
        ):
            raise InvalidHandle("a GitHub URL looks like https://github.com/alice")
        text = segments[0]
    text = text.removeprefix("@")
    if not _LOGIN.match(text):
        raise InvalidHandle("a GitHub user name has letters, digits and single hyphens")
    return text


def parse_profile(user: Mapping[str, Any], repos: list[Mapping[str, Any]]) -> Profile:
    own = [r for r in repos if not r.get("fork")]
    return Profile(
        followers=int(user.get("followers") or 0),
        following=int(user.get("following") or 0),
        posts_count=int(user.get("public_repos") or 0),
        display_name=str(user.get("name") or user.get("login") or ""),
        url=str(user.get("html_url") or f"https://github.com/{user.get('login', '')}"),
        extra={
            "stars": sum(int(r.get("stargazers_count") or 0) for r in own),
            "forks": sum(int(r.get("forks_count") or 0) for r in own),
        },
    )


def parse_repo(repo: Mapping[str, Any]) -> Post | None:
    """An own, non-fork repository as a post; forks of others are not the user's work."""
    if repo.get("fork"):
        return None
    return Post(
        post_id=f"repo:{repo['id']}",
        created_at=parse_time(str(repo["created_at"])),
        kind=PostKind.OWN,
        likes=int(repo.get("stargazers_count") or 0),
        reshares=int(repo.get("forks_count") or 0),
        url=str(repo.get("html_url") or ""),
        excerpt=excerpt(
            f"{repo.get('full_name', '')}: {repo.get('description') or ''}".rstrip(": ")
        ),
        hashtags=tuple(str(t).lower() for t in repo.get("topics") or []),
        has_link=bool(repo.get("homepage")),
    )


def profile_url(handle: str) -> str | None:
    """A GitHub user's page, for a well-formed login only."""
    return f"https://github.com/{handle}" if _LOGIN.match(handle) else None


def stargazer(user: Any) -> tuple[str, str] | None:
    """(user id, login) of a stargazer; None for anything else."""
    if not isinstance(user, dict) or not isinstance(user.get("id"), int):
        return None
    login = user.get("login")
    return (str(user["id"]), login) if isinstance(login, str) and _LOGIN.match(login) else None


def parse_event(event: Mapping[str, Any], login: str) -> Post | None:
    """Giving to others' repositories; events on one's own repositories are not posts."""
    kind_name = str(event.get("type", ""))
    repo = str((event.get("repo") or {}).get("name", ""))
    owner = repo.split("/", 1)[0]
    if not repo or owner.lower() == login.lower():
        return None
    payload = event.get("payload") or {}
    if kind_name in _GIVING_EVENTS:
        verb, kind = _GIVING_EVENTS[kind_name], PostKind.REPLY
    elif kind_name in _OPENING_EVENTS and payload.get("action") == "opened":
        verb, kind = _OPENING_EVENTS[kind_name], PostKind.REPLY
    elif kind_name in _SHARING_EVENTS:
        verb, kind = _SHARING_EVENTS[kind_name], PostKind.RESHARE
    else:
        return None
    return Post(
        post_id=f"event:{event['id']}",
        created_at=parse_time(str(event["created_at"])),
        kind=kind,
        url=f"https://github.com/{repo}",
        excerpt=excerpt(f"{verb} {repo}"),
    )


class GitHubSource:
    """Reads a GitHub user with conditional requests (a 304 costs no rate limit)."""

    platform = PLATFORM

    def __init__(self, client: HttpClient, config: SourceConfig) -> None:
        self.client = client
        self.config = config
        self.base = config.api_url(PLATFORM, DEFAULT_API)
        self.headers = dict(HEADERS)
        token = config.key("GITHUB_TOKEN")  # 5,000 requests an hour instead of 60
        if token:
            self.headers["Authorization"] = f"Bearer {token}"

    def _get(self, path: str, etag: str | None = None, **params: str | int) -> Response:
        return self.client.get(
            f"{self.base}{path}", params=params or None, headers=self.headers, etag=etag
        )

    @keeps_contract
    def resolve(self, query: str) -> Account:
        login = parse_login(query)
        user = self.client.get(f"{self.base}/users/{login}", headers=self.headers).json()
        if not isinstance(user, dict) or "id" not in user:
            raise Unavailable("GitHub sent an unexpected answer")
        return Account(
            platform=PLATFORM,
            account_id=str(user["id"]),
            handle=str(user.get("login") or login),
            display_name=str(user.get("name") or user.get("login") or login),
            url=str(user.get("html_url") or f"https://github.com/{login}"),
        )

    @keeps_contract
    def proof_text(self, account: Account) -> str:
        """What the owner can write on the profile: the bio, the website, the company."""
        user = self._get(f"/user/{account.account_id}").json()
        return " ".join(str(user.get(key) or "") for key in ("bio", "blog", "company", "name"))

    @keeps_contract
    def fetch(self, account: Account, state: FetchState, now: datetime) -> ChannelData:
        """Public events first (conditional): a 304 there means nothing new was done, and
        between daily deep reads that one request is the whole refresh. Otherwise the profile
        and repositories too, conditionally; if all three answer 304, nothing is re-read."""
        requests: dict[str, tuple[str, dict[str, str | int]]] = {
            "events": (f"/users/{account.handle}/events/public", {"per_page": 100}),
            # By id, so a renamed account keeps working.
            "user": (f"/user/{account.account_id}", {}),
            "repos": (f"/user/{account.account_id}/repos", REPO_PARAMS),
        }
        new_state = dict(state)
        deep = deep_read_due(state, now)
        responses: dict[str, Response] = {}
        for key, (path, params) in requests.items():
            responses[key] = self._get(path, state.get(f"{key}_etag"), **params)
            if key == "events" and responses[key].status == 304 and not deep:
                return ChannelData(profile=Profile(), fetch_state=new_state, not_modified=True)
        for key, response in responses.items():
            if response.status == 200 and response.etag:
                new_state[f"{key}_etag"] = response.etag
        if deep:
            deep_read_done(new_state, now)
        if all(r.status == 304 for r in responses.values()):
            return ChannelData(profile=Profile(), fetch_state=new_state, not_modified=True)
        bodies = {
            key: (
                self._get(requests[key][0], None, **requests[key][1]) if r.status == 304 else r
            ).json()
            for key, r in responses.items()
        }
        user, repos, events = bodies["user"], bodies["repos"], bodies["events"]
        if not (isinstance(user, dict) and isinstance(repos, list) and isinstance(events, list)):
            raise Unavailable("GitHub sent an unexpected answer")
        login = str(user.get("login") or account.handle)
        posts: list[Post] = [p for p in map(parse_repo, repos) if p is not None]
        for event in events:
            post = parse_event(event, login)
            if post is not None and within_window(post.created_at, now, self.config.window):
                posts.append(post)
        full_names = {
            f"repo:{r['id']}": str(r["full_name"])
            for r in repos
            if isinstance(r, dict) and isinstance(r.get("full_name"), str)
        }
        chosen = [p for p in posts_to_read(posts, new_state, now) if p.post_id in full_names]
        people, read = read_people(
            chosen,
            new_state,
            lambda repo: self._stargazers(account.account_id, full_names[repo.post_id], repo),
        )
        return ChannelData(
            profile=parse_profile(user, repos),
            posts=tuple(posts[: self.config.max_posts]),
            fetch_state=new_state,
            engagements=tuple(people),
            people_read=tuple(read),
        )

    def _stargazers(self, own_id: str, full_name: str, repo: Post) -> list[Engagement]:
        """Who starred the repository (its first hundred): one request; a repository gone
        since names nobody."""
        try:
            raw = self._get(f"/repos/{full_name}/stargazers", per_page=100).json()
        except NotFound:
            return []
        if not isinstance(raw, list):
            raise Unavailable("GitHub sent an unexpected answer")
        return engagements_of(repo, EngagementKind.LIKE, map(stargazer, raw), own_id)


#: Where GitHub's device flow lives, for verifying by signing in (github_login.py).
LOGIN = Endpoint("github_login", "RESONANCE_GITHUB_LOGIN", "https://github.com")


SPEC = Platform(
    name=PLATFORM,
    display="GitHub",
    nouns=Nouns(
        likes=P_("{count} star", "{count} stars"), reshares=P_("{count} fork", "{count} forks")
    ),
    examples="alice, https://github.com/alice",
    proof_help=N_("On GitHub: in your bio, website or company field."),
    build=lambda config, clients: GitHubSource(clients.http(user_supplied=False), config),
    endpoints=(Endpoint(PLATFORM, "RESONANCE_GITHUB_API", DEFAULT_API), LOGIN),
    keys=("GITHUB_TOKEN", "GITHUB_OAUTH_CLIENT_ID"),  # the second: verify by signing in
    # 5,000 an hour with a token, 60 without; a 304 is free with a token, so a steady read
    # costs the events request and the odd repository page
    budgets=(Budget(5000, 3600, needs=("GITHUB_TOKEN",)), Budget(60, 3600)),
    # ... and the stargazers of a repository of the last month whose stars grew (rare: 0.05)
    cost_per_read=1.3,
    people_per_read=0.05,
    lists_people=True,
    profile_url=profile_url,
    counts_replies=False,  # a repository has stars and forks, no replies
    link_example="github alice",
    hosts=("github.com",),
)

"""Stack Exchange (Stack Overflow and every other site), through the public API 2.3.

Handles: a profile URL (``https://stackoverflow.com/users/22656/jon-skeet``) or ``SITE ID``
(``stackoverflow.com 22656``). Questions are the user's posts (score as likes, answers
received as replies); answers to others' questions are giving, and earn their votes. The
API's ``backoff`` is obeyed per method, and an exhausted quota is a rate limit.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
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
from scoring.sources.base import FetchState, SourceConfig
from scoring.sources.errors import (
    InvalidHandle,
    NotFound,
    RateLimited,
    SourceError,
    Unavailable,
    keeps_contract,
)
from scoring.sources.http import HttpClient
from scoring.sources.people import (
    PEOPLE_DAYS,
    answers_resolved,
    engagements_of,
    posts_to_read,
    read_people_together,
    remember_answers,
)
from scoring.sources.registry import N_, P_, Budget, Endpoint, Nouns, Platform
from scoring.sources.text import excerpt, strip_html

PLATFORM = "stackexchange"
HAS_FOLLOWERS = False  # no follower count: engagement is judged per post, reach by interaction
DEFAULT_API = "https://api.stackexchange.com/2.3"
PAGE_SIZE = 100
_SITE = re.compile(
    r"^([a-z0-9-]+\.)*(stackoverflow|stackexchange|superuser|serverfault|askubuntu|mathoverflow)\.(com|net)$"
)
_PROFILE = re.compile(r"^/users/(\d{1,12})(/.*)?$")


def parse_profile_ref(query: str) -> tuple[str, int]:
    """(site domain, user id) from a profile URL or ``SITE ID``."""
    text = query.strip()
    if text.startswith(("http://", "https://")):
        parts = urlsplit(text)
        match = _PROFILE.match(parts.path)
        site = (parts.hostname or "").lower()
        if not match or not _SITE.match(site):
            raise InvalidHandle(
                "a Stack Exchange profile URL looks like https://stackoverflow.com/users/22656"
            )
        return site, int(match.group(1))
    pieces = re.split(r"[\s:/]+", text)
    if (
        len(pieces) == 2
        and pieces[1].isascii()
        and pieces[1].isdigit()
        and _SITE.match(pieces[0].lower())
    ):
        return pieces[0].lower(), int(pieces[1])
    raise InvalidHandle("link a Stack Exchange profile by its URL, or as: stackoverflow.com 22656")


def _person(owner: Any) -> tuple[str, str] | None:
    """(user id, display name) of an answer's or question's owner; None for a deleted user."""
    if not isinstance(owner, dict) or owner.get("user_id") is None:
        return None
    return str(owner["user_id"]), strip_html(str(owner.get("display_name") or ""))


def _when(raw: Any) -> datetime:
    return datetime.fromtimestamp(int(raw), tz=UTC)


def parse_question(item: dict[str, Any]) -> Post:
    return Post(
        post_id=f"q{item['question_id']}",
        created_at=_when(item["creation_date"]),
        kind=PostKind.OWN,
        likes=max(0, int(item.get("score") or 0)),
        replies=int(item.get("answer_count") or 0),
        url=str(item.get("link") or ""),
        excerpt=excerpt(strip_html(str(item.get("title") or ""))),
        hashtags=tuple(str(tag).lower() for tag in item.get("tags") or []),
    )


def parse_answer(item: dict[str, Any]) -> Post:
    """An answer: giving; its votes (and acceptance, worth a reply) are earned."""
    return Post(
        post_id=f"a{item['answer_id']}",
        created_at=_when(item["creation_date"]),
        kind=PostKind.REPLY,
        likes=max(0, int(item.get("score") or 0)),
        replies=1 if item.get("is_accepted") else 0,
        url=f"https://{item.get('_site', 'stackoverflow.com')}/a/{item['answer_id']}",
    )


class StackExchangeSource:
    """Reads a Stack Exchange user on one site."""

    platform = PLATFORM

    def __init__(self, client: HttpClient, config: SourceConfig) -> None:
        self.client = client
        self.config = config
        self.base = config.api_url(PLATFORM, DEFAULT_API)
        self._about_filter: str | None = None

    def _call(self, method: str, path: str, params: dict[str, str | int]) -> dict[str, Any]:
        key = f"stackexchange:{method}"  # Stack Exchange's backoff is per API method
        self.client.throttle.before(key)
        app_key = self.config.key("STACKEXCHANGE_KEY")
        response = self.client.get(
            f"{self.base}{path}",
            params={**params, "key": app_key} if app_key else params,
            accept=(400, 502),
            headers={"Accept-Encoding": "gzip"},
        )
        raw = response.json()
        if not isinstance(raw, dict):
            raise Unavailable("Stack Exchange sent an unexpected answer")
        if raw.get("backoff"):
            self.client.throttle.hold(key, float(raw["backoff"]))
        if raw.get("error_id") == 502 or raw.get("error_name") == "throttle_violation":
            raise RateLimited("Stack Exchange throttled us", retry_after=60.0)
        if raw.get("error_id") is not None:
            raise Unavailable(f"Stack Exchange refused the request: {raw.get('error_name')}")
        if raw.get("quota_remaining") == 0 and not raw.get("items"):
            raise RateLimited("the Stack Exchange daily quota is used up", retry_after=3600.0)
        return raw

    def _user(self, site: str, user_id: int) -> dict[str, Any]:
        items = self._call("users", f"/users/{user_id}", {"site": site}).get("items") or []
        if not items:
            raise NotFound(f"no user {user_id} on {site}")
        return dict(items[0])

    @keeps_contract
    def resolve(self, query: str) -> Account:
        site, user_id = parse_profile_ref(query)
        user = self._user(site, user_id)
        name = strip_html(str(user.get("display_name") or user_id))
        return Account(
            PLATFORM, f"{site}/{user_id}", f"{name} ({site})", name, str(user.get("link") or "")
        )

    @keeps_contract
    def proof_text(self, account: Account) -> str:
        """What the owner can write on the profile: "about me" (which the default filter leaves
        out, so a filter including it is created once and kept)."""
        site, _, raw_id = account.account_id.partition("/")
        if not (raw_id.isascii() and raw_id.isdigit()):
            raise InvalidHandle("stored Stack Exchange account id is malformed")
        if self._about_filter is None:
            params: dict[str, str | int] = {"include": "user.about_me", "base": "default"}
            created = self._call("filters", "/filters/create", {**params, "unsafe": "false"})
            self._about_filter = str((created.get("items") or [{}])[0]["filter"])
        users = self._call(
            "users", f"/users/{raw_id}", {"site": site, "filter": self._about_filter}
        )
        items = users.get("items") or [{}]
        return strip_html(str(items[0].get("about_me") or ""))

    @keeps_contract
    def fetch(self, account: Account, state: FetchState, now: datetime) -> ChannelData:
        site, _, raw_id = account.account_id.partition("/")
        if not (raw_id.isascii() and raw_id.isdigit()):
            raise InvalidHandle("stored Stack Exchange account id is malformed")
        user = self._user(site, int(raw_id))
        since = int((now - self.config.window).timestamp())
        common: dict[str, str | int] = {
            "site": site,
            "fromdate": since,
            "pagesize": PAGE_SIZE,
            "sort": "creation",
        }
        questions = self._call("questions", f"/users/{raw_id}/questions", common).get("items") or []
        answers = self._call("answers", f"/users/{raw_id}/answers", common).get("items") or []
        posts = [parse_question(q) for q in questions] + [
            parse_answer({**a, "_site": site}) for a in answers
        ]
        new_state = dict(state)
        own = [p for p in posts if p.kind is PostKind.OWN]
        people, read = read_people_together(
            [p for p in posts_to_read(own, new_state, now) if p.replies > 0],
            new_state,
            lambda chosen: self._answerers(site, raw_id, chosen),
        )
        gave = self._answered(site, raw_id, answers, new_state, now)
        profile = Profile(
            display_name=account.display_name,
            url=account.url,
            posts_count=int(user.get("question_count") or 0) + int(user.get("answer_count") or 0),
            extra={
                "reputation": int(user.get("reputation") or 0),
                "reputation_change_quarter": int(user.get("reputation_change_quarter") or 0),
            },
        )
        return ChannelData(
            profile=profile,
            posts=tuple(posts[: self.config.max_posts]),
            fetch_state=new_state,
            engagements=(*gave, *people),
            people_read=tuple(read),
        )

    def _answerers(self, site: str, own_id: str, questions: Sequence[Post]) -> list[Engagement]:
        """Who answered the user's ``questions``: one request for all of them (votes are
        anonymous, so likes name nobody)."""
        ids = ";".join(p.post_id.removeprefix("q") for p in questions)
        params: dict[str, str | int] = {"site": site, "pagesize": PAGE_SIZE, "sort": "creation"}
        items = self._call("answers", f"/questions/{ids}/answers", params).get("items") or []
        by_question: dict[str, list[Any]] = {}
        for item in items:
            if isinstance(item, dict):
                by_question.setdefault(f"q{item.get('question_id')}", []).append(item)
        found: list[Engagement] = []
        for post in questions:
            found += engagements_of(
                post,
                EngagementKind.REPLY,
                (_person(item.get("owner")) for item in by_question.get(post.post_id, [])),
                own_id,
            )
        return found

    def _answered(
        self, site: str, own_id: str, answers: list[Any], state: dict[str, str], now: datetime
    ) -> list[Engagement]:
        """Whose questions the user's answers of the last month answered: each answer's asker
        is looked up once (one request for all new ones), then remembered in the state."""
        since = now - timedelta(days=PEOPLE_DAYS)
        before = answers_resolved(state)
        known = set(before)
        fresh = [
            a for a in answers
            if isinstance(a, dict) and str(a.get("answer_id")) not in known
            and _when(a["creation_date"]) >= since
        ][:PAGE_SIZE]  # fmt: skip
        if not fresh:
            return []
        ids = ";".join(sorted({str(a["question_id"]) for a in fresh}))
        try:
            raw = self._call(
                "questions", f"/questions/{ids}", {"site": site, "pagesize": PAGE_SIZE}
            )
        except SourceError:
            return []  # asked again at the next refresh
        askers = {
            str(q.get("question_id")): _person(q.get("owner"))
            for q in raw.get("items") or []
            if isinstance(q, dict)
        }
        found = []
        for answer in fresh:
            named = askers.get(str(answer["question_id"]))
            if named and named[0] != own_id:
                found.append(Engagement(f"a{answer['answer_id']}", named[0],
                                        EngagementKind.ANSWERED, named[1],
                                        _when(answer["creation_date"])))  # fmt: skip
        remember_answers(state, before, [str(a["answer_id"]) for a in fresh])
        return found


SPEC = Platform(
    name=PLATFORM,
    display="Stack Exchange",
    nouns=Nouns(likes=P_("{count} vote", "{count} votes")),
    examples="https://stackoverflow.com/users/22656",
    proof_help=N_('On Stack Exchange: in the "about me" of your profile on that site.'),
    build=lambda config, clients: StackExchangeSource(clients.http(user_supplied=False), config),
    endpoints=(Endpoint(PLATFORM, "RESONANCE_STACKEXCHANGE_API", DEFAULT_API),),
    has_followers=HAS_FOLLOWERS,
    keys=("STACKEXCHANGE_KEY",),
    # a day's quota: 10,000 with an app key, 300 per address without; user, questions, answers
    budgets=(Budget(10_000, 86_400, needs=("STACKEXCHANGE_KEY",)), Budget(300, 86_400)),
    # the user, questions and answers; who answered the questions whose answers grew and whose
    # questions the user's new answers answered: one request each, only then (about 0.3)
    cost_per_read=3.3,
    people_per_read=0.3,
    lists_people=True,
    hosts=(
        "stackoverflow.com",
        "stackexchange.com",
        "superuser.com",
        "serverfault.com",
        "askubuntu.com",
    ),
)

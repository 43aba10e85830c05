"""Fake platform servers: Mastodon, Bluesky, GitHub and a blog on one local HTTP server.

Every answer is a recorded payload from ``tests/fixtures`` (started from ../shared/api-samples),
served with the headers the real APIs send (Link, ETag, Last-Modified, rate limits) and the
real error forms. A test can inject faults per path and count the requests that reached it.
"""

from __future__ import annotations

import json
import re
import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, ClassVar

from pytest_httpserver import HTTPServer
from werkzeug.wrappers import Request, Response

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
#: The moment the fixtures were written for: their newest posts are a day or two older.
FIXTURES_NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
_ISO = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:?\d\d)")
ALICE_DID = "did:plc:alice0000000000000000000"
GITHUB_ID = 327146


def fixture_text(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def fixture_json(name: str) -> Any:
    return json.loads(fixture_text(name))


@dataclass
class Fault:
    status: int
    body: str
    headers: dict[str, str]
    times: int


def _json(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(json.dumps(data), status, headers=headers, mimetype="application/json")


class FakePlatforms:
    """All four platforms behind one pytest-httpserver; ``url`` is its base."""

    def __init__(self, server: HTTPServer, *, shift: timedelta | None = None) -> None:
        """``shift`` moves every timestamp served, so recorded posts stay recent for a bot
        process that runs on the real clock (``now - FIXTURES_NOW``)."""
        self.server = server
        self.shift = shift
        self.hits: Counter[str] = Counter()
        self.faults: dict[str, list[Fault]] = {}
        self.feed_etag = '"feed-v1"'
        self.github_etag = 'W/"gh-v1"'
        self.github_new_repo = False  # serve a repository of the last month too
        self.statuses_etag = 'W/"statuses-v1"'
        self._released = threading.Event()
        self.delay = 0.0  # seconds every answer takes (to catch the bot mid-refresh)
        self.arrived = 0  # requests received, counted before the delay
        #: benchmarks: around every answer (latency, enforced rate limits); None in tests
        self.middleware: Callable[[Request, Callable[[], Response]], Response] | None = None
        self.overrides: dict[str, Callable[[Request], Response]] = {}
        self.graph_tokens = {
            self.PAGE_TOKEN: "page",
            self.PAGE2_TOKEN: "page",
            self.USER_TOKEN: "user",
            self.READER_TOKEN: "reader",
        }
        #: the permissions a signed-in user's token has (me/permissions)
        self.meta_granted = ["pages_show_list", "pages_read_engagement", "instagram_basic"]
        self.graph_usage = 3  # the percentage the Graph usage headers report
        self.server_users: int | None = None  # Mastodon's active users (None: as recorded)
        #: bought likes (formula 3.4): a Mastodon status id or a Bluesky record key -> that many
        #: more likes, from empty accounts (never posted, no followers), the newest likers
        self.bought_likes: dict[str, int] = {}
        self.bought_reshares: dict[str, int] = {}  # the same for reshares (boosts, reposts)
        self.graph_tokens_seen: list[str] = []
        self._lock = threading.Lock()
        self._routes: list[tuple[re.Pattern[str], Callable[[Request, re.Match[str]], Response]]] = [
            (re.compile(r"^/api/v1/accounts/lookup$"), self._mastodon_lookup),
            (re.compile(r"^/api/v1/accounts/(\d+)$"), self._mastodon_account),
            (re.compile(r"^/api/v1/accounts/(\d+)/statuses$"), self._mastodon_statuses),
            (
                re.compile(r"^/api/v1/statuses/(\d+)/(context|favourited_by|reblogged_by)$"),
                self._mastodon_people,
            ),
            (
                re.compile(r"^/xrpc/app\.bsky\.feed\.(getPostThread|getLikes|getRepostedBy)$"),
                self._bsky_people,
            ),
            (re.compile(r"^/api/v2/instance$"), self._mastodon_instance),
            (re.compile(r"^/xrpc/app\.bsky\.actor\.getProfile$"), self._bsky_profile),
            (re.compile(r"^/xrpc/app\.bsky\.actor\.getProfiles$"), self._bsky_profiles),
            (re.compile(r"^/xrpc/app\.bsky\.feed\.getAuthorFeed$"), self._bsky_feed),
            (re.compile(r"^/users/([^/]+)$"), self._github_user_by_login),
            (re.compile(r"^/user/(\d+)$"), self._github_user),
            (re.compile(r"^/user/(\d+)/repos$"), self._github_repos),
            (re.compile(r"^/repos/jacquev6/([\w.-]+)/stargazers$"), self._github_stargazers),
            (re.compile(r"^/users/([^/]+)/events/public$"), self._github_events),
            (re.compile(r"^/hn/user/([^/]+)\.json$"), self._hn_user),
            (re.compile(r"^/algolia/search_by_date$"), self._hn_search),
            (re.compile(r"^/algolia/search$"), self._hn_thread),
            (re.compile(r"^/hn/item/(\d+)\.json$"), self._hn_item),
            (re.compile(r"^/se/users/(\d+)$"), self._se_user),
            (re.compile(r"^/se/users/(\d+)/(questions|answers)$"), self._se_posts),
            (re.compile(r"^/se/questions/([\d;]+)(/answers)?$"), self._se_questions),
            (re.compile(r"^/reddit-auth/api/v1/access_token$"), self._reddit_token),
            (re.compile(r"^/reddit/user/([^/]+)/(about|submitted|comments)$"), self._reddit_user),
            (re.compile(r"^/reddit/comments/([a-z0-9]+)$"), self._reddit_thread),
            (re.compile(r"^/reddit/api/info$"), self._reddit_info),
            (
                re.compile(r"^/youtube/(channels|playlistItems|videos|commentThreads)$"),
                self._youtube,
            ),
            (re.compile(r"^/graph/me/accounts$"), self._graph_accounts),
            (re.compile(r"^/graph/me/permissions$"), self._graph_permissions),
            (re.compile(r"^/graph/([^/]+)/(posts|media)$"), self._graph_edge),
            (re.compile(r"^/graph/(\d+(?:_\d+)?)/comments$"), self._graph_comments),
            (re.compile(r"^/graph/([^/]+)$"), self._graph_node),
            (re.compile(r"^/blog/?$"), self._blog_site),
            (re.compile(r"^/feed/atom/?$"), self._blog_feed),
            (re.compile(r"^/feed/rss$"), self._blog_rss),
            (re.compile(r"^/feed/talk/$"), self._blog_talk),
            (re.compile(r"^/feed/talk/comments/(\d+)/$"), self._blog_talk_comments),
            (re.compile(r"^/evil/laughs\.xml$"), self._blog_laughs),
        ]
        server.expect_request(re.compile(".*")).respond_with_handler(self._dispatch)

    @property
    def url(self) -> str:
        return self.server.url_for("").rstrip("/")

    def fail(
        self,
        path: str,
        status: int,
        body: str = "",
        *,
        times: int = 1,
        headers: dict[str, str] | None = None,
    ) -> None:
        """Answer the next ``times`` requests for ``path`` with ``status``."""
        with self._lock:
            self.faults.setdefault(path, []).append(Fault(status, body, headers or {}, times))

    def override(self, path: str, handler: Callable[[Request], Response]) -> None:
        """Serve ``path`` with ``handler`` from now on (slow, streamed, redirecting answers)."""
        with self._lock:
            self.overrides[path] = handler

    def boost_mastodon(self, factor: int) -> None:
        """From now on Alice's Mastodon posts have ``factor`` times the interaction (plus 50)."""
        page = fixture_json("mastodon/statuses_page1.json")
        for status in page:
            if status["reblog"] is None:
                for key in ("favourites_count", "reblogs_count", "replies_count"):
                    status[key] = status[key] * factor + 50

        def boosted(request: Request) -> Response:
            if request.args.get("max_id"):
                return _json([])
            return self._shifted(_json(page))

        self.override("/api/v1/accounts/109302/statuses", boosted)

    @property
    def delay(self) -> float:
        return self._delay

    @delay.setter
    def delay(self, seconds: float) -> None:
        self._delay = seconds
        if seconds:
            self._released.clear()
        else:
            self._released.set()

    def _dispatch(self, request: Request) -> Response:
        if self.middleware is not None:
            return self.middleware(request, lambda: self._answer(request))
        return self._answer(request)

    def _answer(self, request: Request) -> Response:
        with self._lock:
            self.arrived += 1
        if self.delay:
            self._released.wait(self.delay)  # setting the delay to 0 wakes every waiting answer
        with self._lock:
            self.hits[request.path] += 1
            override = self.overrides.get(request.path)
        if override is not None:
            return override(request)
        return self._shifted(self._route(request))

    def _shifted(self, response: Response) -> Response:
        if self.shift is None or response.direct_passthrough or not response.data:
            return response
        shift = self.shift

        def move(match: re.Match[str]) -> str:
            moment = datetime.fromisoformat(match.group(0).replace("Z", "+00:00")) + shift
            return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")

        response.set_data(_ISO.sub(move, response.get_data(as_text=True)))
        return response

    def _route(self, request: Request) -> Response:
        with self._lock:
            queue = self.faults.get(request.path) or []
            fault = next((f for f in queue if f.times > 0), None)
            if fault is not None:
                fault.times -= 1
        if fault is not None:
            return Response(
                fault.body, fault.status, headers=fault.headers, mimetype="application/json"
            )
        for pattern, handler in self._routes:
            match = pattern.match(request.path)
            if match:
                return handler(request, match)
        return _json({"error": "Record not found"}, 404)

    # -- Mastodon ---------------------------------------------------------------------------
    def _account(self) -> dict[str, Any]:
        account = fixture_json("mastodon/account_lookup.json")
        account["url"] = f"{self.url}/@alice"
        return dict(account)

    def _mastodon_lookup(self, request: Request, match: re.Match[str]) -> Response:
        if request.args.get("acct") != "alice":
            return _json({"error": "Record not found"}, 404)
        return _json(self._account())

    def _mastodon_account(self, request: Request, match: re.Match[str]) -> Response:
        if match.group(1) != "109302":
            return _json({"error": "Record not found"}, 404)
        return _json(self._account())

    def _mastodon_statuses(self, request: Request, match: re.Match[str]) -> Response:
        limits = {
            "X-RateLimit-Limit": "300",
            "X-RateLimit-Remaining": "299",
            "X-RateLimit-Reset": "2099-01-01T00:00:00.000Z",
        }
        if request.args.get("max_id") == "113500000000000001":
            return _json(self._with_account("mastodon/statuses_page2.json"), headers=limits)
        if request.headers.get("If-None-Match") == self.statuses_etag:
            return Response(status=304, headers={**limits, "ETag": self.statuses_etag})
        path = f"{self.url}/api/v1/accounts/109302/statuses"
        link = (
            f'<{path}?limit=40&max_id=113500000000000001>; rel="next", '
            f'<{path}?limit=40&min_id=113500000000000004>; rel="prev"'
        )
        headers = {**limits, "Link": link, "ETag": self.statuses_etag}
        return _json(self._with_account("mastodon/statuses_page1.json"), headers=headers)

    def _with_account(self, name: str) -> list[dict[str, Any]]:
        """Statuses as Mastodon sends them: each embeds its author's full Account."""
        statuses: list[dict[str, Any]] = fixture_json(name)
        for status in statuses:
            if str(status["account"]["id"]) == "109302":
                status["account"] = self._account()
            status["favourites_count"] += self.bought_likes.get(str(status["id"]), 0)
            status["reblogs_count"] += self.bought_reshares.get(str(status["id"]), 0)
        return statuses

    def _mastodon_instance(self, request: Request, match: re.Match[str]) -> Response:
        """The server's description; ``server_users`` sets its active users (1: a server of
        one)."""
        instance = fixture_json("mastodon/instance_v2.json")
        if self.server_users is not None:
            instance["usage"]["users"]["active_month"] = self.server_users
        return _json(instance)

    def _mastodon_people(self, request: Request, match: re.Match[str]) -> Response:
        """Who replied to (``context``), who liked (``favourited_by``) and who reshared
        (``reblogged_by``) a recorded status."""
        name = f"mastodon/{match.group(2)}_{match.group(1)}.json"
        if not (FIXTURES / name).exists():
            return _json({"error": "Record not found"}, 404)
        data = fixture_json(name)
        if match.group(2) == "context":  # the owner's own statuses embed the full Account
            for status in data["descendants"]:
                if str(status["account"]["id"]) == "109302":
                    status["account"] = self._account()
        else:  # the newest first, a page at most ``limit`` long
            farm = self.bought_likes if match.group(2) == "favourited_by" else self.bought_reshares
            bought = [
                {"id": f"9{i:08d}", "username": f"liker{i}", "acct": f"liker{i}@farm.example",
                 "statuses_count": 0, "followers_count": 0, "following_count": 3000}
                for i in range(farm.get(match.group(1), 0))
            ]  # fmt: skip
            data = (bought + data)[: int(request.args.get("limit") or 40)]
        return _json(data)

    # -- Bluesky ----------------------------------------------------------------------------
    def _bsky_people(self, request: Request, match: re.Match[str]) -> Response:
        """A recorded post's thread (its direct replies), likes or reposts, by its record key."""
        uri = str(request.args.get("uri") or "")
        rkey = uri.rsplit("/", 1)[-1]
        name = f"bluesky/{match.group(1)}_{rkey}.json"
        if not uri.startswith(f"at://{ALICE_DID}/") or not (FIXTURES / name).exists():
            return _json({"error": "NotFound", "message": "Post not found"}, 400)
        data = fixture_json(name)
        limit = int(request.args.get("limit") or 50)
        farm = [
            {"did": f"did:plc:empty{i:020d}", "handle": f"liker{i}.bsky.social", "labels": [],
             "createdAt": "2026-11-20T00:00:00.000Z"}
            for i in range(
                {"getLikes": self.bought_likes, "getRepostedBy": self.bought_reshares}
                .get(match.group(1), {}).get(rkey, 0)
            )
        ]  # fmt: skip
        if match.group(1) == "getLikes":  # the newest first, a page at most ``limit`` long
            at = "2026-11-24T11:00:00.000Z"
            likes = [{"indexedAt": at, "createdAt": at, "actor": actor} for actor in farm]
            data["likes"] = (likes + data["likes"])[:limit]
        elif match.group(1) == "getRepostedBy":
            data["repostedBy"] = (farm + data["repostedBy"])[:limit]
        return _json(data)

    def _bsky_profiles(self, request: Request, match: re.Match[str]) -> Response:
        """The likers' counts: the bought ones (``did:plc:empty…``) never posted and nobody
        follows them; anyone else posts and is followed; at most 25 actors, as the AppView."""
        actors = request.args.getlist("actors")
        if len(actors) > 25:
            return _json({"error": "InvalidRequest", "message": "actors too long"}, 400)
        return _json(
            {
                "profiles": [
                    {"did": did, "handle": f"{did.rsplit(':', 1)[-1]}.bsky.social",
                     "postsCount": 0 if did.startswith("did:plc:empty") else 40,
                     "followersCount": 0 if did.startswith("did:plc:empty") else 12,
                     "followsCount": 3000 if did.startswith("did:plc:empty") else 80}
                    for did in actors
                ]
            }
        )  # fmt: skip

    def _bsky_profile(self, request: Request, match: re.Match[str]) -> Response:
        if request.args.get("actor") not in ("alice.bsky.social", ALICE_DID):
            return _json({"error": "InvalidRequest", "message": "Profile not found"}, 400)
        return _json(fixture_json("bluesky/getProfile.json"))

    def _bsky_feed(self, request: Request, match: re.Match[str]) -> Response:
        if request.args.get("actor") != ALICE_DID:
            return _json({"error": "InvalidRequest", "message": "Profile not found"}, 400)
        headers = {
            "RateLimit-Limit": "3000",
            "RateLimit-Remaining": "2999",
            "RateLimit-Reset": "300",
        }
        page = fixture_json("bluesky/getAuthorFeed_page1.json")
        if request.args.get("cursor") == page["cursor"]:
            page = fixture_json("bluesky/getAuthorFeed_page2.json")
        for item in page["feed"]:
            rkey = item["post"]["uri"].rsplit("/", 1)[-1]
            item["post"]["likeCount"] += self.bought_likes.get(rkey, 0)
            item["post"]["repostCount"] += self.bought_reshares.get(rkey, 0)
        return _json(page, headers=headers)

    # -- GitHub -----------------------------------------------------------------------------
    def _github(self, request: Request, data: Any) -> Response:
        if request.headers.get("If-None-Match") == self.github_etag:
            return Response(status=304, headers={"ETag": self.github_etag})
        return _json(
            data,
            headers={
                "ETag": self.github_etag,
                "X-RateLimit-Limit": "60",
                "X-RateLimit-Remaining": "59",
                "X-RateLimit-Reset": "4102444800",
                "X-RateLimit-Resource": "core",
            },
        )

    def _github_user_by_login(self, request: Request, match: re.Match[str]) -> Response:
        if match.group(1).lower() != "jacquev6":
            return _json({"message": "Not Found", "status": "404"}, 404)
        return self._github(request, fixture_json("github/user.json"))

    def _github_user(self, request: Request, match: re.Match[str]) -> Response:
        if int(match.group(1)) != GITHUB_ID:
            return _json({"message": "Not Found", "status": "404"}, 404)
        return self._github(request, fixture_json("github/user.json"))

    def _github_repos(self, request: Request, match: re.Match[str]) -> Response:
        repos = fixture_json("github/repos.json")
        if self.github_new_repo:  # a repository of five days ago with four stars
            new = dict(repos[1], id=1004, name="draw-turks-head-2", stargazers_count=4,
                       full_name="jacquev6/draw-turks-head-2", created_at="2026-11-20T08:00:00Z",
                       html_url="https://github.com/jacquev6/draw-turks-head-2")  # fmt: skip
            repos = [new, *repos]
        return self._github(request, repos)

    def _github_stargazers(self, request: Request, match: re.Match[str]) -> Response:
        name = f"github/stargazers_{match.group(1)}.json"
        if not (FIXTURES / name).exists():
            return _json({"message": "Not Found", "status": "404"}, 404)
        return self._github(request, fixture_json(name))

    def _github_events(self, request: Request, match: re.Match[str]) -> Response:
        return self._github(request, fixture_json("github/events.json"))

    # -- Hacker News and Stack Exchange (mounted under /hn, /algolia and /se) ---------------
    def _hn_user(self, request: Request, match: re.Match[str]) -> Response:
        if match.group(1) != "jl":
            return _json(None)  # Firebase's answer for an unknown user
        return _json(fixture_json("hackernews/firebase_user_jl.json"))

    def _hn_search(self, request: Request, match: re.Match[str]) -> Response:
        if request.args.get("tags") != "author_jl":
            return _json({"hits": [], "nbHits": 0, "page": 0, "nbPages": 0})
        return _json(fixture_json("hackernews/search_by_date_jl.json"))

    def _hn_thread(self, request: Request, match: re.Match[str]) -> Response:
        """A story's comments (who commented): recorded for the fixtures' story, none else."""
        story = re.fullmatch(r"comment,(story_\d+)", request.args.get("tags", ""))
        name = f"hackernews/search_{story.group(1) if story else 'none'}.json"
        if not (FIXTURES / name).exists():
            return _json({"hits": [], "nbHits": 0, "page": 0, "nbPages": 0})
        return _json(fixture_json(name))

    def _hn_item(self, request: Request, match: re.Match[str]) -> Response:
        name = f"hackernews/item_{match.group(1)}.json"
        return _json(fixture_json(name) if (FIXTURES / name).exists() else None)

    def _se_user(self, request: Request, match: re.Match[str]) -> Response:
        if match.group(1) != "22656" or request.args.get("site") != "stackoverflow.com":
            return _json({"items": [], "has_more": False, "quota_max": 300, "quota_remaining": 299})
        return _json(fixture_json("stackexchange/users_22656.json"))

    def _se_posts(self, request: Request, match: re.Match[str]) -> Response:
        return _json(fixture_json(f"stackexchange/{match.group(2)}_22656.json"))

    def _se_questions(self, request: Request, match: re.Match[str]) -> Response:
        """Questions by id (their askers), or their answers (who answered): recorded for the
        ids the fixtures know, an empty page for any other."""
        ids = "_".join(sorted(match.group(1).split(";")))
        name = f"stackexchange/{'question_answers' if match.group(2) else 'questions'}_{ids}.json"
        if not (FIXTURES / name).exists():
            return _json({"items": [], "has_more": False, "quota_max": 300, "quota_remaining": 290})
        return _json(fixture_json(name))

    # -- Reddit (token under /reddit-auth, API under /reddit) --------------------------------
    REDDIT_CLIENT = ("resonance-client", "resonance-secret")

    def _reddit_token(self, request: Request, match: re.Match[str]) -> Response:
        auth = request.authorization
        ok = auth is not None and (auth.username, auth.password) == self.REDDIT_CLIENT
        if (
            request.method != "POST"
            or not ok
            or request.form.get("grant_type") != "client_credentials"
        ):
            return _json({"error": "invalid_client"}, 401)
        return _json(
            {"access_token": "reddit-app-token", "token_type": "bearer", "expires_in": 86400}
        )

    def _reddit_user(self, request: Request, match: re.Match[str]) -> Response:
        if not request.headers.get("User-Agent", "").startswith("server:resonance:"):
            return _json(
                {"message": "Too Many Requests", "error": 429}, 429
            )  # Reddit's answer to a vague UA
        if request.headers.get("Authorization") != "bearer reddit-app-token":
            return _json({"message": "Unauthorized", "error": 401}, 401)
        if match.group(1).lower() != "watchful1":
            return _json({"message": "Not Found", "error": 404}, 404)
        name = {"about": "user_about", "submitted": "user_submitted", "comments": "user_comments"}[
            match.group(2)
        ]
        return _json(fixture_json(f"reddit/{name}.json"))

    def _reddit_thread(self, request: Request, match: re.Match[str]) -> Response:
        """A submission's comment tree: recorded for the fixtures' submission."""
        if request.headers.get("Authorization") != "bearer reddit-app-token":
            return _json({"message": "Unauthorized", "error": 401}, 401)
        name = f"reddit/comments_{match.group(1)}.json"
        if not (FIXTURES / name).exists():
            return _json({"message": "Not Found", "error": 404}, 404)
        return _json(fixture_json(name))

    def _reddit_info(self, request: Request, match: re.Match[str]) -> Response:
        """Things by fullname (a parent comment's author): recorded for the fixtures' ids."""
        if request.headers.get("Authorization") != "bearer reddit-app-token":
            return _json({"message": "Unauthorized", "error": 401}, 401)
        ids = request.args.get("id", "")
        name = f"reddit/info_{ids}.json"
        if not re.fullmatch(r"t1_[a-z0-9]+", ids) or not (FIXTURES / name).exists():
            return _json({"kind": "Listing", "data": {"after": None, "children": []}})
        return _json(fixture_json(name))

    # -- YouTube (under /youtube; the key comes in the X-Goog-Api-Key header) ---------------
    YOUTUBE_KEY = "yt-test-key"
    GOOGLE_ID = "UCK8sQmJBp8GCxrOtXWBpyEA"

    def _youtube(self, request: Request, match: re.Match[str]) -> Response:
        if request.headers.get("X-Goog-Api-Key") != self.YOUTUBE_KEY or "key" in request.args:
            error = {
                "code": 403,
                "message": "API key not valid",
                "errors": [{"reason": "forbidden"}],
            }
            return _json({"error": error}, 403)
        resource = match.group(1)
        if resource == "channels":
            wanted = (
                request.args.get("id") == self.GOOGLE_ID
                or request.args.get("forHandle") == "@google"
            )
            data = (
                fixture_json("youtube/channels_list_statistics.json") if wanted else {"items": []}
            )
            return _json(data)
        if resource == "commentThreads":  # a video's comments: recorded for the fixtures' one
            name = f"youtube/commentThreads_{request.args.get('videoId', '')}.json"
            if (
                not re.fullmatch(r"youtube/commentThreads_\w+\.json", name)
                or not (FIXTURES / name).exists()
            ):
                return _json({"kind": "youtube#commentThreadListResponse", "items": []})
            return _json(fixture_json(name))
        name = {"playlistItems": "playlistItems", "videos": "videos"}[resource]
        return _json(fixture_json(f"youtube/{name}.json"))

    # -- Graph API (under /graph; the user's token comes in the Authorization header) -------
    PAGE_TOKEN = "EAAGm0PX4ZCpsBAPageTokenForTheFakeGraph0123456789abcdefXYZ"
    USER_TOKEN = "EAAGm0PX4ZCpsBAUserTokenForTheFakeGraph0123456789abcdefXYZ"
    #: a user's token that may read public pages but manages none (me/accounts is empty)
    READER_TOKEN = "EAAGm0PX4ZCpsBAReaderTokenManagesNoPage0123456789abcdefXYZ"
    #: the page whose own token PAGE_TOKEN is (``me`` with it is this page)
    PAGE_OF_TOKEN = "104123456789012"
    #: the second page's own token (a sign-in hands both pages' tokens over)
    PAGE2_TOKEN = "EAAGm0PX4ZCpsBASecondPageTokenForTheFake0123456789abcdefXYZ"
    PAGE_TOKENS: ClassVar[dict[str, str]] = {
        PAGE_TOKEN: "104123456789012",
        PAGE2_TOKEN: "104555666777888",
    }
    PAGES: ClassVar[dict[str, tuple[str, str]]] = {
        "104123456789012": ("alicebakes", "Alice Bakes"),
        "104555666777888": ("alicebreads", "Alice Breads"),
    }
    IG_USER = "17841405309211844"

    def expire(self, token: str) -> None:
        """From now on Graph answers ``token`` with "Session has expired" (code 190/463)."""
        with self._lock:
            self.graph_tokens[token] = "expired"

    def _graph(self, data: Any, status: int = 200, page: str | None = None) -> Response:
        usage = {"call_count": self.graph_usage, "total_cputime": 1, "total_time": 1}
        headers = {"X-App-Usage": json.dumps(usage)}
        if page is not None:
            buc = {page: [dict(usage, type="pages", estimated_time_to_regain_access=0)]}
            headers["X-Business-Use-Case-Usage"] = json.dumps(buc)
        return _json(data, status, headers)

    def _graph_token(self, request: Request) -> str | Response:
        """The kind of token the request carries ("page", "user"), or Graph's error answer."""
        if "access_token" in request.args:
            return self._graph(
                {"error": {"message": "the fake refuses tokens in URLs", "code": 1}}, 400
            )
        auth = request.headers.get("Authorization", "")
        token = auth.removeprefix("Bearer ")
        self.graph_tokens_seen.append(token)
        kind = self.graph_tokens.get(token) if auth.startswith("Bearer ") else None
        if kind == "expired":
            return self._graph(fixture_json("facebook/error_expired_token.json"), 400)
        if kind is None:
            error = {
                "message": "Invalid OAuth access token - Cannot parse access token",
                "type": "OAuthException",
                "code": 190,
            }
            return self._graph({"error": error}, 400)
        return kind

    def _page_id(self, ref: str) -> str | None:
        for page_id, (username, _name) in self.PAGES.items():
            if ref in (page_id, username):
                return page_id
        return None

    def _graph_node(self, request: Request, match: re.Match[str]) -> Response:
        kind = self._graph_token(request)
        if isinstance(kind, Response):
            return kind
        ref = match.group(1)
        if ref == "me" and kind != "page":
            return self._graph({"id": "10150000000000001", "name": "Alice"})
        if ref == "me":
            token = request.headers.get("Authorization", "").removeprefix("Bearer ")
            ref = self.PAGE_TOKENS.get(token, self.PAGE_OF_TOKEN)
        if ref == self.IG_USER:
            return self._graph(fixture_json("instagram/user.json"))
        page_id = self._page_id(ref)
        if page_id is None:
            return self._graph(fixture_json("facebook/error_unknown_object.json"), 400)
        username, name = self.PAGES[page_id]
        page = fixture_json("facebook/page.json")
        page.update(
            id=page_id, username=username, name=name, link=f"https://www.facebook.com/{username}"
        )
        return self._graph(page, page=page_id)

    def _graph_edge(self, request: Request, match: re.Match[str]) -> Response:
        kind = self._graph_token(request)
        if isinstance(kind, Response):
            return kind
        ref, edge = match.group(1), match.group(2)
        folder, page_id = (
            ("facebook", self._page_id(ref)) if edge == "posts" else ("instagram", ref)
        )
        if page_id is None or (edge == "media" and ref != self.IG_USER):
            return self._graph(fixture_json("facebook/error_unknown_object.json"), 400)
        name = "page_posts" if edge == "posts" else "media"
        first = fixture_json(f"{folder}/{name}_page1.json")
        after = request.args.get("after")
        if after is None:
            data = first
        elif after == first["paging"]["cursors"]["after"]:
            data = fixture_json(f"{folder}/{name}_page2.json")
        else:
            data = {"data": [], "paging": {}}
        text = json.dumps(data).replace("104123456789012_", f"{page_id}_")
        return self._graph(json.loads(text), page=page_id if edge == "posts" else None)

    def _graph_comments(self, request: Request, match: re.Match[str]) -> Response:
        """A post's or medium's comments: recorded for the fixtures' newest ones, none else."""
        kind = self._graph_token(request)
        if isinstance(kind, Response):
            return kind
        ref = match.group(1)
        folder = "facebook" if "_" in ref else "instagram"
        name = f"{folder}/comments_{ref}.json"
        if not (FIXTURES / name).exists():
            return self._graph({"data": [], "paging": {}})
        return self._graph(fixture_json(name))

    def _graph_accounts(self, request: Request, match: re.Match[str]) -> Response:
        kind = self._graph_token(request)
        if isinstance(kind, Response):
            return kind
        if kind not in ("user", "reader", "signed"):
            error = {
                "message": "(#100) Tried accessing nonexisting field (accounts) on node type (Page)",
                "type": "OAuthException",
                "code": 100,
            }
            return self._graph({"error": error}, 400)
        if kind == "reader":
            return self._graph({"data": [], "paging": {}})
        if kind == "signed":  # a token from "Connect Facebook": pages with their tokens
            pages = [
                {
                    "id": page_id,
                    "name": self.PAGES[page_id][1],
                    "access_token": token,
                    **(
                        {
                            "instagram_business_account": {
                                "id": self.IG_USER,
                                "username": "alice.bakes",
                            }
                        }
                        if page_id == self.PAGE_OF_TOKEN
                        else {}
                    ),
                }
                for token, page_id in self.PAGE_TOKENS.items()
            ]
            return self._graph({"data": pages, "paging": {}})
        return self._graph(fixture_json("instagram/me_accounts.json"))

    def _graph_permissions(self, request: Request, match: re.Match[str]) -> Response:
        kind = self._graph_token(request)
        if isinstance(kind, Response):
            return kind
        granted = [{"permission": p, "status": "granted"} for p in self.meta_granted]
        return self._graph({"data": granted, "paging": {}})

    # -- blog -------------------------------------------------------------------------------
    def _blog_site(self, request: Request, match: re.Match[str]) -> Response:
        return Response(fixture_text("blog/site.html"), 200, mimetype="text/html")

    def _blog_feed(self, request: Request, match: re.Match[str]) -> Response:
        headers = {"ETag": self.feed_etag, "Last-Modified": "Fri, 20 Nov 2026 09:00:00 GMT"}
        if request.headers.get("If-None-Match") == self.feed_etag:
            return Response(status=304, headers=headers)
        return Response(
            fixture_text("blog/atom_thr.xml"), 200, headers=headers, mimetype="application/atom+xml"
        )

    def _blog_rss(self, request: Request, match: re.Match[str]) -> Response:
        return Response(
            fixture_text("blog/wordpress_rss2_helioviewer.xml"), 200, mimetype="application/rss+xml"
        )

    def _blog_talk(self, request: Request, match: re.Match[str]) -> Response:
        """A blog whose posts name their comments feeds."""
        return Response(fixture_text("blog/atom_talk.xml"), 200, mimetype="application/atom+xml")

    def _blog_talk_comments(self, request: Request, match: re.Match[str]) -> Response:
        name = f"blog/atom_talk_comments_{match.group(1)}.xml"
        if not (FIXTURES / name).exists():
            return Response("not found", 404)
        return Response(fixture_text(name), 200, mimetype="application/atom+xml")

    def _blog_laughs(self, request: Request, match: re.Match[str]) -> Response:
        return Response(
            fixture_text("blog/billion_laughs.xml"), 200, mimetype="application/rss+xml"
        )

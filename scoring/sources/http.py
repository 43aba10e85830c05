"""One HTTP policy for every source.

A ``requests.Session`` per platform with a User-Agent naming Resonance, connect and read
timeouts, one deadline per request (deadline.py, through the connections of
connections.py), retries with backoff on connection errors, 429 and 5xx that honour
Retry-After (urllib3's ``Retry``), per-host pacing from the rate-limit headers, conditional
requests, a cap on body size, and, for user-supplied URLs, the address guard on every
redirect hop and on the socket.
Transport failures become the error tree of :mod:`scoring.sources.errors`. The session
(policy, retries, adapters) is built in :mod:`scoring.sources.session`.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

import requests
from requests.structures import CaseInsensitiveDict
from urllib3.exceptions import MaxRetryError
from urllib3.exceptions import TimeoutError as Urllib3Timeout

from scoring.sources.deadline import DEADLINES, DeadlinePassed
from scoring.sources.errors import (
    CertificateRefused,
    Forbidden,
    NotFound,
    RateLimited,
    Unavailable,
)
from scoring.sources.session import (
    HOSTS_KEPT,
    POOL_SIZE,
    USER_AGENT,
    WINDOW_HEADERS,
    HttpPolicy,
    RetryAfterTooLong,
    certificate_refused,
    make_session,
)
from scoring.sources.throttle import Throttle, reset_seconds

#: A request's query: a list value repeats the name (Bluesky's ``actors=a&actors=b``)
Params = Mapping[str, str | int | Sequence[str]]
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})

__all__ = [
    "HOSTS_KEPT",
    "POOL_SIZE",
    "USER_AGENT",
    "HttpClient",
    "HttpPolicy",
    "Response",
    "make_session",
]


@dataclass(frozen=True, slots=True)
class Response:
    """A finished response whose body was read within the size cap."""

    status: int
    url: str
    headers: CaseInsensitiveDict[str]
    body: bytes

    def json(self) -> Any:
        """The body as JSON; :class:`Unavailable` if it is not."""
        try:
            return json.loads(self.body)
        except ValueError as exc:
            raise Unavailable(f"{urlsplit(self.url).hostname} sent malformed JSON") from exc

    @property
    def etag(self) -> str | None:
        return self.headers.get("ETag")

    @property
    def last_modified(self) -> str | None:
        return self.headers.get("Last-Modified")


def retry_after_seconds(headers: Mapping[str, str], now: float | None = None) -> float | None:
    """Retry-After as seconds, whether given as a number or an HTTP date."""
    raw = headers.get("Retry-After")
    if not raw:
        return None
    try:
        return max(0.0, float(raw))
    except ValueError:
        pass
    try:
        moment = parsedate_to_datetime(raw)
    except (TypeError, ValueError):
        return None
    current = now if now is not None else time.time()
    return max(0.0, moment.replace(tzinfo=moment.tzinfo or UTC).timestamp() - current)


def _timed_out(exc: requests.RequestException) -> bool:
    """Whether retries ran out on timeouts (requests reports that as a ConnectionError)."""
    for arg in exc.args:
        if isinstance(arg, MaxRetryError) and isinstance(arg.reason, Urllib3Timeout):
            return True
    return False


#: Request headers that prove who we are: never sent on to another origin by a redirect.
_CREDENTIALS = frozenset({"authorization", "cookie", "proxy-authorization"})
#: The session's headers that may follow a redirect to another origin; every other one (a
#: platform's key or bearer, set once on its session) is dropped there.
_PORTABLE = frozenset({"user-agent", "accept", "accept-encoding", "connection"})


def _origin(url: str) -> tuple[str, str | None, int | None]:
    parts = urlsplit(url)
    return parts.scheme, parts.hostname, parts.port


class HttpClient:
    """GETs (and the odd POST) under the policy; one client per platform."""

    def __init__(
        self,
        session: requests.Session,
        policy: HttpPolicy,
        *,
        guard: Callable[[str], str] | None = None,
        throttle: Throttle | None = None,
    ) -> None:
        self.session = session
        self.policy = policy
        self.guard = guard
        self.throttle = throttle or Throttle(
            max_delay=policy.max_pacing_delay, max_hold=policy.max_hold
        )
        self.requests_sent = 0

    def get(
        self,
        url: str,
        *,
        params: Params | None = None,
        headers: Mapping[str, str] | None = None,
        etag: str | None = None,
        last_modified: str | None = None,
        accept: tuple[int, ...] = (),
    ) -> Response:
        """GET ``url``, following redirects through the guard.

        Returns 2xx and 304 responses, and any status in ``accept``; raises the error tree for
        the rest: 404/410 :class:`NotFound`, 401/403 :class:`Forbidden`, 429 (or a 403 with no
        rate limit left) :class:`RateLimited`, other failures :class:`Unavailable`.
        """
        request_headers = dict(headers or {})
        if etag:
            request_headers["If-None-Match"] = etag
        if last_modified:
            request_headers["If-Modified-Since"] = last_modified
        return self._send("GET", url, params=params, headers=request_headers, accept=accept)

    def post(
        self,
        url: str,
        *,
        data: Mapping[str, str],
        headers: Mapping[str, str] | None = None,
        auth: tuple[str, str] | None = None,
        accept: tuple[int, ...] = (),
    ) -> Response:
        """POST a form (token endpoints), under the same policy; ``accept`` as for ``get``."""
        return self._send(
            "POST", url, data=data, headers=dict(headers or {}), auth=auth, accept=accept
        )

    def _send(
        self,
        method: str,
        url: str,
        *,
        params: Params | None = None,
        headers: dict[str, str],
        data: Mapping[str, str] | None = None,
        auth: tuple[str, str] | None = None,
        accept: tuple[int, ...] = (),
    ) -> Response:
        try:
            with DEADLINES.within(self.policy.deadline):
                return self._hops(method, url, params, dict(headers), data, auth, accept)
        except DeadlinePassed as exc:
            host = urlsplit(url).hostname
            if exc.stopping:
                raise Unavailable(f"{host}: not read, the bot is stopping") from exc
            raise Unavailable(
                f"{host} did not finish answering within {self.policy.deadline:g} s"
            ) from exc

    def _hops(
        self,
        method: str,
        url: str,
        params: Params | None,
        headers: dict[str, str | None],
        data: Mapping[str, str] | None,
        auth: tuple[str, str] | None,
        accept: tuple[int, ...],
    ) -> Response:
        for _hop in range(self.policy.max_redirects + 1):
            if self.guard is not None:
                self.guard(url)
            host = urlsplit(url).netloc
            self.throttle.before(host)
            response = self._request(method, url, params, headers, data, auth)
            self.throttle.after(host, response.headers)
            location = response.headers.get("Location")
            if response.status_code in REDIRECT_STATUSES and location:
                response.close()
                target = urljoin(response.url, location)
                if _origin(target) != _origin(url):  # credentials are for the host that asked
                    headers = self._portable(headers)
                    auth = None
                url = target
                params = None
                if response.status_code == 303:
                    method, data = "GET", None
                continue
            return self._finish(response, accept)
        raise Unavailable(f"{urlsplit(url).hostname}: too many redirects")

    def _portable(self, headers: dict[str, str | None]) -> dict[str, str | None]:
        """``headers`` for another origin: no credentials, and the session's own headers
        beyond the portable few unset (requests leaves out a header whose value is None)."""
        kept = {k: v for k, v in headers.items() if k.lower() not in _CREDENTIALS}
        dropped = {k: None for k in self.session.headers if k.lower() not in _PORTABLE}
        return {**dropped, **kept}

    def _request(
        self,
        method: str,
        url: str,
        params: Params | None,
        headers: dict[str, str | None],
        data: Mapping[str, str] | None,
        auth: tuple[str, str] | None,
    ) -> requests.Response:
        host = urlsplit(url).hostname
        self.requests_sent += 1
        try:
            return self.session.request(
                method,
                url,
                params=params,
                headers=headers,
                data=data,
                auth=auth,
                timeout=(self.policy.connect_timeout, self.policy.read_timeout),
                allow_redirects=False,
                stream=True,
            )
        except RetryAfterTooLong as exc:
            raise RateLimited(f"{host} asked to wait", retry_after=exc.seconds) from exc
        except requests.Timeout as exc:
            raise Unavailable(f"{host} did not answer in time") from exc
        except requests.exceptions.RetryError as exc:
            raise Unavailable(f"{host} kept failing") from exc
        except requests.exceptions.SSLError as exc:
            if certificate_refused(exc):
                raise CertificateRefused(f"{host}'s certificate does not verify") from exc
            raise Unavailable(f"{host} could not be reached") from exc
        except requests.RequestException as exc:
            if _timed_out(exc):
                raise Unavailable(f"{host} did not answer in time") from exc
            raise Unavailable(f"{host} could not be reached") from exc

    def _read_capped(self, response: requests.Response) -> bytes:
        host = urlsplit(response.url).hostname
        limit = self.policy.max_bytes
        declared = response.headers.get("Content-Length")
        if declared and declared.isascii() and declared.isdigit() and int(declared) > limit:
            response.close()
            raise Unavailable(f"{host} sent a response larger than {limit // 1_000_000} MB")
        chunks: list[bytes] = []
        size = 0
        try:
            for chunk in response.iter_content(chunk_size=64 * 1024):
                size += len(chunk)
                if size > limit:
                    raise Unavailable(f"{host} sent a response larger than {limit // 1_000_000} MB")
                chunks.append(chunk)
        except requests.RequestException as exc:
            raise Unavailable(f"{host} broke off the response") from exc
        finally:
            response.close()
        return b"".join(chunks)

    def _finish(self, response: requests.Response, accept: tuple[int, ...]) -> Response:
        status = response.status_code
        host = urlsplit(response.url).hostname
        body = self._read_capped(response)
        result = Response(status, response.url, CaseInsensitiveDict(response.headers), body)
        if 200 <= status < 300 or status == 304 or status in accept:
            return result
        if status in (404, 410):
            raise NotFound(f"{host}: not found")
        if status == 429 or (status == 403 and result.headers.get("X-RateLimit-Remaining") == "0"):
            retry_after = retry_after_seconds(result.headers)
            for header in WINDOW_HEADERS:
                if retry_after is None:
                    retry_after = reset_seconds(result.headers.get(header), time.time())
            raise RateLimited(f"{host}: rate limited", retry_after=retry_after)
        if status in (401, 403):
            raise Forbidden(f"{host}: access denied ({status})")
        raise Unavailable(f"{host} answered {status}")

"""The session every source's HTTP client sends through: the policy (timeouts, retries,
limits), urllib3's ``Retry`` with Retry-After honoured up to a cap and paused on the
deadline's clock, the connection adapters (connections.py: the address guard for
user-supplied URLs), and the User-Agent. :mod:`scoring.sources.http` sends the requests.
"""

from __future__ import annotations

import ssl
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.request import getproxies

import requests
from urllib3.exceptions import MaxRetryError, SSLError
from urllib3.util.retry import Retry
from urllib3.util.ssl_match_hostname import CertificateError

from scoring.sources.connections import Adapter, PeerCheckingAdapter, trust
from scoring.sources.deadline import DEADLINES

USER_AGENT = (
    "Resonance/{version} (self-hosted interaction score bot; +https://github.com/resonance-bot)"
)
#: Connections kept per host: as many as requests may run at once to one platform.
POOL_SIZE = 32
#: Hosts whose connections a source keeps (the most recent): a Mastodon source reads many
#: instances, and a host dropped from the pool costs a TLS handshake on its next request.
HOSTS_KEPT = 64


@dataclass(frozen=True, slots=True)
class HttpPolicy:
    """Timeouts, retries and limits; tests shorten the waits, never the checks."""

    user_agent: str = USER_AGENT.format(version="0")
    connect_timeout: float = 5.0
    read_timeout: float = 20.0
    max_bytes: int = 5 * 1024 * 1024
    retries: int = 3
    backoff_factor: float = 0.5
    max_retry_after: float = 30.0  # a longer Retry-After is reported, not slept through
    max_pacing_delay: float = 5.0
    max_hold: float = 5.0  # the longest a worker thread waits for a platform; longer is refused
    max_redirects: int = 5
    deadline: float = 30.0  # one request, connect through last byte, redirects and retries


class CappedRetry(Retry):
    """urllib3's Retry, except that a Retry-After longer than the cap ends the retries."""

    max_retry_after: float = 30.0

    def new(self, **kw: Any) -> CappedRetry:
        retry = super().new(**kw)
        retry.max_retry_after = self.max_retry_after
        return retry

    def increment(self, *args: Any, **kwargs: Any) -> CappedRetry:
        """A 429 that names its rate-limit window (``x-rate-limit-*``, ``X-RateLimit-*``,
        ``RateLimit-*``) but no Retry-After is not asked again at once: the window's reset
        is what the platform said, and the source reads it from the answer returned as is."""
        response = kwargs.get("response")
        if response is not None and response.status == 429 and names_its_window(response):
            raise MaxRetryError(kwargs.get("_pool"), str(kwargs.get("url") or ""), None)  # type: ignore[arg-type]
        error = kwargs.get("error")
        if isinstance(error, SSLError) and certificate_refused(error):
            # a certificate that does not verify (expired, self-signed, another host's) will
            # not verify a second later: one handshake, not four with their back-off
            raise MaxRetryError(kwargs.get("_pool"), str(kwargs.get("url") or ""), error)  # type: ignore[arg-type]
        return super().increment(*args, **kwargs)

    def sleep_for_retry(self, response: Any) -> bool:
        retry_after = self.get_retry_after(response)
        if retry_after is not None and retry_after > self.max_retry_after:
            raise RetryAfterTooLong(retry_after)
        if retry_after:
            DEADLINES.pause(retry_after)  # cut short by a stop, never past the deadline
            return True
        return False

    def _sleep_backoff(self) -> None:
        backoff = self.get_backoff_time()
        if backoff > 0:
            DEADLINES.pause(backoff)


#: The headers that name when a rate-limit window resets (X, GitHub, the IETF draft)
WINDOW_HEADERS = ("x-rate-limit-reset", "x-ratelimit-reset", "ratelimit-reset")


def names_its_window(response: Any) -> bool:
    headers = response.headers
    return not headers.get("Retry-After") and any(headers.get(h) for h in WINDOW_HEADERS)


def certificate_refused(error: BaseException) -> bool:
    """Whether ``error`` (urllib3's or requests' SSLError, however wrapped) is a certificate
    that did not verify, rather than a connection that broke during the handshake."""
    pending: list[BaseException] = [error]
    for _ in range(10):  # the wrappers nest a few deep
        if not pending:
            break
        cause = pending.pop()
        if isinstance(cause, ssl.SSLCertVerificationError | CertificateError):
            return True
        pending += [arg for arg in cause.args if isinstance(arg, BaseException)]
        reason = getattr(cause, "reason", None)  # MaxRetryError keeps its cause there
        if isinstance(reason, BaseException):
            pending.append(reason)
    return False


class RetryAfterTooLong(Exception):
    def __init__(self, seconds: float) -> None:
        super().__init__(seconds)
        self.seconds = seconds


def make_session(
    policy: HttpPolicy, headers: Mapping[str, str] | None = None, *, check_peer: bool = False
) -> requests.Session:
    """A session with the retry policy mounted and our User-Agent set; with ``check_peer``
    (user-supplied URLs) every connection must reach a public address."""
    retry = CappedRetry(
        total=policy.retries,
        connect=policy.retries,
        read=policy.retries,
        status=policy.retries,
        redirect=0,
        backoff_factor=policy.backoff_factor,
        backoff_max=10.0,
        status_forcelist=(429, 500, 502, 503, 504),
        allowed_methods=frozenset({"GET", "HEAD", "POST"}),
        respect_retry_after_header=True,
        raise_on_status=False,
        raise_on_redirect=False,
    )
    retry.max_retry_after = policy.max_retry_after
    session = requests.Session()
    # requests re-reads the whole environment for proxy settings on every request (half a
    # millisecond of CPU each). The CA bundle it would find there is read once (connections.py:
    # into the one TLS context every connection uses); only a configured proxy (with its
    # NO_PROXY rules) keeps the per-request lookup.
    session.trust_env = bool(getproxies())
    adapter_class = PeerCheckingAdapter if check_peer else Adapter
    adapter = adapter_class(
        max_retries=retry, pool_connections=HOSTS_KEPT, pool_maxsize=POOL_SIZE, trust_store=trust()
    )
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    session.headers["User-Agent"] = policy.user_agent
    session.headers.update(headers or {})
    return session

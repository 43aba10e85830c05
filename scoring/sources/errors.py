"""The small tree of errors a source raises; the bot turns each into a clear message.

Every kind carries its ``code`` (stored as a channel's last error, and the key of the bot's one
table of words). Sources keep this contract at their boundary: :func:`keeps_contract` wraps
``resolve`` and ``fetch``, so a payload of an unexpected shape (a parser's ``KeyError``,
``ValueError``…) leaves a source only as :class:`Malformed`, never as a traceback.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import ClassVar, Concatenate, ParamSpec, Protocol, TypeVar

log = logging.getLogger(__name__)


class SourceError(Exception):
    """A channel could not be read. ``permanent`` kinds need the user (or the operator) to act;
    retrying on schedule would not help."""

    code: ClassVar[str] = "unavailable"
    permanent: ClassVar[bool] = False


class InvalidHandle(SourceError):
    """What the user typed cannot name an account on this platform."""

    code = "invalid"
    permanent = True


class NotFound(SourceError):
    """The account does not exist (or no longer does)."""

    code = "not_found"
    permanent = True


class Forbidden(SourceError):
    """The account is private, or the platform wants credentials we lack or that stopped working."""

    code = "forbidden"
    permanent = True


class TokenRejected(Forbidden):
    """The access token the user gave has expired, was revoked, or lacks a permission it needs."""

    code = "token_rejected"


class RateLimited(SourceError):
    """The platform asked us to slow down; ``retry_after`` is in seconds when it said so."""

    code = "rate_limited"

    def __init__(self, message: str, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class Unavailable(SourceError):
    """The platform failed: a timeout, a 5xx, a reset connection, or a body we cannot read."""

    code = "unavailable"


class CertificateRefused(Unavailable):
    """The site's TLS certificate does not verify (expired, self-signed, another address's):
    nothing is read until its owner renews it; each refresh tries again."""

    code = "certificate"


class Malformed(Unavailable):
    """The platform answered, but with something of a shape its source does not know."""

    code = "malformed"


class UnsafeUrl(SourceError):
    """A user-supplied URL points somewhere we refuse to fetch (a private address, a bad scheme)."""

    code = "unsafe_url"


class CredentialsInUrl(UnsafeUrl):
    """A user-supplied URL carries a user name or password (``https://user:pw@host/``)."""

    code = "url_credentials"
    permanent = True


class NoSuchHost(SourceError):
    """No server has the name a user-supplied address gives (DNS knows no such host: a typo,
    or a domain that lapsed). Each refresh tries again: a lapsed domain may come back."""

    code = "no_such_host"

    def __init__(self, host: str) -> None:
        super().__init__(f"no server is called {host}")
        self.host = host


class PrivateName(UnsafeUrl):
    """A user-supplied host name that resolves to a private or local address. Refused as any
    unsafe URL, and said to the user as a name no server has (``no_such_host``): whoever names
    internal hosts learns nothing of which exist in the bot's network."""

    code = "no_such_host"

    def __init__(self, host: str) -> None:
        super().__init__(f"{host} points to a private or local address")
        self.host = host


class NotConfigured(SourceError):
    """The operator has not set the key this platform needs."""

    code = "not_configured"
    permanent = True


class PlatformNotAvailable(SourceError):
    """The platform is known but cannot be read by this installation (yet)."""

    code = "not_available"
    permanent = True


#: What a parser raises on a payload of an unexpected shape: the platform's answer is broken.
MALFORMED = (KeyError, TypeError, ValueError, AttributeError, IndexError, OverflowError)


class _Named(Protocol):
    platform: str


S = TypeVar("S", bound=_Named)
P = ParamSpec("P")
R = TypeVar("R")


def keeps_contract(method: Callable[Concatenate[S, P], R]) -> Callable[Concatenate[S, P], R]:
    """``method`` raising only :class:`SourceError` kinds: a parser's error on an unexpected
    payload becomes :class:`Malformed` (logged for the operator; the traceback at DEBUG)."""

    @functools.wraps(method)
    def kept(self: S, /, *args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return method(self, *args, **kwargs)
        except SourceError:
            raise
        except MALFORMED as exc:
            log.info("%s sent an answer of an unexpected shape: %r", self.platform, exc)
            log.debug("where %s's answer did not fit", self.platform, exc_info=exc)
            raise Malformed(f"{self.platform} sent something unexpected") from exc

    return kept

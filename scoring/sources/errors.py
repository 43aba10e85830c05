"""The small tree of errors a source raises; the bot turns each into a clear message."""

from __future__ import annotations


class SourceError(Exception):
    """A channel could not be read."""


class InvalidHandle(SourceError):
    """What the user typed cannot name an account on this platform."""


class NotFound(SourceError):
    """The account does not exist (or no longer does)."""


class Forbidden(SourceError):
    """The account is private, or the platform wants credentials we lack or that stopped working."""


class TokenRejected(Forbidden):
    """The access token the user gave has expired, was revoked, or lacks a permission it needs."""


class RateLimited(SourceError):
    """The platform asked us to slow down; ``retry_after`` is in seconds when it said so."""

    def __init__(self, message: str, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class Unavailable(SourceError):
    """The platform failed: a timeout, a 5xx, a reset connection, or a body we cannot read."""


class UnsafeUrl(SourceError):
    """A user-supplied URL points somewhere we refuse to fetch (a private address, a bad scheme)."""


class NotConfigured(SourceError):
    """The operator has not set the key this platform needs."""

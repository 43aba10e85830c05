"""Signing in with a platform (OAuth 2): what every sign-in shares.

A sign-in either connects channels (Facebook Pages and Instagram through Meta, Threads: the
platform hands over the tokens a read needs) or proves an account is the user's (GitHub by
its device flow, Mastodon through the user's own server); a proving sign-in's token is
forgotten once the account is known. Authlib builds the authorization URLs with PKCE and
makes the token requests; the requests go through the one HTTP policy (timeouts, deadline,
size cap, the address guard for a user's own server), and secrets travel in request bodies
or headers, never in a URL a browser keeps.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol
from urllib.parse import parse_qsl, urlencode

from authlib.common.security import generate_token
from authlib.oauth2.client import OAuth2Client
from authlib.oauth2.rfc6749.errors import OAuth2Error

from scoring.sources.base import Secret, SourceConfig
from scoring.sources.errors import SourceError, Unavailable
from scoring.sources.http import HttpClient


class SignInRefused(SourceError):
    """The sign-in did not give what is needed; ``reason`` says what to tell the user:
    ``declined`` (the user cancelled), ``permissions`` (a permission left unticked),
    ``no_accounts`` (nothing to link), ``bad_code`` (a code the platform refused: used or
    expired), ``expired`` (a device code ran out), ``provider`` (the platform failed)."""

    code = "signin_refused"

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(detail or reason)
        self.reason = reason


@dataclass(frozen=True, slots=True)
class Offer:
    """An account a sign-in found: ``platform`` and ``ref`` (what that platform's source
    resolves), a name to show, and the token that reads it (None: proving only)."""

    platform: str
    ref: str
    name: str
    token: Secret | None = field(default=None, repr=False)


@dataclass(frozen=True, slots=True)
class App:
    """An OAuth client registered with a provider (the operator's, or one a Mastodon server
    gave us)."""

    client_id: str
    client_secret: str = field(repr=False)


class RedirectSignIn(Protocol):
    """A sign-in through the browser: the provider's page, then our callback."""

    name: str
    pkce: bool

    def authorize_url(
        self, app: App, *, state: str, redirect_uri: str, verifier: str | None, server: str
    ) -> str: ...

    def exchange(
        self, app: App, *, code: str, redirect_uri: str, verifier: str | None, server: str
    ) -> Secret: ...

    def offers(self, token: Secret, *, server: str) -> list[Offer]: ...


@dataclass(frozen=True, slots=True)
class DeviceCode:
    """What the user types at the provider (``user_code`` at ``verification_uri``), and how
    to ask whether they have (``device_code`` every ``interval`` seconds)."""

    device_code: str = field(repr=False)
    user_code: str
    verification_uri: str
    interval: float
    expires_in: float


@dataclass(frozen=True, slots=True)
class Pending:
    """The user has not finished at the provider yet; ask again after ``interval`` seconds."""

    interval: float


class DeviceSignIn(Protocol):
    """A sign-in without a public URL (OAuth's device flow, RFC 8628)."""

    name: str

    def start(self) -> DeviceCode: ...

    def poll(self, code: DeviceCode, interval: float) -> Secret | Pending: ...

    def offers(self, token: Secret, *, server: str) -> list[Offer]: ...


def new_state() -> str:
    """A random, unguessable value (state, PKCE verifier, browser binding)."""
    return generate_token(43)


class _Answer:
    """A :class:`scoring.sources.http.Response` as Authlib reads a token answer."""

    def __init__(self, status: int, body: bytes) -> None:
        self.status_code = status
        self._body = body

    def json(self) -> Any:
        return json.loads(self._body)

    def raise_for_status(self) -> None:
        if self.status_code >= 400:
            raise Unavailable(f"the token endpoint answered {self.status_code}")


class _Transport:
    """What Authlib's client calls to send (``post``), carried by our HTTP policy."""

    def __init__(self, http: HttpClient) -> None:
        self.http = http

    def post(
        self, url: str, data: Mapping[str, str], headers: Mapping[str, str], auth: Any, **_: Any
    ) -> _Answer:
        body = urlencode(dict(data))
        fields = dict(headers)
        if auth is not None:  # client_secret_post: the secret joins the form body
            url, fields, body = auth.prepare("POST", url, fields, body)
        response = self.http.post(
            url, data=dict(parse_qsl(body)), headers=fields, accept=(400, 401)
        )
        return _Answer(response.status, response.body)


def oauth_client(
    http: HttpClient, app: App, *, redirect_uri: str | None = None, pkce: bool = True
) -> OAuth2Client:
    """Authlib's OAuth 2 client for ``app``, sending through ``http``; the client secret in
    the form body (every provider here takes it so)."""
    return OAuth2Client(
        _Transport(http),
        client_id=app.client_id,
        client_secret=app.client_secret or None,
        token_endpoint_auth_method="client_secret_post" if app.client_secret else "none",
        redirect_uri=redirect_uri,
        code_challenge_method="S256" if pkce else None,
    )


def fetch_token(client: OAuth2Client, url: str, **params: str) -> Secret:
    """A token from ``url``; :class:`SignInRefused` with the provider's reason otherwise."""
    try:
        token = client.fetch_token(url, **params)
    except OAuth2Error as exc:
        reason = {"access_denied": "declined", "expired_token": "expired"}.get(
            str(exc.error), "bad_code"
        )
        raise SignInRefused(reason, str(exc.error)) from exc
    except (ValueError, KeyError) as exc:
        raise SignInRefused("provider", "the token answer was not understood") from exc
    access = token.get("access_token")
    if not isinstance(access, str) or not access:
        raise SignInRefused("provider", "no access token in the answer")
    return Secret(access)


@dataclass(frozen=True, slots=True)
class SignInSpec:
    """A sign-in a platform offers: ``name`` (its route, ``/connect/NAME``), the platforms it
    serves, ``purpose`` (``connect`` gives readable channels, ``verify`` proves one),
    whether it runs in the browser (``redirect``: needs RESONANCE_PUBLIC_URL) or on a
    device code, the operator keys it ``needs`` (its app), and how to build it."""

    name: str
    display: str
    platforms: tuple[str, ...]
    purpose: str
    redirect: bool
    needs: tuple[str, ...]
    build: Callable[[SourceConfig, HttpClient], RedirectSignIn | DeviceSignIn]
    #: each server is its own provider (Mastodon): the app is registered there per server
    per_server: bool = False

    def app(self, config: SourceConfig) -> App | None:
        """The operator's app, or None when its keys are not all set."""
        values = [config.key(k) for k in self.needs]
        if not all(values):
            return None
        if not values:  # each server gives its own app (Mastodon)
            return App("", "")
        return App(str(values[0]), str(values[1]) if len(values) > 1 else "")

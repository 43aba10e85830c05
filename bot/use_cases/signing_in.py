"""Signing in with a platform instead of pasting tokens and codes (Telegram-free).

Connect: the chat shows a link to our own ``/connect/NAME/start?ticket=…``; opening it spends
the ticket, binds a fresh ``state`` to that browser (a cookie, kept here as its SHA-256) and
sends the browser to the provider; the provider's answer comes back to our callback, which
is accepted once, within ten minutes, from that browser only. The code is exchanged on the
server; what the sign-in found is offered in the chat (a Meta sign-in: every Page and
Instagram account, tokens sealed until picked) or linked at once (Threads). A verifying
sign-in (Mastodon; GitHub by its device flow) proves the channel and forgets the token.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import hashlib
import hmac
import logging
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol, cast
from urllib.parse import urlencode

from sqlite_utils import Database

from bot.use_cases.linking import LinkResult, link_channel
from bot.use_cases.reading import Reader
from scoring.identity import normal_account_id, normal_origin
from scoring.sources.base import Secret
from scoring.sources.errors import SourceError
from scoring.sources.signin import (
    App,
    DeviceCode,
    DeviceSignIn,
    Offer,
    Pending,
    RedirectSignIn,
    SignInRefused,
    SignInSpec,
    new_state,
)
from storage.channels import Channel, get_channel
from storage.signins import (
    SignIn,
    StoredOffer,
    add_offers,
    keep_server_app,
    mark_linked,
    new_ticket,
    offer,
    server_app,
    spend_state,
    spend_ticket,
    state_owner,
)
from storage.vault import SealBroken, Vault
from storage.verification import VerifiedElsewhere, mark_verified

log = logging.getLogger(__name__)


class _Registers(Protocol):
    def register(self, server: str, redirect_uri: str) -> App: ...


@dataclass(frozen=True, slots=True)
class SignInDesk:
    """The sign-ins this installation offers: their specs (keys set), built providers, the
    operator's apps, the vault that seals what they hand over, and the public base URL."""

    specs: Mapping[str, SignInSpec]
    providers: Mapping[str, RedirectSignIn | DeviceSignIn]
    apps: Mapping[str, App]
    vault: Vault | None
    public_url: str | None

    def offered(self, platform: str, purpose: str) -> SignInSpec | None:
        """The sign-in that connects or verifies ``platform`` here, if one is configured
        (a browser sign-in needs the public URL and the vault)."""
        for spec in self.specs.values():
            if platform not in spec.platforms or spec.purpose != purpose:
                continue
            if spec.redirect and (self.public_url is None or self.vault is None):
                continue
            return spec
        return None

    def start_url(self, provider: str, ticket: str) -> str:
        return f"{self.public_url}/connect/{provider}/start?" + urlencode({"ticket": ticket})

    def redirect_uri(self, provider: str) -> str:
        return f"{self.public_url}/connect/{provider}/callback"


def browser_hash(nonce: str) -> str:
    return hashlib.sha256(nonce.encode()).hexdigest()


async def open_ticket(
    db: Database, desk: SignInDesk, user_id: int, provider: str, now: datetime,
    channel: Channel | None = None,
) -> str:  # fmt: skip
    """A Connect link for ``user_id`` (good once, for ten minutes)."""
    ticket = new_state()
    server = normal_origin(channel.url) if channel is not None and channel.url else ""
    if provider == "mastodon" and channel is not None:
        server = channel.account_id.partition("@")[2] or server
    new_ticket(
        db, user_id, provider, ticket, now,
        channel_id=channel.id if channel else None, server=server,
    )  # fmt: skip
    return desk.start_url(provider, ticket)


@dataclass(frozen=True, slots=True)
class Begun:
    """Send the browser to ``url``, setting the cookie ``nonce``."""

    url: str
    nonce: str


@dataclass(frozen=True, slots=True)
class Refused:
    """Nothing happened, and why: ``used`` (a link or answer spent already), ``expired``,
    ``unknown``, ``foreign`` (another browser started it), ``declined``, ``permissions``,
    ``no_accounts``, ``bad_code``, ``provider``, ``not_yours`` (a verifying sign-in named
    another account), ``taken`` (another user verified it first). ``user_id``: whom to tell."""

    reason: str
    user_id: int | None = None
    detail: str = ""


async def begin(
    db: Database, desk: SignInDesk, provider: str, ticket: str, now: datetime
) -> Begun | Refused:
    """Open the sign-in of ``ticket``: spend it, bind a new state to this browser, and say
    where the provider's page is."""
    spec, source = desk.specs.get(provider), desk.providers.get(provider)
    if spec is None or source is None or not spec.redirect or desk.vault is None:
        return Refused("unknown")
    redirect = cast(RedirectSignIn, source)  # a redirecting spec builds a redirecting source
    state, nonce = new_state(), new_state()
    verifier = new_state() if redirect.pkce else None
    sealed = desk.vault.seal(verifier) if verifier else None
    started = spend_ticket(db, ticket, provider, state, browser_hash(nonce), sealed, now)
    if started is None:
        return Refused("used")
    try:
        app = await _app(db, desk, spec, redirect, started.server, now)
        url = redirect.authorize_url(
            app,
            state=state,
            redirect_uri=desk.redirect_uri(provider),
            verifier=verifier,
            server=started.server,
        )
    except SourceError as exc:
        return Refused("provider", started.user_id, str(exc))
    return Begun(url, nonce)


async def _app(
    db: Database,
    desk: SignInDesk,
    spec: SignInSpec,
    source: RedirectSignIn,
    server: str,
    now: datetime,
) -> App:
    """The operator's app, or ours on the user's own server (registered there once)."""
    if not spec.per_server:
        return desk.apps[spec.name]
    assert desk.vault is not None
    redirect_uri = desk.redirect_uri(spec.name)
    kept = server_app(db, server, redirect_uri)
    if kept is not None:
        with contextlib.suppress(SealBroken):
            return App(kept[0], desk.vault.open(kept[1]))
    app = await asyncio.to_thread(cast(_Registers, source).register, server, redirect_uri)
    keep_server_app(
        db, server, redirect_uri, app.client_id, desk.vault.seal(app.client_secret), now
    )
    return app


@dataclass(frozen=True, slots=True)
class Offered:
    """A connecting sign-in found these accounts: the chat offers them to pick."""

    user_id: int
    sign_in_id: int
    offers: list[StoredOffer]


@dataclass(frozen=True, slots=True)
class Connected:
    """A connecting sign-in of one account, linked at once."""

    user_id: int
    platform: str
    result: LinkResult


@dataclass(frozen=True, slots=True)
class Proven:
    """A verifying sign-in proved the channel is the user's."""

    user_id: int
    channel: Channel


Finished = Offered | Connected | Proven | Refused


async def finish(
    db: Database,
    desk: SignInDesk,
    reader: Reader,
    provider: str,
    *,
    state: str,
    nonce: str | None,
    code: str | None,
    error: str | None,
    now: datetime,
) -> Finished:
    """The provider's answer at our callback: accepted once, from the browser that started
    it, within its lifetime; then the code is exchanged and what it gives is offered, linked
    or checked."""
    spec, source = desk.specs.get(provider), desk.providers.get(provider)
    if spec is None or source is None or desk.vault is None:
        return Refused("unknown")
    owner = state_owner(db, state) if state else None
    if owner is None:
        return Refused("unknown")
    pending = _pending(db, state, provider)
    if pending is not None and (
        nonce is None or not hmac.compare_digest(browser_hash(nonce), pending)
    ):
        return Refused("foreign", owner)  # not spent: the browser that started it may come
    sign_in = spend_state(db, state, provider, now)
    if sign_in is None:
        return Refused("used" if pending is None else "expired", owner)
    if error is not None or not code:
        return Refused("declined" if error in (None, "access_denied") else "provider", owner)
    redirect = cast(RedirectSignIn, source)
    try:
        return await _exchanged(db, desk, reader, spec, redirect, sign_in, code, now)
    except SignInRefused as refused:
        log.info("sign-in with %s refused: %s (%s)", provider, refused.reason, refused)
        return Refused(refused.reason, owner, str(refused))
    except SourceError as exc:
        log.info("sign-in with %s failed: %s (%s)", provider, exc.code, exc)
        return Refused("provider", owner, str(exc))


def _pending(db: Database, state: str, provider: str) -> str | None:
    """The browser hash of an unfinished sign-in ``state`` (None: none such)."""
    row = db.execute(
        "SELECT browser FROM sign_ins WHERE state = ? AND provider = ? AND finished_at IS NULL",
        [state, provider],
    ).fetchone()
    return str(row[0]) if row and row[0] else None


async def _exchanged(
    db: Database,
    desk: SignInDesk,
    reader: Reader,
    spec: SignInSpec,
    source: RedirectSignIn,
    sign_in: SignIn,
    code: str,
    now: datetime,
) -> Finished:
    assert desk.vault is not None
    verifier = desk.vault.open(sign_in.verifier) if sign_in.verifier else None
    app = await _app(db, desk, spec, source, sign_in.server, now)
    redirect_uri = desk.redirect_uri(spec.name)
    token = await asyncio.to_thread(
        lambda: source.exchange(
            app, code=code, redirect_uri=redirect_uri, verifier=verifier, server=sign_in.server
        )
    )
    found = await asyncio.to_thread(lambda: source.offers(token, server=sign_in.server))
    if spec.purpose == "verify":
        revoke = getattr(source, "revoke", None)
        if callable(revoke):  # the proof is all we keep
            await asyncio.to_thread(revoke, app, token, server=sign_in.server)
        return _prove(db, sign_in.user_id, sign_in.channel_id, found, now)
    if len(found) == 1 and spec.name != "meta":
        only = found[0]
        result = await link_channel(
            db, reader, sign_in.user_id, only.platform, only.ref, now, only.token
        )
        return Connected(sign_in.user_id, only.platform, result)
    rows = [
        (o.platform, o.ref, o.name, desk.vault.seal(o.token.reveal()) if o.token else None)
        for o in found
    ]
    return Offered(sign_in.user_id, sign_in.id, add_offers(db, sign_in, rows))


def _prove(
    db: Database, user_id: int, channel_id: int | None, found: list[Offer], now: datetime
) -> Proven | Refused:
    channel = get_channel(db, user_id, channel_id) if channel_id is not None else None
    if channel is None:
        return Refused("unknown", user_id)
    if not any(
        o.platform == channel.platform and normal_account_id(o.ref) == channel.account_id
        for o in found
    ):
        return Refused("not_yours", user_id, found[0].name if found else "")
    try:
        mark_verified(db, channel.id, now)
    except VerifiedElsewhere:
        return Refused("taken", user_id)
    return Proven(user_id, channel)


async def link_offer(
    db: Database, desk: SignInDesk, reader: Reader, user_id: int, offer_id: int, now: datetime
) -> LinkResult | None:
    """Link one account a sign-in offered (None: the offer is gone or expired)."""
    picked = offer(db, user_id, offer_id, now)
    if picked is None or desk.vault is None:
        return None
    token = None
    if picked.credentials is not None:
        try:
            token = Secret(desk.vault.open(picked.credentials))
        except SealBroken:
            return None
    result = await link_channel(db, reader, user_id, picked.platform, picked.ref, now, token)
    mark_linked(db, picked.id, now)
    return result


@dataclass(frozen=True, slots=True)
class DeviceStarted:
    code: DeviceCode


async def start_device(desk: SignInDesk, provider: str) -> DeviceStarted | Refused:
    """Ask the provider for a device code (the user types it at the provider's page)."""
    source = desk.providers.get(provider)
    if source is None or not hasattr(source, "poll"):
        return Refused("unknown")
    device = cast(DeviceSignIn, source)
    try:
        return DeviceStarted(await asyncio.to_thread(device.start))
    except SourceError as exc:
        return Refused("provider", None, str(exc))


async def finish_device(
    db: Database,
    desk: SignInDesk,
    provider: str,
    channel: Channel,
    code: DeviceCode,
    *,
    now: Callable[[], datetime],
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
) -> Proven | Refused:
    """Ask every ``interval`` whether the user has typed the code, until the code expires;
    then prove ``channel`` with who signed in (the token is forgotten at once)."""
    device = cast(DeviceSignIn, desk.providers[provider])
    interval, waited = code.interval, 0.0
    while waited < code.expires_in:
        await sleep(interval)
        waited += interval
        try:
            answer = await asyncio.to_thread(device.poll, code, interval)
            if isinstance(answer, Pending):
                interval = answer.interval
                continue
            found = await asyncio.to_thread(functools.partial(device.offers, answer, server=""))
        except SignInRefused as refused:
            return Refused(refused.reason, channel.user_id, str(refused))
        except SourceError as exc:
            log.info("device sign-in with %s failed: %s", provider, exc.code)
            return Refused("provider", channel.user_id, str(exc))
        return _prove(db, channel.user_id, channel.id, found, now())
    return Refused("expired", channel.user_id)

"""The bot's one web server: routes as thin as handlers, over the same use cases.

- ``POST <webhook path>``: Telegram's updates (webhook mode), refused without the secret
  header before the body is read;
- ``GET /healthz``;
- ``GET /connect/NAME/start?ticket=…``: spends the ticket, binds the sign-in to this browser
  (a cookie) and sends it to the provider;
- ``GET /connect/NAME/callback``: the provider's answer, accepted once, from that browser;
- with ``RESONANCE_PUBLIC_URL``: the Mini App dashboard, its API and the public profiles
  (bot/web/dashboard.py).

Every body is capped at :data:`MAX_BODY` (a webhook update is a few kilobytes); any other
path is 404. The application runs in the bot's event loop (PTB's custom-webhook pattern).
"""

from __future__ import annotations

import hmac
import json
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from starlette.applications import Starlette
from starlette.middleware.gzip import GZipMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from bot.services import Services
from bot.use_cases.signing_in import Begun, Finished, Refused, begin, finish
from bot.views import signin as words
from bot.views.i18n import Html, t
from bot.web.dashboard import dashboard_routes
from bot.web.pages import PAGE_HEADERS, browser_language, page
from storage.signins import state_owner
from storage.users import get_user

log = logging.getLogger(__name__)

#: The largest body any route accepts (Telegram's updates are a few kilobytes).
MAX_BODY = 1024 * 1024
COOKIE = "resonance_signin"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"  # noqa: S105 (a header name)


class BodyCap:
    """Refuse a body over ``limit`` bytes (413): by its Content-Length before reading, and by
    counting while it streams."""

    def __init__(self, app: ASGIApp, limit: int = MAX_BODY) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        declared = headers.get(b"content-length", b"0")
        if not declared.isdigit() or int(declared) > self.limit:
            await PlainTextResponse("too large", 413)(scope, receive, send)
            return
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.limit:
                raise _TooLarge
            return message

        try:
            await self.app(scope, counted, send)
        except _TooLarge:
            await PlainTextResponse("too large", 413)(scope, receive, send)


class _TooLarge(Exception):
    """A streamed body passed the cap."""


@dataclass(frozen=True, slots=True)
class TelegramHook:
    """Where Telegram posts updates, the secret it sends, and where they go."""

    path: str
    secret: str
    deliver: Callable[[dict[str, Any]], Awaitable[None]]


def build_web(
    services: Services,
    *,
    bot_username: str,
    hook: TelegramHook | None = None,
    on_finished: Callable[[Finished], Awaitable[None]] | None = None,
) -> Starlette:
    """The ASGI application for ``services``: the webhook when ``hook`` is given, the
    sign-in routes when sign-ins are configured, and the health check."""
    routes = [Route("/healthz", _health, methods=["GET"])]
    if hook is not None:
        routes.append(Route(hook.path, _telegram(hook), methods=["POST"]))
    desk = services.sign_ins
    if desk is not None and desk.public_url:
        secure = desk.public_url.startswith("https://")
        routes += [
            Route("/connect/{provider}/start", _start(services, bot_username, secure)),
            Route("/connect/{provider}/callback", _callback(services, bot_username, on_finished)),
        ]
    public_url = services.settings.public_url
    if public_url:
        routes += dashboard_routes(services, public_url.rstrip("/"))
    app = Starlette(routes=routes)
    app.add_middleware(GZipMiddleware, minimum_size=1024)  # the dashboard's script and JSON
    app.add_middleware(BodyCap)
    return app


async def _health(request: Request) -> Response:
    return PlainTextResponse("ok")


def _telegram(hook: TelegramHook) -> Callable[[Request], Awaitable[Response]]:
    async def receive(request: Request) -> Response:
        given = request.headers.get(SECRET_HEADER, "")
        if not hmac.compare_digest(given.encode(), hook.secret.encode()):
            return PlainTextResponse("forbidden", 403)  # before a byte of the body is read
        try:
            data = json.loads(await request.body())
        except ValueError:
            return PlainTextResponse("bad request", 400)
        if not isinstance(data, dict):
            return PlainTextResponse("bad request", 400)
        await hook.deliver(data)
        return Response(status_code=200)

    return receive


def _html(language: str, message: Html, bot_username: str, status: int = 200) -> Response:
    return HTMLResponse(page(language, message, bot_username), status, headers=PAGE_HEADERS)


def _provider_name(services: Services, provider: str) -> str:
    desk = services.sign_ins
    spec = desk.specs.get(provider) if desk else None
    return spec.display if spec else provider


def _start(
    services: Services, bot_username: str, secure: bool
) -> Callable[[Request], Awaitable[Response]]:
    async def start(request: Request) -> Response:
        provider = request.path_params["provider"]
        language = browser_language(request.headers.get("accept-language", ""))
        desk = services.sign_ins
        ticket = request.query_params.get("ticket", "")
        if desk is None or provider not in desk.specs or not ticket:
            return PlainTextResponse("not found", 404)
        outcome = await begin(services.db, desk, provider, ticket[:200], services.now())
        if isinstance(outcome, Refused):
            name = _provider_name(services, provider)
            return _html(language, words.refused(language, outcome.reason, name), bot_username, 400)
        assert isinstance(outcome, Begun)
        response = RedirectResponse(outcome.url, 303, headers=PAGE_HEADERS)
        response.set_cookie(
            COOKIE,
            outcome.nonce,
            max_age=600,
            path="/connect/",
            secure=secure,
            httponly=True,
            samesite="lax",
        )
        return response

    return start


def _callback(
    services: Services,
    bot_username: str,
    on_finished: Callable[[Finished], Awaitable[None]] | None,
) -> Callable[[Request], Awaitable[Response]]:
    async def callback(request: Request) -> Response:
        provider = request.path_params["provider"]
        desk = services.sign_ins
        if desk is None or provider not in desk.specs:
            return PlainTextResponse("not found", 404)
        params = request.query_params
        state = params.get("state", "")[:200]
        owner = get_user(services.db, state_owner(services.db, state) or 0) if state else None
        language = (
            owner.language
            if owner
            else browser_language(request.headers.get("accept-language", ""))
        )
        outcome = await finish(
            services.db,
            desk,
            services.reader,
            provider,
            state=state,
            nonce=request.cookies.get(COOKIE),
            code=params.get("code"),
            error=params.get("error"),
            now=services.now(),
        )
        if on_finished is not None and not (
            isinstance(outcome, Refused) and outcome.reason == "foreign"
        ):
            try:
                await on_finished(outcome)
            except Exception:
                log.exception("could not tell the chat how a sign-in ended")
        if isinstance(outcome, Refused):
            name = _provider_name(services, provider)
            text = words.refused(language, outcome.reason, name, outcome.detail)
            response = _html(language, text, bot_username, 400)
        else:
            response = _html(language, t(language, words.PAGE_DONE), bot_username)
        response.delete_cookie(COOKIE, path="/connect/")
        return response

    return callback

"""The dashboard's routes (issue 29), as thin as handlers, over the dashboard use case.

- ``GET /app``: the Mini App (static HTML, script and style; nothing from third-party hosts but
  Telegram's own ``telegram-web-app.js``, and it works without it);
- ``GET /api/dashboard``: the user's numbers as JSON, only with a valid ``initData``
  (``Authorization: tma <initData>``): 401 when it is missing, forged, expired or signed for
  another bot, 403 when it is valid but names nobody this bot knows; rate-limited;
- ``POST /api/settings``: one choice of the settings form (``{"name", "value"}``), the same
  validation as the chat's buttons (bot/use_cases/settings.py), with the same initData;
- ``GET /p/<slug>``: a public profile, opt-in; ``/p/<slug>/card-<stamp>.png`` its card.
"""

from __future__ import annotations

import asyncio
import ipaddress
import json
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from importlib.resources import files

from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from bot.fairness import CommandGate
from bot.services import Services
from bot.use_cases.dashboard import Dashboard, NoChannels, dashboard
from bot.use_cases.settings import change_setting
from bot.views.card import card_png, shown_channels
from bot.views.dashboard import dashboard_json, labels, settings_json
from bot.views.i18n import SUPPORTED_LANGUAGES
from bot.views.profile_page import profile_html
from bot.web.init_data import Refused, WebAppUser, claimed_language, validate
from bot.web.pages import browser_language
from storage.profiles import Profile, profile_at

STATIC = ("app.js", "app.css")
TELEGRAM_SCRIPT = "https://telegram.org"
APP_HEADERS = {
    "Cache-Control": "no-cache",
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": (
        f"default-src 'none'; script-src 'self' {TELEGRAM_SCRIPT}; style-src 'self'; "
        "img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; "
        "frame-ancestors 'self' https://web.telegram.org https://*.telegram.org"
    ),
}
API_HEADERS = {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"}
PROFILE_HEADERS = {
    "Cache-Control": "public, max-age=300",
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; "
    "frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
}
CARD_HEADERS = {
    "Cache-Control": "public, max-age=31536000, immutable",
    "X-Content-Type-Options": "nosniff",
}
CARDS_KEPT = 64
MAX_CHOICE = 1024  # a settings choice is a few dozen bytes


def _static(name: str) -> bytes:
    return (files("bot") / "web" / "static" / name).read_bytes()


def _client(request: Request) -> int:
    """The client's address as a number (for the per-address gate)."""
    host = request.client.host if request.client else ""
    try:
        return int(ipaddress.ip_address(host))
    except ValueError:
        return 0


def _stamp(profile: Profile, dash: Dashboard) -> str:
    """What a card's address carries: the score's moment and which channels it shows, so a
    card cached for good is never the wrong one."""
    return f"{int(dash.computed_at.timestamp())}{'a' if profile.show_unverified else 'v'}"


def dashboard_routes(services: Services, public_url: str) -> list[Route]:
    """The Mini App, its API and the public profiles."""
    index = _static("index.html")
    assets = {name: _static(name) for name in STATIC}
    per_user = CommandGate(private=30, group=30)  # API calls a minute, per user
    per_address = CommandGate(private=120, group=60)  # any request a minute, per address
    cards: OrderedDict[tuple[str, str], bytes] = OrderedDict()

    async def app(request: Request) -> Response:
        return Response(index, media_type="text/html; charset=utf-8", headers=APP_HEADERS)

    async def asset(request: Request) -> Response:
        name = request.path_params["name"]
        if name not in assets:
            return PlainTextResponse("not found", 404)
        kind = "text/javascript" if name.endswith(".js") else "text/css"
        headers = {**APP_HEADERS, "Cache-Control": "public, max-age=3600"}
        return Response(assets[name], media_type=f"{kind}; charset=utf-8", headers=headers)

    def _refuse(request: Request, status: int, why: str) -> Response:
        """A refusal in the language the Telegram data claims (it is only words), else the
        browser's."""
        claimed = claimed_language(request.headers.get("authorization", "").partition(" ")[2])
        language = browser_language(claimed or request.headers.get("accept-language", ""))
        words = labels(language)
        message = (
            words["denied"] if status in (401, 403) else words["refused"] if status == 400
            else words["failed"]
        )  # fmt: skip
        return JSONResponse({"error": why, "message": message}, status, headers=API_HEADERS)

    def _caller(request: Request) -> WebAppUser | Response:
        """Who is asking, proven by Telegram's signature, within the limits; or the refusal."""
        if not per_address.allow(_client(request), 1, private=True):
            return _refuse(request, 429, "slow down")
        scheme, _, given = request.headers.get("authorization", "").partition(" ")
        token = services.settings.telegram_token or ""
        checked = (
            validate(given.strip(), token, services.now())
            if scheme.lower() == "tma" and token
            else Refused.MISSING
        )
        if isinstance(checked, Refused):
            return _refuse(request, 401, checked.value)
        if not per_user.allow(checked.id, 0, private=True):
            return _refuse(request, 429, "slow down")
        return checked

    async def settings(request: Request) -> Response:
        """One choice from the dashboard's settings form: ``{"name": …, "value": …}``."""
        checked = _caller(request)
        if isinstance(checked, Response):
            return checked
        body = await request.body()
        try:
            choice = json.loads(body) if len(body) <= MAX_CHOICE else None
        except ValueError:
            choice = None
        name = choice.get("name") if isinstance(choice, dict) else None
        user = (
            change_setting(
                services.db,
                checked.id,
                services.now(),
                name,
                choice.get("value"),
                SUPPORTED_LANGUAGES,
            )
            if isinstance(name, str) and isinstance(choice, dict)
            else None
        )
        if user is None:
            return _refuse(request, 400, "not a setting")
        return JSONResponse(settings_json(user), headers=API_HEADERS)

    async def api(request: Request) -> Response:
        checked = _caller(request)
        if isinstance(checked, Response):
            return checked
        dash = dashboard(services.db, checked.id, services.now())
        if dash is None:
            return _refuse(request, 403, "unknown")  # signed, but no user of this bot
        if isinstance(dash, NoChannels):
            language = dash.user.language
            empty = {"lang": language, "labels": labels(language), "empty": True}
            return JSONResponse(empty, headers=API_HEADERS)
        return JSONResponse(dashboard_json(dash.user.language, dash), headers=API_HEADERS)

    def _public(request: Request) -> tuple[Profile, Dashboard] | Response:
        """The profile at the path's slug and what it shows, within the per-address limit;
        or the answer that there is nothing to show (the same for a wrong and a gone slug)."""
        if not per_address.allow(_client(request), 2, private=False):
            return PlainTextResponse("slow down", 429)
        found = profile_at(services.db, request.path_params["slug"][:64])
        dash = (
            dashboard(services.db, found.user_id, services.now(), detail=False) if found else None
        )
        if found is None or not isinstance(dash, Dashboard):
            return PlainTextResponse("not found", 404, headers={"Cache-Control": "no-store"})
        return found, dash

    async def profile(request: Request) -> Response:
        public = _public(request)
        if isinstance(public, Response):
            return public
        found, dash = public
        language = browser_language(request.headers.get("accept-language", ""))
        stamp = _stamp(found, dash)
        base = f"{public_url}/p/{found.slug}"
        html = profile_html(
            language, dash, shown_channels(dash, found.show_unverified),
            card_url=f"{base}/card-{stamp}.png", page_url=base, findable=found.findable,
        )  # fmt: skip
        headers = dict(PROFILE_HEADERS)
        if not found.findable:
            headers["X-Robots-Tag"] = "noindex, nofollow"
        return Response(html, media_type="text/html; charset=utf-8", headers=headers)

    async def card(request: Request) -> Response:
        public = _public(request)
        if isinstance(public, Response):
            return public
        found, dash = public
        stamp = _stamp(found, dash)
        if request.path_params["stamp"] != stamp:  # an old card's address: the page has moved on
            return PlainTextResponse("not found", 404, headers={"Cache-Control": "no-store"})
        key = (found.slug, stamp)
        png = cards.get(key)
        if png is None:  # in the owner's language: one card a score, cached for good
            language = dash.user.language
            channels = shown_channels(dash, found.show_unverified)
            png = await asyncio.to_thread(card_png, language, dash, channels)
            cards[key] = png
            while len(cards) > CARDS_KEPT:
                cards.popitem(last=False)
        return Response(png, media_type="image/png", headers=CARD_HEADERS)

    route: Callable[[Request], Awaitable[Response]]
    routes = [
        Route("/app", app, methods=["GET"]),
        Route("/api/settings", settings, methods=["POST"]),
    ]
    for path, route in (
        ("/app/{name}", asset),
        ("/api/dashboard", api),
        ("/p/{slug}", profile),
        ("/p/{slug}/card-{stamp}.png", card),
    ):
        routes.append(Route(path, route, methods=["GET"]))
    return routes

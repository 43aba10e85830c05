"""Fake OAuth providers on the fake platforms' server: Meta's dialog and token endpoints,
GitHub's device flow, and a Mastodon server's app registration and sign-in.

Each keeps the rules a real one keeps, so the bot is held to them: a code is good once and
for its redirect URI only, a PKCE verifier must match its challenge, the client secret must
be the app's, and errors come in the documented forms (Meta's ``{"error": {…}}`` envelope,
OAuth's ``{"error": "invalid_grant"}``, GitHub's ``authorization_pending``).
"""

from __future__ import annotations

import base64
import hashlib
import itertools
import json
import threading
from html import escape
from typing import Any
from urllib.parse import urlencode

from werkzeug.wrappers import Request, Response

from tests.fakes.platforms import FakePlatforms, fixture_json

META_APP = ("1234567890123456", "meta-app-secret-for-the-fake")
GITHUB_CLIENT = "Iv1.fakegithubclient"
SIGNED_IN_TOKEN = "EAAGm0PX4ZCpsBASignedInLongLivedUserToken0123456789abcXYZ"
SHORT_TOKEN = "EAAGm0PX4ZCpsBAShortLivedUserTokenFromCode0123456789abcXYZ"
GITHUB_DEVICE_TOKEN = "gho_fakeDeviceFlowToken0123456789"
MASTODON_TOKEN = "masto-user-token-for-the-fake"
THREADS_APP = ("threads-app-id", "threads-app-secret-for-the-fake")
THREADS_SHORT = "THAA" + "s" * 60
THREADS_LONG = "THAA" + "l" * 60


def _json(data: Any, status: int = 200) -> Response:
    return Response(json.dumps(data), status, mimetype="application/json")


def _challenge(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode()).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


class FakeProviders:
    """The providers, as routes of ``platforms`` (one local server for everything)."""

    def __init__(self, platforms: FakePlatforms) -> None:
        self.platforms = platforms
        self._lock = threading.Lock()
        self._codes = itertools.count(1)
        #: code -> (redirect_uri, PKCE challenge or None, what it grants)
        self.codes: dict[str, tuple[str, str | None, str]] = {}
        self.exchanged: list[str] = []  # codes exchanged (each at most once)
        self.polls = 0
        self.pending_polls = 2  # GitHub says "authorization_pending" this often first
        self.device_user = "jacquev6"  # who types the code at GitHub
        self.mastodon_apps: dict[str, tuple[str, str]] = {}  # client_id -> (secret, redirect)
        self.revoked: list[str] = []
        self.secrets_seen: list[str] = []  # client secrets that reached the token endpoints
        routes = {
            "/meta/dialog": self._consent,
            "/meta/decide": self._decide,
            "/threads/dialog": self._consent,
            "/threads/decide": self._decide,
            "/graph/oauth/access_token": self._meta_token,
            "/github-login/login/device/code": self._device_code,
            "/github-login/login/oauth/access_token": self._device_token,
            "/user": self._github_me,
            "/api/v1/apps": self._mastodon_apps,
            "/oauth/authorize": self._consent,
            "/oauth/decide": self._decide,
            "/oauth/token": self._mastodon_token,
            "/oauth/revoke": self._mastodon_revoke,
            "/api/v1/accounts/verify_credentials": self._verify_credentials,
        }
        for path, handler in routes.items():
            platforms.override(path, handler)

    # -- the consent page (Meta's dialog, a Mastodon server's authorize page) -----------------
    def _consent(self, request: Request) -> Response:
        """The provider's page: the app's name, and two links, Allow and Cancel."""
        args = request.args
        decide = request.path.replace("dialog", "decide").replace("authorize", "decide")
        base = {k: args.get(k, "") for k in ("redirect_uri", "state", "code_challenge")}
        base["grants"] = request.path.strip("/").split("/")[0]  # meta, threads, oauth
        allow = escape(f"{decide}?{urlencode({**base, 'answer': 'allow'})}")
        cancel = escape(f"{decide}?{urlencode({**base, 'answer': 'cancel'})}")
        html = (
            "<!doctype html><title>Log in</title><h1>Resonance wants to read your Pages</h1>"
            f'<a id="allow" href="{allow}">Allow</a> <a id="cancel" href="{cancel}">Cancel</a>'
        )
        return Response(html, 200, mimetype="text/html")

    def _decide(self, request: Request) -> Response:
        args = request.args
        redirect, state = args["redirect_uri"], args["state"]
        if args.get("answer") != "allow":
            refusal = {
                "error": "access_denied",
                "error_code": "200",
                "error_description": "Permissions error",
                "error_reason": "user_denied",
                "state": state,
            }
            return Response("", 302, headers={"Location": f"{redirect}?{urlencode(refusal)}"})
        with self._lock:
            code = f"code-{next(self._codes)}"
            self.codes[code] = (redirect, args.get("code_challenge") or None, args["grants"])
        target = f"{redirect}?{urlencode({'code': code, 'state': state})}#_=_"
        return Response("", 302, headers={"Location": target})

    def _spend(self, form: Any) -> tuple[str, str] | Response:
        """(what the code grants, its redirect) once; the documented error otherwise."""
        code = str(form.get("code", ""))
        with self._lock:
            known = self.codes.pop(code, None)
            self.exchanged.append(code)
        if known is None:
            return _json(
                {"error": "invalid_grant", "error_description": "code used or unknown"}, 400
            )
        redirect, challenge, grants = known
        if form.get("redirect_uri") != redirect:
            return _json({"error": "invalid_grant", "error_description": "redirect_uri"}, 400)
        if challenge and _challenge(str(form.get("code_verifier", ""))) != challenge:
            return _json({"error": "invalid_grant", "error_description": "PKCE"}, 400)
        return grants, redirect

    # -- Meta ----------------------------------------------------------------------------------
    def _meta_token(self, request: Request) -> Response:
        form = request.form
        if "access_token" in request.args or "client_secret" in request.args:
            return _json({"error": {"message": "secrets in the URL", "code": 1}}, 400)
        self.secrets_seen.append(str(form.get("client_secret")))
        if form.get("client_id") != META_APP[0] or form.get("client_secret") != META_APP[1]:
            body = {
                "error": {
                    "message": "Error validating client secret.",
                    "type": "OAuthException",
                    "code": 1,
                }
            }
            return _json(body, 400)
        if form.get("grant_type") == "fb_exchange_token":
            if form.get("fb_exchange_token") != SHORT_TOKEN:
                return _json({"error": {"message": "Invalid OAuth access token", "code": 190}}, 400)
            self.platforms.graph_tokens[SIGNED_IN_TOKEN] = "signed"
            return _json(
                {"access_token": SIGNED_IN_TOKEN, "token_type": "bearer", "expires_in": 5183944}
            )
        spent = self._spend(form)
        if isinstance(spent, Response):
            return spent
        return _json({"access_token": SHORT_TOKEN, "token_type": "bearer", "expires_in": 5400})

    # -- Threads (its token endpoints live on graph.threads.net, another server) ------------
    def serve_threads(self, server: Any, valid: set[str]) -> None:
        """Threads' token endpoints on ``server``; the long-lived token joins ``valid``."""
        server.expect_request("/oauth/access_token", method="POST").respond_with_handler(
            self._threads_token
        )

        def lasting(request: Request) -> Response:
            args = request.args
            if (
                args.get("grant_type") != "th_exchange_token"
                or args.get("access_token") != THREADS_SHORT
            ):
                return _json({"error": {"message": "Invalid OAuth access token", "code": 190}}, 400)
            if args.get("client_secret") != THREADS_APP[1]:
                return _json(
                    {"error": {"message": "Error validating client secret", "code": 1}}, 400
                )
            valid.add(THREADS_LONG)
            return _json(
                {"access_token": THREADS_LONG, "token_type": "bearer", "expires_in": 5183944}
            )

        server.expect_request("/access_token").respond_with_handler(lasting)

    def _threads_token(self, request: Request) -> Response:
        form = request.form
        if form.get("client_id") != THREADS_APP[0] or form.get("client_secret") != THREADS_APP[1]:
            return _json({"error": {"message": "Invalid client", "code": 101}}, 400)
        spent = self._spend(form)
        if isinstance(spent, Response):
            return spent
        return _json({"access_token": THREADS_SHORT, "user_id": 17841400000000001})

    # -- GitHub's device flow --------------------------------------------------------------------
    def _device_code(self, request: Request) -> Response:
        if request.form.get("client_id") != GITHUB_CLIENT:
            return _json({"error": "incorrect_client_credentials"}, 400)
        return _json(
            {
                "device_code": "dev-code-0001",
                "user_code": "WDJB-MJHT",
                "verification_uri": "https://github.com/login/device",
                "expires_in": 30,
                "interval": 0.2,
            }
        )

    def _device_token(self, request: Request) -> Response:
        form = request.form
        if form.get("device_code") != "dev-code-0001":
            return _json({"error": "incorrect_device_code"})
        with self._lock:
            self.polls += 1
            waiting = self.polls <= self.pending_polls
        if waiting:
            return _json({"error": "authorization_pending"})  # GitHub answers 200 with it
        if self.device_user == "":
            return _json({"error": "access_denied"})
        return _json({"access_token": GITHUB_DEVICE_TOKEN, "token_type": "bearer", "scope": ""})

    def _github_me(self, request: Request) -> Response:
        if request.headers.get("Authorization") != f"Bearer {GITHUB_DEVICE_TOKEN}":
            return _json({"message": "Requires authentication"}, 401)
        user = fixture_json("github/user.json")
        if self.device_user != user["login"]:
            user = {**user, "id": 999, "login": self.device_user}
        return _json(user)

    # -- a Mastodon server -------------------------------------------------------------------------
    def _mastodon_apps(self, request: Request) -> Response:
        form = request.form
        if form.get("scopes") != "read:accounts":
            return _json({"error": "only read:accounts here"}, 422)
        with self._lock:
            client_id = f"masto-client-{len(self.mastodon_apps) + 1}"
            self.mastodon_apps[client_id] = ("masto-secret", str(form.get("redirect_uris")))
        return _json({"client_id": client_id, "client_secret": "masto-secret", "name": "Resonance"})

    def _mastodon_token(self, request: Request) -> Response:
        form = request.form
        app = self.mastodon_apps.get(str(form.get("client_id")))
        if app is None or form.get("client_secret") != app[0]:
            return _json({"error": "invalid_client"}, 401)
        spent = self._spend(form)
        if isinstance(spent, Response):
            return spent
        return _json(
            {"access_token": MASTODON_TOKEN, "token_type": "Bearer", "scope": "read:accounts"}
        )

    def _verify_credentials(self, request: Request) -> Response:
        if request.headers.get("Authorization") != f"Bearer {MASTODON_TOKEN}":
            return _json({"error": "The access token is invalid"}, 401)
        account = fixture_json("mastodon/account_lookup.json")
        return _json(account)

    def _mastodon_revoke(self, request: Request) -> Response:
        self.revoked.append(str(request.form.get("token")))
        return _json({})

"""Verify a GitHub account by signing in: OAuth's device flow (RFC 8628), which needs no public
URL. The operator's OAuth app (``GITHUB_OAUTH_CLIENT_ID``, with the device flow enabled)
asks GitHub for a code; the user types it at github.com/login/device; the bot asks GitHub
every few seconds whether they have, then reads who signed in. No scope is asked for, and
the token is forgotten as soon as the account is known.
"""

from __future__ import annotations

from authlib.oauth2.rfc6749.errors import OAuth2Error

from scoring.sources.base import Secret, SourceConfig
from scoring.sources.errors import SourceError, Unavailable
from scoring.sources.github import LOGIN
from scoring.sources.http import HttpClient
from scoring.sources.signin import (
    App,
    DeviceCode,
    Offer,
    Pending,
    SignInRefused,
    SignInSpec,
    oauth_client,
)

DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code"
_JSON = {"Accept": "application/json"}


class GitHubDeviceSignIn:
    name = "github"

    def __init__(self, config: SourceConfig, http: HttpClient) -> None:
        self.login = config.api_url(LOGIN.key, LOGIN.default).rstrip("/")
        self.api = config.api_url("github", "https://api.github.com").rstrip("/")
        self.client_id = config.key("GITHUB_OAUTH_CLIENT_ID") or ""
        self.http = http

    def start(self) -> DeviceCode:
        response = self.http.post(
            f"{self.login}/login/device/code",
            data={"client_id": self.client_id, "scope": ""},
            headers=_JSON,
            accept=(400, 401, 404),
        )
        raw = response.json()
        if response.status >= 400 or not isinstance(raw, dict) or "device_code" not in raw:
            error = raw.get("error") if isinstance(raw, dict) else None
            raise SignInRefused("provider", str(error or f"GitHub answered {response.status}"))
        return DeviceCode(
            device_code=str(raw["device_code"]),
            user_code=str(raw["user_code"]),
            verification_uri=str(raw.get("verification_uri") or f"{self.login}/login/device"),
            interval=float(raw.get("interval") or 5),
            expires_in=float(raw.get("expires_in") or 900),
        )

    def poll(self, code: DeviceCode, interval: float) -> Secret | Pending:
        client = oauth_client(self.http, App(self.client_id, ""), pkce=False)
        try:
            token = client.fetch_token(
                f"{self.login}/login/oauth/access_token",
                grant_type=DEVICE_GRANT,
                device_code=code.device_code,
                headers=_JSON,
            )
        except OAuth2Error as exc:
            error = str(exc.error)
            if error == "authorization_pending":
                return Pending(interval)
            if error == "slow_down":
                return Pending(interval + 5)
            reason = {"access_denied": "declined", "expired_token": "expired"}.get(error)
            raise SignInRefused(reason or "provider", error) from exc
        except (ValueError, KeyError) as exc:
            raise SignInRefused("provider", "the token answer was not understood") from exc
        access = token.get("access_token")
        if not isinstance(access, str) or not access:
            raise SignInRefused("provider", "no access token in the answer")
        return Secret(access)

    def offers(self, token: Secret, *, server: str) -> list[Offer]:
        """Who signed in: their GitHub user id (what a GitHub channel is stored under)."""
        headers = {"Authorization": f"Bearer {token.reveal()}", **_JSON}
        try:
            raw = self.http.get(f"{self.api}/user", headers=headers).json()
        except SourceError as exc:
            raise SignInRefused("provider", str(exc)) from exc
        if not isinstance(raw, dict) or "id" not in raw:
            raise SignInRefused("provider", str(Unavailable("GitHub sent no user")))
        return [Offer("github", str(raw["id"]), str(raw.get("login") or raw["id"]))]


SIGN_IN = SignInSpec(
    name="github",
    display="GitHub",
    platforms=("github",),
    purpose="verify",
    redirect=False,
    needs=("GITHUB_OAUTH_CLIENT_ID",),
    build=lambda config, http: GitHubDeviceSignIn(config, http),
)

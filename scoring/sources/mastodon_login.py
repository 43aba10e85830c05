"""Verify a Mastodon account by signing in on the user's own server.

Each server is its own provider: the bot registers an app there once (``/api/v1/apps``,
scope ``read:accounts`` only, our callback as the redirect), sends the user to the server's
authorization page with PKCE, exchanges the code, reads who signed in
(``verify_credentials``) and revokes the token at once: nothing is kept but the proof. The
server's address is the user's, so every request passes the address guard.
"""

from __future__ import annotations

from scoring.sources.base import Secret, SourceConfig
from scoring.sources.errors import SourceError
from scoring.sources.http import HttpClient
from scoring.sources.signin import App, Offer, SignInRefused, SignInSpec, fetch_token, oauth_client

SCOPE = "read:accounts"


class MastodonSignIn:
    name = "mastodon"
    pkce = True  # Mastodon 4.3+ checks it; older servers ignore it

    def __init__(self, config: SourceConfig, http: HttpClient) -> None:
        self.http = http
        self.website = "https://github.com/resonance-bot"

    def register(self, server: str, redirect_uri: str) -> App:
        """An app of ours on ``server`` (an origin), made for our callback."""
        try:
            raw = self.http.post(
                f"{server}/api/v1/apps",
                data={
                    "client_name": "Resonance",
                    "redirect_uris": redirect_uri,
                    "scopes": SCOPE,
                    "website": self.website,
                },
            ).json()
        except SourceError as exc:
            raise SignInRefused("provider", str(exc)) from exc
        if not isinstance(raw, dict) or not raw.get("client_id") or not raw.get("client_secret"):
            raise SignInRefused("provider", "the server registered no app")
        return App(str(raw["client_id"]), str(raw["client_secret"]))

    def authorize_url(
        self, app: App, *, state: str, redirect_uri: str, verifier: str | None, server: str
    ) -> str:
        client = oauth_client(self.http, app, redirect_uri=redirect_uri, pkce=self.pkce)
        url, _ = client.create_authorization_url(
            f"{server}/oauth/authorize", state=state, code_verifier=verifier, scope=SCOPE
        )
        return str(url)

    def exchange(
        self, app: App, *, code: str, redirect_uri: str, verifier: str | None, server: str
    ) -> Secret:
        client = oauth_client(self.http, app, redirect_uri=redirect_uri, pkce=self.pkce)
        extra = {"code_verifier": verifier} if verifier else {}
        return fetch_token(client, f"{server}/oauth/token", code=code, scope=SCOPE, **extra)

    def offers(self, token: Secret, *, server: str) -> list[Offer]:
        """Who signed in, as a Mastodon channel's id (``ID@SERVER``)."""
        headers = {"Authorization": f"Bearer {token.reveal()}"}
        try:
            raw = self.http.get(
                f"{server}/api/v1/accounts/verify_credentials", headers=headers
            ).json()
        except SourceError as exc:
            raise SignInRefused("provider", str(exc)) from exc
        if not isinstance(raw, dict) or "id" not in raw:
            raise SignInRefused("provider", "the server named no account")
        name = str(raw.get("display_name") or raw.get("username") or raw["id"])
        return [Offer("mastodon", f"{raw['id']}@{server}", name)]

    def revoke(self, app: App, token: Secret, *, server: str) -> None:
        """Give the token back: the proof is all we keep (a failure here changes nothing)."""
        data = {"client_id": app.client_id, "client_secret": app.client_secret}
        try:
            self.http.post(f"{server}/oauth/revoke", data={**data, "token": token.reveal()})
        except SourceError:
            return


SIGN_IN = SignInSpec(
    name="mastodon",
    display="Mastodon",
    platforms=("mastodon",),
    purpose="verify",
    redirect=True,
    needs=(),
    build=lambda config, http: MastodonSignIn(config, http),
    per_server=True,
)

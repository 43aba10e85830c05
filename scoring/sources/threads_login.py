"""Sign in with Threads: the operator's Threads app (``THREADS_APP_ID``, ``THREADS_APP_SECRET``).

Threads' authorization page gives a code; the server exchanges it for a short-lived token
(an hour), that for a long-lived one (60 days), which links the account; the weekly refresh
keeps it alive as for a pasted token (scoring/sources/threads.py).
"""

from __future__ import annotations

from scoring.sources.base import Secret, SourceConfig
from scoring.sources.errors import SourceError
from scoring.sources.graph import GraphClient
from scoring.sources.http import HttpClient
from scoring.sources.signin import App, Offer, SignInRefused, SignInSpec, fetch_token, oauth_client
from scoring.sources.threads import AUTH_ENDPOINT, DIALOG, ENDPOINT

SCOPES = ("threads_basic", "threads_manage_insights", "threads_read_replies")


class ThreadsSignIn:
    name = "threads"
    pkce = False  # Threads documents no PKCE for its authorization code

    def __init__(self, config: SourceConfig, http: HttpClient) -> None:
        self.dialog = config.api_url(DIALOG.key, DIALOG.default)
        self.auth = GraphClient(http, config.api_url(AUTH_ENDPOINT.key, AUTH_ENDPOINT.default))
        self.graph = GraphClient(http, config.api_url(ENDPOINT.key, ENDPOINT.default))
        self.http = http

    def authorize_url(
        self, app: App, *, state: str, redirect_uri: str, verifier: str | None, server: str
    ) -> str:
        client = oauth_client(self.http, app, redirect_uri=redirect_uri, pkce=False)
        url, _ = client.create_authorization_url(self.dialog, state=state, scope=",".join(SCOPES))
        return str(url)

    def exchange(
        self, app: App, *, code: str, redirect_uri: str, verifier: str | None, server: str
    ) -> Secret:
        client = oauth_client(self.http, app, redirect_uri=redirect_uri, pkce=False)
        short = fetch_token(client, f"{self.auth.base}/oauth/access_token", code=code)
        try:
            lasting = self.auth.exchange(
                short,
                "access_token",
                grant_type="th_exchange_token",
                client_secret=app.client_secret,
            )
        except SourceError as exc:
            raise SignInRefused("provider", str(exc)) from exc
        token = lasting.get("access_token")
        if not isinstance(token, str) or not token:
            raise SignInRefused("provider", "no long-lived token in the answer")
        return Secret(token)

    def offers(self, token: Secret, *, server: str) -> list[Offer]:
        try:
            me = self.graph.get(token, "me", fields="id,username,name")
        except SourceError as exc:
            raise SignInRefused("provider", str(exc)) from exc
        username = str(me.get("username") or "")
        if not username:
            raise SignInRefused("no_accounts")
        return [Offer("threads", f"@{username}", str(me.get("name") or username), token)]


SIGN_IN = SignInSpec(
    name="threads",
    display="Threads",
    platforms=("threads",),
    purpose="connect",
    redirect=True,
    needs=("THREADS_APP_ID", "THREADS_APP_SECRET"),
    build=lambda config, http: ThreadsSignIn(config, http),
)

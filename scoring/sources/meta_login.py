"""Sign in with Facebook: the operator's Meta app (``META_APP_ID``, ``META_APP_SECRET``) asks
the user for their Pages, and hands over a token per Page and Instagram account.

The code from Meta's dialog is exchanged on the server for a user token, that one for a
long-lived user token (``fb_exchange_token``); ``me/accounts`` lists the Pages the user
manages, each with its own Page token (which does not expire when it comes from a long-lived
user token), and the Instagram professional account attached to each. A Page is linked with
its Page token, an Instagram account with the long-lived user token. Meta's app in
development mode lets its own admins, developers and testers sign in without App Review.
"""

from __future__ import annotations

from typing import Any

from scoring.sources.base import Secret, SourceConfig
from scoring.sources.errors import SourceError
from scoring.sources.facebook import DIALOG
from scoring.sources.graph import ENDPOINT, GraphClient
from scoring.sources.http import HttpClient
from scoring.sources.signin import App, Offer, SignInRefused, SignInSpec, fetch_token, oauth_client

#: What a read needs: the Pages and their engagement, and the Instagram accounts on them.
SCOPES = ("pages_show_list", "pages_read_engagement", "instagram_basic")
ACCOUNTS_FIELDS = "id,name,access_token,instagram_business_account{id,username,name}"


class MetaSignIn:
    """Facebook Login: the dialog, the two exchanges, and the Pages it gives."""

    name = "meta"
    pkce = True

    def __init__(self, config: SourceConfig, http: HttpClient) -> None:
        self.dialog = config.api_url(DIALOG.key, DIALOG.default)
        self.graph = GraphClient(http, config.api_url(ENDPOINT.key, ENDPOINT.default))
        self.http = http

    def authorize_url(
        self, app: App, *, state: str, redirect_uri: str, verifier: str | None, server: str
    ) -> str:
        client = oauth_client(self.http, app, redirect_uri=redirect_uri, pkce=self.pkce)
        url, _ = client.create_authorization_url(
            self.dialog, state=state, code_verifier=verifier, scope=",".join(SCOPES)
        )
        return str(url)

    def exchange(
        self, app: App, *, code: str, redirect_uri: str, verifier: str | None, server: str
    ) -> Secret:
        """The code for a user token, that for a long-lived one (both by POST: the app
        secret in the body)."""
        client = oauth_client(self.http, app, redirect_uri=redirect_uri, pkce=self.pkce)
        endpoint = f"{self.graph.base}/oauth/access_token"
        extra = {"code_verifier": verifier} if verifier else {}
        short = fetch_token(client, endpoint, code=code, **extra)
        lasting = oauth_client(self.http, app, pkce=False)
        return fetch_token(
            lasting, endpoint, grant_type="fb_exchange_token", fb_exchange_token=short.reveal()
        )

    def offers(self, token: Secret, *, server: str) -> list[Offer]:
        """Every Page the user manages and each Instagram account on one; SignInRefused when
        a permission was left out, or there is nothing to link."""
        try:
            granted = {
                str(p.get("permission"))
                for p in self.graph.edge(token, "me/permissions", 100)
                if p.get("status") == "granted"
            }
            pages = list(self.graph.edge(token, "me/accounts", 100, fields=ACCOUNTS_FIELDS))
        except SourceError as exc:
            raise SignInRefused("provider", str(exc)) from exc
        missing = [s for s in SCOPES[:2] if s not in granted]
        if missing:
            raise SignInRefused("permissions", ", ".join(missing))
        found = [offer for page in pages for offer in _offers(page, token)]
        if not found:
            raise SignInRefused("no_accounts")
        return found


def _offers(page: dict[str, Any], user_token: Secret) -> list[Offer]:
    found = []
    page_token = page.get("access_token")
    if page.get("id") and isinstance(page_token, str) and page_token:
        found.append(Offer("facebook", str(page["id"]), str(page.get("name") or page["id"]),
                           Secret(page_token)))  # fmt: skip
    instagram = page.get("instagram_business_account") or {}
    if isinstance(instagram, dict) and instagram.get("id"):
        name = str(instagram.get("username") or instagram.get("name") or instagram["id"])
        found.append(Offer("instagram", str(instagram["id"]), name, user_token))
    return found


SIGN_IN = SignInSpec(
    name="meta",
    display="Facebook",
    platforms=("facebook", "instagram"),
    purpose="connect",
    redirect=True,
    needs=("META_APP_ID", "META_APP_SECRET"),
    build=lambda config, http: MetaSignIn(config, http),
)

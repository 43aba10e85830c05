"""The sign-ins the platforms offer, registered in one place like the platforms themselves."""

from __future__ import annotations

from collections.abc import Collection, Mapping

from scoring.sources import github_login, mastodon_login, meta_login, threads_login
from scoring.sources.base import SourceConfig
from scoring.sources.http import HttpClient, make_session
from scoring.sources.signin import DeviceSignIn, RedirectSignIn, SignInSpec
from scoring.sources.url_guard import check_url

SIGN_INS: Mapping[str, SignInSpec] = {
    spec.name: spec
    for spec in (
        meta_login.SIGN_IN,
        threads_login.SIGN_IN,
        github_login.SIGN_IN,
        mastodon_login.SIGN_IN,
    )
}


def sign_in_for(platform: str, purpose: str) -> SignInSpec | None:
    """The sign-in that connects (or verifies) ``platform``'s channels, if any."""
    return next(
        (s for s in SIGN_INS.values() if platform in s.platforms and s.purpose == purpose), None
    )


def configured(config: SourceConfig, *, public_url: str | None) -> dict[str, SignInSpec]:
    """The sign-ins this installation can offer: their app's keys set, and a public URL for
    those that run in the browser."""
    return {
        name: spec
        for name, spec in SIGN_INS.items()
        if spec.app(config) is not None and (public_url or not spec.redirect)
    }


def build_sign_ins(
    config: SourceConfig, specs: Mapping[str, SignInSpec]
) -> dict[str, RedirectSignIn | DeviceSignIn]:
    """A provider for each of ``specs``, each with its own HTTP client under the policy (a
    user's own server behind the address guard)."""

    def http(user_supplied: bool) -> HttpClient:
        guard = None
        if user_supplied:

            def guard(url: str) -> str:
                return check_url(url, allow_private=config.allow_private_network)

        session = make_session(
            config.http, check_peer=user_supplied and not config.allow_private_network
        )
        return HttpClient(session, config.http, guard=guard)

    return {name: spec.build(config, http(spec.per_server)) for name, spec in specs.items()}


def sign_in_states(
    keys: Collection[str], *, public_url: str | None, vault: bool
) -> list[tuple[str, str]]:
    """For the operator: each sign-in, and "on" or the settings it still needs."""
    states = []
    for spec in SIGN_INS.values():
        missing = [k for k in spec.needs if k not in keys]
        if spec.redirect and public_url is None:
            missing.append("RESONANCE_PUBLIC_URL")
        if spec.redirect and not vault:
            missing.append("RESONANCE_SECRET_KEY")
        what = f"{spec.display} ({spec.purpose}: {', '.join(spec.platforms)})"
        states.append((what, "on" if not missing else "needs " + ", ".join(missing)))
    return states

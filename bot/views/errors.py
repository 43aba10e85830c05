"""What a failed read means to the user: one table, keyed by the error kind's ``code``.

Each code has a short ``reason`` (stored as a channel's last error and shown in /channels and
/refresh's progress) and a ``sentence`` (the answer to /link). Sentences may use ``{platform}``,
``{query}``, ``{examples}``, ``{minutes}``, ``{settings}`` and ``{host}``.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.views import counts, platforms
from bot.views.i18n import N_, Html, t, tn
from scoring.channel_data import short_name
from scoring.sources.errors import RateLimited, SourceError


@dataclass(frozen=True, slots=True)
class Words:
    reason: str
    sentence: str


WORDS: dict[str, Words] = {
    "invalid": Words(
        N_("the handle is not valid"),
        N_("That does not look like a {platform} handle or address. Examples: {examples}"),
    ),
    "not_found": Words(
        N_("the account was not found"),
        N_("I could not find {query} on {platform}. Is it spelled right?"),
    ),
    "forbidden": Words(
        N_("access was denied; the account may be private"),
        N_("{platform} does not let me read {query}; the account may be private."),
    ),
    "token_rejected": Words(
        N_("the access token stopped working (expired or revoked)"),
        N_(
            "{platform} did not accept that token for {query}: it may have expired or lack a "
            "permission. Nothing was stored; send /link again with a new token."
        ),
    ),
    "rate_limited": Words(
        N_("the platform asked me to slow down"),
        N_("{platform} asked me to slow down. Please try again in {minutes}."),
    ),
    "over_share": Words(
        N_("read at the next refresh: you asked this platform for a lot this hour"),
        N_(
            "You have asked {platform} for a lot this hour, and its allowance is shared by "
            "everyone here. Please try again in {minutes}."
        ),
    ),
    "unavailable": Words(
        N_("the platform could not be reached"),
        N_("{platform} could not be reached right now. Please try again later."),
    ),
    "certificate": Words(
        N_("its security certificate is not valid (expired, or for another address)"),
        N_(
            "The site of {query} has a security certificate that is not valid (expired, "
            "self-made or for another address), so I cannot read it safely. Once its owner renews "
            "it, send /link again."
        ),
    ),
    "malformed": Words(
        N_("the platform sent something unexpected"),
        N_(
            "{platform} sent something I did not expect. It is noted for the operator; please "
            "try again later."
        ),
    ),
    "unsafe_url": Words(
        N_("the address points somewhere private"),
        N_("I only read public http(s) addresses, and that one points somewhere private or local."),
    ),
    "url_credentials": Words(
        N_("its address holds a user name or password"),
        N_("I do not read addresses that hold a user name or password. Send it without them."),
    ),
    "no_such_host": Words(
        N_("its address leads to no server (misspelt, or the domain has lapsed)"),
        N_("I could not find {query}: no server is called {host}. Is the address spelled right?"),
    ),
    "not_configured": Words(
        N_("this platform is not switched on here"),
        N_("{platform} cannot be read on this Resonance yet: its operator has not switched it on."),
    ),
    "export_old": Words(
        N_("the last export is over 14 days old; send a fresh one"),
        N_("The last {platform} export is over 14 days old; send a fresh one."),
    ),
    "not_available": Words(
        N_("this platform is not available here"),
        platforms.NOT_AVAILABLE,
    ),
}


def words(code: str | None) -> Words:
    """The words for ``code`` (a code no longer known reads as "could not be reached")."""
    return WORDS.get(code or "", WORDS["unavailable"])


def reason(language: str, code: str | None) -> Html:
    return t(language, words(code).reason)


def sentence(language: str, exc: SourceError, platform: str, query: str) -> Html:
    """A clear, polite sentence for ``exc`` while linking ``query`` on ``platform``."""
    retry = exc.retry_after if isinstance(exc, RateLimited) else None
    return t(
        language,
        words(exc.code).sentence,
        platform=platforms.name(platform),
        query=short_name(query),
        examples=platforms.examples(platform),
        minutes=tn(language, counts.MINUTES, max(1, round((retry or 600) / 60))),
        settings=str(exc) or "?",
        host=short_name(str(getattr(exc, "host", "") or query)),
    )

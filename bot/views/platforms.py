"""How the bot names platforms and explains their handles to people (read from the registry)."""

from __future__ import annotations

from typing import Protocol

from bot.views.i18n import N_, gettext
from scoring.sources import registry

NOT_AVAILABLE = N_("Reading {platform} is not available on this Resonance. /help lists what is.")


def name(platform: str, language: str | None = None) -> str:
    """The platform's display name (in ``language`` for one whose name is words, not a
    brand: "self-reported")."""
    spec = registry.get(platform)
    if spec is not None and spec.translated_display and language is not None:
        return gettext(language, spec.display)
    return registry.display_name(platform)


def examples(platform: str) -> str:
    """What to type to name an account on the platform."""
    spec = registry.get(platform)
    return spec.examples if spec else ""


def token_help(language: str, platform: str) -> str:
    """Which token a platform read with the user's token needs, and where to get it."""
    spec = registry.get(platform)
    return gettext(language, spec.token_help) if spec and spec.token_help else ""


def import_help(language: str, platform: str) -> str:
    """Which file of the platform the bot imports, and where its owner finds it ("" if none)."""
    spec = registry.get(platform)
    return gettext(language, spec.import_help) if spec and spec.import_help else ""


PROOF_ANYWHERE = N_("On your profile: in its description or bio.")


def proof_help(language: str, platform: str) -> str:
    """Where the owner of a channel puts a verification code."""
    spec = registry.get(platform)
    return gettext(language, spec.proof_help if spec and spec.proof_help else PROOF_ANYWHERE)


def link_example() -> str:
    """A /link command to show as an example ("/link github alice")."""
    example = next((p.link_example for p in registry.platforms() if p.link_example), "")
    return f"/link {example}" if example else "/link URL"


VERIFIED_MARK = N_("✓ verified")
SELF_WRITTEN_MARK = N_("✎ its own numbers")
UNVERIFIED_MARK = N_("not verified")
CHANNEL_NAME = N_("{name} · {platform}")
CHANNEL_REPORTED = N_("{name} (self-reported)")
CHANNEL_IMPORTED = N_("{name} · {platform} (imported)")
CHANNEL_IMPORTED_ONLY = N_("{platform} (imported)")

_ORIGINS = ("read", "imported", "reported")


def channel_name(language: str, label: str, platform: str, origin: str | None = None) -> str:
    """How a channel is named everywhere: "Alice Schmidt · Bluesky" (plain text, unescaped).

    Two channels with the same display name on two networks are told apart by the platform,
    and a name that is only the platform's is said once ("LinkedIn", not "LinkedIn ·
    LinkedIn"); numbers a user brought say so: "XING (self-reported)", "Ada · X (imported)".
    ``origin`` is the channel's (storage's ``channels.origin``); without it the platform's
    usual one.
    """
    shown = name(platform, language)
    if origin not in _ORIGINS:
        origin = (
            "reported"
            if registry.is_self_reported(platform)
            else "imported"
            if registry.is_imported(platform)
            else "read"
        )
    same = label.casefold() == shown.casefold() or not label
    if origin == "reported":
        return gettext(language, CHANNEL_REPORTED).format(name=label)
    if origin == "imported":
        if same:
            return gettext(language, CHANNEL_IMPORTED_ONLY).format(platform=shown)
        return gettext(language, CHANNEL_IMPORTED).format(name=label, platform=shown)
    if same:
        return shown
    return gettext(language, CHANNEL_NAME).format(name=label, platform=shown)


class _Named(Protocol):
    @property
    def label(self) -> str: ...

    @property
    def platform(self) -> str: ...

    @property
    def origin(self) -> str: ...


def named(language: str, channel: _Named) -> str:
    """A stored channel's name (:func:`channel_name` with its own origin)."""
    return channel_name(language, channel.label, channel.platform, channel.origin)

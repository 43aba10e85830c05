"""People by name (issue 28, give and take): who replied to the user's posts, linked to their
profile, and whether the user answered."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from html import escape

from bot.views.i18n import P_, Html, number, tn
from scoring.sources import bluesky, mastodon

#: Where a person's profile is, by platform, from the handle the platform listed.
PROFILES: Mapping[str, Callable[[str], str | None]] = {
    "mastodon": mastodon.profile_url,
    "bluesky": bluesky.profile_url,
}

NONE_ANSWERED = P_(
    "{person} replied to {count} of your posts this month, and you have not answered yet.",
    "{person} replied to {count} of your posts this month, and you answered none of them.",
)
#: only where the person replied to more posts than the user answered, so never one post
SOME_ANSWERED = P_(
    "{person} replied to {count} of your posts this month; you answered only {answered} of them.",
    "{person} replied to {count} of your posts this month; you answered only {answered} of them.",
)


def person_link(platform: str, handle: str) -> Html:
    """The handle, linked to the person's profile where the platform has one."""
    profile = PROFILES.get(platform)
    url = profile(handle) if profile else None
    label = escape(handle, quote=False)
    if url is None:
        return Html(label)
    return Html(f'<a href="{escape(url, quote=True)}">{label}</a>')


def replied_line(language: str, platform: str, handle: str, replied: int, answered: int) -> Html:
    """ "NAME replied to 5 of your posts this month, and you answered none of them.\""""
    person = person_link(platform, handle)
    if answered <= 0:
        return tn(language, NONE_ANSWERED, replied, person=person)
    return tn(
        language, SOME_ANSWERED, replied, person=person, answered=number(language, answered, 0)
    )

"""People by name (issue 28, give and take): who replied to the user's posts, linked to their
profile, and whether the user answered."""

from __future__ import annotations

from html import escape

from bot.views.i18n import N_, P_, Html, number, t, tn
from scoring.sources import registry

NONE_ANSWERED = P_(
    "{person} replied to {count} of your posts this month, and you have not answered yet.",
    "{person} replied to {count} of your posts this month, and you answered none of them.",
)
#: only where the person replied to more posts than the user answered, so never one post
SOME_ANSWERED = P_(
    "{person} replied to {count} of your posts this month; you answered only {answered} of them.",
    "{person} replied to {count} of your posts this month; you answered only {answered} of them.",
)


#: /why, under a channel's interaction: how its likes, replies and reshares were counted as
#: people
WHY_PEOPLE = P_(
    "  from {count} person: one person's repeats count less ({known} likes, replies and "
    "reshares by them count as {credit})",
    "  from {count} people: one person's repeats count less ({known} likes, replies and "
    "reshares by them count as {credit})",
)
#: ... where nobody came twice (each person's first counts in full)
WHY_PEOPLE_ONCE = P_(
    "  from {count} person: their {known} likes, replies and reshares count in full (none "
    "liked, replied or reshared twice)",
    "  from {count} people: their {known} likes, replies and reshares count in full (none "
    "liked, replied or reshared twice)",
)
WHY_NO_PEOPLE = N_(
    "  this network does not list who liked or replied: its counts count as they are, not as people"
)


#: /why, under a channel whose numbers its owner writes
WHY_SELF_WRITTEN = N_(
    "  ✎ its numbers are written by its owner: they count here, not on group leaderboards"
)


def why_people(language: str, platform: str, people: int, known: int, credit: float) -> Html | None:
    """The /why line on people: how many were listed and what their likes and replies
    counted as; or that the network lists nobody; None while nobody was listed yet."""
    if not registry.lists_people(platform):
        return t(language, WHY_NO_PEOPLE)
    if people <= 0:
        return None
    if credit >= known - 0.05:  # "8 count as 8" was said as "repeats count less"
        return tn(language, WHY_PEOPLE_ONCE, people, known=number(language, known, 0))
    return tn(
        language, WHY_PEOPLE, people, known=number(language, known, 0),
        credit=number(language, credit),
    )  # fmt: skip


def person_link(platform: str, handle: str) -> Html:
    """The handle, linked to the person's profile where the platform has one."""
    url = registry.profile_url(platform, handle)
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

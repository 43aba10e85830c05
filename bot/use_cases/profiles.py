"""A public profile, opt-in (issue 29): turned on, off, moved to a new address, findable or
not, showing only verified channels or every one (marked). The chat's /share profile and the
dashboard use these; the pages read them through storage.profiles."""

from __future__ import annotations

from datetime import datetime
from enum import Enum

from sqlite_utils import Database

from storage.profiles import (
    Profile,
    close_profile,
    open_profile,
    profile_of,
    set_profile_options,
)


class ProfileAction(Enum):
    ON = "on"
    OFF = "off"
    NEW = "new"  # a new address; the old one shows nothing at once
    FINDABLE = "findable"  # search engines may list it
    HIDDEN = "hidden"  # noindex again (the default)
    ALL = "all"  # channels not verified and self-written numbers shown too, marked
    VERIFIED = "verified"  # only verified channels counted by a platform (the default)


#: What people type, in both languages, for each action.
WORDS = {
    "on": ProfileAction.ON, "an": ProfileAction.ON,
    "off": ProfileAction.OFF, "aus": ProfileAction.OFF,
    "new": ProfileAction.NEW, "neu": ProfileAction.NEW,
    "findable": ProfileAction.FINDABLE, "auffindbar": ProfileAction.FINDABLE,
    "hidden": ProfileAction.HIDDEN, "versteckt": ProfileAction.HIDDEN,
    "all": ProfileAction.ALL, "alle": ProfileAction.ALL,
    "verified": ProfileAction.VERIFIED, "verifiziert": ProfileAction.VERIFIED,
}  # fmt: skip


def change_profile(
    db: Database, user_id: int, action: ProfileAction, now: datetime
) -> Profile | None:
    """Apply ``action``; the profile as it is now (None: there is none). Options need a
    profile: asking for one without it turns it on first."""
    if action is ProfileAction.OFF:
        close_profile(db, user_id)
        return None
    if action is ProfileAction.NEW:
        return open_profile(db, user_id, now, new_slug=True)
    profile = open_profile(db, user_id, now)
    if action in (ProfileAction.FINDABLE, ProfileAction.HIDDEN):
        set_profile_options(db, user_id, findable=action is ProfileAction.FINDABLE)
    elif action in (ProfileAction.ALL, ProfileAction.VERIFIED):
        set_profile_options(db, user_id, show_unverified=action is ProfileAction.ALL)
    return profile_of(db, user_id) or profile

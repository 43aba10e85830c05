"""Give and take, by name (formula 3.0, issue 28): the people who reply to a user's posts and
whom the user has not answered. Pure.

A platform that lists who replied (Mastodon, Bluesky) gives each of the user's recent posts its
repliers and likers (:class:`scoring.channel_data.Engagement`), and the user's own replies say
whom they answered. A person is *unanswered* when they replied to more of the user's posts in
the last month than the user replied to them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from scoring.channel_data import EngagementKind
from scoring.model import ChannelInput

#: "this month": the people read are those of the last 30 days' posts (sources/people.py)
RECIPROCITY_DAYS = 30


@dataclass(frozen=True, slots=True)
class Unanswered:
    """A person who replied to the user's posts on one channel more than the user answered."""

    channel_id: int
    platform: str
    person_id: str
    handle: str
    replied: int  # the user's posts they replied to in the last 30 days
    liked: int  # ... that they liked
    answered: int  # the user's replies to them in the same 30 days

    @property
    def rank(self) -> tuple[int, int, int, str]:
        """Most replies first, then most likes, then fewest answers; by handle at a tie."""
        return (-self.replied, -self.liked, self.answered, self.handle)


def unanswered(channel: ChannelInput, now: datetime) -> list[Unanswered]:
    """The channel's unanswered people, the one who engages most first."""
    since = now - timedelta(days=RECIPROCITY_DAYS)
    replied: dict[str, set[str]] = {}
    liked: dict[str, set[str]] = {}
    answered: Counter[str] = Counter()
    handles: dict[str, str] = {}
    for e in channel.engagements:
        if e.at < since:
            continue
        if e.kind is EngagementKind.ANSWERED:
            answered[e.person_id] += 1
            continue
        if e.kind is EngagementKind.RESHARE:
            continue  # the tip names who replied, and counts their likes
        into = replied if e.kind is EngagementKind.REPLY else liked
        into.setdefault(e.person_id, set()).add(e.post_id)
        if e.handle.strip():  # shortened where it was read (channel_data.short_name)
            handles[e.person_id] = e.handle.strip()
    found = [
        Unanswered(
            channel.channel_id,
            channel.platform,
            person,
            handles[person],
            len(posts),
            len(liked.get(person, ())),
            answered[person],
        )
        for person, posts in replied.items()
        if person in handles and answered[person] < len(posts)
    ]
    return sorted(found, key=lambda u: u.rank)


def most_unanswered(channels: Sequence[ChannelInput], now: datetime) -> list[Unanswered]:
    """Each counting channel's most engaged unanswered person, the most engaged first."""
    tops = []
    for channel in channels:
        if channel.weight <= 0 or not channel.records_giving:
            continue
        people = unanswered(channel, now)
        if people:
            tops.append(people[0])
    return sorted(tops, key=lambda u: (*u.rank, u.channel_id))

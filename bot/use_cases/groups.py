"""A member's standing on a group leaderboard: only numbers a platform counted rank.

A channel ranks when it is read from a platform that counts its numbers and proven to be the
member's (/verify). Numbers its owner writes or brings (a blog's comment counts, a server of
one, an export, a report) count in the owner's own score and tips, never against others.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import Enum

from sqlite_utils import Database

from bot.use_cases.scores import Options, channel_inputs, current_score
from storage.channels import list_channels
from storage.users import get_user


class Apart(Enum):
    """Why a member is listed without a score."""

    UNVERIFIED = "unverified"  # a channel that would rank is not proven theirs yet
    NOTHING_RANKS = "nothing_ranks"  # every number is their own word (written or brought)


@dataclass(frozen=True, slots=True)
class Standing:
    score: float | None  # over the channels that rank; None: listed apart
    change: float | None = None  # this week (only where every counting channel ranks)
    apart: Apart | None = None
    left_out: int = 0  # counting channels whose numbers do not rank


def group_standing(db: Database, user_id: int, now: datetime) -> Standing | None:
    """The member's standing; None for a member without counting channels."""
    counting = [c for c in list_channels(db, user_id) if c.weight > 0]
    if not counting:
        return None
    ranking = [c for c in counting if c.ranks]
    left_out = len(counting) - len(ranking)
    if not ranking:
        return Standing(None, apart=Apart.NOTHING_RANKS, left_out=left_out)
    if any(c.verified_at is None for c in ranking):
        return Standing(None, apart=Apart.UNVERIFIED, left_out=left_out)
    current = current_score(db, user_id, now, posts=False)
    if not left_out:
        return Standing(current.score.value, current.change(current.week_ago))
    options = Options.of(get_user(db, user_id))
    score = options.compute(channel_inputs(db, user_id, current.now, ranking), current.now)
    return Standing(score.value, left_out=left_out)

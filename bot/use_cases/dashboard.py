"""What the dashboard, the share card and the public profile show (issue 29): one use case under
the Mini App's API, ``/card`` and the ``/p/…`` pages, over the same use cases as the chat.

Everything here is the user's own, as the chat shows it: the score and its changes, the last
days' history (the last score of each day, with each channel's part), each channel's part by
component with its verified and self-written marks, the posts that weigh most, and the tips.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo

from sqlite_utils import Database

from bot.use_cases.channels import ChannelLine, channel_lines
from bot.use_cases.scores import HistoryPoint, current_score, history_points
from scoring.explain import RankedPost, movers
from scoring.tips import Tip
from storage.channels import IMPORTED, REPORTED, list_channels
from storage.users import User, get_user

HISTORY_DAYS = 90
TOP_POSTS = 5
TOP_POSTS_DAYS = 30


@dataclass(frozen=True, slots=True)
class ChannelPart:
    channel_id: int
    label: str
    platform: str
    origin: str  # read, imported, reported
    weight: int
    contribution: float
    components: dict[str, float]
    verified: bool
    self_written: bool
    stale: bool
    #: its followers a week ago and now, where they jumped (bot.use_cases.channels)
    jump: tuple[int, int] | None = None

    @property
    def public(self) -> bool:
        """Whether a public profile shows it by default: verified and counted by a platform."""
        return self.verified and not self.self_written and self.origin not in (IMPORTED, REPORTED)


@dataclass(frozen=True, slots=True)
class DayPoint:
    """The last score of one day, with each channel's part and the formula it was made by."""

    day: str  # ISO date, in UTC
    total: float
    channels: dict[int, float]
    formula: str


@dataclass(frozen=True, slots=True)
class Dashboard:
    user: User
    score: float
    version: str
    mode: str
    computed_at: datetime
    change_week: float | None
    change_month: float | None
    history: list[DayPoint]
    channels: list[ChannelPart]
    posts: list[RankedPost]
    tips: list[Tip]

    @property
    def owners_day(self) -> date:
        """The day the score was computed, in its owner's timezone (the card and the public
        page say it: a score of 20:00 UTC is the next day in Auckland)."""
        return self.computed_at.astimezone(self.user.zone).date()


def daily(points: list[HistoryPoint], zone: tzinfo) -> list[DayPoint]:
    """The last stored score of each of the owner's days (in ``zone``), oldest first."""
    days: dict[str, DayPoint] = {}
    for point in sorted(points, key=lambda p: p.at):
        day = point.at.astimezone(zone).date().isoformat()
        days[day] = DayPoint(day, round(point.total, 1), {
            cid: round(value, 2) for cid, value in point.channels.items()
        }, point.formula)  # fmt: skip
    return list(days.values())


def days_back(days: Sequence[DayPoint], span: int = HISTORY_DAYS) -> list[tuple[int, float]]:
    """Each day's score with how many days before the newest it is, within ``span`` days:
    where a chart of the span puts it (a day without a score is a gap, not squeezed out)."""
    if not days:
        return []
    newest = date.fromisoformat(days[-1].day)
    placed = [((newest - date.fromisoformat(d.day)).days, d.total) for d in days]
    return [(back, total) for back, total in placed if back < span]


@dataclass(frozen=True, slots=True)
class NoChannels:
    """A user of this bot who has linked nothing yet."""

    user: User


def dashboard(
    db: Database, user_id: int, now: datetime, *, detail: bool = True
) -> Dashboard | NoChannels | None:
    """The user's dashboard; None for someone who never started this bot. Without ``detail``
    (the card and the public page) no posts are read and no tips computed: just the score,
    its history and the channels' parts."""
    user = get_user(db, user_id)
    if user is None:
        return None
    current = current_score(db, user_id, now, posts=detail)
    if not current.linked:
        return NoChannels(user)
    # the week's follower jumps are the owner's (the dashboard), not the card's or the page's
    linked = (
        channel_lines(db, user_id, now) if detail else map(ChannelLine, list_channels(db, user_id))
    )
    lines = {line.channel.id: line for line in linked}
    parts = []
    for c in current.score.channels:
        line = lines.get(c.channel_id)
        if line is None or c.weight <= 0:
            continue
        channel = line.channel
        parts.append(
            ChannelPart(
                channel_id=c.channel_id,
                label=c.label,
                platform=c.platform,
                origin=channel.origin,
                weight=c.weight,
                contribution=round(c.contribution, 2),
                components={k: round(v, 2) for k, v in c.components.items()},
                verified=channel.verified_at is not None,
                self_written=channel.self_written,
                stale=c.stale,
                jump=line.jump,
            )
        )
    return Dashboard(
        user=user,
        score=current.score.value,
        version=current.score.version,
        mode=current.score.mode,
        computed_at=current.now,
        change_week=current.change(current.week_ago),
        change_month=current.change(current.month_ago),
        history=daily(
            history_points(db, user_id, current.now + timedelta(seconds=1), HISTORY_DAYS),
            user.zone,
        ),
        channels=parts,
        # weighed as /why weighs them (aged as the score ages them): one title, one number
        posts=movers(current.inputs, current.now, TOP_POSTS_DAYS, TOP_POSTS, reported=False)
        if detail
        else [],
        tips=current.options.tips(current.inputs, current.now, user.zone) if detail else [],
    )

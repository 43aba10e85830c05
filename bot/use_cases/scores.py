"""Computing a user's score from what is stored, and keeping the history of scores."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo

from sqlite_utils import Database

from scoring.ageing import HORIZON_DAYS
from scoring.audience import LOOK_BACK
from scoring.explain import ScoreRecord
from scoring.focus import FocusTopics, near_miss
from scoring.model import (
    FORMULA_VERSION,
    ChannelInput,
    Score,
    compute_score,
)
from scoring.sources import has_followers
from scoring.sources.registry import counts_replies, records_giving
from scoring.tips import Tip, all_tips
from storage.channels import IMPORTED, Channel, has_channels, list_channels
from storage.engagement import daily_engagements
from storage.people import PEOPLE_KEPT, people_since
from storage.scores import (
    StoredScore,
    follower_history,
    latest_score,
    posts_since,
    save_score,
    score_at,
    scores_since,
)
from storage.users import User, get_user
from storage.verification import unverified_count


def channel_inputs(
    db: Database, user_id: int, now: datetime, channels: Sequence[Channel] | None = None
) -> list[ChannelInput]:
    """Every channel of the user as the model sees it at ``now``.

    ``channels`` are the user's channels when the caller has them already (as stored now).
    """
    mine = list_channels(db, user_id) if channels is None else channels
    return [_channel_input(db, channel, now) for channel in mine]


def _channel_input(db: Database, channel: Channel, now: datetime) -> ChannelInput:
    """One channel: its stored posts, and its follower counts from the one its oldest post is
    judged against to the latest (its followers)."""
    since = now - timedelta(days=HORIZON_DAYS)
    counts = follower_history(db, channel.id, since - LOOK_BACK, now)
    return ChannelInput(
        channel_id=channel.id,
        platform=channel.platform,
        label=channel.label,
        weight=channel.weight,
        followers=counts[-1][1] if counts else 0,
        follower_history=counts,
        posts=posts_since(db, channel.id, since),
        engagements=people_since(db, channel.id, now - PEOPLE_KEPT),
        stale=channel.status in ("stale", "error"),
        account_id=channel.account_id,
        linked_at=channel.created_at,
        has_followers=has_followers(channel.platform),
        has_replies=counts_replies(channel.platform) and channel.origin != IMPORTED,
        records_giving=records_giving(channel.platform),
        self_written=channel.self_written,
    )


@dataclass(frozen=True, slots=True)
class Options:
    """How a user's score is computed: their focus topics and whether only those count."""

    focus: FocusTopics = field(default_factory=FocusTopics)
    focus_only: bool = False

    @classmethod
    def of(cls, user: User | None) -> Options:
        if user is None:
            return cls()
        return cls(FocusTopics.of(user.focus), user.focus_only)

    @property
    def mode(self) -> str:
        """How stored scores record it: "focus" when only focus posts count, else "all"."""
        return "focus" if self.focus_only and self.focus else "all"

    def compute(self, inputs: Sequence[ChannelInput], now: datetime) -> Score:
        return compute_score(inputs, now, focus=self.focus or None, focus_only=self.focus_only)

    def tips(self, inputs: Sequence[ChannelInput], now: datetime, zone: tzinfo) -> list[Tip]:
        return all_tips(inputs, now, zone, focus=self.focus or None, focus_only=self.focus_only)


@dataclass(frozen=True, slots=True)
class Current:
    """The score, the moment it holds for, its inputs (when asked for), and the scores 7 and
    30 days before to compare with. ``linked`` is False for a user without channels."""

    score: Score
    inputs: list[ChannelInput]
    now: datetime
    week_ago: StoredScore | None
    month_ago: StoredScore | None
    linked: bool = True
    options: Options = field(default_factory=Options)
    unverified: int = 0  # counting channels not proven to be the user's (/verify)

    def change(self, then: StoredScore | None) -> float | None:
        return None if then is None else round(self.score.value - then.value, 1)


def current_score(db: Database, user_id: int, now: datetime, *, posts: bool = True) -> Current:
    """The user's score as last computed, with its comparisons (``now``: only when nothing
    is stored yet, the moment to compute it at).

    Every change to what a score is made of (a refresh, a link, an unlink, a weight) records a
    score, so the latest stored one *is* the current score: /score reads one row instead of
    hundreds of posts. ``posts`` also loads the model's inputs as of that moment (for /why,
    /top, /tips and digests), so every view agrees with the number. Only when nothing of the
    current formula is stored yet is the score computed here.
    """
    if not has_channels(db, user_id):
        empty = Score(value=0.0, version=FORMULA_VERSION)
        return Current(empty, [], now, None, None, linked=False)
    options = Options.of(get_user(db, user_id))
    latest = latest_score(db, user_id)
    record = record_of(latest) if latest is not None else None
    if (
        latest is not None
        and record is not None
        and record.score.version == FORMULA_VERSION
        and record.score.mode == options.mode
    ):
        at, score = record.data_at or latest.computed_at, record.score
        inputs = channel_inputs(db, user_id, at) if posts else []
    else:
        at = now
        inputs = channel_inputs(db, user_id, at)
        score = options.compute(inputs, at)
    return Current(
        score=score,
        inputs=inputs,
        now=at,
        week_ago=score_at(db, user_id, at - timedelta(days=7), score.version, score.mode),
        month_ago=score_at(db, user_id, at - timedelta(days=30), score.version, score.mode),
        options=options,
        unverified=unverified_count(db, user_id),
    )


def record_score(
    db: Database,
    user_id: int,
    now: datetime,
    inputs: list[ChannelInput] | None = None,
    *,
    data_at: datetime | None = None,
) -> Score:
    """Compute and store the score (after a refresh or a weight change).

    ``data_at`` evaluates the model at an earlier moment: a refresh that brought no new data
    (every fetch failed or answered "not modified") keeps the number of the last good data
    while recording the channels' new status.
    """
    at = data_at or now
    options = Options.of(get_user(db, user_id))
    score = options.compute(inputs if inputs is not None else channel_inputs(db, user_id, at), at)
    record = ScoreRecord(score, data_at)
    save_score(db, user_id, score.value, score.version, record.to_json(), now)
    return score


def record_of(stored: StoredScore) -> ScoreRecord:
    """A stored score's record, parsed (rows of every formula version are read)."""
    return ScoreRecord.from_json(stored.breakdown)


def data_moment(stored: StoredScore) -> datetime:
    """The moment a stored score's model was evaluated at: when it was computed, or, for a
    score recorded during an outage, the moment of the last good data it kept."""
    return record_of(stored).data_at or stored.computed_at


@dataclass(frozen=True, slots=True)
class HistoryPoint:
    at: datetime
    total: float
    channels: dict[int, float]  # channel id -> contribution (channels that count: weight > 0)
    formula: str = ""  # "version/mode": where it changes, the scores before are not comparable
    names: dict[int, tuple[str, str]] = field(default_factory=dict)  # id -> (label, platform)


@dataclass(frozen=True, slots=True)
class DailyEngagements:
    """One channel's engagements per day from its imported exports, oldest first."""

    label: str
    platform: str
    days: tuple[tuple[date, int], ...]
    channel_id: int = 0


def daily_history(
    db: Database, user_id: int, now: datetime, days: int = 90
) -> list[DailyEngagements]:
    """The engagements per day that imported exports reported over the last ``days``."""
    channels = {c.id: c for c in list_channels(db, user_id)}
    return [
        DailyEngagements(
            channels[s.channel_id].label, channels[s.channel_id].platform, s.days, s.channel_id
        )
        for s in daily_engagements(db, user_id, (now - timedelta(days=days)).date())
        if s.channel_id in channels
    ]


def history_points(db: Database, user_id: int, now: datetime, days: int = 90) -> list[HistoryPoint]:
    """Stored scores of the ``days`` before ``now`` with each channel's contribution."""
    points = []
    for stored in scores_since(db, user_id, now - timedelta(days=days)):
        score = record_of(stored).score
        points.append(
            HistoryPoint(
                at=stored.computed_at,
                total=stored.value,
                channels={c.channel_id: c.contribution for c in score.channels if c.weight > 0},
                formula=f"{stored.version}/{score.mode}",
                names={c.channel_id: (c.label, c.platform) for c in score.channels},
            )
        )
    return points


@dataclass(frozen=True, slots=True)
class FocusPreview:
    """What the focus topics catch now: the score with every post and with focus posts only,
    a post that matches (or one that only nearly does, and the topic it holds)."""

    all_posts: float
    focus_only: float
    example: str | None
    near_miss: tuple[str, str] | None


def focus_preview(db: Database, user_id: int, now: datetime) -> FocusPreview | None:
    """The user's score both ways, from what is stored now (None without topics)."""
    user = get_user(db, user_id)
    if user is None or not user.focus:
        return None
    focus = FocusTopics.of(user.focus)
    inputs = channel_inputs(db, user_id, now)
    both = compute_score(inputs, now, focus=focus, focus_only=False)
    only = compute_score(inputs, now, focus=focus, focus_only=True)
    own = [p for channel in inputs for p in channel.posts if p.excerpt]
    example = next((p.excerpt for p in own if focus.matches(p)), None)
    missed = near_miss(own, focus)
    return FocusPreview(
        both.value,
        only.value,
        example,
        (missed[0].excerpt, missed[1]) if missed is not None else None,
    )

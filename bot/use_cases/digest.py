"""What goes into a weekly digest, gathered when it is planned (and kept with the message)."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlite_utils import Database

from bot.use_cases.channels import channel_lines
from bot.use_cases.scores import current_score, record_of
from scoring.explain import reported_nothing, top_posts
from scoring.model import Score
from scoring.reciprocity import Unanswered, most_unanswered
from scoring.tips import Tip
from storage.channels import IMPORTED, Channel
from storage.scores import scores_since
from storage.users import User

HISTORY_WEEKS = 8


# Readers of a stored payload: a later version reading an older row, or a damaged one, gets
# what fits and leaves the rest (a raise would stop that user's digest at every tick).


def _float(value: Any, bound: float = 1e12) -> float | None:
    """A number within ±``bound``, else None (Python's json writes and reads NaN and
    Infinity; points are within ±100 and shares within ±1)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if math.isfinite(value) and abs(value) <= bound else None


def _points(value: Any) -> float | None:
    return _float(value, 100.0)


def _int(value: Any) -> int:
    """A whole count, else 0."""
    number = _float(value)
    return int(number) if number is not None else 0


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _list(value: Any) -> Sequence[Any]:
    return value if isinstance(value, list | tuple) else ()


@dataclass(frozen=True, slots=True)
class DigestChannel:
    label: str
    platform: str
    contribution: float
    change: float | None = None  # against a week ago; None for a channel new this week
    stale: bool = False
    #: its followers a week ago and now, where they jumped this week (bot.use_cases.channels)
    jump: tuple[int, int] | None = None
    #: a self-reported channel without numbers to count (scoring.explain.reported_nothing)
    unreported: bool = False

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> DigestChannel:
        jump = data.get("jump")
        return cls(
            label=_text(data.get("label")),
            platform=_text(data.get("platform")),
            contribution=_points(data.get("contribution")) or 0.0,
            change=_points(data.get("change")),
            stale=bool(data.get("stale", False)),
            jump=(int(jump[0]), int(jump[1]))
            if isinstance(jump, list | tuple)
            and len(jump) == 2
            and all(isinstance(n, int) and not isinstance(n, bool) for n in jump)
            else None,
            unreported=data.get("unreported") is True,
        )


@dataclass(frozen=True, slots=True)
class BestPost:
    excerpt: str
    url: str
    platform: str
    likes: int = 0
    reshares: int = 0
    replies: int = 0
    account_id: str = ""  # its channel's account (the words its counts are in)
    quotes: int = 0  # (digests stored before quotes were shown have none)

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> BestPost:
        return cls(
            excerpt=_text(data.get("excerpt")),
            url=_text(data.get("url")),
            platform=_text(data.get("platform")),
            likes=_int(data.get("likes")),
            reshares=_int(data.get("reshares")),
            replies=_int(data.get("replies")),
            account_id=_text(data.get("account_id")),
            quotes=_int(data.get("quotes")),
        )


@dataclass(frozen=True, slots=True)
class FocusLine:
    topics: str
    share: float
    change: float | None = None  # in shares (0.05 = 5 percentage points) against a week ago

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> FocusLine:
        return cls(_text(data.get("topics")), _float(data.get("share"), 1.0) or 0.0,
                   _float(data.get("change"), 1.0))  # fmt: skip


@dataclass(frozen=True, slots=True)
class PersonLine:
    """Give and take, by name: the person who engages most and was not answered."""

    platform: str
    handle: str
    replied: int
    answered: int = 0

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> PersonLine:
        return cls(
            _text(data.get("platform")),
            _text(data.get("handle")),
            _int(data.get("replied")),
            _int(data.get("answered")),
        )


@dataclass(frozen=True, slots=True)
class Reminder:
    """A channel whose owner brings its numbers (an export, a report) and has not this week.
    ``kind``: "import" or "report"; ``days``: since the last one (None: never)."""

    platform: str
    label: str
    kind: str
    days: int | None = None

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Reminder:
        days = data.get("days")
        return cls(
            _text(data.get("platform")),
            _text(data.get("label")),
            _text(data.get("kind")) or "report",
            days if isinstance(days, int) and not isinstance(days, bool) else None,
        )


#: A channel its owner brings the numbers of is due for fresh ones after this many days.
REMIND_AFTER = timedelta(days=7)


def reminders(channels: Sequence[Channel], now: datetime) -> tuple[Reminder, ...]:
    """The user's imported and self-reported channels without fresh numbers this week."""
    due = []
    for channel in channels:
        if channel.read_by_refresh or channel.weight == 0:
            continue
        last = channel.last_success_at
        if last is not None and now - last < REMIND_AFTER:
            continue
        kind = "import" if channel.origin == IMPORTED else "report"
        days = None if last is None else (now - last).days
        due.append(Reminder(channel.platform, channel.label, kind, days))
    return tuple(due)


@dataclass(frozen=True, slots=True)
class DigestPayload:
    """A weekly digest's numbers, gathered when it is planned and kept with the message, so
    what is sent is what was true then. JSON in the notifications table (``to_json``);
    ``from_json`` reads every payload stored so far."""

    score: float
    change: float | None = None  # against a week ago; None in the first week
    channels: tuple[DigestChannel, ...] = ()
    best_post: BestPost | None = None
    tip: Tip | None = None
    focus: FocusLine | None = None
    history: tuple[float, ...] = ()  # the last score of each recent week, oldest first
    reminders: tuple[Reminder, ...] = ()  # opt-in: exports to send, numbers to report
    person: PersonLine | None = None  # to answer; said apart when the tip does not name them

    def to_json(self) -> dict[str, Any]:
        data = dataclasses.asdict(self)
        data["tip"] = (
            {"kind": self.tip.kind, "impact": self.tip.impact, "numbers": dict(self.tip.numbers)}
            if self.tip
            else None
        )
        return data

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> DigestPayload:
        best, focus, tip = data.get("best_post"), data.get("focus"), data.get("tip")
        person = data.get("person")
        return cls(
            score=_points(data.get("score")) or 0.0,
            change=_points(data.get("change")),
            channels=tuple(
                DigestChannel.from_json(c)
                for c in _list(data.get("channels"))
                if isinstance(c, Mapping)
            ),
            best_post=BestPost.from_json(best) if isinstance(best, Mapping) else None,
            tip=Tip(str(tip["kind"]), _float(tip["impact"]) or 0.0, dict(tip.get("numbers") or {}))
            if isinstance(tip, Mapping)
            and "kind" in tip
            and _float(tip.get("impact")) is not None
            and isinstance(tip.get("numbers") or {}, Mapping)
            else None,
            focus=FocusLine.from_json(focus) if isinstance(focus, Mapping) else None,
            history=tuple(v for v in map(_points, _list(data.get("history"))) if v is not None),
            reminders=tuple(
                Reminder.from_json(r)
                for r in _list(data.get("reminders"))
                if isinstance(r, Mapping)
            ),
            person=PersonLine.from_json(person) if isinstance(person, Mapping) else None,
        )


def _person(people: Sequence[Unanswered]) -> PersonLine | None:
    if not people:
        return None
    top = people[0]
    return PersonLine(top.platform, top.handle, top.replied, top.answered)


def weekly_values(db: Database, user_id: int, now: datetime, like: Score) -> list[float]:
    """The last score of each of the past weeks, oldest first (weeks without a score skipped;
    this week's is the score now, which the digest adds: a first week's trend was the same
    score twice).

    Only scores comparable with ``like`` count: of its formula version and mode.
    """
    stored = scores_since(db, user_id, now - timedelta(weeks=HISTORY_WEEKS))
    values: dict[int, float] = {}
    for item in stored:
        if item.version != like.version or record_of(item).score.mode != like.mode:
            continue
        week = int((now - item.computed_at).total_seconds() // (7 * 86400))
        if week == 0:
            continue  # this week: the score now stands for it
        values[week] = item.value  # later scores of the same week overwrite earlier ones
    return [values[week] for week in sorted(values, reverse=True)]


def digest_payload(db: Database, user: User, now: datetime) -> DigestPayload | None:
    """The digest's numbers, or None for a user with nothing to report (no channels)."""
    current = current_score(db, user.id, now)
    if not current.linked:
        return None
    score = current.score
    before = record_of(current.week_ago).score if current.week_ago else None
    then = {c.channel_id: c.contribution for c in before.channels} if before else {}
    linked = channel_lines(db, user.id, now)
    jumps = {line.channel.id: line.jump for line in linked}
    channels = tuple(
        DigestChannel(
            label=c.label,
            platform=c.platform,
            contribution=round(c.contribution, 1),
            change=round(c.contribution - then[c.channel_id], 1) if c.channel_id in then else None,
            stale=c.stale,
            jump=jumps.get(c.channel_id),
            unreported=reported_nothing(c),
        )
        for c in score.channels
        if c.weight > 0
    )
    best = top_posts(current.inputs, current.now, 7, 1)
    then_focus = before.focus_share if before else None
    focus = (
        FocusLine(
            topics=", ".join(current.options.focus.topics),
            share=round(score.focus_share, 4),
            change=None if then_focus is None else round(score.focus_share - then_focus, 4),
        )
        if score.focus_share is not None
        else None
    )
    tips = current.options.tips(current.inputs, current.now, user.zone)
    history = [*weekly_values(db, user.id, current.now, score), score.value]
    return DigestPayload(
        score=score.value,
        change=current.change(current.week_ago),
        channels=channels,
        best_post=BestPost(
            excerpt=best[0].post.excerpt,
            url=best[0].post.url,
            platform=best[0].platform,
            likes=best[0].post.likes,
            reshares=best[0].post.reshares,
            replies=best[0].post.replies,
            account_id=best[0].account_id,
            quotes=best[0].post.quotes,
        )
        if best
        else None,
        tip=tips[0] if tips else None,
        focus=focus,
        history=tuple(history[-HISTORY_WEEKS:]),
        reminders=reminders([line.channel for line in linked], now) if user.reminders else (),
        person=_person(most_unanswered(current.inputs, current.now)),
    )

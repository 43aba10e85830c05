"""Self-reported numbers: the owner of a channel on a network without an API reports a week."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlite_utils import Database

from bot.use_cases.refresh import rescore
from scoring.channel_data import ChannelData, Profile
from scoring.model import Score
from scoring.sources.manual import (
    PLATFORM,
    WEEK,
    Report,
    ReportRefused,
    check_plausible,
    parse_count,
    parse_report,
    post_prefix,
    week_posts,
)
from storage.channels import Channel, list_channels
from storage.fetches import drop_posts, record_fetch


@dataclass(frozen=True, slots=True)
class Reported:
    channel: Channel
    report: Report
    score: Score


@dataclass(frozen=True, slots=True)
class NoSuchChannel:
    name: str
    names: tuple[str, ...]  # the user's self-reported channels


@dataclass(frozen=True, slots=True)
class Refused:
    code: str
    fields: dict[str, str | int]


ReportResult = Reported | NoSuchChannel | Refused


def reported_channels(db: Database, user_id: int) -> list[Channel]:
    return [c for c in list_channels(db, user_id) if c.platform == PLATFORM]


def report_week(
    db: Database, user_id: int, name: str, report: Report, now: datetime
) -> ReportResult:
    """Record ``report`` as the last 7 days of the user's self-reported channel ``name``.

    A report within 7 days of the last one replaces it (both speak of the last 7 days); an
    older week stays. Followers not given carry over from the last report.
    """
    mine = reported_channels(db, user_id)
    channel = next((c for c in mine if c.account_id == name.casefold()), None)
    if channel is None:
        return NoSuchChannel(name, tuple(c.handle for c in mine))
    last = Report.from_state(channel.fetch_state)
    try:
        check_plausible(report, last, now)
    except ReportRefused as refused:
        return Refused(refused.code, dict(refused.fields))
    followers = report.followers
    if followers is None and last is not None:
        followers = last[0].followers
    with db.atomic():
        if last is not None and now - last[1] < WEEK:
            drop_posts(db, channel.id, post_prefix(last[1]))
        kept = Report(followers, report.posts, report.reactions, report.comments, report.shares)
        data = ChannelData(
            Profile(followers=followers or 0, posts_count=report.posts),
            week_posts(report, now),
            fetch_state=kept.as_state(now),
        )
        saved = record_fetch(db, channel.id, data, now)
    score = rescore(db, user_id, now)
    return Reported(saved or channel, kept, score)


def parse_words(words: Sequence[str]) -> Report | Refused:
    """The report in ``words``, or why it is refused."""
    try:
        return parse_report(words)
    except ReportRefused as refused:
        return Refused(refused.code, dict(refused.fields))


def parse_one(key: str, raw: str) -> int | Refused:
    """One number of the report dialogue (``key``: followers, posts, …), or why it is refused."""
    try:
        return parse_count(key, raw)
    except ReportRefused as refused:
        return Refused(refused.code, dict(refused.fields))


def last_report(channel: Channel) -> Report | None:
    """The channel's last report, if any (the dialogue offers its numbers again)."""
    last = Report.from_state(channel.fetch_state)
    return last[0] if last else None

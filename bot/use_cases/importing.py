"""Importing a file a user sent (LinkedIn's analytics export, X's archive): it becomes a
channel, and a later file merges with the earlier ones."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlite_utils import Database

from bot.use_cases.refresh import rescore
from scoring.channel_data import ChannelData, Profile
from scoring.model import Score
from scoring.sources.archives import NotAnExport
from scoring.sources.linkedin import LinkedInExport, parse_export
from scoring.sources.x_archive import XArchive, parse_archive
from storage.channels import (
    IMPORTED,
    Channel,
    TooManyChannels,
    add_channel,
    channel_holding,
    find_channel,
    rename_account,
    stored_channel,
)
from storage.engagement import merge_days
from storage.fetches import record_fetch, stored_counts
from storage.scores import latest_followers

Export = LinkedInExport | XArchive


@contextlib.asynccontextmanager
async def _no_limit() -> AsyncIterator[str | None]:
    yield None


#: What the bot imports, by the end of the file's name.
PARSERS: dict[tuple[str, ...], Callable[[bytes, str], Export]] = {
    (".xlsx", ".xls"): parse_export,
    (".js", ".zip"): parse_archive,
}


def importable(file_name: str) -> bool:
    return file_name.casefold().endswith(tuple(e for ends in PARSERS for e in ends))


@dataclass(frozen=True, slots=True)
class Imported:
    channel: Channel
    export: Export
    new_posts: int
    updated_posts: int
    score: Score
    followers: int | None  # the file's, or the last known when the file has none (None: unknown)
    days: int = 0  # days of engagement the file reports (charted in /history)


@dataclass(frozen=True, slots=True)
class NotImported:
    code: str
    fields: dict[str, str | int]


ImportResult = Imported | NotImported


@dataclass
class ImportSlots:
    """Files read at once: one per user, and ``overall`` across all users (reading a file is
    CPU and memory work; a few at a time keep the bot responsive). Kept in memory."""

    overall: int = 2
    wait: float = 20.0  # seconds a file waits for a free slot before the user is asked again
    _users: set[int] = dataclasses.field(default_factory=set)
    _slots: asyncio.Semaphore | None = None

    @contextlib.asynccontextmanager
    async def of(self, user_id: int) -> AsyncIterator[str | None]:
        """Yields None with a slot held, or the refusal's code (``busy_user``, ``busy``)."""
        if user_id in self._users:
            yield "busy_user"
            return
        if self._slots is None:
            self._slots = asyncio.Semaphore(self.overall)
        self._users.add(user_id)
        try:
            try:
                await asyncio.wait_for(self._slots.acquire(), self.wait)
            except TimeoutError:
                yield "busy"
                return
            try:
                yield None
            finally:
                self._slots.release()
        finally:
            self._users.discard(user_id)


async def import_export(
    db: Database,
    user_id: int,
    data: bytes,
    file_name: str,
    now: datetime,
    slots: ImportSlots | None = None,
) -> ImportResult:
    """Parse the file (in a worker thread: it is CPU work), then store it as the user's
    channel it belongs to (LinkedIn's member or Page, X's account).

    Posts are keyed by their id: a later export updates their counts, keeping the larger of
    the two (LinkedIn revises its numbers upward), and nothing stored before is lost; the
    daily engagement series merges the same way, day by day.
    """
    parse = next((p for ends, p in PARSERS.items() if file_name.casefold().endswith(ends)), None)
    if parse is None:
        return NotImported("unknown_file", {})
    async with slots.of(user_id) if slots else _no_limit() as busy:
        if busy is not None:
            return NotImported(busy, {})
        try:
            export: Export = await asyncio.to_thread(parse, data, file_name)
        except NotAnExport as refused:
            return NotImported(refused.code, dict(refused.fields))
    with db.atomic():  # a new channel is stored with its posts, or not at all
        try:
            return _store(db, user_id, export, file_name, now)
        except TooManyChannels:
            return NotImported("too_many", {})


ANONYMOUS = "archive"  # the account id of an X archive that does not name its account


def _channel_for(db: Database, user_id: int, export: Export, now: datetime) -> Channel:
    """The user's channel this file belongs to: the account it names, else the channel that
    already holds its posts (a lone tweets.js names no account; the same account may be read
    through the API), else a new imported channel. An anonymous channel learns its account
    when a later file names it."""
    account = export.account
    channel = None
    if account.account_id != ANONYMOUS:
        channel = find_channel(db, user_id, account.platform, account.account_id)
    if channel is None:
        ids = [p.post_id for p in sorted(export.posts, key=lambda p: p.created_at, reverse=True)]
        channel = channel_holding(db, user_id, account.platform, ids)
    if channel is None and account.account_id == ANONYMOUS:
        channel = find_channel(db, user_id, account.platform, ANONYMOUS)
    if channel is None:
        return add_channel(db, user_id, account, now, origin=IMPORTED)
    if channel.account_id == ANONYMOUS and account.account_id != ANONYMOUS:
        rename_account(db, channel.id, account)
        channel = stored_channel(db, channel.id) or channel
    return channel


def _store(
    db: Database, user_id: int, export: Export, file_name: str, now: datetime
) -> ImportResult:
    account = export.account
    channel = _channel_for(db, user_id, export, now)
    stored = stored_counts(db, channel.id, [p.post_id for p in export.posts])
    posts = tuple(
        dataclasses.replace(
            post,
            likes=max(post.likes, stored[post.post_id][0]),
            replies=max(post.replies, stored[post.post_id][1]),
            reshares=max(post.reshares, stored[post.post_id][2]),
        )
        if post.post_id in stored
        else post
        for post in export.posts
    )
    known = export.followers
    if known is None:  # not in the file (a Page's content export, a lone tweets.js)
        known = latest_followers(db, channel.id) or None  # unknown is not zero
    if channel.read_by_refresh:
        # an account the platform is read for: its posts merge, what the reads keep stands
        state = dict(channel.fetch_state)
        name = ""
    else:
        state = {"imported_at": now.isoformat(), "file": file_name[:200]}
        name = "" if account.account_id == ANONYMOUS else account.display_name
    data_read = ChannelData(Profile(followers=known or 0, display_name=name), posts, state)
    reported = export.engagement_days if isinstance(export, LinkedInExport) else {}
    tomorrow = (now + timedelta(days=1)).date()  # the exporter's day may be ahead of ours
    days = {day: value for day, value in reported.items() if day <= tomorrow}
    saved = record_fetch(db, channel.id, data_read, now)
    merge_days(db, channel.id, days)
    score = rescore(db, user_id, now)
    updated = sum(1 for p in posts if p.post_id in stored)
    return Imported(
        saved or channel, export, len(posts) - updated, updated, score, known, len(days)
    )

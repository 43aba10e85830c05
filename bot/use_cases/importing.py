"""Importing an export file a user sent (LinkedIn's analytics export): it becomes a channel,
and a later export merges with the earlier ones."""

from __future__ import annotations

import asyncio
import dataclasses
from dataclasses import dataclass
from datetime import datetime

from sqlite_utils import Database

from bot.use_cases.refresh import rescore
from scoring.channel_data import ChannelData, Profile
from scoring.model import Score
from scoring.sources.linkedin import PLATFORM, LinkedInExport, NotAnExport, parse_export
from storage.channels import (
    Channel,
    TooManyChannels,
    add_channel,
    find_channel,
    record_fetch,
    stored_counts,
)
from storage.scores import latest_followers


@dataclass(frozen=True, slots=True)
class Imported:
    channel: Channel
    export: LinkedInExport
    new_posts: int
    updated_posts: int
    score: Score


@dataclass(frozen=True, slots=True)
class NotImported:
    code: str
    fields: dict[str, str | int]


ImportResult = Imported | NotImported


async def import_export(
    db: Database, user_id: int, data: bytes, file_name: str, now: datetime
) -> ImportResult:
    """Parse the file (in a worker thread: it is CPU work), then store it as the user's
    LinkedIn channel (the member's, or the Page's named in the file).

    Posts are keyed by their id: a later export updates their counts, keeping the larger of
    the two (LinkedIn revises its numbers upward), and nothing stored before is lost.
    """
    try:
        export = await asyncio.to_thread(parse_export, data, file_name)
    except NotAnExport as refused:
        return NotImported(refused.code, dict(refused.fields))
    account = export.account
    channel = find_channel(db, user_id, PLATFORM, account.account_id)
    if channel is None:
        try:
            channel = add_channel(db, user_id, account, now)
        except TooManyChannels:
            return NotImported("too_many", {})
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
    followers = export.followers
    if followers is None:  # a Page's content export has no follower count: keep the last
        followers = latest_followers(db, channel.id)
    data_read = ChannelData(
        Profile(followers=followers, display_name=account.display_name),
        posts,
        fetch_state={"imported_at": now.isoformat(), "file": file_name[:200]},
    )
    saved = record_fetch(db, channel.id, data_read, now)
    score = rescore(db, user_id, now)
    updated = sum(1 for p in posts if p.post_id in stored)
    return Imported(saved or channel, export, len(posts) - updated, updated, score)

"""What a user's channel list shows (/channels): each linked channel in order and, where its
followers jumped this week, from how many to how many. Telegram-free: the handler renders it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlite_utils import Database

from scoring.audience import JUMP_WINDOW, jumped
from storage.channels import Channel, list_channels
from storage.scores import followers_then_and_now


@dataclass(frozen=True, slots=True)
class ChannelLine:
    channel: Channel
    #: (followers a week ago, followers now) where they jumped (scoring.audience.jumped): the
    #: channel's earlier posts are still judged against the first (formula 3.3)
    jump: tuple[int, int] | None = None


def channel_lines(db: Database, user_id: int, now: datetime) -> list[ChannelLine]:
    """The user's channels, each with its follower jump of the last week, if any."""
    counts = followers_then_and_now(db, user_id, now - JUMP_WINDOW)
    lines = []
    for channel in list_channels(db, user_id):
        before, latest = counts.get(channel.id, (None, None))
        jump = None
        if before is not None and latest is not None and jumped(before, latest):
            jump = (before, latest)
        lines.append(ChannelLine(channel, jump))
    return lines

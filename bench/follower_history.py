"""What formula 3.3's follower history costs a score: the storage read and the model.

    .venv/bin/python -m bench.follower_history [--runs 300]

One user, one Mastodon channel read four times a day for 400 days (its followers growing every
read, so every read stores a count), 120 posts of the last 180 days, the stored counts thinned
by ``storage/retention.py`` as the bot's daily pass does. Timed side by side in one process:
reading the channel's counts (``follower_history``) against reading its posts, and the model
(``compute_score``) with the history against the same inputs without it (3.2's cost).
"""

from __future__ import annotations

import argparse
import dataclasses
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.use_cases.scores import channel_inputs
from scoring.ageing import HORIZON_DAYS
from scoring.audience import LOOK_BACK
from scoring.channel_data import Account, ChannelData, Post, PostKind, Profile
from scoring.model import compute_score
from storage import open_db
from storage.channels import add_channel
from storage.fetches import record_fetch
from storage.retention import thin
from storage.scores import follower_history, posts_since
from storage.users import register_user

NOW = datetime(2026, 11, 25, 12, tzinfo=UTC)
DAY = timedelta(days=1)


def _milliseconds(work: Callable[[], object], runs: int) -> float:
    start = time.perf_counter()
    for _ in range(runs):
        work()
    return (time.perf_counter() - start) / runs * 1e3


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=300)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        db = open_db(Path(folder) / "bench.db")
        register_user(db, user_id=1, chat_id=1, first_name="A", language="en", now=NOW - 400 * DAY)
        account = Account("mastodon", "1@https://m.example", "@a", "A")
        channel = add_channel(db, 1, account, NOW - 400 * DAY)
        posts = tuple(
            Post(f"m{i}", NOW - (1 + 1.5 * i) * DAY, PostKind.OWN, likes=30, replies=5)
            for i in range(120)
        )
        for step in range(400 * 4):
            moment = NOW - 400 * DAY + step * timedelta(hours=6)
            shown = tuple(p for p in posts if p.created_at <= moment)
            record_fetch(db, channel.id, ChannelData(Profile(followers=100 + step), shown), moment)
        thin(db, NOW)
        since = NOW - timedelta(days=HORIZON_DAYS)
        counts = follower_history(db, channel.id, since - LOOK_BACK, NOW)
        inputs = channel_inputs(db, 1, NOW)
        without = [dataclasses.replace(i, follower_history=()) for i in inputs]
        history_ms = _milliseconds(
            lambda: follower_history(db, channel.id, since - LOOK_BACK, NOW), args.runs
        )
        posts_ms = _milliseconds(lambda: posts_since(db, channel.id, since), args.runs)
        with_ms = _milliseconds(lambda: compute_score(inputs, NOW), args.runs)
        without_ms = _milliseconds(lambda: compute_score(without, NOW), args.runs)
        db.close()
    print(f"{len(counts)} stored counts, {len(posts)} posts, {args.runs} runs each")
    print(f"read the counts {history_ms:.3f} ms (the posts: {posts_ms:.3f} ms)")
    print(f"model with the history {with_ms:.3f} ms, without {without_ms:.3f} ms")


if __name__ == "__main__":
    main()

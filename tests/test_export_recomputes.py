"""`resonance score --from-export` recomputes the stored score from the /export file alone
(issue 28, item 7): with the people a platform listed (their repeats count less) and with an
imported channel, whose likes are judged against its followers alone. Real SQLite files."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.score_cli import inputs_from_export
from bot.use_cases.refresh import rescore
from scoring.channel_data import (
    Account,
    ChannelData,
    Engagement,
    EngagementKind,
    Post,
    PostKind,
    Profile,
)
from scoring.model import compute_score
from storage import open_db
from storage.channels import IMPORTED, add_channel
from storage.export import as_json, user_data
from storage.fetches import record_fetch
from storage.users import register_user

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
USER = 5


def _posts(prefix: str, likes: int, replies: int) -> list[Post]:
    return [
        Post(f"{prefix}{i}", NOW - timedelta(days=3 * i + 1), PostKind.OWN, likes=likes,
             replies=replies)
        for i in range(10)
    ]  # fmt: skip


def test_an_export_recomputes_a_score_made_with_people_and_an_import(tmp_path: Path) -> None:
    db = open_db(tmp_path / "r.db")
    register_user(db, user_id=USER, chat_id=USER, first_name="A", language="en", now=NOW)
    mastodon = add_channel(db, USER, Account("mastodon", "1@https://m.example", "@a", "A"), NOW)
    posts = _posts("m", likes=6, replies=3)
    # the same three people like and reply to every post: their repeats count less
    people = tuple(
        Engagement(p.post_id, f"p{n}", kind, f"@p{n}@m.example", p.created_at)
        for p in posts for n in range(3) for kind in (EngagementKind.LIKE, EngagementKind.REPLY)
    )  # fmt: skip
    data = ChannelData(Profile(followers=400), tuple(posts), engagements=people,
                       people_read=tuple(p.post_id for p in posts))  # fmt: skip
    record_fetch(db, mastodon.id, data, NOW)
    archive = add_channel(db, USER, Account("x", "42", "@a", "A"), NOW, origin=IMPORTED)
    record_fetch(db, archive.id, ChannelData(Profile(followers=5000), tuple(_posts("x", 90, 0))),
                 NOW)  # fmt: skip
    stored = rescore(db, USER, NOW)

    exported = json.loads(as_json(user_data(db, USER)))
    inputs, focus, focus_only = inputs_from_export(exported, NOW)
    again = compute_score(inputs, NOW, focus=focus, focus_only=focus_only)
    assert again.value == stored.value
    by_platform = {c.platform: c.metrics for c in again.channels}
    assert by_platform["mastodon"].people == 3, "the people came with the export"
    assert by_platform["x"].interaction_per_week > 50, "an archive's likes need no replies"

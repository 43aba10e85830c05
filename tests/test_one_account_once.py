"""One account, counted once (issue 28) — and two accounts never counted as one.

A post's id identifies it across a platform only where the platform numbers its posts once
for everyone. Stack Exchange numbers each site's questions apart (question 100 on Stack
Overflow and question 100 on Super User are two questions), and a self-reported network's
posts are numbered by the report (XING's and TikTok's reports of the same second shared ids).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from scoring.channel_data import Post, PostKind
from scoring.model import ChannelInput, compute_score
from scoring.sources.manual import Report, week_posts

NOW = datetime(2026, 12, 7, 12, tzinfo=UTC)


def _site(channel_id: int, site: str) -> ChannelInput:
    posts = [
        Post(f"q{100 + i}", NOW - timedelta(days=3 * i), PostKind.OWN, likes=6, replies=2,
             url=f"https://{site}/questions/{100 + i}")
        for i in range(5)
    ]  # fmt: skip
    return ChannelInput(channel_id, "stackexchange", site, 1, 0, posts,
                        account_id=f"{site}/42", has_followers=False)  # fmt: skip


def _network(channel_id: int, name: str) -> ChannelInput:
    report = Report(followers=300, posts=3, reactions=45, comments=12)
    return ChannelInput(channel_id, "manual", name, 1, 300, week_posts(report, NOW),
                        account_id=name.casefold(), self_written=True)  # fmt: skip


@pytest.mark.parametrize(
    ("first", "second"),
    [(_site(1, "stackoverflow.com"), _site(2, "superuser.com")),
     (_network(1, "XING"), _network(2, "TikTok"))],
)  # fmt: skip
def test_two_accounts_whose_posts_share_ids_both_count(
    first: ChannelInput, second: ChannelInput
) -> None:
    both = compute_score([first, second], NOW)
    alone = compute_score([second], NOW).channels[0].metrics
    counted = next(c for c in both.channels if c.channel_id == 2).metrics
    assert counted.interaction_per_week == alone.interaction_per_week, "none of it left out"
    assert both.value > compute_score([first], NOW).value


def test_the_same_site_linked_twice_still_counts_once() -> None:
    again = compute_score([_site(1, "stackoverflow.com"), _site(2, "stackoverflow.com")], NOW)
    assert again.value == compute_score([_site(1, "stackoverflow.com")], NOW).value

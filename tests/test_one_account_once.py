"""One account, counted once (issue 28) — and two accounts never counted as one.

A post's id identifies it across a platform only where the platform numbers its posts once
for everyone. Stack Exchange numbers each site's questions apart (question 100 on Stack
Overflow and question 100 on Super User are two questions), and a self-reported network's
posts are numbered by the report (XING's and TikTok's reports of the same second shared ids).
"""

from __future__ import annotations

import dataclasses
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


def _blog(channel_id: int, site: str, ids: str = "{i}") -> ChannelInput:
    """A blog whose feed numbers its items (RSS guids that are not permalinks)."""
    posts = [
        Post(ids.format(i=i), NOW - timedelta(days=4 * i), PostKind.OWN, replies=3,
             url=f"https://{site}/posts/{i}/")
        for i in range(1, 6)
    ]  # fmt: skip
    return ChannelInput(channel_id, "blog", site, 1, 0, posts,
                        account_id=f"https://{site}/feed.xml", has_followers=False)  # fmt: skip


def _network(channel_id: int, name: str) -> ChannelInput:
    report = Report(followers=300, posts=3, reactions=45, comments=12)
    return ChannelInput(channel_id, "manual", name, 1, 300, week_posts(report, NOW),
                        account_id=name.casefold(), self_written=True)  # fmt: skip


@pytest.mark.parametrize(
    ("first", "second"),
    [(_site(1, "stackoverflow.com"), _site(2, "superuser.com")),
     (_blog(1, "alice.example"), _blog(2, "bob.example")),
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


def test_a_blogs_rss_and_atom_feeds_count_once_by_their_addresses() -> None:
    """Numbered RSS items and Atom's tag ids: the same posts, at the same addresses."""
    rss = _blog(1, "alice.example")
    atom = _blog(2, "alice.example", ids="tag:alice.example,2026:{i}")
    both = compute_score([rss, atom], NOW)
    assert both.value == compute_score([rss], NOW).value
    # the Atom feed at its own address (another account), its links spelled otherwise
    elsewhere = dataclasses.replace(
        atom,
        account_id="http://www.alice.example/atom.xml",
        posts=[dataclasses.replace(p, url=p.url.replace("https://", "http://WWW.").rstrip("/"))
               for p in atom.posts],
    )  # fmt: skip
    assert compute_score([rss, elsewhere], NOW).value == compute_score([rss], NOW).value

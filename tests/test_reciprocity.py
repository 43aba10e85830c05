"""Give and take, by name: who is unanswered, and how a hostile name is shown."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

from bot.views.people import person_link
from scoring.channel_data import Engagement, EngagementKind, Post, PostKind
from scoring.model import ChannelInput
from scoring.reciprocity import most_unanswered, unanswered
from scoring.tips import all_tips

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
R, L, A = EngagementKind.REPLY, EngagementKind.LIKE, EngagementKind.ANSWERED


def _channel(engagements: list[Engagement], cid: int = 1, weight: int = 1) -> ChannelInput:
    posts = [
        Post(f"p{i}", NOW - timedelta(days=2 * i), PostKind.OWN, likes=8, replies=2)
        for i in range(20)
    ]
    return ChannelInput(cid, "mastodon", "me", weight, 300, posts, engagements=engagements)


def _e(post: str, person: str, kind: EngagementKind, days: float = 1.0) -> Engagement:
    return Engagement(post, person, kind, f"@{person}@example.social", NOW - timedelta(days=days))


def test_the_person_who_replied_most_and_was_not_answered_comes_first() -> None:
    channel = _channel([
        _e("p1", "ann", R), _e("p2", "ann", R), _e("p3", "ann", R),
        _e("p1", "ben", R), _e("p2", "ben", R), _e("p1", "ben", L),
        _e("p4", "cat", R), _e("x9", "cat", A),  # answered once for one reply: even
        _e("p5", "dan", L),  # liked only: not someone to answer
        _e("r1", "ann", A),  # answered one of three
    ])  # fmt: skip
    found = unanswered(channel, NOW)
    assert [(u.person_id, u.replied, u.answered) for u in found] == [("ann", 3, 1), ("ben", 2, 0)]


def test_only_this_month_counts() -> None:
    channel = _channel([_e("p20", "old", R, days=40), _e("p1", "new", R), _e("a", "new", A, 35)])
    assert [u.person_id for u in unanswered(channel, NOW)] == ["new"]


def test_no_name_no_tip_and_ignored_channels_name_nobody() -> None:
    nameless = Engagement("p1", "x", R, " ", NOW)
    assert unanswered(_channel([nameless]), NOW) == []
    long = Engagement("p1", "y", R, "@" + "y" * 5000 + "@example.social", NOW)
    assert len(unanswered(_channel([long]), NOW)[0].handle) <= 100, "a paragraph is cut short"
    assert most_unanswered([_channel([_e("p1", "ann", R)], weight=0)], NOW) == []


def test_a_hostile_handle_is_shown_as_text_and_never_linked_elsewhere() -> None:
    assert person_link("mastodon", '<b>"x"</b>') == '&lt;b&gt;"x"&lt;/b&gt;'
    assert person_link("mastodon", "@eve@evil.example/phish") == "@eve@evil.example/phish"
    assert (
        person_link("mastodon", "@eve@example.social")
        == '<a href="https://example.social/@eve">@eve@example.social</a>'
    )
    assert person_link("bluesky", "javascript:alert(1)") == "javascript:alert(1)"
    assert person_link("github", "@eve") == "@eve", "no profile pattern: plain text"


def test_the_tip_names_the_person_with_numbers_of_the_model() -> None:
    channel = _channel([_e("p1", "ann", R), _e("p2", "ann", R)])
    tips = all_tips([channel], NOW, UTC)
    named = [t for t in tips if t.numbers.get("person") == "@ann@example.social"]
    assert len(named) == 1
    tip = named[0]
    assert tips.index(tip) <= 2, "on the first page"
    assert (tip.numbers["replied"], tip.numbers["answered"]) == (2, 0)
    assert float(tip.numbers["later"]) == tip.impact > 0
    quiet = dataclasses.replace(channel, engagements=())
    assert all("person" not in t.numbers for t in all_tips([quiet], NOW, UTC))


def test_why_says_where_people_are_counted_and_where_no_network_lists_them() -> None:
    from bot.views.people import why_people

    assert "does not list who liked" in (why_people("en", "linkedin", 0, 0, 0.0) or "")
    assert "zeigt nicht, wer" in (why_people("de", "x", 0, 0, 0.0) or "")
    assert why_people("en", "blog", 0, 0, 0.0) is None, "a blog may name its commenters"
    assert why_people("en", "mastodon", 0, 0, 0.0) is None, "nobody listed yet: nothing said"
    assert why_people("en", "bluesky", 1, 3, 1.36) == (
        "  from 1 person: one person's repeats count less (3 likes, replies and reshares by them "
        "count as 1.4)"
    )
    assert why_people("en", "mastodon", 4, 8, 8.0) == (  # said "8 … count as 8" before
        "  from 4 people: their 8 likes, replies and reshares count in full (none liked, "
        "replied or reshared twice)"
    )
    assert why_people("de", "mastodon", 4, 8, 8.0) == (
        "  von 4 Personen: ihre 8 Likes, Antworten und geteilten Beiträge zählen voll (niemand hat "
        "zweimal geliked, geantwortet oder geteilt)"
    )

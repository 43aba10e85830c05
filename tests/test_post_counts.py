"""A post's counts in the words of its platform's own pages (/top and the digest's best post):
a person checks "40 stars" against GitHub and "9 comments" against the blog, and a count the
post does not have ("0 likes, 0 reshares" under a blog post) says nothing."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.use_cases.digest import BestPost, DigestChannel, DigestPayload
from bot.views.counts import interaction
from bot.views.push import render_alert, render_digest
from scoring.sources import registry


@pytest.mark.parametrize(
    ("platforms", "counts", "english", "german"),
    [
        (["github"], (40, 12, 0), "40 stars, 12 forks", "40 Sterne, 12 Forks"),
        (["github"], (1, 1, 0), "1 star, 1 fork", "1 Stern, 1 Fork"),
        (["blog"], (0, 0, 9), "9 comments", "9 Kommentare"),
        (["mastodon"], (40, 12, 5), "40 likes, 12 boosts, 5 replies",
         "40 Likes, 12-mal geteilt, 5 Antworten"),
        (["hackernews"], (84, 0, 31), "84 upvotes, 31 comments", "84 Upvotes, 31 Kommentare"),
        (["facebook"], (3, 2, 1), "3 reactions, 2 shares, 1 comment",
         "3 Reaktionen, 2-mal geteilt, 1 Kommentar"),
        (["stackexchange"], (5, 0, 2), "5 votes, 2 replies", "5 Stimmen, 2 Antworten"),
        # a cross-post: the word its networks share, else the general one
        (["bluesky", "x"], (3, 2, 0), "3 likes, 2 reposts", "3 Likes, 2 Reposts"),
        (["mastodon", "bluesky"], (0, 2, 0), "2 reshares", "2-mal geteilt"),
        # a post with none of the three (only quotes): its replies, zero, in the platform's word
        (["mastodon"], (0, 0, 0), "0 replies", "0 Antworten"),
        (["blog"], (0, 0, 0), "0 comments", "0 Kommentare"),
        (["a-platform-no-longer-registered"], (2, 0, 1), "2 likes, 1 reply", "2 Likes, 1 Antwort"),
    ],
)  # fmt: skip
def test_a_posts_counts_use_its_platforms_words_and_leave_out_what_it_has_none_of(
    platforms: list[str], counts: tuple[int, int, int], english: str, german: str
) -> None:
    accounts = [(platform, "an-account") for platform in platforms]
    assert interaction("en", *counts, accounts) == english
    assert interaction("de", *counts, accounts) == german


def test_a_linkedin_member_exports_counts_are_its_engagements_and_a_pages_its_likes() -> None:
    """A member export counts each post's Engagements (reactions, comments and reposts
    together) and the bot keeps them as likes; a Page export has likes, comments and reposts."""
    assert interaction("en", 120, 0, 0, [("linkedin", "member")]) == "120 engagements"
    assert interaction("de", 120, 0, 0, [("linkedin", "member")]) == "120 Interaktionen"
    page = [("linkedin", "urn:li:organization:1")]
    assert interaction("en", 40, 3, 5, page) == "40 likes, 3 reposts, 5 comments"


def test_every_platforms_words_are_german_in_german_with_a_singular_and_a_plural() -> None:
    for platform in registry.platforms():
        for at in range(3):  # likes, reshares, replies
            one, seven = ([n if i == at else 0 for i in range(3)] for n in (1, 7))
            account = [(platform.name, "")]
            english = interaction("en", *one, account)
            singular = interaction("de", *one, account).replace("1", "N", 1)
            plural = interaction("de", *seven, account).replace("7", "N", 1)
            assert singular != english.replace("1", "N", 1), (platform.name, english)
            assert singular != plural or singular == "N-mal geteilt", (platform.name, plural)


def test_the_digests_best_post_says_its_counts_as_its_platform_does() -> None:
    best = BestPost("My library", "https://github.com/alice/lib", "github", likes=40, reshares=3)
    payload = DigestPayload(score=30.0, change=1.0, channels=(), best_post=best)
    when = datetime(2026, 12, 7, 9, tzinfo=UTC)
    assert "(40 stars, 3 forks)" in render_digest("en", payload, when)
    assert "(40 Sterne, 3 Forks)" in render_digest("de", payload, when)
    member = BestPost("", "https://www.linkedin.com/feed/update/1", "linkedin", likes=120,
                      account_id="member")  # fmt: skip
    kept = DigestPayload.from_json(DigestPayload(score=30.0, best_post=member).to_json())
    assert "(120 engagements)" in render_digest("en", kept, when), "stored and read back"
    # a post without text (a picture): named as /top names it, not a bare "…" link
    assert ">(untitled)</a> (120 engagements)" in render_digest("en", kept, when)
    assert ">(ohne Titel)</a> (120 Interaktionen)" in render_digest("de", kept, when)


def test_pushed_scores_have_one_decimal_as_score_shows_them() -> None:
    """ "2.0 points" beside "22.5 points", "from 30.0 to 35.2", "+1.0" beside "+0.5": the digest
    and the alerts write a score and a change as /score does (they wrote "2 points", "from 30 to
    35.2" and "+1")."""
    channels = (
        DigestChannel("Alice", "mastodon", 22.5),
        DigestChannel("alice", "github", 2.0, change=1.0),
    )
    payload = DigestPayload(score=30.0, change=None, channels=channels)
    when = datetime(2026, 12, 7, 9, tzinfo=UTC)
    english, german = render_digest("en", payload, when), render_digest("de", payload, when)
    assert "Score <b>30.0</b>" in english
    assert "alice · GitHub: 2.0 points (+1.0)" in english
    assert "Score <b>30,0</b>" in german
    assert "alice · GitHub: 2,0 Punkte" in german
    moved = {"kind": "score_move", "numbers": {"before": 30.0, "after": 35.2}}
    high = {"kind": "new_high", "numbers": {"score": 36.0, "previous_high": 35.0}}
    alert = render_alert("en", {"triggers": [moved, high]})
    assert "from 30.0 to <b>35.2</b>" in alert
    assert "<b>36.0</b> (the best before was 35.0)" in alert


def test_the_digests_weeks_are_drawn_to_scale_with_their_first_and_last_score() -> None:
    """Scaled to their own range, 30.0 and 30.2 were the lowest bar and the highest: a jump
    where the score held. The bars span ten points at least, and the numbers are said."""
    from bot.views.push import sparkline

    assert sparkline([30.0, 30.2, 30.1]) == "▁▁▁"
    assert sparkline([20.0, 35.0]) == "▁█"
    assert sparkline([20.0, 25.0, 30.0]) == "▁▅█"
    payload = DigestPayload(score=30.2, change=0.2, channels=(), history=(30.0, 30.1, 30.2))
    when = datetime(2026, 12, 7, 9, tzinfo=UTC)
    assert "Last weeks: ▁▁▁ (30.0 → 30.2)" in render_digest("en", payload, when)
    assert "Letzte Wochen: ▁▁▁ (30,0 → 30,2)" in render_digest("de", payload, when)

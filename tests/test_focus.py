"""Focus topics match on word boundaries, ignoring case and accents; own thread replies are
not replies received."""

from __future__ import annotations

import re
from collections import Counter
from datetime import UTC, datetime

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from bot.handlers.focus import parse_topics
from scoring.channel_data import Post, PostKind
from scoring.focus import MAX_TOPIC_LENGTH, FocusTopics, fold, normalize_topic
from scoring.sources.self_replies import without_self_replies

NOW = datetime(2026, 11, 30, tzinfo=UTC)


def _post(text: str = "", hashtags: tuple[str, ...] = (), replies: int = 0, pid: str = "1") -> Post:
    return Post(
        post_id=pid,
        created_at=NOW,
        kind=PostKind.OWN,
        likes=0,
        reshares=0,
        replies=replies,
        excerpt=text,
        hashtags=hashtags,
    )


@pytest.mark.parametrize(
    ("topic", "text", "hashtags", "expected"),
    [
        ("design", "New #Design system", (), True),
        ("design", "Design, finally.", (), True),
        ("design", "My webdesign portfolio", (), False),
        ("design", "designer wanted", (), False),
        ("design", "nothing here", ("Design",), True),
        ("#design", "design review", (), True),
        ("Kündigung", "Fristlose kundigung erklärt", (), True),
        ("kundigung", "Die KÜNDIGUNG kam per Post", (), True),
        ("Straße", "strasse und Platz", (), True),
        ("user research", "Notes on user   research today", (), True),
        ("user research", "research by the user", (), False),
        ("user research", "user researcher", (), False),
        ("c++", "Modern C++ tips", (), True),
        ("ux", "UX/UI review", (), True),
        ("ux", "luxury", (), False),
        ("lecció", "Una col·lecció nova", (), False),
        ("col·lecció", "Una COL·LECCIÓ nova", (), True),
        ("हिंदी", "हिंदी में लिखा", (), True),
        ("हिंदी", "हद में", (), False),
    ],
)
def test_topics_match_on_word_boundaries_ignoring_case_and_accents(
    topic: str, text: str, hashtags: tuple[str, ...], expected: bool
) -> None:
    assert FocusTopics.of([topic]).matches(_post(text, hashtags)) is expected


def test_no_topics_match_nothing_and_are_falsy() -> None:
    empty = FocusTopics.of(["", "  ", "#"])
    assert not empty
    assert empty.topics == ()
    assert not empty.matches(_post("design"))


def test_topics_are_normalised_and_deduplicated() -> None:
    assert normalize_topic("  #user   research ") == "user research"
    assert len(normalize_topic("x" * 500)) == MAX_TOPIC_LENGTH
    assert FocusTopics.of(["design", "#design", "ux"]).topics == ("design", "ux")


def test_the_command_reads_words_quoted_phrases_and_commas() -> None:
    assert parse_topics('design "user research" #ux') == ["design", "user research", "ux"]
    assert parse_topics("„Barrierefreiheit im Web“ design") == ["Barrierefreiheit im Web", "design"]
    assert parse_topics("machine learning, data science") == ["machine learning", "data science"]
    with pytest.raises(ValueError, match="quotation"):
        parse_topics('"open')


words = st.text(st.characters(categories=("Ll", "Lu")), min_size=1, max_size=12)


@given(topic=words, before=words, after=words)
def test_a_topic_inside_a_longer_word_never_matches(topic: str, before: str, after: str) -> None:
    assume(fold(topic.upper()) == fold(topic) == fold(topic.lower()))  # not Turkish ı and İ
    # not the few letters whose compatibility form holds a space (Arabic presentation forms)
    assume(re.fullmatch(r"\w+", fold(before + topic + after)))
    focus = FocusTopics.of([topic])
    assert not focus.matches(_post(f"{before}{topic}{after}")), "one longer word"
    assert not focus.matches(_post(f"{before}{topic}")), "one longer word"
    assert focus.matches(_post(f"{before} {topic.upper()}, {after}"))
    assert focus.matches(_post(f"{before} {topic.lower()}. {after}"))


def test_own_thread_replies_are_subtracted_and_never_below_zero() -> None:
    posts = [_post("a", replies=5, pid="1"), _post("b", replies=1, pid="2"), _post("c", pid="3")]
    read = without_self_replies(posts, Counter({"1": 2, "2": 4, "9": 1}))
    assert [p.replies for p in read] == [3, 0, 0]
    assert read[2] is posts[2], "posts without own replies are kept as they are"

"""Focus topics match on word boundaries, ignoring case and accents; own thread replies are
not replies received."""

from __future__ import annotations

import re
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from bot.handlers.focus import parse_topics
from bot.services import services_of
from scoring.channel_data import Post, PostKind
from scoring.focus import MAX_TOPIC_LENGTH, FocusTopics, fold, normalize_topic
from scoring.sources.self_replies import without_self_replies
from storage.users import get_user
from tests.fakes.telegram_server import FakeTelegram
from tests.fakes.updates import application_on, button_update, process, text_update

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


@pytest.mark.parametrize("language", ["en", "de"])
async def test_counting_only_focus_posts_needs_focus_topics_first(
    fake_telegram: FakeTelegram, tmp_path: Path, language: str
) -> None:
    """Without topics, "Count only focus posts" said "Saved." and flipped its button to "Count
    all posts" while the overview still said the score counts all posts: a setting stored that
    does nothing. Now it says to set topics first and changes nothing."""
    user = 8801
    async with application_on(fake_telegram, tmp_path / "f.db", chats=[user]) as app:
        menu = (
            await process(app, fake_telegram, text_update(user, "/settings", language=language))
        )[-1]
        mode = next(b for b in menu.buttons if b["callback_data"] == "set:mode")
        pressed = (await process(app, fake_telegram,
                                 button_update(user, mode["callback_data"], menu.message, language=language)))[-1]  # fmt: skip
        assert "/focus" in pressed.text
        assert mode["text"] in [b["text"] for b in pressed.buttons], "the same choice, still off"
        stored = get_user(services_of(app).db, user)
        assert stored is not None
        assert not stored.focus_only


async def test_a_topic_typed_twice_in_another_case_or_without_accents_is_kept_once(
    fake_telegram: FakeTelegram, tmp_path: Path
) -> None:
    """ "/focus python Python PYTHON" stored three topics, listed three times with three remove
    buttons, toward the limit of ten: they match the same posts."""
    user = 8802
    async with application_on(fake_telegram, tmp_path / "f.db", chats=[user]) as app:
        await process(app, fake_telegram, text_update(user, "/focus python Python PYTHON"))
        listed = (await process(app, fake_telegram, text_update(user, "/focus Kündigung "
                                                                      "kundigung PYTHON ux")))[-1]  # fmt: skip
        assert "<b>Your focus topics</b>: python, Kündigung, ux" in listed.text, listed.text
        assert [b["text"] for b in listed.buttons] == ["✕ python", "✕ Kündigung", "✕ ux"]


async def test_clearing_the_topics_counts_all_posts_again_and_new_topics_ask_first(
    fake_telegram: FakeTelegram, tmp_path: Path
) -> None:
    """The focus score stayed stored after /focus clear: topics named later switched the score
    back to focus posts only, unasked."""
    user = 8802
    async with application_on(fake_telegram, tmp_path / "f.db", chats=[user]) as app:
        await process(app, fake_telegram, text_update(user, "/focus design"))
        menu = (await process(app, fake_telegram, text_update(user, "/settings")))[-1]
        await process(app, fake_telegram, button_update(user, "set:mode", menu.message))
        db = services_of(app).db
        assert (stored := get_user(db, user)) is not None
        assert stored.focus_only, "no channels: switched at once"
        await process(app, fake_telegram, text_update(user, "/focus clear"))
        assert (cleared := get_user(db, user)) is not None
        assert not cleared.focus_only
        await process(app, fake_telegram, text_update(user, "/focus ux"))
        assert (again := get_user(db, user)) is not None
        assert again.focus == ("ux",)
        assert not again.focus_only, "switched on only when asked"

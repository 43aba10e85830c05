"""Long names and many channels: every answer fits Telegram's 4,096 characters.

A 5,000-character display name used to break /channels, /score and /why ("Sorry…"); /why with
25 channels of 20-character names was 6,880 characters. Through the real Application and the
fake Bot API over HTTP.
"""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.app import BotApplication, build_application, build_services
from bot.settings import load_settings
from bot.use_cases.scores import record_score
from bot.views.i18n import Html
from bot.views.split import split_message
from scoring.channel_data import MAX_NAME, Account, ChannelData, Profile, short_name
from scoring.reference_profiles import REFERENCE_PROFILES, pattern_posts
from storage import open_db
from storage.channels import add_channel
from storage.fetches import record_fetch
from storage.users import register_user
from tests.conftest import TOKEN
from tests.examples import examples
from tests.fakes.telegram_server import FakeTelegram
from tests.fakes.updates import process, text_update

USER = 5150
SORRY = "something went wrong on my side"
_ids = itertools.count(1)


@pytest.fixture
async def app(fake_telegram: FakeTelegram, tmp_path: Path) -> AsyncIterator[BotApplication]:
    settings = load_settings(
        {"TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_API_BASE_URL": fake_telegram.base_url}
    )
    db = open_db(tmp_path / "long.db")
    now = datetime.now(UTC)
    register_user(db, user_id=USER, chat_id=USER, first_name="L", language="en", now=now)
    pattern = REFERENCE_PROFILES[3].pattern
    for index in range(25):
        name = f"Channel name {index:07d}"  # 20 characters
        account = Account("mastodon", f"acct-{index}", f"@c{index}@example.social", name)
        channel = add_channel(db, USER, account, now)
        posts = tuple(pattern_posts(pattern, now, prefix=f"{index}-"))
        record_fetch(db, channel.id, ChannelData(Profile(followers=3000), posts), now)
    # a row stored before names were capped: 5,000 characters
    db.execute("UPDATE channels SET display_name = ? WHERE account_id = 'acct-0'", ["N" * 5000])
    record_score(db, USER, now)
    application = build_application(build_services(settings, db))
    fake_telegram.send_message("/start", user_id=USER)
    async with application:
        yield application
    db.close()


async def _say(app: BotApplication, fake: FakeTelegram, text: str) -> list[str]:
    calls = await process(app, fake, text_update(USER, text))
    return [c.text for c in calls if c.method == "sendMessage"]


@pytest.mark.parametrize("command", ["/why", "/score", "/channels", "/top", "/tips"])
async def test_every_answer_fits_in_telegram_messages(
    app: BotApplication, fake_telegram: FakeTelegram, command: str
) -> None:
    replies = await _say(app, fake_telegram, command)
    assert replies, "answered"
    assert not any(SORRY in r for r in replies)
    assert all(len(r.encode("utf-16-le")) // 2 <= 4096 for r in replies)
    assert not any("N" * (MAX_NAME + 1) in r for r in replies), "names are capped"
    if command == "/why":  # a summary, and a button per channel that opens its lines
        assert len(replies) == 1
        buttons = [c for c in fake_telegram.calls if c.method == "sendMessage"][-1].buttons
        assert len(buttons) == 26, "25 channels and the posts"


lines = st.text(st.characters(blacklist_characters="\n"), max_size=300).map(
    lambda s: f"<b>{s}</b>" if s else s
)


@given(st.lists(lines, max_size=120), st.integers(200, 4096))
def test_a_split_keeps_every_line_whole_in_order_and_within_the_limit(
    text_lines: list[str], limit: int
) -> None:
    text = Html("\n".join(text_lines))
    parts = split_message(text, limit)
    assert all(len(p.encode("utf-16-le", "surrogatepass")) // 2 <= limit for p in parts)
    if all(len(line.encode("utf-16-le", "surrogatepass")) // 2 <= limit for line in text_lines):
        kept = [line for part in parts for line in part.split("\n") if line.strip()]
        assert kept == [line for line in text_lines if line.strip()]
        assert all(p.count("<b>") == p.count("</b>") for p in parts), "no tag cut in two"


#: text direction controls that change how everything after them on the line is shown
_DIRECTION = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


@settings(max_examples=examples(300))
@given(
    st.text(max_size=MAX_NAME + 20)
    | st.text(alphabet=st.sampled_from(f"ab \t{_DIRECTION}\u200d\u200f"), max_size=MAX_NAME + 20)
    | st.sampled_from(["", " ", "a  b", " a", "a ", "a\u00a0b", "\u202e a"])
)
def test_a_name_is_shown_as_its_whitespace_made_single_spaces_and_capped(text: str) -> None:
    """Whatever fast path short_name takes, a name comes out as the rule says."""
    text_ = "".join(c for c in text if c not in _DIRECTION)
    cleaned = " ".join("".join(" " if c.isspace() or ord(c) < 32 else c for c in text_).split())
    expected = cleaned if len(cleaned) <= MAX_NAME else cleaned[: MAX_NAME - 1].rstrip() + "…"
    assert short_name(text) == expected


@pytest.mark.parametrize("hostile", ["\u202eMallory", "Mal\u2067lory", "\u202dMallory\u202c"])
def test_a_name_or_a_post_cannot_turn_the_rest_of_a_line_around(
    tmp_path: Path, hostile: str
) -> None:
    """A display name, a liker's handle, a post's text or a Telegram first name with a
    right-to-left override showed a group's "3. Mallory: 12.9" as "3. 9.21 :yrollaM" (the
    override runs to the end of the line). The controls that act past the name are dropped;
    letters of any script stay as they are."""
    from scoring.sources.text import excerpt
    from storage.users import get_user

    assert short_name(hostile) == "Mallory"
    assert excerpt(f"{hostile} wrote this") == "Mallory wrote this"
    assert short_name("محمد\u200d👩\u200d💻") == "محمد\u200d👩\u200d💻", "joiners stay"
    db = open_db(tmp_path / "names.db")
    register_user(
        db, user_id=7, chat_id=7, first_name=hostile, language="en", now=datetime.now(UTC)
    )
    user = get_user(db, 7)
    assert user is not None
    assert user.first_name == "Mallory"
    db.execute("UPDATE users SET first_name = ? WHERE id = 7", [hostile])  # stored before
    user = get_user(db, 7)
    assert user is not None
    assert user.first_name == "Mallory"

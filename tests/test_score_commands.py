"""End to end: /score, /why, /top, /tips and /weight from really fetched data."""

from __future__ import annotations

import json
import sqlite3
import time
from pathlib import Path

import pytest

from scoring.model import FORMULA_VERSION
from tests.bot_process import running_bot
from tests.fakes.platforms import FakePlatforms
from tests.fakes.telegram_server import Call, FakeTelegram

pytestmark = pytest.mark.e2e  # each test starts the real resonance process

USER = 777


def _ask(fake: FakeTelegram, text: str, language: str = "en") -> Call:
    mark = fake.mark()
    fake.send_message(text, user_id=USER, first_name="Alice", language_code=language)
    return fake.wait_for_reply(USER, after=mark)


def _edit_after(fake: FakeTelegram, mark: int, needle: str) -> Call:
    return fake.wait_for_reply(USER, mark, 30, methods=("editMessageText",), containing=needle)


def test_score_why_top_tips_and_weight_from_fetched_channels(
    tmp_path: Path, fake_telegram: FakeTelegram, live_platforms: FakePlatforms
) -> None:
    env = {
        "RESONANCE_ALLOW_PRIVATE_NETWORK": "1",
        "RESONANCE_BLUESKY_API": live_platforms.url,
        "RESONANCE_GITHUB_API": live_platforms.url,
    }
    with running_bot(fake_telegram, tmp_path, **env):
        assert "no channels yet" in _ask(fake_telegram, "/score").text

        for command in (f"/link {live_platforms.url}/@alice", "/link bluesky alice.bsky.social"):
            mark = fake_telegram.mark()
            _ask(fake_telegram, command)
            _edit_after(fake_telegram, mark, "Linked")

        score = _ask(fake_telegram, "/score").text
        assert score.startswith("<b>Your score: ")
        assert "This is your first score" in score, "no '7 days: no history yet' (issue 25)"
        assert "• Alice &lt;Dev&gt; &amp; Co · Mastodon: <b>" in score
        assert "• Alice · Bluesky: <b>" in score, "channels are named with their platform"
        assert "-0" not in score, "no negative zeros"
        value = float(score.split("Your score: ")[1].split("<")[0])
        assert 1 < value < 100

        why = _ask(fake_telegram, "/why")
        assert f"formula {FORMULA_VERSION}" in why.text
        for component in ("Interaction received", "engagement", "reach", "activity", "giving"):
            assert component in why.text
        mastodon = next(b for b in why.buttons if "Mastodon" in b["text"])
        mark = fake_telegram.mark()
        fake_telegram.press_button(why.message, mastodon["callback_data"])
        lines = _edit_after(fake_telegram, mark, "weight 1").text
        assert "of your 1,250 followers count" in lines, "a channel's lines open in place"
        asked = _ask(fake_telegram, "/why 1")  # the number /channels gives it
        assert asked.text == lines, "/why CHANNEL: the same lines at once"
        assert [b["text"] for b in asked.buttons] == ["‹ Back"]
        assert "could not find the channel nowhere" in _ask(fake_telegram, "/why nowhere").text

        top = _ask(fake_telegram, "/top").text
        assert "<b>Your best posts, last 7 days</b>" in top
        assert 'href="https://example.social/@alice/113500000000000004"' in top
        assert "40 likes, 12 boosts, 5 replies" in top, (
            "the author's own thread reply is not received"
        )
        month = _ask(fake_telegram, "/top 30")
        assert "<b>Your best posts, last 30 days</b>" in month.text, "asked for, not a tap away"
        assert [b["text"] for b in month.buttons] == ["7 days", "• 30 days"]
        fortnight = _ask(fake_telegram, "/top 14").text
        assert fortnight.startswith(
            "/top shows the last 7 days or the last 30 (<code>/top 30</code>), not “14”. "
            "Here are the last 30:"
        ), "said, not quietly a week"
        assert "<b>Your best posts, last 30 days</b>" in fortnight, "the span that holds 14"
        days = _ask(fake_telegram, "/top 30 days").text
        assert days.startswith("<b>Your best posts, last 30 days</b>"), "the unit said too"
        odd = _ask(fake_telegram, "/top <b>abc</b>").text
        assert "not “&lt;b&gt;abc&lt;/b&gt;”. Here are the last 7:" in odd
        assert "<b>Your best posts, last 7 days</b>" in odd

        tips = _ask(fake_telegram, "/tips")
        assert tips.text.startswith("<b>Tips</b>")
        assert "1. " in tips.text

        weight_menu = _ask(fake_telegram, "/weight")
        assert len(weight_menu.buttons) == 2
        mark = fake_telegram.mark()
        fake_telegram.press_button(weight_menu.message, weight_menu.buttons[1]["callback_data"])
        levels = _edit_after(fake_telegram, mark, "How much should")
        assert [b["text"] for b in levels.buttons] == [
            "0 ignore",
            "1 default",
            "2 professional",
            "3 main focus",
        ]
        mark = fake_telegram.mark()
        fake_telegram.press_button(levels.message, levels.buttons[3]["callback_data"])
        done = _edit_after(fake_telegram, mark, "now counts with weight 3")
        assert "Weights are relative" in done.text, "the reply says why the score moved"
        assert int(done.params["message_id"]) == weight_menu.message["message_id"], (
            "edited in place"
        )

        direct = _ask(fake_telegram, "/weight 1 0").text
        assert "now counts with weight 0" in direct
        # the /why summary lists what counts: the answer says how to count it again
        assert "adds nothing to your score until <code>/weight 1 1</code> counts it" in direct
        assert "Send <code>/weight CHANNEL 0..3</code>" in _ask(fake_telegram, "/weight 1 9").text
        assert "could not find the channel nowhere" in _ask(fake_telegram, "/weight nowhere 2").text

        german = _ask(fake_telegram, "/score", language="de").text
        assert german.startswith("<b>Your score"), "the stored language wins over Telegram's"

    db = sqlite3.connect(tmp_path / "resonance.db")
    rows = db.execute("SELECT score, formula_version, breakdown FROM scores ORDER BY id").fetchall()
    assert len(rows) == 4, "one score per link, one per weight change"
    assert {r[1] for r in rows} == {FORMULA_VERSION}
    breakdown = json.loads(rows[-1][2])
    assert {c["platform"] for c in breakdown["channels"]} == {"mastodon", "bluesky"}
    weights = dict(db.execute("SELECT platform, weight FROM channels"))
    assert weights == {"mastodon": 0, "bluesky": 3}


def test_scores_refresh_on_schedule_and_a_jump_alerts_once(
    tmp_path: Path, fake_telegram: FakeTelegram, live_platforms: FakePlatforms
) -> None:
    """Through the running bot: a 30 s refresh interval, then the user's posts take off."""
    env = {"RESONANCE_ALLOW_PRIVATE_NETWORK": "1", "RESONANCE_REFRESH_INTERVAL": "30s"}
    with running_bot(fake_telegram, tmp_path, **env):
        mark = fake_telegram.mark()
        _ask(fake_telegram, f"/link {live_platforms.url}/@alice")
        _edit_after(fake_telegram, mark, "Linked")
        reads = live_platforms.hits["/api/v1/accounts/109302/statuses"]

        live_platforms.boost_mastodon(20)
        alert = fake_telegram.wait_for(
            lambda c: (
                c.method == "sendMessage" and c.chat_id == USER and "something notable" in c.text
            ),
            timeout=90,
        )
        assert "Your score moved from" in alert.text
        assert live_platforms.hits["/api/v1/accounts/109302/statuses"] > reads, (
            "refreshed on schedule"
        )

        mark = fake_telegram.mark()
        refreshed = _ask(fake_telegram, "/refresh")
        assert refreshed.text.startswith("Reading your 1 channel…"), "issue 13: not '1 channels'"
        _edit_after(fake_telegram, mark, "Read 1 of 1: Alice")  # progress, edited in place
        final = _edit_after(fake_telegram, mark, "Refreshed 1 channel.")
        assert "Read 1 of 1" not in final.text, "the progress collapses to the result"
        assert "You can refresh again in 10 min" in _ask(fake_telegram, "/refresh").text

    alerts = [
        c for c in fake_telegram.calls_of("sendMessage", USER) if "something notable" in c.text
    ]
    assert len(alerts) == 1


def test_the_digest_arrives_once_at_the_users_hour_even_across_a_restart(
    tmp_path: Path, fake_telegram: FakeTelegram, live_platforms: FakePlatforms
) -> None:
    env = {"RESONANCE_ALLOW_PRIVATE_NETWORK": "1"}
    with running_bot(fake_telegram, tmp_path, **env):
        mark = fake_telegram.mark()
        _ask(fake_telegram, f"/link {live_platforms.url}/@alice", language="de")
        _edit_after(fake_telegram, mark, "verknüpft")

    # The user's digest hour is this hour (their timezone: Tokyo); it came 1 minute ago.
    from datetime import UTC, datetime, timedelta
    from zoneinfo import ZoneInfo

    local = datetime.now(UTC).astimezone(ZoneInfo("Asia/Tokyo"))
    db = sqlite3.connect(tmp_path / "resonance.db")
    due = (datetime.now(UTC) - timedelta(minutes=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    db.execute(
        "UPDATE users SET timezone = 'Asia/Tokyo', digest_day = ?, digest_hour = ?, next_digest_at = ?",
        [local.weekday(), local.hour, due],
    )
    db.commit()
    db.close()

    with running_bot(fake_telegram, tmp_path, **env):
        digest = fake_telegram.wait_for(
            lambda c: c.method == "sendMessage" and "Deine Woche in Resonanz" in c.text, timeout=30
        )
        assert "Score <b>" in digest.text
    with running_bot(fake_telegram, tmp_path, **env):  # a restart: the first tick runs after 1 s
        time.sleep(4)
    digests = [c for c in fake_telegram.calls_of("sendMessage", USER) if "Deine Woche" in c.text]
    assert len(digests) == 1

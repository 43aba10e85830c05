"""End to end: settings, export, forget, history, group leaderboards, webhooks, German."""

from __future__ import annotations

import json
import re
import signal
import socket
import sqlite3
import subprocess
import time
import urllib.request
from datetime import timedelta
from pathlib import Path

import pytest
from werkzeug.wrappers import Response

from scoring.model import FORMULA_VERSION
from storage.clock import from_db, to_db
from tests.bot_process import running_bot
from tests.conftest import TOKEN, offline_env, resonance_command, run_resonance
from tests.fakes.platforms import FakePlatforms, fixture_json
from tests.fakes.telegram_server import Call, FakeTelegram

pytestmark = pytest.mark.e2e  # each test starts the real resonance process

USER, OTHER, GROUP = 9001, 9002, -100123


def _ask(
    fake: FakeTelegram, text: str, user: int = USER, language: str = "en", **kw: object
) -> Call:
    mark = fake.mark()
    fake.send_message(text, user_id=user, first_name=f"N{user}", language_code=language, **kw)  # type: ignore[arg-type]
    chat = kw.get("chat_id", user)
    return fake.wait_for_reply(
        int(chat), after=mark, methods=("sendMessage", "sendPhoto", "sendDocument")
    )  # type: ignore[arg-type]


def _press(fake: FakeTelegram, call: Call, label: str) -> Call:
    data = next(b["callback_data"] for b in call.buttons if b["text"] == label)
    mark = fake.mark()
    fake.press_button(call.message, data)
    return fake.wait_for(
        lambda c: c.method == "editMessageText" and fake.calls.index(c) >= mark, timeout=20
    )


def _link(fake: FakeTelegram, platforms: FakePlatforms, user: int = USER) -> None:
    mark = fake.mark()
    fake.send_message(f"/link {platforms.url}/@alice", user_id=user, first_name=f"N{user}")
    fake.wait_for_reply(user, mark, 30, methods=("editMessageText",), containing="Linked")


ENV = {"RESONANCE_ALLOW_PRIVATE_NETWORK": "1"}


def test_settings_change_in_place_and_move_the_digest(
    tmp_path: Path, fake_telegram: FakeTelegram, live_platforms: FakePlatforms
) -> None:
    with running_bot(fake_telegram, tmp_path, **ENV):
        menu = _ask(fake_telegram, "/settings")
        assert "Weekly digest: Monday at 9:00\u202fAM (UTC)" in menu.text
        page = _press(fake_telegram, menu, "Digest hour")
        assert len(page.buttons) == 25
        saved = _press(fake_telegram, page, "6:00\u202fPM")
        assert "Weekly digest: Monday at 6:00\u202fPM (UTC)" in saved.text
        assert "Saved." in saved.text
        assert int(saved.params["message_id"]) == menu.message["message_id"], "one message, edited"
        tz_page = _press(fake_telegram, saved, "Timezone")
        saved = _press(fake_telegram, tz_page, "Asia/Tokyo")
        assert "(Asia/Tokyo)" in saved.text
        saved = _press(fake_telegram, saved, "Turn alerts off")
        assert "Alerts: off" in saved.text
        quiet = _press(fake_telegram, saved, "Quiet hours")
        saved = _press(fake_telegram, quiet, "10:00\u202fPM–7:00\u202fAM")
        assert "Quiet hours: 10:00\u202fPM–7:00\u202fAM" in saved.text
        assert "Saved." in _ask(fake_telegram, "/settings timezone America/Sao_Paulo").text
        assert (
            "I know no timezone called Mars/Olympus"
            in _ask(fake_telegram, "/settings timezone Mars/Olympus").text
        )
        lang = _press(fake_telegram, _ask(fake_telegram, "/settings"), "Language")
        german = _press(fake_telegram, lang, "Deutsch")
        assert "Wochenbericht: Montag um 18:00 (America/Sao_Paulo)" in german.text
        assert "Benachrichtigungen: aus" in german.text
        assert _ask(fake_telegram, "/help").text.startswith("<b>Resonance</b> macht aus")

    db = sqlite3.connect(tmp_path / "resonance.db")
    row = db.execute(
        "SELECT digest_hour, timezone, alerts_enabled, quiet_start, quiet_end, language, next_digest_at FROM users"
    ).fetchone()
    assert row[:6] == (18, "America/Sao_Paulo", 0, 22, 7, "de")
    assert row[6] is None or row[6].endswith(":00:00Z"), "rescheduled to the new hour"


def test_export_sends_everything_and_forget_deletes_everything(
    tmp_path: Path, fake_telegram: FakeTelegram, live_platforms: FakePlatforms
) -> None:
    with running_bot(fake_telegram, tmp_path, **ENV):
        _ask(fake_telegram, "/start")
        _link(fake_telegram, live_platforms)
        _ask(fake_telegram, "/start", user=OTHER)
        _link(fake_telegram, live_platforms, user=OTHER)
        _ask(fake_telegram, "/share on")
        _ask(fake_telegram, "/leaderboard", chat_id=GROUP, chat_type="group")

        mark = fake_telegram.mark()
        fake_telegram.send_message("/export", user_id=USER)
        fake_telegram.wait_for_reply(USER, mark, 20, containing="everything I store")
        files = fake_telegram.documents_sent(USER, mark)
        exported = json.loads(files["resonance.json"])
        assert len(exported) == 10, "the user and 9 tables"
        albums = [c for c in fake_telegram.calls[mark:] if c.method == "sendMediaGroup"]
        assert len(albums) == 1, "the files in one album, not a message each"
        assert not [c for c in fake_telegram.calls[mark:] if c.method == "sendDocument"]
        assert set(files) == {"resonance.json"} | {
            f"resonance-{table}.csv" for table, rows in exported.items() if rows
        }, "a CSV file per table that holds rows"
        assert [c for c in fake_telegram.calls[mark:] if c.method == "sendMessage"][-1].text == (
            "Here is everything I store about you: one JSON file with all of it, and a CSV file "
            "per table. Access tokens are never exported."
        ), "said once, after the album"
        # an id and a handle, nothing they wrote: the person Alice's reply answered, and the
        # people the recorded context, favourited_by and reblogged_by list on her post of the last month
        context = fixture_json("mastodon/context_113500000000000004.json")["descendants"]
        likers = fixture_json("mastodon/favourited_by_113500000000000004.json")
        listed = {("555", "answered")}
        listed |= {
            (s["account"]["id"], "reply")
            for s in context
            if s["in_reply_to_id"] == "113500000000000004" and s["account"]["id"] != "109302"
        }
        listed |= {(a["id"], "like") for a in likers}
        # its likes and reshares outrun its replies: who reshared it too (formula 3.4)
        boosters = fixture_json("mastodon/reblogged_by_113500000000000004.json")
        listed |= {(a["id"], "reshare") for a in boosters}
        assert sorted((e["person_id"], e["kind"]) for e in exported["engagers"]) == sorted(listed)
        # and whether the account was empty when read (formula 3.4 counts its likes less)
        person = {"post_id", "person_id", "kind", "handle", "at", "hollow"}
        assert person >= set(exported["engagers"][0]) - {
            "id",
            "channel_id",
        }
        with_rows = [table for table, rows in exported.items() if rows]
        assert "engagement_days" not in with_rows, "nothing imported"
        assert len(files) == 1 + len(with_rows), "the JSON, and a CSV per table with rows"
        assert exported["profile"][0]["id"] == USER
        assert len(exported["channels"]) == 1
        assert len(exported["posts"]) == 5
        assert "credentials" not in exported["channels"][0]
        assert b"post_id" in files["resonance-posts.csv"], "a CSV of posts"

        confirm = _ask(fake_telegram, "/forget")
        assert "cannot be undone" in confirm.text
        kept = _press(fake_telegram, confirm, "Cancel")
        assert "Nothing was deleted" in kept.text
        confirm = _ask(fake_telegram, "/forget")
        done = _press(fake_telegram, confirm, "Yes, delete everything")
        assert "everything about you is deleted" in done.text

    db = sqlite3.connect(tmp_path / "resonance.db")
    tables = [
        r[0]
        for r in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name != '_sqlite_migrations'"
        )
    ]
    orphans = db.execute(
        "SELECT count(*) FROM engagers WHERE channel_id NOT IN "
        "(SELECT id FROM channels WHERE user_id != ?)",
        [USER],
    ).fetchone()[0]
    assert orphans == 0, "the people on the user's posts are forgotten"
    for table in tables:
        columns = [r[1] for r in db.execute(f"PRAGMA table_info({table})")]
        for row in db.execute(f"SELECT * FROM {table}"):  # noqa: S608 -- names from sqlite_master
            values = dict(zip(columns, row, strict=True))
            for key in ("id", "user_id", "chat_id"):
                if key in values and (table == "users" or key != "id"):
                    assert values[key] != USER, f"{table} still holds the user: {values}"
    assert db.execute("SELECT count(*) FROM users WHERE id = ?", [OTHER]).fetchone()[0] == 1, (
        "others keep theirs"
    )
    assert db.execute("SELECT count(*) FROM posts").fetchone()[0] == 5, (
        "only the other user's posts remain"
    )


def test_history_sends_a_chart(
    tmp_path: Path, fake_telegram: FakeTelegram, live_platforms: FakePlatforms
) -> None:
    with running_bot(fake_telegram, tmp_path, **ENV):
        nothing = _ask(fake_telegram, "/history")
        assert "You have no channels yet, so there is no history." in nothing.text
        assert [b["text"] for b in nothing.buttons] == ["Link a channel"]
        _link(fake_telegram, live_platforms)
        _ask(fake_telegram, "/weight 1 2")
        # minutes of history: a thin bar in an empty chart, so it is said in words
        words = _ask(fake_telegram, "/history")
        assert words.method == "sendMessage"
        first = re.search(
            r"Your first score: (\d+\.\d) \(today [^)]+\), with .+ · Mastodon\.", words.text
        )
        assert first is not None, words.text
        assert re.search(r"from tomorrow \d", words.text), "when the chart comes"
        db = sqlite3.connect(tmp_path / "resonance.db")
        with db:  # the same scores, a day and an hour older: a chart
            for row, at in db.execute("SELECT id, computed_at FROM scores").fetchall():
                older = to_db(from_db(at) - timedelta(hours=25))
                db.execute("UPDATE scores SET computed_at = ? WHERE id = ?", [older, row])
        photo = _ask(fake_telegram, "/history")
        assert photo.method == "sendPhoto"
        png = next(iter(photo.files.values()))
        assert png.startswith(b"\x89PNG")
        assert len(png) > 10_000
        # a history of a day: since when it is kept, not "over the last 90 days"
        assert re.search(r"Your score since \w+ \d+: \d+\.\d → \d+\.\d\.", photo.text)


def _verify(fake: FakeTelegram, platforms: FakePlatforms, user: int = USER) -> None:
    """Prove the linked Mastodon account is the user's: its code in the profile's bio."""
    asked = _ask(fake, "/verify 1", user=user)
    code = re.search(r"resonance-[0-9a-f]{8}", asked.text)
    assert code is not None, asked.text
    account = fixture_json("mastodon/account_lookup.json")
    account.update(url=f"{platforms.url}/@alice", note=f"<p>{code.group(0)}</p>")
    body = json.dumps(account)
    platforms.override(
        "/api/v1/accounts/109302",
        lambda request: Response(body, 200, mimetype="application/json"),
    )
    assert "is verified as yours" in _press(fake, asked, "I have put it there: check now").text


def test_a_group_leaderboard_shows_only_opted_in_members(
    tmp_path: Path, fake_telegram: FakeTelegram, live_platforms: FakePlatforms
) -> None:
    with running_bot(fake_telegram, tmp_path, **ENV):
        for user in (USER, OTHER):
            _link(fake_telegram, live_platforms, user=user)
        _verify(fake_telegram, live_platforms)  # only verified scores are ranked
        assert (
            "Nobody here has chosen to share"
            in _ask(
                fake_telegram, "/leaderboard", chat_id=GROUP, chat_type="group", user=OTHER
            ).text
        )
        assert "will be shown on the /leaderboard" in _ask(fake_telegram, "/share on").text
        board = _ask(
            fake_telegram,
            "/leaderboard@resonance_test_bot",
            chat_id=GROUP,
            chat_type="group",
            user=OTHER,
        )
        assert "Nobody here" in board.text, f"{USER} has not been seen in the group yet"
        board = _ask(fake_telegram, "/leaderboard", chat_id=GROUP, chat_type="group")
        # each name set apart (first-strong isolate): right-to-left letters keep the line's order
        assert f"1. \u2068N{USER}\u2069:" in board.text
        assert f"N{OTHER}" not in board.text, "did not opt in"
        assert "Mastodon" not in board.text, "nothing else shown"
        assert "followers" not in board.text
        assert (
            "private chat" in _ask(fake_telegram, "/score", chat_id=GROUP, chat_type="group").text
        )
        fake_telegram.leave(GROUP, USER)
        board = _ask(fake_telegram, "/leaderboard", chat_id=GROUP, chat_type="group", user=OTHER)
        assert "Nobody here" in board.text, "a member who left is not shown"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_webhook_mode_answers_an_update_posted_to_it(
    tmp_path: Path, fake_telegram: FakeTelegram
) -> None:
    port = _free_port()
    url = f"http://127.0.0.1:{port}/telegram"
    env = offline_env(
        tmp_path,
        TELEGRAM_BOT_TOKEN=TOKEN,
        TELEGRAM_API_BASE_URL=fake_telegram.base_url,
        RESONANCE_LOG_LEVEL="DEBUG",  # the operator debugging: still no secret, no message
    )
    command = [
        *resonance_command(),
        "run",
        "--webhook-url",
        url,
        "--listen",
        "127.0.0.1",
        "--port",
        str(port),
    ]
    with (tmp_path / "bot.log").open("w") as log:
        process = subprocess.Popen(
            command, env=env, cwd=tmp_path, stdout=log, stderr=subprocess.STDOUT
        )
        try:
            registered = fake_telegram.wait_for(lambda c: c.method == "setWebhook", timeout=30)
            assert registered.params["url"] == url
            secret = registered.params["secret_token"]
            fake_telegram.send_message("/help", user_id=USER)  # makes the chat known to the fake
            update = {
                "update_id": 1,
                "message": {
                    "message_id": 1,
                    "date": int(time.time()),
                    "text": "/help",
                    "chat": {"id": USER, "type": "private", "first_name": "W"},
                    "from": {"id": USER, "is_bot": False, "first_name": "W"},
                    "entities": [{"type": "bot_command", "offset": 0, "length": 5}],
                },
            }
            body = json.dumps(update).encode()
            wrong = urllib.request.Request(
                url,
                data=body,
                headers={
                    "Content-Type": "application/json",
                    "X-Telegram-Bot-Api-Secret-Token": "wrong",
                },
            )
            deadline = time.monotonic() + 15
            status = None
            while status is None:  # setWebhook is called just before the server listens
                try:
                    urllib.request.urlopen(wrong, timeout=10)
                    status = 200
                except urllib.error.HTTPError as exc:
                    status = exc.code
                except urllib.error.URLError:
                    assert time.monotonic() < deadline, "the webhook server never listened"
                    time.sleep(0.2)
            assert status == 403, "an update without the secret must be refused"
            request = urllib.request.Request(
                url,
                data=body,
                headers={
                    "Content-Type": "application/json",
                    "X-Telegram-Bot-Api-Secret-Token": secret,
                },
            )
            with urllib.request.urlopen(request, timeout=10) as response:
                assert response.status == 200
            reply = fake_telegram.wait_for(
                lambda c: c.method == "sendMessage" and c.chat_id == USER, timeout=20
            )
            assert reply.text.startswith("<b>Resonance</b> turns the interaction")
            assert len(fake_telegram.calls_of("sendMessage", USER)) == 1
        finally:
            process.send_signal(signal.SIGTERM)
            assert process.wait(timeout=20) == 0
    logged = (tmp_path / "bot.log").read_text()
    assert "DEBUG" in logged, "debug logging is on"
    assert secret not in logged, "the webhook secret is never logged"
    assert TOKEN not in logged
    assert '"first_name": "W"' not in logged, "nor the updates users send"


def _documents_after(fake: FakeTelegram, mark: int, needle: str) -> dict[str, bytes]:
    fake.wait_for_reply(USER, mark, 20, containing=needle)
    return fake.documents_sent(USER, mark)


def test_focus_topics_score_mode_history_marks_and_an_export_that_recomputes(
    tmp_path: Path, fake_telegram: FakeTelegram, live_platforms: FakePlatforms
) -> None:
    with running_bot(fake_telegram, tmp_path, **ENV):
        _link(fake_telegram, live_platforms)
        db = sqlite3.connect(tmp_path / "resonance.db")
        first = db.execute("SELECT min(computed_at) FROM scores").fetchone()[0]
        db.execute(  # a score of the earlier formula, before the first 2.0 one
            "INSERT INTO scores (user_id, computed_at, score, formula_version, breakdown) "
            "VALUES (?, ?, 30.0, '1.0', '{\"channels\": []}')",
            [USER, to_db(from_db(first) - timedelta(days=1, hours=1))],  # a day ago: a chart
        )
        db.commit()

        assert "no focus topics yet" in _ask(fake_telegram, "/focus").text
        listed = _ask(fake_telegram, '/focus python "great talk" Design')
        assert "<b>Your focus topics</b>: python, great talk, Design" in listed.text
        assert "% of the interaction you received came from posts on them" in listed.text
        assert [b["text"] for b in listed.buttons] == ["✕ python", "✕ great talk", "✕ Design"]
        removed = _press(fake_telegram, listed, "✕ Design")
        assert "python, great talk" in removed.text
        assert "Design" not in removed.text
        assert int(removed.params["message_id"]) == listed.message["message_id"], "edited"
        assert "a quotation mark is missing" in _ask(fake_telegram, '/focus "open').text

        score = _ask(fake_telegram, "/score").text
        assert "Focus (python, great talk):" in score
        top = _ask(fake_telegram, "/top focus").text
        assert "<b>Your best posts on python, great talk, last 7 days</b>" in top
        assert "113500000000000004" in top, "the #Python post matches the topic python"
        assert "113000000000000002" not in top, "the quote is on neither topic"

        menu = _ask(fake_telegram, "/settings")
        asked = _press(fake_telegram, menu, "Count only focus posts")
        assert "Counting only your posts on python, great talk, your score would be" in asked.text
        switched = _press(fake_telegram, asked, "Count only focus posts")
        assert "counts only posts on your focus topics (python, great talk)" in switched.text
        assert (
            "Focus score: only posts on python, great talk count"
            in _ask(fake_telegram, "/score").text
        )

        chart = _ask(fake_telegram, "/history")
        assert chart.method == "sendPhoto"
        assert f"a change to formula {FORMULA_VERSION}:" in chart.text
        assert "a change to focus score" in chart.text

        mark = fake_telegram.mark()
        fake_telegram.send_message("/export", user_id=USER)
        documents = _documents_after(fake_telegram, mark, "everything I store")
    export = tmp_path / "export.json"
    export.write_bytes(documents["resonance.json"])
    result = run_resonance(["score", "--from-export", str(export)], offline_env(tmp_path), tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "matches the stored score" in result.stdout
    stored = db.execute(
        "SELECT score FROM scores WHERE formula_version = ? ORDER BY computed_at DESC, id DESC",
        [FORMULA_VERSION],
    ).fetchone()[0]
    assert f"score {stored:.1f}" in result.stdout

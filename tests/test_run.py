"""End to end: the real ``resonance`` process against the fake Bot API over HTTP."""

from __future__ import annotations

import signal
import subprocess
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from bot.commands import COMMANDS
from scoring.model import FORMULA_VERSION
from tests.bot_process import running_bot
from tests.conftest import TOKEN, offline_env, resonance_command, run_resonance
from tests.fakes.platforms import FakePlatforms
from tests.fakes.telegram_server import FakeTelegram

pytestmark = pytest.mark.e2e  # each test starts the real resonance process


def test_version_prints_the_package_version(tmp_path: Path) -> None:
    result = run_resonance(["--version"], offline_env(tmp_path), tmp_path)
    assert result.returncode == 0
    assert result.stdout.startswith("resonance ")


def test_run_without_a_token_prints_one_line_and_exits_2(tmp_path: Path) -> None:
    result = run_resonance(["run"], offline_env(tmp_path), tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0
    assert "TELEGRAM_BOT_TOKEN" in result.stderr


def test_run_with_a_token_telegram_rejects_exits_2(
    tmp_path: Path, fake_telegram: FakeTelegram
) -> None:
    rejected = "987654321:AAHthisTOKENisNOTknown-to-the-server"
    env = offline_env(
        tmp_path, TELEGRAM_BOT_TOKEN=rejected, TELEGRAM_API_BASE_URL=fake_telegram.base_url
    )
    result = run_resonance(["run"], env, tmp_path)
    assert result.returncode == 2
    last_line = result.stderr.strip().splitlines()[-1]
    assert last_line.startswith("resonance: Telegram rejected TELEGRAM_BOT_TOKEN")
    assert rejected not in result.stderr


def test_a_token_in_dotenv_is_read(tmp_path: Path, fake_telegram: FakeTelegram) -> None:
    """A ``.env`` in the working directory configures the process like the environment."""
    (tmp_path / ".env").write_text(
        "TELEGRAM_BOT_TOKEN=987654321:AAHthisTOKENisNOTknown-to-the-server\n"
    )
    env = offline_env(tmp_path, TELEGRAM_API_BASE_URL=fake_telegram.base_url)
    result = run_resonance(["run"], env, tmp_path)
    assert "Telegram rejected" in result.stderr, "the token came from .env and reached Telegram"


def test_the_bot_answers_start_and_help_and_stops_on_sigterm(
    tmp_path: Path, fake_telegram: FakeTelegram
) -> None:
    with running_bot(fake_telegram, tmp_path) as process:
        english = [c["command"] for c in fake_telegram.commands[""]]
        assert english == [name for name, _ in COMMANDS]
        german = {c["command"]: c["description"] for c in fake_telegram.commands["de"]}
        assert german["score"].startswith("Dein Score")

        mark = fake_telegram.mark()
        fake_telegram.send_message(
            "/start", user_id=501, first_name="Ana <&> 👋 مرحبا", language_code="de-AT"
        )
        welcome = fake_telegram.wait_for_reply(501, after=mark)
        assert welcome.text.startswith("Hallo Ana &lt;&amp;&gt; 👋 مرحبا!")
        assert welcome.params["parse_mode"] == "HTML"

        mark = fake_telegram.mark()
        fake_telegram.send_message("/help", user_id=502, language_code="en")
        help_reply = fake_telegram.wait_for_reply(502, after=mark)
        assert help_reply.text.startswith("<b>Resonance</b> turns the interaction")
        assert "/link" in help_reply.text
        for operator_word in ("RESONANCE_", "X_BEARER_TOKEN", "YOUTUBE_API_KEY", "REDDIT_"):
            assert operator_word not in help_reply.text, "no operator settings in /help (issue 25)"

        mark = fake_telegram.mark()
        fake_telegram.send_message("/start", user_id=501, first_name="Ana", language_code="de")
        again = fake_telegram.wait_for_reply(501, after=mark)
        # no channel yet: welcomed as the first time, with the button to link one (a "welcome
        # back … as you left them" is for a user with channels: tests/test_everyday_words.py)
        assert again.text.startswith("Hallo Ana")
        assert [b["text"] for b in again.buttons] == ["Kanal verknüpfen"]

        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=20) == 0

    log = (tmp_path / "bot.log").read_text()
    assert TOKEN not in log, "the bot token must never reach the log"
    assert fake_telegram.pending_updates() <= 1, "handled updates were confirmed to Telegram"


def test_sigint_also_stops_it_cleanly(tmp_path: Path, fake_telegram: FakeTelegram) -> None:
    with running_bot(fake_telegram, tmp_path) as process:
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=20) == 0


def test_a_stop_signal_during_start_up_still_exits_0(
    tmp_path: Path, fake_telegram: FakeTelegram
) -> None:
    """SIGTERM that lands while the bot is still connecting ends in a clean shutdown."""
    env = offline_env(
        tmp_path, TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_API_BASE_URL=fake_telegram.base_url
    )
    process = subprocess.Popen(
        [*resonance_command(), "run"],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    fake_telegram.wait_for(lambda c: c.method == "getMe", timeout=30)
    process.send_signal(signal.SIGTERM)
    _, stderr = process.communicate(timeout=30)
    assert process.returncode == 0, stderr[-2000:]
    assert "Traceback" not in stderr


def test_score_reads_channels_and_prints_the_score_without_telegram(
    tmp_path: Path, live_platforms: FakePlatforms
) -> None:
    env = offline_env(
        tmp_path,
        RESONANCE_ALLOW_PRIVATE_NETWORK="1",
        RESONANCE_GITHUB_API=live_platforms.url,
        RESONANCE_BLUESKY_API=live_platforms.url,
    )
    result = run_resonance(
        [
            "score",
            "github:jacquev6",
            "bluesky:alice.bsky.social",
            f"mastodon:{live_platforms.url}/@alice",
        ],
        env,
        tmp_path,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "github:jacquev6  Vincent Jacques" in result.stdout
    assert "followers 840" in result.stdout
    assert "score " in result.stdout
    assert f"(formula {FORMULA_VERSION})" in result.stdout


def test_score_reports_channels_it_cannot_read(
    tmp_path: Path, live_platforms: FakePlatforms
) -> None:
    env = offline_env(tmp_path, RESONANCE_GITHUB_API=live_platforms.url)
    result = run_resonance(
        ["score", "github:nobody-here", "youtube:x", "facebook:x"], env, tmp_path
    )
    assert result.returncode == 1
    assert "github:nobody-here  could not be read" in result.stdout
    assert "youtube:x  needs YOUTUBE_API_KEY, which is not set" in result.stdout
    assert "facebook:x  is read with the owner's access token" in result.stdout
    bad = run_resonance(["score", "nonsense"], env, tmp_path)
    assert bad.returncode == 2
    assert "expected PLATFORM:HANDLE" in bad.stderr


def test_score_on_a_malformed_payload_prints_one_clear_line(
    tmp_path: Path, httpserver: HTTPServer
) -> None:
    """A platform answering ``"created_at": "not a date"`` is the platform's fault: one line."""
    httpserver.expect_request("/users/alice").respond_with_json(
        {"id": 1, "login": "alice", "name": "Alice"}
    )
    httpserver.expect_request("/users/alice/events/public").respond_with_json(
        [
            {
                "id": "1",
                "type": "WatchEvent",
                "created_at": "not a date",
                "repo": {"name": "bob/tool"},
            }
        ]
    )
    httpserver.expect_request("/user/1").respond_with_json({"id": 1, "followers": 3})
    httpserver.expect_request("/user/1/repos").respond_with_json([])
    env = offline_env(tmp_path, RESONANCE_GITHUB_API=httpserver.url_for("").rstrip("/"))
    result = run_resonance(["score", "github:alice"], env, tmp_path)
    assert result.returncode == 1
    assert (
        result.stdout.strip() == "github:alice  could not be read: github sent something unexpected"
    )
    assert "Traceback" not in result.stderr

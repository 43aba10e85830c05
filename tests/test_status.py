"""The operator's view: ``resonance status`` and the Prometheus endpoint of the running bot."""

from __future__ import annotations

import re
import socket
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import requests

from bot.__main__ import main
from scoring.channel_data import Account
from storage import notifications, open_db
from storage.channels import add_channel
from storage.fetches import record_failure
from storage.schedule import set_next_refresh, start_refresh
from storage.users import deactivate_user, register_user
from tests.bot_process import running_bot
from tests.fakes.telegram_server import FakeTelegram


def _now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def _populate(path: Path) -> None:
    """Ten users (two inactive), GitHub and Mastodon channels, lags of 1..8 s, pushes."""
    now = _now()  # when the test runs, not when the module was collected
    db = open_db(path)
    for user_id in range(1, 11):
        register_user(db, user_id=user_id, chat_id=user_id, first_name="U", language="en", now=now)
        add_channel(db, user_id, Account("github", f"g{user_id}", f"g{user_id}", "G"), now)
        url = f"https://{'big' if user_id % 2 else 'small'}.example/@u{user_id}"
        add_channel(db, user_id, Account("mastodon", f"m{user_id}", "@u", "U", url), now)
    for user_id in (9, 10):
        deactivate_user(db, user_id, now)
    for user_id in range(1, 9):
        due = now - timedelta(seconds=user_id)
        start_refresh(db, user_id, now, due, now + timedelta(hours=6))
    set_next_refresh(db, 1, now - timedelta(minutes=5))  # overdue now
    record_failure(db, 1, "rate_limited", now, permanent=False)
    record_failure(db, 3, "not_found", now - timedelta(hours=1), permanent=True)
    record_failure(db, 5, "not_found", now, permanent=True)
    notifications.claim(db, 2, "alert", "2026-11-30", {"triggers": []}, now, now)
    db.close()


def test_status_prints_the_operators_view(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _populate(tmp_path / "resonance.db")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("RESONANCE_DB", str(tmp_path / "resonance.db"))
    monkeypatch.delenv("GITHUB_TOKEN", raising=False)
    assert main(["status"]) == 0
    out = capsys.readouterr().out
    assert "users: 8 active, 2 inactive" in out
    assert "channels: 0 ok, 17 pending, 0 stale, 3 error" in out  # never read, so no "stale"
    assert "refresh lag (interval 6.0 h): p50 4 s, p95 8 s, max 8 s" in out
    assert re.search(r"due now: 1 users, the oldest waiting 5 min", out)
    assert "pushes: 1 pending" in out
    # 8 active GitHub channels with no token: 1.73/h needed of 48/h (0.07 for stargazers)
    assert (
        "GitHub: 8 channels, 2 requests/h needed (0.1 of them reading who liked and replied) "
        "of 48/h, 4% used; read every 6.0 h"
    ) in out
    # 4 channels, 2.05 requests a read (0.8 of them people) every 6 h
    assert (
        "Mastodon big.example: 4 channels, 1 requests/h needed (0.5 of them reading who liked "
        "and replied) of 2880/h"
    ) in out
    assert "Mastodon small.example: 4 channels" in out
    assert re.search(r"not_found: 2 channels, last \d{4}-\d\d-\d\d", out)
    assert "rate_limited: 1 channels" in out
    assert "Facebook (connect: facebook, instagram): needs META_APP_ID, META_APP_SECRET" in out
    assert "GitHub (verify: github): needs GITHUB_OAUTH_CLIENT_ID" in out


def test_status_without_a_database_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("RESONANCE_DB", str(tmp_path / "none.db"))
    assert main(["status"]) == 2
    assert "no database at" in capsys.readouterr().err
    assert not (tmp_path / "none.db").exists(), "status never creates a database"


def _listening_ports(pid: int) -> set[int]:
    """The TCP ports process ``pid`` listens on (from /proc: sockets in state LISTEN)."""
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = str(fd.readlink())
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    ports = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            if fields[3] == "0A" and fields[9] in inodes:
                ports.add(int(fields[1].rsplit(":", 1)[1], 16))
    return ports


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.mark.e2e
def test_the_running_bot_serves_metrics_only_when_asked(
    tmp_path: Path, fake_telegram: FakeTelegram
) -> None:
    _populate(tmp_path / "resonance.db")
    db = open_db(tmp_path / "resonance.db")
    set_next_refresh(db, 1, _now() + timedelta(hours=1))  # nothing refreshes while we look
    db.close()
    with running_bot(fake_telegram, tmp_path) as process:
        assert _listening_ports(process.pid) == set(), "without the setting nothing listens"
    port = _free_port()
    mark = fake_telegram.mark()
    with running_bot(fake_telegram, tmp_path, RESONANCE_METRICS_PORT=str(port)) as process:
        fake_telegram.wait_for(
            lambda c: c.method == "setMyCommands" and fake_telegram.calls.index(c) >= mark,
            timeout=30,
        )
        assert _listening_ports(process.pid) == {port}
        text = requests.get(f"http://127.0.0.1:{port}/metrics", timeout=10).text
    assert 'resonance_users{state="active"} 8.0' in text
    assert 'resonance_users{state="inactive"} 2.0' in text
    assert 'resonance_channels{status="error"} 3.0' in text
    assert 'resonance_refresh_lag_seconds{quantile="0.95"} 8.0' in text
    assert 'resonance_notifications{status="pending"} 1.0' in text
    assert 'resonance_budget_stretch{host="",platform="github"} 1.0' in text
    assert 'resonance_channel_errors{code="not_found"} 2.0' in text
    assert "resonance_platform_requests_total" in text


def test_status_reads_without_writing_not_even_a_migration(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A database of an older version stays as it is: status says to start the bot."""
    from sqlite_utils import Database

    from storage.migrations import MIGRATIONS

    path = tmp_path / "old.db"
    old = Database(path)
    MIGRATIONS.apply(old, stop_before="m009_one_spelling_per_account")
    old.close()
    before = path.read_bytes()
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("RESONANCE_DB", str(path))
    assert main(["status"]) == 2
    assert "start the bot once" in capsys.readouterr().err
    assert path.read_bytes() == before


def test_rotate_key_says_to_stop_the_bot_first(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["rotate-key", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "Stop the bot" in text
    assert "while the bot runs:" not in text


def test_scrapes_share_one_count_for_fifteen_seconds(tmp_path: Path) -> None:
    """Each scrape ran the whole status query; now scrapes within 15 s share one count."""
    from bot.metrics import StatusCollector
    from scoring.budgets import Grants

    _populate(tmp_path / "resonance.db")
    collector = StatusCollector(tmp_path / "resonance.db", Grants(), timedelta(hours=6), _now, {})
    clock = [1000.0]
    collector.clock = lambda: clock[0]
    for _ in range(20):
        list(collector.collect())
    assert collector.computed == 1
    clock[0] += 16
    list(collector.collect())
    assert collector.computed == 2

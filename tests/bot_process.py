"""Starting the real ``resonance run`` process against the fake servers."""

from __future__ import annotations

import signal
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.conftest import TOKEN, offline_env, resonance_command
from tests.fakes.telegram_server import FakeTelegram


@contextmanager
def running_bot(
    fake_telegram: FakeTelegram, tmp_path: Path, **env_overrides: str
) -> Iterator[subprocess.Popen[str]]:
    """``resonance run`` as a subprocess, ready once it has registered its commands.

    On exit it is sent SIGTERM if still running; its log is at ``tmp_path/bot.log``.
    """
    env = offline_env(
        tmp_path,
        TELEGRAM_BOT_TOKEN=TOKEN,
        TELEGRAM_API_BASE_URL=fake_telegram.base_url,
        **env_overrides,
    )
    log_path = tmp_path / "bot.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [*resonance_command(), "run"],
            env=env,
            cwd=tmp_path,
            stdout=log,
            stderr=subprocess.STDOUT,
            text=True,
        )
        try:
            fake_telegram.wait_for(
                lambda c: c.method == "setMyCommands" and c.params.get("language_code") == "de",
                timeout=30,
            )
            yield process
        finally:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
                try:
                    process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()

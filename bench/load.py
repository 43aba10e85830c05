"""Load: many users sending many commands at once through the real bot process.

    .venv/bin/python -m bench.load [--users 1000] [--commands 20]

Each user has three channels with 90 days of posts and a stored score (as in the command
latency benchmark). Every user sends ``--commands`` commands (a mix of /score, /why, /top,
/tips, /channels, /settings, /help, /start, /weight and /share, each answered with one message)
and all of them are offered to the bot at once through the fake Bot API. Reported: updates
offered, answered, answered twice, lost, the time to answer all, updates per second, and the
bot's peak RSS.
"""

from __future__ import annotations

import argparse
import signal
import subprocess
import tempfile
import time
from collections import Counter
from pathlib import Path

from bench.command_latency import seed
from bench.scale import rss_kb
from tests.conftest import TOKEN, offline_env, resonance_command
from tests.fakes.telegram_server import FakeTelegram

COMMANDS = (
    "/score",
    "/why",
    "/top",
    "/tips",
    "/channels",
    "/settings",
    "/help",
    "/start",
    "/weight",
    "/share",
)


def run(users: int, per_user: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp, FakeTelegram({TOKEN}) as fake:
        tmp_path = Path(tmp)
        seed(tmp_path / "resonance.db", users)
        env = offline_env(
            tmp_path,
            TELEGRAM_BOT_TOKEN=TOKEN,
            TELEGRAM_API_BASE_URL=fake.base_url,
            RESONANCE_LOG_LEVEL="WARNING",
        )
        process = subprocess.Popen(
            [*resonance_command(), "run"],
            env=env,
            cwd=tmp,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            fake.wait_for(lambda c: c.method == "setMyCommands", timeout=60)
            time.sleep(1)
            mark = fake.mark()
            started = time.monotonic()
            for round_ in range(per_user):
                for user in range(1, users + 1):
                    fake.send_message(COMMANDS[(user + round_) % len(COMMANDS)], user_id=user)
            offered = users * per_user
            deadline = time.monotonic() + 1800
            while True:
                answered = sum(1 for c in fake.calls[mark:] if c.method == "sendMessage")
                if answered >= offered or time.monotonic() > deadline:
                    break
                time.sleep(0.1)
            elapsed = time.monotonic() - started
            time.sleep(3)  # anything answered twice would arrive now
            per_chat = Counter(c.chat_id for c in fake.calls[mark:] if c.method == "sendMessage")
            _, peak_kb = rss_kb(process.pid)
            return {
                "offered": offered,
                "answered": sum(min(n, per_user) for n in per_chat.values()),
                "twice": sum(max(0, n - per_user) for n in per_chat.values()),
                "lost": sum(max(0, per_user - per_chat.get(u, 0)) for u in range(1, users + 1)),
                "seconds": elapsed,
                "rate": offered / elapsed,
                "peak_mb": peak_kb / 1024,
                "pending": fake.pending_updates(),
            }
        finally:
            process.send_signal(signal.SIGTERM)
            process.wait(timeout=60)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--users", type=int, default=1000)
    parser.add_argument("--commands", type=int, default=20)
    args = parser.parse_args()
    r = run(args.users, args.commands)
    print(
        "| users x commands | offered | answered | answered twice | lost | seconds | updates/s | peak RSS MB |"
    )
    print("|---|---|---|---|---|---|---|---|")
    print(
        f"| {args.users:,} x {args.commands} | {r['offered']:,.0f} | {r['answered']:,.0f} | "
        f"{r['twice']:.0f} | {r['lost']:.0f} | {r['seconds']:.0f} | {r['rate']:.0f} | "
        f"{r['peak_mb']:.0f} |"
    )


if __name__ == "__main__":
    main()

"""Command latency: /score round trips through the real bot process, beside an echo bot.

    .venv/bin/python -m bench.command_latency [--users 1 50 500] [--rounds 3]

Each user has three channels with 90 days of posts and a recorded score (seeded straight into
the database, as linking leaves it). N users
send /score at the same moment to the fake Bot API; the latency of one is the time from the
update being offered to the bot until the fake server receives the reply. Each bot answers one
update from another user first, so neither is measured opening its first connection. The same is measured
for a minimal python-telegram-bot echo bot on the same fake server, in the same run, so the
ratio is what counts (these machines are shared and noisy).
"""

from __future__ import annotations

import argparse
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from bot.use_cases.scores import record_score
from scoring.channel_data import Account, ChannelData, Profile
from scoring.reference_profiles import Pattern, pattern_posts
from storage import open_db
from storage.channels import add_channel
from storage.fetches import record_fetch
from storage.users import register_user
from tests.conftest import TOKEN, offline_env, resonance_command
from tests.fakes.telegram_server import FakeTelegram

PATTERNS = (
    Pattern(3000, 4, likes=40, reshares=8, replies=5, quotes=1, giving_per_week=10),
    Pattern(800, 3, likes=12, reshares=2, replies=3, giving_per_week=4),
    Pattern(40, 2, likes=3, replies=1, giving_per_week=2),
)


def seed(db_path: Path, users: int) -> None:
    db = open_db(db_path)
    now = datetime.now(UTC)
    for user_id in range(1, users + 1):
        register_user(
            db, user_id=user_id, chat_id=user_id, first_name=f"U{user_id}", language="en", now=now
        )
        for index, pattern in enumerate(PATTERNS):
            account = Account(
                "mastodon",
                f"{user_id}-{index}@https://bench.example",
                f"@u{user_id}c{index}@bench.example",
            )
            channel = add_channel(db, user_id, account, now)
            posts = tuple(pattern_posts(pattern, now, prefix=f"{index}-"))
            record_fetch(
                db, channel.id, ChannelData(Profile(followers=pattern.followers), posts), now
            )
        record_score(db, user_id, now)  # as every link and refresh does
    db.close()


def measure(
    fake: FakeTelegram, command: list[str], env: dict[str, str], users: int, ready: str
) -> list[float]:
    process = subprocess.Popen(
        command, env=env, cwd=env["BENCH_CWD"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        fake.wait_for(lambda c: c.method == ready, timeout=60)
        time.sleep(0.5)
        warm = fake.mark()  # one update first, from someone else: connections are open
        fake.send_message("/score", user_id=users + 1, first_name="Warm")
        fake.wait_for_reply(users + 1, after=warm, timeout=30)
        mark = fake.mark()
        sent: dict[int, float] = {}
        for user_id in range(1, users + 1):
            fake.send_message("/score", user_id=user_id, first_name=f"U{user_id}")
            sent[user_id] = time.monotonic()
        deadline = time.monotonic() + 120
        while True:
            replies = {c.chat_id: c.at for c in fake.calls[mark:] if c.method == "sendMessage"}
            if len(replies) >= users or time.monotonic() > deadline:
                break
            time.sleep(0.05)
        return [replies[u] - sent[u] for u in sent if u in replies]
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--users", type=int, nargs="+", default=[1, 50, 500])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    print("| concurrent users | bot | p50 ms | p99 ms | updates/s | answered |")
    print("|---|---|---|---|---|---|")
    for users in args.users:
        results: dict[str, list[float]] = {"resonance": [], "echo": []}
        durations: dict[str, list[float]] = {"resonance": [], "echo": []}
        for _ in range(args.rounds):
            for name in ("resonance", "echo"):
                with tempfile.TemporaryDirectory() as tmp, FakeTelegram({TOKEN}) as fake:
                    tmp_path = Path(tmp)
                    env = offline_env(
                        tmp_path,
                        TELEGRAM_BOT_TOKEN=TOKEN,
                        TELEGRAM_API_BASE_URL=fake.base_url,
                        RESONANCE_LOG_LEVEL="WARNING",
                        BENCH_CWD=tmp,
                    )
                    if name == "resonance":
                        seed(tmp_path / "resonance.db", users)
                        command, ready = [*resonance_command(), "run"], "setMyCommands"
                    else:
                        command, ready = [sys.executable, "-m", "bench.echo_bot"], "getMe"
                        env["PYTHONPATH"] = str(Path(__file__).resolve().parent.parent)
                    started = time.monotonic()
                    latencies = measure(fake, command, env, users, ready)
                    results[name] += latencies
                    durations[name].append(
                        max(latencies) if latencies else time.monotonic() - started
                    )
        for name in ("echo", "resonance"):
            values = results[name]
            rate = users / statistics.mean(durations[name]) if durations[name] else 0
            print(
                f"| {users} | {name} | {percentile(values, 0.5) * 1000:.0f} | {percentile(values, 0.99) * 1000:.0f} "
                f"| {rate:.0f} | {len(values)}/{users * args.rounds} |"
            )


if __name__ == "__main__":
    main()

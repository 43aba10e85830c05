"""Scale and memory: a database of 100,000 users and 300,000 channels.

    .venv/bin/python -m bench.scale [--users 100000] [--small 1000]

1. Seeds a database in bulk (plain SQL in large transactions, the same rows linking and
   refreshing leave): per user three channels (Mastodon, GitHub, a blog, on local fake platform
   servers), their posts of the last 90 days, a profile snapshot each and a stored score; every
   user's next refresh is spread over a 6-hour interval starting tomorrow (so "idle" is idle).
2. Starts the real ``resonance run`` on it against the fake Bot API: peak RSS once idle, then
   with refreshes due for a few hundred users (the scheduler works through them 25 a tick),
   peak RSS during those refreshes.
3. /score latency on that database against the same on a small one (``--small`` users), side by
   side in one run: 200 /score commands, one at a time, each from a different user.
4. Database growth per user per year: a year of history for 200 users (4 scores a day, daily
   snapshots, weekly digests, new posts every few days) with the retention pass run daily as
   the bot does, against the same year without retention; bytes per user after VACUUM.
"""

from __future__ import annotations

import argparse
import json
import signal
import statistics
import subprocess
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench.serve_platforms import platform_server
from bot.use_cases.scores import record_score
from scoring.reference_profiles import Pattern, pattern_posts
from storage import open_db
from storage.clock import to_db
from storage.retention import thin
from tests.conftest import TOKEN, offline_env, resonance_command
from tests.fakes.telegram_server import FakeTelegram

PATTERNS = (
    Pattern(3000, 3, likes=40, reshares=8, replies=5, quotes=1, giving_per_week=4),
    Pattern(800, 1, likes=12, reshares=2, replies=3, giving_per_week=1),
    Pattern(40, 1, likes=3, replies=1),
)
REFRESHED_DURING_BENCH = 300


def seed(db_path: Path, users: int, url: str, now: datetime) -> None:
    """``users`` users with three channels each, their posts, snapshots and a stored score."""
    db = open_db(db_path)
    accounts = [
        ("mastodon", f"@alice@{url}", f"109302@{url}"),
        ("github", "jacquev6", "327146"),
        ("blog", f"{url}/feed/atom/", f"{url}/feed/atom/"),
    ]
    templates = [list(pattern_posts(p, now, prefix=f"{i}-")) for i, p in enumerate(PATTERNS)]
    stamp = to_db(now)
    interval = timedelta(hours=6).total_seconds()
    conn = db.conn
    with db.atomic():
        conn.executemany(
            "INSERT INTO users (id, chat_id, first_name, created_at, updated_at, next_refresh_at, "
            "next_digest_at) VALUES (?, ?, 'U', ?, ?, ?, ?)",
            (
                (
                    u,
                    u,
                    stamp,
                    stamp,
                    to_db(now + timedelta(days=1, seconds=(u * 7919) % interval)),
                    to_db(now + timedelta(days=3)),
                )
                for u in range(1, users + 1)
            ),
        )
        conn.executemany(
            "INSERT INTO channels (id, user_id, platform, handle, account_id, display_name, "
            "status, created_at, last_success_at) VALUES (?, ?, ?, ?, ?, 'Alice', 'ok', ?, ?)",
            (
                ((u - 1) * 3 + i + 1, u, platform, handle, account_id, stamp, stamp)
                for u in range(1, users + 1)
                for i, (platform, handle, account_id) in enumerate(accounts)
            ),
        )
        conn.executemany(
            "INSERT INTO posts (channel_id, post_id, created_at, kind, likes, reshares, replies, "
            "quotes, url, excerpt, hashtags, has_media, has_link, in_thread, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '[]', 0, 0, 0, ?)",
            (
                (
                    (u - 1) * 3 + i + 1,
                    p.post_id,
                    to_db(p.created_at),
                    p.kind.value,
                    p.likes,
                    p.reshares,
                    p.replies,
                    p.quotes,
                    f"https://example.social/@alice/{p.post_id}",
                    "A post about work, long enough to look like the excerpts people write",
                    stamp,
                )
                for u in range(1, users + 1)
                for i, template in enumerate(templates)
                for p in template
            ),
        )
        conn.executemany(
            "INSERT INTO snapshots (channel_id, taken_at, followers, following, posts_count, "
            "extra) VALUES (?, ?, ?, 0, 0, '{}')",
            (
                ((u - 1) * 3 + i + 1, stamp, pattern.followers)
                for u in range(1, users + 1)
                for i, pattern in enumerate(PATTERNS)
            ),
        )
    record_score(db, 1, now)  # one real score; every user gets its breakdown
    row = db.execute("SELECT score, formula_version, breakdown FROM scores").fetchone()
    with db.atomic():
        conn.executemany(
            "INSERT INTO scores (user_id, computed_at, score, formula_version, breakdown) "
            "VALUES (?, ?, ?, ?, ?)",
            ((u, stamp, *row) for u in range(2, users + 1)),
        )
    db.close()


def rss_kb(pid: int) -> tuple[int, int]:
    """(current, peak) resident set size of ``pid`` in kB, from /proc."""
    fields = dict(
        line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines()
    )
    return int(fields["VmRSS"].split()[0]), int(fields["VmHWM"].split()[0])


def score_latencies(fake: FakeTelegram, users: int, count: int) -> list[float]:
    picked = list(range(1, users + 1, max(1, users // count)))[:count]  # spread over the ids
    latencies = []
    for user in picked:
        mark = fake.mark()
        started = time.monotonic()
        fake.send_message("/score", user_id=user)
        reply = fake.wait_for_reply(user, after=mark, timeout=30)
        latencies.append(reply.at - started)
        assert "Your score" in reply.text, reply.text
    return latencies


def run_bot(db_path: Path, url: str, users: int, *, refresh: bool) -> dict[str, float]:
    """Start the bot on ``db_path``; RSS idle and (optionally) during refreshes; /score times."""
    with FakeTelegram({TOKEN}) as fake:
        env = offline_env(
            db_path.parent,
            TELEGRAM_BOT_TOKEN=TOKEN,
            TELEGRAM_API_BASE_URL=fake.base_url,
            RESONANCE_DB=str(db_path),
            RESONANCE_LOG_LEVEL="WARNING",
            RESONANCE_ALLOW_PRIVATE_NETWORK="1",
            RESONANCE_GITHUB_API=url,
        )
        process = subprocess.Popen(
            [*resonance_command(), "run"],
            env=env,
            cwd=db_path.parent,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            fake.wait_for(lambda c: c.method == "setMyCommands", timeout=120)
            time.sleep(20)  # a tick or two: the schedule is checked, nothing is due yet
            result: dict[str, float] = {}
            result["idle_rss_mb"], result["idle_peak_mb"] = (v / 1024 for v in rss_kb(process.pid))
            latencies = score_latencies(fake, users, 200)
            result["score_p50_ms"] = statistics.median(latencies) * 1000
            result["score_p99_ms"] = sorted(latencies)[int(0.99 * len(latencies))] * 1000
            if refresh:
                db = open_db(db_path)
                due = to_db(datetime.now(UTC) - timedelta(minutes=1))
                db.execute(
                    "UPDATE users SET next_refresh_at = ? WHERE id <= ?",
                    [due, REFRESHED_DURING_BENCH],
                )
                db.close()
                deadline = time.monotonic() + 600
                while time.monotonic() < deadline:
                    check = open_db(db_path, migrate=False)
                    left = check.execute(
                        "SELECT count(*) FROM users WHERE next_refresh_at <= ?",
                        [to_db(datetime.now(UTC))],
                    ).fetchone()[0]
                    check.close()
                    if left == 0:
                        break
                    time.sleep(1)
                time.sleep(5)  # the last batch finishes
                result["refresh_rss_mb"], result["refresh_peak_mb"] = (
                    v / 1024 for v in rss_kb(process.pid)
                )
            return result
        finally:
            process.send_signal(signal.SIGTERM)
            process.wait(timeout=60)


def growth_per_user_year(tmp: Path, users: int = 200) -> tuple[float, float]:
    """Bytes per user after a simulated year, with and without the daily retention pass."""
    sizes = []
    start = datetime(2025, 11, 25, tzinfo=UTC)
    breakdown = None
    for retain in (False, True):
        path = tmp / f"year-{retain}.db"
        db = open_db(path)
        with db.atomic():
            for u in range(1, users + 1):
                db.execute(
                    "INSERT INTO users (id, chat_id, created_at, updated_at) VALUES (?, ?, ?, ?)",
                    [u, u, to_db(start), to_db(start)],
                )
                for i in range(3):
                    db.execute(
                        "INSERT INTO channels (id, user_id, platform, handle, account_id, "
                        "created_at) VALUES (?, ?, 'mastodon', ?, ?, ?)",
                        [(u - 1) * 3 + i + 1, u, f"h{i}", f"a{i}", to_db(start)],
                    )
        if breakdown is None:
            record_score(db, 1, start)
            breakdown = db.execute("SELECT breakdown FROM scores").fetchone()[0]
            db.execute("DELETE FROM scores")
        for day in range(365):
            today = start + timedelta(days=day)
            with db.atomic():
                for u in range(1, users + 1):
                    for quarter in range(4):
                        db.execute(
                            "INSERT INTO scores (user_id, computed_at, score, formula_version, "
                            "breakdown) VALUES (?, ?, ?, '1.0', ?)",
                            [u, to_db(today + timedelta(hours=6 * quarter)), 40.0, breakdown],
                        )
                    for i in range(3):
                        channel = (u - 1) * 3 + i + 1
                        db.execute(
                            "INSERT INTO snapshots (channel_id, taken_at, followers, following, "
                            "posts_count, extra) VALUES (?, ?, ?, 0, 0, '{}')",
                            [channel, to_db(today), 1000 + day],
                        )
                        if (day + i) % 3 == 0:  # a new post every three days per channel
                            db.execute(
                                "INSERT INTO posts (channel_id, post_id, created_at, kind, likes, "
                                "url, excerpt, hashtags, updated_at) "
                                "VALUES (?, ?, ?, 'own', 12, ?, ?, '[]', ?)",
                                [
                                    channel,
                                    f"p{day}",
                                    to_db(today),
                                    f"https://example.social/@a/{day}",
                                    "A post about work, long enough to look like an excerpt",
                                    to_db(today),
                                ],
                            )
                    if day % 7 == 0:
                        db.execute(
                            "INSERT INTO notifications (user_id, kind, period, created_at, "
                            "payload, deliver_after, status) VALUES (?, 'digest', ?, ?, ?, ?, "
                            "'sent')",
                            [
                                u,
                                f"W{day}",
                                to_db(today),
                                json.dumps({"score": 40.0, "channels": [1, 2, 3]}),
                                to_db(today),
                            ],
                        )
            if retain:
                thin(db, today + timedelta(hours=23))
        db.execute("VACUUM")
        db.close()
        sizes.append(path.stat().st_size / users)
    return sizes[0], sizes[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--users", type=int, default=100_000)
    parser.add_argument("--small", type=int, default=1_000)
    args = parser.parse_args()
    with platform_server() as (url, _), tempfile.TemporaryDirectory() as tmp_name:
        now = datetime.now(UTC)
        tmp = Path(tmp_name)
        rows = []
        for users in (args.small, args.users):
            path = tmp / f"scale-{users}" / "resonance.db"
            started = time.perf_counter()
            seed(path, users, url, now)
            seeded = time.perf_counter() - started
            size_mb = path.stat().st_size / 1e6
            counting = open_db(path, migrate=False)
            posts = counting.execute("SELECT count(*) FROM posts").fetchone()[0]
            counting.close()
            result = run_bot(path, url, users, refresh=users == args.users)
            rows.append((users, seeded, size_mb, posts, result))
        without, with_retention = growth_per_user_year(tmp)
    print(
        "| users | channels | posts | db MB | seeded in s | idle RSS MB (peak) | /score p50 ms | /score p99 ms | RSS after refreshing 300 users MB (peak) |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for users, seeded, size_mb, posts, r in rows:
        during = (
            f"{r['refresh_rss_mb']:.0f} ({r['refresh_peak_mb']:.0f})"
            if "refresh_rss_mb" in r
            else "-"
        )
        print(
            f"| {users:,} | {users * 3:,} | {posts:,} | {size_mb:.0f} | {seeded:.0f} | "
            f"{r['idle_rss_mb']:.0f} ({r['idle_peak_mb']:.0f}) | {r['score_p50_ms']:.1f} | "
            f"{r['score_p99_ms']:.1f} | {during} |"
        )
    print()
    print("| a year of history per user | bytes |")
    print("|---|---|")
    print(f"| without retention | {without:,.0f} |")
    print(f"| with the daily retention pass | {with_retention:,.0f} |")


if __name__ == "__main__":
    main()

"""Freshness at 100,000 users: does the real refresh lane keep up with the due rate?

    .venv/bin/python -m bench.freshness [--users 10000] [--interval 36m] [--minutes 5]
    .venv/bin/python -m bench.freshness --users 3000 --interval 65s --servers 200  # 1,000,000
    .venv/bin/python -m bench.freshness ... --lane tick  # the lane before issue 30, to compare

100,000 users refreshed every 6 hours are due at ~4.6 a second; 10,000 users every 36
minutes are due at the same rate, which a run of minutes can measure; 3,000 users every 65 s
are due at the rate of 1,000,000 every 6 hours (46 a second, about 140 channel reads). Every user has three
channels: a Mastodon account on one of ``--servers`` instances, a Bluesky account, and a blog
(one user in ten: a GitHub account instead, with no GITHUB_TOKEN). The platforms run in
another process, answer after 200-500 ms and enforce their documented limits (Mastodon 300
per 5 minutes per server, GitHub 60 an hour) with headers and 429s.

The channels start as read once, at a moment spread over the last interval (the steady state:
a cold start reads every channel at once whatever the budgets, as a new link does). Users are
due at their spread slot through the interval. The real :class:`bot.jobs.RefreshLane` is
pumped once a second, as the bot's refresh job does, for ``--minutes``.

Reported: refreshes a second achieved against needed, how late each refresh started
(p50/p95/max, against 10 % of the interval), per platform the requests a second sent, the
channels read and the plan's stretch, requests refused by the platforms (429), and this
process's CPU and peak RSS (the servers are another process).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import resource
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench.serve_platforms import platform_server
from bot.app import build_services
from bot.jobs import RefreshLane
from bot.settings import load_settings, parse_duration
from bot.use_cases.status import percentile
from scoring.channel_data import Account
from scoring.schedule import spread_offset
from storage import open_db
from storage.channels import add_channel
from storage.clock import to_db
from storage.users import register_user
from tests.fakes.tls import deployment_bundle, local_certificate


def _accounts(services: object, urls: list[str]) -> dict[str, list[Account]]:
    sources = services.sources  # type: ignore[attr-defined]
    return {
        "mastodon": [sources["mastodon"].resolve(f"{url}/@alice") for url in urls],
        "bluesky": [sources["bluesky"].resolve("alice.bsky.social")],
        "blog": [sources["blog"].resolve(f"{urls[0]}/blog")],
        "github": [sources["github"].resolve("jacquev6")],
    }


class TickLane(RefreshLane):
    """The lane before issue 30: 32 users in flight, started only when the job wakes."""

    def __init__(self, services: object) -> None:
        super().__init__(services, capacity=32)  # type: ignore[arg-type]

    def _done(self, task: asyncio.Task[None]) -> None:
        self.running.discard(task)


async def run(
    users: int, interval: timedelta, minutes: float, urls: list[str], lane_kind: str = "refill"
) -> None:
    base = urls[0]
    environ = {
        "RESONANCE_DB": "unused",
        "RESONANCE_ALLOW_PRIVATE_NETWORK": "1",
        "RESONANCE_BLUESKY_API": base,
        "RESONANCE_GITHUB_API": base,
        "RESONANCE_REFRESH_INTERVAL": f"{int(interval.total_seconds())}s",
    }
    settings = load_settings(environ)
    with tempfile.TemporaryDirectory() as tmp:
        db = open_db(Path(tmp) / "freshness.db")
        services = build_services(settings, db)
        accounts = _accounts(services, urls)
        start = datetime.now(UTC)
        rng = random.Random(7)  # noqa: S311 (spreading, not cryptography)
        print(f"creating {users:,} users with 3 channels each…", flush=True)
        with db.atomic():
            for user_id in range(1, users + 1):
                register_user(
                    db, user_id=user_id, chat_id=user_id, first_name="U", language="en", now=start
                )
                mastodon = accounts["mastodon"][user_id % len(urls)]
                third = accounts["github" if user_id % 10 == 0 else "blog"][0]
                for account in (mastodon, accounts["bluesky"][0], third):
                    add_channel(db, user_id, account, start - interval)
                due = start + spread_offset(user_id, interval)
                db.execute(
                    "UPDATE users SET next_refresh_at = ? WHERE id = ?", [to_db(due), user_id]
                )
            for (channel_id,) in db.execute("SELECT id FROM channels").fetchall():
                read = start - interval * rng.random()
                db.execute(
                    "UPDATE channels SET status = 'ok', last_attempt_at = ?, "
                    "last_success_at = ? WHERE id = ?",
                    [to_db(read), to_db(read), channel_id],
                )
        lane = TickLane(services) if lane_kind == "tick" else RefreshLane(services)
        plan = await services.budgets.plan(db, start) if services.budgets else None
        sent_before = {
            name: getattr(source, "client", None).requests_sent  # type: ignore[union-attr]
            for name, source in services.sources.items()
            if getattr(source, "client", None) is not None
        }
        cpu_before = time.process_time()
        began = time.monotonic()
        seconds = minutes * 60
        print(f"running the refresh lane for {minutes:g} minutes…", flush=True)
        while time.monotonic() - began < seconds:
            lane.pump()
            await asyncio.sleep(1.0)
        await lane.stop()  # the ones still in flight at the end are not counted
        elapsed = time.monotonic() - began
        cpu = time.process_time() - cpu_before
        end = start + timedelta(seconds=elapsed)

        lags = sorted(
            float(row[0])
            for row in db.execute(
                "SELECT last_refresh_lag FROM users WHERE last_refresh_lag IS NOT NULL"
            )
        )
        every = interval.total_seconds()
        needed = sum(  # each user is due at its offset, then every interval
            int((elapsed - offset) // every) + 1
            for offset in (spread_offset(u, interval).total_seconds() for u in range(1, users + 1))
            if offset <= elapsed
        )
        started = lane.started
        read: Counter[str] = Counter(
            dict(
                db.execute(
                    "SELECT platform, count(*) FROM channels WHERE last_attempt_at >= ? "
                    "GROUP BY platform",
                    [to_db(start)],
                ).fetchall()
            )
        )
        linked: Counter[str] = Counter(
            dict(db.execute("SELECT platform, count(*) FROM channels GROUP BY platform").fetchall())
        )
        errors = db.execute(
            "SELECT platform, last_error, count(*) FROM channels WHERE status != 'ok' "
            "GROUP BY platform, last_error"
        ).fetchall()
        target = interval.total_seconds() * 0.1
        p50, p95 = percentile(lags, 0.5), percentile(lags, 0.95)
        print()
        print(
            f"users {users:,}, interval {interval}, lane {lane_kind} (users in flight at the end "
            f"{lane.capacity}, mean refresh {lane.mean_seconds:.2f} s), run {elapsed:.0f} s, "
            f"until {end:%H:%M:%S}"
        )
        print()
        print("| refreshes started | needed (due in the run) | per second achieved | needed |")
        print("|---|---|---|---|")
        print(f"| {started:,} | {needed:,} | {started / elapsed:.2f} | {needed / elapsed:.2f} |")
        print()
        print(
            f"| start lag p50 (each user's last) | p95 | max | target p95 (10 % of {interval}) | met |"
        )
        print("|---|---|---|---|---|")
        print(
            f"| {p50 or 0:.1f} s | {p95 or 0:.1f} s | {lags[-1] if lags else 0:.1f} s "
            f"| {target:.0f} s | {'yes' if (p95 or 0) <= target else 'NO'} |"
        )
        print()
        print("| platform | channels | read in the run | requests/s | planned stretch |")
        print("|---|---|---|---|---|")
        for name in ("mastodon", "bluesky", "blog", "github"):
            client = getattr(services.sources[name], "client", None)
            sent = (client.requests_sent if client else 0) - sent_before.get(name, 0)
            stretches = (
                sorted(
                    {
                        round(line.stretch, 1)
                        for line in plan.lines.values()
                        if line.platform == name
                    }
                )
                if plan
                else []
            )
            stretch = ", ".join(f"x{s:g}" for s in stretches) or "x1 (no budget)"
            print(
                f"| {name} | {linked[name]:,} | {read[name]:,} | {sent / elapsed:.2f} | {stretch} |"
            )
        print()
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(
            f"CPU of the bot process: {cpu:.1f} s over {elapsed:.0f} s ({cpu / elapsed:.0%} of one core)"
        )
        print(f"peak RSS: {peak:.0f} MB")
        if errors:
            print("channels not read at their last attempt:", errors)
        db.close()
        if services.executor is not None:
            services.executor.shutdown(wait=False, cancel_futures=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--users", type=int, default=10_000)
    parser.add_argument("--interval", default="36m")
    parser.add_argument("--minutes", type=float, default=5.0)
    parser.add_argument("--servers", type=int, default=20)
    parser.add_argument("--lane", choices=("refill", "tick"), default="refill")
    parser.add_argument(
        "--tls", action="store_true", help="the platforms over HTTPS (a handshake a request)"
    )
    args = parser.parse_args()
    interval = parse_duration(args.interval)
    with tempfile.TemporaryDirectory() as tmp:
        options = ["--servers", str(args.servers), "--latency", "0.2:0.5", "--limits"]
        if args.tls:  # trusted among a deployment's roots, through the variable sessions read
            cert, key = local_certificate(Path(tmp))
            options += ["--tls", f"{cert}:{key}"]
            os.environ["REQUESTS_CA_BUNDLE"] = str(deployment_bundle(Path(tmp), cert))
        with platform_server(*options) as (urls, _moment):
            asyncio.run(run(args.users, interval, args.minutes, urls.split(), args.lane))


if __name__ == "__main__":
    main()

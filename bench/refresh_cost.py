"""Refresh cost: channel refreshes per second and our CPU per channel refresh.

    .venv/bin/python -m bench.refresh_cost [--users 10000]

Every user has three channels (Mastodon, GitHub, a blog) on local fake platform servers that
run in another process with no added latency. Passes of the real refresh path (``refresh_user``:
fetch, parse, store, score, alert decision) over every user, on a clock moved as the scheduler
would: the first read; a refresh 6 hours later with nothing new (the steady state: one
conditional request per channel); and one a day later with nothing new (the daily deep read).
Reported: channel refreshes per second, CPU milliseconds of this process per channel refresh
(time.process_time, so the servers' CPU is not counted), and HTTP requests per channel refresh;
then the average over a day of four refreshes (6 h interval: three steady, one deep).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

from bench.serve_platforms import platform_server
from bot.services import Services
from bot.settings import load_settings
from bot.use_cases.refresh import refresh_user
from scoring.sources import build_sources
from scoring.sources.base import SourceConfig
from scoring.sources.http import HttpPolicy
from storage import open_db
from storage.channels import add_channel
from storage.users import register_user
from tests.fakes.tls import deployment_bundle, local_certificate

USERS_AT_ONCE = 32  # as the refresh lane: RESONANCE_FETCH_CONCURRENCY users in flight


async def refresh_all(services: Services, users: int) -> None:
    slots = asyncio.Semaphore(USERS_AT_ONCE)

    async def one(user_id: int) -> None:
        async with slots:
            await refresh_user(services.db, services.reader, user_id, services.now(), force=True)

    await asyncio.gather(*(one(u) for u in range(1, users + 1)))


def requests_sent(services: Services) -> int:
    used = ("mastodon", "github", "blog")
    return sum(services.sources[name].client.requests_sent for name in used)  # type: ignore[union-attr]


async def run(
    users: int, url: str, now: datetime, db_path: Path
) -> list[tuple[str, float, float, float]]:
    config = SourceConfig(
        api_urls={"github": url, "bluesky": url},
        allow_private_network=True,
        http=HttpPolicy(user_agent="Resonance/bench"),
    )
    sources = build_sources(config)
    db = open_db(db_path)
    clock = [now]
    services = Services(settings=load_settings({}), db=db, sources=sources, now=lambda: clock[0])
    accounts = [
        sources["mastodon"].resolve(f"{url}/@alice"),
        sources["github"].resolve("jacquev6"),
        sources["blog"].resolve(f"{url}/blog"),
    ]
    with db.atomic():
        for user_id in range(1, users + 1):
            register_user(
                db, user_id=user_id, chat_id=user_id, first_name="U", language="en", now=now
            )
            for account in accounts:
                add_channel(db, user_id, account, now)
    rows = []
    for name, later in (
        ("first read", timedelta(0)),
        ("steady state (6 h later, nothing new)", timedelta(hours=6)),
        ("daily deep read (nothing new)", timedelta(days=1, hours=1)),
    ):
        clock[0] = now + later
        before_requests = requests_sent(services)
        cpu, wall = time.process_time(), time.perf_counter()
        await refresh_all(services, users)
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        channels = users * len(accounts)
        rows.append(
            (
                name,
                channels / wall,
                cpu * 1000 / channels,
                (requests_sent(services) - before_requests) / channels,
            )
        )
    db.close()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--users", type=int, default=10_000)
    parser.add_argument("--tls", action="store_true", help="the platforms over HTTPS")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        options: list[str] = []
        if args.tls:  # trusted through the variable make_session reads, among real roots
            cert, key = local_certificate(Path(tmp))
            options = ["--tls", f"{cert}:{key}"]
            os.environ["REQUESTS_CA_BUNDLE"] = str(deployment_bundle(Path(tmp), cert))
        with platform_server(*options) as (url, now):
            rows = asyncio.run(run(args.users, url, now, Path(tmp) / "bench.db"))
    over = " over TLS (the fake servers close each connection: a handshake a request)"
    print(f"{args.users} users x 3 channels{over if args.tls else ''}")
    print(
        "| pass | channel refreshes/s | CPU ms per channel refresh | HTTP requests per channel refresh |"
    )
    print("|---|---|---|---|")
    for name, rate, cpu_ms, requests in rows:
        print(f"| {name} | {rate:.0f} | {cpu_ms:.2f} | {requests:.2f} |")
    steady, deep = rows[1], rows[2]
    print(
        f"| a day of 4 refreshes (3 steady, 1 deep), average | | "
        f"{(3 * steady[2] + deep[2]) / 4:.2f} | {(3 * steady[3] + deep[3]) / 4:.2f} |"
    )


if __name__ == "__main__":
    main()

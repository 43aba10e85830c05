"""Broadcast: N weekly digests against a fake Bot API that enforces 30 messages a second.

    .venv/bin/python -m bench.broadcast [--users 10000]

Every user has a digest due now. The real delivery path (``deliver_due`` and the Sender) sends
them through the fake Bot API, which answers 429 (retry_after 1) to anything over 30 messages in
a second. Reported: messages per second achieved (against the 30/s ceiling), messages lost, sent
twice, and 429s that surfaced as failed deliveries.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

from telegram.ext import ExtBot

from bot.delivery import Sender
from bot.jobs import deliver_due
from bot.lane import OutgoingLane
from bot.services import Services
from bot.settings import load_settings
from storage import notifications, open_db
from storage.users import register_user
from tests.conftest import TOKEN
from tests.fakes.telegram_server import FakeTelegram

PAYLOAD = {
    "score": 52.3,
    "change": 1.2,
    "channels": [],
    "best_post": None,
    "tip": None,
    "history": [],
}


async def run(users: int, db_path: Path) -> dict[str, float]:
    now = datetime.now(UTC)
    db = open_db(db_path)
    with FakeTelegram({TOKEN}, messages_per_second=30) as fake:
        with db.atomic():
            for user_id in range(1, users + 1):
                fake.send_message("/start", user_id=user_id)
                register_user(
                    db, user_id=user_id, chat_id=user_id, first_name="U", language="en", now=now
                )
                notifications.claim(db, user_id, "digest", "2026-W48", PAYLOAD, now, now)
        services = Services(settings=load_settings({}), db=db, now=lambda: datetime.now(UTC))
        # as the bot sends: through the one way out to Telegram (bot/lane.py)
        async with ExtBot(TOKEN, base_url=fake.base_url, rate_limiter=OutgoingLane()) as bot:
            sender = Sender(bot)
            started = time.perf_counter()
            while notifications.due(db, datetime.now(UTC), 1):
                await deliver_due(services, sender)
            elapsed = time.perf_counter() - started
        received = Counter(c.chat_id for c in fake.calls_of("sendMessage"))
        statuses = Counter(row[0] for row in db.execute("SELECT status FROM notifications"))
        result = {
            "messages": float(sum(received.values())),
            "per_second": sum(received.values()) / elapsed,
            "lost": float(users - len(received)),
            "twice": float(sum(1 for n in received.values() if n > 1)),
            "rejected_429": float(fake.rejected_429),
            "failed": float(users - statuses["sent"]),
            "seconds": elapsed,
        }
    db.close()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--users", type=int, default=10_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        r = asyncio.run(run(args.users, Path(tmp) / "bench.db"))
    print(
        "| digests | seconds | messages/s (ceiling 30) | lost | sent twice | 429s answered by the fake | 429s surfacing as failures |"
    )
    print("|---|---|---|---|---|---|---|")
    print(
        f"| {args.users} | {r['seconds']:.0f} | {r['per_second']:.1f} | {r['lost']:.0f} | {r['twice']:.0f} | {r['rejected_429']:.0f} | {r['failed']:.0f} |"
    )


if __name__ == "__main__":
    main()

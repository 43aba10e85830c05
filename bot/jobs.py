"""The scheduler: one short, frequent tick that does whatever the database says is due.

The schedule lives in the database (users.next_refresh_at, users.next_digest_at, and pending
notifications), so a restart resumes where it stood and nothing is skipped for being late:
each tick refreshes the users whose time has come (a bounded batch, spread evenly over the
refresh interval), plans the digests whose local time has come (or came less than a day ago,
while the bot was down), and delivers every message that is due.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from telegram.ext import Application, ContextTypes

from bot.delivery import Delivery, Sender
from bot.services import Services, services_of
from bot.use_cases.digest import DigestPayload, digest_payload
from bot.use_cases.refresh import refresh_user
from bot.use_cases.scores import history_points
from bot.views.charts import history_png
from bot.views.i18n import N_, gettext
from bot.views.push import render_alert, render_digest
from scoring.schedule import next_digest, next_refresh, spread_offset, week_label
from storage import notifications
from storage.retention import Thinned, thin_slice, user_slices
from storage.schedule import due_for_digest, due_for_refresh, set_next_digest, set_next_refresh
from storage.users import User, deactivate_user, get_user

log = logging.getLogger(__name__)

TICK_SECONDS = 15
#: Old history is thinned once a day, starting a few minutes after start-up.
RETENTION_EVERY = timedelta(days=1)
RETENTION_FIRST = timedelta(minutes=5)
REFRESH_BATCH = 25
USERS_AT_ONCE = 4
DIGEST_BATCH = 500
DELIVERY_BATCH = 1000
SENDS_AT_ONCE = 64
MISSED_DIGEST_GRACE = timedelta(days=1)
RETRY_DELIVERY = timedelta(minutes=5)
SENDER_KEY = "sender"
CAPTION_LIMIT = 1024  # Telegram's limit for a photo caption
DIGEST_CHART_WEEKS = 8
CHART_TITLE = N_("Your score, last weeks")


@dataclass(frozen=True, slots=True)
class TickReport:
    refreshed: int
    digests_planned: int
    delivered: int


async def refresh_due(services: Services) -> int:
    """Refresh every user whose time has come (at most a batch a tick); returns how many."""
    db, now = services.db, services.now()
    interval = services.settings.refresh_interval
    users = due_for_refresh(db, now, REFRESH_BATCH)
    slots = asyncio.Semaphore(USERS_AT_ONCE)
    refreshed = 0

    async def one(user_id: int) -> None:
        nonlocal refreshed
        async with slots:
            await refresh_user(services.db, services.reader, user_id, services.now())
            refreshed += 1

    work = []
    for user in users:
        if user.next_refresh_at is None:  # new: they were just read when linking
            set_next_refresh(db, user.id, now + spread_offset(user.id, interval))
            continue
        # Scheduled before the work, so a crash mid-refresh cannot make it run again at once.
        set_next_refresh(db, user.id, next_refresh(user.next_refresh_at, now, interval, user.id))
        work.append(one(user.id))
    for outcome in await asyncio.gather(*work, return_exceptions=True):
        if isinstance(outcome, Exception):  # one user's failure must not stop the others
            log.error("refresh failed", exc_info=outcome)
    return refreshed


def plan_digests(services: Services) -> int:
    """Record the digests whose local day and hour have come; exactly one per user and week."""
    db, now = services.db, services.now()
    planned = 0
    for user in due_for_digest(db, now, DIGEST_BATCH):
        zone = user.zone
        following = next_digest(user.digest_day, user.digest_hour, zone, now)
        slot = user.next_digest_at
        if slot is None or now - slot > MISSED_DIGEST_GRACE:
            set_next_digest(db, user.id, following)  # first time, or missed by over a day
            continue
        payload = digest_payload(db, user, now)
        with db.atomic():
            if payload is not None and notifications.claim(
                db, user.id, "digest", week_label(slot, zone), payload.to_json(), now, now
            ):
                planned += 1
            set_next_digest(db, user.id, following)
    return planned


async def deliver_due(services: Services, sender: Sender) -> int:
    """Send every due message through the rate-limited sender; returns how many arrived."""
    db = services.db
    due = notifications.due(db, services.now(), DELIVERY_BATCH)
    slots = asyncio.Semaphore(SENDS_AT_ONCE)
    sent = 0

    async def one(item: notifications.Notification) -> None:
        nonlocal sent
        async with slots:
            user = get_user(db, item.user_id)
            if user is None or not user.active:
                notifications.drop(db, item.id)
                return
            photo = None
            if item.kind == "digest":
                digest = DigestPayload.from_json(item.payload)
                text = render_digest(user.language, digest, services.now())
                photo = await digest_chart(services, user, text)
            else:
                text = render_alert(user.language, item.payload)
            result = await sender.send(
                user.chat_id,
                text,
                photo=photo,
                claim=lambda: notifications.start_sending(db, item.id, services.now()),
            )
            now = services.now()
            if result is Delivery.SENT:
                notifications.mark_sent(db, item.id, now)
                sent += 1
            elif result is Delivery.BLOCKED:
                notifications.drop(db, item.id)
                deactivate_user(db, user.id, now)
                log.info("user %s blocked the bot: no more refreshes or pushes", user.id)
            elif result is Delivery.REJECTED:
                notifications.drop(db, item.id)
            elif result is Delivery.SKIPPED:
                return
            elif result is Delivery.FAILED:
                notifications.retry_later(db, item.id, now + RETRY_DELIVERY)
            else:
                notifications.mark_unknown(db, item.id)

    await asyncio.gather(*(one(item) for item in due))
    return sent


async def digest_chart(services: Services, user: User, text: str) -> bytes | None:
    """The digest's small chart of the last weeks, when it fits under the caption limit."""
    points = history_points(services.db, user.id, services.now(), days=7 * DIGEST_CHART_WEEKS)
    if len(points) < 2 or len(text) > CAPTION_LIMIT:
        return None
    title = gettext(user.language, CHART_TITLE)
    return await asyncio.to_thread(history_png, points, user.zone, title, small=True)


async def run_tick(services: Services, sender: Sender) -> TickReport:
    """One tick: refresh, plan digests, deliver. Tests call this instead of waiting on timers."""
    refreshed = await refresh_due(services)
    planned = plan_digests(services)
    delivered = await deliver_due(services, sender)
    return TickReport(refreshed, planned, delivered)


async def tick_job(context: ContextTypes.DEFAULT_TYPE) -> None:
    sender = context.bot_data[SENDER_KEY]
    assert isinstance(sender, Sender)
    await run_tick(services_of(context), sender)


async def thin_history(services: Services) -> Thinned:
    """The retention pass (storage/retention.py), a slice of users per transaction, letting
    commands through between slices."""
    done = Thinned()
    for low, high in user_slices(services.db):
        done += thin_slice(services.db, low, high, services.now())
        await asyncio.sleep(0)
    if done.total:
        log.info(
            "retention: %d scores, %d snapshots, %d posts, %d notifications thinned",
            done.scores,
            done.snapshots,
            done.posts,
            done.notifications,
        )
    return done


async def retention_job(context: ContextTypes.DEFAULT_TYPE) -> None:
    await thin_history(services_of(context))


def schedule_jobs(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Start the tick. A late tick still runs (no misfire limit) and missed ticks merge into one."""
    services = services_of(application)
    recovered = notifications.recover_interrupted(services.db)
    if recovered:
        log.warning("%d message(s) were being sent when the bot stopped; not resending", recovered)
    application.bot_data[SENDER_KEY] = Sender(application.bot)
    job_queue = application.job_queue
    assert job_queue is not None, "install python-telegram-bot[job-queue]"
    job_queue.run_repeating(
        tick_job,
        interval=TICK_SECONDS,
        first=1,
        name="tick",
        job_kwargs={"misfire_grace_time": None, "coalesce": True, "max_instances": 1},
    )
    job_queue.run_repeating(
        retention_job,
        interval=RETENTION_EVERY,
        first=RETENTION_FIRST,
        name="retention",
        job_kwargs={"misfire_grace_time": None, "coalesce": True, "max_instances": 1},
    )

"""The scheduler: independent lanes, each doing whatever the database says is due.

The schedule lives in the database (users.next_refresh_at, users.next_digest_at, and pending
notifications), so a restart resumes where it stood and nothing is skipped for being late.
Three lanes run side by side and never wait on one another:

- refresh: starts the refresh of due users while there is room, and starts the next one as
  soon as a refresh finishes (a job every second only notices users who became due), so the
  throughput follows ``users in flight / refresh time`` rather than a tick. Users in flight
  are bounded by RESONANCE_FETCH_CONCURRENCY when set, else sized from the due rate (active
  users / interval) and the measured refresh time (Little's law, with headroom); a slow
  platform holds up only its own reads;
- digests: plans the digests whose local day and hour have come (or came less than a day ago,
  while the bot was down);
- delivery: sends every message that is due through the Sender.

At a stop, refreshes in flight are cancelled before they save anything (a user's refresh is
one transaction) and delivery claims no new message.
"""

from __future__ import annotations

import asyncio
import logging
import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from telegram.ext import Application, ContextTypes

from bot.delivery import Delivery, Sender
from bot.services import Services, services_of
from bot.use_cases.digest import DigestPayload, digest_payload
from bot.use_cases.refresh import refresh_user
from bot.use_cases.scores import history_points
from bot.views.charts import charted, history_png
from bot.views.history import channel_names, chart_marks
from bot.views.i18n import N_, gettext
from bot.views.push import render_alert, render_digest
from scoring.budgets import refresh_slot
from scoring.schedule import next_digest, next_refresh, spread_offset, week_label
from storage import notifications
from storage.retention import Thinned, thin_slice, user_slices
from storage.schedule import (
    due_for_digest,
    due_for_refresh,
    set_next_digest,
    set_next_refresh,
    start_refresh,
)
from storage.signins import forget_old as forget_old_sign_ins
from storage.users import User, active_user_count, deactivate_user, get_user

log = logging.getLogger(__name__)

#: How often the digest lane looks for due digests (and tests advance their clock).
TICK_SECONDS = 15
REFRESH_EVERY = 1.0  # seconds between looks for due users: starting a refresh waits no longer
DELIVER_EVERY = 5.0
#: Old history is thinned once a day, starting a few minutes after start-up.
RETENTION_EVERY = timedelta(days=1)
RETENTION_FIRST = timedelta(minutes=5)
DIGEST_BATCH = 500
DELIVERY_BATCH = 1000
SENDS_AT_ONCE = 64
MISSED_DIGEST_GRACE = timedelta(days=1)
RETRY_DELIVERY = timedelta(minutes=5)
LANES_KEY = "lanes"
CAPTION_LIMIT = 1024  # Telegram's limit for a photo caption
DIGEST_CHART_WEEKS = 8
CHART_TITLE = N_("Your score, last weeks")


@dataclass(frozen=True, slots=True)
class TickReport:
    refreshed: int
    digests_planned: int
    delivered: int


def claim_due(services: Services, limit: int) -> list[tuple[int, int]]:
    """The users whose refresh starts now (at most ``limit``) with the number of this
    refresh, each already given its next time, so a crash mid-refresh cannot make it run
    again at once."""
    db, now = services.db, services.now()
    interval = services.settings.refresh_interval
    starting = []
    for user in due_for_refresh(db, now, limit):
        if user.next_refresh_at is None:  # new: they were just read when linking
            set_next_refresh(db, user.id, now + spread_offset(user.id, interval))
            continue
        following = next_refresh(user.next_refresh_at, now, interval, user.id)
        start_refresh(db, user.id, now, user.next_refresh_at, following)
        starting.append((user.id, refresh_slot(user.next_refresh_at.timestamp(), interval)))
    return starting


#: Users in flight when sized at run time: at least, at most, and the headroom over the need
AUTO_MIN_IN_FLIGHT = 32
AUTO_HEADROOM = 2.0
RATE_EVERY = 60.0  # seconds between counts of the active users (the due rate)
DURATION_SMOOTHING = 0.05  # weight of each new refresh time in the running mean


class RefreshLane:
    """Refreshes in flight, bounded to ``capacity`` users at once (each user's reads are
    bounded again by their share of the reader's slots, and all reads by the slots).

    A finished refresh starts the next due user at once (refill), so throughput is
    ``capacity / refresh time``. ``capacity`` is fixed when given or set
    (RESONANCE_FETCH_CONCURRENCY); otherwise it follows ``headroom x due rate x mean refresh
    time`` within [32, the request slots]."""

    def __init__(self, services: Services, capacity: int | None = None) -> None:
        self.services = services
        self.fixed = capacity or services.settings.fetch_concurrency
        self.ceiling = services.settings.request_slots
        self.running: set[asyncio.Task[None]] = set()
        self.started = 0
        self.finished = 0
        self.stopped = False
        self.mean_seconds = 1.0  # until measured: a refresh of a few reads at platform latency
        self.due_rate = 0.0  # users a second
        self._rate_at = -math.inf

    @property
    def capacity(self) -> int:
        """Users in flight at most, now."""
        if self.fixed is not None:
            return self.fixed
        now = time.monotonic()
        if now - self._rate_at >= RATE_EVERY:
            interval = self.services.settings.refresh_interval.total_seconds()
            self.due_rate = active_user_count(self.services.db) / interval
            self._rate_at = now
        need = math.ceil(AUTO_HEADROOM * self.due_rate * self.mean_seconds)
        return max(AUTO_MIN_IN_FLIGHT, min(self.ceiling, need))

    def pump(self) -> int:
        """Start the refresh of due users while there is room; returns how many started."""
        room = self.capacity - len(self.running)
        if room <= 0 or self.stopped:
            return 0
        starting = claim_due(self.services, room)
        for user_id, slot in starting:
            task = asyncio.get_running_loop().create_task(self._refresh(user_id, slot))
            self.running.add(task)
            task.add_done_callback(self._done)
        self.started += len(starting)
        return len(starting)

    def _done(self, task: asyncio.Task[None]) -> None:
        """A refresh finished: its slot goes to the next due user at once."""
        self.running.discard(task)
        if not self.stopped and not task.cancelled():
            self.pump()

    async def _refresh(self, user_id: int, slot: int) -> None:
        services = self.services
        now = services.now()
        began = time.monotonic()
        plan = await services.budgets.plan(services.db, now) if services.budgets else None
        try:
            await refresh_user(services.db, services.reader, user_id, now, plan=plan, slot=slot)
        except Exception:  # one user's failure must not stop the others
            log.exception("refresh of user %s failed", user_id)
        took = time.monotonic() - began
        self.mean_seconds += DURATION_SMOOTHING * (took - self.mean_seconds)
        self.finished += 1

    async def drain(self) -> None:
        """Wait for every refresh in flight."""
        while self.running:
            await asyncio.gather(*self.running, return_exceptions=True)

    async def stop(self) -> None:
        """Cancel every refresh in flight: none has saved anything yet, or it has saved all."""
        self.stopped = True
        for task in self.running:
            task.cancel()
        await asyncio.gather(*self.running, return_exceptions=True)


async def refresh_due(services: Services) -> int:
    """Refresh every user due now and wait for them all (tests and benches); returns how many."""
    lane = RefreshLane(services)
    while lane.pump():
        await lane.drain()
    return lane.finished


def plan_digests(services: Services) -> int:
    """Record the digests whose local day and hour have come; exactly one per user and week."""
    db, now = services.db, services.now()
    planned = 0
    for user in due_for_digest(db, now, DIGEST_BATCH):
        zone = user.zone
        following = next_digest(user.digest_day, user.digest_hour, zone, now)
        slot = user.next_digest_at
        if slot is None or now - slot > MISSED_DIGEST_GRACE or not user.digest_enabled:
            # first time, missed by over a day, or turned off: the schedule moves on, so a
            # digest turned on again comes at its next slot
            set_next_digest(db, user.id, following)
            continue
        payload = digest_payload(db, user, now)
        with db.atomic():
            if payload is not None and notifications.claim(
                db, user.id, "digest", week_label(slot, zone), payload.to_json(), now, now
            ):
                planned += 1
            set_next_digest(db, user.id, following)
    return planned


async def deliver_due(
    services: Services, sender: Sender, stopping: Callable[[], bool] = lambda: False
) -> int:
    """Send every due message through the rate-limited sender; returns how many arrived.

    Once ``stopping`` says so, no further message is claimed (it stays due for the next run).
    """
    db = services.db
    due = notifications.due(db, services.now(), DELIVERY_BATCH)
    slots = asyncio.Semaphore(SENDS_AT_ONCE)
    sent = 0

    async def one(item: notifications.Notification) -> None:
        nonlocal sent
        async with slots:
            user = get_user(db, item.user_id)
            turned_off = item.kind == "digest" and user is not None and not user.digest_enabled
            if user is None or not user.active or turned_off:  # (turned off since it was planned)
                notifications.drop(db, item.id)
                return
            photo = None
            if item.kind == "digest":
                digest = DigestPayload.from_json(item.payload)
                text = render_digest(user.language, digest, services.now())
                photo = await digest_chart(services, user, text)
            else:
                alert = render_alert(user.language, item.payload)
                if alert is None:  # nothing in it can be said any more
                    notifications.drop(db, item.id)
                    return
                text = alert
            result = await sender.send(
                user.chat_id,
                text,
                photo=photo,
                claim=lambda: (
                    not stopping() and notifications.start_sending(db, item.id, services.now())
                ),
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
    now = services.now()
    points = history_points(services.db, user.id, now, days=7 * DIGEST_CHART_WEEKS)
    if not charted(points, now) or len(text) > CAPTION_LIMIT:
        return None
    title = gettext(user.language, CHART_TITLE)
    names = channel_names(user.language, points)
    marks = chart_marks(user.language, points, names)
    return await asyncio.to_thread(
        history_png, points, user.zone, title, user.language, names, small=True, marks=marks
    )


async def run_tick(services: Services, sender: Sender) -> TickReport:
    """One pass of every lane, each waited for in turn. Tests call this instead of timers."""
    refreshed = await refresh_due(services)
    planned = plan_digests(services)
    delivered = await deliver_due(services, sender)
    return TickReport(refreshed, planned, delivered)


@dataclass
class Lanes:
    """The running lanes of one process (kept in bot_data)."""

    refresh: RefreshLane
    sender: Sender
    stopping: bool = False

    async def stop(self) -> None:
        """At a stop: claim no more messages, cancel the refreshes in flight."""
        self.stopping = True
        await self.refresh.stop()


def lanes_of(holder: Any) -> Lanes:
    lanes = holder.bot_data[LANES_KEY]
    assert isinstance(lanes, Lanes)
    return lanes


async def refresh_job(context: ContextTypes.DEFAULT_TYPE) -> None:
    lanes_of(context).refresh.pump()


async def digest_job(context: ContextTypes.DEFAULT_TYPE) -> None:
    if not lanes_of(context).stopping:
        plan_digests(services_of(context))


async def delivery_job(context: ContextTypes.DEFAULT_TYPE) -> None:
    lanes = lanes_of(context)
    if not lanes.stopping:
        await deliver_due(services_of(context), lanes.sender, lambda: lanes.stopping)


async def thin_history(services: Services, stopping: Callable[[], bool] = lambda: False) -> Thinned:
    """The retention pass (storage/retention.py), a slice of users per transaction, letting
    commands through between slices (and a stop: the rest waits for the next pass)."""
    done = Thinned()
    for low, high in user_slices(services.db):
        if stopping():
            break
        done += thin_slice(services.db, low, high, services.now())
        await asyncio.sleep(0)
    if done.total:
        log.info(
            "retention: %d scores, %d snapshots, %d posts, %d notifications, %d days thinned",
            done.scores,
            done.snapshots,
            done.posts,
            done.notifications,
            done.days,
        )
    return done


async def retention_job(context: ContextTypes.DEFAULT_TYPE) -> None:
    lanes = lanes_of(context)
    services = services_of(context)
    await thin_history(services, lambda: lanes.stopping)
    gone = forget_old_sign_ins(services.db, services.now())  # their offers' tokens with them
    if gone:
        log.info("retention: %d finished sign-ins forgotten", gone)


def schedule_jobs(application: Application[Any, Any, Any, Any, Any, Any]) -> Lanes:
    """Start the lanes. A late run still runs (no misfire limit), missed runs merge into one,
    and a lane still busy skips its next run rather than running twice."""
    services = services_of(application)
    recovered = notifications.recover_interrupted(services.db)
    if recovered:
        log.warning("%d message(s) were being sent when the bot stopped; not resending", recovered)
    lanes = Lanes(RefreshLane(services), Sender(application.bot))
    application.bot_data[LANES_KEY] = lanes
    job_queue = application.job_queue
    assert job_queue is not None, "install python-telegram-bot[job-queue]"
    once = {"misfire_grace_time": None, "coalesce": True, "max_instances": 1}
    job_queue.run_repeating(refresh_job, REFRESH_EVERY, first=1, name="refresh", job_kwargs=once)
    job_queue.run_repeating(digest_job, TICK_SECONDS, first=2, name="digests", job_kwargs=once)
    job_queue.run_repeating(delivery_job, DELIVER_EVERY, first=3, name="delivery", job_kwargs=once)
    job_queue.run_repeating(
        retention_job, RETENTION_EVERY, first=RETENTION_FIRST, name="retention", job_kwargs=once
    )
    return lanes

"""Refreshing one user: read every channel, recompute and store the score, decide on an alert."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlite_utils import Database

from bot.use_cases.reading import FetchOutcome, Reader, save_outcome
from bot.use_cases.scores import Options, channel_inputs, data_moment, record_of, record_score
from bot.use_cases.verifying import check_pending
from scoring.alerts import AlertMemory, ChannelHealth, Trigger, decide
from scoring.budgets import BudgetPlan
from scoring.model import FORMULA_VERSION, ChannelInput, Score
from scoring.schedule import quiet_hours_end
from storage.channels import IMPORTED, Channel, list_channels
from storage.fetches import record_failure
from storage.notifications import claim, exists
from storage.schedule import alert_state, set_alert_state
from storage.scores import StoredScore, highest_since, latest_score
from storage.users import User, get_user

log = logging.getLogger(__name__)

MAX_BACKOFF = timedelta(hours=12)
FIRST_BACKOFF = timedelta(minutes=10)
#: A refresh that finds nothing new keeps the stored score, unless it is this old: age
#: weights still move a score without new data (by less than a point a day).
RESCORE_AT_LEAST_EVERY = timedelta(days=1)

Progress = Callable[[Channel, FetchOutcome, int, int], Awaitable[None]]


@dataclass(frozen=True, slots=True)
class RefreshOutcome:
    score: Score
    before: float | None
    outcomes: list[FetchOutcome]
    triggers: list[Trigger]


#: An imported channel (an export file) counts as stale once its last import is this old.
EXPORT_FRESH_FOR = timedelta(days=14)


def _mark_old_exports(db: Database, channels: Sequence[Channel], now: datetime) -> None:
    """An export over 14 days old: the channel is stale (its data stands, as for any stale
    channel) until a fresh export is sent."""
    for channel in channels:
        if (
            channel.origin == IMPORTED
            and channel.status == "ok"
            and channel.last_success_at is not None
            and now - channel.last_success_at > EXPORT_FRESH_FOR
        ):
            record_failure(db, channel.id, "export_old", now, permanent=False)


def _since(moment: datetime | None, now: datetime) -> timedelta | None:
    return None if moment is None else now - moment


def in_backoff(channel: Channel, now: datetime) -> bool:
    """A failing channel waits 10 min, 20, 40, ... up to 12 h before it is tried again."""
    if channel.failures == 0 or channel.last_attempt_at is None:
        return False
    wait = min(MAX_BACKOFF, FIRST_BACKOFF * 2 ** min(channel.failures - 1, 12))
    return bool(channel.last_attempt_at + wait > now)


async def refresh_user(
    db: Database,
    reader: Reader,
    user_id: int,
    now: datetime,
    *,
    force: bool = False,
    progress: Progress | None = None,
    plan: BudgetPlan | None = None,
    slot: int | None = None,
) -> RefreshOutcome | None:
    """Read the user's channels (all at once, bounded by the reader's slots) and rescore.

    ``now`` is the refresh's one moment: every fetch, status and score is recorded at it.
    A scheduled refresh (its number ``slot``) reads only the channels the budget ``plan``
    has room for this time; ``force`` (the user asked) reads every channel.
    """
    user = get_user(db, user_id)
    if user is None:
        return None
    linked = list_channels(db, user_id)
    if not linked:
        return None  # nothing to read and no score to keep

    def due(channel: Channel) -> bool:
        if not channel.read_by_refresh:
            return False  # its owner reports the numbers or sends exports
        if force:
            return True
        if in_backoff(channel, now):
            return False
        if plan is None or slot is None:
            return True
        since = _since(channel.last_attempt_at, now)
        return plan.reads_now(channel.id, channel.platform, channel.url, slot, since)

    channels = [c for c in linked if due(c)]
    _mark_old_exports(db, linked, now)
    previous = latest_score(db, user_id)
    done = 0

    async def read(channel: Channel) -> FetchOutcome:
        nonlocal done
        # at most 4 of a user's reads at once; those the user asked for draw on their share
        outcome = await reader.read(channel, now, on_demand=force)
        done += 1
        if progress is not None:
            await progress(channel, outcome, done, len(channels))
        return outcome

    outcomes = list(await asyncio.gather(*(read(c) for c in channels)))
    if reader.stopping:
        return None  # the process is stopping and broke the reads off: save nothing
    stored = {channel.id: channel for channel in linked}  # the channels, read once
    # one transaction for the user's channels and the score they make: whole or nothing (a
    # kill between the two left read channels without their score until the next refresh)
    with db.atomic():
        for outcome in outcomes:
            saved_one = save_outcome(db, outcome, now)
            if saved_one is None:
                stored.pop(outcome.channel_id, None)  # unlinked while being read
            else:
                stored[saved_one.id] = saved_one
        scored = _rescore(db, user, previous, linked, outcomes, list(stored.values()), now)
    if any(c.verify_code and c.verified_at is None for c in linked):
        await check_pending(db, reader, user_id, linked, now)  # codes waiting on profiles
    if isinstance(scored, StoredScore):  # every channel answered "not modified": it stands
        return RefreshOutcome(record_of(scored).score, scored.value, outcomes, [])
    score, high, inputs = scored
    triggers = plan_alert(db, user, score, high, inputs, now, channels=list(stored.values()))
    return RefreshOutcome(score, previous.value if previous else None, outcomes, triggers)


def _rescore(
    db: Database,
    user: User,
    previous: StoredScore | None,
    linked: Sequence[Channel],
    outcomes: Sequence[FetchOutcome],
    saved: list[Channel],
    now: datetime,
) -> tuple[Score, float | None, list[ChannelInput]] | StoredScore:
    """Record the score the saved channels make, with the highest score since the alert
    memory's start (for the alert); or the ``previous`` one, when nothing changed."""
    nothing_new = all(c.status == "ok" for c in linked) and all(
        o.data is not None and o.data.not_modified for o in outcomes
    )  # no data, no status changed
    current = previous if previous is not None and previous.version == FORMULA_VERSION else None
    if nothing_new and current and now - current.computed_at < RESCORE_AT_LEAST_EVERY:
        return current
    failed = any(o.data is None for o in outcomes)
    no_data = all(o.data is None or o.data.not_modified for o in outcomes)
    # a failed fetch never moves the score: the last good data stands, at its own moment
    data_at = data_moment(current) if failed and no_data and current else None
    mode = Options.of(user).mode
    since = AlertMemory.from_json(alert_state(db, user.id)).highs_since(now)
    high = highest_since(db, user.id, since, now, FORMULA_VERSION, mode)
    inputs = channel_inputs(db, user.id, data_at or now, saved)
    return record_score(db, user.id, now, inputs, data_at=data_at), high, inputs


def rescore(db: Database, user_id: int, now: datetime) -> Score:
    """After the user changed what counts (linked, unlinked or reweighted a channel): record
    the score, and measure later moves from it, so the change itself is never an alert."""
    inputs = channel_inputs(db, user_id, now)
    score = record_score(db, user_id, now, inputs)
    memory = AlertMemory.from_json(alert_state(db, user_id))
    rebased = memory.rebase(score=score.value, version=score.version, channels=inputs, now=now)
    set_alert_state(db, user_id, rebased.to_json())
    return score


def plan_alert(
    db: Database,
    user: User,
    score: Score,
    previous_high: float | None,
    inputs: list[ChannelInput],
    now: datetime,
    *,
    channels: Sequence[Channel] | None = None,
) -> list[Trigger]:
    """Decide on an alert; if there is one, record it for delivery (at most one a day).

    ``previous_high`` is the highest score of the last 90 days before this one (None when
    there is no history yet, so a first score is never a "new high").
    """
    zone = user.zone
    channels = list_channels(db, user.id) if channels is None else channels
    health = [
        ChannelHealth(c.id, c.label, c.platform, c.last_success_at or c.created_at)
        for c in channels
        if c.status in ("stale", "error")
    ]
    triggers, memory = decide(
        AlertMemory.from_json(alert_state(db, user.id)),
        score=score.value,
        version=score.version,
        high_90d=previous_high,
        threshold=user.alert_threshold,
        channels=inputs,
        health=health,
        now=now,
    )
    if not triggers or not user.alerts_enabled:
        if not triggers:
            set_alert_state(db, user.id, memory.to_json())  # baselines and forgotten outages
        return []
    deliver_after = quiet_hours_end(user.quiet_start, user.quiet_end, zone, now)
    period = deliver_after.astimezone(zone).date().isoformat()
    if exists(db, user.id, "alert", period):
        return []  # one alert a day: the triggers stand and are reconsidered tomorrow
    payload = {"triggers": [t.to_json() for t in triggers]}
    with db.atomic():
        claim(db, user.id, "alert", period, payload, deliver_after, now)
        set_alert_state(db, user.id, memory.to_json())
    log.info("alert planned for user %s: %s", user.id, ", ".join(t.kind for t in triggers))
    return triggers

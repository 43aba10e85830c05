"""Keeping the database small for years: old history is thinned, never rewritten.

- **scores** and **snapshots**: every row of the last 7 days; then the last row of each day
  up to 90 days (what /history draws); then the last row of each week. The rows kept are
  untouched, so a chart or a 7- and 30-day comparison reads the same values it always did.
- **posts** created more than 180 days ago: the model reads 90 days, /top 30; the rest is
  dead weight (an old post still in a platform's answer is simply stored again).
- **engagement_days** (imported daily series) older than 180 days, as posts.
- **notifications** older than 90 days: their period keys (an ISO week, a date) never recur,
  so dropping them cannot make a digest or an alert go out twice.

Work is done a slice of users at a time, each slice one short transaction, so a bot serving
commands on the same database is never held up for long.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlite_utils import Database

from storage.clock import to_db
from storage.engagement import forget_days_before
from storage.people import PEOPLE_KEPT, forget_people_before

KEEP_ALL = timedelta(days=7)
KEEP_DAILY = timedelta(days=90)
POSTS_KEPT = timedelta(days=180)
NOTIFICATIONS_KEPT = timedelta(days=90)
USERS_PER_SLICE = 2_000

# Rows older than :all_until that are not the newest of their day (or, before :daily_until, of
# their week) in their group. Stored times are "YYYY-MM-DDTHH:MM:SSZ": the first 10 characters
# are the day; strftime('%Y-%W') names the week. {key} is user_id or channel_id.
_THIN = """
DELETE FROM {table} WHERE {scope} AND {time} < :all_until
AND id NOT IN (
    SELECT max(id) FROM {table}
    WHERE {scope} AND {time} < :all_until
    GROUP BY {key},
        CASE WHEN {time} < :daily_until THEN strftime('%Y-%W', {time}) ELSE substr({time}, 1, 10)
        END
)
"""


@dataclass(frozen=True, slots=True)
class Thinned:
    """How many rows one pass removed, per table."""

    scores: int = 0
    snapshots: int = 0
    posts: int = 0
    notifications: int = 0
    days: int = 0
    people: int = 0

    def __add__(self, other: Thinned) -> Thinned:
        return Thinned(
            self.scores + other.scores,
            self.snapshots + other.snapshots,
            self.posts + other.posts,
            self.notifications + other.notifications,
            self.days + other.days,
            self.people + other.people,
        )

    @property
    def total(self) -> int:
        return (
            self.scores + self.snapshots + self.posts + self.notifications + self.days + self.people
        )


def user_slices(db: Database, size: int = USERS_PER_SLICE) -> list[tuple[int, int]]:
    """Inclusive (low, high) user id ranges of at most ``size`` users each."""
    ids = [row[0] for row in db.execute("SELECT id FROM users ORDER BY id")]
    return [(ids[i], ids[min(i + size, len(ids)) - 1]) for i in range(0, len(ids), size)]


def thin_slice(db: Database, low: int, high: int, now: datetime) -> Thinned:
    """Apply the policy to users ``low``..``high`` (ids) in one transaction."""
    bounds = {
        "low": low,
        "high": high,
        "all_until": to_db(now - KEEP_ALL),
        "daily_until": to_db(now - KEEP_DAILY),
    }
    channels = "SELECT id FROM channels WHERE user_id BETWEEN :low AND :high"
    users = "user_id BETWEEN :low AND :high"
    with db.atomic():
        scores = db.execute(
            _THIN.format(table="scores", key="user_id", time="computed_at", scope=users), bounds
        ).rowcount
        snapshots = db.execute(
            _THIN.format(
                table="snapshots",
                key="channel_id",
                time="taken_at",
                scope=f"channel_id IN ({channels})",
            ),
            bounds,
        ).rowcount
        posts = db.execute(
            "DELETE FROM posts WHERE channel_id IN "
            "(SELECT id FROM channels WHERE user_id BETWEEN :low AND :high) "
            "AND created_at < :posts_until",
            dict(bounds, posts_until=to_db(now - POSTS_KEPT)),
        ).rowcount
        notifications = db.execute(
            "DELETE FROM notifications WHERE user_id BETWEEN :low AND :high "
            "AND created_at < :until AND status NOT IN ('pending', 'sending')",
            dict(bounds, until=to_db(now - NOTIFICATIONS_KEPT)),
        ).rowcount
        days = forget_days_before(db, low, high, (now - POSTS_KEPT).date())
        people = forget_people_before(db, low, high, now - PEOPLE_KEPT)
    return Thinned(scores, snapshots, posts, notifications, days, people)


def thin(db: Database, now: datetime) -> Thinned:
    """One whole pass over every user (for tools and tests; the bot goes slice by slice)."""
    done = Thinned()
    for low, high in user_slices(db):
        done += thin_slice(db, low, high, now)
    return done

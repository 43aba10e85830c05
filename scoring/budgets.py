"""Planning refreshes within what each platform allows (pure).

Each platform declares its budget in the registry (requests per window, for the platform or
for each of its servers) and what one refresh of a channel costs. With ``n`` channels on a
budget, reading each once an interval needs ``n × cost / interval``. A plan uses at most
:data:`USABLE` of a budget: the rest is for /link lookups, manual refreshes and retries.
When the need is larger, the channels on that budget stretch evenly: each is read on a
fraction ``1 / stretch`` of its owner's refreshes (:meth:`BudgetPlan.reads_now`), so its
interval becomes ``interval × stretch`` and the platform is never asked for more than it
allows. The rate-limit headers a source reads keep the plan true at run time (the throttle).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from urllib.parse import urlsplit

#: The share of a budget planned for scheduled refreshes.
USABLE = 0.8

BudgetKey = tuple[str, str | None]  # (platform, server) — the server only for per-host budgets


@dataclass(frozen=True)
class Grants:
    """What the operator's set-up grants the platforms: the operator keys set (names only)
    and the platforms' options (``RESONANCE_X_TIER``…)."""

    keys: frozenset[str] = frozenset()
    options: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Allowance:
    """A platform's budget as the plan needs it."""

    per_hour: float
    per_host: bool
    cost_per_read: float
    unit: str = "requests"
    counted_per: timedelta = timedelta(0)  # reads of a channel within it cost once
    people_per_read: float = 0.0  # of cost_per_read: reading who liked and replied


@dataclass(frozen=True, slots=True)
class BudgetLine:
    """One budget: how many channels draw on it, what they need and what may be used."""

    platform: str
    host: str | None
    channels: int
    needed_per_hour: float
    usable_per_hour: float
    unit: str = "requests"
    people_per_hour: float = 0.0  # of needed_per_hour: reading who liked and replied

    @property
    def stretch(self) -> float:
        """How much longer than the interval these channels wait between reads (1: not)."""
        if self.usable_per_hour <= 0:
            return math.inf
        return max(1.0, self.needed_per_hour / self.usable_per_hour)

    @property
    def use(self) -> float:
        """The share of the usable budget the planned reads take (at most 1 once stretched)."""
        if self.usable_per_hour <= 0:
            return 0.0
        return min(1.0, self.needed_per_hour / self.usable_per_hour)


def host_of(url: str) -> str:
    return urlsplit(url).netloc.lower()


@dataclass(frozen=True, slots=True)
class BudgetPlan:
    """Every budget's line, and which channels to read at a refresh."""

    interval: timedelta
    lines: Mapping[BudgetKey, BudgetLine] = field(default_factory=dict)
    per_host: frozenset[str] = frozenset()

    def line(self, platform: str, url: str) -> BudgetLine | None:
        host = host_of(url) if platform in self.per_host else None
        return self.lines.get((platform, host))

    def stretch(self, platform: str, url: str) -> float:
        line = self.line(platform, url)
        return line.stretch if line is not None else 1.0

    def interval_of(self, platform: str, url: str) -> timedelta:
        """How often a channel is read under the plan."""
        stretch = self.stretch(platform, url)
        if math.isinf(stretch):
            return timedelta.max
        try:
            return self.interval * stretch
        except OverflowError:  # a budget that allows next to nothing: as good as never
            return timedelta.max

    def reads_now(
        self,
        channel_id: int,
        platform: str,
        url: str,
        slot: int,
        since_read: timedelta | None = None,
    ) -> bool:
        """Whether a channel is read at its owner's refresh number ``slot``.

        Read on ``1 / stretch`` of the refreshes, evenly: at most ``ceil(stretch)`` refreshes
        apart, never two reads where one is planned. Channels of one user are phased apart.
        A channel never tried (``since_read`` None) is read at once, and one whose last try
        is older than its planned gap allows (the bot was down) catches up.
        """
        stretch = self.stretch(platform, url)
        if stretch <= 1.0 or since_read is None:
            return True
        if math.isinf(stretch):
            return False
        if since_read.total_seconds() >= self.interval.total_seconds() * (stretch + 1):
            return True
        turn = slot + channel_id
        return math.floor((turn + 1) / stretch) > math.floor(turn / stretch)

    @property
    def stretched(self) -> list[BudgetLine]:
        return [line for line in self.lines.values() if line.stretch > 1.0]


def plan_budgets(
    demand: Mapping[BudgetKey, int],
    allowances: Mapping[str, Allowance | Sequence[Allowance]],
    interval: timedelta,
) -> BudgetPlan:
    """The plan for ``demand`` (channels per budget) under ``allowances`` (per platform; one,
    or several at once, such as requests and a monthly cap: the one that stretches most
    binds)."""
    granted = {
        name: (allowance,) if isinstance(allowance, Allowance) else tuple(allowance)
        for name, allowance in allowances.items()
    }
    lines = {}
    for (platform, host), channels in demand.items():
        candidates = [
            _line(platform, host, channels, allowance, interval)
            for allowance in granted.get(platform, ())
        ]
        if channels > 0 and candidates:
            lines[(platform, host)] = max(candidates, key=lambda line: (line.stretch, line.use))
    per_host = frozenset(p for p, each in granted.items() if any(a.per_host for a in each))
    return BudgetPlan(interval, lines, per_host)


def _line(
    platform: str, host: str | None, channels: int, allowance: Allowance, interval: timedelta
) -> BudgetLine:
    hours = interval.total_seconds() / 3600
    usable = allowance.per_hour * USABLE
    needed = channels * allowance.cost_per_read / hours
    counted_hours = allowance.counted_per.total_seconds() / 3600
    if counted_hours > hours:
        # Reads within ``counted_per`` cost once: if every channel fits once per that
        # span, it is read every interval. If not, stretching pays only once reads are
        # that far apart, and each read costs in full: the need at full cost stands.
        once = channels * allowance.cost_per_read / counted_hours
        needed = once if once <= usable else needed
    return BudgetLine(
        platform=platform,
        host=host,
        channels=channels,
        needed_per_hour=needed,
        usable_per_hour=usable,
        unit=allowance.unit,
        people_per_hour=needed * allowance.people_per_read / allowance.cost_per_read
        if allowance.cost_per_read > 0
        else 0.0,
    )


def refresh_slot(due_epoch_seconds: float, interval: timedelta) -> int:
    """The number of a scheduled refresh: consecutive refreshes of a user (due exactly one
    interval apart) have consecutive numbers."""
    return round(due_epoch_seconds / interval.total_seconds())


#: A user's share of what a budget keeps beside the plan (``1 - USABLE``): lookups, proof
#: checks and reads the user starts (/link, /verify, /refresh) draw on it, so no one user
#: can spend what every other user's next /link needs.
USER_SHARE = 0.25
#: ... but always enough for this many reads an hour (a /link is a lookup and a read).
USER_MINIMUM_READS = 3


def user_share_per_hour(allowance: Allowance) -> float:
    """What one user may spend of ``allowance`` an hour on reads they start."""
    headroom = allowance.per_hour * (1 - USABLE)
    return max(headroom * USER_SHARE, USER_MINIMUM_READS * max(allowance.cost_per_read, 1.0))


def on_demand_cost(allowance: Allowance, *, read: bool) -> float:
    """What a read (``read``) or a lookup or proof check (one request, no posts) takes of
    ``allowance``, in its unit."""
    if read:
        return allowance.cost_per_read
    return 0.0 if allowance.unit == "posts" else 1.0

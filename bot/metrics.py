"""Prometheus metrics (``RESONANCE_METRICS_PORT``): the operator's status, read at each scrape.

The numbers are those of ``resonance status`` (bot/use_cases/status.py), read through a
read-only connection of the scrape's own thread (SQLite connections belong to one thread),
plus this process's requests per platform. Without the setting nothing listens.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator, Mapping
from datetime import datetime, timedelta
from pathlib import Path
from wsgiref.simple_server import WSGIServer

from prometheus_client import CollectorRegistry, start_http_server
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
from prometheus_client.registry import Collector

from bot.use_cases.status import Status, operator_status
from scoring.budgets import Grants
from scoring.sources.base import AnySource
from storage.db import open_read_only

#: Seconds a counted status serves the scrapes that come after it.
CACHE_FOR = 15.0


class StatusCollector(Collector):
    def __init__(
        self,
        db_path: Path,
        grants: Grants,
        interval: timedelta,
        now: Callable[[], datetime],
        sources: Mapping[str, AnySource],
    ) -> None:
        self.db_path = db_path
        self.grants = grants
        self.interval = interval
        self.now = now
        self.sources = sources
        self.clock = time.monotonic
        self.computed = 0  # how often the status was counted (for tests)
        self._lock = threading.Lock()
        self._cached: tuple[float, Status] | None = None

    def _status(self) -> Status:
        """The status, counted at most once every :data:`CACHE_FOR` seconds and by one
        scrape at a time (counting groups every channel: a scraper hammering the port must
        not make the database do it again and again)."""
        with self._lock:
            if self._cached is not None and self.clock() - self._cached[0] < CACHE_FOR:
                return self._cached[1]
            db = open_read_only(self.db_path)
            try:
                status = operator_status(db, self.grants, self.interval, self.now())
            finally:
                db.close()
            self.computed += 1
            self._cached = (self.clock(), status)
            return status

    def collect(self) -> Iterator[GaugeMetricFamily | CounterMetricFamily]:
        status = self._status()
        stored = status.stored
        users = GaugeMetricFamily("resonance_users", "Users by state", labels=["state"])
        for state, count in stored.users.items():
            users.add_metric([state], count)
        yield users
        channels = GaugeMetricFamily("resonance_channels", "Channels by status", labels=["status"])
        for name, count in stored.channels.items():
            channels.add_metric([name], count)
        yield channels
        lag = GaugeMetricFamily(
            "resonance_refresh_lag_seconds",
            "How late scheduled refreshes started (last refresh of each active user)",
            labels=["quantile"],
        )
        for label, key in (("0.5", "p50"), ("0.95", "p95"), ("1", "max")):
            value = status.lag[key]
            lag.add_metric([label], value if value is not None else 0.0)
        yield lag
        yield GaugeMetricFamily(
            "resonance_refresh_due_users", "Active users whose refresh is due now", stored.due
        )
        yield GaugeMetricFamily(
            "resonance_refresh_interval_seconds",
            "The configured refresh interval",
            status.interval.total_seconds(),
        )
        pushes = GaugeMetricFamily(
            "resonance_notifications", "Pushes by delivery status", labels=["status"]
        )
        for name, count in stored.notifications.items():
            pushes.add_metric([name], count)
        yield pushes
        labels = ["platform", "host"]
        stretch = GaugeMetricFamily(
            "resonance_budget_stretch", "Read interval / refresh interval", labels=labels
        )
        use = GaugeMetricFamily(
            "resonance_budget_use_ratio", "Planned share of the usable budget", labels=labels
        )
        needed = GaugeMetricFamily(
            "resonance_budget_needed_per_hour",
            "Requests (or quota units, or posts read) an hour the channels need",
            labels=labels,
        )
        for line in status.plan.lines.values():
            where = [line.platform, line.host or ""]
            stretch.add_metric(where, line.stretch)
            use.add_metric(where, line.use)
            needed.add_metric(where, line.needed_per_hour)
        yield stretch
        yield use
        yield needed
        errors = GaugeMetricFamily(
            "resonance_channel_errors", "Channels not read at their last attempt", labels=["code"]
        )
        for error in stored.errors:
            errors.add_metric([error.code], error.channels)
        yield errors
        requests = CounterMetricFamily(
            "resonance_platform_requests", "HTTP requests sent by this process", labels=["platform"]
        )
        for name, source in self.sources.items():
            client = getattr(source, "client", None)
            sent = getattr(client, "requests_sent", None)
            if isinstance(sent, int):
                requests.add_metric([name], sent)
        yield requests


def serve_metrics(collector: StatusCollector, port: int, address: str) -> WSGIServer:
    """Serve ``collector`` on ``address:port``; the caller shuts the server down."""
    registry = CollectorRegistry(auto_describe=False)
    registry.register(collector)
    server, _thread = start_http_server(port, addr=address, registry=registry)
    return server

"""Running the bot: logging, database, the Application, and polling or a webhook until stopped.

The event loop is ours rather than ``run_polling``'s, so a stop signal that arrives at any
moment (even while the bot is still starting) ends in the same clean shutdown and exit 0:
platform requests in flight are broken off (refreshes in flight are cancelled before they
save anything), updates in flight are finished, the offset of handled updates is confirmed
to Telegram, and the database is closed, within seconds whatever the platforms are doing.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
import signal
from dataclasses import dataclass, field
from urllib.parse import urlsplit
from wsgiref.simple_server import WSGIServer

from bot.app import (
    ALLOWED_UPDATES,
    BotApplication,
    build_application,
    build_services,
    on_startup,
)
from bot.jobs import LANES_KEY, Lanes
from bot.logging_setup import configure_logging
from bot.metrics import StatusCollector, serve_metrics
from bot.services import Services
from bot.settings import Settings, SettingsError
from scoring.sources.deadline import DEADLINES
from storage import open_db

log = logging.getLogger(__name__)

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


@dataclass(frozen=True, slots=True)
class Webhook:
    """Where Telegram should send updates, and where we listen for them."""

    url: str
    listen: str = "127.0.0.1"
    port: int = 8443
    #: Telegram sends it with every update; we refuse updates without it. Never logged.
    secret: str = field(default_factory=lambda: secrets.token_urlsafe(32), repr=False)


async def _serve(application: BotApplication, webhook: Webhook | None) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in STOP_SIGNALS:
        loop.add_signal_handler(sig, stop.set)
    async with application:  # initialize() (getMe: a rejected token raises here) ... shutdown()
        if stop.is_set():
            return
        await on_startup(application)
        updater = application.updater
        assert updater is not None
        if webhook is None:
            await updater.start_polling(allowed_updates=ALLOWED_UPDATES, bootstrap_retries=3)
        else:
            await updater.start_webhook(
                listen=webhook.listen,
                port=webhook.port,
                url_path=urlsplit(webhook.url).path.lstrip("/"),
                webhook_url=webhook.url,
                secret_token=webhook.secret,
                allowed_updates=ALLOWED_UPDATES,
                bootstrap_retries=3,
            )
        await application.start()
        log.info("running; send SIGTERM or press Ctrl+C to stop")
        await stop.wait()
        log.info("stopping: breaking off platform reads, finishing the updates in flight")
        lanes = application.bot_data.get(LANES_KEY)
        if isinstance(lanes, Lanes):
            await lanes.stop()  # refreshes in flight cancelled before they save anything
        DEADLINES.abandon()  # every request in flight broken off; handlers answer at once
        await updater.stop()
        await application.stop()


def _start_metrics(settings: Settings, services: Services) -> WSGIServer | None:
    """The Prometheus endpoint when RESONANCE_METRICS_PORT is set; otherwise nothing listens."""
    if settings.metrics_port is None:
        return None
    collector = StatusCollector(
        settings.db_path,
        settings.grants(),
        settings.refresh_interval,
        services.now,
        services.sources,
    )
    address, port = settings.metrics_address, settings.metrics_port
    try:
        server = serve_metrics(collector, port, address)
    except OSError as exc:
        raise SettingsError(
            f"RESONANCE_METRICS_PORT: cannot listen on {address}:{port} ({exc.strerror})"
        ) from exc
    log.info("metrics on http://%s:%d/metrics", address, port)
    return server


def run_bot(settings: Settings, *, webhook: Webhook | None = None) -> None:
    """Run until SIGINT or SIGTERM, then shut down cleanly."""
    configure_logging(
        settings.log_level, [*settings.secrets(), *([webhook.secret] if webhook else [])]
    )
    db = open_db(settings.db_path)
    try:
        services = build_services(settings, db)
    except BaseException:
        db.close()
        raise
    metrics = None
    try:
        metrics = _start_metrics(settings, services)
        application = build_application(services)
        log.info("starting with database %s", settings.db_path)
        asyncio.run(_serve(application, webhook))
    finally:
        if metrics is not None:
            metrics.shutdown()
            metrics.server_close()
        if services.executor is not None:  # its threads were released by the stop
            services.executor.shutdown(wait=False, cancel_futures=True)
        db.close()
        log.info("stopped")

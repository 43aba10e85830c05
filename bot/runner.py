"""Running the bot: logging, database, the Application, and polling or a webhook until stopped.

The event loop is ours rather than ``run_polling``'s, so a stop signal that arrives at any
moment (even while the bot is still starting) ends in the same clean shutdown and exit 0:
platform requests in flight are broken off (refreshes in flight are cancelled before they
save anything), updates in flight are finished, the offset of handled updates is confirmed
to Telegram, and the database is closed, within seconds whatever the platforms are doing.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
import signal
import socket
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit
from wsgiref.simple_server import WSGIServer

import uvicorn
from starlette.applications import Starlette
from telegram import Update

from bot.app import (
    ALLOWED_UPDATES,
    BotApplication,
    build_application,
    build_services,
    on_startup,
)
from bot.handlers.connect import teller
from bot.jobs import LANES_KEY, Lanes
from bot.logging_setup import configure_logging
from bot.metrics import StatusCollector, serve_metrics
from bot.services import Services
from bot.settings import Settings, SettingsError
from bot.web.app import TelegramHook, build_web
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


class _WebServer(uvicorn.Server):
    """uvicorn in our event loop; the stop signals stay ours (the runner's clean stop)."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


def _listening(host: str, port: int, setting: str) -> socket.socket:
    """A socket bound to ``host:port`` (a one-line settings error if it cannot be)."""
    try:
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        sock = socket.socket(family, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
    except OSError as exc:
        raise SettingsError(f"{setting}: cannot listen on {host}:{port} ({exc.strerror})") from exc
    sock.set_inheritable(True)
    return sock


def _web(
    application: BotApplication, services: Services, webhook: Webhook | None
) -> tuple[Starlette, socket.socket] | None:
    """The web server's application and socket, when there is something to serve: the
    webhook, or sign-ins (RESONANCE_PUBLIC_URL). Without either nothing listens."""
    settings = services.settings
    if webhook is None and settings.public_url is None:
        return None
    hook = None
    if webhook is not None:

        async def deliver(data: dict[str, Any]) -> None:
            await application.update_queue.put(Update.de_json(data, application.bot))

        hook = TelegramHook(urlsplit(webhook.url).path or "/", webhook.secret, deliver)
    app = build_web(
        services,
        bot_username=application.bot.username,
        hook=hook,
        on_finished=teller(application.bot, services),
    )
    if webhook is not None:
        sock = _listening(webhook.listen, webhook.port, "--listen/--port")
    else:
        sock = _listening(settings.web_listen, settings.web_port, "RESONANCE_WEB_PORT")
    return app, sock


async def _serve(application: BotApplication, services: Services, webhook: Webhook | None) -> None:
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
        web = _web(application, services, webhook)
        server: _WebServer | None = None
        serving: asyncio.Task[None] | None = None
        if web is not None:
            app, sock = web
            config = uvicorn.Config(app, log_level="warning", lifespan="off", access_log=False)
            server = _WebServer(config)
            serving = loop.create_task(server.serve(sockets=[sock]))
            log.info("web server on %s:%s", *sock.getsockname()[:2])
        if webhook is None:
            await updater.start_polling(allowed_updates=ALLOWED_UPDATES, bootstrap_retries=3)
        else:
            await application.bot.set_webhook(
                webhook.url, secret_token=webhook.secret, allowed_updates=ALLOWED_UPDATES
            )
        await application.start()
        log.info("running; send SIGTERM or press Ctrl+C to stop")
        await stop.wait()
        log.info("stopping: breaking off platform reads, finishing the updates in flight")
        lanes = application.bot_data.get(LANES_KEY)
        if isinstance(lanes, Lanes):
            await lanes.stop()  # refreshes in flight cancelled before they save anything
        DEADLINES.abandon()  # every request in flight broken off; handlers answer at once
        if server is not None and serving is not None:
            server.should_exit = True  # no new requests; those in flight finish
            await serving
        if updater.running:
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
        asyncio.run(_serve(application, services, webhook))
    finally:
        if metrics is not None:
            metrics.shutdown()
            metrics.server_close()
        if services.executor is not None:  # its threads were released by the stop
            services.executor.shutdown(wait=False, cancel_futures=True)
        db.close()
        log.info("stopped")

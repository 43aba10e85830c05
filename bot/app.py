"""The composition root: one function that builds the whole bot from its parts."""

from __future__ import annotations

import asyncio
import logging
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from sqlite_utils import Database
from telegram import (
    BotCommandScopeDefault,
    LinkPreviewOptions,
    MenuButtonWebApp,
    Update,
    WebAppInfo,
)
from telegram.ext import Application, ApplicationBuilder, Defaults

from bot import handlers
from bot.commands import bot_commands
from bot.jobs import schedule_jobs
from bot.lane import OutgoingLane
from bot.services import Services, attach, services_of
from bot.settings import Settings
from bot.use_cases.budgets import BudgetBoard, UserShares
from bot.use_cases.signing_in import SignInDesk
from bot.views.i18n import DEFAULT_LANGUAGE, TRANSLATED, warm_up
from scoring.sources import build_sources
from scoring.sources.base import AnySource, SourceConfig
from scoring.sources.http import USER_AGENT, HttpPolicy
from scoring.sources.registry import endpoints
from scoring.sources.signins import build_sign_ins as build_sign_ins_for
from scoring.sources.signins import configured
from storage.vault import Vault

log = logging.getLogger(__name__)

BotApplication = Application[Any, Any, Any, Any, Any, Any]

#: Bot API calls get these timeouts (seconds); long polling adds its own timeout on top.
CONNECT_TIMEOUT = 10.0
READ_TIMEOUT = 15.0
#: Updates handled at once. Handlers never hold a transaction across an await, and HTTP
#: work runs in worker threads, so one slow /link does not hold up anyone else.
MAX_CONCURRENT_UPDATES = 64


async def _register_commands(application: BotApplication) -> None:
    """Publish the command menu in English (the default) and every translated language."""
    bot = application.bot
    await bot.set_my_commands(bot_commands(DEFAULT_LANGUAGE), scope=BotCommandScopeDefault())
    for language in TRANSLATED:
        await bot.set_my_commands(
            bot_commands(language), scope=BotCommandScopeDefault(), language_code=language
        )
    log.info("registered the command menu for %s", ", ".join([DEFAULT_LANGUAGE, *TRANSLATED]))


async def on_startup(application: BotApplication) -> None:
    """Once connected: say who we are and publish the command menu."""
    me = application.bot.bot
    log.info("connected as @%s (id %s)", me.username, me.id)
    warm_up()
    await _register_commands(application)
    public_url = services_of(application).settings.public_url
    if public_url:  # the dashboard, one tap from the chat's menu button
        app_url = f"{public_url.rstrip('/')}/app"
        await application.bot.set_chat_menu_button(
            menu_button=MenuButtonWebApp("Resonance", WebAppInfo(url=app_url))
        )
    schedule_jobs(application)


def source_config(settings: Settings) -> SourceConfig:
    """The sources' view of the settings."""
    from bot import __version__

    return SourceConfig(
        api_urls={e.key: settings.api_url(name) for name, e in endpoints().items()},
        allow_private_network=settings.allow_private_network,
        keys=settings.platform_keys,
        options=settings.platform_options,
        version=__version__,
        http=HttpPolicy(user_agent=USER_AGENT.format(version=__version__)),
    )


def build_sources_for(settings: Settings) -> dict[str, AnySource]:
    """Every platform source, configured from ``settings``."""
    return build_sources(source_config(settings))


def build_sign_ins(settings: Settings, vault: Vault | None) -> SignInDesk | None:
    """The sign-ins whose apps the operator configured (None when there are none)."""
    config = source_config(settings)
    specs = configured(config, public_url=settings.public_url)
    if not specs:
        return None
    apps = {name: app for name, spec in specs.items() if (app := spec.app(config)) is not None}
    return SignInDesk(specs, build_sign_ins_for(config, specs), apps, vault, settings.public_url)


def build_services(settings: Settings, db: Database) -> Services:
    """Services for ``settings`` over ``db``: sources, and the token vault if a key is set."""
    vault = Vault(settings.secret_key) if settings.secret_key else None
    return Services(
        settings=settings,
        db=db,
        sources=build_sources_for(settings),
        vault=vault,
        http_slots=asyncio.Semaphore(settings.request_slots),
        executor=ThreadPoolExecutor(settings.request_slots, thread_name_prefix="fetch"),
        budgets=BudgetBoard(settings.grants(), settings.refresh_interval),
        shares=UserShares.of(settings.grants()),
        sign_ins=build_sign_ins(settings, vault),
    )


def file_url(api_base_url: str) -> str:
    """Where the Bot API serves files, beside its methods: ``…/bot`` -> ``…/file/bot``."""
    head, separator, _ = api_base_url.rstrip("/").rpartition("/bot")
    return f"{head}/file/bot" if separator else api_base_url.rstrip("/") + "/file/bot"


def build_application(services: Services, lane: OutgoingLane | None = None) -> BotApplication:
    """The PTB Application for ``services``: Bot API URL, handlers, start-up and shutdown.

    ``lane`` is the way out to Telegram (its flood limits); tests that send hundreds of
    messages to one group pass a faster one.
    """
    settings = services.settings
    token = settings.require_token()
    application = (
        ApplicationBuilder()
        .token(token)
        .base_url(settings.telegram_api_base_url)
        .base_file_url(file_url(settings.telegram_api_base_url))
        .defaults(Defaults(link_preview_options=LinkPreviewOptions(is_disabled=True)))
        .connect_timeout(CONNECT_TIMEOUT)
        .read_timeout(READ_TIMEOUT)
        .get_updates_connect_timeout(CONNECT_TIMEOUT)
        .get_updates_read_timeout(READ_TIMEOUT + 30)
        .concurrent_updates(MAX_CONCURRENT_UPDATES)
        .rate_limiter(lane or OutgoingLane())  # every call, replies and pushes, one way out
        .build()
    )
    attach(application.bot_data, services)
    handlers.register(application)
    return application


ALLOWED_UPDATES = [Update.MESSAGE, Update.CALLBACK_QUERY, Update.MY_CHAT_MEMBER]

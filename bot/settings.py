"""Settings, read once from the environment into a frozen dataclass.

Every variable is named in DESIGN.md's interface contract; a malformed value is a
:class:`SettingsError` whose message is one line naming the variable and what is wrong.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from scoring.budgets import Grants
from scoring.sources.connections import bundle_variable, trust
from scoring.sources.registry import Option, endpoints, operator_keys, options
from storage.vault import parse_keys

DEFAULT_TELEGRAM_API = "https://api.telegram.org/bot"

#: Public API endpoints, by environment variable, with their defaults.

_TOKEN_SHAPE = re.compile(r"^\d{3,}:[A-Za-z0-9_-]{20,}$")
_DURATION = re.compile(r"^\s*(\d+)\s*([smhd])\s*$")
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
MIN_REFRESH_INTERVAL = timedelta(seconds=30)
MAX_FETCH_CONCURRENCY = 512  # platform requests in flight at once, at most


class SettingsError(ValueError):
    """A configuration value is missing or malformed; the message is one line for the operator."""


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything the process is configured with. Secrets are kept out of ``repr``."""

    telegram_token: str | None
    telegram_api_base_url: str
    db_path: Path
    refresh_interval: timedelta
    allow_private_network: bool
    api_urls: Mapping[str, str]
    platform_keys: Mapping[str, str]  # operator keys the platforms declare, those that are set
    secret_key: str | None
    log_level: str
    #: platform requests (and users refreshed) in flight at once; None: sized at run time from
    #: the due rate and how long a refresh takes (bot/jobs.py), within MAX_FETCH_CONCURRENCY
    fetch_concurrency: int | None = None
    metrics_port: int | None = None  # Prometheus metrics served on metrics_address:PORT
    metrics_address: str = "127.0.0.1"
    platform_options: Mapping[str, str] = field(default_factory=dict)  # RESONANCE_X_TIER…
    #: the https base the world reaches the bot's web server at (sign-ins, the Mini App)
    public_url: str | None = None
    web_listen: str = "127.0.0.1"
    web_port: int = 8080

    def __repr__(self) -> str:
        return (
            f"Settings(db_path={str(self.db_path)!r}, api={self.telegram_api_base_url!r}, "
            f"refresh_interval={self.refresh_interval}, secrets=<hidden>)"
        )

    def api_url(self, variable: str) -> str:
        """The base URL configured under ``variable`` (e.g. ``RESONANCE_GITHUB_API``)."""
        return self.api_urls[variable]

    @property
    def request_slots(self) -> int:
        """Platform requests in flight at once: as set, else as many as the lane may need
        (worker threads start only when used)."""
        return self.fetch_concurrency or MAX_FETCH_CONCURRENCY

    def grants(self) -> Grants:
        """What the operator's keys and options grant the platforms' budgets."""
        return Grants(frozenset(self.platform_keys), dict(self.platform_options))

    def secrets(self) -> tuple[str, ...]:
        """Every secret value set, for log redaction."""
        values = (self.telegram_token, *self.platform_keys.values(), self.secret_key)
        return tuple(v for v in values if v)

    def require_token(self) -> str:
        """The bot token, or a :class:`SettingsError` if it is missing or cannot be one."""
        token = self.telegram_token
        if not token:
            raise SettingsError(
                "TELEGRAM_BOT_TOKEN is not set; create a bot with @BotFather and set its token"
            )
        if not _TOKEN_SHAPE.match(token):
            raise SettingsError(
                "TELEGRAM_BOT_TOKEN is malformed; a token looks like 123456789:AAH... "
                "(digits, a colon, then letters)"
            )
        return token


def parse_duration(text: str) -> timedelta:
    """``90s``, ``30m``, ``6h`` or ``1d`` as a timedelta; ValueError for anything else."""
    match = _DURATION.match(text.lower())
    if not match:
        raise ValueError(f"{text!r} is not a duration like 90s, 30m, 6h or 1d")
    amount, unit = match.groups()
    return timedelta(seconds=int(amount) * _UNIT_SECONDS[unit])


def _flag(environ: Mapping[str, str], name: str) -> bool:
    raw = environ.get(name, "0").strip().lower()
    if raw in ("1", "true", "yes", "on"):
        return True
    if raw in ("0", "false", "no", "off", ""):
        return False
    raise SettingsError(f"{name}: {raw!r} is not a flag; use 1 or 0")


def _url(environ: Mapping[str, str], name: str, default: str) -> str:
    value = environ.get(name, "").strip() or default
    if not re.match(r"^https?://[^\s/]+", value):
        raise SettingsError(f"{name}: {value!r} is not an http(s) URL")
    return value.rstrip("/") if name != "TELEGRAM_API_BASE_URL" else value


def _optional(environ: Mapping[str, str], name: str) -> str | None:
    return environ.get(name, "").strip() or None


def _int(
    environ: Mapping[str, str], name: str, default: int | None, low: int, high: int
) -> int | None:
    raw = environ.get(name, "").strip()
    if not raw:
        return default
    if not raw.isascii() or not raw.isdigit() or not low <= int(raw) <= high:
        raise SettingsError(f"{name}: {raw!r} is not a whole number from {low} to {high}")
    return int(raw)


def load_settings(environ: Mapping[str, str]) -> Settings:
    """Read :class:`Settings` from ``environ`` (``os.environ`` after ``.env`` was loaded)."""
    try:
        refresh_interval = parse_duration(environ.get("RESONANCE_REFRESH_INTERVAL", "6h"))
    except ValueError as exc:
        raise SettingsError(f"RESONANCE_REFRESH_INTERVAL: {exc}") from exc
    if refresh_interval < MIN_REFRESH_INTERVAL:
        raise SettingsError("RESONANCE_REFRESH_INTERVAL: must be at least 30s")

    log_level = environ.get("RESONANCE_LOG_LEVEL", "INFO").strip().upper() or "INFO"
    if log_level not in _LOG_LEVELS:
        raise SettingsError(
            f"RESONANCE_LOG_LEVEL: {log_level!r} is not one of {', '.join(_LOG_LEVELS)}"
        )

    secret_key = _optional(environ, "RESONANCE_SECRET_KEY")
    if secret_key is not None:
        try:
            parse_keys(secret_key)
        except ValueError as exc:
            raise SettingsError(f"RESONANCE_SECRET_KEY: {exc}") from exc

    if name := bundle_variable(environ):  # loaded once for the process: read now, said now
        bundle = environ[name].strip()
        try:
            trust(bundle)
        except OSError as exc:  # a missing file; ssl.SSLError: no certificate in it
            reason = exc.strerror or exc.args[-1]
            raise SettingsError(f"{name}: {bundle} is not a CA bundle ({reason})") from exc

    db_path = environ.get("RESONANCE_DB", "").strip() or "resonance.db"
    fetch_concurrency = _int(environ, "RESONANCE_FETCH_CONCURRENCY", None, 1, MAX_FETCH_CONCURRENCY)
    return Settings(
        telegram_token=_optional(environ, "TELEGRAM_BOT_TOKEN"),
        telegram_api_base_url=_url(environ, "TELEGRAM_API_BASE_URL", DEFAULT_TELEGRAM_API),
        db_path=Path(db_path),
        refresh_interval=refresh_interval,
        allow_private_network=_flag(environ, "RESONANCE_ALLOW_PRIVATE_NETWORK"),
        api_urls={
            name: _url(environ, name, endpoint.default) for name, endpoint in endpoints().items()
        },
        platform_keys={
            name: value for name in operator_keys() if (value := _optional(environ, name))
        },
        secret_key=secret_key,
        log_level=log_level,
        fetch_concurrency=fetch_concurrency,
        metrics_port=_int(environ, "RESONANCE_METRICS_PORT", None, 1, 65535),
        metrics_address=environ.get("RESONANCE_METRICS_ADDRESS", "").strip() or "127.0.0.1",
        platform_options={name: _option(environ, option) for name, option in options().items()},
        public_url=_public_url(environ),
        web_listen=environ.get("RESONANCE_WEB_LISTEN", "").strip() or "127.0.0.1",
        web_port=_int(environ, "RESONANCE_WEB_PORT", 8080, 1, 65535) or 8080,
    )


def _public_url(environ: Mapping[str, str]) -> str | None:
    """RESONANCE_PUBLIC_URL: an http(s) base without a query or fragment (https in
    production: providers refuse plain-http callbacks except on localhost)."""
    raw = _optional(environ, "RESONANCE_PUBLIC_URL")
    if raw is None:
        return None
    if not re.match(r"^https?://[^\s/?#]+(/[^\s?#]*)?$", raw):
        raise SettingsError(
            f"RESONANCE_PUBLIC_URL: {raw!r} is not an http(s) base URL like https://bot.example"
        )
    return raw.rstrip("/")


def _option(environ: Mapping[str, str], option: Option) -> str:
    """A platform option's value: one of its choices, or a whole number when it has none."""
    raw = environ.get(option.setting, "").strip().lower()
    if not raw:
        return option.default
    if option.choices and raw not in option.choices:
        raise SettingsError(f"{option.setting}: {raw!r} is not one of {', '.join(option.choices)}")
    if not option.choices and not (raw.isascii() and raw.isdigit()):
        raise SettingsError(f"{option.setting}: {raw!r} is not a whole number")
    return raw

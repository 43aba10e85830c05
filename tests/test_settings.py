"""Settings are read once, with one clear line for anything missing or malformed."""

from __future__ import annotations

import logging
from datetime import timedelta
from pathlib import Path

import pytest

from bot.logging_setup import REDACTED, RedactSecrets
from bot.settings import SettingsError, load_settings, parse_duration
from tests.fakes.tls import local_certificate

TOKEN = "123456789:AAHtestTOKENfor-the-fake-server_0123"


def test_defaults_match_the_interface_contract() -> None:
    settings = load_settings({})
    assert settings.telegram_api_base_url == "https://api.telegram.org/bot"
    assert str(settings.db_path) == "resonance.db"
    assert settings.refresh_interval == timedelta(hours=6)
    assert settings.allow_private_network is False
    assert settings.api_url("RESONANCE_GITHUB_API") == "https://api.github.com"
    assert set(settings.api_urls) == {  # public names (README): each platform declares its own
        "RESONANCE_BLUESKY_API",
        "RESONANCE_GITHUB_API",
        "RESONANCE_HN_API",
        "RESONANCE_HN_SEARCH_API",
        "RESONANCE_STACKEXCHANGE_API",
        "RESONANCE_REDDIT_API",
        "RESONANCE_REDDIT_AUTH_API",
        "RESONANCE_YOUTUBE_API",
        "RESONANCE_GRAPH_API",
        "RESONANCE_X_API",
        "RESONANCE_THREADS_API",
        "RESONANCE_THREADS_AUTH_API",
        "RESONANCE_META_DIALOG",  # the sign-ins' pages and endpoints
        "RESONANCE_THREADS_DIALOG",
        "RESONANCE_GITHUB_LOGIN",
    }
    assert settings.public_url is None, "nothing web-facing without RESONANCE_PUBLIC_URL"
    assert (settings.web_listen, settings.web_port) == ("127.0.0.1", 8080)
    assert settings.log_level == "INFO"
    assert settings.fetch_concurrency is None, "sized at run time (issue 30)"
    assert settings.metrics_port is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("90s", timedelta(seconds=90)),
        ("30m", timedelta(minutes=30)),
        ("6h", timedelta(hours=6)),
        ("1d", timedelta(days=1)),
        (" 2H ", timedelta(hours=2)),
    ],
)
def test_refresh_interval_accepts_the_documented_forms(text: str, expected: timedelta) -> None:
    assert parse_duration(text) == expected
    assert load_settings({"RESONANCE_REFRESH_INTERVAL": text}).refresh_interval == expected


@pytest.mark.parametrize(
    ("environ", "names"),
    [
        ({"RESONANCE_REFRESH_INTERVAL": "soon"}, "RESONANCE_REFRESH_INTERVAL"),
        ({"RESONANCE_REFRESH_INTERVAL": "5s"}, "RESONANCE_REFRESH_INTERVAL"),
        ({"RESONANCE_ALLOW_PRIVATE_NETWORK": "maybe"}, "RESONANCE_ALLOW_PRIVATE_NETWORK"),
        ({"RESONANCE_GITHUB_API": "ftp://example.com"}, "RESONANCE_GITHUB_API"),
        ({"TELEGRAM_API_BASE_URL": "not a url"}, "TELEGRAM_API_BASE_URL"),
        ({"RESONANCE_LOG_LEVEL": "LOUD"}, "RESONANCE_LOG_LEVEL"),
        ({"RESONANCE_X_TIER": "gold"}, "RESONANCE_X_TIER"),
        ({"RESONANCE_X_MONTHLY_POSTS": "lots"}, "RESONANCE_X_MONTHLY_POSTS"),
        ({"RESONANCE_X_MONTHLY_POSTS": "-5"}, "RESONANCE_X_MONTHLY_POSTS"),
    ],
)
def test_a_malformed_value_is_one_line_naming_the_variable(
    environ: dict[str, str], names: str
) -> None:
    with pytest.raises(SettingsError) as caught:
        load_settings(environ)
    message = str(caught.value)
    assert message.startswith(names)
    assert "\n" not in message


def test_a_ca_bundle_that_cannot_be_read_is_one_line_at_start(tmp_path: Path) -> None:
    """The bundle is loaded once for the process (scoring/sources/connections.py), so a
    wrong one is said at start, not as a failure of every HTTPS read later."""
    not_pem = tmp_path / "bundle.pem"
    not_pem.write_text("not a certificate")
    for name, value, reason in (
        ("REQUESTS_CA_BUNDLE", str(tmp_path / "missing.pem"), "No such file"),
        ("CURL_CA_BUNDLE", str(not_pem), "NO_CERTIFICATE"),
    ):
        with pytest.raises(SettingsError) as refused:
            load_settings({name: value})
        message = str(refused.value)
        assert message.startswith(f"{name}: {value} is not a CA bundle"), message
        assert reason in message, message
        assert "\n" not in message
    cert, _ = local_certificate(tmp_path)
    assert load_settings({"REQUESTS_CA_BUNDLE": str(cert)}).db_path == Path("resonance.db")


def test_the_x_tier_defaults_to_basic_and_reaches_the_budgets() -> None:
    assert load_settings({}).platform_options["RESONANCE_X_TIER"] == "basic"
    grants = load_settings({"RESONANCE_X_TIER": " Pro ", "X_BEARER_TOKEN": "t"}).grants()
    assert grants.options["RESONANCE_X_TIER"] == "pro"
    assert grants.keys == {"X_BEARER_TOKEN"}


def test_a_missing_token_is_reported_only_when_running() -> None:
    settings = load_settings({})
    with pytest.raises(SettingsError, match="TELEGRAM_BOT_TOKEN is not set"):
        settings.require_token()


def test_a_malformed_token_is_refused_without_echoing_it() -> None:
    settings = load_settings({"TELEGRAM_BOT_TOKEN": "hunter2-secret"})
    with pytest.raises(SettingsError) as caught:
        settings.require_token()
    assert "malformed" in str(caught.value)
    assert "hunter2" not in str(caught.value)


def test_secrets_stay_out_of_repr() -> None:
    settings = load_settings({"TELEGRAM_BOT_TOKEN": TOKEN, "GITHUB_TOKEN": "ghp_secret"})
    assert settings.require_token() == TOKEN
    assert TOKEN not in repr(settings)
    assert "ghp_secret" not in repr(settings)
    assert set(settings.secrets()) == {TOKEN, "ghp_secret"}


def test_the_bot_token_is_redacted_from_log_lines_and_tracebacks(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """The token sits in Bot API URLs; no log record may carry it, even inside a traceback."""
    logger = logging.getLogger("test.redaction")
    redactor = RedactSecrets([TOKEN])
    caplog.handler.addFilter(redactor)
    try:
        logger.warning("POST https://api.telegram.org/bot%s/getMe failed", TOKEN)
        try:
            raise RuntimeError(f"boom at /bot{TOKEN}/sendMessage")
        except RuntimeError:
            logger.exception("request failed")
    finally:
        caplog.handler.removeFilter(redactor)
    assert TOKEN not in caplog.text
    assert f"/bot{REDACTED}/getMe" in caplog.text
    assert f"/bot{REDACTED}/sendMessage" in caplog.text


def test_the_suite_cannot_reach_the_internet() -> None:
    """The autouse guard refuses any address off this machine, loudly (not as a mere OSError)."""
    import socket

    from tests.conftest import InternetAccessBlocked

    with socket.socket() as sock, pytest.raises(InternetAccessBlocked):
        sock.connect(("93.184.216.34", 443))


def test_debug_logging_holds_every_telegram_logger_at_info(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """PTB's ExtBot and Updater log users' messages and the webhook's secret at DEBUG."""
    from bot.logging_setup import configure_logging

    root = logging.getLogger()
    saved = (root.level, root.handlers[:])
    try:
        configure_logging("DEBUG", ["webhook-secret-value-0123456789"])
        for name in ("telegram.ext.ExtBot", "telegram.ext.Updater", "telegram.Bot", "telegram"):
            assert logging.getLogger(name).getEffectiveLevel() >= logging.INFO, name
        assert logging.getLogger("bot.use_cases.refresh").getEffectiveLevel() == logging.DEBUG
    finally:
        root.setLevel(saved[0])
        root.handlers[:] = saved[1]
        for name in ("telegram", "telegram.Bot", "telegram.ext.Application"):
            logging.getLogger(name).setLevel(logging.NOTSET)


@pytest.mark.parametrize(
    "token",
    [
        "EAAGm0PX4ZCpsBAKZCpRIQmXGZBZB5nV9z0ZBZAs1ZCJZAxYZ",
        "IGQVJYeUk4NWRLbXhYbGx0T1pOaVFfQjRiYUx0UnRSQ0",
        "1234567890123|AppSecretAbcdefghij0123456789",
    ],
)
def test_every_token_shape_the_intake_accepts_is_redacted(token: str) -> None:
    from bot.handlers.tokens import is_token_shaped, looks_like_token

    assert is_token_shaped(token)
    assert looks_like_token(f"here: {token}")
    assert token not in RedactSecrets([]).redact(f"GET /me?access_token={token} failed")

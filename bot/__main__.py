"""The ``resonance`` command line: ``run``, ``score``, ``status``, ``rotate-key``, ``--version``.

Only reads settings, sets up logging and calls the composition root.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from dotenv import load_dotenv
from telegram.error import InvalidToken, NetworkError

from bot import __version__
from bot.settings import Settings, SettingsError, load_settings

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_CONFIG = 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="resonance",
        description="Resonance: how much your social-media work resonates, as a Telegram bot.",
    )
    parser.add_argument("--version", action="version", version=f"resonance {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    run = commands.add_parser("run", help="run the bot (long polling, or a webhook)")
    run.add_argument("--webhook-url", metavar="URL", help="public HTTPS URL of the webhook")
    run.add_argument("--listen", default="127.0.0.1", metavar="HOST", help="webhook listen address")
    run.add_argument("--port", type=int, default=8443, metavar="N", help="webhook listen port")

    score = commands.add_parser("score", help="score channels without Telegram")
    score.add_argument("channels", nargs="*", metavar="PLATFORM:HANDLE", help="e.g. github:alice")
    score.add_argument(
        "--from-export", metavar="FILE", help="recompute the score of a /export JSON file"
    )
    score.add_argument(
        "--at", metavar="TIME", help="with --from-export: the moment (ISO 8601), not the latest"
    )
    commands.add_parser(
        "status",
        help="print users, channels, refresh lag, pushes, platform budgets and errors",
        description="Reads the database (RESONANCE_DB); safe to run while the bot runs.",
    )
    commands.add_parser(
        "rotate-key",
        help="re-encrypt every stored access token with the first RESONANCE_SECRET_KEY",
        description=(
            "Stop the bot (while it runs it seals new tokens with the key it started with). "
            "Put the new key first in RESONANCE_SECRET_KEY (new,old), run this, start the "
            "bot with new,old, and remove the old key once this reports no token left "
            "unreadable."
        ),
    )
    return parser


def _rotate_key(settings: Settings) -> int:
    from storage import open_db
    from storage.channels import reseal_credentials
    from storage.vault import Vault

    if settings.secret_key is None:
        return _fail(
            "rotate-key needs RESONANCE_SECRET_KEY (the new key first: new,old)", EXIT_CONFIG
        )
    vault = Vault(settings.secret_key)
    db = open_db(settings.db_path)
    try:
        done, broken = reseal_credentials(db, vault.reseal)
    finally:
        db.close()
    print(f"re-encrypted {done} access tokens with the first key of RESONANCE_SECRET_KEY")
    if broken:
        print(
            f"{broken} tokens could not be opened with any of the keys and were left as they "
            "are: their channels ask their owners to link them again"
        )
        return EXIT_FAILURE
    print("the other keys are no longer needed: remove them from RESONANCE_SECRET_KEY")
    return EXIT_OK


def _status(settings: Settings) -> int:
    from datetime import UTC, datetime

    from bot.use_cases.status import operator_status
    from bot.views.status import status_text
    from scoring.sources.signins import sign_in_states
    from storage.db import NotUpgraded, open_read_only

    if not settings.db_path.exists():
        return _fail(f"no database at {settings.db_path} (set RESONANCE_DB)", EXIT_CONFIG)
    try:
        db = open_read_only(settings.db_path)
    except NotUpgraded:
        return _fail(
            f"the database at {settings.db_path} is from an older version; start the bot "
            "once (resonance run) to upgrade it, then ask again",
            EXIT_CONFIG,
        )
    try:
        status = operator_status(
            db, settings.grants(), settings.refresh_interval, datetime.now(UTC)
        )
    finally:
        db.close()
    states = sign_in_states(
        settings.platform_keys, public_url=settings.public_url, vault=bool(settings.secret_key)
    )
    status = dataclasses.replace(status, sign_ins=tuple(states))
    sys.stdout.write(status_text(status))
    return EXIT_OK


def _fail(message: str, status: int) -> int:
    print(f"resonance: {message}", file=sys.stderr)
    return status


def _run(settings: Settings, args: argparse.Namespace) -> int:
    from bot.runner import Webhook, run_bot

    try:
        settings.require_token()
    except SettingsError as exc:
        return _fail(str(exc), EXIT_CONFIG)
    try:
        webhook = Webhook(args.webhook_url, args.listen, args.port) if args.webhook_url else None
        run_bot(settings, webhook=webhook)
    except SettingsError as exc:
        return _fail(str(exc), EXIT_CONFIG)
    except InvalidToken:
        return _fail("Telegram rejected TELEGRAM_BOT_TOKEN; check it with @BotFather", EXIT_CONFIG)
    except NetworkError as exc:
        return _fail(f"cannot reach the Telegram Bot API: {exc}", EXIT_FAILURE)
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``resonance`` console script; returns the exit status."""
    args = _parser().parse_args(argv)
    # PTB 22 warns on every 429 that retry_after becomes a timedelta; take the new behaviour.
    os.environ.setdefault("PTB_TIMEDELTA", "1")
    load_dotenv(Path.cwd() / ".env", override=False)
    try:
        settings = load_settings(os.environ)
    except SettingsError as exc:
        return _fail(str(exc), EXIT_CONFIG)
    if args.command == "run":
        return _run(settings, args)
    if args.command == "rotate-key":
        return _rotate_key(settings)
    if args.command == "status":
        return _status(settings)
    from bot.score_cli import score_channels, score_export

    if args.from_export:
        if args.channels:
            return _fail("give either channels or --from-export, not both", EXIT_CONFIG)
        return score_export(args.from_export, args.at, out=sys.stdout)
    if args.at or not args.channels:
        return _fail(
            "score needs PLATFORM:HANDLE ... or --from-export FILE [--at TIME]", EXIT_CONFIG
        )
    return score_channels(settings, args.channels, out=sys.stdout)


if __name__ == "__main__":
    sys.exit(main())

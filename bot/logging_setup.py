"""Logging that never prints a secret.

The bot token sits in every Bot API URL, so httpx (which logs URLs at INFO) is kept at WARNING,
and a filter on the handler replaces every configured secret in the final text of every record,
tracebacks included, along with anything shaped like a token users send (each platform that
reads with users' tokens declares their shapes in the registry). PTB logs every update, every
Bot API answer and the webhook's secret verbatim at DEBUG (ExtBot, Updater, Application…),
users' messages included, so the whole ``telegram`` logger tree stays at INFO whatever the
level asked for.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterable

from scoring.sources.registry import token_pattern

REDACTED = "[redacted]"
_NOISY = ("httpx", "httpcore", "apscheduler", "urllib3")
_PRIVATE = "telegram"


def redact_tokens(text: str) -> str:
    """``text`` without anything shaped like a token users send (each platform declares its
    shapes in the registry)."""
    pattern = token_pattern()
    return pattern.sub(REDACTED, text) if pattern else text


class RedactSecrets(logging.Filter):
    """Replaces each secret in a record's message and traceback with ``[redacted]``."""

    def __init__(self, secrets: Iterable[str]) -> None:
        super().__init__()
        # Longest first, so a secret containing another is replaced whole.
        self._secrets = sorted({s for s in secrets if s}, key=len, reverse=True)

    def redact(self, text: str) -> str:
        for secret in self._secrets:
            text = text.replace(secret, REDACTED)
        return redact_tokens(text)

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = self.redact(record.getMessage())
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        record.exc_info = None if record.exc_text else record.exc_info
        if record.stack_info:
            record.stack_info = self.redact(record.stack_info)
        return True


def configure_logging(level: str, secrets: Iterable[str]) -> None:
    """Log to stderr at ``level``, with every secret redacted."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactSecrets(secrets))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for name in _NOISY:
        logging.getLogger(name).setLevel(max(logging.WARNING, root.level))
    private = max(logging.INFO, root.level)
    logging.getLogger(_PRIVATE).setLevel(private)
    for name in list(logging.root.manager.loggerDict):  # children set lower on their own
        if name.startswith(_PRIVATE + ".") and logging.getLogger(name).level < private:
            logging.getLogger(name).setLevel(logging.NOTSET)

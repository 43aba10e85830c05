"""Resonance: the Telegram side (CLI entry, Application wiring, handlers, jobs, messages)."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("resonance")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+unknown"

#: Where the project lives, and its published formula (linked from /why).
PROJECT_URL = "https://github.com/resonance-bot/resonance"
FORMULA_URL = f"{PROJECT_URL}/blob/main/docs/scoring.md"

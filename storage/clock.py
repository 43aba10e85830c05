"""How times are written to and read from the database (UTC ISO-8601 text)."""

from __future__ import annotations

from datetime import UTC, datetime

_FORMAT = "%Y-%m-%dT%H:%M:%SZ"


def to_db(moment: datetime) -> str:
    """``moment`` (timezone-aware) as stored text: ``2026-11-25T18:30:00Z``."""
    if moment.tzinfo is None:
        raise ValueError("naive datetimes are ambiguous; pass an aware one")
    return moment.astimezone(UTC).strftime(_FORMAT)


def from_db(text: str) -> datetime:
    """Stored text back to an aware UTC datetime (fromisoformat: C speed, ``Z`` understood)."""
    return datetime.fromisoformat(text)

"""Everything stored about one user, table by table, for /export (credentials never included)."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from sqlite_utils import Database

_OWN_CHANNELS = "SELECT id FROM channels WHERE user_id = ?"
#: table -> (columns, WHERE clause selecting the user's rows)
QUERIES: dict[str, tuple[str, str]] = {
    "channels": (
        "id, platform, handle, account_id, display_name, url, weight, status, last_error, "
        "last_attempt_at, last_success_at, failures, created_at, origin",
        "user_id = ?",
    ),
    "posts": ("*", f"channel_id IN ({_OWN_CHANNELS})"),
    "snapshots": ("*", f"channel_id IN ({_OWN_CHANNELS})"),
    "engagement_days": ("*", f"channel_id IN ({_OWN_CHANNELS})"),
    "engagers": ("*", f"channel_id IN ({_OWN_CHANNELS})"),
    "scores": ("*", "user_id = ?"),
    "notifications": (
        "id, kind, period, created_at, deliver_after, status, sent_at, payload",
        "user_id = ?",
    ),
    "group_members": ("chat_id, seen_at", "user_id = ?"),
    "profiles": ("slug, created_at, findable, show_unverified", "user_id = ?"),
}


def user_data(db: Database, user_id: int) -> dict[str, list[dict[str, Any]]]:
    """The user's profile and every row of theirs, as plain data."""
    profile = list(db.query("SELECT * FROM users WHERE id = ?", [user_id]))
    data: dict[str, list[dict[str, Any]]] = {"profile": profile}
    for table, (columns, where) in QUERIES.items():
        sql = f"SELECT {columns} FROM {table} WHERE {where} ORDER BY rowid"  # noqa: S608 -- constants
        data[table] = list(db.query(sql, [user_id]))
    return data


def as_json(data: dict[str, list[dict[str, Any]]]) -> bytes:
    return json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True).encode("utf-8")


#: What makes a spreadsheet read a cell as a formula (OWASP "CSV injection").
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "｜", "＝", "＋", "－", "＠")


def _cell(value: Any) -> Any:
    """A text cell that a spreadsheet would run as a formula gets a leading apostrophe.

    Post excerpts are other people's text too (a reshared ``=HYPERLINK(...)``); numbers stay
    numbers, so a negative count is still -1.
    """
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def as_csv(rows: list[dict[str, Any]]) -> bytes:
    """One table as CSV (UTF-8 with a BOM, so spreadsheet programs read accents right), safe
    to open in a spreadsheet: no cell runs as a formula."""
    buffer = io.StringIO()
    if rows:
        writer = csv.DictWriter(buffer, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows({key: _cell(value) for key, value in row.items()} for row in rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")

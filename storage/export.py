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
        "last_attempt_at, last_success_at, failures, created_at",
        "user_id = ?",
    ),
    "posts": ("*", f"channel_id IN ({_OWN_CHANNELS})"),
    "snapshots": ("*", f"channel_id IN ({_OWN_CHANNELS})"),
    "scores": ("*", "user_id = ?"),
    "notifications": (
        "id, kind, period, created_at, deliver_after, status, sent_at, payload",
        "user_id = ?",
    ),
    "group_members": ("chat_id, seen_at", "user_id = ?"),
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


def as_csv(rows: list[dict[str, Any]]) -> bytes:
    """One table as CSV (UTF-8 with a BOM, so spreadsheet programs read accents right)."""
    buffer = io.StringIO()
    if rows:
        writer = csv.DictWriter(buffer, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")

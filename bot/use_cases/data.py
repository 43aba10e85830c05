"""A user's data: everything stored about them as files, and forgetting them entirely."""

from __future__ import annotations

from sqlite_utils import Database

from storage.export import QUERIES, as_csv, as_json, user_data
from storage.users import forget_user, get_user


def export_files(db: Database, user_id: int) -> list[tuple[str, bytes]]:
    """One JSON file with everything, then one CSV file per table that holds rows of the
    user's (an empty file is no help; the JSON names every table). Credentials never."""
    data = user_data(db, user_id)
    files = [("resonance.json", as_json(data))]
    files += [
        (f"resonance-{table}.csv", as_csv(data[table]))
        for table in ("profile", *QUERIES)
        if data[table]
    ]
    return files


def forget(db: Database, user_id: int) -> bool:
    """Delete every row about the user; False if there was nothing to delete."""
    if get_user(db, user_id) is None:
        return False
    forget_user(db, user_id)
    return True

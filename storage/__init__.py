"""Resonance's SQLite storage: schema, migrations, and the functions that read and write it.

Every function takes the sqlite-utils ``Database`` first. Nothing here imports Telegram code.
"""

from storage.db import open_db

__all__ = ["open_db"]

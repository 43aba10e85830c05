"""Files users send (exports, archives): the limits every import keeps, and its refusals.

Bots may download up to 20 MB from Telegram. A zip (an .xlsx is one, so is X's archive) is
checked member by member before anything is unpacked: a bounded count, a bounded total, and
no member that would grow more than :data:`MAX_RATIO` times (a zip bomb).
"""

from __future__ import annotations

import io
import zipfile

MAX_FILE = 20 * 1024 * 1024  # the Bot API's download limit
MAX_UNPACKED = 60 * 1024 * 1024
MAX_MEMBERS = 5000
MAX_RATIO = 100
#: More than any post or account has had: a count beyond it comes from a forged or broken file.
MAX_COUNT = 10**10


class NotAnExport(ValueError):
    """The file is not one the bot can import: ``code`` picks the sentence, ``fields`` fill
    it in (which sheet or file was expected)."""

    def __init__(self, code: str, **fields: str | int) -> None:
        super().__init__(code)
        self.code = code
        self.fields = fields


def plausible_count(value: int) -> int:
    """``value``, if a post or an account can have it; :class:`NotAnExport` otherwise (a file
    with such a number was made up or broken, and would not fit the database either)."""
    if value > MAX_COUNT:
        raise NotAnExport("implausible", value=str(value)[:40])
    return value


def open_zip(data: bytes, *, not_a_zip: str = "not_xlsx") -> zipfile.ZipFile:
    """``data`` as a zip whose members are safe to unpack; :class:`NotAnExport` otherwise."""
    if len(data) > MAX_FILE:
        raise NotAnExport("too_big", megabytes=MAX_FILE // (1024 * 1024))
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise NotAnExport(not_a_zip) from exc
    members = archive.infolist()
    total = sum(member.file_size for member in members)
    if (
        len(members) > MAX_MEMBERS
        or total > MAX_UNPACKED
        or any(m.file_size > MAX_RATIO * max(m.compress_size, 1024) for m in members)
    ):
        archive.close()
        raise NotAnExport("bomb")
    return archive

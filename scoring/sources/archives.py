"""Files users send (exports, archives): the limits every import keeps, and its refusals.

Bots may download up to 20 MB from Telegram. A zip (an .xlsx is one, so is X's archive) is
never trusted to say how large it is: only stored and deflated members are accepted, each is
unpacked here in bounded chunks counting the bytes that really come out, and the unpacking
stops at the cap (:data:`MAX_UNPACKED` in all, :data:`MAX_RATIO` times a member's packed
size) before a parser sees a byte. A workbook is handed to openpyxl re-packed as stored
members, so nothing it opens can grow.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from dataclasses import dataclass

MAX_FILE = 20 * 1024 * 1024  # the Bot API's download limit
MAX_UNPACKED = 60 * 1024 * 1024
MAX_MEMBERS = 5000
MAX_RATIO = 100
#: More than any post or account has had: a count beyond it comes from a forged or broken file.
MAX_COUNT = 10**10
#: The compressions a real export or archive uses; bzip2 and lzma members are refused
#: (they are where a few hundred bytes unpack to a gigabyte).
SAFE_METHODS = frozenset({zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED})
_CHUNK = 64 * 1024


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


@dataclass
class Unpacking:
    """How many bytes an archive may still unpack to, counted as they really come out."""

    left: int = MAX_UNPACKED


def open_zip(data: bytes, *, not_a_zip: str = "not_xlsx") -> zipfile.ZipFile:
    """``data`` as a zip whose members may be unpacked with :func:`unpack`; :class:`NotAnExport`
    for what is not a zip, too many members, sizes it declares beyond the caps, or a
    compression other than stored and deflate."""
    if len(data) > MAX_FILE:
        raise NotAnExport("too_big", megabytes=MAX_FILE // (1024 * 1024))
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError, EOFError) as exc:
        raise NotAnExport(not_a_zip) from exc
    members = archive.infolist()
    total = sum(member.file_size for member in members)
    if (
        len(members) > MAX_MEMBERS
        or total > MAX_UNPACKED
        or any(m.compress_type not in SAFE_METHODS for m in members)
        or any(m.file_size > _ratio_cap(m) for m in members)
    ):
        archive.close()
        raise NotAnExport("bomb")
    return archive


def _ratio_cap(member: zipfile.ZipInfo) -> int:
    return MAX_RATIO * max(member.compress_size, 1024)


def unpack(
    archive: zipfile.ZipFile,
    member: zipfile.ZipInfo | str,
    budget: Unpacking,
    *,
    broken: str = "not_xlsx",
    **fields: str | int,
) -> bytes:
    """One member's bytes, unpacked in chunks and counted as they come: ``bomb`` as soon as
    it passes its own ratio or what the archive may still unpack to (whatever the member
    declared), ``broken`` (with ``fields``) for a member damaged inside."""
    info = member if isinstance(member, zipfile.ZipInfo) else archive.getinfo(member)
    if info.compress_type not in SAFE_METHODS:
        raise NotAnExport("bomb")
    cap = min(_ratio_cap(info), budget.left)
    chunks: list[bytes] = []
    size = 0
    try:
        with archive.open(info) as stream:
            while chunk := stream.read(_CHUNK):
                size += len(chunk)
                if size > cap:
                    raise NotAnExport("bomb")
                chunks.append(chunk)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError) as exc:
        raise NotAnExport(broken, **fields) from exc
    budget.left -= size
    return b"".join(chunks)


def repacked(data: bytes) -> io.BytesIO:
    """The zip in ``data`` unpacked under the caps and packed again with every member stored
    (no compression), for a reader such as openpyxl that would otherwise unpack as much as a
    member holds."""
    budget = Unpacking()
    out = io.BytesIO()
    with open_zip(data) as archive, zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as stored:
        seen: set[str] = set()
        for info in archive.infolist():
            if info.is_dir() or info.filename in seen:
                continue  # a name twice: the reader would take the first anyway
            seen.add(info.filename)
            stored.writestr(info.filename, unpack(archive, info, budget))
    out.seek(0)
    return out

"""Files made to take memory or time when a careless reader opens them (the review's set).

Each is small as sent and honest-looking on the surface; what it would unpack or pad to is
the attack. ``tests/fixtures/hostile/bzip2_sheet.xlsx`` is committed (making it compresses
512 MiB); the others are built here in well under a second.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date
from pathlib import Path

from tests.fakes.exports import member_export

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "hostile"
TODAY = date(2026, 11, 25)
ACTIVITY = "https://www.linkedin.com/feed/update/urn:li:activity:7000000000000000001"


def bzip2_sheet() -> bytes:
    """A real member export whose TOP POSTS sheet is a bzip2 member declaring 1,000 bytes
    and unpacking to 512 MiB (7 KB as sent)."""
    return (FIXTURE / "bzip2_sheet.xlsx").read_bytes()


def _rewrite(data: bytes, name: str, change: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            body = change if info.filename == name else source.read(info.filename)
            archive.writestr(info.filename, body)
    return out.getvalue()


def wide_dimension(rows: int = 5000) -> bytes:
    """A member export whose FOLLOWERS sheet declares ``A1:XFD{rows}`` (16,384 columns) and
    holds one short cell in each of its rows: tens of KB sent, every row padded to the
    declared width by a reader that trusts the dimension."""
    base = member_export([(ACTIVITY, TODAY, 10, 100)], 50, today=TODAY)
    cells = "".join(f'<row r="{r}"><c r="A{r}" t="n"><v>{r}</v></c></row>' for r in range(1, rows))
    sheet = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f'<dimension ref="A1:XFD{rows}"/><sheetData>{cells}</sheetData></worksheet>'
    )
    return _rewrite(base, "xl/worksheets/sheet4.xml", sheet.encode())


def empty_items_tweets(megabytes: int) -> bytes:
    """A ``tweets.js`` of ``[{},{},…]``: millions of items, none of them a post."""
    count = megabytes * 1024 * 1024 // 3
    return b"window.YTD.tweets.part0 = [" + b"{}," * count + b"{}]"


def lying_deflate_member() -> bytes:
    """An archive whose tweets.js declares 1,000 bytes and holds 40 MB of deflate."""
    out = io.BytesIO()
    body = b"window.YTD.tweets.part0 = [" + b"{}," * (40 * 1024 * 1024 // 3) + b"{}]"
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data/tweets.js", body)
    data = bytearray(out.getvalue())
    for match in re.finditer(rb"PK\x03\x04|PK\x01\x02", bytes(data)):
        at = match.start()
        local = data[at + 2] == 3
        offset = at + 22 if local else at + 24
        data[offset : offset + 4] = (1000).to_bytes(4, "little")
    return bytes(data)

"""A few hundred bytes never take a gigabyte: the files the review made to exhaust memory or
time are refused, or read within bounds, in the parsers and through the running bot (whose
peak memory is read from /proc)."""

from __future__ import annotations

import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pytest

from scoring.sources.archives import NotAnExport
from scoring.sources.linkedin import parse_export
from scoring.sources.x_archive import MAX_ITEMS, parse_archive
from tests.bot_process import running_bot
from tests.fakes.hostile import (
    bzip2_sheet,
    empty_items_tweets,
    lying_deflate_member,
    wide_dimension,
)
from tests.fakes.telegram_server import FakeTelegram

MB = 1024 * 1024


def _peak(call: Callable[[], object]) -> tuple[int, object]:
    """The most memory Python held during ``call``, and what it returned or raised."""
    tracemalloc.start()
    try:
        try:
            result: object = call()
        except NotAnExport as refused:
            result = refused
        return tracemalloc.get_traced_memory()[1], result
    finally:
        tracemalloc.stop()


def test_a_bzip2_member_is_refused_unopened() -> None:
    """7 KB sent, 512 MiB inside: refused for its compression before a byte is unpacked."""
    peak, result = _peak(lambda: parse_export(bzip2_sheet(), "Content_2026.xlsx"))
    assert isinstance(result, NotAnExport)
    assert result.code == "bomb"
    assert peak < 5 * MB


def test_a_member_lying_about_its_size_unpacks_no_further_than_the_cap() -> None:
    data = lying_deflate_member()
    peak, result = _peak(lambda: parse_archive(data, "twitter.zip"))
    assert isinstance(result, NotAnExport)
    assert result.code in ("bomb", "not_archive")
    assert peak < 5 * MB


def test_a_sheet_that_declares_every_column_is_not_padded_to_them() -> None:
    """``A1:XFD5000`` in a 40 KB file: read at most 64 columns wide, within a few MB."""
    data = wide_dimension()
    assert len(data) < 100_000
    peak, result = _peak(lambda: parse_export(data, "Content_2026.xlsx"))
    assert not isinstance(result, NotAnExport), result
    assert peak < 40 * MB


def test_a_tweets_js_of_empty_items_stops_at_the_item_cap() -> None:
    """Millions of ``{}``: refused after :data:`MAX_ITEMS` items, each dropped once read."""
    data = empty_items_tweets(6)
    started = time.process_time()
    peak, result = _peak(lambda: parse_archive(data, "tweets.js"))
    assert isinstance(result, NotAnExport)
    assert result.code == "too_many_items"
    assert result.fields["items"] == MAX_ITEMS
    assert peak < 30 * MB, "one item at a time, not the whole array"
    assert time.process_time() - started < 30  # generous: a bound, not a benchmark


def _peak_rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    raise AssertionError("no VmHWM in /proc")


@pytest.mark.e2e
def test_hostile_files_sent_to_the_running_bot_take_no_memory(
    tmp_path: Path, fake_telegram: FakeTelegram
) -> None:
    """Through the real process: each file is answered with its refusal (or read), and the
    bot's peak memory (VmHWM) grows by less than 150 MB over all of them (before the fixes:
    more than a gigabyte for the first alone)."""
    files = [
        (bzip2_sheet(), "Content_2026.xlsx", "would unpack to far more"),
        (wide_dimension(), "Content_2026-2.xlsx", "Imported your LinkedIn export"),
        (empty_items_tweets(18), "tweets.js", "more than 100,000 items"),
    ]
    with running_bot(fake_telegram, tmp_path) as process:
        fake_telegram.add_private_chat(71)
        before = _peak_rss_kb(process.pid)
        for content, name, answer in files:
            mark = fake_telegram.mark()
            fake_telegram.send_document(content, name, user_id=71)
            fake_telegram.wait_for_reply(
                71, mark, 60, methods=("editMessageText",), containing=answer
            )
        grown_mb = (_peak_rss_kb(process.pid) - before) / 1024
    assert grown_mb < 150, f"peak memory grew by {grown_mb:.0f} MB"


async def test_one_file_at_a_time_per_user_and_a_few_overall() -> None:
    from bot.use_cases.importing import ImportSlots

    slots = ImportSlots(overall=1, wait=0.05)
    async with slots.of(1) as first:
        assert first is None
        async with slots.of(1) as again:
            assert again == "busy_user"
        async with slots.of(2) as other:
            assert other == "busy", "the one overall slot is taken"
    async with slots.of(2) as later:
        assert later is None

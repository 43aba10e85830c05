"""LinkedIn: the analytics exports (member and Page) parsed, refused when they are not one,
merged on re-import, and sent to the running bot as a document."""

from __future__ import annotations

import io
import signal
import sqlite3
import zipfile
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.app import BotApplication, file_url
from bot.services import services_of
from bot.use_cases.refresh import refresh_user
from scoring.sources.archives import NotAnExport
from scoring.sources.linkedin import parse_date, parse_export, post_id
from storage.clock import from_db, to_db
from tests.bot_process import running_bot
from tests.examples import examples
from tests.fakes.exports import member_export, other_workbook, page_export
from tests.fakes.telegram_server import Call, FakeTelegram
from tests.fakes.updates import application_on, process, text_update

SAMPLE_2023 = (
    Path(__file__).resolve().parent
    / "fixtures/linkedin/creator_export_2023_stats_example_trimmed.xlsx"
)
USER = 52
TODAY = datetime.now(UTC).date()
ACTIVITY = "https://www.linkedin.com/feed/update/urn:li:activity:{}/"
POSTS = [
    (ACTIVITY.format(7250000000000000001), TODAY - timedelta(days=3), 120, 5400),
    (ACTIVITY.format(7250000000000000002), TODAY - timedelta(days=10), 40, 9100),
    (
        "https://www.linkedin.com/posts/ada_notes-share-7250000000000000003-AbCd/",
        TODAY - timedelta(days=20),
        15,
        800,
    ),
]


def test_a_member_export_is_read_by_its_headings_and_merged_by_url() -> None:
    export = parse_export(member_export(POSTS, 1830, today=TODAY), "Content_2026.xlsx")
    assert export.kind == "member"
    assert export.followers == 1830
    by_id = {p.post_id: p for p in export.posts}
    assert set(by_id) == {"7250000000000000001", "7250000000000000002", "7250000000000000003"}
    assert by_id["7250000000000000002"].likes == 40, "engagements from the left table"
    assert export.impressions["7250000000000000002"] == 9100, "impressions from the right"
    assert by_id["7250000000000000001"].created_at.date() == TODAY - timedelta(days=3)
    assert len(export.engagement_days) == 7


def test_numbers_as_text_and_translated_sheet_names_are_read() -> None:
    german = ("ENTDECKEN", "INTERAKTIONEN", "TOP", "FOLLOWER", "DEMOGRAFIE")
    export = parse_export(
        member_export(POSTS, 12345, today=TODAY, sheet_names=german, numbers_as_text=True),
        "Inhalte.xlsx",
    )
    assert export.followers == 12345
    assert {p.likes for p in export.posts} == {120, 40, 15}


def test_the_real_2023_export_gives_its_followers() -> None:
    export = parse_export(SAMPLE_2023.read_bytes(), SAMPLE_2023.name)
    assert export.followers == 54448
    assert export.posts == ()


def test_a_page_export_counts_organic_posts_with_their_split_engagement() -> None:
    rows = [
        ("Launch", ACTIVITY.format(7300000000000000001), TODAY - timedelta(days=2), 80, 12, 5, "Organic"),
        ("Ad", ACTIVITY.format(7300000000000000002), TODAY - timedelta(days=2), 900, 40, 30, "Sponsored"),
    ]  # fmt: skip
    days = [(TODAY - timedelta(days=1), 30, 4, 2, 500), (TODAY, 10, 0, 1, 0)]
    export = parse_export(page_export(rows, days), "leaf-space_content_1753863379800.xlsx")
    assert export.kind == "page"
    assert export.name == "Leaf Space"
    assert [(p.likes, p.replies, p.reshares) for p in export.posts] == [(80, 12, 5)]
    assert export.account.account_id == "page:leaf-space"
    assert export.engagement_days == {TODAY - timedelta(days=1): 36, TODAY: 11}, "organic only"


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"not a zip at all", "not_xlsx"),
        (other_workbook(), "no_sheet"),
    ],
)
def test_a_file_that_is_not_an_export_says_what_was_expected(data: bytes, code: str) -> None:
    with pytest.raises(NotAnExport) as refused:
        parse_export(data, "file.xlsx")
    assert refused.value.code == code
    if code == "no_sheet":
        assert refused.value.fields == {"sheet": "TOP POSTS"}


def test_a_zip_bomb_is_refused_before_anything_is_unpacked() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", b"\0" * (80 * 1024 * 1024))
    with pytest.raises(NotAnExport) as refused:
        parse_export(out.getvalue(), "bomb.xlsx")
    assert refused.value.code == "bomb"


def test_dates_and_post_ids() -> None:
    assert parse_date("4/23/2023") == date(2023, 4, 23)
    assert parse_date("23/4/2023") == date(2023, 4, 23)
    assert parse_date("07/20/2025") == date(2025, 7, 20)
    assert parse_date("2025-07-20") == date(2025, 7, 20)
    assert parse_date("not a date") is None
    assert post_id(ACTIVITY.format(7250000000000000001)) == "7250000000000000001"
    assert post_id("https://www.linkedin.com/pulse/my-article") == (
        "https://www.linkedin.com/pulse/my-article"
    )


def test_the_file_url_sits_beside_the_api() -> None:
    assert file_url("https://api.telegram.org/bot") == "https://api.telegram.org/file/bot"
    assert file_url("http://127.0.0.1:8081/bot/") == "http://127.0.0.1:8081/file/bot"


@pytest.fixture
async def app(fake_telegram: FakeTelegram, tmp_path: Path) -> AsyncIterator[BotApplication]:
    async with application_on(fake_telegram, tmp_path / "linkedin.db") as app:
        yield app


async def _send(
    app: BotApplication, fake: FakeTelegram, data: bytes, name: str, **kw: object
) -> str:
    update_id = fake.send_document(data, name, user_id=USER, **kw)  # type: ignore[arg-type]
    calls = await process(app, fake, fake.pending_update(update_id))
    return calls[-1].text


async def test_a_later_export_merges_with_the_earlier_one_and_nothing_is_lost(
    app: BotApplication, fake_telegram: FakeTelegram
) -> None:
    first = await _send(app, fake_telegram, member_export(POSTS, 1830, today=TODAY), "a.xlsx")
    assert "Imported your LinkedIn export: 3 posts (3 new, 0 updated)" in first
    assert "The file counts 1,830 followers." in first
    assert first.index("followers.") < first.index("Your score:"), "what the file held, first"
    newer = [
        (POSTS[0][0], POSTS[0][1], 150, 6000),  # revised upward
        (POSTS[1][0], POSTS[1][1], 30, 9000),  # revised down: the larger count stays
        (ACTIVITY.format(7250000000000000009), TODAY - timedelta(days=1), 60, 2000),
    ]
    second = await _send(app, fake_telegram, member_export(newer, 1850, today=TODAY), "b.xlsx")
    assert "3 posts (1 new, 2 updated)" in second
    db = services_of(app).db
    likes = dict(db.execute("SELECT post_id, likes FROM posts").fetchall())
    assert likes == {
        "7250000000000000001": 150,
        "7250000000000000002": 40,
        "7250000000000000003": 15,  # not in the newer export: kept
        "7250000000000000009": 60,
    }
    assert db.execute("SELECT count(*) FROM channels").fetchone()[0] == 1
    score = (await process(app, fake_telegram, text_update(USER, "/score")))[-1].text
    assert "• LinkedIn (imported):" in score, "named once, not 'LinkedIn · LinkedIn'"
    top = (await process(app, fake_telegram, text_update(USER, "/top"))).pop().text
    # the member export's Engagements column, under its own name ("150 likes" before)
    assert "(LinkedIn): 150 engagements" in top
    assert "likes" not in top


async def _history(app: BotApplication, fake: FakeTelegram) -> Call:
    mark = fake.mark()
    await process(app, fake, text_update(USER, "/history"))
    (photo,) = [c for c in fake.calls[mark:] if c.method == "sendPhoto"]
    return photo


def _png_height(png: bytes) -> int:
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    return int.from_bytes(png[20:24], "big")  # IHDR: width, then height


async def test_the_daily_engagement_series_is_merged_and_charted_in_history(
    app: BotApplication, fake_telegram: FakeTelegram
) -> None:
    """Each export's ENGAGEMENT sheet is stored per day; a later export keeps the larger
    count of a day and loses none; days after tomorrow (a forged file) are dropped; /history
    draws the days under the score."""
    earlier = TODAY - timedelta(days=2)
    first = await _send(app, fake_telegram, member_export(POSTS, 1830, today=earlier), "a.xlsx")
    assert "/history charts 7 days of engagement from it." in first
    db = services_of(app).db
    before = dict(db.execute("SELECT day, engagements FROM engagement_days").fetchall())
    assert before[earlier.isoformat()] == 49
    newer = member_export(POSTS, 1840, today=TODAY, engagement_base=8)  # two days more
    await _send(app, fake_telegram, newer, "b.xlsx")
    after = dict(db.execute("SELECT day, engagements FROM engagement_days").fetchall())
    assert len(after) == 9, "seven days, then two more; none twice"
    assert after[(earlier - timedelta(days=6)).isoformat()] == 7, "a day only the first has"
    # ``earlier`` was day 7 of the first (7 x 7 = 49) and is day 5 of the second (8 x 5 = 40)
    assert after[earlier.isoformat()] == 49, "the larger count stays"
    assert after[TODAY.isoformat()] == 56
    forged = member_export(POSTS, 1840, today=TODAY + timedelta(days=30))
    assert "/history charts" not in await _send(app, fake_telegram, forged, "c.xlsx")
    assert db.execute("SELECT max(day) FROM engagement_days").fetchone()[0] == TODAY.isoformat()

    photo = await _history(app, fake_telegram)
    caption = photo.params["caption"]
    assert "Below: engagements per day from your LinkedIn exports, 9 days in all." in caption
    with_panel = _png_height(photo.files["photo"])
    db.execute("DELETE FROM engagement_days")
    for row, at in db.execute("SELECT id, computed_at FROM scores").fetchall():
        # without the export's days, a chart needs a day of scores (minutes are said in words)
        older = to_db(from_db(at) - timedelta(hours=25))
        db.execute("UPDATE scores SET computed_at = ? WHERE id = ?", [older, row])
    photo = await _history(app, fake_telegram)
    assert "Below" not in photo.params["caption"]
    assert with_panel > _png_height(photo.files["photo"]), "the panel is drawn under the score"


async def test_a_page_export_brings_its_organic_days_to_history(
    app: BotApplication, fake_telegram: FakeTelegram
) -> None:
    rows = [("Launch", ACTIVITY.format(7300000000000000001), TODAY, 80, 12, 5, "Organic")]
    days = [(TODAY - timedelta(days=1), 30, 4, 2, 500), (TODAY, 10, 0, 1, 0)]
    name = "leaf-space_content_1753863379800.xlsx"
    answer = await _send(app, fake_telegram, page_export(rows, days), name)
    assert "Imported the LinkedIn Page <b>Leaf Space</b>" in answer
    assert "/history charts 2 days of engagement from it." in answer
    await _send(app, fake_telegram, page_export(rows, days), name)  # a second score to draw
    caption = (await _history(app, fake_telegram)).params["caption"]
    assert "from your LinkedIn exports, 2 days in all" in caption


async def test_files_that_are_not_exports_get_a_reason_and_change_nothing(
    app: BotApplication, fake_telegram: FakeTelegram
) -> None:
    assert "no TOP POSTS sheet" in await _send(app, fake_telegram, other_workbook(), "x.xlsx")
    assert "LinkedIn analytics exports" in await _send(app, fake_telegram, b"%PDF", "cv.pdf")
    mark = fake_telegram.mark()
    too_big = await _send(app, fake_telegram, b"PK", "huge.xlsx", declared_size=25 * 1024 * 1024)
    assert "over 20 MB" in too_big
    asked = [c for c in fake_telegram.calls[mark:] if c.method == "getFile"]
    assert not asked, "not even asked for"
    assert services_of(app).db.execute("SELECT count(*) FROM channels").fetchone()[0] == 0


async def test_an_export_older_than_14_days_makes_the_channel_stale(
    app: BotApplication, fake_telegram: FakeTelegram
) -> None:
    await _send(app, fake_telegram, member_export(POSTS, 1830, today=TODAY), "a.xlsx")
    services = services_of(app)
    later = services.now() + timedelta(days=15)
    await refresh_user(services.db, services.reader, USER, later)
    status, error = services.db.execute("SELECT status, last_error FROM channels").fetchone()
    assert (status, error) == ("stale", "export_old")


@pytest.mark.e2e
def test_the_running_bot_imports_an_export_sent_as_a_document(
    tmp_path: Path, fake_telegram: FakeTelegram
) -> None:
    with running_bot(fake_telegram, tmp_path) as process_:
        fake_telegram.add_private_chat(USER)
        mark = fake_telegram.mark()
        fake_telegram.send_message("/link linkedin", user_id=USER, language_code="de")
        help_text = fake_telegram.wait_for_reply(USER, after=mark).text
        assert "Analytics" in help_text
        mark = fake_telegram.mark()
        fake_telegram.send_document(
            member_export(POSTS, 1830, today=TODAY),
            "Content_2026.xlsx",
            user_id=USER,
            language_code="de",
        )
        done = fake_telegram.wait_for_reply(
            USER, mark, 30, methods=("editMessageText",), containing="1.830"
        )
        assert [c for c in fake_telegram.calls[mark:] if c.method == "download"]
        process_.send_signal(signal.SIGTERM)
        assert process_.wait(timeout=15) == 0
    assert "Dein Score" in done.text
    check = sqlite3.connect(tmp_path / "resonance.db")
    try:
        assert check.execute("SELECT platform, count(*) FROM channels").fetchone() == (
            "linkedin",
            1,
        )
        assert check.execute("SELECT count(*) FROM posts").fetchone() == (3,)
        assert check.execute("SELECT count(*) FROM scores WHERE score > 0").fetchone()[0] >= 1
    finally:
        check.close()


async def test_a_forged_export_with_absurd_counts_is_refused_and_changes_nothing(
    app: BotApplication, fake_telegram: FakeTelegram
) -> None:
    """Numbers no post has ever had (and SQLite could not even hold) are a forged file."""
    huge = [(POSTS[0][0], POSTS[0][1], 10**30, 10**31)]
    answer = await _send(app, fake_telegram, member_export(huge, 1830, today=TODAY), "f.xlsx")
    assert "holds a count of 1000000000000000019884624838656" in answer
    days = member_export(POSTS, 1830, today=TODAY, engagement_base=10**29)
    assert "more than any post or account" in await _send(app, fake_telegram, days, "g.xlsx")
    assert services_of(app).db.execute("SELECT count(*) FROM channels").fetchone()[0] == 0


_CELL = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(st.characters(exclude_categories=("Cc", "Cs")), max_size=30),
    st.sampled_from(["Post URL", "Date", "Engagements", "Post link", "Likes", "1/2/2026",
                     "https://www.linkedin.com/feed/update/urn:li:activity:7250000000000000001/",
                     "Total followers on 4/23/2023:", "Organic", "Sponsored", "99/99/2026"]),
)  # fmt: skip
_SHEETS = st.sampled_from(
    ["DISCOVERY", "ENGAGEMENT", "TOP POSTS", "FOLLOWERS", "DEMOGRAPHICS", "All posts", "Metrics"]
)


@settings(max_examples=examples(60), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    sheets=st.dictionaries(
        _SHEETS,
        st.lists(st.lists(_CELL, max_size=8), max_size=12),
        min_size=1,
        max_size=4,
    )
)
def test_any_workbook_is_an_export_or_refused_with_a_reason(
    sheets: dict[str, list[list[object]]],
) -> None:
    """Sheets named like an export's, holding anything a cell can: the parse gives an export
    whose counts fit, or says what was expected; never another error."""
    from openpyxl import Workbook

    book = Workbook()
    first = book.active
    assert first is not None
    book.remove(first)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    try:
        export = parse_export(out.getvalue(), "anything.xlsx")
    except NotAnExport:
        return
    assert all(0 <= p.likes <= 10**10 for p in export.posts)
    assert all(0 <= v <= 10**10 for v in export.engagement_days.values())


async def test_a_long_file_name_keeps_its_kind(
    app: BotApplication, fake_telegram: FakeTelegram
) -> None:
    """Only the middle of a long name is cut: the ending still says what the file is."""
    name = "Content_2026-08-25_2026-11-22_" + "Ada Lovelace, " * 12 + "(1).xlsx"
    answer = await _send(app, fake_telegram, member_export(POSTS, 1830, today=TODAY), name)
    assert "Imported your LinkedIn export" in answer


@pytest.mark.parametrize(
    ("cell", "counted"),
    [("5,537", 5537), ("5.537", 5537), ("5\u202f537", 5537), ("1 234 567", 1234567), (12.0, 12),
     ("1.5", None), ("0,5", None), ("12%", None)],
)  # fmt: skip
def test_a_count_written_as_text_keeps_its_thousands_and_refuses_a_fraction(
    cell: object, counted: int | None
) -> None:
    """A count column's text "1.5" was read as 15 (every separator dropped)."""
    from scoring.sources.linkedin import number

    assert number(cell) == counted

"""LinkedIn: the analytics exports a member or a Page admin downloads (LinkedIn has no API for
a member's posts). The file is sent to the bot as a document and imported; nothing is read
from LinkedIn itself.

- Member creator analytics (Analytics → Content → Export): sheets ``DISCOVERY``,
  ``ENGAGEMENT``, ``TOP POSTS``, ``FOLLOWERS``, ``DEMOGRAPHICS``. ``TOP POSTS`` holds two
  tables side by side (by engagements, by impressions), merged by post URL; ``FOLLOWERS``
  starts with the total. The 2023 format has no ``TOP POSTS``: followers only.
- Page content export (``<page>_content_<ms>.xlsx``): sheet ``All posts``, one row per post
  with likes, comments and reposts (``Shares`` in older files). Sponsored rows are left out:
  a paid reach is not resonance. Sheet ``Metrics`` holds the days: their organic reactions,
  comments and reposts make the daily engagement series.

Sheets and columns are found by their headings, not by fixed cells (the member export's
sheets also by position, as translated exports name them otherwise). Dates are text
``M/D/YYYY`` (or real dates); numbers may be text. The file is a zip: its members are checked
before anything is unpacked.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from openpyxl import load_workbook

from scoring.channel_data import Account, ChannelData, Post, PostKind, Profile
from scoring.sources.archives import NotAnExport, plausible_count, repacked
from scoring.sources.base import FetchState, SourceConfig
from scoring.sources.registry import COMMENTS, N_, P_, REPOSTS, Nouns, Platform
from scoring.sources.text import excerpt, whole_number

PLATFORM = "linkedin"
MEMBER_SHEETS = ("DISCOVERY", "ENGAGEMENT", "TOP POSTS", "FOLLOWERS", "DEMOGRAPHICS")
_GERMAN = {"TOP": "TOP POSTS", "FOLLOWER": "FOLLOWERS", "INTERAKTIONEN": "ENGAGEMENT"}
_ACTIVITY = re.compile(
    r"urn:li:(?:activity|share|ugcPost):(\d{10,})|-(?:share|ugcPost|activity)-(\d{10,})"
)
_TOTAL = re.compile(r"on\s+(\d{1,2}/\d{1,2}/\d{4})", re.IGNORECASE)
_PAGE_FILE = re.compile(r"^(?P<page>.+?)_content_\d+", re.IGNORECASE)
#: the account id of a member's own export (a Page's is its name); also the export's kind
MEMBER = "member"


@dataclass(frozen=True, slots=True)
class LinkedInExport:
    """What one export holds."""

    kind: str  # "member" or "page"
    name: str  # the page's name; "" for a member export
    followers: int | None
    posts: tuple[Post, ...] = ()
    impressions: dict[str, int] = field(default_factory=dict)  # post id -> impressions
    engagement_days: dict[date, int] = field(default_factory=dict)

    @property
    def account(self) -> Account:
        if self.kind == "page":
            slug = re.sub(r"[^\w-]+", "-", self.name.casefold()).strip("-") or "page"
            return Account(PLATFORM, f"page:{slug}", self.name, self.name)
        return Account(PLATFORM, MEMBER, "LinkedIn", "LinkedIn")


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def number(value: Any) -> int | None:
    """A count as the export writes it: a number, or text such as ``5,537``; refused beyond
    what any post or account has had."""
    if isinstance(value, bool) or (isinstance(value, float) and not math.isfinite(value)):
        return None
    if isinstance(value, int | float):
        return plausible_count(int(value))
    text = whole_number(_text(value))  # "5,537" is 5537; "1.5" is no count, not 15
    return plausible_count(int(text)) if text.isascii() and text.isdigit() else None


def parse_date(value: Any) -> date | None:
    """``M/D/YYYY`` (``MM/DD/YYYY`` in Page exports), or D/M/YYYY where M/D cannot be, ISO
    dates, and real date cells."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _text(value)
    match = re.fullmatch(r"(\d{1,2})[/.](\d{1,2})[/.](\d{4})", text)
    if match:
        first, second, year = (int(g) for g in match.groups())
        for month, day in ((first, second), (second, first)):
            try:
                return date(year, month, day)
            except ValueError:
                continue
        return None
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return None


#: The widest an export's sheet is read: a Page's post table has about 30 columns. A sheet
#: that declares itself wider (``A1:XFD5000``) is not padded to what it declares.
MAX_COLUMNS = 64


def _rows(sheet: Any, limit: int = 5000) -> list[tuple[Any, ...]]:
    """The sheet's first ``limit`` rows, at most :data:`MAX_COLUMNS` wide."""
    return [
        tuple(row)
        for row in sheet.iter_rows(
            min_row=1, max_row=limit, min_col=1, max_col=MAX_COLUMNS, values_only=True
        )
    ]


def _header(rows: Sequence[tuple[Any, ...]], wanted: str) -> int | None:
    """The index of the first row holding a cell ``wanted`` (case-insensitive)."""
    for index, row in enumerate(rows[:15]):
        if any(_text(cell).casefold() == wanted.casefold() for cell in row):
            return index
    return None


def _first(columns: dict[str, list[int]], name: str) -> int | None:
    found = columns.get(name)
    return found[0] if found else None


def _columns(row: Iterable[Any]) -> dict[str, list[int]]:
    found: dict[str, list[int]] = {}
    for index, cell in enumerate(row):
        found.setdefault(_text(cell).casefold(), []).append(index)
    return found


def post_id(url: str) -> str:
    match = _ACTIVITY.search(url)
    return next(g for g in match.groups() if g) if match else url.rstrip("/")


def _moment(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 12, tzinfo=UTC)


def _cell(row: tuple[Any, ...], index: int | None) -> Any:
    return row[index] if index is not None and index < len(row) else None


def _member(sheets: dict[str, Any]) -> LinkedInExport:
    followers = None
    if "FOLLOWERS" in sheets:
        top = _rows(sheets["FOLLOWERS"], 1)
        if top and _TOTAL.search(_text(top[0][0])):
            followers = number(_cell(top[0], 1))
    days: dict[date, int] = {}
    if "ENGAGEMENT" in sheets:
        rows = _rows(sheets["ENGAGEMENT"], 1000)
        head = _header(rows, "Date")
        if head is not None:
            columns = _columns(rows[head])
            at = _first(columns, "date")
            eng = _first(columns, "engagements")
            for row in rows[head + 1 :]:
                day, value = parse_date(_cell(row, at)), number(_cell(row, eng))
                if day is not None and value is not None:
                    days[day] = value
    if "TOP POSTS" not in sheets:
        if followers is None:
            raise NotAnExport("no_sheet", sheet="TOP POSTS")
        return LinkedInExport(MEMBER, "", followers, engagement_days=days)
    rows = _rows(sheets["TOP POSTS"], 200)
    head = _header(rows, "Post URL")
    if head is None:
        raise NotAnExport("no_column", sheet="TOP POSTS", column="Post URL")
    columns = _columns(rows[head])
    urls = columns.get("post url", [])
    dates = columns.get("post publish date", [])
    engagements = _first(columns, "engagements")
    impressions = _first(columns, "impressions")
    merged: dict[str, dict[str, Any]] = {}
    date_columns: list[int | None] = [*dates, *([None] * len(urls))]
    for row in rows[head + 1 :]:
        for side, (url_at, date_at) in enumerate(zip(urls, date_columns, strict=False)):
            url = _text(_cell(row, url_at))
            if not url.startswith("http"):
                continue
            entry = merged.setdefault(url, {"engagements": 0, "impressions": 0, "day": None})
            entry["day"] = entry["day"] or parse_date(_cell(row, date_at))
            metric, at = ("engagements", engagements) if side == 0 else ("impressions", impressions)
            entry[metric] = max(entry[metric], number(_cell(row, at)) or 0)
    posts = []
    seen: dict[str, int] = {}
    for url, entry in merged.items():
        if entry["day"] is None:
            continue
        key = post_id(url)
        posts.append(
            Post(key, _moment(entry["day"]), PostKind.OWN, likes=entry["engagements"], url=url)
        )
        seen[key] = entry["impressions"]
    return LinkedInExport(MEMBER, "", followers, tuple(posts), seen, days)


#: The Page ``Metrics`` sheet's organic interactions, summed into a day's engagements.
_ORGANIC = ("reactions (organic)", "comments (organic)", "reposts (organic)")


def _page_days(sheet: Any) -> dict[date, int]:
    """The Page's organic engagements per day (``Metrics``: a banner, headers on row 2)."""
    rows = _rows(sheet, 1000)
    head = _header(rows, "Date")
    if head is None:
        return {}
    columns = _columns(rows[head])
    at, counted = _first(columns, "date"), [_first(columns, name) for name in _ORGANIC]
    days: dict[date, int] = {}
    for row in rows[head + 1 :]:
        day = parse_date(_cell(row, at))
        values = [number(_cell(row, index)) for index in counted if index is not None]
        if day is not None and any(v is not None for v in values):
            days[day] = sum(v or 0 for v in values)
    return days


def _page(sheet: Any, file_name: str, metrics: Any = None) -> LinkedInExport:
    rows = _rows(sheet)
    head = _header(rows, "Post link")
    head = head if head is not None else _header(rows, "Update link")
    if head is None:
        raise NotAnExport("no_column", sheet=sheet.title, column="Post link")
    columns = _columns(rows[head])

    def at(*names: str) -> int | None:
        return next((columns[n][0] for n in names if n in columns), None)

    link, created = at("post link", "update link"), at("created date")
    likes, comments = at("likes"), at("comments")
    reposts, kind = at("reposts", "shares"), at("post type", "update type")
    views = at("impressions")
    posts = []
    impressions: dict[str, int] = {}
    for row in rows[head + 1 :]:
        url, day = _text(_cell(row, link)), parse_date(_cell(row, created))
        if not url.startswith("http") or day is None:
            continue
        if _text(_cell(row, kind)).casefold() == "sponsored":
            continue  # bought reach is not resonance
        key = post_id(url)
        posts.append(
            Post(
                key,
                _moment(day),
                PostKind.OWN,
                likes=number(_cell(row, likes)) or 0,
                replies=number(_cell(row, comments)) or 0,
                reshares=number(_cell(row, reposts)) or 0,
                url=url,
                excerpt=excerpt(_text(_cell(row, at("post title", "update title"))), 200),
            )
        )
        impressions[key] = number(_cell(row, views)) or 0
    match = _PAGE_FILE.match(file_name)
    name = (match["page"] if match else file_name.rsplit(".", 1)[0]).replace("-", " ").strip()
    days = _page_days(metrics) if metrics is not None else {}
    title = name.title() or "LinkedIn Page"
    return LinkedInExport("page", title, None, tuple(posts), impressions, days)


def parse_export(data: bytes, file_name: str) -> LinkedInExport:
    """The export in ``data``; :class:`NotAnExport` saying what was expected otherwise."""
    workbook = repacked(data)  # unpacked under the caps before openpyxl sees a byte
    try:
        book = load_workbook(workbook, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on a file that is not a workbook
        raise NotAnExport("not_xlsx") from exc
    try:
        by_name = {_text(ws.title).upper(): ws for ws in book.worksheets}
        for german, english in _GERMAN.items():
            if german in by_name and english not in by_name:
                by_name[english] = by_name[german]
        pages = {"ALL POSTS", "UPDATE ENGAGEMENT"} & set(by_name)
        if pages:
            return _page(by_name[sorted(pages)[0]], file_name, by_name.get("METRICS"))
        if not set(MEMBER_SHEETS) & set(by_name) and len(book.worksheets) == len(MEMBER_SHEETS):
            by_name = dict(zip(MEMBER_SHEETS, book.worksheets, strict=True))  # translated
        if {"TOP POSTS", "FOLLOWERS"} & set(by_name):
            return _member(by_name)
        raise NotAnExport("no_sheet", sheet="TOP POSTS")
    except NotAnExport:
        raise
    except Exception as exc:  # a workbook broken inside (its sheets read lazily): not ours
        raise NotAnExport("not_xlsx") from exc
    finally:
        book.close()


class LinkedInSource:
    """Nothing to read from LinkedIn: channels come from the exports their owners send."""

    platform = PLATFORM

    def __init__(self, config: SourceConfig) -> None:
        self.config = config

    def resolve(self, query: str) -> Account:
        return Account(PLATFORM, MEMBER, "LinkedIn", "LinkedIn")

    def fetch(self, account: Account, state: FetchState, now: datetime) -> ChannelData:
        return ChannelData(Profile(), fetch_state=dict(state), not_modified=True)


SPEC = Platform(
    name=PLATFORM,
    display="LinkedIn",
    nouns=Nouns(reshares=REPOSTS, replies=COMMENTS),
    # a member export counts each post's Engagements (reactions, comments, reposts) together
    nouns_of=((MEMBER, Nouns(likes=P_("{count} engagement", "{count} engagements"))),),
    examples="Analytics → Content → Export (.xlsx)",
    build=lambda config, clients: LinkedInSource(config),
    hosts=("linkedin.com",),
    imported=True,
    import_help=N_(
        "LinkedIn has no API for your posts, so send me your analytics export instead: on "
        "LinkedIn open <b>Analytics</b> (from your profile, or a Page's admin view), choose "
        "<b>Content</b>, pick the period (e.g. past 365 days), press <b>Export</b>, and send me "
        "the .xlsx file here as a file. Each later export is merged with the earlier ones; send "
        "a fresh one every week or two."
    ),
    records_giving=False,
)

"""LinkedIn export workbooks built with openpyxl, cell by cell as the documented layouts have
them (../shared/api-samples/linkedin/LAYOUT.md): the member creator-analytics export and a
Page content export."""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date, timedelta

from openpyxl import Workbook


def _us(day: date, pad: bool = False) -> str:
    return (
        f"{day.month:02d}/{day.day:02d}/{day.year}" if pad else f"{day.month}/{day.day}/{day.year}"
    )


def _save(book: Workbook) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def member_export(
    posts: Sequence[tuple[str, date, int, int]],
    followers: int,
    *,
    today: date,
    sheet_names: Sequence[str] = (
        "DISCOVERY",
        "ENGAGEMENT",
        "TOP POSTS",
        "FOLLOWERS",
        "DEMOGRAPHICS",
    ),
    numbers_as_text: bool = False,
    engagement_base: int = 7,
) -> bytes:
    """``posts``: (url, publish date, engagements, impressions); the ENGAGEMENT sheet counts
    ``engagement_base`` × 1…7 over the last seven days. The TOP POSTS tables are
    ranked separately (by engagements left, by impressions right), as LinkedIn ranks them."""
    book = Workbook()
    discovery = book.active
    assert discovery is not None
    discovery.title = sheet_names[0]
    discovery.append(["Overall Performance", f"{_us(today.replace(day=1))} - {_us(today)}"])
    discovery.append(["Impressions", sum(p[3] for p in posts)])
    discovery.append(["Members reached", 1234])
    engagement = book.create_sheet(sheet_names[1])
    engagement.append(["Date", "Impressions", "Engagements"])
    for day_number in range(1, 8):  # the last seven days, today included
        day = today - timedelta(days=7 - day_number)
        engagement.append([_us(day), 100 * day_number, engagement_base * day_number])
    top = book.create_sheet(sheet_names[2])
    top.append(["Maximum 50 posts available to include in this list"])
    top.append([])
    top.append(
        [
            "Post URL",
            "Post publish date",
            "Engagements",
            None,
            "Post URL",
            "Post publish date",
            "Impressions",
        ]
    )
    by_engagement = sorted(posts, key=lambda p: -p[2])
    by_impressions = sorted(posts, key=lambda p: -p[3])

    def value(n: int) -> int | str:
        return f"{n:,}" if numbers_as_text else n

    for left, right in zip(by_engagement, by_impressions, strict=True):
        top.append(
            [left[0], _us(left[1]), value(left[2]), None, right[0], _us(right[1]), value(right[3])]
        )
    follower_sheet = book.create_sheet(sheet_names[3])
    follower_sheet.append([f"Total followers on {_us(today)}:", value(followers)])
    follower_sheet.append([])
    follower_sheet.append(["Date", "New followers"])
    follower_sheet.append([_us(today), 3])
    demographics = book.create_sheet(sheet_names[4])
    demographics.append(["Top Demographics", "Value", "Percentage"])
    demographics.append(["Job titles", "Founder", "< 1%"])
    return _save(book)


def page_export(
    rows: Sequence[tuple[str, str, date, int, int, int, str]],
    days: Sequence[tuple[date, int, int, int, int]] = (),
) -> bytes:
    """``rows``: (title, link, created, likes, comments, reposts, post type); ``days``
    (date, reactions, comments, reposts organic, reactions sponsored) fill ``Metrics`` with
    the real export's 20 columns."""
    book = Workbook()
    metrics = book.active
    assert metrics is not None
    metrics.title = "Metrics"
    metrics.append(
        ["Aggregated engagement metrics for your organic and sponsored posts over time."]
    )
    metrics.append(
        [
            "Date", "Impressions (organic)", "Impressions (sponsored)", "Impressions (total)",
            "Unique impressions (organic)", "Clicks (organic)", "Clicks (sponsored)",
            "Clicks (total)", "Reactions (organic)", "Reactions (sponsored)", "Reactions (total)",
            "Comments (organic)", "Comments (sponsored)", "Comments (total)", "Reposts (organic)",
            "Reposts (sponsored)", "Reposts (total)", "Engagement rate (organic)",
            "Engagement rate (sponsored)", "Engagement rate (total)",
        ]
    )  # fmt: skip
    for day, reactions, comments, reposts, paid in days:
        metrics.append(
            [
                _us(day, pad=True), 900, 300, 1200, 700, 20, 9, 29, reactions, paid,
                reactions + paid, comments, 0, comments, reposts, 0, reposts, 0.05, 0.02, 0.04,
            ]
        )  # fmt: skip
    posts = book.create_sheet("All posts")
    posts.append(["Engagement metrics for individual posts. All dates and times are in UTC."])
    posts.append(
        [
            "Post title", "Post link", "Post type", "Campaign name", "Posted by", "Created date",
            "Campaign start date", "Campaign end date", "Audience", "Impressions", "Views",
            "Offsite Views", "Clicks", "Click through rate (CTR)", "Likes", "Comments", "Reposts",
            "Follows", "Engagement rate", "Content Type",
        ]
    )  # fmt: skip
    for title, link, created, likes, comments, reposts, kind in rows:
        posts.append(
            [
                title, link, kind, "", "Ada", _us(created, pad=True), "", "", "All followers",
                1000, "", "", 12, 0.01, likes, comments, reposts, 0, 0.05, "Text",
            ]
        )  # fmt: skip
    return _save(book)


def other_workbook() -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Budget 2026"
    sheet.append(["Item", "Cost"])
    return _save(book)

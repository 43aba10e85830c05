"""/history draws what happened (issue 26): read back from the figure matplotlib drew, not
from the code's intentions. One band per channel even when names collide, the stack's top
equal to the score line at every point, a mark where channels were linked, ticks in the
user's language that never repeat. The English and German PNGs land in ``artifacts/``."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from matplotlib.collections import PolyCollection

from bot.use_cases.scores import HistoryPoint
from bot.views.charts import history_figure, history_png
from bot.views.history import channel_names, chart_marks
from tests.browser import ARTIFACTS

START = datetime(2026, 11, 6, 8, 0, tzinfo=UTC)
NAMES = {
    1: ("Alice", "mastodon"),
    2: ("Alice", "bluesky"),
    3: ("Alice", "github"),
    4: ("Notes", "blog"),
}


def _points(span: timedelta, count: int = 12) -> list[HistoryPoint]:
    """Three channels that share one display name, and a blog linked two thirds of the way."""
    points = []
    for index in range(count):
        parts = {1: 10.0 + index, 2: 20.0 + index / 2, 3: 4.5}
        if index >= 2 * count // 3:
            parts[4] = 8.0
        points.append(
            HistoryPoint(
                at=START + span * index / (count - 1),
                total=round(sum(parts.values()), 1),
                channels=parts,
                formula="2.0/all",
                names=dict(NAMES),
            )
        )
    return points


def _drawn(language: str, span: timedelta, zone: str = "Europe/Berlin"):  # type: ignore[no-untyped-def]
    points = _points(span)
    names = channel_names(language, points)
    marks = chart_marks(language, points, names)
    figure = history_figure(points, ZoneInfo(zone), "Score", language, names, marks=marks)
    figure.canvas.draw()
    return points, figure, figure.axes[0]


def _x(moment: datetime, zone: str = "Europe/Berlin") -> float:
    """A moment where matplotlib draws it (local wall time, days since 1970)."""
    local = moment.astimezone(ZoneInfo(zone)).replace(tzinfo=None)
    return (local - datetime(1970, 1, 1)).total_seconds() / 86400


def _tops(axes, count: int) -> list[float]:  # type: ignore[no-untyped-def]
    """The stack's top at each point: the highest vertex at each x of the last band."""
    band = [c for c in axes.collections if isinstance(c, PolyCollection)][-1]
    vertices = band.get_paths()[0].vertices
    xs = sorted({round(float(x), 9) for x, _ in vertices})
    return [max(float(y) for x, y in vertices if round(float(x), 9) == at) for at in xs][:count]


@pytest.mark.parametrize("language", ["en", "de"])
def test_every_channel_is_its_own_band_and_the_stack_adds_up_to_the_line(language: str) -> None:
    points, _figure, axes = _drawn(language, timedelta(days=30))
    bands = [c for c in axes.collections if isinstance(c, PolyCollection)]
    assert len(bands) == 4, "three channels named Alice and a blog: four bands"
    legend = [text.get_text() for text in axes.get_legend().get_texts()]
    assert legend == ["Alice · Mastodon", "Alice · Bluesky", "Alice · GitHub", "Notes · Blog"]
    colours = {tuple(band.get_facecolor()[0]) for band in bands}
    assert len(colours) == 4, "each channel its own colour"
    score = axes.lines[0]
    line = [float(y) for y in score.get_ydata()]
    assert [p.total for p in points] == [  # every score stored, at its moment
        y for x, y in zip(score.get_xdata(), line, strict=True)
        if any(abs(x - _x(p.at)) < 1e-9 for p in points)
    ]  # fmt: skip
    assert _tops(axes, len(line)) == pytest.approx(line, abs=0.051)


def test_a_channel_linked_is_marked_not_drawn_as_a_trend() -> None:
    """The score rose when the channel was linked (the first score with it, the mark): a step
    there, not a slope over the days since the score before (as band and line were drawn)."""
    _points, _figure, axes = _drawn("en", timedelta(days=30))
    marked = [text.get_text() for text in axes.texts]
    assert marked == ["+ Notes · Blog"]
    dashed = [line for line in axes.lines if line.get_linestyle() == "--"]
    assert len(dashed) == 1
    mark = float(dashed[0].get_xdata()[0])
    # the blog counts from its mark on: no band of it, and no rise of the line, before it
    blog = [c for c in axes.collections if isinstance(c, PolyCollection)][3]
    before = [(float(x), float(y)) for x, y in blog.get_paths()[0].vertices if x < mark - 1e-9]
    for at in {x for x, _ in before}:
        thickness = [y for x, y in before if x == at]
        assert max(thickness) - min(thickness) == pytest.approx(0, abs=1e-9), "a band before it"
    previous = max((p for p in _points if p.at.timestamp() < _points[-1].at.timestamp()
                    and 4 not in p.channels), key=lambda p: p.at)  # fmt: skip
    score = axes.lines[0]
    drawn = sorted(zip(score.get_xdata(), score.get_ydata(), strict=True))
    last_before = max((x, y) for x, y in drawn if x < mark - 1e-9)
    assert float(last_before[1]) == previous.total, "the line jumps at the mark, not before it"
    assert mark - float(last_before[0]) < 1 / 24, "a step at the mark, not a slope"


@pytest.mark.parametrize(
    ("language", "span", "expected"),
    [
        ("en", timedelta(days=30), "Nov 12"),
        ("de", timedelta(days=30), "12. Nov."),
        ("en", timedelta(hours=5), "AM"),
        ("de", timedelta(hours=5), "10:00"),
    ],
)
def test_ticks_are_in_the_users_language_and_never_repeat(
    language: str, span: timedelta, expected: str
) -> None:
    _points_drawn, _figure, axes = _drawn(language, span)
    labels = [label.get_text() for label in axes.get_xticklabels() if label.get_text()]
    assert len(labels) >= 2
    assert len(set(labels)) == len(labels), labels
    assert any(expected in label for label in labels), labels
    if span < timedelta(days=1):
        assert all(label.split(":")[1][:2] == "00" for label in labels), "whole hours"
    else:
        assert not any(":" in label for label in labels), "longer spans show dates"


def test_the_english_and_german_charts_are_written_for_a_person_to_look_at() -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    for language in ("en", "de"):
        points = _points(timedelta(days=30))
        names = channel_names(language, points)
        png = history_png(
            points,
            ZoneInfo("Europe/Berlin"),
            "Resonance",
            language,
            names,
            marks=chart_marks(language, points, names),
        )
        assert png.startswith(b"\x89PNG")
        (ARTIFACTS / f"history-{language}.png").write_bytes(png)


#: Names people give themselves that matplotlib would take for TeX: "$...$" is mathtext, and
#: a broken one raised at drawing time, so /history, the digest's chart and /card failed for
#: that user every time.
TEX = ("Cash $\\frac{a}{ $ Co", "$x^2$ tips", "100% $$ & more")


def test_a_name_with_dollar_signs_is_drawn_as_written() -> None:
    names = {1: (TEX[0], "mastodon"), 2: (TEX[1], "bluesky"), 3: (TEX[2], "blog")}
    points = [
        HistoryPoint(START, 5.0, {1: 5.0}, "3.5/all", names),
        HistoryPoint(START + timedelta(days=2), 9.0, {1: 5.0, 2: 4.0}, "3.5/all", names),
        HistoryPoint(START + timedelta(days=3), 11.0, {1: 5.0, 2: 4.0, 3: 2.0}, "3.5/all", names),
    ]
    shown = channel_names("en", points)
    marks = chart_marks("en", points, shown)
    figure = history_figure(points, ZoneInfo("UTC"), "Score", "en", shown, marks=marks)
    figure.canvas.draw()  # raised ValueError (a mathtext parse error) before
    axes = figure.axes[0]
    legend = [text.get_text() for text in axes.get_legend().get_texts()]
    assert legend == [f"{TEX[0]} · Mastodon", f"{TEX[1]} · Bluesky", f"{TEX[2]} · Blog"]
    assert all(
        not text._preprocess_math(text.get_text())[1] for text in axes.get_legend().get_texts()
    )
    assert [text.get_text() for text in axes.texts] == [
        f"+ {TEX[1]} · Bluesky",
        f"+ {TEX[2]} · Blog",
    ]
    assert all(not text._preprocess_math(text.get_text())[1] for text in axes.texts), "as text"


def test_a_card_draws_a_name_with_dollar_signs() -> None:
    from bot.use_cases.dashboard import ChannelPart, Dashboard
    from bot.views.card import card_png
    from storage.users import User

    user = User(1, 1, "A", "en", "UTC", 0, 9, True, 5, None, None, False, True, "2026-11-01")
    parts = [
        ChannelPart(i, name, "mastodon", "read", 1, 4.0, {}, True, False, False)
        for i, name in enumerate(TEX)
    ]
    dash = Dashboard(user, 12.0, "3.5", "all", START, None, None, [], parts, [], [])
    assert card_png("en", dash, parts).startswith(b"\x89PNG")


def test_channels_linked_in_one_sitting_have_labels_that_do_not_overlap() -> None:
    """Four channels linked within a minute: their marks' labels were written over each other
    (a newcomer's first chart); now each is readable, one under the other."""
    names = {1: ("Alice", "mastodon"), 2: ("Alice", "bluesky"), 3: ("Vincent", "github"),
             4: ("Alice writes & codes", "blog")}  # fmt: skip
    parts: dict[int, float] = {}
    points = []
    for cid, seconds in ((1, 0), (2, 1), (3, 2), (4, 2), (4, 20)):
        parts[cid] = float(cid) * 3
        points.append(HistoryPoint(START + timedelta(seconds=seconds), sum(parts.values()),
                                   dict(parts), "3.5/all", names))  # fmt: skip
    shown = channel_names("en", points)
    figure = history_figure(points, ZoneInfo("UTC"), "Score", "en", shown,
                            marks=chart_marks("en", points, shown))  # fmt: skip
    figure.canvas.draw()
    labels = figure.axes[0].texts
    assert sorted(text.get_text() for text in labels) == sorted(
        ["+ Alice · Bluesky", "+ Alice writes & codes · Blog", "+ Vincent · GitHub"]
    )
    boxes = [text.get_window_extent() for text in labels]
    for first, second in itertools.combinations(boxes, 2):
        assert not first.overlaps(second), (first, second)


@pytest.mark.parametrize("language", ["en", "de"])
def test_a_history_of_minutes_is_said_in_words_with_the_score_each_change_gave(
    language: str,
) -> None:
    """Eight channels linked in a first sitting: the newest six steps with the score each
    gave (the last one the score now), how many came before, and when the chart comes (a
    day after the first score, in the user's time)."""
    from bot.views.charts import charted
    from bot.views.history import so_far

    parts: dict[int, float] = {}
    points = []
    for cid in range(1, 10):
        parts[cid] = float(cid)
        names = {c: (f"Name {c}", "mastodon") for c in parts}
        points.append(HistoryPoint(START + timedelta(seconds=10 * cid), sum(parts.values()),
                                   dict(parts), "3.5/all", names))  # fmt: skip
    now = START + timedelta(minutes=5)
    assert not charted(points, now)
    assert charted(points, START + timedelta(days=1, seconds=10))
    text = so_far(language, points, ZoneInfo("Europe/Berlin"), now)
    lines = text.split("\n")
    first = {  # with what it came from: "1.0" alone named nothing the steps start from
        "en": "Your first score: 1.0 (today 9:00\u202fAM), with Name 1 · Mastodon.",
        "de": "Dein erster Score: 1,0 (heute 09:00), mit Name 1 · Mastodon.",
    }
    assert lines[0] == first[language]
    assert lines[1] == {"en": "• … 2 earlier", "de": "• … 2 frühere"}[language]
    steps = [line for line in lines[2:] if line.startswith("• +")]
    total = {4: "10", 5: "15", 6: "21", 7: "28", 8: "36", 9: "45"}
    assert steps == [f"• + Name {c} · Mastodon: {total[c]}{'.0' if language == 'en' else ',0'}"
                     for c in range(4, 10)]  # fmt: skip
    assert lines[-3] == {"en": "Now: 45.0.", "de": "Jetzt: 45,0."}[language]
    chart = {"en": "from tomorrow 9:00\u202fAM.", "de": "ab morgen 09:00."}[language]
    assert lines[-1].endswith(chart), lines[-1]


@pytest.mark.parametrize(
    ("language", "said"),
    [("en", "Your first score: 30.0 (today 8:00\u202fAM), with 4 channels."),
     ("de", "Dein erster Score: 30,0 (heute 08:00), mit 4 Kanälen.")],
)  # fmt: skip
def test_a_first_score_of_many_channels_counts_them_and_names_are_escaped(
    language: str, said: str
) -> None:
    """A first score from an export of four channels counts them (four names would not fit a
    phone's line); one from a channel named "<Dev> & Co" shows the name as it is."""
    from bot.views.history import so_far

    names = {c: (f"C{c}", "mastodon") for c in range(1, 5)}
    many = [HistoryPoint(START, 30.0, dict.fromkeys(names, 7.5), "3.6/all", names)]
    now = START + timedelta(minutes=1)
    assert so_far(language, many, ZoneInfo("UTC"), now).split("\n")[0] == said
    dev = [HistoryPoint(START, 9.0, {1: 9.0}, "3.6/all", {1: ("<Dev> & Co", "mastodon")})]
    assert "with &lt;Dev&gt; &amp; Co · Mastodon." in so_far("en", dev, ZoneInfo("UTC"), now)


def test_steps_within_one_second_are_listed_in_the_order_they_happened() -> None:
    """Times are stored to the second: XING linked, its first numbers reported and MySpace
    linked within one second were listed "+ MySpace: 11.2", then "XING's first numbers
    (/report): 20.4", then "Now: 11.2" (the channel changes before the reports)."""
    from bot.views.history import so_far

    xing, myspace = (1, ("XING", "manual")), (2, ("MySpace", "manual"))
    points = [
        HistoryPoint(START, 1.0, {1: 0.0}, "3.5/all", dict([xing])),
        HistoryPoint(START, 20.4, {1: 20.4}, "3.5/all", dict([xing])),
        HistoryPoint(START, 11.2, {1: 11.2, 2: 0.0}, "3.5/all", dict([xing, myspace])),
    ]
    lines = so_far("en", points, ZoneInfo("UTC"), START + timedelta(minutes=1)).split("\n")
    assert lines[0] == "Your first score: 1.0 (today 8:00\u202fAM), with XING (self-reported)."
    assert lines[1:4] == [
        "• XING’s first numbers (/report): 20.4",
        "• + MySpace (self-reported): 11.2",
        "Now: 11.2.",
    ], lines


@pytest.mark.parametrize(("language", "shown"), [("en", "Dec 8, 2026"), ("de", "08.12.2026")])
def test_the_card_profile_and_dashboard_say_the_owners_day_not_greenwichs(
    language: str, shown: str
) -> None:
    """A score computed at 20:00 UTC on Dec 7 is Dec 8 for its owner in Auckland: the card,
    the public page and the dashboard's days said Dec 7 (the day in UTC)."""
    from bot.use_cases.dashboard import ChannelPart, Dashboard, daily
    from bot.views.card import card_figure
    from bot.views.profile_page import profile_html
    from storage.users import User

    evening = datetime(2026, 12, 7, 20, 0, tzinfo=UTC)
    user = User(1, 1, "A", language, "Pacific/Auckland", 0, 9, True, 5, None, None, False, True,
                "2026-11-01")  # fmt: skip
    parts = [ChannelPart(1, "Alice", "mastodon", "read", 1, 4.0, {}, True, False, False)]
    history = [
        HistoryPoint(evening - timedelta(hours=12), 11.0, {1: 11.0}, "3.5/all"),  # Dec 7 there
        HistoryPoint(evening, 12.0, {1: 12.0}, "3.5/all"),  # Dec 8 there
    ]
    days = daily(history, user.zone)
    assert [d.day for d in days] == ["2026-12-07", "2026-12-08"]
    dash = Dashboard(user, 12.0, "3.5", "all", evening, None, None, days, parts, [], [])
    page = profile_html(language, dash, parts, card_url="/c.png", page_url="/p", findable=False)
    assert shown in page
    figure = card_figure(language, dash, parts)
    assert any(shown in text.get_text() for text in figure.texts)


def test_the_public_pages_90_days_put_each_day_where_it_was() -> None:
    """The public page's "last 90 days" spread its points over the whole width by their
    count: a new user's one day of scores was a line across all 90 days, as if the score had
    stood there for three months; two days a week apart were drawn 90 days apart."""
    import defusedxml.ElementTree as ElementTree

    from bot.use_cases.dashboard import DayPoint
    from bot.views.profile_page import history_svg

    def drawn(days: list[str]) -> tuple[list[float], list[str]]:
        svg = ElementTree.fromstring(
            history_svg([DayPoint(day, 20.0, {}, "3.5/all") for day in days], width=600)
        )
        shapes = [element.tag.rsplit("}", 1)[-1] for element in svg]
        line = next((e for e in svg if e.tag.endswith("polyline")), None)
        if line is None:
            return [float(e.get("cx", "nan")) for e in svg if e.tag.endswith("circle")], shapes
        return [float(point.split(",")[0]) for point in line.get("points", "").split()], shapes

    xs, shapes = drawn(["2026-12-07"])
    assert xs == [600.0], "one day: a point at the newest edge"
    assert "polygon" not in shapes, "no area under days that were not"
    xs, _ = drawn(["2026-11-30", "2026-12-07"])
    assert xs == [pytest.approx(600 - 7 / 89 * 600, abs=0.1), 600.0], "a week apart, not 90 days"
    xs, _ = drawn([f"2026-{m:02d}-{d:02d}" for m, d in [(9, 9), (10, 20), (12, 7)]])
    assert xs == [0.0, pytest.approx(41 / 89 * 600, abs=0.1), 600.0]


def test_the_cards_trend_puts_each_day_where_it_was() -> None:
    """The card's trend had the same fault as the public page: days spread by their count."""
    from bot.use_cases.dashboard import ChannelPart, Dashboard, DayPoint
    from bot.views.card import card_figure
    from storage.users import User

    user = User(1, 1, "A", "en", "UTC", 0, 9, True, 5, None, None, False, True, "2026-11-01")
    parts = [ChannelPart(1, "Alice", "mastodon", "read", 1, 4.0, {}, True, False, False)]
    for days, expected in [
        (["2026-12-07"], [0]),
        (["2026-11-30", "2026-12-07"], [-7, 0]),
        (["2026-09-09", "2026-10-20", "2026-12-07"], [-89, -48, 0]),
    ]:
        history = [DayPoint(day, 20.0, {}, "3.5/all") for day in days]
        dash = Dashboard(user, 20.0, "3.5", "all", START, None, None, history, parts, [], [])
        figure = card_figure("en", dash, parts)
        trend = figure.axes[0]
        assert list(trend.lines[0].get_xdata()) == expected
        assert "The last 90 days" in [text.get_text() for text in figure.texts], "what it spans"
        assert trend.get_xlim() == (-90, 1), "the last 90 days, whatever was stored"


@pytest.mark.parametrize(
    ("verified", "self_written", "legend"),
    [(False, True, "✎ numbers its owner writes"), (True, False, "✓ verified"),
     (True, True, "✎ numbers its owner writes"), (False, False, None)],
)  # fmt: skip
def test_the_cards_legend_names_only_the_marks_it_shows(
    verified: bool, self_written: bool, legend: str | None
) -> None:
    """A card with a blog's ✎ and nothing verified explained "✓ verified" too."""
    from bot.use_cases.dashboard import ChannelPart, Dashboard
    from bot.views.card import card_figure
    from storage.users import User

    user = User(1, 1, "A", "en", "UTC", 0, 9, True, 5, None, None, False, True, "2026-11-01")
    parts = [ChannelPart(1, "Notes", "blog", "read", 1, 4.0, {}, verified, self_written, False)]
    dash = Dashboard(user, 20.0, "3.6", "all", START, None, None, [], parts, [], [])
    texts = [text.get_text() for text in card_figure("en", dash, parts).texts]
    marks = [text for text in texts if "✓ verified" in text or "owner writes" in text]
    assert marks == ([legend] if legend else []), texts
    both = [parts[0], ChannelPart(2, "Alice", "mastodon", "read", 1, 3.0, {}, True, False, False)]
    if self_written:
        texts = [text.get_text() for text in card_figure("en", dash, both).texts]
        assert "✓ verified · ✎ numbers its owner writes" in texts


def test_the_legend_covers_no_marks_label_and_no_part_of_the_plot() -> None:
    """A channel linked a few days after the first score: its "+ Alice · Bluesky" was drawn
    under the legend's "Alice <Dev> & Co · Mastodon", in the plot's upper left corner."""
    names = {1: ("Alice <Dev> & Co", "mastodon"), 2: ("Alice", "bluesky"), 3: ("Notes", "blog")}
    points = []
    for day in range(60):
        parts = {1: 10.0, **({2: 6.0} if day >= 12 else {}), **({3: 3.0} if day >= 57 else {})}
        points.append(HistoryPoint(START + timedelta(days=day), sum(parts.values()), parts,
                                   "3.5/all", {c: names[c] for c in parts}))  # fmt: skip
    shown = channel_names("en", points)
    figure = history_figure(points, ZoneInfo("UTC"), "Score", "en", shown,
                            marks=chart_marks("en", points, shown))  # fmt: skip
    figure.canvas.draw()
    axes = figure.axes[0]
    legend = axes.get_legend().get_window_extent()
    labels = [text.get_window_extent() for text in axes.texts]
    assert len(labels) == 2
    assert not any(legend.overlaps(label) for label in labels)
    assert not legend.overlaps(axes.get_window_extent()), "the plot is the data's"
    plot = axes.get_window_extent()
    for label in labels:  # a mark near the right edge wrote its label beyond the plot
        assert plot.x0 <= label.x0
        assert label.x1 <= plot.x1
    assert legend.y1 <= figure.bbox.y1
    assert legend.y0 >= figure.bbox.y0, "inside the picture"

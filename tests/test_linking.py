"""End to end: the real bot links channels from fake platform servers over HTTP."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from scoring.sources import names
from tests.bot_process import running_bot
from tests.fakes.platforms import FakePlatforms
from tests.fakes.telegram_server import Call, FakeTelegram

pytestmark = pytest.mark.e2e  # each test starts the real resonance process

USER = 4242


def _final_edit(fake: FakeTelegram, after: int, *needles: str) -> Call:
    """The progress message's edit that contains one of ``needles``."""
    return fake.wait_for(
        lambda c: (
            c.method == "editMessageText"
            and c.chat_id == USER
            and fake.calls.index(c) >= after
            and any(n in c.text for n in needles)
        ),
        timeout=30,
    )


def _say(fake: FakeTelegram, text: str, language: str = "en") -> int:
    mark = fake.mark()
    fake.send_message(text, user_id=USER, first_name="Alice", language_code=language)
    return mark


def test_one_channel_of_each_platform_links_and_is_listed(
    tmp_path: Path, fake_telegram: FakeTelegram, live_platforms: FakePlatforms
) -> None:
    env = {
        "RESONANCE_ALLOW_PRIVATE_NETWORK": "1",
        "RESONANCE_BLUESKY_API": live_platforms.url,
        "RESONANCE_GITHUB_API": live_platforms.url,
        "RESONANCE_HN_API": live_platforms.url + "/hn",
        "RESONANCE_HN_SEARCH_API": live_platforms.url + "/algolia",
        "RESONANCE_STACKEXCHANGE_API": live_platforms.url + "/se",
        "RESONANCE_REDDIT_API": live_platforms.url + "/reddit",
        "RESONANCE_REDDIT_AUTH_API": live_platforms.url + "/reddit-auth",
        "REDDIT_CLIENT_ID": FakePlatforms.REDDIT_CLIENT[0],
        "REDDIT_CLIENT_SECRET": FakePlatforms.REDDIT_CLIENT[1],
        "RESONANCE_YOUTUBE_API": live_platforms.url + "/youtube",
        "YOUTUBE_API_KEY": FakePlatforms.YOUTUBE_KEY,
    }
    with running_bot(fake_telegram, tmp_path, **env):
        _say(fake_telegram, "/start")
        fake_telegram.wait_for_reply(USER)

        for command, expected in [
            (
                f"/link {live_platforms.url}/@alice",
                "Linked <b>Alice &lt;Dev&gt; &amp; Co · Mastodon</b>: 1,250 followers, 5 posts",  # grouped
            ),
            (
                "/link bluesky alice.bsky.social",
                "Linked <b>Alice · Bluesky</b>: 840 followers, 5 posts",
            ),
            (
                "/link github https://github.com/jacquev6",
                "Linked <b>Vincent Jacques · GitHub</b>: 98 followers",
            ),
            (
                f"/link blog {live_platforms.url}/blog",
                "Linked <b>Alice writes &amp; codes · Blog</b>",
            ),
            ("/link https://news.ycombinator.com/user?id=jl", "Linked <b>jl · Hacker News</b>"),
            (
                "/link https://stackoverflow.com/users/22656/jon-skeet",
                "Linked <b>Jon Skeet · Stack Exchange</b>",
            ),
            (
                "/link https://www.reddit.com/user/Watchful1",
                "Linked <b>Watchful1 · Reddit</b>: 156",
            ),
            ("/link youtube @google", "Linked <b>Google · YouTube</b>: 10,700,000 followers"),
        ]:
            mark = _say(fake_telegram, command)
            progress = fake_telegram.wait_for_reply(USER, after=mark)
            assert progress.text.startswith("Looking up")
            final = _final_edit(fake_telegram, mark, "Linked", "could not", "not")
            assert final.text.startswith(expected), final.text
            assert fake_telegram.calls_of("sendChatAction", USER), "a typing action was shown"

        mark = _say(fake_telegram, "/link bluesky @alice.bsky.social")
        already = _final_edit(fake_telegram, mark, "already linked")
        assert "<b>Alice · Bluesky</b>" in already.text

        mark = _say(fake_telegram, "/channels")
        listing = fake_telegram.wait_for_reply(USER, after=mark).text
        assert listing.count(": ok, read ") == 8, listing
        for name in (
            "Mastodon",
            "Bluesky",
            "GitHub",
            "Blog",
            "Hacker News",
            "Stack Exchange",
            "Reddit",
            "YouTube",
        ):
            assert name in listing

    db = sqlite3.connect(tmp_path / "resonance.db")
    counts = dict(
        db.execute(
            "SELECT c.platform, count(p.id) FROM channels c LEFT JOIN posts p ON p.channel_id = c.id GROUP BY c.platform"
        )
    )
    assert counts == {
        "mastodon": 5,
        "bluesky": 5,
        "github": 5,
        "blog": 2,
        "hackernews": 4,
        "stackexchange": 3,
        "reddit": 4,
        "youtube": 1,
    }
    kinds = dict(db.execute("SELECT kind, count(*) FROM posts GROUP BY kind"))
    assert kinds["reshare"] == 4  # one boost, one repost, one star, one crosspost
    assert db.execute("SELECT count(*) FROM snapshots").fetchone()[0] == 8


def test_bad_input_gets_a_clear_answer_and_the_bot_stays_up(
    tmp_path: Path, fake_telegram: FakeTelegram, live_platforms: FakePlatforms
) -> None:
    env = {"RESONANCE_BLUESKY_API": live_platforms.url, "RESONANCE_GITHUB_API": live_platforms.url}
    with running_bot(fake_telegram, tmp_path, **env) as process:
        mark = _say(fake_telegram, "/link")
        menu = fake_telegram.wait_for_reply(USER, after=mark)
        offered = {b["callback_data"].removeprefix("link:") for b in menu.buttons}
        unset = {"reddit", "youtube", "x", "facebook", "instagram", "threads"}  # no keys here
        assert offered == set(names()) - unset, "one per platform this installation can read"

        mark = _say(fake_telegram, "/link frobnicate alice")
        assert (
            "<code>/link PLATFORM HANDLE-OR-URL</code>"
            in fake_telegram.wait_for_reply(USER, after=mark).text
        )

        cases = [
            ("/link mastodon alice", "does not look like a Mastodon handle or address"),
            ("/link bluesky nobody.bsky.social", "could not find nobody.bsky.social on Bluesky"),
            ("/link github -bad-", "does not look like a GitHub handle or address"),
            ("/link blog http://127.0.0.1:9/feed", "only read public http(s) addresses"),
            (
                "/link blog http://169.254.169.254/latest/meta-data",
                "only read public http(s) addresses",
            ),
            ("/link blog file:///etc/passwd", "does not look like a Blog handle or address"),
            (
                "/link blog https://alice:hunter2@example.com/feed",
                "do not read addresses that hold a user name or password",
            ),  # not "private"
            ("/link reddit spez", "Reddit cannot be read on this Resonance yet"),
            ("/link youtube @google", "YouTube cannot be read on this Resonance yet"),
        ]
        for command, expected in cases:
            mark = _say(fake_telegram, command)
            assert expected in _final_edit(fake_telegram, mark, expected).text
        mark = _say(fake_telegram, "/link facebook https://facebook.com/x")
        refused = fake_telegram.wait_for_reply(USER, after=mark)
        assert "cannot be linked on this Resonance yet" in refused.text

        live_platforms.fail("/users/jacquev6", 503, times=10)
        mark = _say(fake_telegram, "/link github jacquev6")
        assert (
            "GitHub could not be reached right now"
            in _final_edit(fake_telegram, mark, "reached").text
        )

        mark = _say(fake_telegram, "/channels")
        assert "not linked any channel" in fake_telegram.wait_for_reply(USER, after=mark).text
        assert process.poll() is None, "the bot is still running"


def test_link_by_buttons_then_unlink_with_confirmation_in_german(
    tmp_path: Path, fake_telegram: FakeTelegram, live_platforms: FakePlatforms
) -> None:
    env = {"RESONANCE_GITHUB_API": live_platforms.url}
    with running_bot(fake_telegram, tmp_path, **env):
        mark = _say(fake_telegram, "/link", language="de")
        menu = fake_telegram.wait_for_reply(USER, after=mark)
        assert menu.text == "Auf welcher Plattform ist der Kanal?"
        mark = fake_telegram.mark()
        fake_telegram.press_button(menu.message, "link:github", language_code="de")
        asked = _final_edit(fake_telegram, mark, "Schick mir")
        assert "GitHub" in asked.text

        mark = _say(fake_telegram, "jacquev6", language="de")
        linked = _final_edit(fake_telegram, mark, "ist verknüpft")
        assert linked.text.startswith("<b>Vincent Jacques · GitHub</b> ist verknüpft: 98 Follower")

        mark = _say(fake_telegram, "/unlink 2", language="de")
        unknown = fake_telegram.wait_for_reply(USER, after=mark)
        assert "Ich habe den Kanal 2 nicht gefunden" in unknown.text
        mark = _say(fake_telegram, "/unlink 1", language="de")  # straight to the question
        asked_first = fake_telegram.wait_for_reply(USER, after=mark)
        assert "<b>Vincent Jacques · GitHub</b> mit seinen 5 gespeicherten Beiträgen" in (
            asked_first.text
        )
        assert len(asked_first.buttons) == 2, "yes and cancel"

        mark = _say(fake_telegram, "/unlink", language="de")
        chooser = fake_telegram.wait_for_reply(USER, after=mark)
        assert [b["text"] for b in chooser.buttons] == ["Vincent Jacques · GitHub"]

        mark = fake_telegram.mark()
        fake_telegram.press_button(
            chooser.message, chooser.buttons[0]["callback_data"], language_code="de"
        )
        confirm = _final_edit(fake_telegram, mark, "entfernen?")
        assert "mit seinen 5 gespeicherten Beiträgen" in confirm.text

        mark = fake_telegram.mark()
        fake_telegram.press_button(
            confirm.message, confirm.buttons[0]["callback_data"], language_code="de"
        )
        removed = _final_edit(fake_telegram, mark, "wurde entfernt")
        assert removed.params["message_id"] == confirm.params["message_id"], "edited in place"

        mark = fake_telegram.mark()
        fake_telegram.press_button(confirm.message, "unlink-yes:99999", language_code="de")
        assert "nicht mehr verknüpft" in _final_edit(fake_telegram, mark, "nicht mehr").text

    db = sqlite3.connect(tmp_path / "resonance.db")
    assert db.execute("SELECT count(*) FROM channels").fetchone()[0] == 0
    assert db.execute("SELECT count(*) FROM posts").fetchone()[0] == 0
    assert db.execute("SELECT count(*) FROM snapshots").fetchone()[0] == 0


def test_a_broken_api_answer_gets_a_clear_reply_and_marks_the_channel_stale(
    tmp_path: Path, fake_telegram: FakeTelegram, live_platforms: FakePlatforms
) -> None:
    """Valid JSON of the wrong shape (a parser's KeyError) is the platform's fault, not ours."""
    from werkzeug.wrappers import Response

    env = {"RESONANCE_GITHUB_API": live_platforms.url}
    live_platforms.override(
        "/users/jacquev6",
        lambda request: Response('{"no": "id"}', 200, mimetype="application/json"),
    )
    with running_bot(fake_telegram, tmp_path, **env):
        mark = _say(fake_telegram, "/link github jacquev6")
        reply = _final_edit(fake_telegram, mark, "reached", "wrong")
        assert "GitHub could not be reached right now" in reply.text
        live_platforms.override(
            "/users/jacquev6",
            lambda request: Response(
                '{"id": 327146, "login": "jacquev6", "name": "Vincent Jacques"}',
                200,
                mimetype="application/json",
            ),
        )
        live_platforms.override(
            "/user/327146/repos",
            lambda request: Response('[{"id": 1}]', 200, mimetype="application/json"),
        )
        mark = _say(fake_telegram, "/link github jacquev6")
        reply = _final_edit(fake_telegram, mark, "could not be read just now")
        # issue 13: a payload of the wrong shape is said as such, not as "could not be reached"
        assert "GitHub sent something I did not expect" in reply.text
        assert "Sorry" not in "".join(fake_telegram.sent_texts(USER))

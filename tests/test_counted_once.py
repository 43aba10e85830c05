"""One account, counted once (issue 28, part 4): /link recognises a channel that returns the
posts of one already linked, says which, and the score does not move."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from werkzeug.wrappers import Request, Response

from tests.bot_process import running_bot
from tests.fakes.platforms import FakePlatforms, fixture_text
from tests.fakes.telegram_server import FakeTelegram

pytestmark = pytest.mark.e2e
USER = 5151


def _link(fake: FakeTelegram, command: str, language: str, done: str) -> str:
    mark = fake.mark()
    fake.send_message(command, user_id=USER, first_name="Alice", language_code=language)
    return fake.wait_for_reply(USER, mark, 30, methods=("editMessageText",), containing=done).text


def _scores(path: Path) -> list[float]:
    db = sqlite3.connect(path)
    return [row[0] for row in db.execute("SELECT score FROM scores ORDER BY id")]


@pytest.mark.parametrize(
    ("language", "done", "said"),
    [
        ("en", "/channels shows", "These are the same posts as your channel <b>"),
        ("de", "/channels zeigt", "Das sind dieselben Beiträge wie in deinem Kanal <b>"),
    ],
)
def test_the_same_feed_under_another_address_is_named_and_counts_once(
    tmp_path: Path, fake_telegram: FakeTelegram, live_platforms: FakePlatforms,
    language: str, done: str, said: str,
) -> None:  # fmt: skip
    atom = fixture_text("blog/atom_thr.xml")

    def mirror(request: Request) -> Response:  # the same feed at a second address
        return Response(atom, 200, mimetype="application/atom+xml")

    live_platforms.override("/index.atom", mirror)
    with running_bot(fake_telegram, tmp_path, RESONANCE_ALLOW_PRIVATE_NETWORK="1"):
        first = _link(fake_telegram, f"/link {live_platforms.url}/feed/atom/", language, done)
        assert said not in first
        second = _link(fake_telegram, f"/link {live_platforms.url}/index.atom", language, done)
        assert said in second
        name = second.split(said)[1].split("</b>")[0]
        assert name in first, "it names the channel linked first"
    scores = _scores(tmp_path / "resonance.db")
    assert len(scores) == 2
    assert scores[1] == scores[0], "the duplicate adds nothing"

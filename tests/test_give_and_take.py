"""Give and take, by name (issue 28, part 6): /tips names the person who replied to your posts
and whom you did not answer, through the running bot, read from the fake Mastodon and Bluesky.

What the tip says is checked against the recorded payloads it came from: Erin replied to two of
Alice's Bluesky posts (tests/fixtures/bluesky/getPostThread_3kown1.json and _3kquote4.json) and
Alice answered none; Bob replied twice to one Mastodon post (context_113500000000000004.json);
Dave replied too, but Alice's reply 113500000000000002 answered him, so he is not named.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlite_utils import Database

from bot.use_cases.digest import digest_payload
from bot.views.push import render_digest
from storage.users import get_user
from tests.bot_process import running_bot
from tests.fakes.platforms import ALICE_DID, FIXTURES, FakePlatforms
from tests.fakes.telegram_server import Call, FakeTelegram

pytestmark = pytest.mark.e2e


def _ask(fake: FakeTelegram, user: int, text: str, language: str) -> Call:
    mark = fake.mark()
    fake.send_message(text, user_id=user, first_name="Alice", language_code=language)
    return fake.wait_for_reply(user, after=mark)


def _link(fake: FakeTelegram, user: int, command: str, language: str) -> None:
    mark = fake.mark()
    fake.send_message(command, user_id=user, first_name="Alice", language_code=language)
    done = "/channels shows all" if language == "en" else "/channels zeigt alle"
    fake.wait_for_reply(user, mark, 30, methods=("editMessageText",), containing=done)


def _repliers(name: str) -> list[str]:
    """The handles a recorded thread lists as direct replies by someone other than Alice."""
    thread = json.loads((FIXTURES / name).read_text())["thread"]
    return [
        r["post"]["author"]["handle"]
        for r in thread["replies"]
        if "post" in r and r["post"]["author"]["handle"] != "alice.bsky.social"
    ]


def _people(platform: str) -> tuple[int, int, bool]:
    """(distinct people, their likes and replies, whether one of them came twice: liked or
    replied to two posts) the recorded payloads list on Alice's posts of the last month, Alice
    herself and replies to replies left out."""
    pairs: set[tuple[str, str, str]] = set()
    if platform == "bluesky":
        for rkey in ("3kown1", "3kquote4"):
            thread = json.loads((FIXTURES / f"bluesky/getPostThread_{rkey}.json").read_text())
            for reply in thread["thread"]["replies"]:
                if "post" in reply and reply["post"]["author"]["did"] != ALICE_DID:
                    pairs.add((rkey, reply["post"]["author"]["did"], "reply"))
            likes = json.loads((FIXTURES / f"bluesky/getLikes_{rkey}.json").read_text())
            pairs |= {(rkey, like["actor"]["did"], "like") for like in likes["likes"]}
    else:
        post = "113500000000000004"
        context = json.loads((FIXTURES / f"mastodon/context_{post}.json").read_text())
        for status in context["descendants"]:
            if status["in_reply_to_id"] == post and status["account"]["id"] != "109302":
                pairs.add((post, status["account"]["id"], "reply"))
        likers = json.loads((FIXTURES / f"mastodon/favourited_by_{post}.json").read_text())
        pairs |= {(post, account["id"], "like") for account in likers}
        # its 40 likes and 12 reshares outrun what its replies vouch for: who reshared (3.4)
        boosters = json.loads((FIXTURES / f"mastodon/reblogged_by_{post}.json").read_text())
        pairs |= {(post, account["id"], "reshare") for account in boosters}
    twice = len({(person, kind) for _, person, kind in pairs}) < len(pairs)
    return len({person for _, person, _ in pairs}), len(pairs), twice


def test_the_files_say_what_the_tip_will_say() -> None:
    """The counts the tip states, read from the recorded payloads themselves."""
    threads = ("bluesky/getPostThread_3kown1.json", "bluesky/getPostThread_3kquote4.json")
    assert sum("erin.bsky.social" in _repliers(t) for t in threads) == 2


@pytest.mark.parametrize(
    ("language", "erin", "bob", "tip_word"),
    [
        (
            "en",  # /why on Bluesky: "from 4 people: one person's repeats count less (9 likes"
            "replied to 2 of your posts this month, and you answered none of them.",
            "replied to 1 of your posts this month, and you have not answered yet.",
            "<b>Tips</b>",
        ),
        (
            "de",
            "hat diesen Monat auf 2 deiner Beiträge geantwortet, und du hast auf keine davon "
            "geantwortet.",
            "hat diesen Monat auf 1 deiner Beiträge geantwortet, und du hast noch nicht "
            "zurückgeschrieben.",
            "<b>Tipps</b>",
        ),
    ],
)
def test_tips_and_the_digest_name_the_person_to_answer(
    tmp_path: Path,
    fake_telegram: FakeTelegram,
    live_platforms: FakePlatforms,
    language: str,
    erin: str,
    bob: str,
    tip_word: str,
) -> None:
    user = 4242
    env = {"RESONANCE_ALLOW_PRIVATE_NETWORK": "1", "RESONANCE_BLUESKY_API": live_platforms.url}
    host = live_platforms.url.removeprefix("http://")
    with running_bot(fake_telegram, tmp_path, **env):
        for command in (f"/link {live_platforms.url}/@alice", "/link bluesky alice.bsky.social"):
            _link(fake_telegram, user, command, language)
        assert live_platforms.hits["/xrpc/app.bsky.feed.getPostThread"] == 2
        assert live_platforms.hits["/api/v1/statuses/113500000000000004/context"] == 1

        tips = _ask(fake_telegram, user, "/tips", language)
        pages = [tips.text]
        while any(b["text"] in ("More tips", "Mehr Tipps") for b in tips.buttons):
            more = next(b for b in tips.buttons if b["text"] in ("More tips", "Mehr Tipps"))
            mark = fake_telegram.mark()
            fake_telegram.press_button(tips.message, more["callback_data"])
            tips = fake_telegram.wait_for_reply(user, mark, 30, methods=("editMessageText",))
            pages.append(tips.text)
        first, every = pages[0], "\n".join(pages)
        assert first.startswith(tip_word)
        link = '<a href="https://bsky.app/profile/erin.bsky.social">erin.bsky.social</a>'
        assert f"{link} {erin}" in first, "the person who engages most, on the first page"
        assert f'<a href="https://{host}/@bob">@bob@{host}</a> {bob}' in every
        assert "dave" not in every, "answered: not named"
        assert "bob.bsky.social" not in every, "answered on Bluesky: not named"
        why = _ask(fake_telegram, user, "/why", language)
        for platform, name in (("bluesky", "Bluesky"), ("mastodon", "Mastodon")):
            button = next(b for b in why.buttons if name in b["text"])
            mark = fake_telegram.mark()
            fake_telegram.press_button(why.message, button["callback_data"])
            lines = fake_telegram.wait_for_reply(user, mark, 30, methods=("editMessageText",))
            people, known, twice = _people(platform)
            said = {
                (
                    "en",
                    True,
                ): f"from {people} people: one person's repeats count less ({known} likes",
                ("de", True): f"von {people} Personen: Wiederholungen derselben Person zählen "
                f"weniger ({known} Likes",
                ("en", False): f"from {people} people: their {known} likes, replies and reshares "
                "count in full (none liked, replied or reshared twice)",
                ("de", False): f"von {people} Personen: ihre {known} Likes, Antworten und "
                "geteilten Beiträge zählen voll (niemand hat zweimal geliked, geantwortet "
                "oder geteilt)",
            }[(language, twice)]
            assert said in lines.text, platform
            why = _ask(fake_telegram, user, "/why", language)
        promise = "after a month" if language == "en" else "nach einem Monat"
        assert promise in first.split(erin)[1].split("\n")[0], "named, with its what-if numbers"

    db = Database(sqlite3.connect(tmp_path / "resonance.db"))
    stored = get_user(db, user)
    assert stored is not None
    payload = digest_payload(db, stored, datetime.now(UTC))
    assert payload is not None
    assert payload.person is not None
    assert payload.person.handle == "erin.bsky.social"
    digest = render_digest(language, payload, datetime.now(UTC))
    said = "replied to" if language == "en" else "hat diesen Monat auf"
    assert digest.count(said) == 1, "the digest names one person: its tip's, or Erin"
    named = payload.tip.numbers.get("person") if payload.tip else None
    assert (named or "erin.bsky.social") + "</a>" in digest

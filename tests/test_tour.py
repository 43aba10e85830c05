"""A newcomer's first half hour, recorded (issue 25): every everyday command and button,
through the running bot, in English and in German. The transcripts are written to
``artifacts/tour-LANG.txt`` for a person to read as the user would, and the rules that can
be checked mechanically are checked on every message of the tour:

- no setting name (``*_ID``, ``*_KEY``, ``*_TOKEN``, ``*_SECRET``, ``RESONANCE_*``);
- no "0 followers" for a channel whose platform has no followers;
- a post's counts in its platform's words, without the ones it has none of ("9 comments"
  under a blog post, not "0 likes, 0 reshares, 9 replies");
- no English word left in a German message beyond a short allow-list;
- no everyday answer longer than a phone shows in about 25 lines;
- numbers in the language's own form (1,234.5 / 1.234,5).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.bot_process import running_bot
from tests.browser import ARTIFACTS
from tests.fakes.exports import member_export
from tests.fakes.platforms import FakePlatforms
from tests.fakes.telegram_server import Call, FakeTelegram

pytestmark = pytest.mark.e2e  # starts the real resonance process

SETTING = re.compile(r"\b(?:RESONANCE_[A-Z_]+|[A-Z][A-Z0-9]+_(?:ID|KEY|TOKEN|SECRET))\b")
#: English a German message may hold: names, brands, and words German uses as they are.
ALLOWED_ENGLISH = {
    "score",
    "follower",
    "blog",
    "mastodon",
    "bluesky",
    "github",
    "linkedin",
    "xing",
    "x",
    "threads",
    "facebook",
    "instagram",
    "youtube",
    "reddit",
    "hacker",
    "news",
    "stack",
    "exchange",
    "resonance",
    "feed",
    "rss",
    "atom",
    "export",
    "link",
    "tipps",
    "top",
    "focus",
    "ok",
    "dev",
    "co",
    "alice",
    "notes",
    "posts",
    "post",
    "online",
    "e-mail",
    "bio",
    "code",
    "https",
    "http",
    "com",
    "example",
    "www",
    "de",
    "pages",
    "page",
    "app",
    "token",
    "hashtag",
}
ENGLISH_ONLY = {
    "the",
    "and",
    "your",
    "with",
    "you",
    "of",
    "for",
    "on",
    "to",
    "is",
    "are",
    "this",
    "that",
    "from",
    "channel",
    "channels",
    "weight",
    "reply",
    "replies",
    "week",
    "weeks",
    "days",
    "points",
    "reach",
    "giving",
    "activity",
    "interaction",
    "self-reported",
    "leaderboard",
    "share",
    "shares",
    "not",
    "yet",
    "read",
    "linked",
    "none",
    "reshares",
}
PHONE_LINES = 25


def _visible(text: str) -> str:
    return (
        re.sub(r"<[^>]+>", "", text).replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")
    )


def _ours(text: str) -> str:
    """What the bot wrote, without what users wrote: linked posts and quoted excerpts."""
    text = re.sub(r"<a [^>]*>.*?</a>", "", text)
    return re.sub(r"[„“\"][^„“”\"]*[“”\"]", "", _visible(text))


def _lines_on_a_phone(text: str, width: int = 38) -> int:
    """Lines a message takes on a phone about 38 characters wide."""
    return sum(max(1, -(-len(line) // width)) for line in _visible(text).split("\n"))


class Tour:
    def __init__(self, fake: FakeTelegram, user: int, language: str) -> None:
        self.fake, self.user, self.language = fake, user, language
        self.transcript: list[str] = []
        self.answers: list[tuple[str, str]] = []  # (what was asked, what was answered)

    def _record(self, asked: str, calls: list[Call]) -> list[Call]:
        self.transcript.append(f">>> {asked}")
        for call in calls:
            buttons = " ".join(f"[{b['text']}]" for b in call.buttons)
            text = call.text or call.params.get("caption", "") or f"({call.method})"
            self.transcript.append(_visible(str(text)) + (f"\n    {buttons}" if buttons else ""))
            self.answers.append((asked, str(text)))
        self.transcript.append("")
        return calls

    def _settle(self, mark: int, needle: str) -> list[Call]:
        self.fake.wait_for_reply(
            self.user,
            mark,
            30,
            methods=("sendMessage", "editMessageText", "sendPhoto", "sendDocument"),
            containing=needle,
        )
        return [
            c
            for c in self.fake.calls[mark:]
            if c.chat_id == self.user
            and c.method in ("sendMessage", "editMessageText", "sendPhoto", "sendDocument")
        ]

    def say(self, text: str, needle: str = "") -> Call:
        mark = self.fake.mark()
        self.fake.send_message(text, user_id=self.user, language_code=self.language)
        return self._record(text, self._settle(mark, needle))[-1]

    def press(self, call: Call, label: str, needle: str = "") -> Call:
        data = next(b["callback_data"] for b in call.buttons if label in b["text"])
        mark = self.fake.mark()
        message = self.fake.message(self.user, int(call.message["message_id"]))
        self.fake.press_button(message, data, user_id=self.user, language_code=self.language)
        return self._record(f"[{label}]", self._settle(mark, needle))[-1]

    def send_file(self, content: bytes, name: str, needle: str) -> Call:
        mark = self.fake.mark()
        self.fake.send_document(content, name, user_id=self.user, language_code=self.language)
        return self._record(f"(file {name})", self._settle(mark, needle))[-1]


WORDS = {
    "en": {"linked": "Linked", "score": "score", "help": "/link", "why": "",
           "question": "what is my score?", "tips": "tip", "self": "report"},
    "de": {"linked": "verknüpft", "score": "Score", "help": "/link", "why": "",
           "question": "wie ist mein Wert?", "tips": "Tipp", "self": "report"},
}  # fmt: skip


def _tour(tour: Tour, platforms: FakePlatforms) -> Tour:
    words = WORDS[tour.language]
    tour.fake.add_private_chat(tour.user)
    tour.say("/start")
    tour.say("/help", words["help"])
    tour.say(f"/link {platforms.url}/@alice", words["linked"])
    tour.say("/link bluesky alice.bsky.social", words["linked"])
    tour.say("/link github jacquev6", words["linked"])
    tour.say(f"/link blog {platforms.url}/blog", words["linked"])
    tour.say("/score", words["score"])
    tour.say("/why")
    tour.say("/top")
    tour.say("/tips", words["tips"])
    tour.say("/focus accessibility charts")
    tour.say("/weight")
    tour.say("/verify")
    tour.say("/history")
    tour.say("/settings")
    tour.say("/refresh", "/why")
    tour.say(words["question"])
    tour.say("/link linkedin")
    export = member_export([], 320, today=__import__("datetime").date.today())
    tour.send_file(export, "Content_2026.xlsx", "LinkedIn")
    tour.say("/link xing", "XING")
    tour.say("/channels")
    return tour


@pytest.mark.parametrize("language", ["en", "de"])
def test_a_newcomers_first_half_hour_reads_well(
    tmp_path: Path, fake_telegram: FakeTelegram, live_platforms: FakePlatforms, language: str
) -> None:
    env = {
        "RESONANCE_ALLOW_PRIVATE_NETWORK": "1",
        "RESONANCE_BLUESKY_API": live_platforms.url,
        "RESONANCE_GITHUB_API": live_platforms.url,
    }
    tour = Tour(fake_telegram, 5500 + len(language), language)
    try:
        with running_bot(fake_telegram, tmp_path, **env):
            _tour(tour, live_platforms)
    finally:
        ARTIFACTS.mkdir(exist_ok=True)
        transcript = "\n".join(tour.transcript)
        (ARTIFACTS / f"tour-{language}.txt").write_text(transcript, encoding="utf-8")
    problems = []
    for asked, answer in tour.answers:
        visible = _visible(answer)
        if SETTING.search(visible):
            problems.append(f"{asked}: a setting name: {SETTING.search(visible)}")
        if re.search(r"\b0 (?:followers|Follower)\b", visible) and "Blog" in visible:
            problems.append(f"{asked}: '0 followers' for a blog")
        if re.search(r"(?<![\d.,])0 (?:likes|reshares|Likes)\b|(?<![\d.,])0-mal", visible):
            problems.append(f"{asked}: a count the post does not have, said as zero")
        if re.search(r"(?<![\d.,])0 (?:posts|Beiträge) \(0 ", visible):
            problems.append(f"{asked}: an import said as '0 posts (0 new, 0 updated)'")
        if re.search(r"\(Blog\): [^\n]*\b(?:repl(?:y|ies)|Antworten?)\b", visible):
            problems.append(f"{asked}: a blog's comments called replies")
        if re.search(r"\bon Blog\b", visible):
            problems.append(f"{asked}: 'on Blog', a platform's name where a blog's place is")
        if _lines_on_a_phone(answer) > PHONE_LINES:
            problems.append(f"{asked}: {_lines_on_a_phone(answer)} lines on a phone")
        ours = _ours(answer)
        if language == "de" and re.search(r"\b\d{1,3},\d{3}\b", ours):
            problems.append(f"{asked}: an English thousands separator in German")
        if language == "en" and re.search(r"\b\d+,\d\b", ours):
            problems.append(f"{asked}: a German decimal comma in English")
        if language == "de":
            words = re.findall(r"(?<![/\w@.-])[a-zA-Z][a-zA-Z-]+", _ours(answer).lower())
            english = {w for w in words if w in ENGLISH_ONLY}
            if english:
                problems.append(f"{asked}: English in German: {sorted(english)}")
    # a first half hour is no chart but its steps in words: each link with the score it gave,
    # the last one what /score said right after the last /link
    said = dict(tour.answers)
    scored = re.search(r"(\d+[.,]\d)", _visible(said["/score"]))
    steps = re.findall(r"^• \+ (.+): (\d+[.,]\d)$", _visible(said["/history"]), re.MULTILINE)
    assert scored is not None
    assert [name for name, _ in steps] == [
        "Alice · Bluesky", "Vincent Jacques · GitHub", "Alice writes & codes · Blog"
    ], _visible(said["/history"])  # fmt: skip
    assert steps[-1][1] == scored.group(1), (steps, scored.group(0))
    # channels are read at once: each edit of /refresh's progress lists every channel read so
    # far (edits sent as each read ended arrived out of order: 1, 3, then 2 channels listed)
    listed = [len(re.findall(r"^(?:Read \d+ of|\d+ von \d+ gelesen)", _visible(text), re.M))
              for asked, text in tour.answers if asked == "/refresh"]  # fmt: skip
    assert max(listed) == 4, listed
    read = listed[: listed.index(4) + 1]
    assert read == sorted(read), f"progress went back: {listed}"
    assert problems == [], "\n".join(problems)

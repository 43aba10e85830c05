"""Connect in one tap (issue 24): signing in with Facebook (Pages and Instagram from one
sign-in), GitHub's device flow and a Mastodon server, through the running bot, its web
server and fake providers that keep OAuth's rules; replayed, foreign and declined callbacks
change nothing. A browser is played by ``requests`` here (cookies, redirects) and by
Debian's chromium in test_signin_browser.py."""

from __future__ import annotations

import socket
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin

import pytest
import requests
from cryptography.fernet import Fernet

from tests.bot_process import running_bot
from tests.fakes.oauth import (
    GITHUB_CLIENT,
    GITHUB_DEVICE_TOKEN,
    MASTODON_TOKEN,
    META_APP,
    SHORT_TOKEN,
    SIGNED_IN_TOKEN,
    FakeProviders,
)
from tests.fakes.platforms import FakePlatforms
from tests.fakes.telegram_server import Call, FakeTelegram

pytestmark = pytest.mark.e2e  # each test starts the real resonance process

USER = 4411
KEY = Fernet.generate_key().decode()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def signin_env(platforms: FakePlatforms, port: int) -> dict[str, str]:
    return {
        "RESONANCE_PUBLIC_URL": f"http://127.0.0.1:{port}",
        "RESONANCE_WEB_PORT": str(port),
        "RESONANCE_SECRET_KEY": KEY,
        "RESONANCE_ALLOW_PRIVATE_NETWORK": "1",
        "META_APP_ID": META_APP[0],
        "META_APP_SECRET": META_APP[1],
        "RESONANCE_GRAPH_API": platforms.url + "/graph",
        "RESONANCE_META_DIALOG": platforms.url + "/meta/dialog",
        "GITHUB_OAUTH_CLIENT_ID": GITHUB_CLIENT,
        "RESONANCE_GITHUB_LOGIN": platforms.url + "/github-login",
        "RESONANCE_GITHUB_API": platforms.url,
    }


@contextmanager
def signing_in(
    fake: FakeTelegram, platforms: FakePlatforms, tmp_path: Path
) -> Iterator[FakeProviders]:
    providers = FakeProviders(platforms)
    port = free_port()
    with running_bot(fake, tmp_path, **signin_env(platforms, port)):
        fake.add_private_chat(USER)
        yield providers


def say(fake: FakeTelegram, text: str, needle: str, language: str = "en", user: int = USER) -> Call:
    mark = fake.mark()
    fake.send_message(text, user_id=user, language_code=language)
    return fake.wait_for_reply(
        user, mark, 30, methods=("sendMessage", "editMessageText"), containing=needle
    )


def press(fake: FakeTelegram, call: Call, label: str, needle: str) -> Call:
    data = next(b["callback_data"] for b in call.buttons if label in b["text"])
    mark = fake.mark()
    fake.press_button(fake.message(USER, int(call.message["message_id"])), data, user_id=USER)
    return fake.wait_for_reply(
        USER, mark, 60, methods=("sendMessage", "editMessageText"), containing=needle
    )


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "a" and values.get("id") and values.get("href"):
            self.links[str(values["id"])] = str(values["href"])


def consent(browser: requests.Session, url: str, answer: str) -> requests.Response:
    """Open ``url`` (our start link), and at the provider's page press ``answer``."""
    page = browser.get(url, timeout=10)
    parser = _Links()
    parser.feed(page.text)
    assert answer in parser.links, page.text[:300]
    return browser.get(urljoin(page.url, parser.links[answer]), timeout=30)


def connect_url(call: Call) -> str:
    return next(b["url"] for b in call.buttons if "url" in b)


def test_one_facebook_sign_in_links_two_pages_and_an_instagram_account(
    tmp_path: Path, fake_telegram: FakeTelegram, live_platforms: FakePlatforms
) -> None:
    fake = fake_telegram
    with signing_in(fake, live_platforms, tmp_path) as providers:
        asked = say(fake, "/link facebook", "Connect Facebook")
        assert "token" not in asked.text.lower(), "no paste path where sign-in is configured"
        url = connect_url(asked)
        assert url.startswith("http://127.0.0.1:")
        assert "/connect/meta/start?ticket=" in url

        browser = requests.Session()
        mark = fake.mark()
        done = consent(browser, url, "allow")
        assert done.status_code == 200, done.text
        assert "Go back to Telegram" in done.text
        assert "tg://resolve?domain=" in done.text
        assert done.headers["Cache-Control"] == "no-store"
        offered = fake.wait_for_reply(USER, mark, 30, containing="Which should I link?")
        labels = [b["text"] for b in offered.buttons]
        assert labels == [
            "Alice Bakes · Facebook",
            "alice.bakes · Instagram",  # each page's Instagram account after it
            "Alice Breads · Facebook",
            "Link all",
        ]
        linked = press(fake, offered, "Link all", "Linked 3 channels.")
        assert "Alice Bakes · Facebook" in linked.text
        assert "Alice Breads · Facebook" in linked.text
        assert "Instagram" in linked.text
        listing = say(fake, "/channels", "Your channels").text
        assert listing.count("✓ verified") == 3, listing

        # the same callback again (a replay): refused, and nothing changes
        again = browser.get(done.url, timeout=10)
        assert again.status_code == 400
        assert "used already" in again.text
        assert providers.exchanged.count(done.url.split("code=")[1].split("&")[0]) == 1
        assert say(fake, "/channels", "Your channels").text == listing

    log = (tmp_path / "bot.log").read_text()
    stored = b"".join(p.read_bytes() for p in tmp_path.glob("resonance.db*"))
    said = "\n".join(c.text for c in fake.calls if c.chat_id == USER)
    for secret in (
        SHORT_TOKEN,
        SIGNED_IN_TOKEN,
        FakePlatforms.PAGE_TOKEN,
        FakePlatforms.PAGE2_TOKEN,
        META_APP[1],
    ):
        assert secret not in log
        assert secret.encode() not in stored
        assert secret not in said
    assert "code=" not in log, "the callback's code is not logged either"


def test_declined_consent_and_a_foreign_browser_change_nothing(
    tmp_path: Path, fake_telegram: FakeTelegram, live_platforms: FakePlatforms
) -> None:
    fake = fake_telegram
    with signing_in(fake, live_platforms, tmp_path) as providers:
        mark = fake.mark()
        declined = consent(
            requests.Session(), connect_url(say(fake, "/link facebook", "Connect")), "cancel"
        )
        assert declined.status_code == 400
        assert "You cancelled the sign-in with Facebook" in declined.text
        told = fake.wait_for_reply(USER, mark, 30, containing="cancelled")
        assert "nothing was linked" in told.text

        # Mallory's browser starts the sign-in; the provider's answer is then opened in
        # another browser (a forwarded link): refused there, not spent
        url = connect_url(say(fake, "/link facebook", "Connect"))
        started = requests.Session()
        page = started.get(url, timeout=10)
        parser = _Links()
        parser.feed(page.text)
        answer = requests.get(
            urljoin(page.url, parser.links["allow"]), allow_redirects=False, timeout=10
        )
        callback = answer.headers["Location"]
        foreign = requests.get(callback, timeout=10)
        assert foreign.status_code == 400
        assert "started in another browser" in foreign.text
        assert providers.exchanged == [], "no code was exchanged for a foreign browser"

        # the start link itself is good once
        assert started.get(url, timeout=10).status_code == 400

        # a permission left unticked in Meta's dialog: said in plain words, nothing linked
        live_platforms.meta_granted = ["pages_show_list"]
        mark = fake.mark()
        missing = consent(
            requests.Session(), connect_url(say(fake, "/link facebook", "Connect")), "allow"
        )
        assert "pages_read_engagement" in missing.text
        told = fake.wait_for_reply(USER, mark, 30, containing="permission")
        assert "keep every permission ticked" in told.text
        assert "Which should I link?" not in "\n".join(fake.sent_texts(USER))
    db = sqlite3.connect(tmp_path / "resonance.db")
    assert db.execute("SELECT count(*) FROM channels").fetchone() == (0,)


def test_github_is_verified_by_the_device_flow_and_mastodon_by_its_server(
    tmp_path: Path, fake_telegram: FakeTelegram, live_platforms: FakePlatforms
) -> None:
    fake = fake_telegram
    with signing_in(fake, live_platforms, tmp_path) as providers:
        say(fake, "/link github jacquev6", "Linked")
        asked = say(fake, "/verify 1", "resonance-")
        code_shown = press(fake, asked, "Sign in with GitHub instead", "WDJB-MJHT")
        assert "https://github.com/login/device" in code_shown.text
        mark = fake.mark()
        done = fake.wait_for_reply(USER, mark - 1, 30, containing="you signed in with GitHub")
        assert "verified as yours" in done.text
        assert providers.polls >= 3, "asked until GitHub said yes"

        say(fake, f"/link {live_platforms.url}/@alice", "Linked")
        asked = say(fake, "/verify 2", "resonance-")
        url = next(b["url"] for b in asked.buttons if "Sign in with Mastodon" in b["text"])
        mark = fake.mark()
        page = consent(requests.Session(), url, "allow")
        assert page.status_code == 200
        fake.wait_for_reply(USER, mark, 30, containing="you signed in with Mastodon")
        assert providers.revoked == [MASTODON_TOKEN], "the token was given back at once"
        listing = say(fake, "/channels", "Your channels").text
        assert listing.count("✓ verified") == 2
    stored = b"".join(p.read_bytes() for p in tmp_path.glob("resonance.db*"))
    assert GITHUB_DEVICE_TOKEN.encode() not in stored
    assert MASTODON_TOKEN.encode() not in stored
    assert b"masto-secret" not in stored, "the server's app secret is sealed"


def test_a_threads_account_links_by_signing_in(
    tmp_path: Path, fake_telegram: FakeTelegram, live_platforms: FakePlatforms
) -> None:
    """Threads' page, the short-lived code exchanged on the server, then the 60-day token:
    the account is linked at once (one account: nothing to pick), its token sealed."""
    from pytest_httpserver import HTTPServer

    from tests.fakes.oauth import THREADS_APP, THREADS_LONG, THREADS_SHORT
    from tests.test_threads import FakeThreads

    fake = fake_telegram
    threads_server = HTTPServer(host="localhost", port=0, threaded=True)
    threads_server.start()
    try:
        threads = FakeThreads(threads_server)
        providers = FakeProviders(live_platforms)
        providers.serve_threads(threads_server, threads.valid)
        port = free_port()
        env = {
            **signin_env(live_platforms, port),
            "THREADS_APP_ID": THREADS_APP[0],
            "THREADS_APP_SECRET": THREADS_APP[1],
            "RESONANCE_THREADS_DIALOG": live_platforms.url + "/threads/dialog",
            "RESONANCE_THREADS_API": threads_server.url_for("/v1.0"),
            "RESONANCE_THREADS_AUTH_API": threads_server.url_for("").rstrip("/"),
        }
        with running_bot(fake, tmp_path, **env):
            fake.add_private_chat(USER)
            asked = say(fake, "/link threads", "Connect Threads")
            mark = fake.mark()
            page = consent(requests.Session(), connect_url(asked), "allow")
            assert page.status_code == 200, page.text
            linked = fake.wait_for_reply(USER, mark, 30, containing="Linked")
            assert "Ada · Threads" in linked.text
            assert "✓ verified" in say(fake, "/channels", "Your channels").text
    finally:
        threads_server.stop()
    stored = b"".join(p.read_bytes() for p in tmp_path.glob("resonance.db*"))
    log = (tmp_path / "bot.log").read_text()
    for secret in (THREADS_SHORT, THREADS_LONG, THREADS_APP[1]):
        assert secret.encode() not in stored
        assert secret not in log

"""The review's findings as a user or an attacker meets them: through the running bot (the
real ``resonance run`` process), the fake Bot API and the fake platforms over HTTP."""

from __future__ import annotations

import json
import re
import socket
import subprocess
import time
from pathlib import Path

import pytest
from werkzeug.wrappers import Request, Response

from tests.bot_process import running_bot
from tests.conftest import TOKEN, offline_env, resonance_command
from tests.fakes.platforms import FakePlatforms, fixture_json
from tests.fakes.telegram_server import Call, FakeTelegram
from tests.test_signin import free_port

pytestmark = pytest.mark.e2e  # each test starts the real resonance process

ALICE, MALLORY = 5101, 5102
ENV = {"RESONANCE_ALLOW_PRIVATE_NETWORK": "1"}
CODE = re.compile(r"resonance-[0-9a-f]{8}")


def _say(fake: FakeTelegram, user: int, text: str, containing: str) -> Call:
    mark = fake.mark()
    fake.send_message(text, user_id=user)
    return fake.wait_for_reply(
        user, mark, 30, methods=("sendMessage", "editMessageText"), containing=containing
    )


def _check(fake: FakeTelegram, user: int, asked: Call) -> Call:
    """Press the "check now" button under ``asked``; the edit it brings."""
    mark = fake.mark()
    message = fake.message(user, int(asked.params.get("message_id") or asked.message["message_id"]))
    fake.press_button(message, asked.buttons[0]["callback_data"], user_id=user)
    return fake.wait_for_reply(user, mark, 30, methods=("editMessageText",))


def _feed(site: str, title: str = "Hello") -> Response:
    body = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Notes</title><link href="{site}"/>
<id>urn:notes</id><updated>2030-01-01T00:00:00Z</updated>
<entry><id>urn:notes:1</id><title>{title}</title><updated>2030-01-01T00:00:00Z</updated>
<link href="{site}hello/"/></entry></feed>"""
    return Response(body, 200, mimetype="application/atom+xml")


def _mastodon_profile(platforms: FakePlatforms, site: str, note: str = "") -> None:
    account = fixture_json("mastodon/account_lookup.json")
    field = {
        "name": "Site",
        "value": f'<a href="{site}" rel="me nofollow noopener">{site}</a>',
        "verified_at": "2026-11-01T00:00:00.000+00:00",
    }
    account.update(url=f"{platforms.url}/@alice", fields=[field], note=f"<p>{note}</p>")
    body = json.dumps(account)
    platforms.override(
        "/api/v1/accounts/109302",
        lambda request: Response(body, 200, mimetype="application/json"),
    )


def test_a_feed_naming_the_victims_site_does_not_take_over_her_mastodon(
    tmp_path: Path, fake_telegram: FakeTelegram, live_platforms: FakePlatforms
) -> None:
    """Mallory links a feed of his own whose <link> names Alice's site, proves the feed, links
    Alice's Mastodon (which links her site, rel=me verified) and presses check: not his.
    Alice then verifies her own account with a code and is not told someone else owns it."""
    fake, platforms = fake_telegram, live_platforms
    victim = "https://alice.example/"
    feed: dict[str, str] = {"title": "Hello"}

    def serve(request: Request) -> Response:
        return _feed(victim, feed["title"])

    platforms.override("/mallory/feed.xml", serve)
    _mastodon_profile(platforms, victim)
    with running_bot(fake, tmp_path, **ENV):
        for user in (ALICE, MALLORY):
            fake.add_private_chat(user)
        _say(fake, MALLORY, f"/link blog {platforms.url}/mallory/feed.xml", "Linked")
        asked = _say(fake, MALLORY, "/verify 1", "resonance-")
        code = CODE.search(asked.text)
        assert code is not None
        feed["title"] = code.group(0)
        assert "verified as yours" in _check(fake, MALLORY, asked).text

        _say(fake, MALLORY, f"/link {platforms.url}/@alice", "Linked")
        asked = _say(fake, MALLORY, "/verify 2", "resonance-")
        assert "verified as yours" not in _check(fake, MALLORY, asked).text

        _say(fake, ALICE, f"/link {platforms.url}/@alice", "Linked")
        asked = _say(fake, ALICE, "/verify 1", "resonance-")
        code = CODE.search(asked.text)
        assert code is not None
        _mastodon_profile(platforms, victim, note=code.group(0))
        assert "is verified as yours" in _check(fake, ALICE, asked).text


def test_a_token_sent_with_link_github_is_deleted_and_never_echoed(
    tmp_path: Path, fake_telegram: FakeTelegram
) -> None:
    token = "EAAGm0PX4ZCpsBAEchoedTokenFromTheReview0123456789abcdXYZ"
    with running_bot(fake_telegram, tmp_path):
        fake_telegram.add_private_chat(ALICE)
        answer = _say(fake_telegram, ALICE, f"/link github {token}", "kept nothing")
        assert fake_telegram.calls_of("deleteMessage", ALICE)
        assert not fake_telegram.chat_holds(ALICE, token[:12])
        assert "deleted your message" in answer.text
        said = [c.text for c in fake_telegram.calls if c.chat_id == ALICE]
        assert not any(token[:12] in text or token[-12:] in text for text in said)
    assert token not in (tmp_path / "bot.log").read_text()


def test_the_webhook_refuses_a_large_body_before_reading_it(
    tmp_path: Path, fake_telegram: FakeTelegram
) -> None:
    """The webhook read up to 100 MB of an unauthenticated body before checking the secret.
    Now a body declared over 1 MB is refused at once (nothing of it read), and so is one
    without the secret: the answer comes while the body is still being sent."""
    port = free_port()
    url = f"http://127.0.0.1:{port}/telegram"
    command = [*resonance_command(), "run", "--webhook-url", url, "--port", str(port)]
    env = offline_env(
        tmp_path, TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_API_BASE_URL=fake_telegram.base_url
    )
    with (tmp_path / "hook.log").open("w") as log:
        bot = subprocess.Popen(command, env=env, cwd=tmp_path, stdout=log, stderr=log)
        try:
            fake_telegram.wait_for(lambda c: c.method == "setWebhook", timeout=30)
            for headers in (
                b"X-Telegram-Bot-Api-Secret-Token: wrong\r\nContent-Length: 104857600\r\n",
                b"Content-Length: 2000000\r\n",
            ):
                with _connected(port) as sock:
                    sock.sendall(b"POST /telegram HTTP/1.1\r\nHost: x\r\n" + headers + b"\r\n")
                    sock.sendall(b"x" * 1024)  # a sliver of the promised body, then nothing
                    answer = sock.recv(200)
                assert answer.startswith((b"HTTP/1.1 413", b"HTTP/1.1 403")), answer
        finally:
            bot.terminate()
            assert bot.wait(timeout=20) == 0


def _connected(port: int) -> socket.socket:
    deadline = time.monotonic() + 10
    while True:
        try:
            return socket.create_connection(("127.0.0.1", port), timeout=5)
        except OSError:
            assert time.monotonic() < deadline, "the web server never listened"
            time.sleep(0.1)

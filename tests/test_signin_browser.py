"""The Connect button followed in a real browser (headless chromium): through the fake
consent page to the bot's callback, after which the chat offers the pages; a second run
declines consent; a third replays an old answer. Screenshots land in ``artifacts/``."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser import chromium, screenshot
from tests.fakes.platforms import FakePlatforms
from tests.fakes.telegram_server import FakeTelegram
from tests.test_signin import USER, connect_url, say, signing_in

pytestmark = pytest.mark.e2e  # starts the real resonance process and a browser

GERMAN = USER + 1


def test_connect_facebook_in_a_real_browser(
    tmp_path: Path, fake_telegram: FakeTelegram, live_platforms: FakePlatforms
) -> None:
    from selenium.webdriver.common.by import By

    fake = fake_telegram
    with signing_in(fake, live_platforms, tmp_path), chromium() as browser:
        url = connect_url(say(fake, "/link facebook", "Connect Facebook"))
        mark = fake.mark()
        browser.get(url)  # type: ignore[attr-defined]
        screenshot(browser, "signin-consent")
        browser.find_element(By.ID, "allow").click()  # type: ignore[attr-defined]
        message = browser.find_element(By.ID, "message").text  # type: ignore[attr-defined]
        assert "Go back to Telegram" in message
        answered = browser.current_url  # type: ignore[attr-defined]
        assert "/connect/meta/callback" in answered
        screenshot(browser, "signin-done-en")
        offered = fake.wait_for_reply(USER, mark, 30, containing="Which should I link?")
        assert [b["text"] for b in offered.buttons][-1] == "Link all"

        # the same answer once more (a reload, or someone who saw the URL): refused
        browser.refresh()  # type: ignore[attr-defined]
        assert "used already" in browser.find_element(By.ID, "message").text  # type: ignore[attr-defined]
        screenshot(browser, "signin-replayed")

        # a second sign-in, declined at the provider, by someone who speaks German
        fake.add_private_chat(GERMAN)
        url = connect_url(say(fake, "/link facebook", "Facebook", language="de", user=GERMAN))
        mark = fake.mark()
        browser.get(url)  # type: ignore[attr-defined]
        browser.find_element(By.ID, "cancel").click()  # type: ignore[attr-defined]
        message = browser.find_element(By.ID, "message").text  # type: ignore[attr-defined]
        assert "abgebrochen" in message, message
        screenshot(browser, "signin-declined-de")
        told = fake.wait_for_reply(GERMAN, mark, 30, containing="abgebrochen")
        assert "nichts verknüpft" in told.text

"""The dashboard, the card and the public profile (issue 29), through the real bot process: its
web server on 127.0.0.1, a real headless chromium for the pages, initData signed here with the
bot token as Telegram signs it."""

from __future__ import annotations

import json
import re
import sqlite3
import struct
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from urllib.parse import quote

import pytest
import requests
from babel.dates import format_date

from bot.web.init_data import sign
from storage.clock import to_db
from tests.bot_process import running_bot
from tests.browser import chromium, screenshot
from tests.conftest import TOKEN
from tests.fakes.platforms import FakePlatforms
from tests.fakes.telegram_server import Call, FakeTelegram
from tests.test_signin import free_port

pytestmark = pytest.mark.e2e
USER = 7_306_184_225  # a real id's length: a short one turned up inside a timestamp
LIGHT = {"bg_color": "#ffffff", "text_color": "#000000", "hint_color": "#707579",
         "link_color": "#3390ec", "secondary_bg_color": "#f4f4f5"}  # fmt: skip
DARK = {"bg_color": "#212121", "text_color": "#ffffff", "hint_color": "#aaaaaa",
        "link_color": "#8774e1", "secondary_bg_color": "#181818"}  # fmt: skip


def init_data(user: int = USER, *, token: str = TOKEN, age: float = 0, language: str = "en") -> str:
    person = {"id": user, "first_name": "Alice", "language_code": language}
    fields = {
        "auth_date": str(int(time.time() - age)),
        "query_id": "AAHdF6IQAAAAAN0XohDhrOrc",
        "user": json.dumps(person, separators=(",", ":")),
    }
    return sign(fields, token)


def _env(platforms: FakePlatforms, port: int) -> dict[str, str]:
    return {
        "RESONANCE_PUBLIC_URL": f"http://127.0.0.1:{port}",
        "RESONANCE_WEB_PORT": str(port),
        "RESONANCE_ALLOW_PRIVATE_NETWORK": "1",
        "RESONANCE_BLUESKY_API": platforms.url,
    }


def _ask(fake: FakeTelegram, text: str, language: str, needle: str | None = None) -> Call:
    mark = fake.mark()
    fake.send_message(text, user_id=USER, first_name="Alice", language_code=language)
    if needle is None:
        return fake.wait_for_reply(USER, after=mark)
    return fake.wait_for_reply(
        USER, mark, 30, methods=("sendMessage", "editMessageText"), containing=needle
    )


def _link_two(fake: FakeTelegram, platforms: FakePlatforms, language: str) -> None:
    done = "/channels shows all" if language == "en" else "/channels zeigt alle"
    for command in (f"/link {platforms.url}/@alice", "/link bluesky alice.bsky.social"):
        _ask(fake, command, language, done)


def _api(port: int, init: str) -> requests.Response:
    return requests.get(
        f"http://127.0.0.1:{port}/api/dashboard",
        headers={"Authorization": f"tma {init}"},
        timeout=10,
    )


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def _wait(browser: object, css: str, seconds: float = 10.0) -> object:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(browser, seconds).until(  # type: ignore[arg-type]
        ec.presence_of_element_located((By.CSS_SELECTOR, css))
    )


def _answered(browser: object, seconds: float = 10.0) -> str:
    """The page's status line once the API has answered (it says "…" while waiting)."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    def said(driver: object) -> str | None:
        text = str(driver.find_element(By.ID, "status").text)  # type: ignore[attr-defined]
        return text if text and text != "…" else None

    from selenium.common.exceptions import StaleElementReferenceException

    # the page replaces its status line when the answer comes: look again if it went meanwhile
    waiting = WebDriverWait(browser, seconds, ignored_exceptions=(StaleElementReferenceException,))  # type: ignore[arg-type]
    return str(waiting.until(said))


def _no_overflow(browser: object) -> None:
    wide = browser.execute_script(  # type: ignore[attr-defined]
        "return [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert wide[0] <= wide[1], f"the page is wider than the phone: {wide}"
    clipped = browser.execute_script(  # type: ignore[attr-defined]
        "return Array.from(document.querySelectorAll('main *')).filter(e => "
        "e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflow === 'hidden'"
        " && e.tagName !== 'DIV').length"
    )
    assert clipped == 0, "no text is clipped"


@pytest.mark.parametrize("language", ["en", "de"])
def test_the_dashboard_shows_the_users_own_score_and_nothing_to_anyone_else(
    tmp_path: Path, fake_telegram: FakeTelegram, live_platforms: FakePlatforms, language: str
) -> None:
    from selenium.webdriver.common.by import By

    port = free_port()
    public = f"http://127.0.0.1:{port}"
    with running_bot(fake_telegram, tmp_path, **_env(live_platforms, port)):
        fake_telegram.wait_for(lambda c: c.method == "setChatMenuButton")
        assert fake_telegram.menu_button["web_app"]["url"] == f"{public}/app"
        _link_two(fake_telegram, live_platforms, language)
        with sqlite3.connect(tmp_path / "resonance.db", timeout=10) as db:  # 100 a week ago
            db.execute(
                "INSERT INTO snapshots (channel_id, taken_at, followers, following, posts_count, "
                "extra) SELECT id, ?, 100, 0, 0, '{}' FROM channels WHERE platform = 'mastodon'",
                [to_db(datetime.now(UTC) - timedelta(days=8))],
            )
            for back in (10, 3):  # scores of days before, with days between without one
                db.execute(
                    "INSERT INTO scores (user_id, computed_at, score, formula_version, "
                    "breakdown) SELECT user_id, ?, score, formula_version, breakdown FROM scores "
                    "ORDER BY computed_at LIMIT 1",
                    [to_db(datetime.now(UTC) - timedelta(days=back))],
                )
        db.close()
        shown = _ask(fake_telegram, "/score", language)
        value = re.search(r"<b>[^<]*?(\d+[.,]\d)", shown.text)
        assert value is not None
        buttons = [b for b in shown.buttons if "web_app" in b]
        assert [b["web_app"]["url"] for b in buttons] == [f"{public}/app"]

        answer = _api(port, init_data(language=language))
        assert answer.status_code == 200
        data = answer.json()
        assert data["score"]["text"] == value.group(1), "the dashboard agrees with /score"
        assert answer.headers["Cache-Control"] == "no-store"

        for dark in (False, True):
            theme = quote(json.dumps(DARK if dark else LIGHT))
            url = f"{public}/app#tgWebAppData={quote(init_data(language=language))}" \
                  f"&tgWebAppVersion=7.10&tgWebAppThemeParams={theme}"  # fmt: skip
            with chromium(dark=dark) as browser:
                browser.get(url)  # type: ignore[attr-defined]
                score = _wait(browser, "#score .value")
                assert score.text == value.group(1)  # type: ignore[attr-defined]
                days = browser.find_elements(By.CSS_SELECTOR, "svg.history rect.day")  # type: ignore[attr-defined]
                assert len(days) == len(data["history"]) == 3
                # each day where it falls: 10 and 3 days back, and today at the right edge
                xs = [float(d.get_attribute("x")) for d in days]
                step = float(days[0].get_attribute("width"))
                assert [round((xs[-1] - x) / step, 3) for x in xs] == [10, 3, 0]
                days[0].click()
                picked = browser.find_element(By.ID, "day").text  # type: ignore[attr-defined]
                assert ("formula" if language == "en" else "Formel") in picked
                day = format_date(date.fromisoformat(data["history"][0]["day"]), "medium",
                                  locale=language)  # fmt: skip
                assert day in picked, "the day tapped, written as the language writes dates"
                channels = browser.find_element(By.ID, "channels").text  # type: ignore[attr-defined]
                assert "Mastodon" in channels
                assert "Bluesky" in channels
                jump = "followers 100 → 1,250" if language == "en" else "Follower 100 → 1.250"
                assert jump in channels, "the week's follower jump, as /channels says it"
                tips = browser.find_element(By.ID, "tips").text  # type: ignore[attr-defined]
                assert "+" in tips, "the tips keep their what-if numbers"
                _no_overflow(browser)
                screenshot(browser, f"dashboard-{language}-{'dark' if dark else 'light'}")
                if not dark:  # a setting changed on the page is the user's, stored at once
                    from selenium.webdriver.support.ui import Select

                    picker = browser.find_element(By.CSS_SELECTOR, "select[name=digest_day]")  # type: ignore[attr-defined]
                    browser.execute_script("arguments[0].scrollIntoView()", picker)  # type: ignore[attr-defined]
                    Select(picker).select_by_value("4")
                    saved = "Saved." if language == "en" else "Gespeichert."
                    _wait(browser, "#saved")
                    from selenium.webdriver.support.ui import WebDriverWait

                    WebDriverWait(browser, 10).until(  # type: ignore[arg-type]
                        lambda d, said=saved: d.find_element(By.ID, "saved").text == said
                    )
                    friday = "Friday" if language == "en" else "Freitag"
                    assert friday in browser.find_element(By.ID, "settings").text  # type: ignore[attr-defined]
                    assert _api(port, init_data()).json()["form"]["values"]["digest_day"] == 4
                    # the weekly digest can be turned off here too (it came to everyone)
                    digest = browser.find_element(By.CSS_SELECTOR, "input[name=digest]")  # type: ignore[attr-defined]
                    assert digest.is_selected(), "on until turned off"
                    browser.execute_script("arguments[0].click()", digest)  # type: ignore[attr-defined]
                    off = "Weekly digest: off" if language == "en" else "Wochenbericht: aus"
                    WebDriverWait(browser, 10).until(  # type: ignore[arg-type]
                        lambda d, said=off: said in d.find_element(By.ID, "settings").text
                    )
                    assert _api(port, init_data()).json()["form"]["values"]["digest"] is False
                    screenshot(browser, f"dashboard-{language}-settings")

        for name, forged in (
            ("forged", init_data(language=language)[:-3] + "abc"),
            ("expired", init_data(age=2 * 86400)),
            ("foreign", init_data(token="987654321:AAother-bots-token_000000000000000")),
        ):
            assert _api(port, forged).status_code == 401, name
            with chromium() as browser:
                browser.get(f"{public}/app#tgWebAppData={quote(forged)}")  # type: ignore[attr-defined]
                text = _answered(browser)
                assert "Telegram" in text, name
                if name == "forged":  # said in the language the data claims (only words)
                    assert ("Open this page" in text) == (language == "en"), text
                page = browser.page_source  # type: ignore[attr-defined]
                assert "Mastodon" not in page
                assert value.group(1) not in page
                if name == "forged":
                    screenshot(browser, f"dashboard-refused-{language}")
        for bad in ({"name": "digest_day", "value": 9}, {"name": "digest_day", "value": True},
                    {"name": "language", "value": "xx"}, {"name": "focus_only", "value": 1},
                    {"name": "timezone", "value": "Mars/Olympus"}, {"value": 1}, [],
                    {"name": "digest", "value": 1}, {"name": "digest", "value": "off"}):  # fmt: skip
            refused = requests.post(f"{public}/api/settings", json=bad, timeout=10,
                                    headers={"Authorization": f"tma {init_data()}"})  # fmt: skip
            assert refused.status_code == 400, bad
        forged_post = requests.post(f"{public}/api/settings", json={"name": "share", "value": True},
                                    headers={"Authorization": "tma hash=0"}, timeout=10)  # fmt: skip
        assert forged_post.status_code == 401
        assert _api(port, init_data()).json()["form"]["values"]["share"] is False, "unchanged"
        assert _api(port, "").status_code == 401
        assert _api(port, init_data(user=999_999)).status_code == 403, "signed, but nobody here"
        mark = fake_telegram.mark()
        fake_telegram.send_message("/start", user_id=6262, first_name="Bo", language_code="de")
        fake_telegram.wait_for_reply(6262, after=mark)
        empty = _api(port, init_data(user=6262)).json()
        assert empty["empty"] is True
        assert empty["labels"]["empty"].startswith("Noch keine Kanäle"), "in Bo's language"
        statuses = {_api(port, init_data(language=language)).status_code for _ in range(35)}
        assert statuses == {200, 429}, "30 calls a minute per user, then politely refused"
        assert "/share profile" in _ask(fake_telegram, "/help", language).text


def _profile_url(text: str) -> str:
    found = re.search(r"(http://127\.0\.0\.1:\d+/p/[A-Za-z0-9_-]+)", text)
    assert found is not None, text
    return found.group(1)


def _private(body: bytes) -> list[str]:
    """What must never be on a public page or card: the token, the user's and chat's id."""
    secrets = (TOKEN, TOKEN.split(":")[1], str(USER))
    return [
        s
        for s in secrets
        if re.search(rb"(?<![0-9])" + re.escape(s.encode()) + rb"(?![0-9])", body)
    ]


def test_a_public_profile_is_opt_in_moves_and_goes_at_once(
    tmp_path: Path, fake_telegram: FakeTelegram, live_platforms: FakePlatforms
) -> None:
    port = free_port()
    with running_bot(fake_telegram, tmp_path, **_env(live_platforms, port)):
        _link_two(fake_telegram, live_platforms, "en")
        on = _ask(fake_telegram, "/share profile on", "en", "Your public profile")
        url = _profile_url(on.text)
        assert len(url.rsplit("/", 1)[1]) >= 22, "128 random bits: not guessable"
        assert {b["text"] for b in on.buttons} >= {"New address", "Turn off"}
        page = requests.get(url, timeout=10)
        assert page.status_code == 200
        assert page.headers["X-Robots-Tag"] == "noindex, nofollow"
        assert '<meta name="robots" content="noindex, nofollow">' in page.text
        assert "max-age=300" in page.headers["Cache-Control"]
        assert "Mastodon" not in page.text, "an unverified channel is absent by default"
        assert "No channel is shown here yet." in page.text
        today = datetime.now(UTC)
        assert f"computed {today:%b} {today.day}, {today.year} by formula" in page.text
        score = _ask(fake_telegram, "/score", "en").text
        shown = re.search(r"(\d+\.\d)", score)
        assert shown is not None
        assert f'id="score">{shown.group(1)}<' in page.text

        card_url = re.search(r'og:image" content="([^"]+)"', page.text)
        assert card_url is not None
        card = requests.get(card_url.group(1), timeout=30)
        assert card.status_code == 200
        assert _png_size(card.content) == (1200, 630)
        assert "immutable" in card.headers["Cache-Control"]
        assert _private(page.content) == []
        assert _private(card.content) == []

        everything = _ask(fake_telegram, "/share profile all", "en", "shown too, marked")
        assert _profile_url(everything.text) == url, "options keep the address"
        page = requests.get(url, timeout=10).text
        assert "Alice &lt;Dev&gt; &amp; Co · Mastodon" in page, "escaped, and shown when asked"
        new_card = re.search(r'og:image" content="([^"]+)"', page)
        assert new_card is not None
        assert new_card.group(1) != card_url.group(1), "other channels: another card address"
        assert requests.get(card_url.group(1), timeout=10).status_code == 404
        assert page.count("not verified") == 2, "each marked"
        with chromium() as browser:
            browser.get(url)  # type: ignore[attr-defined]
            _wait(browser, "#channels")
            _no_overflow(browser)
            screenshot(browser, "profile-en")
        with chromium(language="de", dark=True) as browser:  # the visitor's language
            browser.get(url)  # type: ignore[attr-defined]
            _wait(browser, "#channels")
            _no_overflow(browser)
            german = browser.find_element("tag name", "body").text  # type: ignore[attr-defined]
            assert f"berechnet am {today:%d.%m.%Y} mit Formel" in german, german
            screenshot(browser, "profile-de-dark")

        findable = _ask(fake_telegram, "/share profile findable", "en", "may list it")
        assert findable.text
        listed = requests.get(url, timeout=10)
        assert "X-Robots-Tag" not in listed.headers
        assert 'name="robots"' not in listed.text

        moved = _ask(fake_telegram, "/share profile new", "en", "new address")
        new_url = _profile_url(moved.text)
        assert new_url != url
        assert requests.get(url, timeout=10).status_code == 404, "the old address 404s at once"
        assert requests.get(new_url, timeout=10).status_code == 200
        assert requests.get(new_url + "x", timeout=10).status_code == 404

        _ask(fake_telegram, "/share profile off", "en", "is gone")
        assert requests.get(new_url, timeout=10).status_code == 404
        assert requests.get(card_url.group(1), timeout=10).status_code == 404

        mark = fake_telegram.mark()
        fake_telegram.send_message("/card", user_id=USER, first_name="Alice", language_code="en")
        photo = fake_telegram.wait_for_reply(USER, mark, 30, methods=("sendPhoto",))
        image = next(iter(photo.files.values()))
        assert _png_size(image) == (1200, 630)
        assert _private(image) == []
        (tmp_path / "card.png").write_bytes(image)
        artifacts = Path(__file__).resolve().parent.parent / "artifacts"
        artifacts.mkdir(exist_ok=True)
        (artifacts / "card-en.png").write_bytes(image)
        _ask(fake_telegram, "/settings language Deutsch", "en", "Deutsch")
        mark = fake_telegram.mark()
        fake_telegram.send_message("/card", user_id=USER, first_name="Alice", language_code="de")
        photo = fake_telegram.wait_for_reply(USER, mark, 30, methods=("sendPhoto",))
        (artifacts / "card-de.png").write_bytes(next(iter(photo.files.values())))


def test_without_a_public_address_there_is_no_dashboard_and_no_profile(
    tmp_path: Path, fake_telegram: FakeTelegram, live_platforms: FakePlatforms
) -> None:
    env = {"RESONANCE_ALLOW_PRIVATE_NETWORK": "1", "RESONANCE_BLUESKY_API": live_platforms.url}
    with running_bot(fake_telegram, tmp_path, **env):
        _link_two(fake_telegram, live_platforms, "en")
        score = _ask(fake_telegram, "/score", "en")
        assert not [b for b in score.buttons if "web_app" in b], "no dashboard button"
        asked = _ask(fake_telegram, "/share profile on", "en").text
        assert "/p/" not in asked
        assert "Public profiles are not available on this Resonance" in asked, (
            "asked for by name: said plainly, not answered with the usage of /share on"
        )
        assert fake_telegram.menu_button is None
        assert "profile" not in _ask(fake_telegram, "/help", "en").text

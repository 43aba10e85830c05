"""End to end: Facebook Pages and Instagram linked with users' tokens through the running bot,
and the credential rules: deleted on receipt, encrypted at rest, never logged or exported,
an expired token shown with its fix, refused without a key, gone after /unlink and /forget."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

from scoring.channel_data import Account
from storage import open_db
from storage.channels import add_channel
from storage.users import register_user
from storage.vault import SealBroken, Vault
from tests.bot_process import running_bot
from tests.conftest import offline_env, run_resonance
from tests.fakes.platforms import FakePlatforms
from tests.fakes.telegram_server import Call, FakeTelegram

pytestmark = pytest.mark.e2e  # each test starts the real resonance process

USER = 4343
KEY = Fernet.generate_key().decode()
NOW = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)
RENEWED_TOKEN = "EAAGm0PX4ZCpsBARenewedPageTokenForTheFake0123456789abcdXYZ"
STRAY_TOKEN = "IGQVJStrayInstagramTokenNobodyAskedFor0123456789abcdefXYZ"


def _env(platforms: FakePlatforms, **extra: str) -> dict[str, str]:
    return {"RESONANCE_GRAPH_API": platforms.url + "/graph", **extra}


def _say(fake: FakeTelegram, text: str) -> int:
    mark = fake.mark()
    fake.send_message(text, user_id=USER, first_name="Alice", language_code="en")
    return mark


def _sent(fake: FakeTelegram, after: int, needle: str, timeout: float = 30) -> Call:
    """The first message sent or edited to USER after ``after`` that contains ``needle``."""
    return fake.wait_for(
        lambda c: (
            c.method in ("sendMessage", "editMessageText")
            and c.chat_id == USER
            and fake.calls.index(c) >= after
            and needle in c.text
        ),
        timeout=timeout,
    )


def _deleted_before(fake: FakeTelegram, after: int, call: Call) -> None:
    deletes = [c for c in fake.calls_of("deleteMessage", USER) if fake.calls.index(c) >= after]
    assert deletes, "the message with the token was deleted"
    assert fake.calls.index(deletes[0]) < fake.calls.index(call), "deleted before anything else"


def test_pages_and_instagram_link_with_tokens_kept_safe(
    tmp_path: Path, fake_telegram: FakeTelegram, live_platforms: FakePlatforms
) -> None:
    fake = fake_telegram
    with running_bot(fake, tmp_path, **_env(live_platforms, RESONANCE_SECRET_KEY=KEY)):
        # asked for, then sent on its own: the message is deleted before the lookup starts
        mark = _say(fake, "/link facebook https://www.facebook.com/alicebakes")
        asked = _sent(fake, mark, "I need an access token")
        assert "pages_read_engagement" in asked.text
        mark = _say(fake, FakePlatforms.PAGE_TOKEN)
        notice = _sent(fake, mark, "I deleted your message with the token")
        linked = _sent(fake, mark, "· Facebook</b>")
        assert linked.text.startswith(
            "Linked <b>Alice Bakes · Facebook</b>: 5,120 followers, 3 posts"
        )
        _deleted_before(fake, mark, notice)
        assert not fake.chat_holds(USER, FakePlatforms.PAGE_TOKEN)

        # a second page, token in the command itself
        mark = _say(fake, f"/link facebook alicebreads {FakePlatforms.PAGE_TOKEN}")
        linked = _sent(fake, mark, "· Facebook</b>")
        assert "<b>Alice Breads · Facebook</b>" in linked.text
        _deleted_before(fake, mark, _sent(fake, mark, "Looking up"))

        mark = _say(fake, "/link instagram @alice.bakes")
        _sent(fake, mark, "instagram_basic")
        mark = _say(fake, FakePlatforms.USER_TOKEN)
        linked = _sent(fake, mark, "· Instagram</b>")
        assert linked.text.startswith("Linked <b>Alice Bakes · Instagram</b>: 267,793 followers")

        mark = _say(fake, "/score")
        score = _sent(fake, mark, "score")
        assert score.text.count("Facebook") == 2
        assert "Instagram" in score.text

        # a token nobody asked for is deleted too
        mark = _say(fake, STRAY_TOKEN)
        _sent(fake, mark, "That looked like an access token, so I deleted your message")
        assert not fake.chat_holds(USER, STRAY_TOKEN)

        # the first page's token expires: the channel says so and how to fix it
        live_platforms.expire(FakePlatforms.PAGE_TOKEN)
        mark = _say(fake, "/refresh")
        done = _sent(fake, mark, "could not be read")
        assert done.text.count("✗ the access token stopped working") == 2, done.text
        mark = _say(fake, "/channels")
        listing = _sent(fake, mark, "Your channels")
        assert listing.text.count("access token stopped working") == 2, listing.text
        assert "/link" in listing.text

        live_platforms.graph_tokens[RENEWED_TOKEN] = "page"
        mark = _say(fake, f"/link facebook alicebakes {RENEWED_TOKEN}")
        renewed = _sent(fake, mark, "Renewed the access token of <b>Alice Bakes · Facebook</b>")
        assert "3 posts" in renewed.text

        mark = _say(fake, "/export")
        _sent(fake, mark, "everything I store")
        files = fake.documents_sent(USER, mark)
        exported = b"".join(files.values())
        data = json.loads(files["resonance.json"])
        assert len(data["channels"]) == 3
        for token in (FakePlatforms.PAGE_TOKEN, FakePlatforms.USER_TOKEN, RENEWED_TOKEN):
            assert token.encode() not in exported
        assert b"credentials" not in exported
        assert b"gAAAAA" not in exported, "not even the encrypted form"

    files = b"".join(p.read_bytes() for p in tmp_path.glob("resonance.db*"))
    log = (tmp_path / "bot.log").read_text()
    assert "DEBUG" in log, "the bot logged at its most verbose"
    for token in (FakePlatforms.PAGE_TOKEN, FakePlatforms.USER_TOKEN, RENEWED_TOKEN, STRAY_TOKEN):
        assert token not in log
        assert token.encode() not in files
    db = sqlite3.connect(tmp_path / "resonance.db")
    rows = db.execute("SELECT handle, credentials FROM channels ORDER BY id").fetchall()
    vault = Vault(KEY)
    assert [(handle, vault.open(sealed)) for handle, sealed in rows] == [
        ("alicebakes", RENEWED_TOKEN),
        ("alicebreads", FakePlatforms.PAGE_TOKEN),
        ("alice.bakes", FakePlatforms.USER_TOKEN),
    ]
    status = dict(db.execute("SELECT handle, status FROM channels"))
    assert status == {"alicebakes": "ok", "alicebreads": "error", "alice.bakes": "ok"}


def test_unlink_and_forget_delete_the_tokens(
    tmp_path: Path, fake_telegram: FakeTelegram, live_platforms: FakePlatforms
) -> None:
    fake = fake_telegram
    with running_bot(fake, tmp_path, **_env(live_platforms, RESONANCE_SECRET_KEY=KEY)):
        mark = _say(fake, f"/link facebook alicebakes {FakePlatforms.PAGE_TOKEN}")
        _sent(fake, mark, "· Facebook</b>")
        mark = _say(fake, f"/link instagram 17841405309211844 {FakePlatforms.USER_TOKEN}")
        _sent(fake, mark, "· Instagram</b>")

        mark = _say(fake, "/unlink")
        chooser = _sent(fake, mark, "remove")
        button = next(b for b in chooser.buttons if "Facebook" in b["text"])
        mark = fake.mark()
        fake.press_button(chooser.message, button["callback_data"])
        confirm = _sent(fake, mark, "Remove")
        mark = fake.mark()
        fake.press_button(confirm.message, confirm.buttons[0]["callback_data"])
        _sent(fake, mark, "Removed")
        db = sqlite3.connect(tmp_path / "resonance.db")
        assert db.execute("SELECT platform FROM channels").fetchall() == [("instagram",)]
        db.close()

        mark = _say(fake, "/forget")
        confirm = _sent(fake, mark, "cannot be undone")
        mark = fake.mark()
        fake.press_button(confirm.message, confirm.buttons[0]["callback_data"])
        _sent(fake, mark, "everything about you is deleted")

    db = sqlite3.connect(tmp_path / "resonance.db")
    assert db.execute("SELECT count(*) FROM channels").fetchone()[0] == 0
    files = b"".join(p.read_bytes() for p in tmp_path.glob("resonance.db*"))
    assert FakePlatforms.USER_TOKEN.encode() not in files


def test_without_a_secret_key_token_platforms_are_refused_and_the_token_still_deleted(
    tmp_path: Path, fake_telegram: FakeTelegram, live_platforms: FakePlatforms
) -> None:
    fake = fake_telegram
    with running_bot(fake, tmp_path, **_env(live_platforms)):
        mark = _say(fake, "/link facebook alicebakes")
        refused = _sent(fake, mark, "cannot be linked on this Resonance yet")
        assert "Nothing was stored" in refused.text

        mark = _say(fake, f"/link instagram alice.bakes {FakePlatforms.USER_TOKEN}")
        _sent(fake, mark, "cannot be linked on this Resonance yet")
        assert not fake.chat_holds(USER, FakePlatforms.USER_TOKEN)

        mark = _say(fake, "/link")
        menu = _sent(fake, mark, "Which platform")
        offered = [b["callback_data"] for b in menu.buttons]
        assert "link:instagram" not in offered, "a platform that cannot be linked is not offered"
        mark = fake.mark()
        fake.press_button(menu.message, "link:instagram")  # an old or forged button
        _sent(fake, mark, "cannot be linked on this Resonance yet")

        group = -5050  # a token pasted into a group is deleted there too
        mark = fake.mark()
        fake.send_message(
            f"/link facebook alicebakes {FakePlatforms.PAGE_TOKEN}",
            user_id=USER,
            chat_id=group,
            chat_type="group",
        )
        fake.wait_for(
            lambda c: c.method == "sendMessage" and c.chat_id == group and "deleted" in c.text
        )
        assert not fake.chat_holds(group, FakePlatforms.PAGE_TOKEN)

        mark = _say(fake, "/help")
        help_text = _sent(fake, mark, "<b>Resonance</b>")
        assert "RESONANCE_SECRET_KEY" not in help_text.text, "operator settings stay out of /help"

    db = sqlite3.connect(tmp_path / "resonance.db")
    assert db.execute("SELECT count(*) FROM channels").fetchone()[0] == 0
    assert live_platforms.hits["/graph/alicebakes"] == 0, "nothing was even looked up"


def test_a_rejected_token_stores_nothing_and_buttons_lead_to_the_token(
    tmp_path: Path, fake_telegram: FakeTelegram, live_platforms: FakePlatforms
) -> None:
    fake = fake_telegram
    with running_bot(fake, tmp_path, **_env(live_platforms, RESONANCE_SECRET_KEY=KEY)):
        mark = _say(fake, "/link facebook alicebakes EAAthisTokenIsNotKnownToTheGraphApi0123456789")
        rejected = _sent(fake, mark, "did not accept that token")
        assert "Nothing was stored" in rejected.text

        mark = _say(fake, "/link facebook alicebakes")
        _sent(fake, mark, "I need an access token")
        mark = _say(fake, "not a token")
        _sent(fake, mark, "does not look like an access token")
        _deleted_before(fake, mark, _sent(fake, mark, "does not look like"))

        mark = _say(fake, "/link")
        menu = _sent(fake, mark, "Which platform")
        mark = fake.mark()
        fake.press_button(menu.message, "link:facebook")
        _sent(fake, mark, "Send me your Facebook handle")
        mark = _say(fake, "https://www.facebook.com/alicebakes")
        _sent(fake, mark, "I need an access token")
        mark = _say(fake, FakePlatforms.PAGE_TOKEN)
        assert "<b>Alice Bakes · Facebook</b>" in _sent(fake, mark, "· Facebook</b>").text

    db = sqlite3.connect(tmp_path / "resonance.db")
    assert db.execute("SELECT count(*) FROM channels").fetchone()[0] == 1


def test_a_token_without_a_page_name_is_never_echoed_kept_or_claimed_stored(
    tmp_path: Path, fake_telegram: FakeTelegram, live_platforms: FakePlatforms
) -> None:
    """``/link facebook TOKEN``: the token is not a page name. It must not come back in the
    bot's reply, must not wait in memory for a follow-up, and nothing may say it was stored."""
    fake = fake_telegram
    token = FakePlatforms.PAGE_TOKEN
    with running_bot(fake, tmp_path, **_env(live_platforms, RESONANCE_SECRET_KEY=KEY)):
        mark = _say(fake, f"/link facebook {token}")
        answer = _sent(fake, mark, "without a Facebook name")
        _deleted_before(fake, mark, answer)
        assert "/link facebook NAME TOKEN" in answer.text
        mark = _say(fake, "alicebakes")  # not taken as "the page name for the kept token"
        reply = fake.wait_for_reply(USER, after=mark)
        assert "Linked" not in reply.text
        sent = fake.sent_texts(USER)
        assert not any(token in text for text in sent), "the token never appears in a reply"
        assert not any("stored encrypted" in text for text in sent), "nothing was stored"
    db = sqlite3.connect(tmp_path / "resonance.db")
    assert db.execute("SELECT count(*) FROM channels").fetchone()[0] == 0


def test_rotate_key_reencrypts_every_token_so_the_old_key_can_go(tmp_path: Path) -> None:
    """Tokens sealed under the old key; ``resonance rotate-key`` with ``new,old``; afterwards
    the new key alone opens every one, and a token no key opens is reported, not lost."""
    old, new, lost = (Fernet.generate_key().decode() for _ in range(3))
    db_path = tmp_path / "resonance.db"
    db = open_db(db_path)
    register_user(db, user_id=USER, chat_id=USER, first_name="A", language="en", now=NOW)
    tokens = {"p1": "EAAfirstPageToken0123456789", "p2": "EAAsecondPageToken0123456789"}
    for page, token in tokens.items():
        account = Account("facebook", page, page, page)
        add_channel(db, USER, account, NOW, credentials=Vault(old).seal(token))
    account = Account("facebook", "p3", "p3", "p3")
    add_channel(db, USER, account, NOW, credentials=Vault(lost).seal("EAAnobodyCanOpenThis0123"))
    db.close()

    env = offline_env(tmp_path, RESONANCE_SECRET_KEY=f"{new},{old}", RESONANCE_DB=str(db_path))
    result = run_resonance(["rotate-key"], env, tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "re-encrypted 2 access tokens" in result.stdout
    assert "1 tokens could not be opened" in result.stdout
    assert old not in result.stdout + result.stderr
    db = sqlite3.connect(db_path)
    sealed = dict(db.execute("SELECT account_id, credentials FROM channels"))
    assert {page: Vault(new).open(sealed[page]) for page in tokens} == tokens
    with pytest.raises(SealBroken):
        Vault(old).open(sealed["p1"])
    assert run_resonance(["rotate-key"], offline_env(tmp_path), tmp_path).returncode == 2

"""In a group, nothing personal: /help's buttons posted a member's score, tips (naming the
people who replied to them) and settings into the group, while /score typed there was refused.
Now a group gets a link to the private chat instead, and any button pressed under a message in
a group is answered to the presser alone. The real Application in process."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from bot.app import BotApplication
from bot.services import services_of
from storage.users import active_user_count, update_settings
from tests.fakes.platforms import FakePlatforms
from tests.fakes.telegram_server import Call, FakeTelegram
from tests.fakes.updates import application_on, button_update, process, text_update

MEMBER, GROUP = 5150, -100_515_0
PRIVATE_CHAT = {
    "text": "Open a private chat with me",
    "url": "https://t.me/resonance_test_bot?start=group",
}


@pytest.fixture
async def app(
    fake_telegram: FakeTelegram, tmp_path: Path, live_platforms: FakePlatforms
) -> AsyncIterator[BotApplication]:
    environ = {"RESONANCE_ALLOW_PRIVATE_NETWORK": "1"}
    async with application_on(fake_telegram, tmp_path / "g.db", environ, chats=[MEMBER]) as app:
        fake_telegram.send_message("/start", user_id=MEMBER, chat_id=GROUP, chat_type="supergroup")
        await process(app, fake_telegram, text_update(MEMBER, f"/link {live_platforms.url}/@alice"))
        yield app


def _in_group(text: str, language: str = "en") -> dict[str, Any]:
    update = text_update(MEMBER, text, language=language)
    update["message"]["chat"] = {"id": GROUP, "type": "supergroup", "title": "Devs"}
    return update


async def _group_says(app: BotApplication, fake: FakeTelegram, text: str) -> Call:
    calls = await process(app, fake, _in_group(text))
    assert [c.method for c in calls] == ["sendMessage"], calls
    assert int(calls[0].params["chat_id"]) == GROUP
    return calls[0]


async def test_help_in_a_group_offers_the_private_chat_not_the_members_score(
    app: BotApplication, fake_telegram: FakeTelegram
) -> None:
    helped = await _group_says(app, fake_telegram, "/help")
    assert "<b>Resonance</b> turns the interaction" in helped.text
    assert helped.buttons == [PRIVATE_CHAT]
    for command in ("/start", "/score", "/tips", "/settings"):
        assert (await _group_says(app, fake_telegram, command)).buttons == [PRIVATE_CHAT]


@pytest.mark.parametrize(
    "data", ["go:score", "go:tips", "go:settings", "go:link", "set:home", "tips:more",
             "why:1", "unlink:1", "weight:pick:1", "link:github:alice", "forget:yes"],
)  # fmt: skip
async def test_a_button_pressed_in_a_group_is_answered_to_the_presser_alone(
    app: BotApplication, fake_telegram: FakeTelegram, data: str
) -> None:
    """The buttons of an older /help, or forged data: nothing sent to the group, nothing
    edited there, nothing changed; an alert only the presser sees."""
    helped = await _group_says(app, fake_telegram, "/help")
    mark = fake_telegram.mark()
    await process(app, fake_telegram, button_update(MEMBER, data, helped.message))
    calls = fake_telegram.calls[mark:]
    assert [c.method for c in calls] == ["answerCallbackQuery"], calls
    assert calls[0].params["show_alert"] in (True, "true")
    assert "private chat" in calls[0].params["text"]
    scored = await process(app, fake_telegram, text_update(MEMBER, "/channels"))
    assert "Alice" in scored[-1].text, "the channel is still linked"


def _membership(chat: dict[str, Any], was: str, now: str, language: str = "en") -> dict[str, Any]:
    """Telegram's my_chat_member: the bot's own status in ``chat`` changed."""
    bot = {"id": 1, "is_bot": True, "first_name": "Resonance", "username": "resonance_test_bot"}
    sender = {"id": MEMBER, "is_bot": False, "first_name": "M", "language_code": language}
    changed = {
        "chat": chat, "from": sender, "date": 1_800_000_000,
        "old_chat_member": {"status": was, "user": bot},
        "new_chat_member": {"status": now, "user": bot},
    }  # fmt: skip
    rights = ("can_be_edited", "is_anonymous", "can_manage_chat", "can_delete_messages",
              "can_manage_video_chats", "can_restrict_members", "can_promote_members",
              "can_change_info", "can_invite_users", "can_post_stories", "can_edit_stories",
              "can_delete_stories")  # fmt: skip
    for side in ("old_chat_member", "new_chat_member"):
        if changed[side]["status"] == "kicked":
            changed[side]["until_date"] = 0  # forever
        if changed[side]["status"] == "administrator":
            changed[side].update(dict.fromkeys(rights, False))
    return {"update_id": 990_000 + len(was) * 10 + len(now), "my_chat_member": changed}


@pytest.mark.parametrize(
    ("language", "said"),
    [("en", "Hello! I am Resonance"), ("de", "Hallo! Ich bin Resonance")],
)  # fmt: skip
async def test_a_group_that_adds_the_bot_is_told_what_it_does_there(
    app: BotApplication, fake_telegram: FakeTelegram, language: str, said: str
) -> None:
    services = services_of(app)
    update_settings(services.db, MEMBER, services.now(), language=language)
    chat = {"id": GROUP, "type": "supergroup", "title": "Devs"}
    calls = await process(app, fake_telegram, _membership(chat, "left", "member"))
    assert [c.method for c in calls] == ["sendMessage"]
    assert calls[0].text.startswith(said)
    assert "/leaderboard" in calls[0].text
    assert calls[0].buttons == [
        {**PRIVATE_CHAT, "text": {"en": PRIVATE_CHAT["text"], "de": "Privaten Chat mit mir öffnen"}[language]}
    ]  # fmt: skip
    promoted = await process(app, fake_telegram, _membership(chat, "member", "administrator"))
    assert promoted == [], "once, when added"


async def test_a_user_who_blocks_the_bot_is_no_longer_refreshed_until_they_unblock_it(
    app: BotApplication, fake_telegram: FakeTelegram
) -> None:
    db = services_of(app).db
    chat = {"id": MEMBER, "type": "private", "first_name": "M"}
    assert active_user_count(db) == 1
    assert await process(app, fake_telegram, _membership(chat, "member", "kicked")) == []
    assert active_user_count(db) == 0, "blocked: no refresh, digest or alert from now on"
    await process(app, fake_telegram, _membership(chat, "kicked", "member"))
    assert active_user_count(db) == 1, "unblocked: as before"


@pytest.mark.parametrize(("shared", "said"), [(False, "send me <code>/share on</code> here"),
                                              (True, "You share your score already")])  # fmt: skip
async def test_the_private_chat_opened_from_a_group_says_how_to_join_its_leaderboard(
    app: BotApplication, fake_telegram: FakeTelegram, shared: bool, said: str
) -> None:
    if shared:
        await process(app, fake_telegram, text_update(MEMBER, "/share on"))
    calls = await process(app, fake_telegram, text_update(MEMBER, "/start group"))
    assert calls[-1].text.startswith("Welcome back")
    assert said in calls[-1].text
    plain = await process(app, fake_telegram, text_update(MEMBER, "/start"))
    assert "You came from a group" not in plain[-1].text


@pytest.mark.parametrize("language", ["en", "de"])
async def test_share_alone_says_where_it_stands_and_switches_with_a_button(
    app: BotApplication, fake_telegram: FakeTelegram, language: str
) -> None:
    """/share alone answered "Send /share on …, or /share off" without saying whether the
    score was shown; /settings listed the state with no way to change it there."""
    if language == "de":  # the language stored at /start wins over Telegram's
        await process(app, fake_telegram, text_update(MEMBER, "/settings language Deutsch"))
    said = await process(app, fake_telegram, text_update(MEMBER, "/share", language=language))
    state = {"en": "Your score is not shown on any group's /leaderboard.",
             "de": "Dein Score erscheint in keiner Gruppen-Rangliste"}[language]  # fmt: skip
    assert state in said[-1].text
    (button,) = said[-1].buttons
    pressed = await process(app, fake_telegram, button_update(MEMBER, button["callback_data"],
                                                              said[-1].message, language=language))  # fmt: skip
    assert pressed[-1].method == "editMessageText"
    shown = {"en": "Group leaderboards: shown", "de": "Gruppen-Ranglisten: gezeigt"}[language]
    assert shown in pressed[-1].text, pressed[-1].text
    # shown: /share says how to leave, not "Send /share on to appear" as if it were off
    on = await process(app, fake_telegram, text_update(MEMBER, "/share", language=language))
    leave = {"en": "<code>/share off</code> takes you off them.",
             "de": "<code>/share aus</code> nimmt dich wieder heraus."}[language]  # fmt: skip
    assert on[-1].text.endswith(leave), on[-1].text
    assert "/share on" not in on[-1].text
    assert "/share an" not in on[-1].text
    to_on = {"en": "<code>/share on</code> shows it there.",
             "de": "<code>/share an</code> zeigt ihn dort."}  # fmt: skip
    assert said[-1].text.endswith(to_on[language]), said[-1].text
    hide = next(b for b in pressed[-1].buttons if b["callback_data"] == "set:share")
    again = await process(app, fake_telegram, button_update(MEMBER, hide["callback_data"],
                                                            pressed[-1].message, language=language))  # fmt: skip
    hidden = {"en": "Group leaderboards: not shown", "de": "Gruppen-Ranglisten: nicht gezeigt"}
    assert hidden[language] in again[-1].text
    assert (
        services_of(app)
        .db.execute("SELECT share_in_groups FROM users WHERE id = ?", [MEMBER])
        .fetchone()[0]
        == 0
    )

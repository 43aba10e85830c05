"""A post's counts as /top and the digest show them add up to what /why says it weighs: a
person checks "84.8 weighted interactions" against "40 likes, 12 boosts, 5 replies" (at most
84) and finds the quote the line left out. The real Application in process, Mastodon and
Bluesky fake servers over HTTP."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.use_cases.digest import BestPost
from bot.views import counts
from tests.fakes.platforms import FakePlatforms
from tests.fakes.telegram_server import FakeTelegram
from tests.fakes.updates import application_on, button_update, process, text_update

USER = 6161
#: what each word counts in /why's weights ("A reply counts 4, a quote 3, a reshare 2, a like 1")
WEIGHTS = {"like": 1, "boost": 2, "repost": 2, "reply": 4, "replie": 4, "quote": 3}
_COUNT = re.compile(r"(\d+) (like|boost|repost|replie|reply|quote)s?\b")


def _weighted(line: str) -> int:
    return sum(int(n) * WEIGHTS[word] for n, word in _COUNT.findall(line))


@pytest.mark.parametrize(("language", "quote"), [("en", "1 quote"), ("de", "1 Zitat")])
async def test_top_shows_every_count_the_weighted_value_is_made_of(
    fake_telegram: FakeTelegram,
    tmp_path: Path,
    live_platforms: FakePlatforms,
    language: str,
    quote: str,
) -> None:
    environ = {"RESONANCE_ALLOW_PRIVATE_NETWORK": "1", "RESONANCE_BLUESKY_API": live_platforms.url}
    async with application_on(fake_telegram, tmp_path / "c.db", environ, chats=[USER]) as app:
        for command in (f"/link {live_platforms.url}/@alice", "/link bluesky alice.bsky.social"):
            await process(app, fake_telegram, text_update(USER, command, language=language))
        (top,) = await process(app, fake_telegram, text_update(USER, "/top", language=language))
        shipped = next(line for line in top.text.split("\n") if "Shipped the new release" in line)
        assert shipped.endswith(quote), shipped
        if language != "en":
            return
        why = (await process(app, fake_telegram, text_update(USER, "/why")))[-1]
        posts = next(b["callback_data"] for b in why.buttons if b["callback_data"] == "why:posts")
        (weighs,) = await process(app, fake_telegram, button_update(USER, posts, why.message))
        for line in top.text.split("\n")[1:]:
            if not line[:1].isdigit():
                continue
            title = re.sub(r"<[^>]+>", "", line).split(" (")[0].split(". ", 1)[1]
            heavy = next(w for w in weighs.text.split("\n") if title in re.sub(r"<[^>]+>", "", w))
            value = float(re.findall(r"([\d.]+) weighted interactions", heavy)[0])
            shown = _weighted(line)
            # the post is less than a week old: it weighs between 85 % and all of its counts
            assert 0.85 * shown - 0.05 <= value <= shown + 0.05, (line, heavy)


def test_a_digests_best_post_shows_its_quotes_and_an_old_digest_still_reads() -> None:
    best = BestPost.from_json({"excerpt": "x", "url": "", "platform": "bluesky", "likes": 3,
                               "reshares": 0, "replies": 1, "quotes": 2})  # fmt: skip
    said = counts.interaction("en", best.likes, best.reshares, best.replies, [("bluesky", "")],
                              quotes=best.quotes)  # fmt: skip
    assert said == "3 likes, 1 reply, 2 quotes"
    older = BestPost.from_json({"excerpt": "x", "url": "", "platform": "bluesky", "likes": 3})
    assert older.quotes == 0


async def test_the_dashboard_weighs_a_post_as_why_does(
    fake_telegram: FakeTelegram, tmp_path: Path, live_platforms: FakePlatforms
) -> None:
    """Both say "Posts that weigh most, last 30 days": the dashboard said 87 weighted
    interactions where /why said 84.8 for the same post (its counts, not aged as the score
    ages them)."""
    from bot.services import services_of
    from bot.use_cases.dashboard import Dashboard, dashboard
    from bot.views.dashboard import dashboard_json

    environ = {"RESONANCE_ALLOW_PRIVATE_NETWORK": "1"}
    async with application_on(fake_telegram, tmp_path / "d.db", environ, chats=[USER]) as app:
        await process(app, fake_telegram, text_update(USER, f"/link {live_platforms.url}/@alice"))
        why = (await process(app, fake_telegram, text_update(USER, "/why")))[-1]
        (weighs,) = await process(app, fake_telegram, button_update(USER, "why:posts", why.message))
        services = services_of(app)
        dash = dashboard(services.db, USER, services.now())
        assert isinstance(dash, Dashboard)
        shown = dashboard_json("en", dash)["posts"]
    assert shown, "the dashboard lists posts"
    for post in shown:
        line = next(w for w in weighs.text.split("\n") if post["text"][:40] in w)
        assert post["value"] in line, (post, line)

"""The digest's trend of the last weeks: one bar a week, this week's the score now. A first
week showed "Last weeks: ▁▁ (25.9 → 25.9)", this week's score twice. The real Application in
process over a real SQLite file; scores moved back in time in the database."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from bot.services import services_of
from bot.use_cases.digest import digest_payload
from bot.views.push import render_digest
from storage.clock import from_db, to_db
from storage.users import get_user
from tests.fakes.platforms import FakePlatforms
from tests.fakes.telegram_server import FakeTelegram
from tests.fakes.updates import application_on, process, text_update

USER = 9119


async def test_a_first_week_has_no_trend_and_each_past_week_is_one_bar(
    fake_telegram: FakeTelegram, tmp_path: Path, live_platforms: FakePlatforms
) -> None:
    environ = {"RESONANCE_ALLOW_PRIVATE_NETWORK": "1"}
    async with application_on(fake_telegram, tmp_path / "d.db", environ, chats=[USER]) as app:
        await process(app, fake_telegram, text_update(USER, f"/link {live_platforms.url}/@alice"))
        services = services_of(app)
        user = get_user(services.db, USER)
        assert user is not None
        first = digest_payload(services.db, user, services.now())
        assert first is not None
        assert first.history == (first.score,)
        assert "Last weeks" not in render_digest("en", first, services.now())

        db = services.db
        (row, at), *_ = db.execute("SELECT id, computed_at FROM scores ORDER BY id").fetchall()
        with db.conn:  # the same score stored two weeks and a day ago, and eight days ago
            for days, value in ((15, 20.0), (8, 22.5)):
                db.execute(
                    "INSERT INTO scores (user_id, computed_at, score, formula_version, breakdown)"
                    " SELECT user_id, ?, ?, formula_version, breakdown FROM scores WHERE id = ?",
                    [to_db(from_db(at) - timedelta(days=days)), value, row],
                )
        later = digest_payload(db, user, services.now())
        assert later is not None
        assert later.history == (20.0, 22.5, later.score)
        assert f"(20.0 → {later.score:.1f})" in render_digest("en", later, services.now())

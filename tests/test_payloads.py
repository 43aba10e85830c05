"""Typed payloads read every row already stored, and write what they read back unchanged."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.use_cases.digest import DigestPayload
from bot.views.push import render_digest
from scoring.explain import ScoreRecord

WHEN = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)

#: A digest payload as the code before the typed payload stored it.
LEGACY_DIGEST = {
    "score": 41.3,
    "change": 1.2,
    "channels": [
        {
            "label": "Alice",
            "platform": "mastodon",
            "contribution": 30.1,
            "change": 0.8,
            "stale": False,
        },
        {"label": "Notes", "platform": "blog", "contribution": 11.2, "change": None, "stale": True},
    ],
    "best_post": {
        "excerpt": "Shipped <it>",
        "url": "https://example.social/@alice/1",
        "platform": "mastodon",
        "likes": 1,
        "reshares": 2,
        "replies": 0,
    },
    "tip": {
        "kind": "give_more",
        "impact": 2.5,
        "numbers": {"channel": "Alice", "platform": "mastodon"},
    },
    "focus": {"topics": "design", "share": 0.25, "change": None},
    "history": [38.0, 40.1, 41.3],
}


@pytest.mark.parametrize("language", ["en", "de"])
def test_a_digest_stored_before_reads_and_renders(language: str) -> None:
    payload = DigestPayload.from_json(LEGACY_DIGEST)
    assert payload.channels[1].change is None
    assert payload.tip is not None
    assert payload.tip.kind == "give_more"
    assert DigestPayload.from_json(payload.to_json()) == payload
    text = render_digest(language, payload, WHEN)
    assert "41" in text
    assert "&lt;it&gt;" in text, "excerpts stay escaped"


@pytest.mark.parametrize("broken", [{}, {"score": "x", "channels": "no", "history": [1, "a"]}])
def test_a_broken_digest_payload_reads_as_an_empty_digest(broken: dict[str, object]) -> None:
    payload = DigestPayload.from_json(broken)
    assert payload.channels == ()
    render_digest("en", payload, WHEN)


def test_a_score_record_of_an_earlier_formula_reads() -> None:
    """A 1.0 row: channels with fewer fields, no mode, no data_at."""
    record = ScoreRecord.from_json(
        {
            "value": 30.0,
            "version": "1.0",
            "channels": [{"channel_id": 1, "label": "A", "contribution": 30.0}],
        }
    )
    assert record.score.mode == "all"
    assert record.data_at is None
    assert [c.contribution for c in record.score.channels] == [30.0]
    kept = ScoreRecord(record.score, WHEN)
    assert ScoreRecord.from_json(kept.to_json()).data_at == WHEN

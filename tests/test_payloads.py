"""Typed payloads read every row already stored, and write what they read back unchanged."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.use_cases.digest import DigestPayload
from bot.views.push import render_digest
from scoring.explain import ScoreRecord
from tests.examples import examples

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


_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=12,
)  # fmt: skip


def _damaged(value: object) -> st.SearchStrategy[object]:
    """``value`` with any of its fields, at any depth, replaced by anything JSON."""
    if isinstance(value, dict):
        fields = {key: _damaged(inner) for key, inner in value.items()}
        return st.fixed_dictionaries({}, optional=fields) | _json
    if isinstance(value, list):
        return st.lists(st.one_of(*(_damaged(inner) for inner in value)), max_size=3) | _json
    return st.just(value) | _json


#: A digest as this version stores it, every field filled.
FULL_DIGEST = {
    **LEGACY_DIGEST,
    "channels": [{**LEGACY_DIGEST["channels"][0], "jump": [120, 480]}],  # type: ignore[index]
    "tip": {"kind": "give_more", "impact": 2.5, "numbers": {
        "channel": "Alice", "platform": "mastodon", "per_week": 5, "replies_30d": 4,
        "soon": 2.3, "later": 2.5, "person": "bob@example.social", "replied": 3, "answered": 0,
    }},
    "reminders": [{"platform": "linkedin", "label": "Alice", "kind": "import", "days": 9}],
    "person": {"platform": "bluesky", "handle": "erin.bsky.social", "replied": 2, "answered": 1},
}  # fmt: skip


@settings(max_examples=examples(300))
@given(_damaged(FULL_DIGEST))
def test_any_damaged_digest_payload_reads_and_renders_in_every_language(damaged: object) -> None:
    """Any field at any depth replaced by anything JSON (Python's json writes NaN and
    Infinity too): the digest reads what fits and renders, never raises (a raise would stop
    that user's digest at every tick), and never says "nan" or "inf"."""
    payload = DigestPayload.from_json(damaged if isinstance(damaged, dict) else {})
    for language in ("en", "de"):
        text = render_digest(language, payload, WHEN)
        assert not re.search(r"\b(?:nan|inf)\b|∞", text, re.IGNORECASE), text


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

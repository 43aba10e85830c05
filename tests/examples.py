"""How many examples a property test generates: all it states in the whole suite (which CI
runs), a third in the fast tier (``pytest -m "not e2e"``), the edit-test loop.

Each generated test states its number for the whole suite as ``examples(150)``; the fast tier
samples the same properties over the same ranges, fewer times. A failing example either run
finds is kept in hypothesis' database and replayed first by both.
"""

from __future__ import annotations

#: The marker expression of the fast tier (README, DESIGN.md).
FAST_TIER = "not e2e"
#: The share of each test's examples the fast tier runs (at least MIN_EXAMPLES).
FAST_SHARE = 1 / 3
MIN_EXAMPLES = 10
#: Tests without a number of their own: hypothesis' default in the whole suite.
DEFAULT_EXAMPLES = 100

_share = 1.0


def choose_tier(marker_expression: str | None) -> float:
    """Called by conftest before the test modules are imported: the fast tier samples."""
    global _share
    _share = FAST_SHARE if (marker_expression or "").strip() == FAST_TIER else 1.0
    return _share


def examples(whole: int) -> int:
    """The examples a test that states ``whole`` for the whole suite runs in this run."""
    return whole if _share >= 1.0 else max(MIN_EXAMPLES, round(whole * _share))

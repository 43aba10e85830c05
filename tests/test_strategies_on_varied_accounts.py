"""The ceilings that hold on varied accounts too (bench/strategies.py draws them: posts that
differ, wider ranges than the steady accounts of test_people_not_clicks.py). The ones that do
not hold everywhere are measured there and named in bench/RESULTS.md."""

from __future__ import annotations

import random

import pytest

from bench.strategies import CEILINGS, NOW, channel, draw_account, strategies
from scoring.model import compute_score

HOLDING = ("one bought viral post", "reply spam nobody answers", "the same account linked twice")


@pytest.mark.parametrize("seed", range(4))
def test_viral_posts_spam_and_duplicates_stay_under_their_ceilings_on_varied_accounts(
    seed: int,
) -> None:
    rng = random.Random(seed)  # noqa: S311 (generated accounts, not a secret)
    for _ in range(10):
        account = draw_account(rng)
        base = channel(rng, account)
        before = compute_score([base], NOW).value
        applied = strategies(rng, base)
        assert set(applied) == set(CEILINGS)
        for name in HOLDING:
            gained = compute_score(applied[name], NOW).value - before
            assert gained <= CEILINGS[name][0] + 1e-9, (name, account.describe(), gained)

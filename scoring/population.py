"""A synthetic population of profiles, to show what the score rewards.

Audience, engagement, posting and giving are drawn independently (engagement per post grows
sub-linearly with audience, as observed across networks), so how much of the score's variance
``log(followers)`` alone explains measures how much the formula rewards audience size over
interaction. Klout's was about 0.95; docs/scoring.md reports ours.
"""

from __future__ import annotations

import math
import random
from datetime import datetime

from scoring.model import compute_score
from scoring.reference_profiles import Pattern, profile_channel


def synthetic_patterns(
    count: int, seed: int = 2026, *, log_uniform_followers: bool = False
) -> list[Pattern]:
    """``count`` profiles; followers log-normal around 300, or log-uniform from 10 to 1,000,000."""
    rng = random.Random(seed)  # noqa: S311 -- a reproducible synthetic population, not a secret
    patterns = []
    for _ in range(count):
        if log_uniform_followers:
            followers = int(10 ** rng.uniform(1.0, 6.0))
        else:
            followers = int(rng.lognormvariate(math.log(300), 1.8))
        per_post = max(0.0, 0.3 * (followers + 1) ** 0.7 * rng.lognormvariate(0, 1.0))
        posts_per_week = rng.lognormvariate(math.log(2.5), 0.9) if rng.random() > 0.1 else 0.0
        likes = int(per_post * 0.6)
        reshares = int(per_post * 0.1)
        replies = int(per_post * 0.05)
        patterns.append(
            Pattern(
                followers=followers, posts_per_week=min(posts_per_week, 30), likes=likes,
                reshares=reshares, replies=replies,
                giving_per_week=min(40.0, rng.lognormvariate(math.log(3), 1.1)),
            )
        )  # fmt: skip
    return patterns


def variance_explained_by_followers(patterns: list[Pattern], now: datetime) -> float:
    """R² of the least-squares line score ~ log10(1 + followers) over ``patterns``."""
    xs = [math.log10(1 + p.followers) for p in patterns]
    ys = [compute_score([profile_channel(p, now)], now).value for p in patterns]
    n = len(xs)
    mean_x, mean_y = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mean_x) ** 2 for x in xs)
    sxy = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True))
    syy = sum((y - mean_y) ** 2 for y in ys)
    return (sxy * sxy) / (sxx * syy) if sxx > 0 and syy > 0 else 0.0

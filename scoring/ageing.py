"""How a post ages: its weight in the score by its age in days, and what the weighted window
amounts to in weeks. Pure; docs/scoring.md gives the curve.
"""

from __future__ import annotations

import math

WINDOW_DAYS = 90  # the window sources re-read; it carries about 97 % of the weight
HALF_LIFE_DAYS = 30.0
TAPER_START_DAYS = 60.0
TAPER_DAYS = 20.0  # after day 60 the weight falls by e every 20 days
HORIZON_DAYS = 400  # beyond this a post weighs under 1e-8: nothing


def age_weight(age_days: float) -> float:
    """How much a post of this age counts: halves every 30 days, then fades faster after 60.

    There is no day on which a post suddenly stops counting: its weight keeps falling by at
    most 5 % a day until it is negligible, so a viral post fades instead of dropping off a
    cliff. A post from the future (clock skew) counts as new.
    """
    age = max(0.0, age_days)
    if age <= TAPER_START_DAYS:
        return float(0.5 ** (age / HALF_LIFE_DAYS))
    if age <= HORIZON_DAYS:
        start = 0.5 ** (TAPER_START_DAYS / HALF_LIFE_DAYS)
        return float(start * math.exp(-(age - TAPER_START_DAYS) / TAPER_DAYS))
    return 0.0


def _effective_weeks() -> float:
    """The integral of age_weight in weeks: how many weeks the weighted window amounts to.

    A steady pattern of N posts a week gives a weighted sum of N x EFFECTIVE_WEEKS, so
    dividing by it turns weighted sums into per-week rates.
    """
    taper_start = 0.5 ** (TAPER_START_DAYS / HALF_LIFE_DAYS)
    head = HALF_LIFE_DAYS / math.log(2) * (1.0 - taper_start)
    tail = taper_start * TAPER_DAYS
    return float(head + tail) / 7.0


EFFECTIVE_WEEKS = _effective_weeks()

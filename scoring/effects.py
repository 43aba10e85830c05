"""Effects measured from a user's own posts (the hour, pictures, questions, focus topics):
whether posts of one kind earn more than the others on one channel, clearly enough to promise
a number. Pure; :mod:`scoring.tips` turns an effect into a tip.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from scoring.channel_data import Post
from scoring.credit import weighted_interaction

MIN_POSTS_PER_SIDE = 6  # a measured effect needs this many posts with it and without it
VERY_SURE = 4.0
MAX_ERROR = 0.15  # an effect known to within about a fifth: a promise needs a number one can keep
MEANINGFUL_RATIO = 1.3


def average(posts: Sequence[Post]) -> float:
    """The posts' mean weighted interaction (0 for none)."""
    return sum(weighted_interaction(p) for p in posts) / len(posts) if posts else 0.0


@dataclass(frozen=True, slots=True)
class Effect:
    """How much more posts of one kind earn than the others on one channel."""

    ratio: float  # cautious: the estimate less one standard error
    z: float  # the estimate in standard errors
    share: float  # the share of the channel's posts of that kind now
    with_posts: int
    without_posts: int
    with_per_post: float
    without_per_post: float


def measured(posts: Sequence[Post], has: Callable[[Post], bool], bar: float) -> Effect | None:
    """The effect of ``has`` on what a post earns, if it clears ``bar`` standard errors: the
    ratio of the two kinds' mean interaction, its error by the delta method on its log."""
    yes = [weighted_interaction(p) for p in posts if has(p)]
    no = [weighted_interaction(p) for p in posts if not has(p)]
    if len(yes) < MIN_POSTS_PER_SIDE or len(no) < MIN_POSTS_PER_SIDE:
        return None
    mean_yes, mean_no = statistics.fmean(yes), statistics.fmean(no)
    if mean_yes <= 0 or mean_no <= 0:
        return None
    difference = math.log(mean_yes / mean_no)
    error = math.sqrt(
        statistics.variance(yes) / (len(yes) * mean_yes**2)
        + statistics.variance(no) / (len(no) * mean_no**2)
    )
    if error > MAX_ERROR or difference <= 0 or difference < bar * error:
        return None  # not there, or not known well enough to promise a number
    ratio = math.exp(difference - error)
    if ratio < MEANINGFUL_RATIO:
        return None
    share = len(yes) / (len(yes) + len(no))
    return Effect(
        ratio, difference / error if error else math.inf, share, len(yes), len(no),
        average([p for p in posts if has(p)]), average([p for p in posts if not has(p)]),
    )  # fmt: skip


def holds_in_both_halves(posts: Sequence[Post], has: Callable[[Post], bool]) -> bool:
    """Whether the older and the newer half of the posts both show the effect: an hour picked
    among four from noise rarely does twice."""
    ordered = sorted(posts, key=lambda p: p.created_at)
    middle = len(ordered) // 2
    for half in (ordered[:middle], ordered[middle:]):
        yes = [weighted_interaction(p) for p in half if has(p)]
        no = [weighted_interaction(p) for p in half if not has(p)]
        if not yes or not no or statistics.fmean(no) <= 0:
            return False
        if statistics.fmean(yes) < MEANINGFUL_RATIO * statistics.fmean(no):
            return False
    return True


def boost(effect: Effect) -> float:
    """What every future post earns, against now, once all are of the better kind."""
    return effect.ratio / (effect.share * effect.ratio + 1 - effect.share)


def sure(effect: Effect) -> str:
    return "very" if effect.z >= VERY_SURE else "fairly"

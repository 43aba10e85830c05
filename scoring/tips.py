"""Personal tips, each with the numbers behind it, ranked by how much it could move the score.

Pure: channel data, the computed score, ``now`` and the user's timezone in; tips out. Every tip
needs data behind it (a minimum of posts or channels), and its ``impact`` is what the model
itself says the change would be worth, in points of the user's score.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta, tzinfo

from scoring.channel_data import Post, PostKind
from scoring.model import (
    ChannelInput,
    ChannelMetrics,
    Score,
    channel_components,
    channel_metrics,
    compute_score,
    is_giving,
    is_post,
    weighted_interaction,
)

MIN_POSTS_TO_COMPARE = 3
MIN_POSTS_FOR_TIMING = 8
QUIET_DAYS = 21
NEW_CHANNEL_DAYS = 30
SMALL_AUDIENCE = 100
FEW_GIVES_PER_WEEK = 3.0
MEANINGFUL_RATIO = 1.3
BLOCK_HOURS = 4


@dataclass(frozen=True, slots=True)
class Tip:
    """One piece of advice: its kind, the points it could be worth, and its numbers."""

    kind: str
    impact: float
    numbers: Mapping[str, str | int | float] = field(default_factory=dict)


def _recent(posts: Iterable[Post], now: datetime, days: int) -> list[Post]:
    since = now - timedelta(days=days)
    return [p for p in posts if since <= p.created_at <= now + timedelta(days=1)]


def _own(posts: Iterable[Post]) -> list[Post]:
    return [p for p in posts if is_post(p)]


def _average(posts: Sequence[Post]) -> float:
    return sum(weighted_interaction(p) for p in posts) / len(posts) if posts else 0.0


def _points_delta(
    channel: ChannelScoreView, change: Callable[[ChannelMetrics], ChannelMetrics]
) -> float:
    """Points of the user's score a change to one channel's metrics would be worth."""
    before = sum(channel_components(channel.metrics).values())
    after = sum(channel_components(change(channel.metrics)).values())
    return max(0.0, (after - before) * channel.share)


def _extra_posts(
    per_post: float, per_week: float = 1.0
) -> Callable[[ChannelMetrics], ChannelMetrics]:
    """The change of ``per_week`` more posts a week, each earning ``per_post``."""

    def change(metrics: ChannelMetrics) -> ChannelMetrics:
        return dataclasses.replace(
            metrics,
            posts_per_week=metrics.posts_per_week + per_week,
            interaction_per_week=metrics.interaction_per_week + per_week * per_post,
        )

    return change


@dataclass(frozen=True, slots=True)
class ChannelScoreView:
    """A channel as the tips see it: its input, metrics, and how its points reach the score."""

    input: ChannelInput
    metrics: ChannelMetrics
    points: float
    share: float  # contribution / points: how a channel point becomes a score point


def _views(channels: Sequence[ChannelInput], score: Score, now: datetime) -> list[ChannelScoreView]:
    by_id = {c.channel_id: c for c in score.channels}
    views = []
    for channel in channels:
        scored = by_id.get(channel.channel_id)
        if scored is None or channel.weight <= 0:
            continue
        raw = sum(channel_components(scored.metrics).values())
        share = scored.contribution / raw if raw > 0 else 1.0
        views.append(ChannelScoreView(channel, channel_metrics(channel, now), scored.points, share))
    return views


def best_channel(views: Sequence[ChannelScoreView], now: datetime) -> Tip | None:
    """The channel that earns the most interaction per post, when there are others to compare."""
    comparable = [
        (v, _average(_own(_recent(v.input.posts, now, 90))))
        for v in views
        if len(_own(_recent(v.input.posts, now, 90))) >= MIN_POSTS_TO_COMPARE
    ]
    if len(comparable) < 2:
        return None
    comparable.sort(key=lambda item: -item[1])
    (best, best_avg), others = comparable[0], comparable[1:]
    other_avg = sum(avg for _, avg in others) / len(others)
    if best_avg <= 0 or best_avg < other_avg * MEANINGFUL_RATIO:
        return None
    impact = _points_delta(best, _extra_posts(best_avg))
    return Tip(
        "best_channel",
        impact,
        {
            "channel": best.input.label,
            "per_post": round(best_avg, 1),
            "others_per_post": round(other_avg, 1),
            "ratio": round(best_avg / other_avg, 1) if other_avg > 0 else 0.0,
        },
    )


def give_more(views: Sequence[ChannelScoreView], now: datetime) -> Tip | None:
    """Too little giving: few replies to and shares of other people's posts."""
    if not views:
        return None
    gives = sum(1 for v in views for p in _recent(v.input.posts, now, 30) if is_giving(p))
    posts = sum(len(_own(_recent(v.input.posts, now, 30))) for v in views)
    per_week = gives / (30 / 7)
    if per_week >= FEW_GIVES_PER_WEEK or (
        posts == 0 and gives == 0 and all(v.points < 5 for v in views)
    ):
        return None
    target = max(views, key=lambda v: v.points)
    impact = _points_delta(
        target, lambda m: dataclasses.replace(m, giving_per_week=m.giving_per_week + 5)
    )
    return Tip(
        "give_more", impact, {"gives_30d": gives, "posts_30d": posts, "suggested_per_week": 5}
    )


def best_time(views: Sequence[ChannelScoreView], now: datetime, zone: tzinfo) -> Tip | None:
    """The weekday and hours, in the user's timezone, when posts earned most."""
    posts = [p for v in views for p in _own(_recent(v.input.posts, now, 90))]
    if len(posts) < MIN_POSTS_FOR_TIMING:
        return None
    overall = _average(posts)
    if overall <= 0:
        return None
    blocks: dict[tuple[int, int], list[Post]] = {}
    for post in posts:
        local = post.created_at.astimezone(zone)
        blocks.setdefault((local.weekday(), local.hour // BLOCK_HOURS), []).append(post)
    candidates = [(key, group) for key, group in blocks.items() if len(group) >= 2]
    if not candidates:
        return None
    (weekday, block), group = max(candidates, key=lambda item: _average(item[1]))
    ratio = _average(group) / overall
    if ratio < MEANINGFUL_RATIO:
        return None
    best = max(views, key=lambda v: v.points)
    gain = (ratio - 1) * 0.25  # moving a quarter of the posts to the better time
    impact = _points_delta(
        best,
        lambda m: dataclasses.replace(m, interaction_per_week=m.interaction_per_week * (1 + gain)),
    )
    return Tip(
        "best_time",
        impact,
        {
            "weekday": weekday,
            "from_hour": block * BLOCK_HOURS,
            "to_hour": block * BLOCK_HOURS + BLOCK_HOURS,
            "per_post": round(_average(group), 1),
            "overall_per_post": round(overall, 1),
            "posts": len(group),
        },
    )


def quiet_channel(views: Sequence[ChannelScoreView], now: datetime) -> Tip | None:
    """A channel that used to be active and has gone quiet."""
    found = []
    for view in views:
        own = _own(_recent(view.input.posts, now, 90))
        if len(own) < MIN_POSTS_TO_COMPARE:
            continue
        last = max(p.created_at for p in own)
        days = (now - last).days
        if days >= QUIET_DAYS:
            average = _average(own)
            impact = _points_delta(view, _extra_posts(average))
            found.append(
                Tip(
                    "quiet_channel",
                    impact,
                    {"channel": view.input.label, "days": days, "per_post": round(average, 1)},
                )
            )
    return max(found, key=lambda t: t.impact) if found else None


def _feature_tip(
    kind: str, views: Sequence[ChannelScoreView], now: datetime, has: Callable[[Post], bool]
) -> Tip | None:
    posts = [p for v in views for p in _own(_recent(v.input.posts, now, 90))]
    with_it = [p for p in posts if has(p)]
    without = [p for p in posts if not has(p)]
    if len(with_it) < MIN_POSTS_TO_COMPARE or len(without) < MIN_POSTS_TO_COMPARE:
        return None
    a, b = _average(with_it), _average(without)
    if a <= 0 and b <= 0:
        return None
    better = a >= b
    ratio = (a / b if b > 0 else float("inf")) if better else (b / a if a > 0 else float("inf"))
    if ratio < MEANINGFUL_RATIO:
        return None
    best = max(views, key=lambda v: v.points)
    gain = min(ratio - 1, 3.0) * 0.25
    impact = _points_delta(
        best,
        lambda m: dataclasses.replace(m, interaction_per_week=m.interaction_per_week * (1 + gain)),
    )
    return Tip(
        kind,
        impact,
        {
            "better": "with" if better else "without",
            "with_per_post": round(a, 1),
            "without_per_post": round(b, 1),
            "with_posts": len(with_it),
            "without_posts": len(without),
        },
    )


def media(views: Sequence[ChannelScoreView], now: datetime) -> Tip | None:
    """Posts with pictures or video doing better (or worse) than those without."""
    return _feature_tip("media", views, now, lambda p: p.has_media)


def questions(views: Sequence[ChannelScoreView], now: datetime) -> Tip | None:
    """Posts that ask a question doing better (or worse) than those that do not."""
    return _feature_tip("questions", views, now, lambda p: "?" in p.excerpt)


def reply_to_replies(views: Sequence[ChannelScoreView], now: datetime) -> Tip | None:
    """Many replies received, few replies written: answer the people who answer you."""
    received = sum(p.replies for v in views for p in _own(_recent(v.input.posts, now, 30)))
    written = sum(
        1 for v in views for p in _recent(v.input.posts, now, 30) if p.kind is PostKind.REPLY
    )
    if received < 5 or written * 3 >= received:
        return None
    target = max(views, key=lambda v: v.points)
    extra = min(received / 2, 20) / (30 / 7)
    impact = _points_delta(
        target, lambda m: dataclasses.replace(m, giving_per_week=m.giving_per_week + extra)
    )
    return Tip("reply_to_replies", impact, {"received": received, "written": written})


def weight(channels: Sequence[ChannelInput], score: Score, now: datetime) -> Tip | None:
    """A strong channel held back by a low weight (or ignored at weight 0)."""
    best: Tip | None = None
    for index, channel in enumerate(channels):
        if channel.weight >= 3:
            continue
        changed = [
            *channels[:index],
            dataclasses.replace(channel, weight=3),
            *channels[index + 1 :],
        ]
        gain = compute_score(changed, now).value - score.value
        if gain >= 1.0 and (best is None or gain > best.impact):
            best = Tip(
                "weight",
                gain,
                {
                    "channel": channel.label,
                    "weight": channel.weight,
                    "suggested": 3,
                    "gain": round(gain, 1),
                },
            )
    return best


def new_channel(views: Sequence[ChannelScoreView], now: datetime) -> Tip | None:
    """A new or small channel that needs networking before it can earn interaction."""
    found = []
    for view in views:
        linked = view.input.linked_at
        young = linked is not None and now - linked < timedelta(days=NEW_CHANNEL_DAYS)
        small = view.metrics.followers < SMALL_AUDIENCE
        if not (young or small) or view.metrics.interaction_per_post >= 5:
            continue
        impact = _points_delta(
            view, lambda m: dataclasses.replace(m, giving_per_week=m.giving_per_week + 5)
        )
        found.append(
            Tip(
                "new_channel",
                impact,
                {
                    "channel": view.input.label,
                    "followers": view.metrics.followers,
                    "per_post": round(view.metrics.interaction_per_post, 1),
                },
            )
        )
    return max(found, key=lambda t: t.impact) if found else None


def all_tips(
    channels: Sequence[ChannelInput], score: Score, now: datetime, zone: tzinfo
) -> list[Tip]:
    """Every tip the data supports, most valuable first (ties in a fixed order)."""
    views = _views(channels, score, now)
    candidates = [
        best_channel(views, now),
        give_more(views, now),
        best_time(views, now, zone),
        quiet_channel(views, now),
        media(views, now),
        questions(views, now),
        reply_to_replies(views, now),
        weight(channels, score, now),
        new_channel(views, now),
    ]
    tips = [t for t in candidates if t is not None]
    order = {t.kind: i for i, t in enumerate(tips)}
    return sorted(tips, key=lambda t: (-round(t.impact, 2), order[t.kind]))

"""Personal tips, each with the numbers behind it, ranked by how much it would move the score.

Pure: channel data, ``now`` and the user's timezone in; tips out. Every tip needs data behind
it (a minimum of posts or channels), and its ``impact`` is what the model itself gives when the
advice is followed: the tip's :class:`WhatIf` is applied to the inputs as a steady habit over
the whole window, and the score is computed again (caps, pooling and weights included). No tip
claims less than ``MIN_IMPACT``, and none recommends raising a weight: weights are relative.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta, tzinfo

from scoring.channel_data import Post, PostKind
from scoring.focus import FocusTopics
from scoring.model import (
    ChannelInput,
    ChannelMetrics,
    channel_metrics,
    compute_score,
    is_giving,
    is_post,
    weighted_interaction,
)
from scoring.what_if import WhatIf, more_like

MIN_POSTS_TO_COMPARE = 3
MIN_POSTS_FOR_TIMING = 8
QUIET_DAYS = 21
NEW_CHANNEL_DAYS = 30
SMALL_AUDIENCE = 100
FEW_GIVES_PER_WEEK = 3.0
SUGGESTED_GIVES = 5
MEANINGFUL_RATIO = 1.3
BLOCK_HOURS = 4
BOOST_EVERY = 4  # "move a quarter of your posts": every fourth post earns like the better kind
BOOST_CAP = 4.0
MIN_IMPACT = 0.5


@dataclass(frozen=True, slots=True)
class Tip:
    """One piece of advice: its kind, the points it would be worth, and its numbers."""

    kind: str
    impact: float
    numbers: Mapping[str, str | int | float] = field(default_factory=dict)
    what_if: WhatIf | None = None


def _recent(posts: Iterable[Post], now: datetime, days: int) -> list[Post]:
    since = now - timedelta(days=days)
    return [p for p in posts if since <= p.created_at <= now + timedelta(days=1)]


def _own(posts: Iterable[Post]) -> list[Post]:
    return [p for p in posts if is_post(p)]


def _average(posts: Sequence[Post]) -> float:
    return sum(weighted_interaction(p) for p in posts) / len(posts) if posts else 0.0


@dataclass(frozen=True, slots=True)
class Context:
    """What every tip reads: the inputs, the moment, the focus and the score to beat."""

    channels: Sequence[ChannelInput]
    now: datetime
    focus: FocusTopics | None
    focus_only: bool
    value: float
    metrics: Mapping[int, ChannelMetrics]

    @property
    def counting(self) -> list[ChannelInput]:
        return [c for c in self.channels if c.weight > 0]

    def impact(self, what_if: WhatIf) -> float:
        """The score after following ``what_if``, minus the score now (the model decides)."""
        after = compute_score(
            what_if.apply(self.channels, self.now),
            self.now,
            focus=self.focus,
            focus_only=self.focus_only,
        )
        return round(after.value - self.value, 1)

    def strongest(self) -> ChannelInput:
        """The counting channel that brings most interaction (by weight), the first at a tie."""
        top = max(c.weight for c in self.counting)
        return max(
            self.counting,
            key=lambda c: (
                c.weight / top * self.metrics[c.channel_id].interaction_per_week,
                -c.channel_id,
            ),
        )

    def posts_of(self, channel: ChannelInput, days: int = 90) -> list[Post]:
        return _own(_recent(channel.posts, self.now, days))


def _named(channel: ChannelInput) -> dict[str, str | int]:
    return {
        "channel": channel.label,
        "platform": channel.platform,
        "channel_id": channel.channel_id,
    }


def best_channel(ctx: Context) -> Tip | None:
    """The channel that earns the most interaction per post, when there are others to compare."""
    comparable = [
        (c, ctx.posts_of(c)) for c in ctx.counting if len(ctx.posts_of(c)) >= MIN_POSTS_TO_COMPARE
    ]
    if len(comparable) < 2:
        return None
    comparable.sort(key=lambda item: (-_average(item[1]), item[0].channel_id))
    (best, best_posts), others = comparable[0], comparable[1:]
    best_avg = _average(best_posts)
    other_avg = sum(_average(p) for _, p in others) / len(others)
    if best_avg <= 0 or best_avg < other_avg * MEANINGFUL_RATIO:
        return None
    what_if = more_like(best.channel_id, best_posts)
    return Tip(
        "best_channel",
        ctx.impact(what_if),
        {
            **_named(best),
            "per_post": round(best_avg, 1),
            "others_per_post": round(other_avg, 1),
            "ratio": round(best_avg / other_avg, 1) if other_avg > 0 else 0.0,
            "per_week": 1,
        },
        what_if,
    )


def give_more(ctx: Context) -> Tip | None:
    """Too little giving: few replies to others' posts."""
    gives = sum(1 for c in ctx.counting for p in _recent(c.posts, ctx.now, 30) if is_giving(p))
    posts = sum(len(ctx.posts_of(c, 30)) for c in ctx.counting)
    if gives / (30 / 7) >= FEW_GIVES_PER_WEEK or (posts == 0 and gives == 0):
        return None
    target = ctx.strongest()
    what_if = WhatIf(target.channel_id, gives_per_week=SUGGESTED_GIVES)
    return Tip(
        "give_more",
        ctx.impact(what_if),
        {
            **_named(target),
            "gives_30d": gives,
            "posts_30d": posts,
            "suggested_per_week": SUGGESTED_GIVES,
        },
        what_if,
    )


def _boost_tip(
    kind: str, ctx: Context, ratio: float, numbers: Mapping[str, str | int | float]
) -> Tip:
    what_if = WhatIf(0, boost_every=BOOST_EVERY, boost_ratio=min(ratio, BOOST_CAP))
    return Tip(
        kind,
        ctx.impact(what_if),
        {**numbers, "boost_every": BOOST_EVERY, "boost_ratio": round(min(ratio, BOOST_CAP), 2)},
        what_if,
    )


def best_time(ctx: Context, zone: tzinfo) -> Tip | None:
    """The weekday and hours, in the user's timezone, when posts earned most."""
    posts = [p for c in ctx.counting for p in ctx.posts_of(c)]
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
    (weekday, block), group = max(candidates, key=lambda item: (_average(item[1]), item[0]))
    ratio = _average(group) / overall
    if ratio < MEANINGFUL_RATIO:
        return None
    return _boost_tip(
        "best_time",
        ctx,
        ratio,
        {
            "weekday": weekday,
            "from_hour": block * BLOCK_HOURS,
            "to_hour": block * BLOCK_HOURS + BLOCK_HOURS,
            "per_post": round(_average(group), 1),
            "overall_per_post": round(overall, 1),
            "posts": len(group),
        },
    )


def quiet_channel(ctx: Context) -> Tip | None:
    """A channel that used to be active and has gone quiet."""
    found = []
    for channel in ctx.counting:
        own = ctx.posts_of(channel)
        if len(own) < MIN_POSTS_TO_COMPARE:
            continue
        days = (ctx.now - max(p.created_at for p in own)).days
        if days >= QUIET_DAYS:
            what_if = more_like(channel.channel_id, own)
            numbers = {**_named(channel), "days": days, "per_post": round(_average(own), 1)}
            found.append(Tip("quiet_channel", ctx.impact(what_if), numbers, what_if))
    return max(found, key=lambda t: t.impact) if found else None


def _feature_tip(kind: str, ctx: Context, has: Callable[[Post], bool]) -> Tip | None:
    posts = [p for c in ctx.counting for p in ctx.posts_of(c)]
    with_it = [p for p in posts if has(p)]
    without = [p for p in posts if not has(p)]
    if len(with_it) < MIN_POSTS_TO_COMPARE or len(without) < MIN_POSTS_TO_COMPARE:
        return None
    a, b = _average(with_it), _average(without)
    if a <= 0 or b <= 0:
        return None
    better = a >= b
    ratio = a / b if better else b / a
    if ratio < MEANINGFUL_RATIO:
        return None
    return _boost_tip(
        kind,
        ctx,
        ratio,
        {
            "better": "with" if better else "without",
            "with_per_post": round(a, 1),
            "without_per_post": round(b, 1),
            "with_posts": len(with_it),
            "without_posts": len(without),
        },
    )


def media(ctx: Context) -> Tip | None:
    """Posts with pictures or video doing better (or worse) than those without."""
    return _feature_tip("media", ctx, lambda p: p.has_media)


def questions(ctx: Context) -> Tip | None:
    """Posts that ask a question doing better (or worse) than those that do not."""
    return _feature_tip("questions", ctx, lambda p: "?" in p.excerpt)


def reply_to_replies(ctx: Context) -> Tip | None:
    """Many replies received, few replies written: answer the people who answer you."""
    received = sum(p.replies for c in ctx.counting for p in ctx.posts_of(c, 30))
    written = sum(
        1 for c in ctx.counting for p in _recent(c.posts, ctx.now, 30) if p.kind is PostKind.REPLY
    )
    if received < 5 or written * 3 >= received:
        return None
    target = max(
        ctx.counting, key=lambda c: (sum(p.replies for p in ctx.posts_of(c, 30)), -c.channel_id)
    )
    per_week = round(min(received / 2, 20) / (30 / 7), 1)
    what_if = WhatIf(target.channel_id, gives_per_week=per_week)
    numbers = {**_named(target), "received": received, "written": written, "per_week": per_week}
    return Tip("reply_to_replies", ctx.impact(what_if), numbers, what_if)


def new_channel(ctx: Context) -> Tip | None:
    """A new or small channel that needs networking before it can earn interaction.

    A platform without followers (a blog, Stack Exchange) is never called small for it.
    """
    found = []
    for channel in ctx.counting:
        metrics = ctx.metrics[channel.channel_id]
        linked = channel.linked_at
        young = linked is not None and ctx.now - linked < timedelta(days=NEW_CHANNEL_DAYS)
        small = channel.has_followers and metrics.followers < SMALL_AUDIENCE
        if not (young or small) or metrics.interaction_per_post >= 5:
            continue
        what_if = WhatIf(channel.channel_id, gives_per_week=SUGGESTED_GIVES)
        numbers: dict[str, str | int | float] = {
            **_named(channel),
            "per_post": round(metrics.interaction_per_post, 1),
            "suggested_per_week": SUGGESTED_GIVES,
        }
        if channel.has_followers:
            numbers["followers"] = metrics.followers
        found.append(Tip("new_channel", ctx.impact(what_if), numbers, what_if))
    return max(found, key=lambda t: t.impact) if found else None


def focus_topics(ctx: Context) -> Tip | None:
    """How focus posts earn against the others, per channel, with the channel to post them on."""
    if ctx.focus is None or not ctx.focus:
        return None
    rows = []
    for channel in ctx.counting:
        own = ctx.posts_of(channel)
        on = [p for p in own if ctx.focus.matches(p)]
        off = [p for p in own if not ctx.focus.matches(p)]
        if len(on) >= MIN_POSTS_TO_COMPARE and len(off) >= MIN_POSTS_TO_COMPARE:
            a, b = _average(on), _average(off)
            if b > 0:
                rows.append((a / b, channel, on))
    if not rows:
        return None
    rows.sort(key=lambda r: (-r[0], r[1].channel_id))
    ratio, best, on = rows[0]
    what_if = more_like(best.channel_id, on, on[0])
    numbers: dict[str, str | int | float] = {**_named(best), "ratio": round(ratio, 2)}
    if len(rows) > 1:
        worst_ratio, worst, _ = rows[-1]
        numbers.update(
            other_channel=worst.label,
            other_platform=worst.platform,
            other_ratio=round(worst_ratio, 2),
        )
    return Tip("focus", ctx.impact(what_if), numbers, what_if)


def all_tips(
    channels: Sequence[ChannelInput],
    now: datetime,
    zone: tzinfo,
    *,
    focus: FocusTopics | None = None,
    focus_only: bool = False,
    min_impact: float = MIN_IMPACT,
) -> list[Tip]:
    """Every tip the data supports worth at least ``min_impact``, most valuable first."""
    counting = [c for c in channels if c.weight > 0]
    if not counting:
        return []
    score = compute_score(channels, now, focus=focus, focus_only=focus_only)
    only = focus_only and focus is not None and bool(focus)
    ctx = Context(
        channels,
        now,
        focus,
        focus_only,
        score.value,
        {c.channel_id: channel_metrics(c, now, focus, only) for c in counting},
    )
    candidates = [
        focus_topics(ctx),
        best_channel(ctx),
        give_more(ctx),
        best_time(ctx, zone),
        quiet_channel(ctx),
        media(ctx),
        questions(ctx),
        reply_to_replies(ctx),
        new_channel(ctx),
    ]
    tips = [t for t in candidates if t is not None and t.impact >= min_impact]
    order = {t.kind: i for i, t in enumerate(tips)}
    return sorted(tips, key=lambda t: (-t.impact, order[t.kind]))

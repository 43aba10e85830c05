"""Tips from effects measured on the user's own posts: the hour of the day, pictures,
questions, the focus topics. Each counts only when it is there: compared within one channel,
with enough posts on both sides, larger than its noise (scoring/effects.py), and promised at
its cautious estimate. Pure.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import tzinfo

from scoring.channel_data import Post
from scoring.effects import average, boost, holds_in_both_halves, measured, sure
from scoring.tip_context import Context, Tip, named
from scoring.what_if import Action

SURE = 3.5  # an effect must be this many standard errors from nothing
SURE_OF_SEVERAL = 4.0  # ... when four hours of the day are tried at once
HOUR_BLOCK = 6  # the day in four blocks: night, morning, afternoon, evening


def _feature(ctx: Context, kind: str, has: Callable[[Post], bool], better: str) -> Tip | None:
    found = []
    for channel in ctx.counting:
        posts = ctx.posts_of(channel)
        for label, test in ((better, has), ("without", lambda p: not has(p))):
            effect = measured(posts, test, SURE)
            if effect is None:
                continue
            action = Action(channel.channel_id, boost=boost(effect))
            numbers = {
                **named(channel), "better": label, "sure": sure(effect),
                "with_per_post": round(effect.with_per_post, 1),
                "without_per_post": round(effect.without_per_post, 1),
                "with_posts": effect.with_posts, "without_posts": effect.without_posts,
            }  # fmt: skip
            found.append(ctx.tip(kind, action, numbers))
    return max(found, key=lambda t: t.impact) if found else None


def media(ctx: Context) -> Tip | None:
    """On one channel, posts with pictures or video earning clearly more (or less)."""
    return _feature(ctx, "media", lambda p: p.has_media, "with")


def questions(ctx: Context) -> Tip | None:
    """On one channel, posts that ask a question earning clearly more (or less)."""
    return _feature(ctx, "questions", lambda p: "?" in p.excerpt, "with")


def best_time(ctx: Context, zone: tzinfo) -> Tip | None:
    """On one channel, the time of day (in the user's timezone) when posts earn clearly more."""
    found = []
    for channel in ctx.counting:
        posts = ctx.posts_of(channel)
        for block in range(24 // HOUR_BLOCK):

            def inside(p: Post, block: int = block) -> bool:
                return p.created_at.astimezone(zone).hour // HOUR_BLOCK == block

            effect = measured(posts, inside, SURE_OF_SEVERAL)
            if effect is None or not holds_in_both_halves(posts, inside):
                continue
            action = Action(channel.channel_id, boost=boost(effect))
            numbers = {
                **named(channel), "from_hour": block * HOUR_BLOCK,
                "to_hour": block * HOUR_BLOCK + HOUR_BLOCK, "sure": sure(effect),
                "per_post": round(effect.with_per_post, 1),
                "overall_per_post": round(average(posts), 1), "posts": effect.with_posts,
            }  # fmt: skip
            found.append(ctx.tip("best_time", action, numbers))
    return max(found, key=lambda t: t.impact) if found else None


def focus_topics(ctx: Context) -> Tip | None:
    """On one channel, focus posts earning clearly more than the others: one more a week."""
    if ctx.focus is None or not ctx.focus:
        return None
    found = []
    for channel in ctx.counting:
        posts = ctx.posts_of(channel)
        effect = measured(posts, ctx.focus.matches, SURE)
        if effect is None:
            continue
        on = [p for p in posts if ctx.focus.matches(p)]
        n = len(on)
        action = Action(
            channel.channel_id, 1.0,
            sum(p.likes for p in on) / n, sum(p.reshares for p in on) / n,
            sum(p.replies for p in on) / n, sum(p.quotes for p in on) / n,
            excerpt=on[0].excerpt, hashtags=on[0].hashtags,
        )  # fmt: skip
        numbers = {**named(channel), "ratio": round(effect.ratio, 1), "sure": sure(effect)}
        found.append(ctx.tip("focus", action, numbers))
    return max(found, key=lambda t: t.impact) if found else None

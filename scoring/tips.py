"""Personal tips that come true: an action a person can take on a named channel, and what the
model gives when that action is added to their real history from today on. Pure.

Each tip's numbers are stated at two horizons (a month, three months: :data:`HORIZONS`) and
computed by :func:`scoring.what_if.gain`: every channel keeps its habit, the history ages,
and the action is added. The rules that keep a promise honest:

- an action only where the channel's source records it (replies to others are not seen on a
  blog, a YouTube channel, a Page or an export, so no giving tip names one);
- an effect measured from the user's own posts (the hour, pictures, questions) counts only
  when it is there: compared within one channel, with enough posts on both sides, larger
  than its noise (on the log of each post's interaction, Welch's standard error; several
  hours tried at once must clear a higher bar), and promised at its cautious estimate
  (those kinds are in :mod:`scoring.tips_measured`; what every tip is made of, in
  :mod:`scoring.tip_context`);
- tips that share an action are one tip: the three shown are three different things to do;
- a quiet channel is one whose gap is long for its own rhythm, not just for a calendar.
"""

from __future__ import annotations

import itertools
import statistics
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime, timedelta, tzinfo

from scoring.channel_data import PostKind
from scoring.effects import MEANINGFUL_RATIO, average
from scoring.focus import FocusTopics
from scoring.model import ChannelInput, is_post
from scoring.reciprocity import RECIPROCITY_DAYS, Unanswered, most_unanswered
from scoring.tip_context import Context, Tip, more_posts, named, recent
from scoring.tips_measured import HOUR_BLOCK, best_time, focus_topics, media, questions
from scoring.what_if import Action, habit

__all__ = ["HOUR_BLOCK", "Tip", "all_tips"]

MIN_POSTS_TO_COMPARE = 6  # what a channel's next posts will earn is guessed from these
QUIET_DAYS = 21
QUIET_RHYTHMS = 3  # quiet: a gap of three of the channel's usual gaps (and QUIET_DAYS)
NEW_CHANNEL_DAYS = 30
SMALL_AUDIENCE = 100
FEW_GIVES_PER_WEEK = 3.0
SUGGESTED_REPLIES = 5
MIN_IMPACT = 0.5
FALLBACK_IMPACT = 0.2  # with no other tip, one more post on the best channel, if worth this
PERSON_AT_MOST = 2  # the tip naming a person to answer is among the first three shown


# -- giving ---------------------------------------------------------------------------------


def give_more(ctx: Context) -> Tip | None:
    """Few replies to others, where replies can be seen."""
    where = ctx.giving_channels()
    if not where:
        return None
    gives = sum(1 for c in where for p in recent(c.posts, ctx.now, 30) if p.kind is PostKind.REPLY)
    if gives / (30 / 7) >= FEW_GIVES_PER_WEEK:
        return None
    target = ctx.strongest(where)
    action = Action(target.channel_id, replies_per_week=SUGGESTED_REPLIES)
    numbers = {**named(target), "replies_30d": gives, "per_week": SUGGESTED_REPLIES}
    return ctx.tip("give_more", action, numbers)


def reply_to_replies(ctx: Context) -> Tip | None:
    """Many replies received, few written: answer the people who answer you."""
    where = ctx.giving_channels()
    if not where:
        return None
    received = sum(p.replies for c in where for p in ctx.posts_of(c, 30))
    written = sum(
        1 for c in where for p in recent(c.posts, ctx.now, 30) if p.kind is PostKind.REPLY
    )
    if received < 5 or written * 3 >= received:
        return None
    target = max(where, key=lambda c: (sum(p.replies for p in ctx.posts_of(c, 30)), -c.channel_id))
    per_week = round(min(received / 2, 20) / (30 / 7), 1)
    action = Action(target.channel_id, replies_per_week=per_week)
    numbers = {**named(target), "received": received, "written": written, "per_week": per_week}
    return ctx.tip("reply_to_replies", action, numbers)


def new_channel(ctx: Context) -> Tip | None:
    """A young or small channel whose posts earn little yet: take part before posting more."""
    found = []
    for channel in ctx.giving_channels():
        posts = ctx.posts_of(channel)
        per_post = average(posts)
        linked = channel.linked_at
        young = linked is not None and ctx.now - linked < timedelta(days=NEW_CHANNEL_DAYS)
        small = channel.has_followers and channel.followers < SMALL_AUDIENCE
        if not (young or small) or per_post >= 5:
            continue
        action = Action(channel.channel_id, replies_per_week=SUGGESTED_REPLIES)
        numbers: dict[str, str | int | float] = {
            **named(channel), "per_post": round(per_post, 1), "per_week": SUGGESTED_REPLIES,
        }  # fmt: skip
        if channel.has_followers:
            numbers["followers"] = channel.followers
        found.append(ctx.tip("new_channel", action, numbers))
    return max(found, key=lambda t: t.impact) if found else None


def _person(person: Unanswered) -> dict[str, str | int]:
    return {
        "person": person.handle,
        "replied": person.replied,
        "answered": person.answered,
    }


def answer_person(ctx: Context, person: Unanswered) -> Tip:
    """Answer the person who replied to the user's posts and was not answered: one reply to
    each of their replies this month."""
    channel = next(c for c in ctx.counting if c.channel_id == person.channel_id)
    per_week = round((person.replied - person.answered) / (RECIPROCITY_DAYS / 7), 2)
    action = Action(channel.channel_id, replies_per_week=per_week)
    return ctx.tip("answer_person", action, {**named(channel), **_person(person)})


def with_people(ctx: Context, tips: dict[tuple[str, int], Tip]) -> None:
    """Give and take, by name: each tip to reply on a channel names the person there who
    engages most and was not answered; without one, that person is a tip of their own."""
    for person in most_unanswered(ctx.channels, ctx.now):
        key = ("reply", person.channel_id)
        tip = tips.get(key)
        if tip is not None:
            tips[key] = replace(tip, numbers={**tip.numbers, **_person(person)})
        else:
            named = answer_person(ctx, person)
            if named.impact > 0:
                tips[key] = named


# -- posting --------------------------------------------------------------------------------


def best_channel(ctx: Context) -> Tip | None:
    """The channel that earns the most interaction per post, when others earn clearly less."""
    comparable = [(c, ctx.posts_of(c)) for c in ctx.counting]
    comparable = [(c, p) for c, p in comparable if len(p) >= MIN_POSTS_TO_COMPARE]
    if len(comparable) < 2:
        return None
    comparable.sort(key=lambda item: (-average(item[1]), item[0].channel_id))
    (best, posts), others = comparable[0], comparable[1:]
    best_avg = average(posts)
    other_avg = statistics.fmean(average(p) for _, p in others)
    if best_avg <= 0 or best_avg < other_avg * MEANINGFUL_RATIO:
        return None
    numbers = {
        **named(best),
        "per_post": round(best_avg, 1),
        "others_per_post": round(other_avg, 1),
        "posts": len(posts),
    }
    return ctx.tip("best_channel", more_posts(ctx, best), numbers)


def quiet_channel(ctx: Context) -> Tip | None:
    """A channel silent for long by its own rhythm, whose posts used to earn."""
    found = []
    for channel in ctx.counting:
        own = sorted(
            (p for p in channel.posts if is_post(p) and p.created_at <= ctx.now),
            key=lambda p: p.created_at,
        )
        if len(own) < MIN_POSTS_TO_COMPARE:
            continue
        gaps = [(b.created_at - a.created_at).days for a, b in itertools.pairwise(own)]
        days = (ctx.now - own[-1].created_at).days
        if days < max(QUIET_DAYS, QUIET_RHYTHMS * statistics.median(gaps)):
            continue
        per_post = average(own[-10:])
        if per_post <= 0:
            continue
        counts = own[-10:]
        n = len(counts)
        action = Action(
            channel.channel_id, 1.0,
            sum(p.likes for p in counts) / n, sum(p.reshares for p in counts) / n,
            sum(p.replies for p in counts) / n, sum(p.quotes for p in counts) / n,
        )  # fmt: skip
        numbers = {**named(channel), "days": days, "per_post": round(per_post, 1)}
        found.append(ctx.tip("quiet_channel", action, numbers))
    return max(found, key=lambda t: t.impact) if found else None


def one_more_post(ctx: Context) -> Tip | None:
    """When nothing else is worth saying: one more post a week where posts earn most."""
    with_posts = [c for c in ctx.counting if len(ctx.posts_of(c)) >= MIN_POSTS_TO_COMPARE]
    if not with_posts:
        return None
    best = max(with_posts, key=lambda c: (average(ctx.posts_of(c)), -c.channel_id))
    numbers = {**named(best), "per_post": round(average(ctx.posts_of(best)), 1)}
    return ctx.tip("one_more_post", more_posts(ctx, best), numbers)


def all_tips(
    channels: Sequence[ChannelInput],
    now: datetime,
    zone: tzinfo,
    *,
    focus: FocusTopics | None = None,
    focus_only: bool = False,
    min_impact: float = MIN_IMPACT,
) -> list[Tip]:
    """Every tip the data supports worth at least ``min_impact`` within three months, most
    valuable first, one per action; a tip naming a person to answer is among the first three
    whatever its points (give and take: :func:`with_people`)."""
    counting = [c for c in channels if c.weight > 0]
    if not counting:
        return []
    ctx = Context(channels, now, focus, focus_only, {c.channel_id: habit(c, now) for c in counting})
    candidates = [
        focus_topics(ctx),
        best_channel(ctx),
        new_channel(ctx),  # before give_more: at a tie, the wording that fits a young channel
        reply_to_replies(ctx),
        give_more(ctx),
        best_time(ctx, zone),
        quiet_channel(ctx),
        media(ctx),
        questions(ctx),
    ]
    tips = sorted(
        (t for t in candidates if t is not None and t.impact >= min_impact),
        key=lambda t: -t.impact,
    )
    kept: dict[tuple[str, int], Tip] = {}
    for tip in tips:
        kept.setdefault(tip.key, tip)  # the most valuable of tips that ask the same
    with_people(ctx, kept)
    if not kept:
        fallback = one_more_post(ctx)
        if fallback is not None and fallback.impact >= FALLBACK_IMPACT:
            return [fallback]
    ranked = sorted(kept.values(), key=lambda t: -t.impact)
    named = next((t for t in ranked if t.kind == "answer_person"), None)
    if named is not None and ranked.index(named) > PERSON_AT_MOST:
        ranked.remove(named)  # give and take is on the first page, whatever its points
        ranked.insert(PERSON_AT_MOST, named)
    return ranked
